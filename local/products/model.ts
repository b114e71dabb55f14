/** Stored records of the local Jira and Confluence, and the fixed catalogues (statuses, types...). */
import type { SiteUser } from '../site-api';

/** The site's address until the server listens and tells the products its own (`setBaseUrl`). */
export const BASE_URL = 'https://local-site.atlassian.net';

/** Store collections. */
export const C = {
  users: 'users',
  projects: 'jira.projects',
  issues: 'jira.issues',
  links: 'jira.links',
  remoteLinks: 'jira.remoteLinks',
  spaces: 'conf.spaces',
  pages: 'conf.pages',
  contentProps: 'conf.contentProps',
  changelog: 'jira.changelog',
  comments: 'jira.comments',
  outbox: 'outbox',
  meta: 'meta',
} as const;

export type UserRec = SiteUser;

export interface ProjectRec {
  id: string;
  key: string;
  name: string;
  leadAccountId: string;
  /** Account ids that may browse, create, edit, assign, link and transition in the project (besides the lead). */
  members: string[];
  /** Account ids that may only browse the project (Jira's Browse projects permission alone). */
  browsers?: string[];
  /**
   * Fields on the project's create screen besides project and issue type (every one of
   * `CREATE_FIELDS` when absent); creating with any other field answers 400, as Jira does.
   */
  createFields?: string[];
  /** Last issue number handed out. */
  issueCounter: number;
}

/** Every field the local Jira can set on create (project and issue type aside). */
export const CREATE_FIELDS = ['summary', 'description', 'assignee', 'reporter', 'duedate', 'labels', 'priority'];

export interface IssueRec {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  summary: string;
  description: unknown;
  statusId: string;
  assignee: string | null;
  reporter: string | null;
  duedate: string | null;
  labels: string[];
  priorityId: string;
  created: string;
  updated: string;
  resolutiondate: string | null;
  /** The resolution (RESOLUTIONS) of a resolved issue; "Done" when absent and resolved. */
  resolutionId?: string | null;
  watchers: string[];
  properties: Record<string, unknown>;
}

/** One changed field of a changelog entry, as Jira's `ChangeDetails` (ids in from/to, names in the strings). */
export interface ChangeItemRec {
  field: string;
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

/** One entry of an issue's history: who changed which fields when (Jira's `Changelog`). */
export interface ChangelogRec {
  id: string;
  issueId: string;
  /** The person who made the change; null for the app (asApp). */
  authorId: string | null;
  created: string;
  items: ChangeItemRec[];
}

/** A comment on an issue (body in ADF). */
export interface CommentRec {
  id: string;
  issueId: string;
  authorId: string | null;
  body: unknown;
  created: string;
  updated: string;
}

export interface LinkRec {
  id: string;
  typeId: string;
  /** The issue the inward description applies to ("is blocked by"). */
  inwardIssueId: string;
  outwardIssueId: string;
}

export interface RemoteLinkRec {
  id: string;
  issueId: string;
  globalId: string | null;
  application: Record<string, unknown> | null;
  relationship: string | null;
  object: { url: string; title: string; summary?: string; icon?: Record<string, unknown>; status?: Record<string, unknown> };
}

export interface SpaceRec {
  id: string;
  key: string;
  name: string;
  /** Account ids that may read and edit content in the space. */
  members: string[];
  /** Account ids that may read but not edit content in the space. */
  viewers?: string[];
  homepageId: string | null;
  createdAt: string;
  authorId: string;
  /**
   * An app access rule blocks apps from this space's content: the app (asApp) can neither read
   * nor write its pages, while it still sees the space itself (docs/platform.md, Confluence REST).
   */
  appAccessBlocked?: boolean;
}

export interface PageVersion {
  number: number;
  message: string;
  minorEdit: boolean;
  authorId: string;
  createdAt: string;
}

/** Unpublished changes to a published page (what its editor holds until someone publishes). */
export interface PageDraft {
  title: string;
  /** ADF document, as a JSON string. */
  adf: string;
  authorId: string;
  /** When the draft was last saved. */
  updatedAt: string;
}

export interface PageRec {
  id: string;
  spaceId: string;
  parentId: string | null;
  title: string;
  /**
   * `draft`: a new page never published (only its author sees it); its body is the draft.
   * `trashed`: deleted, in the space's trash (read only with `status=trashed`; its title is free).
   */
  status: 'current' | 'draft' | 'trashed';
  /** A published page being edited: the unpublished changes (docs/platform.md, Confluence REST). */
  draft?: PageDraft | null;
  /** ADF document, kept as a JSON string as Confluence returns it. */
  adf: string;
  authorId: string;
  ownerId: string;
  createdAt: string;
  versions: PageVersion[];
  labels: Array<{ id: string; name: string; prefix: string }>;
}

export interface ContentPropRec {
  id: string;
  pageId: string;
  key: string;
  value: unknown;
  version: { number: number; message: string; minorEdit: boolean; authorId: string; createdAt: string };
}

export interface Counters {
  issue: number;
  link: number;
  remoteLink: number;
  content: number;
  label: number;
  space: number;
  project: number;
  outbox: number;
  changelog: number;
  comment: number;
}

export const STATUS_CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;
export type StatusCategoryKey = keyof typeof STATUS_CATEGORIES;

export const STATUSES: Array<{ id: string; name: string; category: StatusCategoryKey }> = [
  { id: '10000', name: 'To Do', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '10001', name: 'Done', category: 'done' },
];

export const RESOLUTIONS: Array<{ id: string; name: string; description: string }> = [
  { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
  { id: '10001', name: "Won't Do", description: "This issue won't be actioned." },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
  { id: '10003', name: 'Cannot Reproduce', description: "This issue couldn't be reproduced." },
];

/**
 * The workflow every project uses: a global transition into each status (Jira's default for
 * company-managed projects); the one into Done has a screen with the Resolution field.
 */
export const TRANSITIONS: Array<{ id: string; name: string; toStatusId: string; resolutionScreen: boolean }> = [
  { id: '11', name: 'To Do', toStatusId: '10000', resolutionScreen: false },
  { id: '21', name: 'In Progress', toStatusId: '3', resolutionScreen: false },
  { id: '31', name: 'Done', toStatusId: '10001', resolutionScreen: true },
];

export const ISSUE_TYPES: Array<{ id: string; name: string; description: string; hierarchyLevel: number }> = [
  { id: '10001', name: 'Task', description: 'A small, distinct piece of work.', hierarchyLevel: 0 },
  { id: '10002', name: 'Incident', description: 'An unplanned interruption or reduction in quality of service.', hierarchyLevel: 0 },
  { id: '10003', name: 'Bug', description: 'A problem or error.', hierarchyLevel: 0 },
];

export const PRIORITIES: Array<{ id: string; name: string; statusColor: string }> = [
  { id: '1', name: 'Highest', statusColor: '#d04437' },
  { id: '2', name: 'High', statusColor: '#f15C75' },
  { id: '3', name: 'Medium', statusColor: '#f79232' },
  { id: '4', name: 'Low', statusColor: '#707070' },
  { id: '5', name: 'Lowest', statusColor: '#999999' },
];
export const DEFAULT_PRIORITY_ID = '3';

export const LINK_TYPES: Array<{ id: string; name: string; inward: string; outward: string }> = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
];

export function statusById(id: string) {
  return STATUSES.find((s) => s.id === id);
}
export function issueTypeById(id: string) {
  return ISSUE_TYPES.find((t) => t.id === id);
}
export function priorityById(id: string) {
  return PRIORITIES.find((p) => p.id === id);
}
export function linkTypeById(id: string) {
  return LINK_TYPES.find((t) => t.id === id);
}
