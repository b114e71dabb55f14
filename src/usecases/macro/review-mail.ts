/**
 * After a review transition was recorded: tell the people it concerns (README, "What it does":
 * the review gate). Entering review mails the configured reviewers (people and a Jira group);
 * marked reviewed or reopened mails the owner. Sent with Jira's notify on the incident, as the
 * app (Jira mails only those who may browse the incident: docs/platform.md, Jira REST), once per
 * transition: the transition's key is claimed in app storage first (src/adapters/review-mails.ts).
 * Never undoes the transition: what happened to the mail is said in a sentence for the person.
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import { claimReviewMail, releaseReviewMail } from '../../adapters/review-mails';
import type { PostmortemContentProperty } from '../../contracts/properties';
import type { Settings } from '../../contracts/settings';
import { hasRecipients, reviewMail, reviewMailKey, reviewMailRecipients, type ReviewTransition } from '../../domain/postmortem';

export interface ReviewMailContext {
  transition: ReviewTransition;
  next: PostmortemContentProperty;
  pageId: string;
  pageTitle: string;
  pageUrl: string;
  /** The version of the page's `postmortem` record the transition wrote. */
  recordVersion: number;
  incident: jira.Issue;
  siteUrl: string | undefined;
  actorAccountId: string;
  settings: Settings;
}

/** Sends the transition's mail (once) and says what became of it, for the person who acted. */
export async function tellAboutReview(c: ReviewMailContext): Promise<string> {
  const to = reviewMailRecipients(c.transition, c.next, c.settings.reviewers, c.actorAccountId);
  if (!hasRecipients(to)) {
    if (c.transition === 'request-review')
      return 'No reviewers are set in the app’s settings, so nobody was mailed: a Jira admin can name them under Notifications.';
    return '';
  }
  const key = reviewMailKey(c.pageId, c.transition, c.recordVersion);
  try {
    if (!(await claimReviewMail(key, { accountId: c.actorAccountId, at: clock.now().toISOString() }))) return '';
  } catch (e) {
    console.error('review mail: could not claim the mail:', e instanceof Error ? e.message : String(e));
    return 'The mail about it could not be sent (the app’s storage did not answer); tell them yourself.';
  }
  const me = await jira.myself().catch(() => undefined);
  const mail = reviewMail({
    transition: c.transition,
    next: c.next,
    incidentSummary: c.incident.fields.summary ?? c.incident.key,
    pageTitle: c.pageTitle,
    pageUrl: c.pageUrl,
    siteUrl: c.siteUrl ?? siteOf(c.pageUrl),
    actorName: me?.displayName ?? 'Someone',
  });
  const body = {
    subject: mail.subject,
    textBody: mail.textBody,
    htmlBody: mail.htmlBody,
    to: {
      reporter: false,
      assignee: false,
      watchers: false,
      voters: false,
      users: to.accountIds.map((accountId) => ({ accountId })),
      ...(to.groupName ? { groups: [{ name: to.groupName }] } : {}),
    },
  };
  const sent = await jira.notifyIssue({ calls: 0 }, c.incident.key, body).catch((e: unknown) => ({
    ok: false as const,
    status: 0,
    message: e instanceof Error ? e.message : String(e),
  }));
  if (!sent.ok) {
    console.error(`review mail: Jira did not take the mail about ${c.incident.key}: ${sent.message}`);
    await releaseReviewMail(key).catch(() => undefined);
    return `Jira did not send the mail about it (${sent.message.slice(0, 200)}); tell them yourself.`;
  }
  if (c.transition === 'request-review') return 'The reviewers were told by mail.';
  return 'The owner was told by mail.';
}

/** `https://site` of a page URL like `https://site/wiki/spaces/...`. */
function siteOf(pageUrl: string): string {
  const m = /^(https?:\/\/[^/]+)/.exec(pageUrl);
  return m?.[1] ?? '';
}
