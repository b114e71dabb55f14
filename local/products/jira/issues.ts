/** Issues: get, create (single and bulk), edit, assign. */
import { z } from 'zod';
import { canBrowse, canWork, userInProject, type Ctx } from '../context';
import { HttpError, json, jiraError, noContent, parseJsonBody } from '../http';
import { BASE_URL, CREATE_FIELDS, DEFAULT_PRIORITY_ID, ISSUE_TYPES, PRIORITIES, STATUSES, type IssueRec, type ProjectRec } from '../model';
import { ISSUE_NOT_FOUND, issueVisibility, listParam, visibleIssue, workableIssue } from './access';
import { issueJson, selectFields } from './render';
import { checkPropertyValue } from './properties';
import { recordChange } from './history';

const Ref = z.object({ id: z.string().optional(), key: z.string().optional(), name: z.string().optional() }).passthrough();
const UserRef = z.object({ accountId: z.string().nullable().optional(), id: z.string().optional() }).passthrough().nullable();

const SETTABLE = ['project', 'issuetype', 'summary', 'description', 'assignee', 'reporter', 'duedate', 'labels', 'priority'] as const;
const EDITABLE = ['summary', 'description', 'assignee', 'duedate', 'labels', 'priority'] as const;

const CreateBody = z
  .object({
    fields: z.record(z.string(), z.unknown()).optional(),
    update: z.record(z.string(), z.unknown()).optional(),
    properties: z.array(z.object({ key: z.string(), value: z.unknown() })).optional(),
  })
  .passthrough();

function cannotSet(f: string): string {
  return `Field '${f}' cannot be set. It is not on the appropriate screen, or unknown.`;
}

function bodyOf(ctx: Ctx): z.infer<typeof CreateBody> {
  const raw = parseJsonBody(ctx.body, 'jira');
  const r = CreateBody.safeParse(raw ?? {});
  if (!r.success) throw jiraError(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
  return r.data;
}

type FieldErrors = Record<string, string>;

/** Validates field values shared by create and edit; returns the partial record and the errors. */
function readFields(ctx: Ctx, fields: Record<string, unknown>, allowed: readonly string[], projectId: string | undefined) {
  const errors: FieldErrors = {};
  const out: Partial<IssueRec> = {};
  const { db } = ctx;
  for (const [f, v] of Object.entries(fields)) {
    if (!allowed.includes(f)) {
      errors[f] = cannotSet(f);
      continue;
    }
    switch (f) {
      case 'summary':
        if (typeof v !== 'string' || v.trim() === '') errors.summary = 'You must specify a summary of the issue.';
        else if (v.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else out.summary = v;
        break;
      case 'description':
        if (v !== null && (typeof v !== 'object' || Array.isArray(v) || (v as { type?: unknown }).type !== 'doc')) {
          errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
        } else out.description = v;
        break;
      case 'duedate':
        if (v === null || v === '') out.duedate = null;
        else if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
          errors.duedate = `Error parsing date string: ${String(v)}`;
        } else out.duedate = v;
        break;
      case 'labels':
        if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) errors.labels = 'The label must be a string.';
        else if (v.some((x) => /\s/.test(x)))
          errors.labels = `The label '${v.find((x) => /\s/.test(x)) ?? ''}' contains spaces which is invalid.`;
        else if (v.some((x) => x.length > 255)) errors.labels = 'The label must not exceed 255 characters.';
        else out.labels = [...new Set(v)];
        break;
      case 'priority': {
        const r = Ref.safeParse(v);
        const p = r.success ? PRIORITIES.find((x) => x.id === r.data.id || x.name === r.data.name) : undefined;
        if (!p) errors.priority = 'Specify the Priority (id or name) in the string format';
        else out.priorityId = p.id;
        break;
      }
      case 'assignee':
      case 'reporter': {
        const r = UserRef.safeParse(v);
        if (!r.success) {
          errors[f] = `Specify a valid value for ${f}`;
          break;
        }
        const acc = r.data?.accountId ?? null;
        if (acc === null || acc === '-1') {
          if (f === 'reporter') errors.reporter = 'Reporter is required.';
          else out.assignee = null;
          break;
        }
        const u = db.user(acc);
        const p = projectId === undefined ? undefined : db.project(projectId);
        if (!u) errors[f] = f === 'assignee' ? `Specify a valid value for assignee` : `Specify a valid value for reporter`;
        else if (f === 'assignee' && p && !userInProject(db, acc, p))
          errors.assignee = `User '${u.displayName}' cannot be assigned issues.`;
        else if (f === 'assignee') out.assignee = acc;
        else out.reporter = acc;
        break;
      }
      default:
        break; // project and issuetype are read by create
    }
  }
  return { out, errors };
}

/** The fields a project's create screen holds (project and issue type always). */
export function createScreen(p: Readonly<ProjectRec>): string[] {
  return ['project', 'issuetype', ...(p.createFields ?? CREATE_FIELDS).filter((f) => (SETTABLE as readonly string[]).includes(f))];
}

interface CreateResult {
  ok?: Readonly<IssueRec>;
  errors?: FieldErrors;
  messages?: string[];
}

function createOne(ctx: Ctx, raw: unknown): CreateResult {
  const body = CreateBody.safeParse(raw ?? {});
  if (!body.success) return { messages: ['Invalid request payload. Refer to the REST API documentation and try again.'] };
  const fields = body.data.fields ?? {};
  const errors: FieldErrors = {};
  const { db } = ctx;
  const pr = Ref.safeParse(fields.project);
  const project = pr.success ? (pr.data.id ? db.project(pr.data.id) : pr.data.key ? db.projectByKey(pr.data.key) : undefined) : undefined;
  if (!project || !canBrowse(ctx, project)) errors.project = 'Specify a valid project ID or key';
  else if (!canWork(ctx, project)) errors.project = 'You do not have permission to create issues in this project.';
  const tr = Ref.safeParse(fields.issuetype);
  const type = tr.success ? ISSUE_TYPES.find((t) => t.id === tr.data.id || t.name === tr.data.name) : undefined;
  if (!type) errors.issuetype = fields.issuetype === undefined ? 'Specify an issue type' : 'Specify a valid issue type';
  if (fields.summary === undefined) errors.summary = 'You must specify a summary of the issue.';
  // Only the fields on the project's create screen may be set (docs/platform.md, Jira REST).
  const read = readFields(ctx, fields, project ? createScreen(project) : SETTABLE, project?.id);
  Object.assign(errors, read.errors);
  for (const p of body.data.properties ?? []) {
    const msg = checkPropertyValue(p.key, p.value);
    if (msg) errors.properties = msg;
  }
  if (body.data.update && Object.keys(body.data.update).length > 0) {
    for (const f of Object.keys(body.data.update)) errors[f] = cannotSet(f);
  }
  if (Object.keys(errors).length > 0 || !project || !type) return { errors };
  const now = ctx.clock.now().toISOString();
  const reporter = read.out.reporter ?? (ctx.actor.kind === 'user' ? ctx.actor.accountId : null);
  return db.batch(() => {
    const fresh = db.project(project.id) ?? project;
    const n = fresh.issueCounter + 1;
    db.putProject({ ...fresh, members: [...fresh.members], issueCounter: n });
    const issue: IssueRec = {
      id: db.nextId('issue'),
      key: `${fresh.key}-${n}`,
      projectId: fresh.id,
      issueTypeId: type.id,
      summary: read.out.summary ?? '',
      description: read.out.description ?? null,
      statusId: STATUSES[0]?.id ?? '10000',
      assignee: read.out.assignee ?? null,
      reporter,
      duedate: read.out.duedate ?? null,
      labels: read.out.labels ?? [],
      priorityId: read.out.priorityId ?? DEFAULT_PRIORITY_ID,
      created: now,
      updated: now,
      resolutiondate: null,
      watchers: reporter ? [reporter] : [],
      properties: Object.fromEntries((body.data.properties ?? []).map((p) => [p.key, p.value])),
    };
    db.putIssue(issue);
    return { ok: issue };
  });
}

function created(i: Readonly<IssueRec>) {
  return { id: i.id, key: i.key, self: `${BASE_URL}/rest/api/3/issue/${i.id}` };
}

export function createIssue(ctx: Ctx) {
  const r = createOne(ctx, parseJsonBody(ctx.body, 'jira'));
  if (r.ok) return json(201, created(r.ok));
  return json(400, { errorMessages: r.messages ?? [], errors: r.errors ?? {} });
}

const BulkBody = z.object({ issueUpdates: z.array(z.unknown()) }).passthrough();

export function bulkCreate(ctx: Ctx) {
  const parsed = BulkBody.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!parsed.success) throw jiraError(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
  const updates = parsed.data.issueUpdates;
  if (updates.length > 50)
    throw jiraError(400, [`Too many issues in the request. The maximum is 50, and the request contains ${updates.length}.`]);
  const issues: Array<ReturnType<typeof created>> = [];
  const errors: Array<{ status: number; elementErrors: { errorMessages: string[]; errors: FieldErrors }; failedElementNumber: number }> =
    [];
  updates.forEach((u, n) => {
    const r = createOne(ctx, u);
    if (r.ok) issues.push(created(r.ok));
    else errors.push({ status: 400, elementErrors: { errorMessages: r.messages ?? [], errors: r.errors ?? {} }, failedElementNumber: n });
  });
  return json(issues.length === 0 && errors.length > 0 ? 400 : 201, { issues, errors });
}

export function getIssue(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const fields = selectFields(listParam(ctx.query, 'fields'), '*all');
  const properties = listParam(ctx.query, 'properties') ?? [];
  return json(200, issueJson(ctx.db, i, { fields, properties, visible: issueVisibility(ctx), withFieldsAlways: true }));
}

const LabelOps = z.array(
  z.union([z.object({ add: z.string() }), z.object({ remove: z.string() }), z.object({ set: z.array(z.string()) })]),
);

export function editIssue(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const body = bodyOf(ctx);
  const project = ctx.db.project(i.projectId);
  if (!project || !canWork(ctx, project)) {
    // Without Edit issues the edit screen is empty: every field is refused (docs/platform.md, Jira REST).
    const fields = [...Object.keys(body.fields ?? {}), ...Object.keys(body.update ?? {})];
    throw jiraError(
      400,
      fields.length ? [] : ['You do not have permission to edit issues in this project.'],
      Object.fromEntries(fields.map((f) => [f, cannotSet(f)])),
    );
  }
  const read = readFields(ctx, body.fields ?? {}, EDITABLE, i.projectId);
  const errors = { ...read.errors };
  let labels = read.out.labels ?? [...i.labels];
  for (const [f, ops] of Object.entries(body.update ?? {})) {
    if (f !== 'labels') {
      errors[f] = cannotSet(f);
      continue;
    }
    const r = LabelOps.safeParse(ops);
    if (!r.success) {
      errors.labels = 'Invalid update operation for labels.';
      continue;
    }
    for (const op of r.data) {
      if ('add' in op) labels = labels.includes(op.add) ? labels : [...labels, op.add];
      else if ('remove' in op) labels = labels.filter((l) => l !== op.remove);
      else labels = [...op.set];
    }
  }
  for (const p of body.properties ?? []) {
    const msg = checkPropertyValue(p.key, p.value);
    if (msg) errors.properties = msg;
  }
  if (Object.keys(errors).length > 0) throw jiraError(400, [], errors);
  const next: IssueRec = {
    ...structuredClone(i),
    ...read.out,
    labels,
    updated: ctx.clock.now().toISOString(),
  };
  for (const p of body.properties ?? []) next.properties[p.key] = p.value;
  ctx.db.batch(() => {
    ctx.db.putIssue(next);
    recordChange(ctx, i, next);
  });
  return noContent();
}

const AssignBody = z.object({ accountId: z.string().nullable().optional() }).passthrough();

export function assignIssue(ctx: Ctx) {
  const i = workableIssue(ctx, ctx.params.issueIdOrKey ?? '', () =>
    jiraError(403, ['You do not have permission to assign issues in this project.']),
  );
  const r = AssignBody.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!r.success) throw jiraError(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
  const acc = r.data.accountId ?? null;
  let assignee: string | null = null;
  if (acc !== null && acc !== '-1') {
    const u = ctx.db.user(acc);
    if (!u) throw jiraError(404, [`User '${acc}' does not exist.`]);
    const p = ctx.db.project(i.projectId);
    if (!p || !userInProject(ctx.db, acc, p)) throw jiraError(400, [], { assignee: `User '${u.displayName}' cannot be assigned issues.` });
    assignee = acc;
  }
  const next = { ...structuredClone(i), assignee, updated: ctx.clock.now().toISOString() };
  ctx.db.batch(() => {
    ctx.db.putIssue(next);
    recordChange(ctx, i, next);
  });
  return noContent();
}

export { ISSUE_NOT_FOUND, HttpError };
