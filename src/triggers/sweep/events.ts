/**
 * The sweep's queue: limits, and the zod schemas of every body it carries (chunk and scan events,
 * what a chunk carries into its continuation) and of the run's stored markers (protocol: ./PROTOCOL.md).
 */
import { z } from 'zod';
import { AccountId, IsoDate, IssueKey, PageId } from '../../contracts/ids';
import { SweepFailure, SweepReachNote, SweepRunCounts } from '../../contracts/sweep';

// ------------------------------------------------------------------ limits

/** Subjects (items + postmortems) per queue event, before the size limit splits further. */
export const MAX_SUBJECTS_PER_CHUNK = 100;
/** Forge: at most 50 events and 200 KB per push. We stay well under the bytes. */
export const MAX_EVENTS_PER_PUSH = 50;
export const MAX_PUSH_BYTES = 180_000;
/** One event body at most this big: Forge takes at most 100 KB an event for a consumer with a timeout over 55 s. */
export const MAX_EVENT_BYTES = 90_000;
/** The scan fans out once it holds this many subjects (memory bounded by a few pages, not by the search). */
export const FLUSH_SUBJECTS = 400;
/**
 * Pacing (docs/decisions/0012-sweep-within-storage-quotas.md): the storage calls a chunk may make
 * are estimated (`chunkCost`), and chunks are delayed (`delayInSeconds`) so that at most this
 * many are due a minute: well under Forge's 4,000 read and 4,000 write units a minute.
 */
export const STORAGE_CALLS_PER_MINUTE = 2000;
/** Forge delays an event at most 900 s; a scan ahead of its chunks by more than this waits (a delayed scan event). */
export const MAX_DELAY_SECONDS = 900;
export const MAX_LEAD_MS = 600_000;
/** Incidents one merge event (and its continuations) escalates at most. */
export const MERGE_GROUPS_PER_EVENT = 50;
/**
 * Storage units a minute the merge phase is paced to (docs/decisions/0018-sweep-merge-in-pages.md):
 * its invocations run one after another, each continuing in an event delayed by the units it
 * used, so with an invocation's own MERGE units (`budgets.mergeUnits`, 1,000) on either edge of a
 * minute it stays under 1,500 + 2 × 1,000 = 3,500 read and 3,500 write units in any minute.
 */
export const MERGE_UNITS_PER_MINUTE = 1500;
/** Search page size with fields (Jira caps pages with fields at 100). */
export const SEARCH_PAGE_SIZE = 100;

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

/**
 * An item as a chunk event carries it: the assignee and reporter as an index into the event's
 * `people` (each person written once an event, which halves its size; docs/decisions/0012), or
 * in full (events pushed before).
 */
const PersonRef = z.union([Person, z.number().int().min(0).max(9_999)]).nullable();
export const WireItemSchema = SweepItemSchema.extend({ assignee: PersonRef, reporter: PersonRef });
export type WireItem = z.infer<typeof WireItemSchema>;

export const SweepPostmortemSchema = z.object({
  incidentKey: IssueKey,
  incidentProjectKey: z.string().min(1).max(20),
  /** null: no page yet (an incident tracked from resolution). */
  pageId: PageId.nullable(),
  pageTitle: z.string().max(255),
  pageUrl: z.string().max(2000),
  /** '' when nobody holds the role (an unassigned incident without a page). */
  ownerAccountId: z.union([AccountId, z.literal('')]),
  ownerName: z.string().max(255).optional(),
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
  /** The people the items name (see WireItemSchema). */
  people: z.array(Person).max(10_000).optional(),
  items: z.array(WireItemSchema),
  postmortems: z.array(SweepPostmortemSchema),
  /** Project key → lead, for the projects whose lead this run needs. */
  projects: z.record(z.string(), z.object({ leadAccountId: z.string().nullable() })),
  /** Ledger groups (incidents) whose items were split over several chunks: their records are re-read before each write. */
  sharedGroups: z.array(IssueKey).max(1000).optional(),
  /**
   * Set on the merge phase's events (./PROTOCOL.md, step 5): the incidents to escalate, each with
   * the runs of chunk numbers (`[first, last]`) that stored a part of its overdue subjects.
   * `items` and `postmortems` are then empty: they are read from the parts.
   */
  merge: z
    .object({
      /** Where a continuation goes on: the incident (index in `groups`), the step, and the part (index in its chunks). */
      at: z
        .object({
          i: z.number().int().min(0),
          phase: z.enum(['collect', 'send', 'record']),
          k: z.number().int().min(0),
        })
        .optional(),
      groups: z
        .array(
          z.object({
            g: IssueKey,
            c: z
              .array(z.tuple([z.number().int().min(0), z.number().int().min(0)]))
              .min(1)
              .max(2000),
          }),
        )
        .min(1)
        .max(MERGE_GROUPS_PER_EVENT),
    })
    .optional(),
  carried: Carried.optional(),
});
export type ChunkEvent = z.infer<typeof ChunkEvent>;

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
  /** Platform time (ms) at which the run's next chunk is due (pacing); absent means now. */
  paceMs: z.number().int().min(0).optional(),
});
export type ScanEvent = z.infer<typeof ScanEvent>;

/** Any body of the sweep's queue. */
export const SweepEvent = z.discriminatedUnion('kind', [ChunkEvent, ScanEvent]);
export type SweepEvent = z.infer<typeof SweepEvent>;

/** Stored by the last segment of a multi-segment run before it pushes its chunks: the run's size. */
export const RunTotal = z.object({ chunks: z.number().int().min(0), segments: z.number().int().min(1) });
export type RunTotal = z.infer<typeof RunTotal>;

/** A scan segment's (the trigger's 0, then 1, 2, …) contribution to the run summary, stored once per segment. */
export const ScanResult = z.object({
  segment: z.number().int().min(0),
  chunks: z.number().int().min(0),
  final: z.boolean(),
  counts: SweepRunCounts.partial(),
  failures: z.array(SweepFailure).max(50),
});
export type ScanResult = z.infer<typeof ScanResult>;

/** A chunk's contribution to the run summary, stored with its ticket. */
export const ChunkResult = z.object({
  chunk: z.number().int().min(0),
  endedAt: z.string(),
  counts: SweepRunCounts.partial(),
  failures: z.array(SweepFailure).max(50),
  notes: z.array(SweepReachNote).max(50).optional(),
  /** The incidents whose escalation this chunk deferred to the merge phase, with how many overdue subjects it stored for each. */
  deferred: z
    .array(z.object({ g: IssueKey, n: z.number().int().min(1) }))
    .max(1000)
    .optional(),
  /** The site's URL, for the merge phase's mails (set with `deferred`). */
  siteUrl: z.string().max(500).optional(),
});

/**
 * What a chunk stores for the merge phase per incident it deferred (`sweep-run:<id>:esc:<incident>:<chunk>`):
 * the incident's overdue subjects in that chunk, written as in a chunk event.
 */
export const EscalationPart = z.object({
  people: z.array(Person).max(10_000).optional(),
  items: z.array(WireItemSchema),
  postmortems: z.array(SweepPostmortemSchema),
});
export type EscalationPart = z.infer<typeof EscalationPart>;

const EscalationLineSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('item'),
    key: z.string().max(300),
    summary: z.string().max(1000),
    assigneeName: z.string().max(255).nullable(),
    dueDate: z.string().max(20),
    overdueDays: z.number().int(),
  }),
  z.object({
    kind: z.literal('postmortem'),
    incidentKey: z.string().max(300),
    pageTitle: z.string().max(1000),
    pageUrl: z.string().max(2000),
    hasPage: z.boolean().optional(),
    dueDate: z.string().max(20),
    overdueDays: z.number().int(),
  }),
]);

/**
 * The merge phase's state of one incident (`sweep-run:<id>:m:state:<incident>`): its escalation
 * digest (at most MAX_LISTED_LINES lines a reader), how many of its parts were added (`next`) and
 * recorded (`recorded`), the mails that went out, and the reach and leads looked up for it.
 */
export const MergeState = z.object({
  v: z.literal(1),
  digest: z.object({
    v: z.literal(1),
    postmortemUrl: z.string().max(2000).nullable(),
    lines: z.record(z.string(), EscalationLineSchema),
    readers: z.record(
      z.string(),
      z.object({
        now: z.array(z.string().max(300)),
        still: z.array(z.string().max(300)),
        nowCount: z.number().int().min(0),
        stillCount: z.number().int().min(0),
        items: z.number().int().min(0),
        postmortem: z.boolean(),
        rerouted: z.array(z.string().max(2000)).max(20),
        tier2: z.array(z.string().max(20)).max(100),
        hash: z.string().max(16),
      }),
    ),
  }),
  next: z.number().int().min(0),
  recorded: z.number().int().min(0),
  /** Mails sent: notification id → recipients. */
  sent: z.record(z.string(), z.array(z.string().max(128))),
  reach: z.record(z.string(), z.enum(['ok', 'inactive', 'cannot-browse'])),
  leads: z.record(z.string(), z.object({ leadAccountId: z.string().nullable() })),
  missing: z.number().int().min(0),
});
export type MergeState = z.infer<typeof MergeState>;
export type ChunkResult = z.infer<typeof ChunkResult>;
