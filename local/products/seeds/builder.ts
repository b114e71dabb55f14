/** Helpers that write seed state straight into the Db (no REST, no permission checks). */
import type { Db } from '../db';
import {
  DEFAULT_PRIORITY_ID,
  ISSUE_TYPES,
  LINK_TYPES,
  PRIORITIES,
  STATUSES,
  type IssueRec,
  type PageRec,
  type StatusCategoryKey,
} from '../model';
import type { SiteUser } from '../../site-api';

export const DAY = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addUsers(db: Db, users: SiteUser[]): void {
  for (const u of users) db.putUser(u);
}

export function addProject(
  db: Db,
  p: { key: string; name: string; lead: string; members: string[]; browsers?: string[]; createFields?: string[] },
): string {
  const id = db.nextId('project');
  db.putProject({
    id,
    key: p.key,
    name: p.name,
    leadAccountId: p.lead,
    members: p.members,
    ...(p.browsers ? { browsers: p.browsers } : {}),
    ...(p.createFields ? { createFields: p.createFields } : {}),
    issueCounter: 0,
  });
  return id;
}

export interface SeedIssue {
  project: string;
  type: 'Incident' | 'Task' | 'Bug';
  summary: string;
  description?: string;
  status?: StatusCategoryKey;
  assignee?: string | null;
  reporter: string;
  duedate?: string | null;
  labels?: string[];
  priority?: 'Highest' | 'High' | 'Medium' | 'Low' | 'Lowest';
  created: number;
  resolved?: number | null;
  properties?: Record<string, unknown>;
  watchers?: string[];
}

export function adfParagraphs(text: string): unknown {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n\n').map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] })),
  };
}

export function addIssue(db: Db, s: SeedIssue): IssueRec {
  const p = db.projectByKey(s.project);
  if (!p) throw new Error(`seed: no project ${s.project}`);
  const n = p.issueCounter + 1;
  db.putProject({ ...p, members: [...p.members], issueCounter: n });
  const status = STATUSES.find((x) => x.category === (s.status ?? 'new')) ?? STATUSES[0];
  const created = new Date(s.created).toISOString();
  const resolved = s.resolved === undefined || s.resolved === null ? null : new Date(s.resolved).toISOString();
  const issue: IssueRec = {
    id: db.nextId('issue'),
    key: `${p.key}-${n}`,
    projectId: p.id,
    issueTypeId: ISSUE_TYPES.find((t) => t.name === s.type)?.id ?? '10001',
    summary: s.summary,
    description: s.description ? adfParagraphs(s.description) : null,
    statusId: status?.id ?? '10000',
    assignee: s.assignee ?? null,
    reporter: s.reporter,
    duedate: s.duedate ?? null,
    labels: s.labels ?? [],
    priorityId: PRIORITIES.find((x) => x.name === s.priority)?.id ?? DEFAULT_PRIORITY_ID,
    created,
    updated: resolved ?? created,
    resolutiondate: resolved,
    watchers: [...new Set([s.reporter, ...(s.assignee ? [s.assignee] : []), ...(s.watchers ?? [])])],
    properties: s.properties ?? {},
  };
  db.putIssue(issue);
  return issue;
}

export function addLink(db: Db, type: string, inward: IssueRec, outward: IssueRec): void {
  const t = LINK_TYPES.find((x) => x.name === type);
  if (!t) throw new Error(`seed: no link type ${type}`);
  db.putLink({ id: db.nextId('link'), typeId: t.id, inwardIssueId: inward.id, outwardIssueId: outward.id });
}

export function addSpace(
  db: Db,
  s: { key: string; name: string; members: string[]; viewers?: string[]; author: string; createdAt: number },
): string {
  const id = db.nextId('space');
  db.putSpace({
    id,
    key: s.key,
    name: s.name,
    members: s.members,
    viewers: s.viewers ?? [],
    homepageId: null,
    createdAt: new Date(s.createdAt).toISOString(),
    authorId: s.author,
  });
  return id;
}

export function addPage(
  db: Db,
  p: {
    spaceId: string;
    parentId?: string | null;
    title: string;
    adf: unknown;
    author: string;
    createdAt: number;
    edits?: Array<{ by: string; at: number; message?: string }>;
    labels?: string[];
  },
): PageRec {
  const versions = [{ number: 1, message: '', minorEdit: false, authorId: p.author, createdAt: new Date(p.createdAt).toISOString() }];
  for (const e of p.edits ?? [])
    versions.push({
      number: versions.length + 1,
      message: e.message ?? '',
      minorEdit: false,
      authorId: e.by,
      createdAt: new Date(e.at).toISOString(),
    });
  const rec: PageRec = {
    id: db.nextId('content'),
    spaceId: p.spaceId,
    parentId: p.parentId ?? null,
    title: p.title,
    status: 'current',
    adf: JSON.stringify(p.adf),
    authorId: p.author,
    ownerId: p.author,
    createdAt: new Date(p.createdAt).toISOString(),
    versions,
    labels: (p.labels ?? []).map((name) => ({ id: db.nextId('label'), name, prefix: 'global' })),
  };
  db.putPage(rec);
  return rec;
}

export function setHomepage(db: Db, spaceId: string, pageId: string): void {
  const s = db.space(spaceId);
  if (s) db.putSpace({ ...s, members: [...s.members], homepageId: pageId });
}

export function addContentProperty(db: Db, pageId: string, key: string, value: unknown, by: string, at: number): void {
  db.putContentProp({
    id: db.nextId('content'),
    pageId,
    key,
    value,
    version: { number: 1, message: '', minorEdit: false, authorId: by, createdAt: new Date(at).toISOString() },
  });
}

/** A changelog entry on a seeded issue (what Jira records when someone edits or transitions it). */
export function addChange(
  db: Db,
  issue: IssueRec,
  by: string | null,
  at: number,
  items: Array<{ field: string; from: string | null; fromString: string | null; to: string | null; toString: string | null }>,
): void {
  db.putChangelog({
    id: db.nextId('changelog'),
    issueId: issue.id,
    authorId: by,
    created: new Date(at).toISOString(),
    items: items.map((i) => ({ ...i, fieldId: i.field })),
  });
}

/** A comment on a seeded issue, its text in ADF paragraphs. */
export function addComment(db: Db, issue: IssueRec, by: string, at: number, text: string): void {
  const iso = new Date(at).toISOString();
  db.putComment({ id: db.nextId('comment'), issueId: issue.id, authorId: by, body: adfParagraphs(text), created: iso, updated: iso });
}
