/**
 * Resolver of the Postmortem issue panel (manifest function `panel-resolver`). Reads as the
 * caller: the issue (1 call), then on an incident its action items (1 search), on an action item
 * its incident with the incident's postmortem property (1 call); a postmortem is shown only once its
 * page confirms it (2 more calls as the caller: the page's own record and its title).
 * Nothing here writes.
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, ActionItemProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import { type PanelOverview } from '../../contracts/panel';
import { postmortemTimeliness } from '../../domain/postmortem/timeliness';
import { actionItemDue, readIssueOnScreen } from '../steps/issue-on-screen';
import { postmortemOf } from '../steps/postmortem-of';
import type { Input, Output } from '../types';
import type { IssueCaller } from '../caller';
import { INCIDENT_FIELDS, toIncidentSummary } from '../steps/incident';
import { readIncidentItems } from '../steps/incident-items';

const IssueLinks = {
  parse: (v: unknown): Array<{ key: string; type: string }> => {
    if (!Array.isArray(v)) return [];
    const out: Array<{ key: string; type: string }> = [];
    for (const l of v) {
      if (!l || typeof l !== 'object') continue;
      for (const side of ['inwardIssue', 'outwardIssue'] as const) {
        const other = (l as Record<string, unknown>)[side];
        if (!other || typeof other !== 'object') continue;
        const o = other as { key?: unknown; fields?: { issuetype?: { name?: unknown } } };
        if (typeof o.key === 'string')
          out.push({ key: o.key, type: typeof o.fields?.issuetype?.name === 'string' ? o.fields.issuetype.name : '' });
      }
    }
    return out;
  },
};

export async function getOverview(
  _payload: Input<'panel-resolver', 'getOverview'>,
  at: IssueCaller,
): Promise<Output<'panel-resolver', 'getOverview'>> {
  const { settings, today, issue } = await readIssueOnScreen(at, [
    'summary',
    'status',
    'issuetype',
    'labels',
    'duedate',
    'issuelinks',
    'created',
    'resolution',
  ]);
  const type = issue.fields.issuetype?.name ?? '';
  const labels = issue.fields.labels ?? [];
  const incidentTypes = settings.incidentFilter.issueTypes;
  const role: PanelOverview['role'] = incidentTypes.includes(type)
    ? 'incident'
    : labels.includes(ACTION_ITEM_LABEL)
      ? 'action-item'
      : 'other';
  const base = {
    today,
    issue: {
      key: issue.key,
      summary: issue.fields.summary ?? '',
      type,
      status: issue.fields.status?.name ?? 'Unknown',
      statusCategory: issue.fields.status?.statusCategory.key ?? 'undefined',
    },
    role,
    postmortem: null,
    actionItems: null,
    actionItem: null,
  };
  if (role === 'incident') {
    const [postmortem, actionItems] = await Promise.all([
      postmortemOf(issue.key, issue.properties?.[POSTMORTEM_PROPERTY_KEY], today, at.siteUrl, settings.timeZone),
      readIncidentItems(issue.key, today),
    ]);
    const due =
      postmortem || !issue.fields.created
        ? null
        : postmortemTimeliness({
            incidentCreated: issue.fields.created,
            timeZone: settings.timeZone,
            deadlineDays: settings.postmortemDeadlineDays,
            now: clock.now(),
          });
    return { ...base, postmortem, actionItems, dueIfCreated: due?.ok ? { dueDate: due.dueDate, text: due.text } : null };
  }
  if (role === 'action-item') {
    const prop = ActionItemProperty.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
    // A hand-made item has no property: its incident is the linked issue of an incident type.
    const incidentKey = prop.success
      ? prop.data.incidentKey
      : (IssueLinks.parse(issue.fields.issuelinks).find((l) => incidentTypes.includes(l.type))?.key ?? null);
    const { dueDate, state, due } = await actionItemDue(issue, today);
    const incident = incidentKey ? await jira.getIssue('user', incidentKey, INCIDENT_FIELDS, [POSTMORTEM_PROPERTY_KEY]) : undefined;
    const postmortem = incident
      ? await postmortemOf(incident.key, incident.properties?.[POSTMORTEM_PROPERTY_KEY], today, at.siteUrl, settings.timeZone)
      : null;
    // A page named by the item's own record (or by its incident) that the caller cannot open: say
    // one exists, never its title (nothing of the page is read for this).
    const incidentPage = (incident?.properties?.[POSTMORTEM_PROPERTY_KEY] as { pageId?: unknown } | undefined)?.pageId;
    const named = (prop.success && Boolean(prop.data.pageId)) || typeof incidentPage === 'string';
    return {
      ...base,
      actionItem: {
        incidentKey,
        incident: incident ? toIncidentSummary(incident) : null,
        postmortem,
        postmortemHidden: postmortem === null && named,
        dueDate,
        due,
        state,
        handMade: !prop.success,
      },
    };
  }
  return base;
}
