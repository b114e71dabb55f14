import type { Issue } from '../../adapters/jira';
import type { IncidentSummary } from '../../contracts/common';

export const INCIDENT_FIELDS = ['summary', 'status', 'priority', 'created', 'issuetype', 'project'];

export function toIncidentSummary(issue: Issue): IncidentSummary {
  return {
    key: issue.key,
    summary: issue.fields.summary ?? '',
    status: issue.fields.status?.name ?? 'Unknown',
    statusCategory: issue.fields.status?.statusCategory.key ?? 'undefined',
    priority: issue.fields.priority?.name ?? null,
    created: issue.fields.created ?? '',
    url: `/browse/${issue.key}`,
  };
}
