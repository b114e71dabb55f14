/** Resolver of the Postmortem report global page (manifest function `report-resolver`). */
import * as clock from '../adapters/clock';
import * as jira from '../adapters/jira';
import { readSettings } from '../adapters/storage';
import { ACTION_ITEM_LABEL, PostmortemIssueProperty, POSTMORTEM_PROPERTY_KEY } from '../contracts/properties';
import { REPORT_CALLS } from '../contracts/report-summary';
import { dueState, todayIn } from '../domain/dates';
import { and, eq, inList, neq, query } from '../domain/jql';
import { surface } from './define';

const report = surface('report-resolver');

const LIMIT = 10_000;

report.define(REPORT_CALLS.getSummary, async () => {
  const { settings } = await readSettings();
  const today = todayIn(settings.timeZone, clock.now());
  const open = await jira.searchAll(
    'user',
    query(and(eq('labels', ACTION_ITEM_LABEL), neq('statusCategory', 'Done'))),
    ['duedate', 'assignee'],
    { limit: LIMIT },
  );
  let overdue = 0;
  let dueWithinWeek = 0;
  let withoutDueDate = 0;
  let unassigned = 0;
  for (const item of open.issues) {
    const state = dueState(item.fields.duedate ?? null, today);
    if (state.kind === 'overdue') overdue += 1;
    else if (state.kind === 'no-due-date') withoutDueDate += 1;
    else if (state.kind === 'due-today' || state.days <= 7) dueWithinWeek += 1;
    if (!item.fields.assignee) unassigned += 1;
  }
  const incidents = await jira.searchAll(
    'user',
    query(and(inList('issuetype', settings.incidentFilter.issueTypes), inList({ issueProperty: POSTMORTEM_PROPERTY_KEY, path: 'status' }, ['draft', 'in-review', 'reviewed']))),
    ['summary'],
    { limit: LIMIT, properties: [POSTMORTEM_PROPERTY_KEY] },
  );
  const postmortems = { draft: 0, 'in-review': 0, reviewed: 0 };
  for (const incident of incidents.issues) {
    const pm = PostmortemIssueProperty.safeParse(incident.properties?.[POSTMORTEM_PROPERTY_KEY]);
    if (pm.success) postmortems[pm.data.status] += 1;
  }
  return {
    today,
    openActionItems: open.issues.length,
    overdue,
    dueWithinWeek,
    withoutDueDate,
    unassigned,
    postmortems,
    truncated: open.truncated || incidents.truncated,
  };
});

export const handler = report.handler();
