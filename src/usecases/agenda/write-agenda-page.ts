/**
 * The weekly review agenda page (README, "The sweep's policy"): once a week, on the settings'
 * agenda weekday from the send hour (site time zone; src/domain/agenda/week.ts), an hourly
 * trigger run that does not start the sweep (src/triggers/sweep/agenda.ts) creates, or updates in place, ONE page under the postmortems' parent page, titled
 * "Postmortem review, week of <Monday>", whose body is only the agenda macro and a short intro
 * (src/domain/agenda/page.ts). The macro lists the review queue, late postmortems and overdue
 * items as each reader may see them; nothing about incidents, items or people is written into
 * the page with the app's rights.
 *
 * The page id is kept in app storage; the week is marked done only after its page was written, so
 * a failed hour is tried again the next hour. A page that is gone (deleted) is created again; a
 * create refused because the title is taken (titles are unique per space) takes that page over
 * only when it holds nothing but this app's agenda macro; anybody's page is left as it is and the
 * failure says so. Every outcome is recorded for the settings page (docs/platform.md, Confluence).
 */
import { randomUUID } from 'node:crypto';
import * as agenda from '../../adapters/agenda';
import { appIdentity } from '../../adapters/app';
import * as clock from '../../adapters/clock';
import * as confluence from '../../adapters/confluence';
import { ProductError } from '../../adapters/http';
import type { AgendaOutcome, AgendaOutcomeStatus } from '../../contracts/agenda';
import type { Settings } from '../../contracts/settings';
import { agendaDue, buildAgendaDoc, buildAgendaMacro, isAgendaOnly } from '../../domain/agenda';
import { longDate } from '../../domain/dates';

export type AgendaStepResult = { status: 'not-due'; reason: string } | { status: AgendaOutcomeStatus; outcome: AgendaOutcome };

const RETRY = 'The app tries again within the hour.';

interface Week {
  monday: string;
  title: string;
}

function message(e: unknown): string {
  if (e instanceof ProductError) return e.productMessage() ?? `Confluence answered ${e.status}`;
  return e instanceof Error ? e.message : String(e);
}

function pageUrl(page: { id: string; _links?: { base?: string } | undefined }, spaceKey: string): string {
  return `${page._links?.base ?? '/wiki'}/spaces/${encodeURIComponent(spaceKey)}/pages/${page.id}`;
}

type Written = Omit<AgendaOutcome, 'at' | 'week'>;

/** Writes this week's page; answers what happened (never throws for a refusal Confluence answers). */
async function writePage(settings: Settings, week: Week): Promise<Written> {
  const { spaceKey, parentPageId } = settings.confluence;
  if (!spaceKey || !parentPageId) {
    return {
      status: 'skipped',
      message:
        'No Confluence space and parent page are set for postmortems, so the agenda page has nowhere to go. Set both under Confluence in these settings.',
    };
  }
  let space: confluence.Space | undefined;
  try {
    space = await confluence.getSpaceByKey('app', spaceKey);
  } catch (e) {
    if (e instanceof ProductError && [401, 403].includes(e.status)) {
      return {
        status: 'skipped',
        message: `Confluence refused the app (${e.status}): it is probably not connected to this app yet (Jira is required, Confluence optional). Connect Confluence to the app; ${RETRY.toLowerCase()}`,
      };
    }
    throw e;
  }
  if (!space) {
    return {
      status: 'failed',
      message: `Confluence has no space ${spaceKey} that the app can see. Check the space in these settings. ${RETRY}`,
    };
  }
  const app = appIdentity();
  const body = buildAgendaDoc(
    buildAgendaMacro({ appId: app.appId, environmentId: app.environmentId, environmentType: app.environmentType }, randomUUID()),
  );
  const versionMessage = `Agenda for the week of ${longDate(week.monday)}`;
  const done = (status: AgendaOutcomeStatus, page: { id: string; _links?: { base?: string } }, what: string): Written => ({
    status,
    message: what,
    page: { id: page.id, title: week.title, url: pageUrl(page, spaceKey) },
  });

  // 1. The stored page: updated in place (same id, new title, next version).
  const stored = await agenda.readAgendaPage();
  if (stored && stored.spaceId === space.id) {
    const page = await confluence.getPageWithBody('app', stored.pageId);
    if (page && page.status !== 'draft') {
      if (page.title === week.title && isAgendaOnly(page.adf, app.appId) && page.parentId === parentPageId) {
        return done('updated', page, `Agenda page updated: ${week.title}.`);
      }
      const res = await confluence.updatePageBody(
        'app',
        { id: page.id, title: week.title },
        body,
        page.version.number + 1,
        versionMessage,
        {
          parentId: parentPageId,
        },
      );
      if (res.ok) return done('updated', page, `Agenda page updated: ${week.title} (version ${res.value}).`);
      if (res.status === 409) {
        return { status: 'failed', message: `Someone saved the agenda page (${page.id}) while the app was updating it. ${RETRY}` };
      }
      if (res.status !== 404) {
        return {
          status: 'failed',
          message: `Confluence refused to update the agenda page ${page.id} to "${week.title}" (${res.status}: ${res.message}). If another page of space ${spaceKey} has that title, rename it. ${RETRY}`,
        };
      }
      // Gone between the read and the write: created again below.
    }
  }

  // 2. No page (first week, or it was deleted): a new one under the parent.
  const created = await confluence.createPage('app', { spaceId: space.id, parentId: parentPageId, title: week.title, adf: body });
  if (created.ok) {
    await agenda.writeAgendaPage({ pageId: created.value.id, spaceId: space.id });
    return done('created', created.value, `Agenda page created: ${week.title}.`);
  }
  if (created.status === 403 || created.status === 404) {
    return {
      status: 'failed',
      message: `The app may not create pages in space ${spaceKey} (Confluence answered ${created.status}): a space permission or an app access rule keeps it out. Let the app add pages there, or pick another space. ${RETRY}`,
    };
  }
  if (created.status === 400) {
    // Titles are unique in a space: take over a page with this title only when it is nothing but our agenda.
    const same = await confluence.findSpacePagesByTitle('app', space.id, week.title);
    for (const p of same) {
      const full = await confluence.getPageWithBody('app', p.id);
      if (full && isAgendaOnly(full.adf, app.appId)) {
        await agenda.writeAgendaPage({ pageId: full.id, spaceId: space.id });
        return done(
          'adopted',
          full,
          `Agenda page updated: ${week.title} (an agenda page with this title was already there and is used from now on).`,
        );
      }
    }
    const taken = same[0];
    if (taken) {
      return {
        status: 'failed',
        message: `A page titled "${week.title}" already exists in space ${spaceKey} (page ${taken.id}) and holds more than the agenda, so the app does not overwrite it. Rename or move that page; ${RETRY.toLowerCase()}`,
      };
    }
    return {
      status: 'failed',
      message: `Confluence refused to create the agenda page under page ${parentPageId} in space ${spaceKey}: ${created.message}. Check the parent page in these settings. ${RETRY}`,
    };
  }
  return { status: 'failed', message: `Confluence refused to create the agenda page (${created.status}: ${created.message}). ${RETRY}` };
}

/**
 * This hour's agenda step: nothing unless the week's page is due and not yet written; otherwise
 * writes it, marks the week once it is written and records the outcome. Throws only when app
 * storage fails (the caller keeps that from the sweep); a Confluence failure is recorded.
 */
export async function weeklyAgendaPage(settings: Settings): Promise<AgendaStepResult> {
  const now = clock.now();
  const due = agendaDue({ now, timeZone: settings.timeZone, weekday: settings.agenda.weekday, sendHour: settings.sendHour });
  if (!due.due) return { status: 'not-due', reason: due.reason };
  if (await agenda.weekWritten(due.monday))
    return { status: 'not-due', reason: `The agenda page for the week of ${longDate(due.monday)} is written.` };
  let written: Written;
  try {
    written = await writePage(settings, due);
  } catch (e) {
    written = { status: 'failed', message: `Confluence could not be reached (${message(e).slice(0, 300)}). ${RETRY}` };
  }
  const outcome: AgendaOutcome = { at: clock.now().toISOString(), week: due.monday, ...written, message: written.message.slice(0, 600) };
  if (outcome.page && written.status !== 'skipped' && written.status !== 'failed') {
    await agenda.markWeekWritten(due.monday, outcome.page.id, outcome.at);
  }
  await agenda.writeAgendaOutcome(outcome);
  return { status: outcome.status, outcome };
}
