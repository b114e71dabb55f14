/**
 * From a plan to calls: the body of `POST /rest/api/3/issue/{key}/notify` for a planned mail, and
 * which ledger marks to record once it went out (or failed).
 */
import type { MarkWrite } from './ledger';
import type { PlannedNotification } from './types';

/** The Jira `Notification` body: only the named users, never the assignee/reporter/watchers/voters. */
export interface NotifyRequestBody {
  subject: string;
  textBody: string;
  htmlBody: string;
  to: { reporter: false; assignee: false; watchers: false; voters: false; users: { accountId: string }[] };
}

export function notifyRequestBody(n: PlannedNotification): NotifyRequestBody {
  return {
    subject: n.subject,
    textBody: n.textBody,
    htmlBody: n.htmlBody,
    to: { reporter: false, assignee: false, watchers: false, voters: false, users: n.recipients.map((accountId) => ({ accountId })) },
  };
}

/**
 * The marks a mail that went out records: each key it settles, for its recipients only. So when
 * another mail carrying the same key fails, only that mail's readers get it again later.
 */
export function marksAfterSending(n: Pick<PlannedNotification, 'settles' | 'recipients'>, today: string): MarkWrite[] {
  return n.settles.map((key) => ({ key, to: n.recipients, on: today }));
}

/**
 * The marks a failed reminder records: the failed attempt (nobody got it), so that the next day
 * an item that fell overdue meanwhile gets its reminder late rather than never. Other kinds
 * record nothing when they fail: they are planned again as long as they are due.
 */
export function marksAfterFailing(n: Pick<PlannedNotification, 'settles' | 'kind'>, today: string): MarkWrite[] {
  if (n.kind !== 'reminder' && n.kind !== 'unowned-reminder') return [];
  return n.settles.map((key) => ({ key, to: [], on: today, failed: true }));
}
