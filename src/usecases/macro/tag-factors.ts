/**
 * Tagging a reviewed postmortem with contributing factors from the admins' taxonomy. Only someone
 * who may edit the page (asked of Confluence as them) and browse the incident tags it; the factors
 * go to the page's record (as them) and to the incident's `postmortem` issue property (as the app,
 * only where it points at this page), where JQL finds them (`postmortemFactor = "capacity"`).
 */
import * as clock from '../../adapters/clock';
import * as confluence from '../../adapters/confluence';
import * as jira from '../../adapters/jira';
import { readSettings } from '../../adapters/settings';
import { PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import { canTagFactors, chooseFactors } from '../../domain/postmortem';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import type { PageCaller } from '../caller';
import { INCIDENT_FIELDS } from '../steps/incident';
import { absolutePageUrl, requireEditablePage, startingRecord, writeRecord } from '../steps/postmortem-link';

const KEY = POSTMORTEM_PROPERTY_KEY;

export async function tagFactors(
  payload: Input<'macro-resolver', 'tagFactors'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'tagFactors'>> {
  const { settings } = await readSettings();
  const page = await requireEditablePage(at.pageId, at.accountId);
  const current = await confluence.getPageProperty('user', at.pageId, KEY);
  const pm = PostmortemContentProperty.safeParse(current?.value);
  if (!current || !pm.success)
    throw new Refusal('invalid-input', 'This page is not linked to an incident yet: link it in the macro’s settings first.');
  const incident = await jira.getIssue('user', pm.data.incidentKey, INCIDENT_FIELDS, [KEY]);
  if (!incident)
    throw new Refusal(
      'forbidden',
      `You do not have permission to see ${pm.data.incidentKey}, so you cannot tag its postmortem. Ask for access to its project.`,
    );
  // Reviewed only as the app sealed it on the incident, not as the page's record says (docs/decisions/0017).
  const believed = await startingRecord(pm.data, { id: at.pageId, authorId: page.authorId }, incident, settings, clock.now(), at.accountId);
  if (!canTagFactors(believed.status))
    throw new Refusal(
      'conflict',
      'Contributing factors are tagged once the postmortem is reviewed: the review settles what contributed. Tag it after it is marked reviewed.',
    );
  const chosen = chooseFactors(payload.factors, settings.contributingFactors, believed.factors ?? []);
  if (!chosen.ok) throw new Refusal('invalid-input', chosen.message, { factors: chosen.message });
  const next: PostmortemContentProperty = { ...believed };
  if (chosen.factors.length > 0) next.factors = chosen.factors;
  else delete next.factors;
  await writeRecord(
    { id: at.pageId, title: page.title, url: absolutePageUrl(page, at.siteUrl), unpublished: page.status === 'draft' },
    current,
    next,
    incident.id,
  );
  return { postmortem: next };
}
