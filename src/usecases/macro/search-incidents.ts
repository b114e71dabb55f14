/** The config dialog's incident search: incidents of the configured types, as the caller sees them. */
import * as jira from '../../adapters/jira';
import { readSettings } from '../../adapters/settings';
import { IssueKey } from '../../contracts/ids';
import { PostmortemIssueProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import type { Settings } from '../../contracts/settings';
import * as jql from '../../domain/jql';
import type { Input, Output } from '../types';
import { isIncident } from '../steps/postmortem-link';

const KEY = POSTMORTEM_PROPERTY_KEY;

// ---------------------------------------------------------------------------------------------
// Search as you type over the incidents the caller may see

const SEARCH_PAGE = 100;
const SHOWN = 20;

export function incidentJql(settings: Settings, query: string): string {
  const clauses = [jql.inList('issuetype', settings.incidentFilter.issueTypes)];
  const key = IssueKey.safeParse(query.trim().toUpperCase());
  if (key.success) clauses.push(jql.eq('key', key.data));
  return jql.query(jql.and(...clauses), [['created', 'DESC']]);
}

/** Whether an issue matches what was typed: every word in its key or summary. */
function matches(issue: jira.Issue, words: string[]): boolean {
  const hay = `${issue.key} ${issue.fields.summary ?? ''}`.toLocaleLowerCase('en');
  return words.every((w) => hay.includes(w));
}

export async function searchIncidents(
  payload: Input<'macro-resolver', 'searchIncidents'>,
): Promise<Output<'macro-resolver', 'searchIncidents'>> {
  const { settings } = await readSettings();
  const query = payload.query.trim();
  const words = query.toLocaleLowerCase('en').split(/\s+/u).filter(Boolean);
  const page = await jira.searchPage('user', incidentJql(settings, query), ['summary', 'status', 'created', 'issuetype', 'project'], {
    maxResults: SEARCH_PAGE,
    properties: [KEY],
  });
  const hits = page.issues.filter((i) => isIncident(settings, i) && matches(i, words));
  return {
    incidents: hits.slice(0, SHOWN).map((i) => {
      const linked = PostmortemIssueProperty.safeParse(i.properties?.[KEY]);
      return {
        key: i.key,
        summary: i.fields.summary ?? '',
        status: i.fields.status?.name ?? 'Unknown',
        created: i.fields.created ?? '',
        linkedPageId: linked.success ? linked.data.pageId : null,
      };
    }),
    more: hits.length > SHOWN || Boolean(page.nextPageToken),
  };
}
