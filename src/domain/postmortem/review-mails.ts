/**
 * The mails of the review workflow (README, "The sweep's policy"; docs/architecture.md): the
 * reviewers are told when a postmortem enters the review queue, its owner when it is marked
 * reviewed or reopened. Who gets each and the words, pure; the use case sends them through Jira's
 * notify on the incident (src/usecases/macro/review-mail.ts), once per transition.
 *
 * Every piece of product text is made visible one-line text first (`oneLine`), every URL must be a
 * safe absolute http(s) URL (`safeUrl`) or is left out, HTML is built only through `html`.
 */
import type { PostmortemContentProperty, ReviewFinding } from '../../contracts/properties';
import { html, joinHtml, link, oneLine, safeUrl, type SafeHtml } from '../html';
import { describeOpenFindings } from './review';

export type ReviewTransition = 'request-review' | 'mark-reviewed' | 'reopen';

export interface ReviewMail {
  subject: string;
  textBody: string;
  htmlBody: string;
}

export interface ReviewMailInput {
  transition: ReviewTransition;
  /** The postmortem record as the transition wrote it. */
  next: PostmortemContentProperty;
  incidentSummary: string;
  pageTitle: string;
  pageUrl: string;
  /** The site's base URL, for the incident's link; '' when unknown. */
  siteUrl: string;
  /** Who made the transition, by name. */
  actorName: string;
}

/** Who a transition's mail goes to: named people (never the person who acted) and a Jira group. */
export interface ReviewMailRecipients {
  accountIds: string[];
  groupName?: string;
}

/** Findings listed in a mail; the rest are counted. */
export const FINDINGS_IN_MAIL = 10;

/**
 * The recipients of a transition's mail: on entering review, the configured reviewers and
 * reviewer group (the sender left out); on reviewed or reopened, the owner unless the owner acted.
 */
export function reviewMailRecipients(
  transition: ReviewTransition,
  next: PostmortemContentProperty,
  reviewers: { accountIds: readonly string[]; groupName?: string | undefined },
  actorAccountId: string,
): ReviewMailRecipients {
  if (transition === 'request-review') {
    const accountIds = [...new Set(reviewers.accountIds)].filter((id) => id !== actorAccountId);
    return reviewers.groupName ? { accountIds, groupName: reviewers.groupName } : { accountIds };
  }
  return { accountIds: next.ownerAccountId === actorAccountId ? [] : [next.ownerAccountId] };
}

export function hasRecipients(r: ReviewMailRecipients): boolean {
  return r.accountIds.length > 0 || r.groupName !== undefined;
}

/**
 * The key that makes a transition's mail go out once: the page, the transition and the version of
 * the page's `postmortem` record the transition wrote (a record version is written once: a
 * concurrent write of the same version is refused with 409).
 */
export function reviewMailKey(pageId: string, transition: ReviewTransition, recordVersion: number): string {
  return `review-mail:${pageId}:${recordVersion}:${transition}`;
}

const SUBJECT_MAX = 200;
const KEY_MAX = 40;

const FINDING_WORDS: Record<ReviewFinding['kind'], string> = {
  missing: 'required section missing',
  'guidance-only': 'required section still holds only the template’s guidance',
  mention: 'an @mention to reword (blameless)',
  'person-name': 'a person’s name to reword (blameless)',
  'internal-name': 'an internal name to explain (plain language)',
};

/**
 * A finding as a mail lists it: its section and kind, never the words found. Jira mails whoever
 * may browse the incident, who may not be allowed to read the page, so no page text goes into the
 * mail but the title (as the sweep's mails carry it); the reason is the author's own words to the
 * review meeting.
 */
function findingLine(f: ReviewFinding): string {
  const section = oneLine(f.section, 100);
  const times = f.occurrences && f.occurrences > 1 ? ` (${f.occurrences} times)` : '';
  return `“${section}”: ${FINDING_WORDS[f.kind]}${times}`;
}

function htmlDoc(body: SafeHtml): string {
  return html`<div style="font-family: -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; font-size: 14px; color: #172B4D">
    ${body}
    <p style="color: #6B778C; font-size: 12px">Sent by Postmortems for Confluence and Jira.</p>
  </div>`
    .toString()
    .replace(/\s*\n\s*/g, ' ');
}

function incidentUrl(siteUrl: string, key: string): string | undefined {
  return safeUrl(`${siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`);
}

/** The words of a transition's mail. */
export function reviewMail(input: ReviewMailInput): ReviewMail {
  const key = oneLine(input.next.incidentKey, KEY_MAX);
  const title = oneLine(input.pageTitle);
  const summary = oneLine(input.incidentSummary);
  const actor = oneLine(input.actorName, 100);
  const pageUrl = safeUrl(input.pageUrl);
  const issueUrl = incidentUrl(input.siteUrl, input.next.incidentKey);
  const links = {
    text: [pageUrl ? `Postmortem: ${pageUrl}` : undefined, `Incident: ${key} ${summary}${issueUrl ? ` ${issueUrl}` : ''}`],
    html: html`<p>${pageUrl ? html`${link(pageUrl, 'Open the postmortem')} · ` : ''}incident ${link(issueUrl, key)} “${summary}”</p>`,
  };
  const lines = (xs: (string | undefined)[]) => xs.filter((x): x is string => x !== undefined).join('\n');
  const subject = (s: string) => oneLine(s, SUBJECT_MAX);

  if (input.transition === 'request-review') {
    const request = input.next.reviewRequest;
    const findings = request?.findings ?? [];
    const total = request?.findingsTotal ?? findings.length;
    const shown = findings.slice(0, FINDINGS_IN_MAIL);
    const more = total - shown.length;
    const reason = request?.reason ? oneLine(request.reason, 2000) : undefined;
    const open =
      total > 0
        ? `It went with ${describeOpenFindings(findings)}${more > 0 ? ` (${total} in all)` : ''} open.`
        : 'It went with no open findings.';
    return {
      subject: subject(`Postmortem for ${key} is ready for review: ${title}`),
      textBody: lines([
        `${actor} sent the postmortem "${title}" for incident ${key} to review. It is in the review queue for the next review meeting.`,
        open,
        ...shown.map((f) => `- ${findingLine(f)}`),
        more > 0 ? `- and ${more} more, listed on the page` : undefined,
        reason ? `Their reason to go on with them: ${reason}` : undefined,
        '',
        ...links.text,
      ]),
      htmlBody: htmlDoc(
        html`<p>${actor} sent the postmortem ${link(pageUrl, html`<b>${title}</b>`)} for incident <b>${key}</b> to review. It is in the review queue for the next review meeting.</p><p>${open}</p>${
          shown.length > 0
            ? html`<ul>${joinHtml(shown.map((f) => html`<li>${findingLine(f)}</li>`))}${more > 0 ? html`<li>and ${more} more, listed on the page</li>` : ''}</ul>`
            : ''
        }${reason ? html`<p>Their reason to go on with them: “${reason}”</p>` : ''}${links.html}`,
      ),
    };
  }
  if (input.transition === 'mark-reviewed') {
    const note = input.next.review?.note ? oneLine(input.next.review.note, 2000) : undefined;
    const accepted = input.next.review?.acceptedFindings;
    const acceptedLine = accepted ? `${actor} accepted ${accepted} open finding${accepted === 1 ? '' : 's'} as they are.` : undefined;
    return {
      subject: subject(`Your postmortem for ${key} was marked reviewed: ${title}`),
      textBody: lines([
        `${actor} marked your postmortem "${title}" for incident ${key} reviewed.`,
        acceptedLine,
        note ? `Their note: ${note}` : undefined,
        'Its action items stay open until they are done; you are reminded of them before their due dates.',
        '',
        ...links.text,
      ]),
      htmlBody: htmlDoc(
        html`<p>${actor} marked your postmortem ${link(pageUrl, html`<b>${title}</b>`)} for incident <b>${key}</b> <b>reviewed</b>.</p>${
          acceptedLine ? html`<p>${acceptedLine}</p>` : ''
        }${note ? html`<p>Their note: “${note}”</p>` : ''}<p>Its action items stay open until they are done; you are reminded of them before their due dates.</p>${links.html}`,
      ),
    };
  }
  return {
    subject: subject(`Your postmortem for ${key} was reopened: ${title}`),
    textBody: lines([
      `${actor} reopened your postmortem "${title}" for incident ${key}: it is a draft again and has left the review queue.`,
      'Make the changes the review asked for, then send it to review again.',
      '',
      ...links.text,
    ]),
    htmlBody: htmlDoc(
      html`<p>${actor} <b>reopened</b> your postmortem ${link(pageUrl, html`<b>${title}</b>`)} for incident <b>${key}</b>: it is a draft again and has left the review queue.</p><p>Make the changes the review asked for, then send it to review again.</p>${links.html}`,
    ),
  };
}
