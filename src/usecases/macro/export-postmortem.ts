/**
 * What PDF and Word exports of a postmortem page show in place of the macro's Custom UI (which
 * cannot render in a document): the incident link, the review status, the due date and the action
 * items (the macro's `adfExport`, src/triggers/macro-export.ts).
 *
 * An export shows only what its reader may see: every read is as the reader (the invocation's
 * `principal`, docs/platform.md "Async events (queues) and function limits"), never as the app;
 * without a reader it shows no Jira data at all. The page's `postmortem` content property is
 * followed only when the incident it names points back at this page (the incident's own
 * `postmortem` property), so a property edited by hand to name another issue exports nothing of it.
 */
import { doc, p, text } from '@atlaskit/adf-utils/builders';
import * as clock from '../../adapters/clock';
import * as confluence from '../../adapters/confluence';
import { ProductError } from '../../adapters/http';
import * as jira from '../../adapters/jira';
import { readSettings } from '../../adapters/settings';
import {
  ACTION_ITEM_LABEL,
  ACTION_ITEM_PROPERTY_KEY,
  PostmortemContentProperty,
  PostmortemIssueProperty,
  POSTMORTEM_PROPERTY_KEY,
} from '../../contracts/properties';
import { todayIn } from '../../domain/dates';
import * as jql from '../../domain/jql';
import { buildExportAdf, postmortemDueText, type ExportActionItem } from '../../domain/postmortem';

const MAX_ITEMS = 500;
const NOT_LINKED = () => doc(p(text('Postmortem: this page is not linked to an incident.')));
const NO_READER = () =>
  doc(
    p(
      text(
        'Postmortem: the incident and its action items are shown only in an export made by a signed-in person who may see them. Export the page while signed in.',
      ),
    ),
  );
const UNCONFIRMED = () =>
  doc(
    p(
      text(
        'Postmortem: this page’s incident link could not be confirmed for you (the incident does not point back at this page, or you may not see it). Open the page’s Postmortem macro to see or repair the link.',
      ),
    ),
  );

/** JQL of the incident's action items: labelled `postmortem-action` and naming the incident in their property. */
export function actionItemsJql(incidentKey: string): string {
  return jql.query(
    jql.and(jql.eq('labels', ACTION_ITEM_LABEL), jql.eq({ issueProperty: ACTION_ITEM_PROPERTY_KEY, path: 'incidentKey' }, incidentKey)),
    [
      ['duedate', 'ASC'],
      ['key', 'ASC'],
    ],
  );
}

function absolute(siteUrl: string | undefined, path: string): string | undefined {
  if (!siteUrl || !/^https?:\/\//.test(siteUrl)) return undefined;
  return `${siteUrl.replace(/\/$/, '')}${path}`;
}

/**
 * The export of page `pageId` (undefined: the event named none) for `reader` (undefined: nobody is
 * signed in), with links on `site` when it is an http(s) URL. Returns an ADF document.
 */
export async function exportPostmortem(
  pageId: string | undefined,
  reader: { accountId: string } | undefined,
  site: string | undefined,
): Promise<unknown> {
  if (!pageId) return NOT_LINKED();
  if (!reader) return NO_READER();
  try {
    const property = await confluence.getPageProperty('user', pageId, POSTMORTEM_PROPERTY_KEY);
    const pm = PostmortemContentProperty.safeParse(property?.value);
    if (!pm.success) return NOT_LINKED();
    const { settings } = await readSettings();
    const today = todayIn(settings.timeZone, clock.now());
    const incident = await jira.getIssue('user', pm.data.incidentKey, ['summary'], [POSTMORTEM_PROPERTY_KEY]);
    const back = PostmortemIssueProperty.safeParse(incident?.properties?.[POSTMORTEM_PROPERTY_KEY]);
    if (!incident || !back.success || back.data.pageId !== pageId) return UNCONFIRMED();
    const items = await jira.searchPage('user', actionItemsJql(pm.data.incidentKey), ['summary', 'status', 'assignee', 'duedate'], {
      maxResults: 100,
    });
    const actionItems: ExportActionItem[] = items.issues.slice(0, MAX_ITEMS).map((i) => ({
      key: i.key,
      summary: i.fields.summary ?? '',
      status: i.fields.status?.name ?? 'Unknown',
      assigneeName: i.fields.assignee?.displayName || undefined,
      dueDate: i.fields.duedate ?? undefined,
      url: absolute(site, `/browse/${i.key}`),
    }));
    return buildExportAdf({
      incident: {
        key: pm.data.incidentKey,
        summary: incident?.fields.summary ?? '',
        url: absolute(site, `/browse/${pm.data.incidentKey}`),
      },
      status: pm.data.status,
      dueDate: pm.data.dueDate,
      dueText: postmortemDueText({ ...pm.data, reviewedAt: pm.data.review?.reviewedAt }, today, settings.timeZone),
      actionItems,
    });
  } catch (err) {
    if (!(err instanceof ProductError)) throw err;
    return doc(
      p(
        text(
          `Postmortem: the incident link could not be read for this export (${err.product} answered ${err.status}). Export again in a moment.`,
        ),
      ),
    );
  }
}
