/**
 * The checks, as the calling user, before a postmortem page and its incident are linked or
 * changed: may they edit the page, is the issue an incident they may see (and edit), is the page in
 * the postmortem space, and does another page already hold the incident's postmortem.
 */
import * as confluence from '../../adapters/confluence';
import { ProductError } from '../../adapters/http';
import * as jira from '../../adapters/jira';
import type { PageRef } from '../../contracts/common';
import { PostmortemContentProperty, PostmortemIssueProperty } from '../../contracts/properties';
import type { Settings } from '../../contracts/settings';
import { Refusal } from '../refusal';
import { INCIDENT_FIELDS } from './incident';
import { KEY, type PageInfo } from './postmortem-records';

export const PEOPLE_FIELDS = ['assignee', 'reporter'];

/** The page (or, when it was never published, its draft), when the caller may see and edit it; a Refusal otherwise. */
export async function requireEditablePage(pageId: string, accountId: string): Promise<confluence.PageWithBody> {
  const page = await confluence.getPageOrDraft('user', pageId);
  if (!page)
    throw new Refusal(
      'not-found',
      `Page ${pageId} does not exist or you do not have permission to see it. Reload the page; if it was moved or deleted, open it again.`,
    );
  if (!(await confluence.canEditPage(pageId, accountId))) {
    throw new Refusal(
      'forbidden',
      'You do not have permission to edit this page, so you cannot change its incident link or review status. Ask the page owner or a space admin for edit access.',
    );
  }
  return page;
}

export function isIncident(settings: Settings, issue: jira.Issue): boolean {
  const type = issue.fields.issuetype?.name ?? '';
  const project = issue.fields.project?.key ?? '';
  const { issueTypes, projectKeys } = settings.incidentFilter;
  return issueTypes.includes(type) && (projectKeys.length === 0 || projectKeys.includes(project));
}

function incidentRule(settings: Settings): string {
  const types = settings.incidentFilter.issueTypes.map((t) => `"${t}"`).join(' or ');
  const projects = settings.incidentFilter.projectKeys;
  return `issues of type ${types}${projects.length ? ` in project ${projects.join(', ')}` : ''}`;
}

/** The incident, when the caller may browse it and it matches the incident filter; a Refusal otherwise. */
export async function requireIncident(key: string, settings: Settings): Promise<jira.Issue> {
  const issue = await jira.getIssue('user', key, [...INCIDENT_FIELDS, ...PEOPLE_FIELDS], [KEY]);
  if (!issue) {
    throw new Refusal(
      'not-found',
      `Issue ${key} does not exist or you do not have permission to see it. Check the key, or ask for access to its project.`,
      { incidentKey: 'Not found' },
    );
  }
  if (!isIncident(settings, issue)) {
    const type = issue.fields.issuetype?.name ?? 'issue';
    throw new Refusal(
      'invalid-input',
      `${issue.key} is a ${type}, not an incident: postmortems belong to ${incidentRule(settings)}. Pick an incident.`,
      { incidentKey: 'Not an incident' },
    );
  }
  return issue;
}

/** A link to a page the caller may or may not see: the title only when they may. */
async function pageRefFor(pageId: string, fallbackUrl: string): Promise<PageRef> {
  try {
    const visible = await confluence.getPage('user', pageId);
    if (visible) return { pageId, title: visible.title, url: confluence.pageWebUrl(visible) };
  } catch (err) {
    if (!(err instanceof ProductError)) throw err;
  }
  return { pageId, title: '', url: fallbackUrl };
}

/**
 * The page that holds the incident's postmortem, when it is another page than `pageId` and that
 * page still claims the incident (a property left behind by a deleted or relinked page is stale
 * and does not count).
 */
export async function otherPostmortemOf(incidentKey: string, pageId: string): Promise<PageRef | undefined> {
  const prop = await jira.getIssueProperty('app', incidentKey, KEY);
  const parsed = PostmortemIssueProperty.safeParse(prop?.value);
  if (!parsed.success || parsed.data.pageId === pageId) return undefined;
  const other = await confluence.getPageProperty('app', parsed.data.pageId, KEY);
  // A page not published yet is its author's alone: the app cannot read it, and it still holds the incident.
  if (!other && parsed.data.pageUnpublished) return pageRefFor(parsed.data.pageId, parsed.data.pageUrl);
  const otherPm = PostmortemContentProperty.safeParse(other?.value);
  if (!otherPm.success || otherPm.data.incidentKey !== incidentKey) return undefined;
  return pageRefFor(parsed.data.pageId, parsed.data.pageUrl);
}

export function conflictRefusal(incidentKey: string, page: PageRef): Refusal {
  const where = page.title ? `: "${page.title}"` : ' (on a page you do not have permission to see)';
  return new Refusal(
    'conflict',
    `${incidentKey} already has a postmortem${where}. An incident has exactly one postmortem: open that page and work there, or unlink it there first.`,
    undefined,
    { page },
  );
}

/** Refuses a caller who may not edit the incident in Jira (asked as them): the app writes its side with its own rights. */
export async function requireEditableIncident(incident: jira.Issue): Promise<void> {
  if (!(await jira.canEditIssue(incident.id))) {
    throw new Refusal(
      'forbidden',
      `You do not have permission to edit ${incident.key} in Jira, so you cannot change its postmortem link. Ask someone who may edit it, or ask for edit access to its project.`,
    );
  }
}

/** Refuses a page outside the configured postmortem space (a personal or private space included). */
export async function requirePostmortemSpace(page: PageInfo, settings: Settings): Promise<void> {
  const spaceKey = settings.confluence.spaceKey;
  if (!spaceKey) return;
  const space = await confluence.getSpaceByKey('user', spaceKey);
  if (!space || page.spaceId !== space.id) {
    throw new Refusal(
      'invalid-input',
      `Only pages in the postmortem space ${spaceKey} can be postmortems, and “${page.title}” is not in it. Move the page into ${spaceKey}, or create the postmortem from the incident’s panel.`,
      { pageId: `Not in space ${spaceKey}` },
    );
  }
}

/**
 * Whether another page holds the incident's postmortem. A page the caller may open blocks (they
 * can go there and unlink it), and so does one not published yet (its author's draft); a
 * published page the caller may not open does not: they may edit the incident (checked before),
 * so the incident's link to it is replaced, and that page keeps its own record.
 */
export async function blockingPostmortemOf(incident: jira.Issue, pageId: string): Promise<{ conflict?: PageRef; replaced?: string }> {
  const other = await otherPostmortemOf(incident.key, pageId);
  if (!other) return {};
  if (other.title !== '') return { conflict: other };
  const prop = PostmortemIssueProperty.safeParse((await jira.getIssueProperty('app', incident.key, KEY))?.value);
  if (prop.success && prop.data.pageUnpublished) return { conflict: other };
  return { replaced: other.pageId };
}
