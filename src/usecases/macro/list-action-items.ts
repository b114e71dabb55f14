/** The incident's action items, as the caller may see them. */
import * as jira from '../../adapters/jira';
import { allowedProjects } from '../../domain/action-items';
import type { Input, Output } from '../types';
import type { PageCaller } from '../caller';
import { readIncidentItems } from '../steps/incident-items';
import { linkedPage, today } from './linked-page';

export async function listActionItems(
  payload: Input<'macro-resolver', 'listActionItems'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'listActionItems'>> {
  const { incidentKey } = payload;
  await linkedPage(at, incidentKey);
  const { today: now, settings } = await today();
  const form = {
    ...allowedProjects(settings.actionItems, incidentKey),
    issueType: settings.actionItems.issueType,
    dueDatePolicy: settings.dueDatePolicy,
  };
  const incident = await jira.getIssue('user', incidentKey, ['summary']);
  if (!incident) {
    return {
      incidentKey,
      today: now,
      incidentVisible: false,
      items: [],
      counts: { total: 0, done: 0, overdue: 0, needsDueDate: 0 },
      truncated: false,
      form,
    };
  }
  const read = await readIncidentItems(incidentKey, now, payload.reconcile);
  return { incidentKey, today: now, incidentVisible: true, ...read, form };
}
