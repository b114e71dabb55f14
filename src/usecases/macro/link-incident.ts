/** Linking the macro's page to an incident, and unlinking it, both ways (src/usecases/steps/postmortem-link.ts). */
import * as clock from '../../adapters/clock';
import { readSettings } from '../../adapters/settings';
import type { Input, Output } from '../types';
import type { PageCaller } from '../caller';
import { absolutePageUrl, linkPage, requireEditablePage, requireIncident, unlinkPage } from '../steps/postmortem-link';

// ---------------------------------------------------------------------------------------------
// Link, unlink

export async function linkIncident(
  payload: Input<'macro-resolver', 'linkIncident'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'linkIncident'>> {
  const { accountId } = at;
  const pageId = at.pageId;
  const { settings } = await readSettings();
  const page = await requireEditablePage(pageId, accountId);
  const incident = await requireIncident(payload.incidentKey, settings);
  const postmortem = await linkPage({
    page: {
      id: pageId,
      title: page.title,
      url: absolutePageUrl(page, at.siteUrl),
      spaceId: page.spaceId,
      unpublished: page.status === 'draft',
      creatorId: page.authorId,
    },
    accountId,
    incident,
    settings,
    now: clock.now(),
  });
  return { postmortem, config: { incidentKey: postmortem.incidentKey } };
}

export async function unlinkIncident(
  _payload: Input<'macro-resolver', 'unlinkIncident'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'unlinkIncident'>> {
  const { accountId } = at;
  const pageId = at.pageId;
  await requireEditablePage(pageId, accountId);
  return { unlinkedFrom: await unlinkPage(pageId) };
}
