/**
 * The sweep's shell logic that needs no Forge package, so it is unit-tested without the site:
 * the JQL (built with @atlaskit/jql-ast), turning search hits into planner input, which project
 * leads a run needs, queue event bodies (schemas, chunking by size, packing into pushes), the
 * chunk's send loop (with ledger writes after each success and a checkpoint near the time limit)
 * and the completion ticket that tells the last chunk of a run to finish it.
 */
import { z } from 'zod';
import {
  ACTION_ITEM_PROPERTY_KEY,
  POSTMORTEM_PROPERTY_KEY,
  PostmortemIssueProperty,
} from '../contracts/properties';
import { AccountId, IsoDate, IssueKey, PageId } from '../contracts/ids';
import { SweepFailure, SweepReachNote, SweepRunCounts } from '../contracts/sweep';
import { and, clause, eq, isEmpty, neq, or, query } from '../domain/jql';
import {
  SWEEP_ITEM_FIELDS,
  chunkSweepWork,
  marksAfterFailing,
  marksAfterSending,
  type MarkWrite,
  type PlannedNotification,
  type SweepItem,
  type SweepPlan,
  type SweepPostmortem,
  type SweepSelection,
} from '../domain/sweep';

// ------------------------------------------------------------------ limits

/** Subjects (items + postmortems) per queue event, before the size limit splits further. */
export const MAX_SUBJECTS_PER_CHUNK = 100;
/** Forge: at most 50 events and 200 KB per push. We stay well under the bytes. */
export const MAX_EVENTS_PER_PUSH = 50;
export const MAX_PUSH_BYTES = 180_000;
/** One event body at most this big (so that a push of one always fits). */
export const MAX_EVENT_BYTES = 150_000;
/** Search page size with fields (Jira caps pages with fields at 100). */
export const SEARCH_PAGE_SIZE = 100;

// ------------------------------------------------------------------ the search

/** The Jira fields the sweep reads: the planner's, plus labels to tell action items from incidents. */
export const SWEEP_FIELDS: readonly string[] = [...SWEEP_ITEM_FIELDS, 'labels'];
export const SWEEP_PROPERTIES: readonly string[] = [ACTION_ITEM_PROPERTY_KEY, POSTMORTEM_PROPERTY_KEY];

/**
 * One JQL for both kinds of subject, so a run pays one set of pages:
 *   (labels = postmortem-action AND statusCategory != Done AND (duedate <= D1 OR duedate IS EMPTY))
 *   OR (issue.property[postmortem].status = draft AND issue.property[postmortem].dueDate <= D2)
 */
export function sweepJql(selection: SweepSelection): string {
  const a = selection.actionItems;
  const p = selection.postmortems;
  const items = and(
    eq('labels', a.label),
    neq('statusCategory', 'Done'),
    or(clause('duedate', '<=', a.dueOnOrBefore), isEmpty('duedate')),
  );
  const postmortems = and(
    eq({ issueProperty: p.propertyKey, path: 'status' }, p.status),
    clause({ issueProperty: p.propertyKey, path: 'dueDate' }, '<=', p.dueOnOrBefore),
  );
  return query(or(items, postmortems), [['key', 'ASC']]);
}

/** A search hit as the adapter returns it (only what the sweep reads). */
export interface FoundIssue {
  key: string;
  self?: string;
  fields: {
    summary?: string;
    status?: { statusCategory: { key: string } };
    assignee?: { accountId: string; displayName: string } | null;
    reporter?: { accountId: string; displayName: string } | null;
    duedate?: string | null;
    project?: { key: string };
    priority?: { name: string } | null;
    labels?: string[];
  };
  properties?: Record<string, unknown>;
}

const ActionItemLink = z.object({ incidentKey: IssueKey, pageId: PageId.optional() }).loose();

function statusCategoryOf(key: string | undefined): SweepItem['statusCategory'] {
  return key === 'done' || key === 'indeterminate' ? key : 'new';
}

function projectOf(issue: FoundIssue): string {
  return issue.fields.project?.key ?? issue.key.replace(/-\d+$/, '');
}

/** The site's base URL from an issue's `self` (`https://acme.atlassian.net/rest/api/3/issue/10001`). */
export function siteUrlFromSelf(self: string | undefined): string | undefined {
  if (!self) return undefined;
  try {
    const u = new URL(self);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export interface SweepSubjects {
  items: SweepItem[];
  postmortems: SweepPostmortem[];
}

/**
 * Splits search hits into action items and postmortems (an issue may be neither: the JQL's
 * bounds are re-checked here, so a stale index never sends a wrong mail).
 */
export function subjectsOf(issues: readonly FoundIssue[], selection: SweepSelection): SweepSubjects {
  const items: SweepItem[] = [];
  const postmortems: SweepPostmortem[] = [];
  for (const issue of issues) {
    const f = issue.fields;
    const pm = PostmortemIssueProperty.safeParse(issue.properties?.[POSTMORTEM_PROPERTY_KEY]);
    if (pm.success && pm.data.status === selection.postmortems.status && pm.data.dueDate <= selection.postmortems.dueOnOrBefore) {
      postmortems.push({
        incidentKey: issue.key,
        incidentProjectKey: projectOf(issue),
        pageId: pm.data.pageId,
        pageTitle: pm.data.pageTitle,
        pageUrl: pm.data.pageUrl,
        ownerAccountId: pm.data.ownerAccountId,
        status: pm.data.status,
        dueDate: pm.data.dueDate,
      });
    }
    const category = statusCategoryOf(f.status?.statusCategory.key);
    const due = f.duedate ?? null;
    if (
      (f.labels ?? []).includes(selection.actionItems.label) &&
      category !== 'done' &&
      (due === null || due <= selection.actionItems.dueOnOrBefore)
    ) {
      const link = ActionItemLink.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
      items.push({
        key: issue.key,
        summary: f.summary ?? '',
        statusCategory: category,
        assignee: f.assignee ? { accountId: f.assignee.accountId, displayName: f.assignee.displayName } : null,
        reporter: f.reporter ? { accountId: f.reporter.accountId, displayName: f.reporter.displayName } : null,
        dueDate: due,
        projectKey: projectOf(issue),
        incidentKey: link.success ? link.data.incidentKey : null,
        pageId: link.success ? (link.data.pageId ?? null) : null,
        pageUrl: null,
        priority: f.priority?.name ?? null,
      });
    }
  }
  return { items, postmortems };
}

// ------------------------------------------------------------------ queue events

const Person = z.object({ accountId: AccountId, displayName: z.string().max(255) });

export const SweepItemSchema = z.object({
  key: IssueKey,
  summary: z.string().max(1000),
  statusCategory: z.enum(['new', 'indeterminate', 'done']),
  assignee: Person.nullable(),
  reporter: Person.nullable(),
  dueDate: IsoDate.nullable(),
  projectKey: z.string().min(1).max(20),
  incidentKey: IssueKey.nullable(),
  pageId: PageId.nullable().optional(),
  pageUrl: z.string().max(2000).nullable().optional(),
  priority: z.string().max(100).nullable().optional(),
});

export const SweepPostmortemSchema = z.object({
  incidentKey: IssueKey,
  incidentProjectKey: z.string().min(1).max(20),
  pageId: PageId,
  pageTitle: z.string().max(255),
  pageUrl: z.string().max(2000),
  ownerAccountId: AccountId,
  status: z.enum(['draft', 'in-review', 'reviewed']),
  dueDate: IsoDate,
});

/** What a chunk carries into its continuation when it checkpoints. */
export const Carried = z.object({
  counts: SweepRunCounts.partial(),
  failures: z.array(SweepFailure).max(50),
  notes: z.array(SweepReachNote).max(50).optional(),
  /** Notification ids already sent by earlier parts of this chunk. */
  sent: z.array(z.string().max(400)).max(10_000),
  /** Of those, the ones whose ledger marks could not be recorded yet (the continuation records them first). */
  unrecorded: z.array(z.string().max(400)).max(100).optional(),
  /** How many parts in a row stopped because the ledger could not be written. */
  ledgerRetries: z.number().int().min(0).max(100).optional(),
});
export type Carried = z.infer<typeof Carried>;

export const ChunkEvent = z.object({
  kind: z.literal('sweep-chunk'),
  runId: z.string().min(1).max(100),
  today: IsoDate,
  siteUrl: z.string().max(500),
  /** 0-based index of this chunk in the run, and how many chunks the run has. */
  chunk: z.number().int().min(0),
  chunks: z.number().int().min(1),
  /** 0 for the first delivery; n for the n-th continuation after a checkpoint. */
  part: z.number().int().min(0),
  /**
   * Whether `chunks` is the run's total. False for chunks of a scan segment that was followed by
   * another: the total is then known only to the last segment, which stores it (`RunTotal`).
   * Absent means true (events pushed before scans were segmented).
   */
  final: z.boolean().optional(),
  /** On the last segment's chunks of a multi-segment run: how many scan segments the run had. */
  segments: z.number().int().min(2).optional(),
  items: z.array(SweepItemSchema),
  postmortems: z.array(SweepPostmortemSchema),
  /** Project key → lead, for the projects whose lead this run needs. */
  projects: z.record(z.string(), z.object({ leadAccountId: z.string().nullable() })),
  /** Ledger groups (incidents) whose items were split over several chunks: their records are re-read before each write. */
  sharedGroups: z.array(IssueKey).max(1000).optional(),
  carried: Carried.optional(),
});
export type ChunkEvent = z.infer<typeof ChunkEvent>;

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/**
 * Chunk bodies for a run: incidents kept whole (`chunkSweepWork`), then any body over
 * MAX_EVENT_BYTES halved (only an incident with hundreds of long items gets there; its
 * managers may then get two mails for it in one sweep, never a stage twice).
 */
export function chunkEvents(
  subjects: SweepSubjects,
  base: Pick<ChunkEvent, 'runId' | 'today' | 'siteUrl' | 'projects'>,
  maxSubjects = MAX_SUBJECTS_PER_CHUNK,
  maxBytes = MAX_EVENT_BYTES,
  segment: SegmentPlace = { chunkBase: 0, final: true },
): ChunkEvent[] {
  const parts: Array<{ items: SweepItem[]; postmortems: SweepPostmortem[] }> = [];
  const fit = (c: { items: SweepItem[]; postmortems: SweepPostmortem[] }) => {
    const size = bytes({ ...base, items: c.items, postmortems: c.postmortems }) + 200;
    if (size <= maxBytes || c.items.length + c.postmortems.length <= 1) {
      parts.push(c);
      return;
    }
    if (c.items.length > 1) {
      const half = Math.ceil(c.items.length / 2);
      fit({ items: c.items.slice(0, half), postmortems: c.postmortems });
      fit({ items: c.items.slice(half), postmortems: [] });
    } else {
      fit({ items: c.items, postmortems: [] });
      for (const pm of c.postmortems) fit({ items: [], postmortems: [pm] });
    }
  };
  for (const c of chunkSweepWork(subjects.items, subjects.postmortems, maxSubjects)) fit(c);
  const chunks = segment.chunkBase + parts.length;
  // A group split over several chunks (only a huge incident) has concurrent writers of its record.
  const seen = new Map<string, number>();
  for (const c of parts) {
    const groups = new Set([...c.items.map((i) => i.incidentKey ?? i.key), ...c.postmortems.map((p) => p.incidentKey)]);
    for (const g of groups) seen.set(g, (seen.get(g) ?? 0) + 1);
  }
  const shared = [...seen].filter(([, n]) => n > 1).map(([g]) => g);
  return parts.map((c, i) => ({
    kind: 'sweep-chunk',
    ...base,
    chunk: segment.chunkBase + i,
    chunks,
    part: 0,
    ...(segment.final ? {} : { final: false }),
    ...(segment.final && segment.segments !== undefined && segment.segments > 1 ? { segments: segment.segments } : {}),
    items: c.items,
    postmortems: c.postmortems,
    ...(shared.length > 0 ? { sharedGroups: shared.filter((g) => c.items.some((i) => (i.incidentKey ?? i.key) === g) || c.postmortems.some((p) => p.incidentKey === g)) } : {}),
  }));
}

// ------------------------------------------------------------------ scanning in segments

/** Where a scan segment's chunks go in the run: after `chunkBase` earlier chunks; `final` when no segment follows. */
export interface SegmentPlace {
  chunkBase: number;
  final: boolean;
  /** Segments of the run, when this is the last of several. */
  segments?: number;
}

/**
 * The continuation of a run's search, pushed when paging nears the invocation's budget: the next
 * segment pages on from `nextPageToken` (with the same JQL, which the token belongs to), fans out
 * its own chunks (numbered from `chunkBase`) and pushes a further scan event if needed.
 * The trigger is segment 0; scan events carry 1, 2, …
 */
export const ScanEvent = z.object({
  kind: z.literal('sweep-scan'),
  runId: z.string().min(1).max(100),
  today: IsoDate,
  siteUrl: z.string().max(500),
  jql: z.string().min(1).max(5000),
  nextPageToken: z.string().min(1).max(5000),
  segment: z.number().int().min(1),
  /** Chunks pushed by the earlier segments (this segment's first chunk index). */
  chunkBase: z.number().int().min(0),
});
export type ScanEvent = z.infer<typeof ScanEvent>;

/** Any body of the sweep's queue. */
export const SweepEvent = z.discriminatedUnion('kind', [ChunkEvent, ScanEvent]);
export type SweepEvent = z.infer<typeof SweepEvent>;

/** Stored by the last segment of a multi-segment run before it pushes its chunks: the run's size. */
export const RunTotal = z.object({ chunks: z.number().int().min(0), segments: z.number().int().min(1) });
export type RunTotal = z.infer<typeof RunTotal>;

/** A scan segment's (1, 2, …) contribution to the run summary, stored once per segment. */
export const ScanResult = z.object({
  segment: z.number().int().min(1),
  chunks: z.number().int().min(0),
  final: z.boolean(),
  counts: SweepRunCounts.partial(),
  failures: z.array(SweepFailure).max(50),
});
export type ScanResult = z.infer<typeof ScanResult>;

export interface ScanPorts {
  page(token: string | undefined): Promise<{ issues: FoundIssue[]; nextPageToken?: string | undefined }>;
  /** True when the invocation should stop paging (checked after each page, so a segment reads at least one). */
  overBudget(): boolean;
}

export interface ScanOutcome {
  subjects: SweepSubjects;
  siteUrl: string | undefined;
  pages: number;
  /** Where the next segment starts; undefined when the search is exhausted. */
  nextPageToken: string | undefined;
}

/**
 * Pages the sweep's search from `startToken` until it ends or the budget runs out. Each page
 * becomes compact subjects at once (raw issues are dropped page by page).
 */
export async function scanPages(selection: SweepSelection, startToken: string | undefined, ports: ScanPorts): Promise<ScanOutcome> {
  const subjects: SweepSubjects = { items: [], postmortems: [] };
  let siteUrl: string | undefined;
  let token = startToken;
  let pages = 0;
  do {
    const page = await ports.page(token);
    pages++;
    const first = page.issues[0];
    if (first) siteUrl ??= siteUrlFromSelf(first.self);
    const some = subjectsOf(page.issues, selection);
    for (const item of some.items) subjects.items.push(item);
    for (const pm of some.postmortems) subjects.postmortems.push(pm);
    token = page.nextPageToken || undefined;
  } while (token && !ports.overBudget());
  return { subjects, siteUrl, pages, nextPageToken: token };
}

/** The scan event that continues a segment, or undefined when the search ended in it. */
export function nextScan(
  current: Pick<ScanEvent, 'runId' | 'today' | 'siteUrl' | 'jql'> & { segment: number; chunkBase: number },
  outcome: Pick<ScanOutcome, 'nextPageToken' | 'siteUrl'>,
  chunksPushed: number,
): ScanEvent | undefined {
  if (!outcome.nextPageToken) return undefined;
  return {
    kind: 'sweep-scan',
    runId: current.runId,
    today: current.today,
    siteUrl: current.siteUrl || outcome.siteUrl || '',
    jql: current.jql,
    nextPageToken: outcome.nextPageToken,
    segment: current.segment + 1,
    chunkBase: current.chunkBase + chunksPushed,
  };
}

/**
 * Whether the chunk that took `ticket` is the run's last. A chunk of the final segment knows the
 * total (`chunks`); an earlier segment's chunk needs the stored `RunTotal` (undefined while the
 * last segment has not yet stored it: then a later completion, or that segment, finishes the run).
 */
export function isLastTicket(ticket: number, ev: Pick<ChunkEvent, 'chunks' | 'final'>, total: RunTotal | undefined): boolean {
  if (ev.final !== false) return ticket === ev.chunks;
  return total !== undefined && ticket === total.chunks;
}

/** Whether an earlier segment's chunk must read the stored total to know if it is last (only once it passed its own count). */
export function needsTotal(ticket: number, ev: Pick<ChunkEvent, 'chunks' | 'final'>): boolean {
  return ev.final === false && ticket >= ev.chunks;
}

/** Groups event bodies into pushes of at most `maxEvents` events and `maxBytes` bytes. */
export function packPushes<T>(bodies: readonly T[], maxEvents = MAX_EVENTS_PER_PUSH, maxBytes = MAX_PUSH_BYTES): T[][] {
  const pushes: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const body of bodies) {
    const b = bytes({ body }) + 1;
    if (current.length > 0 && (current.length >= maxEvents || size + b > maxBytes)) {
      pushes.push(current);
      current = [];
      size = 2;
    }
    current.push(body);
    size += b;
  }
  if (current.length > 0) pushes.push(current);
  return pushes;
}

// ------------------------------------------------------------------ sending one chunk

export type SendResult = { ok: true } | { ok: false; status: number; message: string };

export interface ChunkPorts {
  send(n: PlannedNotification): Promise<SendResult>;
  /** Records marks in a group's ledger record (throws when storage fails). */
  record(group: string, marks: readonly MarkWrite[]): Promise<void>;
  /** Milliseconds left before the chunk should checkpoint. */
  timeLeft(): number;
}

export interface ChunkOutcome {
  /** Ids of the mails sent by this part. */
  sent: string[];
  failures: SweepFailure[];
  /** True when the part stopped (time budget, or a ledger write that failed) with work left. */
  checkpoint: boolean;
  /** Ids of mails that went out but whose marks could not be recorded (the part stopped there). */
  unrecorded: string[];
  counts: { reminders: number; escalations: number; notices: number; rerouted: number };
}

/**
 * Sends a plan's mails one by one (at least one per call). After each success its marks are
 * recorded in its group's record at once (for its recipients only), so a stopped invocation loses
 * at most the mail in flight. A failed mail records nothing but, for a reminder, the failed
 * attempt. When recording fails after a mail went out, the part stops and returns the mail as
 * `unrecorded`: the continuation records it before sending anything (it is never sent again by
 * this chunk). `alreadySent` are ids sent by earlier parts of the chunk.
 */
export async function sendPlan(
  plan: Pick<SweepPlan, 'notifications'>,
  alreadySent: ReadonlySet<string>,
  unrecorded: readonly string[],
  today: string,
  ports: ChunkPorts,
): Promise<ChunkOutcome> {
  const out: ChunkOutcome = { sent: [], failures: [], checkpoint: false, unrecorded: [], counts: { reminders: 0, escalations: 0, notices: 0, rerouted: 0 } };
  const pending = new Set(unrecorded);
  for (const n of plan.notifications) {
    if (!pending.has(n.id)) continue;
    try {
      await ports.record(n.group, marksAfterSending(n, today));
      pending.delete(n.id);
    } catch {
      out.checkpoint = true;
      out.unrecorded = [...pending];
      return out;
    }
  }
  let attempted = 0;
  for (const n of plan.notifications) {
    if (alreadySent.has(n.id)) continue;
    // Every part sends at least one mail, so a chain of continuations always ends.
    if (attempted > 0 && ports.timeLeft() <= 0) {
      out.checkpoint = true;
      break;
    }
    attempted++;
    const r = await ports.send(n);
    if (!r.ok) {
      out.failures.push({ issueKey: n.issueKey.slice(0, 64), notificationId: n.id.slice(0, 300), status: r.status, message: r.message.slice(0, 500) });
      const failed = marksAfterFailing(n, today);
      if (failed.length > 0) await ports.record(n.group, failed).catch(() => undefined);
      continue;
    }
    out.sent.push(n.id);
    if (n.kind === 'escalation') out.counts.escalations++;
    else if (n.kind === 'missing-due-date') out.counts.notices++;
    else out.counts.reminders++;
    if (n.rerouted) out.counts.rerouted++;
    try {
      await ports.record(n.group, marksAfterSending(n, today));
    } catch {
      out.unrecorded = [n.id];
      out.checkpoint = true;
      break;
    }
  }
  return out;
}

// ------------------------------------------------------------------ finishing a run

export interface TicketPorts {
  /** Whether ticket n (1-based) is taken. */
  taken(n: number): Promise<boolean>;
  /** Takes ticket n if free; false when someone else has it. */
  take(n: number): Promise<boolean>;
}

/**
 * Takes the next completion ticket of a run (1, 2, 3, … in completion order). Tickets are taken
 * only right after the highest taken one, so the taken ones are always 1..m: a binary search over
 * `[1, limit]` finds m + 1 in log₂(limit) reads, and a conflict moves on by one. The chunk that
 * takes ticket `chunks` is the run's last and finishes it.
 */
export async function takeTicket(limit: number, ports: TicketPorts): Promise<number> {
  let lo = 1;
  let hi = Math.max(1, limit);
  // Smallest free n in [1, hi]. When the limit is only a lower bound of the run's chunks (a
  // segmented scan), gallop past it: double hi until a free ticket is found.
  while (await ports.taken(hi)) {
    lo = hi + 1;
    hi *= 2;
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await ports.taken(mid)) lo = mid + 1;
    else hi = mid;
  }
  for (let n = lo; ; n++) {
    if (await ports.take(n)) return n;
  }
}

/** A chunk's contribution to the run summary, stored with its ticket. */
export const ChunkResult = z.object({
  chunk: z.number().int().min(0),
  endedAt: z.string(),
  counts: SweepRunCounts.partial(),
  failures: z.array(SweepFailure).max(50),
  notes: z.array(SweepReachNote).max(50).optional(),
});
export type ChunkResult = z.infer<typeof ChunkResult>;

/** Adds counters (missing ones are 0). */
export function addCounts(a: Partial<SweepRunCounts>, b: Partial<SweepRunCounts>): Partial<SweepRunCounts> {
  const out: Partial<SweepRunCounts> = { ...a };
  for (const [k, v] of Object.entries(b) as Array<[keyof SweepRunCounts, number | undefined]>) out[k] = (out[k] ?? 0) + (v ?? 0);
  return out;
}
