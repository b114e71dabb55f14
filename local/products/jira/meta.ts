/** Projects, issue types, priorities. */
import { canBrowse, canWork, type Ctx } from '../context';
import { json, jiraError } from '../http';
import { BASE_URL, DEFAULT_PRIORITY_ID, ISSUE_TYPES, PRIORITIES, type ProjectRec } from '../model';
import { visibleProject } from './access';
import { createScreen } from './issues';
import { issueTypeJson, priorityJson, projectJson, projectRef } from './render';

export function getProject(ctx: Ctx) {
  return json(200, projectJson(ctx.db, visibleProject(ctx, ctx.params.projectIdOrKey ?? '')));
}

export function searchProjects(ctx: Ctx) {
  const startAt = Math.max(0, Number(ctx.query.get('startAt') ?? '0') || 0);
  const maxResults = Math.min(100, Math.max(0, Number(ctx.query.get('maxResults') ?? '50') || 50));
  const query = (ctx.query.get('query') ?? '').toLowerCase();
  const keys = ctx.query.getAll('keys').flatMap((k) => k.split(','));
  const ids = ctx.query.getAll('id').flatMap((k) => k.split(','));
  const list = ctx.db
    .projects()
    .filter((p) => canBrowse(ctx, p))
    .filter((p) => (keys.length === 0 || keys.includes(p.key)) && (ids.length === 0 || ids.includes(p.id)))
    .filter((p) => query === '' || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query))
    .sort((a, b) => a.key.localeCompare(b.key));
  return json(200, {
    self: `${BASE_URL}/rest/api/3/project/search?${ctx.query.toString()}`,
    maxResults,
    startAt,
    total: list.length,
    isLast: startAt + maxResults >= list.length,
    values: list.slice(startAt, startAt + maxResults).map((p) => projectJson(ctx.db, p)),
  });
}

export function issueTypes(_ctx: Ctx) {
  return json(
    200,
    ISSUE_TYPES.map((t) => issueTypeJson(t.id)),
  );
}

export function priorities(_ctx: Ctx) {
  return json(
    200,
    PRIORITIES.map((p) => priorityJson(p.id)),
  );
}

// --- create metadata: what a project's create screen holds (docs/platform.md, Jira REST)

/** A project the actor may create issues in: 404 when they cannot see it, 400 when they only browse it. */
function creatableProject(ctx: Ctx) {
  const p = visibleProject(ctx, ctx.params.projectIdOrKey ?? '');
  if (!canWork(ctx, p)) throw jiraError(400, ['You do not have permission to create issues in this project.']);
  return p;
}

function page<T>(ctx: Ctx, all: T[]) {
  const startAt = Math.max(0, Number(ctx.query.get('startAt') ?? '0') || 0);
  const maxResults = Math.min(200, Math.max(1, Number(ctx.query.get('maxResults') ?? '50') || 50));
  return { values: all.slice(startAt, startAt + maxResults), startAt, maxResults, total: all.length };
}

export function createMetaIssueTypes(ctx: Ctx) {
  creatableProject(ctx);
  const { values, startAt, maxResults, total } = page(ctx, ISSUE_TYPES);
  return json(200, { issueTypes: values.map((t) => issueTypeJson(t.id)), startAt, maxResults, total });
}

type FieldMeta = { name: string; schema: Record<string, string>; required: boolean; operations: string[]; extra?: Record<string, unknown> };

function fieldMeta(field: string, p: Readonly<ProjectRec>): FieldMeta | undefined {
  switch (field) {
    case 'project':
      return {
        name: 'Project',
        schema: { type: 'project', system: 'project' },
        required: true,
        operations: ['set'],
        extra: { allowedValues: [projectRef(p)] },
      };
    case 'issuetype':
      return {
        name: 'Issue Type',
        schema: { type: 'issuetype', system: 'issuetype' },
        required: true,
        operations: [],
        extra: { allowedValues: ISSUE_TYPES.map((t) => issueTypeJson(t.id)) },
      };
    case 'summary':
      return { name: 'Summary', schema: { type: 'string', system: 'summary' }, required: true, operations: ['set'] };
    case 'description':
      return { name: 'Description', schema: { type: 'string', system: 'description' }, required: false, operations: ['set'] };
    case 'assignee':
      return {
        name: 'Assignee',
        schema: { type: 'user', system: 'assignee' },
        required: false,
        operations: ['set'],
        extra: { autoCompleteUrl: `${BASE_URL}/rest/api/3/user/assignable/search?project=${p.key}&query=` },
      };
    case 'reporter':
      return {
        name: 'Reporter',
        schema: { type: 'user', system: 'reporter' },
        required: true,
        operations: ['set'],
        extra: { hasDefaultValue: true, autoCompleteUrl: `${BASE_URL}/rest/api/3/user/search?query=` },
      };
    case 'duedate':
      return { name: 'Due date', schema: { type: 'date', system: 'duedate' }, required: false, operations: ['set'] };
    case 'labels':
      return {
        name: 'Labels',
        schema: { type: 'array', items: 'string', system: 'labels' },
        required: false,
        operations: ['add', 'set', 'remove'],
        extra: { autoCompleteUrl: `${BASE_URL}/rest/api/1.0/labels/suggest?query=` },
      };
    case 'priority':
      return {
        name: 'Priority',
        schema: { type: 'priority', system: 'priority' },
        required: false,
        operations: ['set'],
        extra: {
          allowedValues: PRIORITIES.map((x) => priorityJson(x.id)),
          hasDefaultValue: true,
          defaultValue: priorityJson(DEFAULT_PRIORITY_ID),
        },
      };
    default:
      return undefined;
  }
}

export function createMetaFields(ctx: Ctx) {
  const p = creatableProject(ctx);
  const typeId = ctx.params.issueTypeId ?? '';
  if (!ISSUE_TYPES.some((t) => t.id === typeId))
    throw jiraError(400, [`The issue type with id '${typeId}' does not exist or is not valid for project '${p.key}'.`]);
  const fields = createScreen(p).flatMap((f) => {
    const m = fieldMeta(f, p);
    return m
      ? [
          {
            required: m.required,
            schema: m.schema,
            name: m.name,
            key: f,
            fieldId: f,
            hasDefaultValue: false,
            operations: m.operations,
            ...m.extra,
          },
        ]
      : [];
  });
  const { values, startAt, maxResults, total } = page(ctx, fields);
  return json(200, { fields: values, startAt, maxResults, total });
}
