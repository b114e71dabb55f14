/**
 * What the macro says about each page check. A check answers its result or its own error
 * (`state: 'failed'`); a failed check is shown in its place and the rest of the macro works.
 */
import type { LanguageCheckView, TemplateCheckView } from '@contracts/macro';

/** The line under "Send to review" while something is open (the review gate), or null when nothing is. */
export function reviewBlockedNote(check: TemplateCheckView, language?: LanguageCheckView): string | null {
  if (check.state === 'failed')
    return 'The template check could not run, so it is not known whether the required sections are written; sending to review checks them again.';
  const n = check.ok ? 0 : check.problems.length;
  const f = language?.state === 'checked' ? language.findings.length : 0;
  if (n === 0 && f === 0) return null;
  const parts: string[] = [];
  if (n) parts.push(`${n} required section${n === 1 ? '' : 's'} to write (${n} to do; see the template check below)`);
  if (f) parts.push(`${f} finding${f === 1 ? '' : 's'} to reword (see below)`);
  return `Open before review: ${parts.join(' and ')}. Fix them first, or send it to review with a reason the review meeting will see.`;
}

/** "Missing section: Timeline", "Name of a person in Summary: “Elena”". */
export function findingLine(f: { kind: string; section: string; text: string; occurrences?: number }): string {
  if (f.kind === 'missing') return `Required section missing: ${f.text}`;
  if (f.kind === 'guidance-only') return `Required section not written yet: ${f.text}`;
  const what = f.kind === 'mention' ? 'Mention of a person' : f.kind === 'person-name' ? 'Name of a person' : 'Internal name';
  const times = f.occurrences && f.occurrences > 1 ? ` (${f.occurrences} times)` : '';
  return `${what} in ${f.section}: “${f.text}”${times}`;
}

/** The open findings a refusal carries in its details (shapes checked: the details are data, not trusted). */
export function findingsOfRefusal(
  details: Record<string, unknown> | undefined,
): Array<{ kind: string; section: string; text: string; occurrences?: number }> {
  const raw = details?.findings;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
    .map((f) => ({
      kind: String(f.kind ?? ''),
      section: String(f.section ?? ''),
      text: String(f.text ?? ''),
      ...(typeof f.occurrences === 'number' ? { occurrences: f.occurrences } : {}),
    }))
    .slice(0, 30);
}

/** What the findings section says above its list (or instead of it). */
export function findingsSummary(check: LanguageCheckView): { tone: 'error' | 'clear' | 'findings'; text: string } {
  if (check.state === 'failed') return { tone: 'error', text: check.error };
  const n = check.findings.length;
  if (n === 0) return { tone: 'clear', text: 'No names of people, @mentions or internal host names found in the narrative sections.' };
  return { tone: 'findings', text: `${n} thing${n === 1 ? '' : 's'} to reword${check.truncated ? ' (the first ones shown)' : ''}:` };
}

/** The confirmation after "Add missing sections", naming what was added. */
export function sectionsAddedText(added: readonly string[]): string {
  if (added.length === 0) return 'Nothing was missing any more: the page already has every template section.';
  const n = added.length;
  return `Added ${n} section${n === 1 ? '' : 's'} where the template puts ${n === 1 ? 'it' : 'them'}: ${added.join(', ')}. Everything already written is unchanged.`;
}

/** Session storage for the confirmation, which outlives the page reload that shows the new sections. */
export interface NoteStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const ADDED_KEY = 'postmortem.sectionsAdded.v1';
const addedKey = (pageId: string) => `${ADDED_KEY}:${encodeURIComponent(pageId)}`;

/** How long a kept confirmation waits for the reload it was kept for. */
export const ADDED_NOTE_TTL_MS = 60_000;

/** Keeps the titles added, for the macro to confirm once the page has reloaded. Answers whether it could. */
export function rememberSectionsAdded(storage: NoteStorage | null, pageId: string, added: readonly string[], now = Date.now()): boolean {
  try {
    storage?.setItem(addedKey(pageId), JSON.stringify({ at: now, titles: added }));
    return storage !== null;
  } catch {
    return false;
  }
}

/**
 * The titles added just before the reload (read once: the note is then forgotten), or null. A note
 * older than ADDED_NOTE_TTL_MS is dropped: the reload it was kept for did not happen, and a later
 * visit must not announce it.
 */
export function takeSectionsAdded(storage: NoteStorage | null, pageId: string, now = Date.now()): string[] | null {
  if (!storage) return null;
  try {
    const raw = storage.getItem(addedKey(pageId));
    if (raw === null) return null;
    storage.removeItem(addedKey(pageId));
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { at, titles } = parsed as { at?: unknown; titles?: unknown };
    if (typeof at !== 'number' || !(now - at >= 0 && now - at <= ADDED_NOTE_TTL_MS) || !Array.isArray(titles)) return null;
    const kept = titles.filter((t): t is string => typeof t === 'string' && t.length > 0 && t.length <= 200).slice(0, 30);
    return kept.length ? kept : null;
  } catch {
    return null;
  }
}

/** The browser's session storage, or null where the browser refuses it. */
export function sessionNotes(): NoteStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
