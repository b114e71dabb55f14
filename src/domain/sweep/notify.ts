/**
 * From a plan to calls: the body of `POST /rest/api/3/issue/{key}/notify` for a planned mail, and
 * which ledger keys to write once some mails went out.
 */
import type { PlannedLedgerWrite, PlannedNotification, SweepPlan } from './types';

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
 * The ledger writes whose every carrying mail succeeded. A key carried by a mail that failed is
 * not written, so the next sweep plans it again (nothing is lost); when it was carried by several
 * mails and only some failed, those that did go out may be repeated then (the rare price of one
 * mail per manager per incident).
 */
export function ledgerWritesAfterSending(plan: Pick<SweepPlan, 'ledgerWrites'>, succeeded: ReadonlySet<string>): PlannedLedgerWrite[] {
  return plan.ledgerWrites.filter((w) => w.notificationIds.every((id) => succeeded.has(id)));
}
