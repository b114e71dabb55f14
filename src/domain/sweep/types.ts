/**
 * Inputs and outputs of the sweep planner. The adapter reads these from Jira/Confluence/KVS,
 * zod-parses them, and hands plain values to `planSweep`; the planner returns plain values.
 */
import type { PostmortemStatus } from '../../contracts/properties';
import type { Settings } from '../../contracts/settings';
import type { LedgerEntry } from './ledger';

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

/** A postmortem (page content property + page), with its incident's project. */
export interface SweepPostmortem {
  incidentKey: string;
  incidentProjectKey: string;
  pageId: string;
  pageTitle: string;
  /** Absolute URL of the page. */
  pageUrl: string;
  ownerAccountId: string;
  status: PostmortemStatus;
  /** `YYYY-MM-DD`. */
  dueDate: string;
}

export interface SweepProject {
  /** The project lead: the escalation fallback when no managers are configured. */
  leadAccountId: string | null;
}

/** What the ledger tells the planner: has this key been recorded (sent)? A `Set<string>` fits. */
export interface LedgerView {
  has(key: string): boolean;
}

/** The settings the planner reads (a full `Settings` fits). */
export type SweepSettings = Pick<
  Settings,
  'reminderOffsets' | 'postmortemReminderOffsets' | 'escalation' | 'escalationContacts'
>;

export interface SweepInput {
  /** One chunk of action items; see the chunking contract in `plan.ts`. */
  items: readonly SweepItem[];
  /** The postmortems of the incidents this chunk covers (and any others to remind about). */
  postmortems: readonly SweepPostmortem[];
  settings: SweepSettings;
  /** Today's date in the site's time zone: `todayIn(settings.timeZone, now)`. */
  today: string;
  /** At least the keys `ledgerKeysToCheck` returns for this chunk. */
  ledger: LedgerView;
  /** Project key → lead. A project missing here has no lead. */
  projects: Readonly<Record<string, SweepProject | undefined>>;
  /** Site base URL for issue links, e.g. `https://acme.atlassian.net` (no trailing slash needed). */
  siteUrl: string;
}

export type NotificationKind =
  | 'reminder'
  | 'unowned-reminder'
  | 'missing-due-date'
  | 'postmortem-reminder'
  | 'escalation';

/** One mail to send with `POST /rest/api/3/issue/{issueKey}/notify` as the app. */
export interface PlannedNotification {
  /** Stable id within and across runs of the same plan (deterministic). */
  id: string;
  kind: NotificationKind;
  /** The issue the notify call goes through (see `plan.ts` for which one). */
  issueKey: string;
  /** Account ids for `to.users`; never empty, sorted, no duplicates. */
  recipients: string[];
  subject: string;
  textBody: string;
  htmlBody: string;
  /** Ledger keys this notification settles. */
  settles: string[];
}

/**
 * A ledger key to write once the mail(s) carrying it went out. A key may be carried by more than
 * one mail (an escalated item whose managers got different per-incident mails): write it only
 * when every notification in `notificationIds` succeeded.
 */
export interface PlannedLedgerWrite {
  key: string;
  entry: LedgerEntry;
  notificationIds: string[];
}

export type SkipReason = 'no-recipient' | 'invalid-due-date' | 'invalid-key';

export interface SkippedSubject {
  /** Issue key (action item) or incident key (postmortem). */
  key: string;
  reason: SkipReason;
  /** The ledger key that could not be settled (it stays unsent; the next sweep retries). */
  ledgerKey?: string;
}

export interface SweepPlan {
  notifications: PlannedNotification[];
  ledgerWrites: PlannedLedgerWrite[];
  skipped: SkippedSubject[];
  stats: SweepPlanStats;
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
}
