import { ledgerWritesAfterSending, notifyRequestBody } from '../../../../src/domain/sweep/notify';
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

describe('ledger writes after sending', () => {
  const s = settings({ escalationContacts: { OPS: { managers: ['boss'], secondTier: ['boss', 'vp'] } } });
  const p = plan({ items: [item({ key: 'OPS-900', dueDate: addDays(TODAY, -14) })], settings: s });

  it('writes a key only when every mail carrying it succeeded', () => {
    expect(p.notifications.map((n) => n.recipients)).toEqual([['boss'], ['vp']]);
    const [boss, vp] = p.notifications;
    const keysIf = (ids: string[]) => ledgerWritesAfterSending(p, new Set(ids)).map((w) => w.key.split(':').pop());
    expect(keysIf([boss!.id, vp!.id]).sort()).toEqual(['e8', 't14']);
    expect(keysIf([boss!.id])).toEqual(['e8']); // t14 waits for the vp's mail
    expect(keysIf([vp!.id])).toEqual([]);
    expect(keysIf([])).toEqual([]);
  });
});
