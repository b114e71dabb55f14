import { addDays, todayIn } from '../../../../src/domain/dates';
import { isValidKvsKey, ledgerKey, ledgerView, mergeMarks, parseLedgerKey, type LedgerRecord } from '../../../../src/domain/sweep/ledger';
import { marksAfterSending } from '../../../../src/domain/sweep/notify';
import { ledgerKeysToCheck, planSweep } from '../../../../src/domain/sweep/plan';
import type { PlannedNotification, SweepItem, SweepPostmortem } from '../../../../src/domain/sweep/types';
import { PROJECTS, SITE, TODAY, item, plan, postmortem, settings } from './fixtures';

const dueIn = (days: number) => addDays(TODAY, days);

function only(notifications: PlannedNotification[]): PlannedNotification {
  expect(notifications).toHaveLength(1);
  return notifications[0]!;
}

/** Runs the planner once a day from `from` for `days` days, recording what it settles; returns mails per day. */
function simulate(
  days: number,
  from: string,
  inputs: (today: string) => { items?: SweepItem[]; postmortems?: SweepPostmortem[] },
  s = settings(),
  records = new Map<string, LedgerRecord>(),
): { day: number; today: string; n: PlannedNotification }[] {
  const sent: { day: number; today: string; n: PlannedNotification }[] = [];
  for (let d = 0; d < days; d++) {
    const today = addDays(from, d);
    const p = planSweep({
      items: [],
      postmortems: [],
      ...inputs(today),
      settings: s,
      today,
      ledger: ledgerView(records.values()),
      projects: PROJECTS,
      siteUrl: SITE,
    });
    for (const n of p.notifications) {
      sent.push({ day: d, today, n });
      records.set(n.group, mergeMarks(records.get(n.group), marksAfterSending(n, today), today));
    }
  }
  return sent;
}

describe('reminders before the due date', () => {
  it('reminds the assignee 7 days before, through the item, settling the r7 key', () => {
    const it7 = item({ key: 'OPS-7', dueDate: dueIn(7) });
    const n = only(plan({ items: [it7] }).notifications);
    expect(n.kind).toBe('reminder');
    expect(n.issueKey).toBe('OPS-7');
    expect(n.recipients).toEqual(['alice']);
    expect(n.settles).toEqual([ledgerKey('a', 'OPS-7', dueIn(7), 'r7')]);
    expect(n.subject).toContain('due in 7 days');
    expect(n.textBody).toContain(dueIn(7));
  });

  it('sends nothing 8 days before (beyond the largest offset)', () => {
    expect(plan({ items: [item({ dueDate: dueIn(8) })] }).notifications).toEqual([]);
  });

  it('reminds due tomorrow with the 1-day stage', () => {
    const n = only(plan({ items: [item({ key: 'OPS-20', dueDate: dueIn(1) })] }).notifications);
    expect(n.settles).toEqual([ledgerKey('a', 'OPS-20', dueIn(1), 'r1')]);
    expect(n.subject).toContain('due in 1 day');
  });

  it('reminds on the due date with the 0-day stage', () => {
    const n = only(plan({ items: [item({ key: 'OPS-21', dueDate: TODAY })] }).notifications);
    expect(n.settles).toEqual([ledgerKey('a', 'OPS-21', TODAY, 'r0')]);
    expect(n.subject).toContain('due today');
  });

  it('sends each stage once: a second sweep on the same day, or the day after the 7-day stage, sends nothing', () => {
    const i = item({ key: 'OPS-22', dueDate: dueIn(6) });
    const sent = [ledgerKey('a', 'OPS-22', dueIn(6), 'r7')];
    expect(plan({ items: [i], ledger: sent }).notifications).toEqual([]);
  });

  it('after missed sweeps sends only the latest stage reached (due today: only the due-today reminder)', () => {
    const i = item({ key: 'OPS-23', dueDate: TODAY });
    const n = only(plan({ items: [i] }).notifications);
    expect(parseLedgerKey(n.settles[0]!)?.stage).toBe('r0');
  });

  it('catches up a missed 7-day stage as "due in N days" when the 1-day stage is not reached yet', () => {
    const i = item({ key: 'OPS-24', dueDate: dueIn(4) });
    const n = only(plan({ items: [i] }).notifications);
    expect(parseLedgerKey(n.settles[0]!)?.stage).toBe('r7');
    expect(n.subject).toContain('due in 4 days');
  });

  it('follows configured offsets', () => {
    const s = settings({ reminderOffsets: [3, 14] });
    expect(plan({ items: [item({ dueDate: dueIn(14) })], settings: s }).notifications).toHaveLength(1);
    expect(plan({ items: [item({ dueDate: dueIn(15) })], settings: s }).notifications).toHaveLength(0);
    // No 0 offset: nothing new on the due date once the 3-day stage went out.
    const i = item({ key: 'OPS-25', dueDate: TODAY });
    expect(plan({ items: [i], settings: s, ledger: [ledgerKey('a', 'OPS-25', TODAY, 'r3')] }).notifications).toEqual([]);
  });

  it('over a month sends exactly 7-day, 1-day and due-day reminders, then escalations', () => {
    const i = item({ key: 'OPS-26', dueDate: '2026-03-20' });
    const sent = simulate(17, '2026-03-05', () => ({ items: [i] }));
    expect(sent.map((s) => [s.today, s.n.kind])).toEqual([
      ['2026-03-13', 'reminder'],
      ['2026-03-19', 'reminder'],
      ['2026-03-20', 'reminder'],
      ['2026-03-21', 'escalation'],
    ]);
  });
});

describe('unassigned items and missing due dates', () => {
  it("sends an unassigned item's reminder to its reporter, saying it has no owner", () => {
    const n = only(plan({ items: [item({ key: 'OPS-30', assignee: null, dueDate: dueIn(1) })] }).notifications);
    expect(n.kind).toBe('unowned-reminder');
    expect(n.recipients).toEqual(['rita']);
    expect(n.textBody).toContain('has no owner');
    expect(n.htmlBody).toContain('has no owner');
  });

  it('skips (and does not settle) a reminder with nobody to send it to', () => {
    const p = plan({ items: [item({ key: 'OPS-31', assignee: null, reporter: null, dueDate: dueIn(1) })] });
    expect(p.notifications).toEqual([]);
    expect(p.skipped).toEqual([{ key: 'OPS-31', reason: 'no-recipient', ledgerKey: ledgerKey('a', 'OPS-31', dueIn(1), 'r1') }]);
  });

  it('sends one notice to reporter and assignee for an item without a due date', () => {
    const n = only(plan({ items: [item({ key: 'OPS-32', dueDate: null })] }).notifications);
    expect(n.kind).toBe('missing-due-date');
    expect(n.issueKey).toBe('OPS-32');
    expect(n.recipients).toEqual(['alice', 'rita']);
    expect(n.settles).toEqual(['sweep-ledger:a:OPS-32:none:nodue']);
    expect(n.subject).toContain('needs a due date');
  });

  it('sends the missing-due-date notice once per item, not once per sweep', () => {
    const i = item({ key: 'OPS-33', dueDate: null });
    const sent = simulate(10, TODAY, () => ({ items: [i] }));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.day).toBe(0);
  });

  it('sends the notice to one person when reporter and assignee are the same', () => {
    const n = only(plan({ items: [item({ dueDate: null, reporter: { accountId: 'alice', displayName: 'Alice' } })] }).notifications);
    expect(n.recipients).toEqual(['alice']);
  });
});

describe('escalation of missed deadlines', () => {
  it('escalates on overdue day 1 to the managers of the project, through the incident', () => {
    const n = only(plan({ items: [item({ key: 'OPS-40', dueDate: dueIn(-1) })] }).notifications);
    expect(n.kind).toBe('escalation');
    expect(n.issueKey).toBe('INC-1');
    expect(n.recipients).toEqual(['mgr-ops']);
    expect(n.settles).toEqual([ledgerKey('a', 'OPS-40', dueIn(-1), 'e1')]);
    expect(n.textBody).toContain('OPS-40');
    expect(n.textBody).toContain('overdue by 1 day');
    expect(n.textBody).toContain('Alice Example');
    expect(n.textBody).toContain(`${SITE}/browse/OPS-40`);
    expect(n.textBody).toContain(`${SITE}/browse/INC-1`);
    expect(n.textBody).toContain('https://acme.atlassian.net/wiki/spaces/OPS/pages/1001');
  });

  it('does not escalate again on overdue day 7 once day 1 went out, but catches up a missed day 1', () => {
    const i = item({ key: 'OPS-41', dueDate: dueIn(-7) });
    expect(plan({ items: [i], ledger: [ledgerKey('a', 'OPS-41', dueIn(-7), 'e1')] }).notifications).toEqual([]);
    const n = only(plan({ items: [i] }).notifications);
    expect(n.settles).toEqual([ledgerKey('a', 'OPS-41', dueIn(-7), 'e1')]);
    expect(n.textBody).toContain('overdue by 7 days');
  });

  it('repeats on overdue day 8 (repeatDays 7)', () => {
    const i = item({ key: 'OPS-42', dueDate: dueIn(-8) });
    const n = only(plan({ items: [i], ledger: [ledgerKey('a', 'OPS-42', dueIn(-8), 'e1')] }).notifications);
    expect(n.settles).toEqual([ledgerKey('a', 'OPS-42', dueIn(-8), 'e8')]);
    expect(n.recipients).toEqual(['mgr-ops']);
  });

  it('on overdue day 14 also tells the second tier (only them, when the managers have had this stage)', () => {
    const i = item({ key: 'OPS-43', dueDate: dueIn(-14) });
    const p = plan({ items: [i], ledger: [ledgerKey('a', 'OPS-43', dueIn(-14), 'e8')] });
    const n = only(p.notifications);
    expect(n.recipients).toEqual(['vp-eng']);
    expect(n.settles).toEqual([ledgerKey('a', 'OPS-43', dueIn(-14), 't14')]);
    // day 13: not yet
    const j = item({ key: 'OPS-44', dueDate: dueIn(-13) });
    expect(plan({ items: [j], ledger: [ledgerKey('a', 'OPS-44', dueIn(-13), 'e8')] }).notifications).toEqual([]);
  });

  it('with nothing sent before, overdue day 14 goes to managers (stage 8) and second tier (stage 14) at once', () => {
    const i = item({ key: 'OPS-45', dueDate: dueIn(-14) });
    const p = plan({ items: [i] });
    expect(p.notifications.map((n) => n.recipients)).toEqual([['mgr-ops'], ['vp-eng']]);
    expect(p.notifications.flatMap((n) => n.settles).sort()).toEqual(
      [ledgerKey('a', 'OPS-45', dueIn(-14), 'e8'), ledgerKey('a', 'OPS-45', dueIn(-14), 't14')].sort(),
    );
  });

  it('repeats every 7 days: managers on days 1, 8, 15, 22, 29 and second tier on 14, 21, 28', () => {
    const i = item({ key: 'OPS-46', dueDate: '2026-03-01' });
    const sent = simulate(30, '2026-03-02', () => ({ items: [i] }));
    const days = (who: string) => sent.filter((s) => s.n.recipients.includes(who)).map((s) => s.day + 1);
    expect(days('mgr-ops')).toEqual([1, 8, 15, 22, 29]);
    expect(days('vp-eng')).toEqual([14, 21, 28]);
  });

  it('repeatDays 0 escalates once to managers and once to the second tier', () => {
    const s = settings({ escalation: { repeatDays: 0, secondTierAfterDays: 14 } });
    const i = item({ key: 'OPS-47', dueDate: '2026-03-01' });
    const sent = simulate(40, '2026-03-02', () => ({ items: [i] }), s);
    expect(sent.map((x) => [x.day + 1, x.n.recipients])).toEqual([
      [1, ['mgr-ops']],
      [14, ['vp-eng']],
    ]);
  });

  it('a manager who is also second tier gets one mail for both stages', () => {
    const s = settings({ escalationContacts: { OPS: { managers: ['boss'], secondTier: ['boss', 'vp-eng'] } } });
    const i = item({ key: 'OPS-48', dueDate: dueIn(-15) });
    const p = plan({ items: [i], settings: s, ledger: [ledgerKey('a', 'OPS-48', dueIn(-15), 'e8')] });
    expect(p.notifications.map((n) => [n.recipients, n.settles])).toEqual([
      [['boss'], [ledgerKey('a', 'OPS-48', dueIn(-15), 'e15'), ledgerKey('a', 'OPS-48', dueIn(-15), 't14')]],
      [['vp-eng'], [ledgerKey('a', 'OPS-48', dueIn(-15), 't14')]],
    ]);
    // the t14 mark is carried by both mails: each records it for its own readers only
    expect(
      p.notifications.map((n) =>
        marksAfterSending(n, TODAY)
          .filter((m) => m.key.endsWith(':t14'))
          .map((m) => m.to),
      ),
    ).toEqual([[['boss']], [['vp-eng']]]);
  });

  it('falls back to the project lead when no managers are configured', () => {
    const n = only(plan({ items: [item({ key: 'WEB-1', projectKey: 'WEB', dueDate: dueIn(-1) })] }).notifications);
    expect(n.recipients).toEqual(['lead-web']);
  });

  it('has no second tier where none is configured (no fallback)', () => {
    const i = item({ key: 'WEB-2', projectKey: 'WEB', dueDate: dueIn(-14) });
    const p = plan({ items: [i], ledger: [ledgerKey('a', 'WEB-2', dueIn(-14), 'e8')] });
    expect(p.notifications).toEqual([]);
    expect(p.skipped).toEqual([]);
  });

  it('skips an escalation with neither contacts nor a lead, leaving it unsettled', () => {
    const p = plan({ items: [item({ key: 'NOLEAD-1', projectKey: 'NOLEAD', dueDate: dueIn(-1) })] });
    expect(p.notifications).toEqual([]);
    expect(p.skipped).toEqual([{ key: 'NOLEAD-1', reason: 'no-recipient', ledgerKey: ledgerKey('a', 'NOLEAD-1', dueIn(-1), 'e1') }]);
  });

  it('stops when the item is done after an escalation', () => {
    const i = item({ key: 'OPS-49', dueDate: '2026-03-01' });
    const ledger = new Map<string, LedgerRecord>();
    simulate(2, '2026-03-02', () => ({ items: [i] }), settings(), ledger);
    const after = simulate(20, '2026-03-04', () => ({ items: [{ ...i, statusCategory: 'done' }] }), settings(), ledger);
    expect(after).toEqual([]);
  });

  it('lists an item linked to no incident in a mail of its own, through the item', () => {
    const n = only(plan({ items: [item({ key: 'OPS-50', incidentKey: null, pageUrl: null, dueDate: dueIn(-2) })] }).notifications);
    expect(n.issueKey).toBe('OPS-50');
    expect(n.subject).toContain('OPS-50');
  });

  it('escalates an unassigned overdue item saying it is unassigned', () => {
    const n = only(plan({ items: [item({ key: 'OPS-51', assignee: null, dueDate: dueIn(-3) })] }).notifications);
    expect(n.textBody).toContain('unassigned');
  });
});

describe('one escalation mail per manager per incident', () => {
  const s = settings({
    escalationContacts: {
      OPS: { managers: ['mgr-ops'], secondTier: [] },
      WEB: { managers: ['mgr-web', 'mgr-ops'], secondTier: [] },
    },
  });

  it('groups an incident’s overdue items per manager, one mail each, and other incidents apart', () => {
    const items = [
      item({ key: 'OPS-60', incidentKey: 'INC-1', dueDate: dueIn(-1) }),
      item({ key: 'OPS-61', incidentKey: 'INC-1', dueDate: dueIn(-3) }),
      item({ key: 'WEB-60', incidentKey: 'INC-1', projectKey: 'WEB', dueDate: dueIn(-2) }),
      item({ key: 'OPS-62', incidentKey: 'INC-2', dueDate: dueIn(-1) }),
    ];
    const p = plan({ items, settings: s });
    const esc = p.notifications.filter((n) => n.kind === 'escalation');
    const inc1 = esc.filter((n) => n.issueKey === 'INC-1');
    // mgr-ops manages OPS and WEB: one mail with all three; mgr-web only WEB-60.
    expect(inc1.map((n) => n.recipients)).toEqual([['mgr-ops'], ['mgr-web']]);
    const forOps = inc1[0]!;
    for (const key of ['OPS-60', 'OPS-61', 'WEB-60']) expect(forOps.textBody).toContain(key);
    expect(forOps.subject).toContain('3 action items are overdue');
    expect(inc1[1]!.textBody).toContain('WEB-60');
    expect(inc1[1]!.textBody).not.toContain('OPS-60');
    expect(esc.filter((n) => n.issueKey === 'INC-2').map((n) => n.recipients)).toEqual([['mgr-ops']]);
    // every recipient appears once per incident
    for (const inc of ['INC-1', 'INC-2']) {
      const all = esc.filter((n) => n.issueKey === inc).flatMap((n) => n.recipients);
      expect(new Set(all).size).toBe(all.length);
    }
    expect(p.stats.escalations).toBe(3);
  });

  it('puts managers with the same list in one mail together', () => {
    const two = settings({ escalationContacts: { OPS: { managers: ['m1', 'm2'], secondTier: [] } } });
    const p = plan({ items: [item({ dueDate: dueIn(-1) }), item({ dueDate: dueIn(-2) })], settings: two });
    expect(only(p.notifications).recipients).toEqual(['m1', 'm2']);
  });

  it('lists items escalated earlier as still overdue, settling only the new stage', () => {
    const a = item({ key: 'OPS-63', dueDate: dueIn(-3) });
    const b = item({ key: 'OPS-64', dueDate: dueIn(-1) });
    const n = only(plan({ items: [a, b], ledger: [ledgerKey('a', 'OPS-63', dueIn(-3), 'e1')] }).notifications);
    expect(n.settles).toEqual([ledgerKey('a', 'OPS-64', dueIn(-1), 'e1')]);
    expect(n.textBody).toMatch(/OPS-64[\s\S]*Still overdue[\s\S]*OPS-63/);
    // The subject counts what the body lists: the new item and the one still overdue.
    expect(n.subject).toContain('2 action items are overdue');
  });

  it('sends nothing when every overdue item of the incident was escalated at its current stage', () => {
    const a = item({ key: 'OPS-65', dueDate: dueIn(-3) });
    expect(plan({ items: [a], ledger: [ledgerKey('a', 'OPS-65', dueIn(-3), 'e1')] }).notifications).toEqual([]);
  });
});

describe('moving the due date', () => {
  it('moved earlier: the stages start afresh for the new date', () => {
    const before = item({ key: 'OPS-70', dueDate: dueIn(9) });
    const ledger = new Set<string>([ledgerKey('a', 'OPS-70', dueIn(9), 'r7')]);
    const moved = { ...before, dueDate: dueIn(1) };
    const n = only(plan({ items: [moved], ledger }).notifications);
    expect(n.settles).toEqual([ledgerKey('a', 'OPS-70', dueIn(1), 'r1')]);
  });

  it('moved later after an escalation: escalation stops, reminders start afresh for the new date', () => {
    const i = item({ key: 'OPS-71', dueDate: '2026-03-01' });
    const ledger = new Map<string, LedgerRecord>();
    const first = simulate(3, '2026-03-02', () => ({ items: [i] }), settings(), ledger);
    expect(first.map((s) => s.n.kind)).toEqual(['escalation']);
    const moved = { ...i, dueDate: '2026-03-20' };
    const after = simulate(20, '2026-03-05', () => ({ items: [moved] }), settings(), ledger);
    expect(after.map((s) => [s.today, s.n.kind])).toEqual([
      ['2026-03-13', 'reminder'],
      ['2026-03-19', 'reminder'],
      ['2026-03-20', 'reminder'],
      ['2026-03-21', 'escalation'],
    ]);
  });

  it('moved back to a date whose stage was already sent: not sent twice', () => {
    const key = ledgerKey('a', 'OPS-72', dueIn(1), 'r1');
    expect(plan({ items: [item({ key: 'OPS-72', dueDate: dueIn(1) })], ledger: [key] }).notifications).toEqual([]);
  });
});

describe('postmortem deadlines', () => {
  it('reminds the owner 2 days before and on the due date, through the incident', () => {
    const pm = postmortem({ dueDate: '2026-03-12' });
    const sent = simulate(3, TODAY, () => ({ postmortems: [pm] }));
    expect(sent.map((s) => [s.today, s.n.kind, s.n.issueKey, s.n.recipients])).toEqual([
      ['2026-03-10', 'postmortem-reminder', 'INC-1', ['owen']],
      ['2026-03-12', 'postmortem-reminder', 'INC-1', ['owen']],
    ]);
    expect(sent[0]!.n.subject).toContain('due in 2 days');
    expect(sent[1]!.n.subject).toContain('due today');
  });

  it('does not remind or escalate a postmortem in review or reviewed', () => {
    for (const status of ['in-review', 'reviewed'] as const) {
      expect(plan({ postmortems: [postmortem({ status, dueDate: dueIn(-3) })] }).notifications).toEqual([]);
      expect(plan({ postmortems: [postmortem({ status, dueDate: TODAY })] }).notifications).toEqual([]);
    }
  });

  it('escalates a late draft to the managers of the incident project, in the same mail as the incident’s items', () => {
    const s = settings({
      escalationContacts: { INC: { managers: ['mgr-inc'], secondTier: [] }, OPS: { managers: ['mgr-inc'], secondTier: [] } },
    });
    const pm = postmortem({ incidentProjectKey: 'INC', dueDate: dueIn(-2), pageTitle: 'Checkout outage' });
    const a = item({ key: 'OPS-80', dueDate: dueIn(-1) });
    const all = plan({ items: [a], postmortems: [pm], settings: s }).notifications;
    const n = only(all.filter((x) => x.kind === 'escalation'));
    expect(n.issueKey).toBe('INC-1');
    expect(n.recipients).toEqual(['mgr-inc']);
    expect(n.settles.sort()).toEqual([ledgerKey('a', 'OPS-80', dueIn(-1), 'e1'), ledgerKey('p', 'INC-1', dueIn(-2), 'e1')].sort());
    expect(n.subject).toContain('the postmortem is late and 1 action item is overdue');
    expect(n.textBody).toContain('Checkout outage');
    // Its owner is told as well, with who else was.
    const owner = only(all.filter((x) => x.kind === 'postmortem-late'));
    expect(owner.recipients).toEqual([pm.ownerAccountId]);
    expect(owner.settles).toEqual([ledgerKey('p', 'INC-1', dueIn(-2), 'o1')]);
    expect(owner.subject).toBe('Your postmortem for INC-1 is late by 2 days');
    expect(owner.textBody).toContain('The managers of project INC have been told as well.');
  });

  it('falls back to the incident project lead for a late postmortem', () => {
    const pm = postmortem({ incidentKey: 'WEB-9', incidentProjectKey: 'WEB', dueDate: dueIn(-1) });
    const n = only(plan({ postmortems: [pm] }).notifications.filter((x) => x.kind === 'escalation'));
    expect(n.recipients).toEqual(['lead-web']);
    expect(n.issueKey).toBe('WEB-9');
  });
});

describe('today in the configured time zone', () => {
  it('at 23:30 UTC the item due "tomorrow" in UTC is due today in Paris', () => {
    const now = new Date('2026-03-09T23:30:00Z');
    const i = item({ key: 'OPS-90', dueDate: '2026-03-10' });
    const paris = only(plan({ items: [i], today: todayIn('Europe/Paris', now) }).notifications);
    const utc = only(plan({ items: [i], today: todayIn('UTC', now) }).notifications);
    expect(paris.settles).toEqual([ledgerKey('a', 'OPS-90', '2026-03-10', 'r0')]);
    expect(paris.subject).toContain('due today');
    expect(utc.settles).toEqual([ledgerKey('a', 'OPS-90', '2026-03-10', 'r1')]);
    expect(utc.subject).toContain('due in 1 day');
  });

  it('just after midnight in Paris an item due yesterday there is overdue, while in UTC it is still due today', () => {
    const now = new Date('2026-03-10T23:15:00Z'); // 00:15 on 11 March in Paris
    const i = item({ key: 'OPS-91', dueDate: '2026-03-10' });
    expect(only(plan({ items: [i], today: todayIn('Europe/Paris', now) }).notifications).kind).toBe('escalation');
    expect(only(plan({ items: [i], today: todayIn('UTC', now) }).notifications).kind).toBe('reminder');
  });

  it('refuses a today that is not a date', () => {
    expect(() => plan({ today: '2026-03-10T00:00:00Z' })).toThrow(RangeError);
  });
});

describe('HTML escaping of product text', () => {
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';

  function assertSafe(htmlBody: string) {
    expect(htmlBody).not.toMatch(/<script/i);
    expect(htmlBody).not.toMatch(/<img/i);
    expect(htmlBody).not.toMatch(/href="javascript:/i);
    expect(htmlBody).toContain('&lt;script&gt;');
  }

  it('escapes a hostile summary in reminders, notices and escalations', () => {
    const bodies = [
      ...plan({ items: [item({ summary: hostile, dueDate: TODAY })] }).notifications,
      ...plan({ items: [item({ summary: hostile, dueDate: null })] }).notifications,
      ...plan({ items: [item({ summary: hostile, assignee: null, dueDate: TODAY })] }).notifications,
      ...plan({ items: [item({ summary: hostile, dueDate: dueIn(-1) })] }).notifications,
    ].map((n) => n.htmlBody);
    expect(bodies).toHaveLength(4);
    bodies.forEach(assertSafe);
  });

  it('escapes a hostile assignee name and postmortem title, and drops a javascript: page URL', () => {
    const a = item({ summary: 'ok', assignee: { accountId: 'x', displayName: hostile }, dueDate: dueIn(-1) });
    const pm = postmortem({ pageTitle: hostile, pageUrl: 'javascript:alert(3)', dueDate: dueIn(-1) });
    const mails = plan({ items: [a], postmortems: [pm] }).notifications;
    expect(mails.map((m) => m.kind).sort()).toEqual(['escalation', 'postmortem-late']);
    for (const m of mails) assertSafe(m.htmlBody);
    const rem = only(plan({ postmortems: [postmortem({ pageTitle: hostile, pageUrl: 'javascript:alert(3)' })] }).notifications);
    assertSafe(rem.htmlBody);
  });

  it('keeps subjects and text bodies on one line per field (no injected line breaks)', () => {
    const n = only(plan({ items: [item({ summary: 'a\r\nBcc: evil@example.com', dueDate: TODAY })] }).notifications);
    expect(n.subject).not.toMatch(/[\r\n]/);
    expect(n.textBody).not.toContain('\r');
    expect(n.textBody.split('\n')[0]).toContain('a Bcc: evil@example.com');
  });
});

describe('ledger writes and idempotency', () => {
  const chunk = () => [
    item({ key: 'OPS-100', dueDate: dueIn(7) }),
    item({ key: 'OPS-101', dueDate: null }),
    item({ key: 'OPS-102', dueDate: dueIn(-15) }),
    item({ key: 'WEB-100', projectKey: 'WEB', incidentKey: 'INC-2', dueDate: dueIn(-1) }),
    item({ key: 'OPS-103', statusCategory: 'done', dueDate: dueIn(-1) }),
    item({ key: 'OPS-104', dueDate: dueIn(30) }),
  ];

  it('a second sweep after settling the first sends nothing', () => {
    const items = chunk();
    const pms = [postmortem({ dueDate: dueIn(-1) })];
    const first = plan({ items, postmortems: pms });
    expect(first.notifications.length).toBeGreaterThan(0);
    const again = plan({ items, postmortems: pms, ledger: first.notifications.flatMap((n) => n.settles) });
    expect(again.notifications).toEqual([]);
  });

  it('every settled key is a valid mark, is one the planner asked to check, and is recorded for its readers', () => {
    const items = chunk();
    const pms = [postmortem({ dueDate: dueIn(2) })];
    const p = plan({ items, postmortems: pms });
    const toCheck = new Set(ledgerKeysToCheck({ items, postmortems: pms, settings: settings(), today: TODAY }));
    for (const n of p.notifications) {
      expect(n.recipients.length).toBeGreaterThan(0);
      for (const key of n.settles) {
        expect(isValidKvsKey(key)).toBe(true);
        expect(toCheck.has(key)).toBe(true);
        expect(marksAfterSending(n, TODAY)).toContainEqual({ key, to: n.recipients, on: TODAY });
      }
    }
    expect(new Set(p.notifications.map((n) => n.id)).size).toBe(p.notifications.length);
  });

  it('counts what it planned', () => {
    const p = plan({ items: chunk(), postmortems: [postmortem({ dueDate: dueIn(-1) })] });
    expect(p.stats).toEqual({
      itemsScanned: 6,
      postmortemsScanned: 1,
      overdueItems: 2,
      latePostmortems: 1,
      reminders: 2, // OPS-100's, and the late postmortem's owner
      escalations: 3, // INC-1 managers, INC-1 second tier (OPS-102 is 15 days over), INC-2 lead
      notices: 1,
      rerouted: 0,
      unreachable: 0,
    });
  });

  it('is deterministic', () => {
    const items = chunk();
    expect(plan({ items })).toEqual(plan({ items }));
  });

  it('skips an item whose key or due date is not usable, without throwing', () => {
    const p = plan({ items: [item({ key: 'not a key' }), item({ key: 'OPS-105', dueDate: '2026-02-30' })] });
    expect(p.notifications).toEqual([]);
    expect(p.skipped.map((s) => s.reason)).toEqual(['invalid-key', 'invalid-due-date']);
  });
});

describe('URLs from product data', () => {
  it('never puts an unsafe page URL in a text or HTML body', () => {
    const bad = 'javascript:alert(1)\nInjected: line';
    const bodies = [
      ...plan({ items: [item({ pageUrl: bad, dueDate: TODAY })] }).notifications,
      ...plan({ postmortems: [postmortem({ pageUrl: bad })] }).notifications,
      ...plan({ items: [item({ dueDate: dueIn(-1) })], postmortems: [postmortem({ pageUrl: bad, dueDate: dueIn(-1) })] }).notifications,
    ];
    expect(bodies).toHaveLength(4); // a reminder, a postmortem reminder, an escalation and the late postmortem's owner notice
    for (const n of bodies) {
      expect(n.textBody).not.toContain('javascript:');
      expect(n.textBody).not.toContain('Injected');
      expect(n.htmlBody).not.toContain('javascript:');
    }
  });
});
