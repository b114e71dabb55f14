/**
 * The panel's "Create postmortem" (manifest function `panel-resolver`): a Confluence page for the
 * incident the panel is on, created as the calling user in the configured space (under the
 * configured parent), titled from the incident, with the template body and the Postmortem macro
 * already configured for the incident, then linked both ways.
 *
 * One incident, one postmortem page, whatever the timing: the request claims the incident in app
 * storage first (a second "Create" meanwhile is told someone is creating it), and looks for the
 * page an earlier attempt already made (its title in the space, with this app's macro for the
 * incident) before creating one, so a retry after a failed link links that page instead of
 * making "... (2)".
 */
import { randomUUID } from 'node:crypto';
import { appIdentity } from '../../adapters/app';
import * as clock from '../../adapters/clock';
import * as confluence from '../../adapters/confluence';
import * as claims from '../../adapters/postmortem-claims';
import { readSettings } from '../../adapters/settings';
import { PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import { buildPostmortemDoc, buildPostmortemMacro, fillTimeline, findMacros } from '../../domain/postmortem';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import type { IssueCaller } from '../caller';
import { draftTimeline } from '../steps/timeline';
import {
  absolutePageUrl,
  blockingPostmortemOf,
  conflictRefusal,
  linkPage,
  requireEditableIncident,
  requireIncident,
} from '../steps/postmortem-link';

export const MACRO_MODULE_KEY = 'postmortem-macro';
const TITLE_ATTEMPTS = 3;

/** "Postmortem: OPS-12 Checkout outage" (Confluence titles are at most 255 characters). */
export function postmortemTitle(key: string, summary: string, attempt: number): string {
  const suffix = attempt > 1 ? ` (${attempt})` : '';
  const clean = summary.replace(/\s+/gu, ' ').trim();
  return `Postmortem: ${key}${clean ? ` ${clean}` : ''}`.slice(0, 255 - suffix.length) + suffix;
}

/**
 * A page an earlier "Create" made for `key` and did not link (its link failed): titled as this
 * call would title it, in the space, carrying this app's macro configured for `key`, and recorded
 * for no other incident. Read as the caller.
 */
async function earlierPageFor(key: string, spaceId: string, summary: string): Promise<confluence.PageWithBody | undefined> {
  const { appId } = appIdentity();
  for (let attempt = 1; attempt <= TITLE_ATTEMPTS; attempt += 1) {
    for (const found of await confluence.findSpacePagesByTitle('user', spaceId, postmortemTitle(key, summary, attempt))) {
      const page = await confluence.getPageWithBody('user', found.id);
      if (!page) continue;
      const ours = findMacros(page.adf, { moduleKey: MACRO_MODULE_KEY, appId }).some((m) => {
        const config = m.guestParams;
        return typeof config === 'object' && config !== null && (config as { incidentKey?: unknown }).incidentKey === key;
      });
      if (!ours) continue;
      const record = PostmortemContentProperty.safeParse(
        (await confluence.getPageProperty('user', page.id, POSTMORTEM_PROPERTY_KEY))?.value,
      );
      if (record.success && record.data.incidentKey !== key) continue;
      return page;
    }
  }
  return undefined;
}

export async function createPostmortem(
  payload: Input<'panel-resolver', 'createPostmortem'>,
  at: IssueCaller,
): Promise<Output<'panel-resolver', 'createPostmortem'>> {
  const { accountId } = at;
  const key = at.issueKey;
  const { settings } = await readSettings();
  const incident = await requireIncident(key, settings);
  if (!(await claims.claimIncident(key, { accountId, claimedAt: clock.now().getTime() }))) {
    throw new Refusal(
      'conflict',
      `Someone is creating the postmortem of ${key} right now. Reload the panel in a moment to open it: an incident has exactly one postmortem.`,
    );
  }
  try {
    return await createAndLink(key, incident, settings, payload.spaceKey, at, accountId);
  } finally {
    // Best effort: a claim that cannot be given back expires, and is taken over once stale.
    await claims.releaseIncident(key).catch((e: unknown) => console.warn(`createPostmortem: could not release the claim on ${key}:`, e));
  }
}

async function createAndLink(
  key: string,
  incident: Awaited<ReturnType<typeof requireIncident>>,
  settings: Awaited<ReturnType<typeof readSettings>>['settings'],
  chosenSpaceKey: string | undefined,
  at: IssueCaller,
  accountId: string,
) {
  await requireEditableIncident(incident);
  const existing = await blockingPostmortemOf(incident, '');
  if (existing.conflict) throw conflictRefusal(key, existing.conflict);

  const spaceKey = settings.confluence.spaceKey ?? chosenSpaceKey;
  if (!spaceKey) {
    throw new Refusal(
      'invalid-input',
      'No Confluence space is set for postmortems. Choose the space to create the page in, or ask a Jira admin to set one in Postmortem settings.',
      { spaceKey: 'Choose a space' },
    );
  }
  const space = await confluence.getSpaceByKey('user', spaceKey);
  if (!space) {
    throw new Refusal(
      'not-found',
      `The Confluence space ${spaceKey} does not exist or you do not have permission to see it. Ask a Jira admin to check the space in Postmortem settings, or ask for access to the space.`,
      {
        spaceKey: 'Not found',
      },
    );
  }

  const app = appIdentity();
  const macro = buildPostmortemMacro(
    { appId: app.appId, environmentId: app.environmentId, environmentType: app.environmentType, moduleKey: MACRO_MODULE_KEY },
    { localId: randomUUID(), config: { incidentKey: key } },
  );
  let adf: object = buildPostmortemDoc({ sections: settings.templateSections, macro });
  // The Timeline drafted from the incident's history (as the caller); without it, the page is still made.
  const hasTimeline = settings.templateSections.some((s) => s.body === 'timeline-table');
  const drafted = hasTimeline ? await draftTimeline(incident, settings) : undefined;
  let timeline: { events: number; complete: boolean; problem?: string } | undefined;
  if (drafted?.ok) {
    const filled = fillTimeline(adf, settings.templateSections, drafted.events, settings.timeZone);
    if (filled.ok) {
      adf = filled.doc;
      timeline = { events: filled.added.length, complete: drafted.complete };
    } else timeline = { events: 0, complete: false, problem: filled.message };
  } else if (drafted) timeline = { events: 0, complete: false, problem: drafted.problem };

  let created: confluence.PageWithBody | undefined = await earlierPageFor(key, space.id, incident.fields.summary ?? '');
  let lastRefusal = '';
  for (let attempt = 1; attempt <= TITLE_ATTEMPTS && !created; attempt += 1) {
    const res = await confluence.createPage('user', {
      spaceId: space.id,
      parentId: settings.confluence.parentPageId,
      title: postmortemTitle(key, incident.fields.summary ?? '', attempt),
      adf,
    });
    if (res.ok) created = res.value;
    else if (res.status === 401 || res.status === 403) {
      throw new Refusal(
        'forbidden',
        `You do not have permission to create pages in the Confluence space ${spaceKey}. Ask a space admin for access, then try again.`,
      );
    } else if (res.status === 404 && settings.confluence.parentPageId) {
      throw new Refusal(
        'not-found',
        `The parent page set for postmortems (${settings.confluence.parentPageId}) does not exist or you cannot see it. Ask a Jira admin to check Postmortem settings.`,
      );
    } else if (res.status === 400 || res.status === 409) {
      lastRefusal = res.message; // most likely a page with this title already exists: try another title
    } else throw new Refusal('product-error', `Confluence refused to create the page (status ${res.status}): ${res.message}`);
  }
  if (!created)
    throw new Refusal('product-error', `Confluence refused to create the page: ${lastRefusal || 'no reason given'}. Nothing was created.`);

  const page = {
    id: created.id,
    title: created.title,
    url: absolutePageUrl(created, at.siteUrl),
    spaceId: created.spaceId ?? space.id,
  };
  try {
    const postmortem = await linkPage({ page, accountId, incident, settings, now: clock.now() });
    return {
      incidentKey: key,
      page: { pageId: page.id, title: page.title, url: page.url },
      status: postmortem.status,
      dueDate: postmortem.dueDate,
      ...(timeline ? { timeline } : {}),
    };
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    throw new Refusal(
      err.code,
      `The page "${page.title}" was created, but linking it to ${key} failed: ${err.message} Open the page: its Postmortem macro offers to link it.`,
      err.fields,
      { ...err.details, createdPage: { pageId: page.id, title: page.title, url: page.url } },
    );
  }
}
