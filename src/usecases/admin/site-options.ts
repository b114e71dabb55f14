/** What the settings form offers to pick from: the site's link types, issue types, spaces, people and projects, asked as the caller. */
import * as confluence from '../../adapters/confluence';
import * as jira from '../../adapters/jira';
import type { Input, Output } from '../types';
import { requireJiraAdmin } from './require-jira-admin';

export async function getSiteOptions(): Promise<Output<'admin-resolver', 'getSiteOptions'>> {
  await requireJiraAdmin();
  const [linkTypes, issueTypes, spaces] = await Promise.all([
    jira.linkTypeNames('user'),
    jira.issueTypeNames('user'),
    confluence.listSpaces('user'),
  ]);
  return {
    linkTypes: linkTypes.slice(0, 500),
    issueTypes: issueTypes.slice(0, 500),
    spaces: spaces.slice(0, 250).map((sp) => ({ key: sp.key.slice(0, 255), name: (sp.name ?? sp.key).slice(0, 255) })),
  };
}

export async function searchUsers({ query }: Input<'admin-resolver', 'searchUsers'>): Promise<Output<'admin-resolver', 'searchUsers'>> {
  await requireJiraAdmin();
  return { users: (await jira.searchUsers('user', query, 20)).slice(0, 20) };
}

export async function searchProjects({
  query,
}: Input<'admin-resolver', 'searchProjects'>): Promise<Output<'admin-resolver', 'searchProjects'>> {
  await requireJiraAdmin();
  return { projects: (await jira.searchProjects('user', { query, max: 20 })).slice(0, 20) };
}
