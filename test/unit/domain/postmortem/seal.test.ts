/** The seal on an incident's postmortem record: bound to the incident, the page, the status, the due date, the review times and the owner. */
import { createHmac } from 'node:crypto';
import { believedPageRecord, postmortemSealedText, provenPostmortem, type SealCheck } from '../../../../src/domain/postmortem';

const KEY = Buffer.alloc(32, 1);
const mac = (text: string) => createHmac('sha256', KEY).update(text, 'utf8').digest('base64url');
const check: SealCheck = (text, seal) => mac(text) === seal;
const record = {
  pageId: '77',
  pageTitle: 'Postmortem for INC-1',
  pageUrl: 'https://acme.atlassian.net/wiki/pages/77',
  status: 'reviewed' as const,
  dueDate: '2026-03-10',
  ownerAccountId: 'ella',
  requestedReviewAt: '2026-03-09T10:00:00.000Z',
  reviewedAt: '2026-03-12T10:00:00.000Z',
};
const sealed = { ...record, seal: mac(postmortemSealedText('10001', record)) };

describe('provenPostmortem', () => {
  it('proves the record the app sealed for this incident', () => {
    expect(provenPostmortem('10001', sealed, check)).toEqual(sealed);
    // Fields outside the seal (title, URL) may change without breaking it.
    expect(
      provenPostmortem('10001', { ...sealed, pageTitle: 'x', pageUrl: 'https://acme.atlassian.net/wiki/pages/1' }, check),
    ).toBeDefined();
  });

  it('proves nothing for a record copied to another incident, altered, unsealed, malformed or absent', () => {
    expect(provenPostmortem('10002', sealed, check)).toBeUndefined();
    for (const change of [
      { status: 'in-review' },
      { pageId: '78' },
      { dueDate: '2027-01-01' },
      { reviewedAt: '2026-03-01T10:00:00.000Z' },
      // the owner, who may not review their own postmortem: renamed by someone who may edit the incident
      { ownerAccountId: 'sam' },
    ]) {
      expect(provenPostmortem('10001', { ...sealed, ...change }, check)).toBeUndefined();
    }
    expect(provenPostmortem('10001', record, check)).toBeUndefined();
    expect(provenPostmortem('10001', { status: 'reviewed', seal: sealed.seal }, check)).toBeUndefined();
    expect(provenPostmortem('10001', undefined, check)).toBeUndefined();
    expect(provenPostmortem('10001', sealed, () => false)).toBeUndefined();
  });
});

describe('believedPageRecord: what a macro step starts from', () => {
  const fresh = { incidentDate: '2026-03-01', dueDate: '2026-03-08' };
  const page = {
    incidentKey: 'INC-1',
    status: 'reviewed' as const,
    ownerAccountId: 'ella',
    incidentDate: '2026-03-02',
    dueDate: '2027-01-01',
    requestedReviewAt: '2026-03-09T10:00:00.000Z',
    reviewRequest: { requestedBy: 'ella', findings: [], findingsTotal: 0 },
    review: { reviewedBy: 'sam', reviewedAt: '2026-03-12T10:00:00.000Z', note: 'ok' },
    factors: ['capacity'],
  };

  it('takes the status, due date and review times from the sealed record, and the page’s review where it names the same moment', () => {
    expect(believedPageRecord(page, { ...record, incidentDate: '2026-03-03', factors: ['capacity'] }, '77', fresh)).toEqual({
      ...page,
      incidentDate: '2026-03-03',
      dueDate: '2026-03-10',
    });
  });

  it('a page rewritten past the sealed state starts from the sealed one', () => {
    const draft = { ...record, status: 'draft' as const, reviewedAt: undefined, requestedReviewAt: undefined };
    expect(believedPageRecord(page, draft, '77', fresh)).toEqual({
      incidentKey: 'INC-1',
      ownerAccountId: 'ella',
      status: 'draft',
      incidentDate: '2026-03-02',
      dueDate: '2026-03-10',
    });
    // A review record the seal does not name is dropped; factors are the sealed record's only.
    const other = believedPageRecord(
      { ...page, review: { reviewedBy: 'ella', reviewedAt: '2026-03-20T10:00:00.000Z' } },
      record,
      '77',
      fresh,
    );
    expect(other.status).toBe('reviewed');
    expect(other.review).toBeUndefined();
  });

  it('the owner is the one the incident’s record names, not a page record rewritten to name someone else', () => {
    expect(believedPageRecord({ ...page, ownerAccountId: 'sam' }, record, '77', fresh).ownerAccountId).toBe('ella');
  });

  it('without a sealed record of this page, the owner is the one the step names (who takes it), not the page record’s', () => {
    for (const proven of [undefined, { ...record, pageId: '78' }]) {
      expect(
        believedPageRecord({ ...page, ownerAccountId: 'sam' }, proven, '77', { ...fresh, ownerAccountId: 'ella' }).ownerAccountId,
      ).toBe('ella');
    }
  });

  it('without a sealed record of this page: a draft due as a new link would be', () => {
    for (const proven of [undefined, { ...record, pageId: '78' }]) {
      expect(believedPageRecord(page, proven, '77', fresh)).toEqual({
        incidentKey: 'INC-1',
        ownerAccountId: 'ella',
        status: 'draft',
        ...fresh,
      });
    }
  });
});

describe('the seal covers the contributing factors', () => {
  const tagged = { ...record, factors: ['capacity', 'change'] };
  const sealedTagged = { ...tagged, seal: mac(postmortemSealedText('10001', tagged)) };

  it('proves the factors the app sealed', () => {
    expect(provenPostmortem('10001', sealedTagged, check)?.factors).toEqual(['capacity', 'change']);
  });

  it('factors added, changed, reordered or removed by hand prove nothing (as any sealed field changed)', () => {
    for (const factors of [['capacity', 'change', 'detection'], ['process'], ['change', 'capacity'], []]) {
      expect(provenPostmortem('10001', { ...sealedTagged, factors }, check)).toBeUndefined();
    }
  });

  it('factors written onto a record sealed without any (or tagged before factors were sealed) are left out; the record stands', () => {
    expect(provenPostmortem('10001', { ...sealed, factors: ['capacity'] }, check)).toEqual(sealed);
  });

  it('a record without factors has the text it had before factors were sealed', () => {
    expect(postmortemSealedText('10001', record)).toBe(
      JSON.stringify([
        'postmortem/2',
        '10001',
        '77',
        'reviewed',
        '2026-03-10',
        '2026-03-09T10:00:00.000Z',
        '2026-03-12T10:00:00.000Z',
        'ella',
      ]),
    );
  });
});

describe('a record sealed before the owner was (postmortem/1)', () => {
  const v1Text = (factors?: string[]) => {
    const fields = ['postmortem/1', '10001', '77', 'reviewed', '2026-03-10', '2026-03-09T10:00:00.000Z', '2026-03-12T10:00:00.000Z'];
    return JSON.stringify(factors?.length ? [...fields, factors] : fields);
  };
  const legacy = { ...record, seal: mac(v1Text()) };
  const fresh = { incidentDate: '2026-03-01', dueDate: '2026-03-08' };
  const page = { incidentKey: 'INC-1', status: 'draft' as const, ownerAccountId: 'sam', incidentDate: '2026-03-02', dueDate: '2027-01-01' };

  it('still proves its state, with its factors, but not its owner, whatever the owner field says', () => {
    expect(provenPostmortem('10001', legacy, check)).toEqual({ ...legacy, ownerUnproved: true });
    expect(provenPostmortem('10001', { ...legacy, ownerAccountId: 'sam' }, check)).toMatchObject({
      status: 'reviewed',
      ownerUnproved: true,
    });
    const tagged = { ...record, factors: ['capacity'] };
    expect(provenPostmortem('10001', { ...tagged, seal: mac(v1Text(tagged.factors)) }, check)).toMatchObject({
      factors: ['capacity'],
      ownerUnproved: true,
    });
    expect(provenPostmortem('10001', { ...legacy, status: 'in-review' }, check)).toBeUndefined();
  });

  it('a step starting from it takes the owner from the page’s creator as Confluence reports it, not from either record', () => {
    const proven = provenPostmortem('10001', { ...legacy, ownerAccountId: 'sam' }, check);
    expect(believedPageRecord(page, proven, '77', fresh, 'ella')).toMatchObject({ ownerAccountId: 'ella', status: 'reviewed' });
    // A record sealed with its owner keeps it, whoever created the page.
    expect(believedPageRecord(page, provenPostmortem('10001', sealed, check), '77', fresh, 'noah').ownerAccountId).toBe('ella');
  });
});
