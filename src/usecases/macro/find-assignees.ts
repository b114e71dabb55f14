/** People the caller may assign an action item to. */
import * as jira from '../../adapters/jira';
import { readSettings } from '../../adapters/settings';
import { allowedProjects } from '../../domain/action-items';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';

export async function findAssignees(payload: Input<'macro-resolver', 'findAssignees'>): Promise<Output<'macro-resolver', 'findAssignees'>> {
  const { settings } = await readSettings();
  if (payload.projectKey !== undefined) {
    const { projectKeys } = allowedProjects(settings.actionItems, payload.incidentKey);
    if (!projectKeys.includes(payload.projectKey)) {
      throw new Refusal(
        'invalid-input',
        `Action items cannot be created in project ${payload.projectKey}. Pick one of: ${projectKeys.join(', ')}.`,
        { projectKey: 'Not an allowed project.' },
      );
    }
    return { users: await jira.assignableUsers('user', { projectKey: payload.projectKey }, payload.query) };
  }
  return { users: await jira.assignableUsers('user', { issueKey: payload.issueKey ?? '' }, payload.query) };
}
