import { PostmortemContentProperty } from '../../../../src/contracts/properties';
import { applyReviewAction, MAX_REVIEW_NOTE, type ReviewAction, type TemplateCheckProblem } from '../../../../src/domain/postmortem';

const OWNER = '5b10a2844c20165700ede21g';
const REVIEWER = '5b10ac8d82e05b22cc7d4ef5';
const now = new Date('2026-03-06T14:30:00Z');
const passing = { ok: true, problems: [] as TemplateCheckProblem[] };
const draft: PostmortemContentProperty = {
  incidentKey: 'OPS-12',
  status: 'draft',
  ownerAccountId: OWNER,
  incidentDate: '2026-03-01',
  dueDate: '2026-03-08',
};

function run(current: unknown, action: ReviewAction, actor = OWNER, templateCheck = passing) {
  return applyReviewAction({ current, action, actorAccountId: actor, now, templateCheck });
}

describe('review workflow', () => {
  it('sends a draft to review and records when', () => {
    const r = run(draft, { type: 'request-review' });
    expect(r).toEqual({
      ok: true,
      next: {
        ...draft,
        status: 'in-review',
        requestedReviewAt: '2026-03-06T14:30:00.000Z',
        reviewRequest: { requestedBy: OWNER, findings: [], findingsTotal: 0 },
      },
    });
    if (r.ok) expect(PostmortemContentProperty.safeParse(r.next).success).toBe(true);
  });

  it('lets anyone (who may edit) send it, not only the owner', () => {
    expect(run(draft, { type: 'request-review' }, REVIEWER).ok).toBe(true);
  });

  it('refuses review while the template check fails and no reason is given, with its reasons', () => {
    const problems: TemplateCheckProblem[] = [
      { kind: 'missing', sectionId: 'timeline', title: 'Timeline', message: 'The required section "Timeline" is missing.' },
      {
        kind: 'guidance-only',
        sectionId: 'summary',
        title: 'Summary',
        message: 'The required section "Summary" still holds only the template\'s guidance.',
      },
    ];
    const r = run(draft, { type: 'request-review' }, OWNER, { ok: false, problems });
    expect(r).toMatchObject({
      ok: false,
      reason: 'template-incomplete',
      message: expect.stringContaining('"Timeline" is missing'),
      problems,
    });
    if (!r.ok) expect(r.message).toContain('2 required sections missing or not written');
    if (!r.ok) expect(r.message).toContain('"Summary" still holds only');
  });

  it('has someone other than the owner mark it reviewed, with date and note', () => {
    const inReview = { ...draft, status: 'in-review' as const, requestedReviewAt: '2026-03-05T09:00:00.000Z' };
    expect(run(inReview, { type: 'mark-reviewed' }, OWNER)).toMatchObject({ ok: false, reason: 'owner-cannot-review' });
    const r = run(inReview, { type: 'mark-reviewed', note: '  Good timeline; add a detection alarm.  ' }, REVIEWER);
    expect(r).toEqual({
      ok: true,
      next: {
        ...inReview,
        status: 'reviewed',
        review: { reviewedBy: REVIEWER, reviewedAt: '2026-03-06T14:30:00.000Z', note: 'Good timeline; add a detection alarm.' },
      },
    });
    if (r.ok) expect(PostmortemContentProperty.safeParse(r.next).success).toBe(true);
    const noNote = run(inReview, { type: 'mark-reviewed', note: '   ' }, REVIEWER);
    expect(noNote.ok && noNote.next.review).toEqual({ reviewedBy: REVIEWER, reviewedAt: '2026-03-06T14:30:00.000Z' });
  });

  it('limits the note to 2000 characters', () => {
    const inReview = { ...draft, status: 'in-review' as const };
    expect(run(inReview, { type: 'mark-reviewed', note: 'x'.repeat(MAX_REVIEW_NOTE) }, REVIEWER).ok).toBe(true);
    expect(run(inReview, { type: 'mark-reviewed', note: 'x'.repeat(MAX_REVIEW_NOTE + 1) }, REVIEWER)).toMatchObject({
      ok: false,
      reason: 'note-too-long',
    });
    expect(run(inReview, { type: 'mark-reviewed', note: 42 } as never, REVIEWER)).toMatchObject({ ok: false, reason: 'invalid-action' });
  });

  it('reopens in-review and reviewed postmortems to draft, clearing the review', () => {
    const reviewed = {
      ...draft,
      status: 'reviewed' as const,
      requestedReviewAt: '2026-03-05T09:00:00Z',
      review: { reviewedBy: REVIEWER, reviewedAt: '2026-03-06T09:00:00Z' },
    };
    expect(run(reviewed, { type: 'reopen' }, REVIEWER)).toEqual({ ok: true, next: draft });
    expect(run({ ...draft, status: 'in-review' }, { type: 'reopen' })).toEqual({ ok: true, next: draft });
    expect(run(draft, { type: 'reopen' })).toMatchObject({ ok: false, reason: 'not-allowed-from-status' });
  });

  it('refuses transitions the workflow does not have', () => {
    expect(run(draft, { type: 'mark-reviewed' }, REVIEWER)).toMatchObject({ ok: false, reason: 'not-allowed-from-status' });
    expect(run({ ...draft, status: 'in-review' }, { type: 'request-review' })).toMatchObject({
      ok: false,
      reason: 'not-allowed-from-status',
    });
    expect(run({ ...draft, status: 'reviewed' }, { type: 'request-review' })).toMatchObject({
      ok: false,
      reason: 'not-allowed-from-status',
      message: expect.stringContaining('reviewed'),
    });
    expect(run({ ...draft, status: 'reviewed' }, { type: 'mark-reviewed' }, REVIEWER)).toMatchObject({
      ok: false,
      reason: 'not-allowed-from-status',
    });
  });

  it('refuses damaged properties, actors, times and actions with a message', () => {
    for (const bad of [null, 'x', {}, { ...draft, status: 'published' }, { ...draft, incidentKey: '<script>' }])
      expect(run(bad, { type: 'request-review' })).toMatchObject({ ok: false, reason: 'invalid-property' });
    expect(run(draft, { type: 'request-review' }, 'not an id!')).toMatchObject({ ok: false, reason: 'invalid-actor' });
    expect(
      applyReviewAction({
        current: draft,
        action: { type: 'request-review' },
        actorAccountId: OWNER,
        now: new Date('x'),
        templateCheck: passing,
      }),
    ).toMatchObject({
      ok: false,
      reason: 'invalid-time',
    });
    for (const action of [{ type: 'publish' }, null, 'reopen', {}])
      expect(run(draft, action as never)).toMatchObject({ ok: false, reason: 'invalid-action' });
  });
});
