/**
 * Inputs and outputs of the sweep planner. The adapter reads these from Jira/Confluence/KVS,
 * zod-parses them, and hands plain values to `planSweep`; the planner returns plain values.
 */
import type { PostmortemStatus } from '../../contracts/properties';
import type { Settings } from '../../contracts/settings';
import type { LedgerView } from './ledger';

export type { LedgerView } from './ledger';

/** A person as Jira gives one on an issue. */
export interface Person {
  accountId: string;
  displayName: string;
}

/** Jira status category key. */
export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

/** An action item (a Jira issue labelled `postmortem-action`) as the sweep's JQL returns it. */
export interface SweepItem {
  key: string;
  summary: string;
  statusCategory: StatusCategoryKey;
  assignee: Person | null;
  reporter: Person | null;
  /** `YYYY-MM-DD` or null. */
  dueDate: string | null;
  projectKey: string;
  /** From the `postmortem-action` issue property; null for a hand-made item without one. */
  incidentKey: string | null;
  pageId?: string | null;
  /** Absolute URL of the postmortem page, when known. */
  pageUrl?: string | null;
  priority?: string | null;
}

/**
 * A postmortem (page content property + page), with its incident's project; or, for an incident
 * tracked from resolution that has no page yet, `pageId` null, the incident's summary as title,
 * no URL, and the incident's assignee (or reporter, by settings) as owner.
 */
export interface SweepPostmortem {
  incidentKey: string;
  incidentProjectKey: string;
  pageId: string | null;
  pageTitle: string;
  /** Absolute URL of the page ('' when there is none). */
  pageUrl: string;
  /** '' when nobody holds the owner's role. */
  ownerAccountId: string;
  /** The owner's display name, when known (a page-less incident's assignee). */
  ownerName?: string;
  status: PostmortemStatus;
  /** `YYYY-MM-DD`. */
  dueDate: string;
}

export interface SweepProject {
  /** The project lead: the escalation fallback when no managers are configured. */
  leadAccountId: string | null;
}

/**
 * Whether Jira would mail `accountId` through `issueKey`: `ok` (active and may browse it),
 * `inactive`, `cannot-browse`; undefined when not known yet (the planner then lists the pair in
 * `reachNeeded` and assumes `ok`; the shell looks the pairs up and plans again).
 */
export type Reach = 'ok' | 'inactive' | 'cannot-browse';
export interface ReachView {
  reach(accountId: string, issueKey: string): Reach | undefined;
}

/** The settings the planner reads (a full `Settings` fits). */
export type SweepSettings = Pick<Settings, 'reminderOffsets' | 'postmortemReminderOffsets' | 'escalation' | 'escalationContacts'>;

export interface SweepInput {
  /** One chunk of action items; see the chunking contract in `plan.ts`. */
  items: readonly SweepItem[];
  /** The postmortems of the incidents this chunk covers (and any others to remind about). */
  postmortems: readonly SweepPostmortem[];
  settings: SweepSettings;
  /** Today's date in the site's time zone: `todayIn(settings.timeZone, now)`. */
  today: string;
  /** At least the records of the groups `ledgerGroupsToRead` returns for this chunk. */
  ledger: LedgerView;
  /** Who Jira would mail; absent means everyone named is reachable (docs/platform.md, Jira). */
  reach?: ReachView;
  /** Project key → lead. A project missing here has no lead. */
  projects: Readonly<Record<string, SweepProject | undefined>>;
  /** Site base URL for issue links, e.g. `https://acme.atlassian.net` (no trailing slash needed). */
  siteUrl: string;
  /**
   * What to do with escalations (docs/decisions/0012-sweep-within-storage-quotas.md, the merge
   * phase): `send` (default) plans them with the rest; `defer` plans everything but the
   * escalations of incidents, whose overdue subjects are returned in `deferred` for a merge phase
   * that sees all of an incident's items at once; `only` plans nothing but escalations (that
   * merge phase, over subjects that were deferred).
   */
  escalations?: 'send' | 'defer' | 'only';
}

export type NotificationKind =
  'reminder' | 'unowned-reminder' | 'missing-due-date' | 'postmortem-reminder' | 'postmortem-late' | 'escalation';

/** One mail to send with `POST /rest/api/3/issue/{issueKey}/notify` as the app. */
export interface PlannedNotification {
  /** Stable id within and across runs of the same plan (deterministic). */
  id: string;
  kind: NotificationKind;
  /** The issue the notify call goes through (see `plan.ts` for which one). */
  issueKey: string;
  /** The ledger group (incident, or the item for an item linked to no incident) whose record holds its marks. */
  group: string;
  /** Account ids for `to.users`; never empty, sorted, no duplicates. */
  recipients: string[];
  subject: string;
  textBody: string;
  htmlBody: string;
  /** Ledger keys (marks) this notification settles for its recipients. */
  settles: string[];
  /** Set when it goes to someone other than the intended reader, who cannot receive it: why. */
  rerouted?: string;
}

export type SkipReason = 'no-recipient' | 'unreachable' | 'invalid-due-date' | 'invalid-key';

/** A mail-reach case for the run summary: who could not be mailed, and what happened instead. */
export interface ReachNote {
  issueKey: string;
  message: string;
}

export interface SkippedSubject {
  /** Issue key (action item) or incident key (postmortem). */
  key: string;
  reason: SkipReason;
  /** The ledger key that could not be settled (it stays unsent; the next sweep retries). */
  ledgerKey?: string;
}

export interface SweepPlan {
  notifications: PlannedNotification[];
  skipped: SkippedSubject[];
  stats: SweepPlanStats;
  /** Mail-reach cases (rerouted mails, dropped or unreachable recipients). */
  notes: ReachNote[];
  /** (account, issue) pairs whose reach the plan assumed: look them up and plan again. */
  reachNeeded: Array<{ accountId: string; issueKey: string }>;
  /** Projects whose lead the plan needed but `projects` did not have: look them up and plan again. */
  leadsNeeded: string[];
  /**
   * With `escalations: 'defer'`: per incident with overdue subjects, their keys (action items' keys,
   * and the incident's key for its postmortem), for the merge phase to escalate.
   */
  deferred: Array<{ group: string; subjects: string[] }>;
}

export interface SweepPlanStats {
  itemsScanned: number;
  postmortemsScanned: number;
  /** Open items past their due date (for the report's "overdue over time"). */
  overdueItems: number;
  latePostmortems: number;
  reminders: number;
  escalations: number;
  notices: number;
  /** Mails sent to someone other than the intended reader, who cannot receive them. */
  rerouted: number;
  /** Subjects nobody reachable could be told about. */
  unreachable: number;
}
