/** "Won't do": a reason, the item's manager's approval, and open until approved. */
import { countsAsDone, decideWaiver, requestWaiver, waiverState } from '../../../src/domain/waivers';

const LIAM = '712020:7d3c9a2e-0b5f-4e61-9c1d-000000000006';
const MARCUS = '712020:7d3c9a2e-0b5f-4e61-9c1d-000000000003';
const now = new Date('2026-03-06T10:00:00Z');
const base = { actorAccountId: LIAM, now, doneOtherwise: false, approvedOnRecord: false, current: undefined };

describe('asking', () => {
  it('needs a reason (trimmed, at most 2000 characters)', () => {
    expect(requestWaiver({ ...base, reason: '  ' })).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(requestWaiver({ ...base, reason: 'x'.repeat(2001) })).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(requestWaiver({ ...base, reason: '  Path removed.  ' })).toEqual({
      ok: true,
      next: { status: 'requested', reason: 'Path removed.', requestedBy: LIAM, requestedAt: '2026-03-06T10:00:00.000Z' },
    });
  });
  it('is refused on an item done otherwise, or already approved on record (not on the mirror’s word)', () => {
    expect(requestWaiver({ ...base, reason: 'r', doneOtherwise: true })).toMatchObject({ ok: false, code: 'conflict' });
    expect(requestWaiver({ ...base, reason: 'r', approvedOnRecord: true })).toMatchObject({ ok: false, code: 'conflict' });
    const forged = { status: 'approved', reason: 'x', requestedBy: LIAM, requestedAt: now.toISOString() };
    expect(requestWaiver({ ...base, reason: 'r', current: forged }).ok).toBe(true);
  });
});

describe('deciding', () => {
  const requested = { status: 'requested', reason: 'Path removed.', requestedBy: LIAM, requestedAt: '2026-03-05T10:00:00.000Z' };
  const d = { current: requested, actorAccountId: MARCUS, managers: [MARCUS], projectKey: 'PAY', now };
  it('only the item’s managers decide', () => {
    expect(decideWaiver({ ...d, decision: 'approve', actorAccountId: LIAM })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decideWaiver({ ...d, decision: 'approve', managers: [] })).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: expect.stringContaining('no manager configured and no project lead'),
    });
  });
  it('approves with the time, or declines with a note', () => {
    expect(decideWaiver({ ...d, decision: 'approve' })).toEqual({
      ok: true,
      next: {
        ...requested,
        status: 'approved',
        decidedBy: MARCUS,
        decidedAt: '2026-03-06T10:00:00.000Z',
        approvedAt: '2026-03-06T10:00:00.000Z',
      },
    });
    expect(decideWaiver({ ...d, decision: 'decline' })).toMatchObject({ ok: false, code: 'invalid-input' });
    const declined = decideWaiver({ ...d, decision: 'decline', note: 'Do it.' });
    expect(declined.ok && declined.next).toMatchObject({ status: 'declined', note: 'Do it.' });
    expect(declined.ok && declined.next.approvedAt).toBeUndefined();
  });
  it('needs a pending request', () => {
    expect(decideWaiver({ ...d, current: undefined, decision: 'approve' })).toMatchObject({ ok: false, code: 'conflict' });
    expect(decideWaiver({ ...d, current: { ...requested, status: 'declined' }, decision: 'approve' })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
  });
});

describe('counting', () => {
  const record = { approvedBy: MARCUS, approvedAt: '2026-03-06T10:00:00.000Z' };
  it('a Won’t Do counts as done only with an approval on record', () => {
    expect(countsAsDone('done', "Won't Do", undefined)).toBe(false);
    expect(countsAsDone('done', "Won't Do", record)).toBe(true);
    expect(countsAsDone('done', 'Done', undefined)).toBe(true);
    expect(countsAsDone('indeterminate', null, record)).toBe(false);
  });
  it('says where a waiver stands', () => {
    expect(waiverState('done', "Won't Do", undefined, undefined)).toBe('unapproved-wont-do');
    expect(waiverState('done', "Won't Do", undefined, record)).toBe('approved');
    expect(
      waiverState('new', null, { status: 'requested', reason: 'r', requestedBy: LIAM, requestedAt: now.toISOString() }, undefined),
    ).toBe('requested');
    expect(waiverState('new', null, undefined, undefined)).toBe('none');
  });
});
