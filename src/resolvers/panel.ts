/** Resolver of the Postmortem issue panel (manifest function `panel-resolver`). */
import * as clock from '../adapters/clock';
import * as jira from '../adapters/jira';
import { readSettings } from '../adapters/storage';
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, ActionItemProperty, PostmortemIssueProperty, POSTMORTEM_PROPERTY_KEY } from '../contracts/properties';
import { PANEL_CALLS, type PanelOverview } from '../contracts/panel';
import { describeDue, dueState, todayIn } from '../domain/dates';
import { issueKeyOf } from './context';
import { Refusal, surface } from './define';

const panel = surface('panel-resolver');

panel.define(PANEL_CALLS.getOverview, async ({ context }) => {
  const key = issueKeyOf(context);
  const { settings } = await readSettings();
  const today = todayIn(settings.timeZone, clock.now());
  const issue = await jira.getIssue('user', key, ['summary', 'status', 'issuetype', 'labels', 'duedate'], [POSTMORTEM_PROPERTY_KEY, ACTION_ITEM_PROPERTY_KEY]);
  if (!issue) throw new Refusal('not-found', `Issue ${key} does not exist or you do not have permission to see it.`);
  const type = issue.fields.issuetype?.name ?? '';
  const labels = issue.fields.labels ?? [];
  const role: PanelOverview['role'] = settings.incidentFilter.issueTypes.includes(type) ? 'incident' : labels.includes(ACTION_ITEM_LABEL) ? 'action-item' : 'other';
  const pm = PostmortemIssueProperty.safeParse(issue.properties?.[POSTMORTEM_PROPERTY_KEY]);
  const ai = ActionItemProperty.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
  const dueDate = issue.fields.duedate ?? null;
  return {
    today,
    issue: {
      key: issue.key,
      summary: issue.fields.summary ?? '',
      type,
      status: issue.fields.status?.name ?? 'Unknown',
      statusCategory: issue.fields.status?.statusCategory.key ?? 'undefined',
    },
    role,
    postmortem: role === 'incident' && pm.success ? { ...pm.data, due: describeDue(dueState(pm.data.dueDate, today), 'late by') } : null,
    actionItem: role === 'action-item' && ai.success ? { incidentKey: ai.data.incidentKey, dueDate, due: describeDue(dueState(dueDate, today)) } : null,
  };
});

export const handler = panel.handler();
