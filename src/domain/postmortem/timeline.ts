/**
 * The postmortem's Timeline drafted from its incident's Jira history: when the incident was
 * opened, its assignments, status and priority changes, its resolution, and its comments (all of
 * them, or only those starting with the marker the settings name, such as `[timeline]`), each at
 * its time in the site's time zone.
 *
 * Blameless: people appear by their part in the incident, never by name: "the reporter", "the
 * assignee" (who holds the incident now), "a responder" (anyone else), "an automation" (a change
 * without a person). Mentions inside comments become the same roles.
 *
 * Rows the app writes carry `attrs.localId = "pm-tl-<event id>"`; refreshing adds the events
 * after the newest one already in the table, appended in time order, and leaves every other row
 * (what the author wrote, or changed) exactly as it is. A generated row the author deleted stays
 * deleted: only events newer than the newest generated row still in the table are added.
 *
 * Pure: the history comes in as data, the time zone as a name.
 */
import { tz } from '@date-fns/tz';
import { p, tableCell, tableHeader } from '@atlaskit/adf-utils/builders';
import { format, isValid, parseISO } from 'date-fns';
import type { TemplateSection } from '../../contracts/settings';
import { isRecord, normalizeTitle } from './adf';
import { SECTION_LOCAL_ID_PREFIX } from './template';

export const TIMELINE_ROW_PREFIX = 'pm-tl-';
/** Comment text kept in a row (the rest is cut with an ellipsis: the comment stays in Jira). */
export const COMMENT_CHARS = 280;

export interface HistoryChange {
  id: string;
  created: string;
  authorId: string | null;
  items: ReadonlyArray<{ field: string; from?: string | null; to?: string | null; fromString?: string | null; toString?: string | null }>;
}

export interface HistoryComment {
  id: string;
  created: string;
  authorId: string | null;
  /** The comment body in ADF (as Jira answers it). */
  body: unknown;
}

export interface IncidentHistory {
  key: string;
  created: string;
  reporterId: string | null;
  assigneeId: string | null;
  priority: string | null;
  changes: readonly HistoryChange[];
  comments: readonly HistoryComment[];
}

export interface TimelineEvent {
  /** Stable per event: `created`, `c<changelog id>-<field>`, `m<comment id>`. */
  id: string;
  /** Epoch ms. */
  at: number;
  text: string;
}

const PRIORITY_RANK = ['highest', 'high', 'medium', 'low', 'lowest'];

function instant(iso: string): number | undefined {
  let d = parseISO(iso);
  if (!isValid(d)) d = new Date(iso);
  return isValid(d) ? d.getTime() : undefined;
}

/** A person's part in the incident. */
export function roleOf(accountId: string | null | undefined, h: Pick<IncidentHistory, 'reporterId' | 'assigneeId'>): string {
  if (!accountId) return 'an automation';
  if (accountId === h.assigneeId) return 'the assignee';
  if (accountId === h.reporterId) return 'the reporter';
  return 'a responder';
}

/** Plain text of a comment's ADF, mentions replaced by the person's role. */
export function commentText(body: unknown, role: (accountId: string) => string): string {
  const out: string[] = [];
  let budget = 10_000;
  const walk = (n: unknown, depth: number): void => {
    if (!isRecord(n) || depth > 64 || budget-- <= 0) return;
    if (n.type === 'text' && typeof n.text === 'string') out.push(n.text);
    else if (n.type === 'mention') {
      const id = isRecord(n.attrs) && typeof n.attrs.id === 'string' ? n.attrs.id : '';
      out.push(role(id));
    } else if (n.type === 'hardBreak') out.push(' ');
    if (Array.isArray(n.content)) {
      for (const c of n.content) walk(c, depth + 1);
      if (n.type !== 'text' && n.type !== 'doc') out.push(' ');
    }
  };
  if (typeof body === 'string') return body.replace(/\s+/gu, ' ').trim();
  walk(body, 0);
  return out.join('').replace(/\s+/gu, ' ').trim();
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`;
}

/** The events of an incident's history, oldest first, with roles instead of names. */
export function timelineEvents(h: IncidentHistory, options: { marker: string }): TimelineEvent[] {
  const who = (id: string | null | undefined) => roleOf(id, h);
  const events: TimelineEvent[] = [];
  const firstPriority = h.changes.flatMap((c) => c.items.filter((i) => i.field === 'priority'))[0];
  const openedPriority = firstPriority ? (firstPriority.fromString ?? null) : h.priority;
  const opened = instant(h.created);
  if (opened !== undefined)
    events.push({
      id: 'created',
      at: opened,
      text: `Incident ${h.key} opened by ${who(h.reporterId)}${openedPriority ? ` (priority ${openedPriority})` : ''}.`,
    });
  for (const c of h.changes) {
    const at = instant(c.created);
    if (at === undefined) continue;
    const by = who(c.authorId);
    const resolution = c.items.find((i) => i.field === 'resolution');
    for (const item of c.items) {
      const id = `c${c.id}-${item.field}`;
      switch (item.field) {
        case 'status':
          if (resolution) break; // said once, as the resolution
          events.push({ id, at, text: `Status changed from ${item.fromString ?? '(none)'} to ${item.toString ?? '(none)'} by ${by}.` });
          break;
        case 'resolution':
          events.push({
            id,
            at,
            text: item.to
              ? `Resolved (${item.toString ?? 'Done'}) by ${by}.`
              : `Reopened by ${by} (resolution ${item.fromString ?? ''} cleared).`,
          });
          break;
        case 'priority': {
          const from = PRIORITY_RANK.indexOf((item.fromString ?? '').toLowerCase());
          const to = PRIORITY_RANK.indexOf((item.toString ?? '').toLowerCase());
          const verb = from >= 0 && to >= 0 ? (to < from ? 'raised' : 'lowered') : 'changed';
          events.push({ id, at, text: `Priority ${verb} from ${item.fromString ?? '(none)'} to ${item.toString ?? '(none)'} by ${by}.` });
          break;
        }
        case 'assignee': {
          const to = item.to ?? null;
          let text: string;
          if (!to) text = `Unassigned by ${by}.`;
          else if (to === c.authorId) text = `${capitalise(who(to))} took the incident.`;
          else text = `Assigned to ${who(to)} by ${by}.`;
          events.push({ id, at, text });
          break;
        }
        default:
          break;
      }
    }
  }
  const marker = options.marker.trim().toLocaleLowerCase('en');
  for (const m of h.comments) {
    const at = instant(m.created);
    if (at === undefined) continue;
    let text = commentText(m.body, (id) => who(id));
    if (marker) {
      if (!text.toLocaleLowerCase('en').startsWith(marker)) continue;
      text = text.slice(marker.length).trim();
    }
    if (!text) continue;
    events.push({ id: `m${m.id}`, at, text: `${capitalise(who(m.authorId))} commented: ${clip(text, COMMENT_CHARS)}` });
  }
  return events.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `2026-03-01 14:05` in `timeZone`. */
export function formatEventTime(at: number, timeZone: string): string {
  return format(tz(timeZone)(at), 'yyyy-MM-dd HH:mm');
}

export function timeColumnTitle(timeZone: string): string {
  return `Time (${timeZone})`;
}

// ---------------------------------------------------------------------------------------------
// Writing the events into the page's Timeline table

type Json = Record<string, unknown>;

function rowOf(e: TimelineEvent, timeZone: string): Json {
  return {
    type: 'tableRow',
    attrs: { localId: `${TIMELINE_ROW_PREFIX}${e.id}` },
    content: [tableCell()(p(formatEventTime(e.at, timeZone))), tableCell()(p(e.text))],
  };
}

function textOf(n: unknown): string {
  if (!isRecord(n)) return '';
  if (n.type === 'text' && typeof n.text === 'string') return n.text;
  return Array.isArray(n.content) ? n.content.map(textOf).join('') : '';
}

function isHeaderRow(row: unknown): boolean {
  return isRecord(row) && Array.isArray(row.content) && row.content.some((c) => isRecord(c) && c.type === 'tableHeader');
}

function rowLocalId(row: unknown): string | undefined {
  if (!isRecord(row) || !isRecord(row.attrs)) return undefined;
  const id = row.attrs.localId;
  return typeof id === 'string' && id.startsWith(TIMELINE_ROW_PREFIX) ? id.slice(TIMELINE_ROW_PREFIX.length) : undefined;
}

/** Where the timeline section starts in the doc's top-level content: its level-2 heading. */
function sectionHeadingIndex(content: unknown[], section: Pick<TemplateSection, 'id' | 'title'>): number {
  const title = normalizeTitle(section.title);
  const isH2 = (n: unknown): n is Json => isRecord(n) && n.type === 'heading' && isRecord(n.attrs) && n.attrs.level === 2;
  const byTitle = content.findIndex((n) => isH2(n) && normalizeTitle(textOf(n)) === title);
  if (byTitle >= 0) return byTitle;
  return content.findIndex((n) => isH2(n) && isRecord(n.attrs) && n.attrs.localId === `${SECTION_LOCAL_ID_PREFIX}${section.id}`);
}

export type FillResult = { ok: true; doc: Json; added: TimelineEvent[] } | { ok: false; message: string };

/**
 * Writes `events` into the Timeline section's table: on a fresh table the template's empty rows
 * give way to the events; on a table that has rows from an earlier fill, only the events newer
 * than the newest of those are appended. Rows without the app's localId are never changed.
 */
export function fillTimeline(
  doc: unknown,
  sections: readonly TemplateSection[],
  events: readonly TimelineEvent[],
  timeZone: string,
): FillResult {
  if (!isRecord(doc) || !Array.isArray(doc.content)) return { ok: false, message: 'The page body is not a document the app can read.' };
  const section = sections.find((s) => s.body === 'timeline-table');
  if (!section) return { ok: false, message: 'The template has no timeline section (a section whose body is a timeline table).' };
  const out = structuredClone(doc) as Json & { content: unknown[] };
  const start = sectionHeadingIndex(out.content, section);
  if (start < 0)
    return { ok: false, message: `The page has no “${section.title}” section. Add it (“Add missing sections”), then try again.` };
  let end = out.content.length;
  for (let i = start + 1; i < out.content.length; i += 1) {
    const n = out.content[i];
    if (isRecord(n) && n.type === 'heading' && isRecord(n.attrs) && n.attrs.level === 2) {
      end = i;
      break;
    }
  }
  let tableAt = -1;
  for (let i = start + 1; i < end; i += 1) if (isRecord(out.content[i]) && (out.content[i] as Json).type === 'table') tableAt = i;
  if (tableAt < 0) {
    const header = { type: 'tableRow', content: [tableHeader()(p(timeColumnTitle(timeZone))), tableHeader()(p('What happened'))] };
    out.content.splice(end, 0, { type: 'table', content: [header] });
    tableAt = end;
  }
  const table = out.content[tableAt] as Json & { content: unknown[] };
  if (!Array.isArray(table.content)) table.content = [];
  const rows = table.content;

  const present = new Set(rows.map(rowLocalId).filter((x): x is string => x !== undefined));
  const known = events.filter((e) => present.has(e.id));
  const newest = known.length ? Math.max(...known.map((e) => e.at)) : -Infinity;
  const fresh = events.filter((e) => !present.has(e.id) && e.at >= newest).sort((a, b) => a.at - b.at);
  if (fresh.length === 0) return { ok: true, doc: out, added: [] };

  // The template's placeholder rows (no localId, every cell empty) make way for the events.
  const kept = rows.filter((r) => isHeaderRow(r) || rowLocalId(r) !== undefined || textOf(r).trim() !== '');
  const header = kept.find(isHeaderRow);
  if (isRecord(header) && Array.isArray(header.content)) {
    const first = header.content[0];
    if (/^Time \(.*\)$/u.test(textOf(first).trim())) header.content[0] = tableHeader()(p(timeColumnTitle(timeZone)));
  }
  table.content = [...kept, ...fresh.map((e) => rowOf(e, timeZone))];
  return { ok: true, doc: out, added: fresh };
}
