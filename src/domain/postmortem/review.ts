/**
 * The review workflow: draft → in-review → reviewed, and back to draft when reopened.
 *
 * - request-review (draft → in-review): anyone who may edit the page (the resolver checks that).
 *   The review gate: with open findings (required sections missing or holding only guidance,
 *   blameless or plain-language findings) it is refused unless the author gives a reason to go on;
 *   the reason and the open findings (a snapshot, at most MAX_STORED_FINDINGS) travel with the
 *   postmortem into the review queue (`reviewRequest`).
 * - mark-reviewed (in-review → reviewed): by someone other than the owner; records who, when and
 *   an optional note (at most 2000 characters). When the settings require findings settled, open
 *   findings (recomputed now) must be resolved, or accepted by the reviewer with a note.
 * - reopen (in-review or reviewed → draft): clears the review request and the review record.
 * Pure: the caller passes the current property, the actor, the time and the template check.
 */
import { AccountId } from '../../contracts/ids';
import { MAX_STORED_FINDINGS, PostmortemContentProperty, type PostmortemStatus, type ReviewFinding } from '../../contracts/properties';
import type { TemplateCheckProblem } from './check';
import type { LanguageFinding } from './language';

export const MAX_REVIEW_NOTE = 2000;

export type ReviewAction =
  { type: 'request-review'; reason?: string } | { type: 'mark-reviewed'; note?: string; acceptFindings?: boolean } | { type: 'reopen' };

export type ReviewRefusal =
  | 'invalid-property'
  | 'invalid-actor'
  | 'invalid-time'
  | 'invalid-action'
  | 'not-allowed-from-status'
  | 'template-incomplete'
  | 'findings-open'
  | 'owner-cannot-review'
  | 'note-too-long';

export type ReviewOutcome =
  | { ok: true; next: PostmortemContentProperty }
  | { ok: false; reason: ReviewRefusal; message: string; problems?: TemplateCheckProblem[]; findings?: ReviewFinding[] };

export interface ReviewRequest {
  current: unknown;
  action: ReviewAction;
  actorAccountId: string;
  now: Date;
  /** The template check of the page as it is now (needed for request-review). */
  templateCheck: { ok: boolean; problems: readonly TemplateCheckProblem[] };
  /** The blameless and plain-language findings of the page as it is now (recomputed, never from a payload). */
  languageFindings?: readonly LanguageFinding[];
  /** Marking reviewed requires open findings resolved or accepted (a setting). */
  requireSettledFindings?: boolean;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The open findings of a page: template problems first (template order), then language findings. */
export function openFindingsOf(
  templateProblems: readonly TemplateCheckProblem[],
  languageFindings: readonly LanguageFinding[],
): ReviewFinding[] {
  const out: ReviewFinding[] = templateProblems.map((p) => ({ kind: p.kind, section: clip(p.title, 100), text: clip(p.title, 200) }));
  for (const f of languageFindings) {
    out.push({
      kind: f.kind,
      section: clip(f.sectionTitle, 100),
      text: clip(f.match, 200),
      suggestion: clip(f.suggestion, 300),
      occurrences: Math.max(1, Math.min(100000, f.occurrences)),
    });
  }
  return out;
}

/** "2 required sections missing or empty, 3 findings to reword". */
export function describeOpenFindings(findings: readonly ReviewFinding[]): string {
  const sections = findings.filter((f) => f.kind === 'missing' || f.kind === 'guidance-only').length;
  const words = findings.length - sections;
  const parts: string[] = [];
  if (sections) parts.push(`${sections} required section${sections === 1 ? '' : 's'} missing or not written`);
  if (words) parts.push(`${words} blameless or plain-language finding${words === 1 ? '' : 's'}`);
  return parts.join(' and ');
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
      const problems = [...req.templateCheck.problems];
      if (!req.templateCheck.ok && problems.length === 0)
        return refuse('template-incomplete', 'It cannot go to review yet. The template check did not pass.');
      const findings = openFindingsOf(problems, req.languageFindings ?? []);
      const rawReason = (action as { reason?: unknown }).reason;
      if (rawReason !== undefined && typeof rawReason !== 'string') return refuse('invalid-action', 'The reason must be text.');
      const reason = rawReason?.trim() ?? '';
      if (reason.length > MAX_REVIEW_NOTE)
        return refuse('note-too-long', `Keep the reason under ${MAX_REVIEW_NOTE} characters (it has ${reason.length}).`);
      if (findings.length > 0 && reason === '') {
        const list = problems.map((p) => p.message).join(' ');
        const out: ReviewOutcome = {
          ok: false,
          reason: problems.length > 0 ? 'template-incomplete' : 'findings-open',
          message: `It has ${describeOpenFindings(findings)}. Fix them, or go on with a reason the review meeting will see.${list ? ` ${list}` : ''}`,
          findings: findings.slice(0, MAX_STORED_FINDINGS),
        };
        if (problems.length > 0) out.problems = problems;
        return out;
      }
      const reviewRequest = {
        requestedBy: req.actorAccountId,
        ...(findings.length > 0 ? { reason } : {}),
        findings: findings.slice(0, MAX_STORED_FINDINGS),
        findingsTotal: findings.length,
      };
      const next: PostmortemContentProperty = { ...current, status: 'in-review', requestedReviewAt: at, reviewRequest };
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
      const open = openFindingsOf(req.templateCheck.problems, req.languageFindings ?? []);
      const accept = (action as { acceptFindings?: unknown }).acceptFindings === true;
      if (req.requireSettledFindings && open.length > 0) {
        if (!accept)
          return {
            ok: false,
            reason: 'findings-open',
            message: `It still has ${describeOpenFindings(open)}. Have them fixed on the page, or accept them with a review note saying why.`,
            findings: open.slice(0, MAX_STORED_FINDINGS),
          };
        if (!note)
          return {
            ok: false,
            reason: 'findings-open',
            message: `Say in the review note why the ${open.length} open finding${open.length === 1 ? ' is' : 's are'} accepted.`,
            findings: open.slice(0, MAX_STORED_FINDINGS),
          };
      }
      const review: NonNullable<PostmortemContentProperty['review']> = note
        ? { reviewedBy: req.actorAccountId, reviewedAt: at, note }
        : { reviewedBy: req.actorAccountId, reviewedAt: at };
      if (accept && open.length > 0) review.acceptedFindings = open.length;
      return { ok: true, next: { ...current, status: 'reviewed', review } };
    }
    case 'reopen': {
      if (current.status === 'draft') return refuse('not-allowed-from-status', 'This postmortem is already a draft.');
      const next: PostmortemContentProperty = { ...current, status: 'draft' };
      delete next.review;
      delete next.requestedReviewAt;
      delete next.reviewRequest;
      return { ok: true, next };
    }
    default:
      return refuse('invalid-action', 'Unknown review action.');
  }
}
