/**
 * The Postmortem issue context (`jira:issueContext` `postmortem-context`, manifest function
 * `panel-resolver`): the postmortem's state on every issue, read as the caller: the issue with its
 * `postmortem` property (on an action item, then its incident's), the property believed only when
 * its page confirms it, as the panel does. Nothing here writes.
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import { readSealCheck } from '../../adapters/waivers';
import { readSettings } from '../../adapters/settings';
import {
  ACTION_ITEM_LABEL,
  ACTION_ITEM_PROPERTY_KEY,
  ActionItemProperty,
  POSTMORTEM_PROPERTY_KEY,
  WAIVER_PROPERTY_KEY,
} from '../../contracts/properties';
import { itemState, wontDoOf } from '../../domain/action-items';
import { todayIn } from '../../domain/dates';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import type { IssueCaller } from '../caller';
import { postmortemOf } from '../steps/postmortem-of';

export async function getStatus(
  _payload: Input<'panel-resolver', 'getStatus'>,
  at: IssueCaller,
): Promise<Output<'panel-resolver', 'getStatus'>> {
  const key = at.issueKey;
  const { settings } = await readSettings();
  const today = todayIn(settings.timeZone, clock.now());
  const issue = await jira.getIssue(
    'user',
    key,
    ['issuetype', 'labels', 'status', 'duedate', 'resolution'],
    [POSTMORTEM_PROPERTY_KEY, ACTION_ITEM_PROPERTY_KEY, WAIVER_PROPERTY_KEY],
  );
  if (!issue) throw new Refusal('not-found', `Issue ${key} does not exist or you do not have permission to see it.`);
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
    const dueDate = issue.fields.duedate && /^\d{4}-\d{2}-\d{2}$/.test(issue.fields.duedate) ? issue.fields.duedate : null;
    const wontDo = wontDoOf(issue, await readSealCheck());
    const { state, due } = itemState(issue.fields.status?.statusCategory.key ?? 'undefined', dueDate, today, wontDo);
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
