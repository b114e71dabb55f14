/** Changing one action item's due date, assignee or status, as the caller. */
import * as jira from '../../adapters/jira';
import { readSealCheck } from '../../adapters/waivers';
import { ProductError } from '../../adapters/http';
import { dueDateProblem } from '../../contracts/action-item-rules';
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, ActionItemProperty } from '../../contracts/properties';
import { ITEM_FIELDS, ITEM_PROPERTIES, toRow } from '../../domain/action-items';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import type { PageCaller } from '../caller';
import { linkedPage, today } from './linked-page';

export async function updateActionItem(
  payload: Input<'macro-resolver', 'updateActionItem'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'updateActionItem'>> {
  const { incidentKey, issueKey } = payload;
  await linkedPage(at, incidentKey);
  const { today: now } = await today();
  const fields: Record<string, unknown> = {};
  if (payload.dueDate !== undefined) {
    const due = payload.dueDate.trim();
    const problem = dueDateProblem(due, now);
    if (problem) throw new Refusal('invalid-input', problem, { dueDate: problem });
    fields.duedate = due;
  }
  if (payload.assigneeAccountId !== undefined) fields.assignee = { accountId: payload.assigneeAccountId };

  const issue = await jira.getIssue('user', issueKey, [...ITEM_FIELDS, 'issuelinks'], ITEM_PROPERTIES);
  if (!issue) throw new Refusal('not-found', `${issueKey} does not exist or you cannot see it in Jira.`);
  const prop = ActionItemProperty.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
  const links = Array.isArray(issue.fields.issuelinks)
    ? (issue.fields.issuelinks as Array<{ inwardIssue?: { key?: unknown }; outwardIssue?: { key?: unknown } }>)
    : [];
  const linked = links.some((l) => l.inwardIssue?.key === incidentKey || l.outwardIssue?.key === incidentKey);
  const isItem =
    (issue.fields.labels ?? []).includes(ACTION_ITEM_LABEL) && ((prop.success && prop.data.incidentKey === incidentKey) || linked);
  if (!isItem)
    throw new Refusal('forbidden', `${issueKey} is not an action item of ${incidentKey}, so it cannot be edited here. Edit it in Jira.`);

  try {
    await jira.editIssueFields('user', issueKey, fields);
  } catch (err) {
    if (err instanceof ProductError && err.status === 400) {
      const said = err.productMessage() ?? 'Jira refused the change.';
      const field = /assignee/i.test(err.body) ? 'assigneeAccountId' : /duedate/i.test(err.body) ? 'dueDate' : undefined;
      const message =
        field === 'assigneeAccountId'
          ? `Jira will not assign ${issueKey} to that person (${said}). Pick someone from the list.`
          : `Jira refused the change to ${issueKey}: ${said}. Nothing was changed.`;
      throw new Refusal('invalid-input', message, field ? { [field]: message } : undefined);
    }
    if (err instanceof ProductError && (err.status === 403 || err.status === 401)) {
      throw new Refusal(
        'forbidden',
        `Jira does not let you edit ${issueKey}. Ask its project admin for edit permission; nothing was changed.`,
      );
    }
    throw err;
  }
  const after = await jira.getIssue('user', issueKey, ITEM_FIELDS, ITEM_PROPERTIES);
  if (!after) throw new Refusal('not-found', `${issueKey} was changed but can no longer be read. Reload the page.`);
  return { item: toRow(after, now, await readSealCheck()) };
}
