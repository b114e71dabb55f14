import * as clock from '../../adapters/clock';
import * as confluence from '../../adapters/confluence';
import * as jira from '../../adapters/jira';
import { readSettings } from '../../adapters/settings';
import { PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import { applyReviewAction, type ReviewAction } from '../../domain/postmortem';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import type { PageCaller } from '../caller';
import { INCIDENT_FIELDS } from '../steps/incident';
import { absolutePageUrl, PEOPLE_FIELDS, requireEditablePage, startingRecord, writeRecord } from '../steps/postmortem-link';
import { pageChecks } from './get-overview';
import { tellAboutReview } from './review-mail';

const KEY = POSTMORTEM_PROPERTY_KEY;

// ---------------------------------------------------------------------------------------------
// Review workflow

export async function reviewAction(
  payload: Input<'macro-resolver', 'reviewAction'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'reviewAction'>> {
  const { accountId } = at;
  const pageId = at.pageId;
  const { settings } = await readSettings();
  const page = await requireEditablePage(pageId, accountId);
  const current = await confluence.getPageProperty('user', pageId, KEY);
  const pm = PostmortemContentProperty.safeParse(current?.value);
  if (!current || !pm.success)
    throw new Refusal('invalid-input', 'This page is not linked to an incident yet: link it in the macro’s settings first.');
  const incident = await jira.getIssue('user', pm.data.incidentKey, [...INCIDENT_FIELDS, ...PEOPLE_FIELDS], [KEY]);
  if (!incident)
    throw new Refusal(
      'forbidden',
      `You do not have permission to see ${pm.data.incidentKey}, so you cannot change its postmortem’s status. Ask for access to its project.`,
    );
  // The step starts from the state the app sealed on the incident, not from the page's record,
  // which anyone who may edit the page can rewrite (docs/decisions/0017, "Costs and limits").
  const now = clock.now();
  const believed = await startingRecord(pm.data, { id: pageId, authorId: page.authorId }, incident, settings, now, accountId);
  const action: ReviewAction =
    payload.action === 'mark-reviewed'
      ? { type: payload.action, note: payload.note, acceptFindings: payload.acceptFindings }
      : payload.action === 'request-review'
        ? { type: payload.action, reason: payload.reason }
        : { type: payload.action };
  // The findings are the page's as the caller reads it now, never what the payload says.
  const { check: templateCheck, language } = await pageChecks(pageId, page, believed, incident, settings);
  for (const failed of [templateCheck, language]) {
    if (failed.state === 'failed') throw new Refusal('internal', `${failed.error} The review status was not changed.`);
  }
  if (templateCheck.state === 'failed' || language.state === 'failed') throw new Refusal('internal', 'A page check failed.');
  const outcome = applyReviewAction({
    current: believed,
    action,
    actorAccountId: accountId,
    now,
    templateCheck: templateCheck.result,
    languageFindings: language.result.findings,
    requireSettledFindings: settings.review.requireSettledFindings,
  });
  if (!outcome.ok) {
    const code =
      outcome.reason === 'owner-cannot-review' ? 'forbidden' : outcome.reason === 'not-allowed-from-status' ? 'conflict' : 'invalid-input';
    const details: Record<string, unknown> = {};
    if (outcome.problems) details.problems = outcome.problems;
    if (outcome.findings) details.findings = outcome.findings;
    throw new Refusal(code, outcome.message, undefined, Object.keys(details).length ? details : undefined);
  }
  const pageUrl = absolutePageUrl(page, at.siteUrl);
  await writeRecord(
    { id: pageId, title: page.title, url: pageUrl, unpublished: page.status === 'draft' },
    current,
    outcome.next,
    incident.id,
  );
  // The people the transition concerns hear about it, once (./review-mail.ts); the transition stands whatever the mail does.
  const told = await tellAboutReview({
    transition: payload.action,
    next: outcome.next,
    pageId,
    pageTitle: page.title,
    pageUrl,
    recordVersion: (current.version?.number ?? 1) + 1,
    incident,
    siteUrl: at.siteUrl,
    actorAccountId: accountId,
    settings,
  });
  return told ? { postmortem: outcome.next, told } : { postmortem: outcome.next };
}
