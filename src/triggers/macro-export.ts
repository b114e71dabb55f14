/**
 * The macro's `adfExport` function: what PDF and Word exports of the page show in place of the
 * Custom UI (which cannot render in a document): the incident link, the review status, the due
 * date and the action items, read from Jira with one JQL search.
 */
import { doc, p, text } from '@atlaskit/adf-utils/builders';
import { z } from 'zod';
import * as clock from '../adapters/clock';
import * as confluence from '../adapters/confluence';
import { ProductError } from '../adapters/http';
import * as jira from '../adapters/jira';
import { readSettings } from '../adapters/settings';
import { PageId } from '../contracts/ids';
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../contracts/properties';
import { describeDue, dueState, todayIn } from '../domain/dates';
import * as jql from '../domain/jql';
import { buildExportAdf, type ExportActionItem } from '../domain/postmortem';

const ExportEvent = z
  .object({
    context: z
      .object({ extension: z.object({ content: z.object({ id: z.union([z.string(), z.number()]).transform(String).pipe(PageId) }).loose() }).loose() })
      .loose()
      .optional(),
    siteUrl: z.string().optional(),
  })
  .loose();

const MAX_ITEMS = 500;
const NOT_LINKED = () => doc(p(text('Postmortem: this page is not linked to an incident.')));

/** JQL of the incident's action items: labelled `postmortem-action` and naming the incident in their property. */
export function actionItemsJql(incidentKey: string): string {
  return jql.query(
    jql.and(jql.eq('labels', ACTION_ITEM_LABEL), jql.eq({ issueProperty: ACTION_ITEM_PROPERTY_KEY, path: 'incidentKey' }, incidentKey)),
    [['duedate', 'ASC'], ['key', 'ASC']],
  );
}

function absolute(siteUrl: string | undefined, path: string): string | undefined {
  if (!siteUrl || !/^https?:\/\//.test(siteUrl)) return undefined;
  return `${siteUrl.replace(/\/$/, '')}${path}`;
}

export async function macroExport(event: unknown): Promise<unknown> {
  const parsed = ExportEvent.safeParse(event);
  const pageId = parsed.success ? parsed.data.context?.extension.content.id : undefined;
  if (!pageId) return NOT_LINKED();
  const siteUrl = parsed.success ? (parsed.data.siteUrl ?? (parsed.data.context as Record<string, unknown> | undefined)?.siteUrl) : undefined;
  const site = typeof siteUrl === 'string' ? siteUrl : undefined;
  try {
    const property = await confluence.getPageProperty('app', pageId, POSTMORTEM_PROPERTY_KEY);
    const pm = PostmortemContentProperty.safeParse(property?.value);
    if (!pm.success) return NOT_LINKED();
    const { settings } = await readSettings();
    const today = todayIn(settings.timeZone, clock.now());
    const [incident, items] = await Promise.all([
      jira.getIssue('app', pm.data.incidentKey, ['summary']),
      jira.searchPage('app', actionItemsJql(pm.data.incidentKey), ['summary', 'status', 'assignee', 'duedate'], { maxResults: 100 }),
    ]);
    const actionItems: ExportActionItem[] = items.issues.slice(0, MAX_ITEMS).map((i) => ({
      key: i.key,
      summary: i.fields.summary ?? '',
      status: i.fields.status?.name ?? 'Unknown',
      assigneeName: i.fields.assignee?.displayName || undefined,
      dueDate: i.fields.duedate ?? undefined,
      url: absolute(site, `/browse/${i.key}`),
    }));
    return buildExportAdf({
      incident: { key: pm.data.incidentKey, summary: incident?.fields.summary ?? '', url: absolute(site, `/browse/${pm.data.incidentKey}`) },
      status: pm.data.status,
      dueDate: pm.data.dueDate,
      dueText: pm.data.status === 'reviewed' ? undefined : describeDue(dueState(pm.data.dueDate, today), 'late by'),
      actionItems,
    });
  } catch (err) {
    if (!(err instanceof ProductError)) throw err;
    return doc(p(text(`Postmortem: the incident link could not be read for this export (${err.product} answered ${err.status}). Export again in a moment.`)));
  }
}
