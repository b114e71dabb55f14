/**
 * Unsent action-item drafts kept in the browser, per page and per person, until they are created
 * in Jira or discarded. Only the browser keeps them (never the app's storage): the storage is
 * injected, so the tests use a plain map. A storage that is missing, full or refuses access
 * (private windows, blocked cookies) makes keeping drafts a no-op, never an error.
 */
import { MAX_DRAFTS } from '@contracts/action-item-rules';
import type { Draft } from './action-items-logic';

/** The part of the Web Storage API this needs (window.localStorage fits). */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = 'postmortem.actionItemDrafts.v1';

/** One key per page and person, so two people sharing a browser never see each other's drafts. */
export function draftsKey(pageId: string, accountId: string): string {
  return `${PREFIX}:${encodeURIComponent(pageId)}:${encodeURIComponent(accountId)}`;
}

/** A draft with anything a person typed or chose (an untouched blank draft is not worth keeping). */
export function hasContent(d: Draft): boolean {
  // A due date the policy proposed is not something the person chose.
  const due = d.proposedDue !== undefined && d.dueDate === d.proposedDue ? '' : d.dueDate;
  return [d.summary, d.description, d.assigneeAccountId, due].some((v) => v.trim() !== '');
}

/** The drafts worth keeping: those with content. */
export function unsentDrafts(drafts: readonly Draft[]): Draft[] {
  return drafts.filter(hasContent);
}

const CREATION_KEY = /^[A-Za-z0-9_-]{8,64}$/;
const FIELDS = {
  summary: 2000,
  description: 20000,
  kind: 40,
  assigneeAccountId: 200,
  assigneeName: 500,
  dueDate: 20,
  priority: 40,
  projectKey: 40,
} as const;

/** One stored draft, checked field by field (a field that is not text of a sane length becomes empty). */
function readStoredDraft(item: unknown): Draft | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const o = item as Record<string, unknown>;
  if (typeof o.creationKey !== 'string' || !CREATION_KEY.test(o.creationKey)) return undefined;
  const field = (name: keyof typeof FIELDS) => {
    const v = o[name];
    return typeof v === 'string' && v.length <= FIELDS[name] ? v : '';
  };
  return {
    creationKey: o.creationKey,
    summary: field('summary'),
    description: field('description'),
    kind: field('kind'),
    assigneeAccountId: field('assigneeAccountId'),
    assigneeName: field('assigneeName'),
    dueDate: field('dueDate'),
    priority: field('priority'),
    projectKey: field('projectKey'),
    errors: {},
  };
}

/**
 * Keeps the drafts with content (their messages left out: they are re-checked on sending); with
 * none, the entry is removed. Answers whether the drafts are kept.
 */
export function saveDrafts(storage: DraftStorage | null, key: string, drafts: readonly Draft[]): boolean {
  if (!storage) return false;
  const keep = unsentDrafts(drafts).slice(0, MAX_DRAFTS);
  try {
    if (keep.length === 0) storage.removeItem(key);
    else
      storage.setItem(
        key,
        JSON.stringify({
          drafts: keep.map((d) => ({
            creationKey: d.creationKey,
            summary: d.summary,
            description: d.description,
            kind: d.kind,
            assigneeAccountId: d.assigneeAccountId,
            assigneeName: d.assigneeName,
            dueDate: d.dueDate,
            priority: d.priority,
            projectKey: d.projectKey,
          })),
        }),
      );
    return true;
  } catch {
    return false;
  }
}

/**
 * The kept drafts, checked (the browser's storage is not to be trusted: another script of the
 * same origin or an older version may have written it). Entries that do not parse are dropped; a
 * draft keeps its creation key, so sending it after a reload never creates it twice.
 */
export function loadDrafts(storage: DraftStorage | null, key: string): Draft[] {
  if (!storage) return [];
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return [];
  }
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  const list = typeof parsed === 'object' && parsed !== null ? (parsed as { drafts?: unknown }).drafts : undefined;
  if (!Array.isArray(list)) return [];
  const out: Draft[] = [];
  const seen = new Set<string>();
  for (const item of list.slice(0, MAX_DRAFTS)) {
    const draft = readStoredDraft(item);
    if (!draft || seen.has(draft.creationKey)) continue;
    seen.add(draft.creationKey);
    if (hasContent(draft)) out.push(draft);
  }
  return out;
}

/** Forgets the drafts (after Discard, or once all were created). */
export function discardDrafts(storage: DraftStorage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    /* storage unavailable: nothing was kept */
  }
}

/** The note shown when drafts were restored. */
export function restoredText(n: number): string {
  return `${n} unsent draft${n === 1 ? '' : 's'} restored`;
}

/** The browser's local storage, or null where the browser refuses it. */
export function browserStorage(): DraftStorage | null {
  try {
    const s = globalThis.localStorage;
    return s ?? null;
  } catch {
    return null;
  }
}
