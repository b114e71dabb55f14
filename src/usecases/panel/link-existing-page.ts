/**
 * The panel's "Link an existing page" (manifest function `panel-resolver`): search the Confluence
 * pages the calling user may see (in the configured postmortem space, when one is set) and link
 * one of them to the incident the panel is on.
 *
 * The incident comes from the Forge at, never from the payload; the page id in the payload
 * is attacker-controlled, so the caller must be able to see and edit that page (checked as them,
 * `requireEditablePage`) and browse the incident (`requireIncident`) before anything is written.
 * The link itself is `linkPage` (both ways, undone on failure). A page without the Postmortem
 * macro then gets one at the top, configured for the incident, through the same version-safe
 * update as "Add missing sections"; if that cannot be done the link stands and the answer says
 * how to insert the macro by hand.
 */
import { randomUUID } from 'node:crypto';
import { appIdentity } from '../../adapters/app';
import * as clock from '../../adapters/clock';
import * as confluence from '../../adapters/confluence';
import { ProductError } from '../../adapters/http';
import { readSettings } from '../../adapters/settings';
import { type PageOption } from '../../contracts/panel-postmortem';
import { PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import { buildPostmortemMacro, findMacros } from '../../domain/postmortem';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import type { IssueCaller } from '../caller';
import { MACRO_MODULE_KEY } from './create-postmortem';
import { absolutePageUrl, linkPage, requireEditablePage, requireIncident } from '../steps/postmortem-link';

/** At most this many listing calls per search (250 pages each). */
const SCAN_CALLS = 3;
/** At most this many pages in an answer. */
const SHOWN = 20;
/** Attempts to insert the macro when someone saves the page in between (409). */
const INSERT_ATTEMPTS = 5;

/** A page id typed or pasted as the query: digits, or a Confluence page URL (…/pages/123/… or ?pageId=123). */
export function pageIdInQuery(query: string): string | undefined {
  const q = query.trim();
  if (/^[1-9][0-9]{0,18}$/.test(q)) return q;
  const m = /\/pages\/([1-9][0-9]{0,18})(?:[/?#]|$)/.exec(q) ?? /[?&]pageId=([1-9][0-9]{0,18})(?:[&#]|$)/.exec(q);
  return m?.[1];
}

/** Whether every typed word appears in the title (case-insensitive). */
export function titleMatches(title: string, words: readonly string[]): boolean {
  const hay = title.toLocaleLowerCase('en');
  return words.every((w) => hay.includes(w));
}

function optionOf(page: confluence.Page, at: IssueCaller): PageOption {
  return { pageId: page.id, title: page.title.slice(0, 255), url: absolutePageUrl(page, at.siteUrl).slice(0, 2000) };
}

async function postmortemSpace(spaceKey: string | undefined): Promise<confluence.Space | undefined> {
  if (!spaceKey) return undefined;
  const space = await confluence.getSpaceByKey('user', spaceKey);
  if (!space) {
    throw new Refusal(
      'not-found',
      `Postmortems live in the Confluence space ${spaceKey}, which does not exist or you do not have permission to see. Ask a space admin for access, or ask a Jira admin to check the space in Postmortem settings.`,
    );
  }
  return space;
}

export async function searchPages(
  payload: Input<'panel-resolver', 'searchPages'>,
  at: IssueCaller,
): Promise<Output<'panel-resolver', 'searchPages'>> {
  const { settings } = await readSettings();
  // only from the panel of an incident the caller may browse (one Jira read before any Confluence search)
  await requireIncident(at.issueKey, settings);
  const spaceKey = settings.confluence.spaceKey ?? null;
  const space = await postmortemSpace(settings.confluence.spaceKey);
  const query = payload.query.trim();

  const direct = pageIdInQuery(query);
  if (direct) {
    const page = await confluence.getPage('user', direct);
    const fits = page && (!space || page.spaceId === space.id);
    return { pages: fits ? [optionOf(page, at)] : [], more: false, spaceKey };
  }

  const words = query.toLocaleLowerCase('en').split(/\s+/u).filter(Boolean);
  const hits: confluence.Page[] = [];
  let cursor: string | undefined;
  for (let call = 0; call < SCAN_CALLS && hits.length <= SHOWN; call += 1) {
    const listing = space ? await confluence.listSpacePages('user', space.id, cursor) : await confluence.listPages('user', cursor);
    hits.push(...listing.pages.filter((p) => titleMatches(p.title, words)));
    cursor = listing.cursor;
    if (!cursor) break;
  }
  return { pages: hits.slice(0, SHOWN).map((p) => optionOf(p, at)), more: hits.length > SHOWN || cursor !== undefined, spaceKey };
}

type MacroOutcome = { macro: 'present' | 'added' | 'not-added'; notice: string | null };

function byHand(key: string, why: string): MacroOutcome {
  return {
    macro: 'not-added',
    notice: `The page is linked to ${key}, but ${why} Insert the Postmortem macro on the page (it picks up ${key} by itself) to see its due date and checks there.`,
  };
}

/** Puts the Postmortem macro, configured for `key`, at the top of the page unless it has one; never overwrites a concurrent edit. */
async function ensureMacro(first: confluence.PageWithBody, key: string): Promise<MacroOutcome> {
  const app = appIdentity();
  let page = first;
  for (let attempt = 1; attempt <= INSERT_ATTEMPTS; attempt += 1) {
    if (attempt > 1) {
      const fresh = await confluence.getPageWithBody('user', page.id);
      if (!fresh) return byHand(key, 'the page could no longer be read to add the Postmortem macro.');
      page = fresh;
    }
    if (findMacros(page.adf, { moduleKey: MACRO_MODULE_KEY, appId: app.appId }).length > 0) return { macro: 'present', notice: null };
    const doc = page.adf;
    if (
      !doc ||
      typeof doc !== 'object' ||
      (doc as { type?: unknown }).type !== 'doc' ||
      !Array.isArray((doc as { content?: unknown }).content)
    ) {
      return byHand(key, 'its body could not be read, so the app left it alone.');
    }
    const macro = buildPostmortemMacro(
      { appId: app.appId, environmentId: app.environmentId, environmentType: app.environmentType, moduleKey: MACRO_MODULE_KEY },
      { localId: randomUUID(), config: { incidentKey: key } },
    );
    const body = { ...(doc as Record<string, unknown>), content: [macro, ...(doc as { content: unknown[] }).content] };
    const saved = await confluence.updatePageBody(
      'user',
      page,
      body,
      page.version.number + 1,
      `Postmortem app: inserted the Postmortem macro for ${key}`,
    );
    if (saved.ok) return { macro: 'added', notice: null };
    if (saved.status === 409) continue; // someone saved in between: re-read, re-check, retry
    return byHand(key, `Confluence refused to add the Postmortem macro to it (status ${saved.status}: ${saved.message}).`);
  }
  return byHand(key, 'the page kept changing while the app tried to add the Postmortem macro.');
}

export async function linkExistingPage(
  payload: Input<'panel-resolver', 'linkExistingPage'>,
  at: IssueCaller,
): Promise<Output<'panel-resolver', 'linkExistingPage'>> {
  const { accountId } = at;
  const key = at.issueKey;
  const { settings } = await readSettings();
  const incident = await requireIncident(key, settings);
  const page = await requireEditablePage(payload.pageId, accountId);
  const spaceKey = settings.confluence.spaceKey;
  if (spaceKey) {
    const space = await postmortemSpace(spaceKey);
    if (!space || page.spaceId !== space.id) {
      throw new Refusal(
        'invalid-input',
        `“${page.title}” is not in the postmortem space ${spaceKey}. Pick a page from the list, or move the page into ${spaceKey} first.`,
        {
          pageId: `Not in space ${spaceKey}`,
        },
      );
    }
  }
  const info = { id: page.id, title: page.title, url: absolutePageUrl(page, at.siteUrl), spaceId: page.spaceId, creatorId: page.authorId };
  const ref = { pageId: info.id, title: info.title.slice(0, 255), url: info.url.slice(0, 2000) };

  // A page that is already another incident's postmortem is not moved from the panel: that is a
  // deliberate relink, made in the page's macro settings.
  const current = PostmortemContentProperty.safeParse((await confluence.getPageProperty('user', page.id, POSTMORTEM_PROPERTY_KEY))?.value);
  if (current.success && current.data.incidentKey !== key) {
    throw new Refusal(
      'conflict',
      `“${page.title}” is already the postmortem of ${current.data.incidentKey}. A page belongs to one incident: pick another page or create a new postmortem for ${key}. To move this page to ${key}, open it and pick ${key} in its Postmortem macro’s settings.`,
      undefined,
      { page: ref, incidentKey: current.data.incidentKey },
    );
  }

  const postmortem = await linkPage({ page: info, accountId, incident, settings, now: clock.now() });

  let outcome: MacroOutcome;
  try {
    outcome = await ensureMacro(page, key);
  } catch (err) {
    if (!(err instanceof ProductError)) throw err;
    outcome = byHand(key, `Confluence did not answer properly when the app tried to add the Postmortem macro (status ${err.status}).`);
  }
  return { incidentKey: key, page: ref, status: postmortem.status, dueDate: postmortem.dueDate, ...outcome };
}
