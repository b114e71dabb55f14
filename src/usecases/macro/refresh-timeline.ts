import * as confluence from '../../adapters/confluence';
import { readSettings } from '../../adapters/settings';
import { PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import { fillTimeline } from '../../domain/postmortem';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import type { PageCaller } from '../caller';
import { draftTimeline } from '../steps/timeline';
import { requireEditablePage, requireIncident } from '../steps/postmortem-link';
import { requireNobodyEditing } from './page-editing';

const KEY = POSTMORTEM_PROPERTY_KEY;

// ---------------------------------------------------------------------------------------------
// "Refresh timeline from Jira": adds the incident's events newer than the Timeline's newest
// generated row; rows the author wrote or changed stay as they are (src/domain/postmortem/timeline.ts).

export async function refreshTimeline(
  _payload: Input<'macro-resolver', 'refreshTimeline'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'refreshTimeline'>> {
  const { accountId } = at;
  const pageId = at.pageId;
  const { settings } = await readSettings();
  const page = await requireEditablePage(pageId, accountId);
  const record = PostmortemContentProperty.safeParse((await confluence.getPageProperty('user', pageId, KEY))?.value);
  if (!record.success)
    throw new Refusal('not-found', 'This page is not linked to an incident. Link it in the macro’s settings, then refresh the timeline.');
  const incident = await requireIncident(record.data.incidentKey, settings);
  const drafted = await draftTimeline(incident, settings);
  if (!drafted.ok) throw new Refusal('product-error', `${drafted.problem} Nothing was changed.`);
  const filled = fillTimeline(page.adf, settings.templateSections, drafted.events, settings.timeZone);
  if (!filled.ok) throw new Refusal('invalid-input', `${filled.message} Nothing was changed.`);
  if (filled.added.length === 0) return { added: 0, complete: drafted.complete };
  await requireNobodyEditing(page, accountId, 'Refresh it once the page is published.', '“Refresh timeline from Jira”');
  const n = filled.added.length;
  const saved = await confluence.updatePageBody(
    'user',
    page,
    filled.doc,
    page.version.number + 1,
    `Postmortem app: added ${n} event${n === 1 ? '' : 's'} from ${incident.key}’s history to the timeline`,
  );
  if (saved.ok) return { added: n, complete: drafted.complete };
  if (saved.status === 409)
    throw new Refusal(
      'conflict',
      'Someone published a new version of this page meanwhile. Nothing was changed, so their version is kept: reload the page and refresh again.',
    );
  if (saved.status === 401 || saved.status === 403)
    throw new Refusal('forbidden', 'Confluence refused: you do not have permission to edit this page. Nothing was changed.');
  throw new Refusal('product-error', `Confluence refused to save the page (status ${saved.status}): ${saved.message} Nothing was changed.`);
}
