/**
 * The planner's record of who got what (per recipient, whatever the offsets), mail reach (who
 * Jira would really mail) and what a reader who may not browse the incident is told.
 */
import { addDays } from '../../../../src/domain/dates';
import { ledgerKey, ledgerView, mergeMarks, type LedgerRecord } from '../../../../src/domain/sweep/ledger';
import { marksAfterFailing, marksAfterSending } from '../../../../src/domain/sweep/notify';
import type { PlannedNotification, Reach, ReachView } from '../../../../src/domain/sweep/types';
import { TODAY, item, plan, postmortem, settings } from './fixtures';

const dueIn = (days: number) => addDays(TODAY, days);

function record(sent: Array<{ n: PlannedNotification; on?: string; failed?: boolean }>): LedgerRecord[] {
  const records = new Map<string, LedgerRecord>();
  for (const { n, on = TODAY, failed } of sent) {
    records.set(n.group, mergeMarks(records.get(n.group), failed ? marksAfterFailing(n, on) : marksAfterSending(n, on), on));
  }
  return [...records.values()];
}

function reachOf(table: Record<string, Reach>): ReachView {
  return { reach: (accountId, issueKey) => table[`${accountId} ${issueKey}`] ?? table[accountId] ?? 'ok' };
}

describe('the ledger records who got each stage', () => {
  it('when one manager’s escalation failed, only that manager gets it again (not the one already told)', () => {
    const s = settings({ escalationContacts: { OPS: { managers: ['ann', 'bob'], secondTier: [] } } });
    const items = [item({ key: 'OPS-10', dueDate: dueIn(-1) }), item({ key: 'OPS-11', dueDate: dueIn(-1) })];
    // Ann and Bob get the same list: one mail; make them differ so they are two mails.
    const s2 = settings({
      escalationContacts: { OPS: { managers: ['ann', 'bob'], secondTier: [] }, WEB: { managers: ['bob'], secondTier: [] } },
    });
    const withWeb = [...items, item({ key: 'WEB-10', projectKey: 'WEB', dueDate: dueIn(-1) })];
    const first = plan({ items: withWeb, settings: s2 });
    expect(first.notifications.map((n) => n.recipients)).toEqual([['ann'], ['bob']]);
    const [ann] = first.notifications;
    const again = plan({ items: withWeb, settings: s2, ledger: ledgerView(record([{ n: ann! }])) });
    expect(again.notifications.map((n) => n.recipients)).toEqual([['bob']]);
    expect(plan({ items, settings: s }).notifications).toHaveLength(1);
  });

  it('changing the reminder offsets the same day does not send the same reminder again', () => {
    const i = item({ key: 'OPS-20', dueDate: dueIn(5) });
    const first = plan({ items: [i], settings: settings({ reminderOffsets: [7, 1, 0] }) });
    expect(first.notifications).toHaveLength(1);
    const ledger = ledgerView(record([{ n: first.notifications[0]! }]));
    expect(plan({ items: [i], settings: settings({ reminderOffsets: [5, 1, 0] }), ledger }).notifications).toEqual([]);
    expect(plan({ items: [i], settings: settings({ reminderOffsets: [6, 2, 0] }), ledger }).notifications).toEqual([]);
    // Two days later, still in the 5-day stage: nothing; the 1-day stage still goes out.
    expect(
      plan({ items: [i], settings: settings({ reminderOffsets: [5, 1, 0] }), ledger, today: addDays(TODAY, 2) }).notifications,
    ).toEqual([]);
    expect(
      plan({ items: [i], settings: settings({ reminderOffsets: [5, 1, 0] }), ledger, today: addDays(TODAY, 4) }).notifications,
    ).toHaveLength(1);
  });

  it('a "due today" reminder that failed all day is made up the next day, once, beside the escalation', () => {
    const i = item({ key: 'OPS-30', dueDate: TODAY });
    const due = plan({ items: [i] }).notifications[0]!;
    const ledger = ledgerView(record([{ n: due, failed: true }]));
    const next = plan({ items: [i], ledger, today: dueIn(1) });
    expect(next.notifications.map((n) => [n.kind, n.recipients])).toEqual([
      ['reminder', ['alice']],
      ['escalation', ['mgr-ops']],
    ]);
    expect(next.notifications[0]!.settles).toEqual([ledgerKey('a', 'OPS-30', TODAY, 'late')]);
    expect(next.notifications[0]!.subject).toContain('overdue by 1 day');
    const after = ledgerView(record([{ n: due, failed: true }, ...next.notifications.map((n) => ({ n, on: dueIn(1) }))]));
    expect(plan({ items: [i], ledger: after, today: dueIn(2) }).notifications).toEqual([]);
    // Without a failed attempt, an overdue item's assignee gets no late reminder.
    expect(plan({ items: [i], today: dueIn(1) }).notifications.map((n) => n.kind)).toEqual(['escalation']);
  });
});

describe('mail reach', () => {
  it('a reminder whose assignee is inactive goes to the item’s managers, in time, saying why', () => {
    const p = plan({ items: [item({ key: 'OPS-40', dueDate: dueIn(7) })], reach: reachOf({ alice: 'inactive' }) });
    const [n] = p.notifications;
    expect(n).toMatchObject({ kind: 'reminder', recipients: ['mgr-ops'], issueKey: 'OPS-40' });
    expect(n!.rerouted).toContain('Alice Example (their account is inactive)');
    expect(n!.textBody).toContain('cannot receive it');
    expect(p.stats.rerouted).toBe(1);
    expect(p.notes).toEqual([{ issueKey: 'OPS-40', message: expect.stringContaining('went to the manager of OPS instead') }]);
  });

  it('falls back to the second tier, then the project lead; with nobody reachable the subject is unreachable', () => {
    const i = item({ key: 'OPS-41', dueDate: dueIn(1) });
    expect(plan({ items: [i], reach: reachOf({ alice: 'cannot-browse', 'mgr-ops': 'inactive' }) }).notifications[0]?.recipients).toEqual([
      'vp-eng',
    ]);
    expect(
      plan({ items: [i], reach: reachOf({ alice: 'inactive', 'mgr-ops': 'inactive', 'vp-eng': 'inactive' }) }).notifications[0]?.recipients,
    ).toEqual(['lead-ops']);
    const none = plan({
      items: [i],
      reach: reachOf({ alice: 'inactive', 'mgr-ops': 'inactive', 'vp-eng': 'inactive', 'lead-ops': 'inactive' }),
    });
    expect(none.notifications).toEqual([]);
    expect(none.skipped).toEqual([{ key: 'OPS-41', reason: 'unreachable', ledgerKey: ledgerKey('a', 'OPS-41', dueIn(1), 'r1') }]);
    expect(none.stats.unreachable).toBe(1);
  });

  it('an escalation whose manager may not browse the incident goes to the second tier', () => {
    const p = plan({ items: [item({ key: 'OPS-42', dueDate: dueIn(-1) })], reach: reachOf({ 'mgr-ops INC-1': 'cannot-browse' }) });
    expect(p.notifications.map((n) => [n.kind, n.recipients, n.issueKey])).toEqual([['escalation', ['vp-eng'], 'INC-1']]);
    expect(p.notifications[0]!.textBody).toContain('mgr-ops (they may not browse INC-1)');
  });

  it('lists the pairs it assumed reachable, so the shell can check them and plan again', () => {
    const p = plan({ items: [item({ key: 'OPS-43', dueDate: dueIn(1) })], reach: { reach: () => undefined } });
    expect(p.reachNeeded).toEqual([
      { accountId: 'alice', issueKey: 'OPS-43' },
      { accountId: 'alice', issueKey: 'INC-1' },
    ]);
  });

  it('a reader who may not browse the incident gets no incident key, postmortem title or URL', () => {
    const i = item({
      key: 'OPS-44',
      dueDate: dueIn(1),
      incidentKey: 'SEC-9',
      pageUrl: 'https://acme.atlassian.net/wiki/spaces/SEC/pages/777',
    });
    const pm = postmortem({
      incidentKey: 'SEC-9',
      pageUrl: 'https://acme.atlassian.net/wiki/spaces/SEC/pages/777',
      pageTitle: 'Secret breach',
      status: 'in-review',
    });
    const p = plan({ items: [i], postmortems: [pm], reach: reachOf({ 'alice SEC-9': 'cannot-browse' }) });
    const [n] = p.notifications;
    expect(n).toMatchObject({ kind: 'reminder', recipients: ['alice'] });
    for (const body of [n!.subject, n!.textBody, n!.htmlBody]) {
      expect(body).not.toContain('SEC-9');
      expect(body).not.toContain('pages/777');
      expect(body).not.toContain('Secret breach');
    }
    const seen = plan({ items: [i], postmortems: [pm] }).notifications[0]!;
    expect(seen.textBody).toContain('SEC-9');
  });
});
