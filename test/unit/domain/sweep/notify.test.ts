import { marksAfterFailing, marksAfterSending, notifyRequestBody } from '../../../../src/domain/sweep/notify';
import { settings, item, plan, TODAY } from './fixtures';
import { addDays } from '../../../../src/domain/dates';

describe('notify request body', () => {
  it('names only the planned recipients', () => {
    const n = plan({ items: [item({ dueDate: TODAY })] }).notifications[0]!;
    expect(notifyRequestBody(n)).toEqual({
      subject: n.subject,
      textBody: n.textBody,
      htmlBody: n.htmlBody,
      to: { reporter: false, assignee: false, watchers: false, voters: false, users: [{ accountId: 'alice' }] },
    });
  });
});

describe('ledger marks after sending', () => {
  const s = settings({ escalationContacts: { OPS: { managers: ['boss'], secondTier: ['boss', 'vp'] } } });
  const p = plan({ items: [item({ key: 'OPS-900', dueDate: addDays(TODAY, -14) })], settings: s });

  it("records each key a mail carries for that mail's readers only (a shared key does not wait for the other mail)", () => {
    expect(p.notifications.map((n) => n.recipients)).toEqual([['boss'], ['vp']]);
    const [boss, vp] = p.notifications;
    expect(marksAfterSending(boss!, TODAY).map((m) => [m.key.split(':').pop(), m.to])).toEqual([
      ['e8', ['boss']],
      ['t14', ['boss']],
    ]);
    expect(marksAfterSending(vp!, TODAY).map((m) => [m.key.split(':').pop(), m.to])).toEqual([['t14', ['vp']]]);
  });

  it('a failed reminder records its attempt; a failed escalation records nothing', () => {
    const r = plan({ items: [item({ key: 'OPS-901', dueDate: TODAY })] }).notifications[0]!;
    expect(marksAfterFailing(r, TODAY)).toEqual([{ key: r.settles[0], to: [], on: TODAY, failed: true }]);
    expect(marksAfterFailing(p.notifications[0]!, TODAY)).toEqual([]);
  });
});
