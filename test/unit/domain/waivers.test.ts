/** "Won't do": a reason, the item's manager's approval, and open until approved. */
import { toRow, wontDoOf } from '../../../src/domain/action-items';
import { countsAsDone, decideWaiver, provenApproval, requestWaiver, sealedText, waiverState } from '../../../src/domain/waivers';

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
  it('a Won’t Do counts as done only with a proven approval', () => {
    expect(countsAsDone('done', "Won't Do", false)).toBe(false);
    expect(countsAsDone('done', "Won't Do", true)).toBe(true);
    expect(countsAsDone('done', 'Done', false)).toBe(true);
    expect(countsAsDone('indeterminate', null, true)).toBe(false);
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

describe('sealed approvals', () => {
  const approved = {
    status: 'approved' as const,
    reason: 'Path removed.',
    requestedBy: LIAM,
    requestedAt: '2026-03-05T10:00:00.000Z',
    decidedBy: MARCUS,
    decidedAt: '2026-03-06T10:00:00.000Z',
    approvedAt: '2026-03-06T10:00:00.000Z',
  };
  // A stand-in for the adapter's HMAC: the seal is accepted when it was made for exactly this text.
  const sealOf = (text: string) => `seal(${text.length}:${[...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)})`;
  const check = (text: string, seal: string) => seal === sealOf(text);
  const sealed = { ...approved, seal: sealOf(sealedText('10042', approved)!) };

  it('covers the item, the approver, the time and the reason', () => {
    expect(sealedText('10042', approved)).toBe(
      JSON.stringify(['postmortem-waiver/1', '10042', MARCUS, approved.approvedAt, 'Path removed.']),
    );
    expect(sealedText('10042', { ...approved, status: 'requested' })).toBeUndefined();
    expect(sealedText('10042', { ...approved, approvedAt: undefined })).toBeUndefined();
  });
  it('proves an approval only with the app’s seal for this item and this approval', () => {
    expect(provenApproval('10042', sealed, check)).toEqual(sealed);
    // no seal, a made-up seal, or the property of another item
    expect(provenApproval('10042', approved, check)).toBeUndefined();
    expect(provenApproval('10042', { ...approved, seal: 'x'.repeat(43) }, check)).toBeUndefined();
    expect(provenApproval('10043', sealed, check)).toBeUndefined();
    // any change to what was approved breaks it
    expect(provenApproval('10042', { ...sealed, reason: 'Something else.' }, check)).toBeUndefined();
    expect(provenApproval('10042', { ...sealed, decidedBy: LIAM }, check)).toBeUndefined();
    expect(provenApproval('10042', { ...sealed, approvedAt: '2027-01-01T00:00:00.000Z' }, check)).toBeUndefined();
    expect(provenApproval('10042', { ...sealed, status: 'requested' }, check)).toBeUndefined();
    expect(provenApproval('10042', 'not an object', check)).toBeUndefined();
  });
});

describe('an item’s state in tables', () => {
  const issue = (over: Record<string, unknown> = {}) => ({
    id: '10042',
    key: 'PAY-4',
    fields: {
      summary: 'S',
      status: { name: 'Done', statusCategory: { key: 'done' } },
      resolution: { name: "Won't Do" },
      duedate: '2026-03-01',
      ...over,
    },
    properties: {},
  });
  it('a Won’t Do is open (and says so) unless its approval is proved; other resolutions are done', () => {
    expect(wontDoOf(issue(), undefined)).toBe('unapproved');
    expect(toRow(issue(), '2026-03-06')).toMatchObject({ state: 'overdue', due: 'won’t do, not approved: overdue by 5 days' });
    expect(toRow(issue(), '2026-03-06', () => true)).toMatchObject({ state: 'overdue' }); // no seal on the property
    const sealedProp = {
      status: 'approved',
      reason: 'r',
      requestedBy: LIAM,
      requestedAt: now.toISOString(),
      decidedBy: MARCUS,
      approvedAt: now.toISOString(),
      seal: 's',
    };
    const approved = { ...issue(), properties: { 'postmortem-waiver': sealedProp } };
    expect(toRow(approved, '2026-03-06', (_t, seal) => seal === 's')).toMatchObject({ state: 'done', due: 'won’t do (approved)' });
    expect(toRow(approved, '2026-03-06', () => false)).toMatchObject({ state: 'overdue' });
    expect(toRow(issue({ resolution: { name: 'Done' } }), '2026-03-06')).toMatchObject({ state: 'done', due: 'done' });
    expect(wontDoOf(issue({ status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } } }), undefined)).toBeUndefined();
  });
});
