/** Jira JSON shapes: users, projects, statuses, issue types, priorities, issues with field selection. */
import type { Db } from '../db';
import { jiraTime } from '../http';
import {
  BASE_URL,
  ISSUE_TYPES,
  RESOLUTIONS,
  STATUS_CATEGORIES,
  issueTypeById,
  linkTypeById,
  priorityById,
  statusById,
  type IssueRec,
  type ProjectRec,
  type UserRec,
} from '../model';
import { APP_ACCOUNT_ID } from '../context';

const API = `${BASE_URL}/rest/api/3`;

function avatars(seed: string): Record<string, string> {
  const u = `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/default/${encodeURIComponent(seed)}`;
  return { '16x16': `${u}?s=16`, '24x24': `${u}?s=24`, '32x32': `${u}?s=32`, '48x48': `${u}?s=48` };
}

export function userJson(u: Readonly<UserRec>) {
  return {
    self: `${API}/user?accountId=${encodeURIComponent(u.accountId)}`,
    accountId: u.accountId,
    accountType: 'atlassian',
    emailAddress: u.emailAddress,
    avatarUrls: avatars(u.accountId),
    displayName: u.displayName,
    active: u.active,
    timeZone: 'UTC',
    locale: 'en_US',
  };
}

export function appUserJson() {
  return {
    self: `${API}/user?accountId=${APP_ACCOUNT_ID}`,
    accountId: APP_ACCOUNT_ID,
    accountType: 'app',
    avatarUrls: avatars(APP_ACCOUNT_ID),
    displayName: 'Postmortems for Confluence and Jira',
    active: true,
    timeZone: 'UTC',
    locale: 'en_US',
  };
}

export function userRef(db: Db, accountId: string | null) {
  if (accountId === null) return null;
  const u = db.user(accountId);
  return u ? userJson(u) : null;
}

export function statusJson(id: string) {
  const s = statusById(id) ?? { id, name: 'Unknown', category: 'new' as const };
  const c = STATUS_CATEGORIES[s.category];
  return {
    self: `${API}/status/${s.id}`,
    description: '',
    iconUrl: `${BASE_URL}/images/icons/statuses/generic.png`,
    name: s.name,
    id: s.id,
    statusCategory: { self: `${API}/statuscategory/${c.id}`, id: c.id, key: c.key, colorName: c.colorName, name: c.name },
  };
}

export function resolutionJson(id: string) {
  const r = RESOLUTIONS.find((x) => x.id === id) ?? { id, name: 'Unknown', description: '' };
  return { self: `${API}/resolution/${r.id}`, id: r.id, description: r.description, name: r.name };
}

export function issueTypeJson(id: string) {
  const t = issueTypeById(id) ?? { id, name: 'Unknown', description: '', hierarchyLevel: 0 };
  return {
    self: `${API}/issuetype/${t.id}`,
    id: t.id,
    description: t.description,
    iconUrl: `${BASE_URL}/images/icons/issuetypes/${t.name.toLowerCase()}.svg`,
    name: t.name,
    subtask: false,
    avatarId: 10300 + (Number(t.id) % 100),
    hierarchyLevel: t.hierarchyLevel,
  };
}

export function priorityJson(id: string) {
  const p = priorityById(id) ?? { id, name: 'Unknown', statusColor: '#999999' };
  return {
    self: `${API}/priority/${p.id}`,
    iconUrl: `${BASE_URL}/images/icons/priorities/${p.name.toLowerCase()}.svg`,
    name: p.name,
    id: p.id,
    statusColor: p.statusColor,
    description: `${p.name} priority`,
  };
}

export function projectRef(p: Readonly<ProjectRec>) {
  return {
    self: `${API}/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: 'software',
    simplified: false,
    avatarUrls: avatars(`project-${p.key}`),
  };
}

export function projectJson(db: Db, p: Readonly<ProjectRec>) {
  return {
    ...projectRef(p),
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    description: '',
    lead: userRef(db, p.leadAccountId) ?? undefined,
    issueTypes: ISSUE_TYPES.map((t) => issueTypeJson(t.id)),
    assigneeType: 'UNASSIGNED',
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
}

/** Every field this Jira knows, and whether it is navigable (what `*navigable` returns). */
export const FIELDS: Record<string, { navigable: boolean; name: string; schemaType: string }> = {
  summary: { navigable: true, name: 'Summary', schemaType: 'string' },
  description: { navigable: false, name: 'Description', schemaType: 'string' },
  status: { navigable: true, name: 'Status', schemaType: 'status' },
  issuetype: { navigable: true, name: 'Issue Type', schemaType: 'issuetype' },
  project: { navigable: true, name: 'Project', schemaType: 'project' },
  assignee: { navigable: true, name: 'Assignee', schemaType: 'user' },
  reporter: { navigable: true, name: 'Reporter', schemaType: 'user' },
  creator: { navigable: true, name: 'Creator', schemaType: 'user' },
  duedate: { navigable: true, name: 'Due date', schemaType: 'date' },
  labels: { navigable: true, name: 'Labels', schemaType: 'array' },
  priority: { navigable: true, name: 'Priority', schemaType: 'priority' },
  created: { navigable: true, name: 'Created', schemaType: 'datetime' },
  updated: { navigable: true, name: 'Updated', schemaType: 'datetime' },
  resolutiondate: { navigable: true, name: 'Resolved', schemaType: 'datetime' },
  resolution: { navigable: true, name: 'Resolution', schemaType: 'resolution' },
  issuelinks: { navigable: true, name: 'Linked Issues', schemaType: 'array' },
  watches: { navigable: true, name: 'Watchers', schemaType: 'watches' },
  statuscategorychangedate: { navigable: true, name: 'Status Category Changed', schemaType: 'datetime' },
};

/** Resolves Jira's `fields` parameter (`*all`, `*navigable`, names, `-name`) into a set of field ids. */
export function selectFields(requested: string[] | undefined, dflt: '*all' | 'id'): Set<string> {
  const list = requested && requested.length > 0 ? requested : [dflt];
  const out = new Set<string>();
  const minus: string[] = [];
  for (const raw of list.flatMap((f) => f.split(','))) {
    const f = raw.trim();
    if (f === '*all') Object.keys(FIELDS).forEach((k) => out.add(k));
    else if (f === '*navigable') Object.entries(FIELDS).forEach(([k, d]) => d.navigable && out.add(k));
    else if (f.startsWith('-')) minus.push(f.slice(1));
    else if (f in FIELDS) out.add(f);
  }
  minus.forEach((m) => out.delete(m));
  return out;
}

function linkedIssueRef(db: Db, id: string) {
  const i = db.issue(id);
  if (!i) return undefined;
  return {
    id: i.id,
    key: i.key,
    self: `${API}/issue/${i.id}`,
    fields: {
      summary: i.summary,
      status: statusJson(i.statusId),
      priority: priorityJson(i.priorityId),
      issuetype: issueTypeJson(i.issueTypeId),
    },
  };
}

export function issueLinksJson(db: Db, issue: Readonly<IssueRec>, visible: (issueId: string) => boolean) {
  return db.linksOf(issue.id).flatMap((l): Array<Record<string, unknown>> => {
    const t = linkTypeById(l.typeId);
    if (!t) return [];
    const type = { id: t.id, name: t.name, inward: t.inward, outward: t.outward, self: `${API}/issueLinkType/${t.id}` };
    const base = { id: l.id, self: `${API}/issueLink/${l.id}`, type };
    if (l.inwardIssueId === issue.id) {
      if (!visible(l.outwardIssueId)) return [];
      const other = linkedIssueRef(db, l.outwardIssueId);
      return other ? [{ ...base, outwardIssue: other }] : [];
    }
    if (!visible(l.inwardIssueId)) return [];
    const other = linkedIssueRef(db, l.inwardIssueId);
    return other ? [{ ...base, inwardIssue: other }] : [];
  });
}

export function fieldValue(db: Db, i: Readonly<IssueRec>, field: string, visible: (issueId: string) => boolean): unknown {
  switch (field) {
    case 'summary':
      return i.summary;
    case 'description':
      return i.description ?? null;
    case 'status':
      return statusJson(i.statusId);
    case 'issuetype':
      return issueTypeJson(i.issueTypeId);
    case 'project': {
      const p = db.project(i.projectId);
      return p ? projectRef(p) : null;
    }
    case 'assignee':
      return userRef(db, i.assignee);
    case 'reporter':
    case 'creator':
      return userRef(db, i.reporter);
    case 'duedate':
      return i.duedate;
    case 'labels':
      return [...i.labels];
    case 'priority':
      return priorityJson(i.priorityId);
    case 'created':
      return jiraTime(i.created);
    case 'updated':
    case 'statuscategorychangedate':
      return jiraTime(i.updated);
    case 'resolutiondate':
      return i.resolutiondate ? jiraTime(i.resolutiondate) : null;
    case 'resolution':
      return i.resolutiondate ? resolutionJson(i.resolutionId ?? '10000') : null;
    case 'issuelinks':
      return issueLinksJson(db, i, visible);
    case 'watches':
      return { self: `${API}/issue/${i.key}/watchers`, watchCount: i.watchers.length, isWatching: false };
    default:
      return undefined;
  }
}

export function issueJson(
  db: Db,
  i: Readonly<IssueRec>,
  opts: { fields: Set<string>; properties: string[]; visible: (issueId: string) => boolean; withFieldsAlways?: boolean },
) {
  const out: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: i.id,
    self: `${API}/issue/${i.id}`,
    key: i.key,
  };
  if (opts.fields.size > 0 || opts.withFieldsAlways) {
    const fields: Record<string, unknown> = {};
    for (const f of opts.fields) fields[f] = fieldValue(db, i, f, opts.visible);
    out.fields = fields;
  }
  if (opts.properties.length > 0) {
    const props: Record<string, unknown> = {};
    const all = opts.properties.includes('*all');
    for (const [k, v] of Object.entries(i.properties)) if (all || opts.properties.includes(k)) props[k] = v;
    out.properties = props;
  }
  return out;
}
