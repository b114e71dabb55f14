/**
 * The review workflow: draft → in-review → reviewed, and back to draft when reopened.
 *
 * - request-review (draft → in-review): anyone who may edit the page (the resolver checks that);
 *   refused while the template check has problems (required sections missing or holding only
 *   guidance), with those problems as the reasons.
 * - mark-reviewed (in-review → reviewed): by someone other than the owner; records who, when and
 *   an optional note (at most 2000 characters).
 * - reopen (in-review or reviewed → draft): clears the review request and the review record.
 * Pure: the caller passes the current property, the actor, the time and the template check.
 */
import { AccountId } from '../../contracts/ids';
import { PostmortemContentProperty, type PostmortemStatus } from '../../contracts/properties';
import type { TemplateCheckProblem } from './check';

export const MAX_REVIEW_NOTE = 2000;

export type ReviewAction = { type: 'request-review' } | { type: 'mark-reviewed'; note?: string } | { type: 'reopen' };

export type ReviewRefusal =
  | 'invalid-property'
  | 'invalid-actor'
  | 'invalid-time'
  | 'invalid-action'
  | 'not-allowed-from-status'
  | 'template-incomplete'
  | 'owner-cannot-review'
  | 'note-too-long';

export type ReviewOutcome =
  { ok: true; next: PostmortemContentProperty } | { ok: false; reason: ReviewRefusal; message: string; problems?: TemplateCheckProblem[] };

export interface ReviewRequest {
  current: unknown;
  action: ReviewAction;
  actorAccountId: string;
  now: Date;
  /** The template check of the page as it is now (needed for request-review). */
  templateCheck: { ok: boolean; problems: readonly TemplateCheckProblem[] };
}

const STATUS_WORDS: Record<PostmortemStatus, string> = { draft: 'a draft', 'in-review': 'in review', reviewed: 'reviewed' };

function refuse(reason: ReviewRefusal, message: string, problems?: TemplateCheckProblem[]): ReviewOutcome {
  return problems ? { ok: false, reason, message, problems } : { ok: false, reason, message };
}

/** Applies a review action to the page's `postmortem` content property. */
export function applyReviewAction(req: ReviewRequest): ReviewOutcome {
  const parsed = PostmortemContentProperty.safeParse(req.current);
  if (!parsed.success) return refuse('invalid-property', "The page's postmortem record is damaged: link the page to its incident again.");
  const current = parsed.data;
  if (!AccountId.safeParse(req.actorAccountId).success) return refuse('invalid-actor', 'Who is acting could not be established.');
  if (!(req.now instanceof Date) || Number.isNaN(req.now.getTime())) return refuse('invalid-time', 'No valid current time was given.');
  const at = req.now.toISOString();
  const action: unknown = req.action;
  const type = typeof action === 'object' && action !== null && 'type' in action ? (action as { type: unknown }).type : undefined;

  switch (type) {
    case 'request-review': {
      if (current.status !== 'draft')
        return refuse(
          'not-allowed-from-status',
          `This postmortem is ${STATUS_WORDS[current.status]}; only a draft can be sent for review.`,
        );
      if (!req.templateCheck.ok) {
        const problems = [...req.templateCheck.problems];
        const list = problems.map((p) => p.message).join(' ');
        return refuse(
          'template-incomplete',
          `It cannot go to review yet.${list ? ` ${list}` : ' The template check did not pass.'}`,
          problems,
        );
      }
      const next: PostmortemContentProperty = { ...current, status: 'in-review', requestedReviewAt: at };
      delete next.review;
      return { ok: true, next };
    }
    case 'mark-reviewed': {
      if (current.status !== 'in-review')
        return refuse(
          'not-allowed-from-status',
          `This postmortem is ${STATUS_WORDS[current.status]}; only one in review can be marked reviewed.`,
        );
      if (req.actorAccountId === current.ownerAccountId)
        return refuse('owner-cannot-review', "The postmortem's owner cannot mark it reviewed: someone else records the review.");
      const rawNote = (action as { note?: unknown }).note;
      if (rawNote !== undefined && typeof rawNote !== 'string') return refuse('invalid-action', 'The review note must be text.');
      const note = rawNote?.trim();
      if (note !== undefined && note.length > MAX_REVIEW_NOTE)
        return refuse('note-too-long', `Keep the review note under ${MAX_REVIEW_NOTE} characters (it has ${note.length}).`);
      const review = note ? { reviewedBy: req.actorAccountId, reviewedAt: at, note } : { reviewedBy: req.actorAccountId, reviewedAt: at };
      return { ok: true, next: { ...current, status: 'reviewed', review } };
    }
    case 'reopen': {
      if (current.status === 'draft') return refuse('not-allowed-from-status', 'This postmortem is already a draft.');
      const next: PostmortemContentProperty = { ...current, status: 'draft' };
      delete next.review;
      delete next.requestedReviewAt;
      return { ok: true, next };
    }
    default:
      return refuse('invalid-action', 'Unknown review action.');
  }
}
