/**
 * The Postmortem issue context (`jira:issueContext` `postmortem-context`, manifest function
 * `panel-resolver`): the postmortem's state on every issue, read as the caller: the issue with its
 * `postmortem` property (on an action item, then its incident's), the property believed only when
 * its page confirms it, as the panel does. Nothing here writes.
 */
import * as jira from '../../adapters/jira';
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, ActionItemProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import type { Input, Output } from '../types';
import type { IssueCaller } from '../caller';
import { actionItemDue, readIssueOnScreen } from '../steps/issue-on-screen';
import { postmortemOf } from '../steps/postmortem-of';

export async function getStatus(
  _payload: Input<'panel-resolver', 'getStatus'>,
  at: IssueCaller,
): Promise<Output<'panel-resolver', 'getStatus'>> {
  const { settings, today, issue } = await readIssueOnScreen(at, ['issuetype', 'labels', 'status', 'duedate', 'resolution']);
  const type = issue.fields.issuetype?.name ?? '';
  if (settings.incidentFilter.issueTypes.includes(type)) {
    return {
      issueKey: issue.key,
      role: 'incident',
      postmortem: await postmortemOf(issue.key, issue.properties?.[POSTMORTEM_PROPERTY_KEY], today, at.siteUrl, settings.timeZone),
      actionItem: null,
    };
  }
  const prop = ActionItemProperty.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
  if (prop.success || (issue.fields.labels ?? []).includes(ACTION_ITEM_LABEL)) {
    const incidentKey = prop.success ? prop.data.incidentKey : null;
    const { state, due } = await actionItemDue(issue, today);
    const incident = incidentKey ? await jira.getIssue('user', incidentKey, ['issuetype'], [POSTMORTEM_PROPERTY_KEY]) : undefined;
    return {
      issueKey: issue.key,
      role: 'action-item',
      postmortem:
        incident && incidentKey
          ? await postmortemOf(incidentKey, incident.properties?.[POSTMORTEM_PROPERTY_KEY], today, at.siteUrl, settings.timeZone)
          : null,
      actionItem: { incidentKey, due, state },
    };
  }
  return { issueKey: issue.key, role: 'other', postmortem: null, actionItem: null };
}
