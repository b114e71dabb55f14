/**
 * The macro's `adfExport` function: what PDF and Word exports of the page show in place of the
 * Custom UI (which cannot render in a document): the incident link, the review status, the due
 * date and the action items.
 *
 * An export shows only what its reader may see: every read is as the reader (the invocation's
 * `principal`, docs/platform.md "Async events (queues) and function limits"), never as the app;
 * without a reader it shows no Jira data at all. The page's `postmortem` content property is
 * followed only when the incident it names points back at this page (the incident's own
 * `postmortem` property), so a property edited by hand to name another issue exports nothing of it.
 */
import { doc, p, text } from '@atlaskit/adf-utils/builders';
import { z } from 'zod';
import * as clock from '../adapters/clock';
import * as confluence from '../adapters/confluence';
import { ProductError } from '../adapters/http';
import * as jira from '../adapters/jira';
import { readSettings } from '../adapters/settings';
import { AccountId, PageId } from '../contracts/ids';
import {
  ACTION_ITEM_LABEL,
  ACTION_ITEM_PROPERTY_KEY,
  PostmortemContentProperty,
  PostmortemIssueProperty,
  POSTMORTEM_PROPERTY_KEY,
} from '../contracts/properties';
import { todayIn } from '../domain/dates';
import * as jql from '../domain/jql';
import { buildExportAdf, postmortemDueText, type ExportActionItem } from '../domain/postmortem';

const ExportEvent = z
  .object({
    context: z
      .object({
        extension: z
          .object({ content: z.object({ id: z.union([z.string(), z.number()]).transform(String).pipe(PageId) }).loose() })
          .loose(),
      })
      .loose()
      .optional(),
    siteUrl: z.string().optional(),
  })
  .loose();

/** The invocation's context (Forge's second argument): who is exporting, when someone is. */
const InvocationContext = z.object({ principal: z.object({ accountId: AccountId }).loose().nullish() }).loose();

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

export async function macroExport(event: unknown, invocation?: unknown): Promise<unknown> {
  const parsed = ExportEvent.safeParse(event);
  const pageId = parsed.success ? parsed.data.context?.extension.content.id : undefined;
  if (!pageId) return NOT_LINKED();
  const reader = InvocationContext.safeParse(invocation);
  if (!reader.success || !reader.data.principal) return NO_READER();
  const siteUrl = parsed.success
    ? (parsed.data.siteUrl ?? (parsed.data.context as Record<string, unknown> | undefined)?.siteUrl)
    : undefined;
  const site = typeof siteUrl === 'string' ? siteUrl : undefined;
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
