/** The review gate: open findings at "Send to review" need a reason and travel with the postmortem; marking reviewed can require them settled. */
import { PostmortemContentProperty } from '../../../../src/contracts/properties';
import {
  applyReviewAction,
  openFindingsOf,
  type LanguageFinding,
  type ReviewAction,
  type TemplateCheckProblem,
} from '../../../../src/domain/postmortem';

const OWNER = '5b10a2844c20165700ede21g';
const REVIEWER = '5b10ac8d82e05b22cc7d4ef5';
const now = new Date('2026-03-06T14:30:00Z');
const draft: PostmortemContentProperty = {
  incidentKey: 'OPS-12',
  status: 'draft',
  ownerAccountId: OWNER,
  incidentDate: '2026-03-01',
  dueDate: '2026-03-08',
};
const missing: TemplateCheckProblem = {
  kind: 'missing',
  sectionId: 'timeline',
  title: 'Timeline',
  message: 'The required section "Timeline" is missing.',
};
const elena: LanguageFinding = {
  kind: 'person-name',
  sectionTitle: 'Summary',
  excerpt: 'Elena restarted db01',
  match: 'Elena',
  suggestion: 'Name the role, e.g. "the on-call engineer".',
  occurrences: 2,
};
const host: LanguageFinding = {
  kind: 'internal-name',
  sectionTitle: 'Summary',
  excerpt: 'Elena restarted db01',
  match: 'db01',
  suggestion: 'Say "the primary database".',
  occurrences: 1,
};

function run(
  current: unknown,
  action: ReviewAction,
  opts: { actor?: string; problems?: TemplateCheckProblem[]; findings?: LanguageFinding[]; settle?: boolean } = {},
) {
  const problems = opts.problems ?? [];
  return applyReviewAction({
    current,
    action,
    actorAccountId: opts.actor ?? OWNER,
    now,
    templateCheck: { ok: problems.length === 0, problems },
    languageFindings: opts.findings ?? [],
    requireSettledFindings: opts.settle ?? false,
  });
}

describe('send to review with open findings', () => {
  it('asks to fix them or go on with a reason, listing them', () => {
    const r = run(draft, { type: 'request-review' }, { findings: [elena, host] });
    expect(r).toMatchObject({ ok: false, reason: 'findings-open' });
    if (r.ok) return;
    expect(r.message).toBe('It has 2 blameless or plain-language findings. Fix them, or go on with a reason the review meeting will see.');
    expect(r.findings?.map((f) => f.text)).toEqual(['Elena', 'db01']);
    expect(run(draft, { type: 'request-review', reason: '   ' }, { findings: [elena] })).toMatchObject({
      ok: false,
      reason: 'findings-open',
    });
  });

  it('goes on with a reason: the reason and the open findings travel with the postmortem', () => {
    const r = run(draft, { type: 'request-review', reason: '  Elena asked to be named.  ' }, { findings: [elena], problems: [missing] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.next.status).toBe('in-review');
    expect(r.next.reviewRequest).toEqual({
      requestedBy: OWNER,
      reason: 'Elena asked to be named.',
      findingsTotal: 2,
      findings: [
        { kind: 'missing', section: 'Timeline', text: 'Timeline' },
        { kind: 'person-name', section: 'Summary', text: 'Elena', suggestion: elena.suggestion, occurrences: 2 },
      ],
    });
    expect(PostmortemContentProperty.safeParse(r.next).success).toBe(true);
  });

  it('keeps at most 30 findings but counts them all, and limits the reason', () => {
    const many = Array.from({ length: 45 }, (_, i) => ({ ...host, match: `host${i}.internal` }));
    const r = run(draft, { type: 'request-review', reason: 'Logs quoted on purpose.' }, { findings: many });
    expect(r.ok && r.next.reviewRequest?.findings.length).toBe(30);
    expect(r.ok && r.next.reviewRequest?.findingsTotal).toBe(45);
    expect(run(draft, { type: 'request-review', reason: 'x'.repeat(2001) }, { findings: [host] })).toMatchObject({
      ok: false,
      reason: 'note-too-long',
    });
  });

  it('reopening clears what went to review', () => {
    const sent = run(draft, { type: 'request-review', reason: 'ok' }, { findings: [host] });
    if (!sent.ok) throw new Error('not sent');
    const back = run(sent.next, { type: 'reopen' });
    expect(back.ok && back.next).toEqual(draft);
  });
});

describe('marking reviewed', () => {
  const inReview: PostmortemContentProperty = { ...draft, status: 'in-review', requestedReviewAt: '2026-03-05T09:00:00.000Z' };

  it('without the setting, open findings do not block', () => {
    expect(run(inReview, { type: 'mark-reviewed' }, { actor: REVIEWER, findings: [elena] }).ok).toBe(true);
  });

  it('with the setting, open findings must be fixed or accepted with a note', () => {
    const opts = { actor: REVIEWER, findings: [elena, host], settle: true };
    expect(run(inReview, { type: 'mark-reviewed' }, opts)).toMatchObject({
      ok: false,
      reason: 'findings-open',
      message: expect.stringContaining('still has 2 blameless or plain-language findings'),
    });
    expect(run(inReview, { type: 'mark-reviewed', acceptFindings: true }, opts)).toMatchObject({
      ok: false,
      reason: 'findings-open',
      message: 'Say in the review note why the 2 open findings are accepted.',
    });
    const r = run(inReview, { type: 'mark-reviewed', acceptFindings: true, note: 'Names kept: public status page.' }, opts);
    expect(r.ok && r.next.review).toEqual({
      reviewedBy: REVIEWER,
      reviewedAt: '2026-03-06T14:30:00.000Z',
      note: 'Names kept: public status page.',
      acceptedFindings: 2,
    });
    // fixed on the page: nothing to accept
    const clean = run(inReview, { type: 'mark-reviewed' }, { actor: REVIEWER, settle: true });
    expect(clean.ok && clean.next.review).toEqual({ reviewedBy: REVIEWER, reviewedAt: '2026-03-06T14:30:00.000Z' });
  });

  it('the owner still cannot review, findings or not', () => {
    expect(run(inReview, { type: 'mark-reviewed', acceptFindings: true, note: 'x' }, { findings: [elena], settle: true })).toMatchObject({
      ok: false,
      reason: 'owner-cannot-review',
    });
  });
});

describe('openFindingsOf', () => {
  it('lists template problems first, then language findings, clipped to the stored sizes', () => {
    const long = { ...host, match: 'h'.repeat(500), suggestion: 's'.repeat(900) };
    const out = openFindingsOf([missing], [long]);
    expect(out[0]).toEqual({ kind: 'missing', section: 'Timeline', text: 'Timeline' });
    expect(out[1]!.text.length).toBe(200);
    expect(out[1]!.suggestion!.length).toBe(300);
  });
});
