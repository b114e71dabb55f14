/**
 * What the issue panel and the issue context both read first: the settings, the site's today and
 * the issue they are shown on, as the caller, with its postmortem, action-item and waiver
 * properties (refused when the caller cannot see it); and an action item's due state (a Won't Do
 * counts as done only with a sealed approval).
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import { readSettings } from '../../adapters/settings';
import { readSealCheck } from '../../adapters/waivers';
import { ACTION_ITEM_PROPERTY_KEY, POSTMORTEM_PROPERTY_KEY, WAIVER_PROPERTY_KEY } from '../../contracts/properties';
import type { Settings } from '../../contracts/settings';
import { itemState, wontDoOf } from '../../domain/action-items';
import { todayIn } from '../../domain/dates';
import type { IssueCaller } from '../caller';
import { Refusal } from '../refusal';

export async function readIssueOnScreen(
  at: IssueCaller,
  fields: string[],
): Promise<{ settings: Settings; today: string; issue: jira.Issue }> {
  const { settings } = await readSettings();
  const today = todayIn(settings.timeZone, clock.now());
  const issue = await jira.getIssue('user', at.issueKey, fields, [POSTMORTEM_PROPERTY_KEY, ACTION_ITEM_PROPERTY_KEY, WAIVER_PROPERTY_KEY]);
  if (!issue) throw new Refusal('not-found', `Issue ${at.issueKey} does not exist or you do not have permission to see it.`);
  return { settings, today, issue };
}

/** An action item's due date (none unless a `YYYY-MM-DD` date) and its state today (read with `resolution` and the waiver property). */
export async function actionItemDue(issue: jira.Issue, today: string): Promise<ReturnType<typeof itemState> & { dueDate: string | null }> {
  const dueDate = issue.fields.duedate && /^\d{4}-\d{2}-\d{2}$/.test(issue.fields.duedate) ? issue.fields.duedate : null;
  const wontDo = wontDoOf(issue, await readSealCheck());
  return { dueDate, ...itemState(issue.fields.status?.statusCategory.key ?? 'undefined', dueDate, today, wontDo) };
}
