/**
 * GET and POST /rest/api/3/issue/{issueIdOrKey}/transitions: the workflow's transitions as Jira
 * lists them (none without Transition issues), and moving an issue into a status with the
 * resolution Jira keeps: set on entering Done ("Done" unless the transition screen names another,
 * e.g. "Won't Do"), cleared on leaving it (docs/platform.md, Jira REST).
 */
import { z } from 'zod';
import { canWork, type Ctx } from '../context';
import { json, jiraError, noContent, parseJsonBody } from '../http';
import { RESOLUTIONS, TRANSITIONS, statusById, type IssueRec } from '../model';
import { listParam, visibleIssue } from './access';
import { resolutionJson, statusJson } from './render';
import { recordChange } from './history';

function mayTransition(ctx: Ctx, i: Readonly<IssueRec>): boolean {
  const p = ctx.db.project(i.projectId);
  return !!p && canWork(ctx, p);
}

/** Transitions out of the issue's status (a global transition into every other status). */
function available(i: Readonly<IssueRec>) {
  return TRANSITIONS.filter((t) => t.toStatusId !== i.statusId);
}

function resolutionField() {
  return {
    required: false,
    schema: { type: 'resolution', system: 'resolution' },
    name: 'Resolution',
    key: 'resolution',
    hasDefaultValue: true,
    operations: ['set'],
    allowedValues: RESOLUTIONS.map((r) => resolutionJson(r.id)),
    defaultValue: resolutionJson('10000'),
  };
}

export function getTransitions(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const expand = (listParam(ctx.query, 'expand') ?? []).includes('transitions.fields');
  const only = ctx.query.get('transitionId');
  const list = mayTransition(ctx, i) ? available(i).filter((t) => only === null || t.id === only) : [];
  return json(200, {
    expand: 'transitions',
    transitions: list.map((t) => ({
      id: t.id,
      name: t.name,
      to: statusJson(t.toStatusId),
      hasScreen: t.resolutionScreen,
      isGlobal: true,
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
      ...(expand ? { fields: t.resolutionScreen ? { resolution: resolutionField() } : {} } : {}),
    })),
  });
}

const Ref = z.object({ id: z.string().optional(), name: z.string().optional() }).passthrough();
const Body = z
  .object({
    transition: z
      .object({ id: z.union([z.string(), z.number()]).transform(String).optional() })
      .passthrough()
      .optional(),
    fields: z.record(z.string(), z.unknown()).optional(),
    update: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export function doTransition(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const r = Body.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!r.success) throw jiraError(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
  const id = r.data.transition?.id;
  if (id === undefined) throw jiraError(400, ["Missing 'transition' identifier"]);
  if (!mayTransition(ctx, i)) throw jiraError(400, ['You do not have permission to transition this issue.']);
  const t = available(i).find((x) => x.id === id);
  if (!t) throw jiraError(400, [`Transition id '${id}' is not valid for this issue.`]);
  const errors: Record<string, string> = {};
  let resolutionId: string | null = t.resolutionScreen ? '10000' : null;
  for (const [f, v] of Object.entries(r.data.fields ?? {})) {
    if (f !== 'resolution' || !t.resolutionScreen) {
      errors[f] = `Field '${f}' cannot be set. It is not on the appropriate screen, or unknown.`;
      continue;
    }
    const ref = Ref.safeParse(v);
    const hit = ref.success ? RESOLUTIONS.find((x) => x.id === ref.data.id || x.name === ref.data.name) : undefined;
    if (!hit) errors.resolution = "Could not find valid 'id' or 'name' in resolution object.";
    else resolutionId = hit.id;
  }
  for (const f of Object.keys(r.data.update ?? {}))
    errors[f] = `Field '${f}' cannot be set. It is not on the appropriate screen, or unknown.`;
  if (Object.keys(errors).length > 0) throw jiraError(400, [], errors);
  const now = ctx.clock.now().toISOString();
  const done = statusById(t.toStatusId)?.category === 'done';
  const wasDone = i.resolutiondate !== null;
  const next: IssueRec = {
    ...structuredClone(i),
    statusId: t.toStatusId,
    resolutionId: done ? resolutionId : null,
    resolutiondate: done ? (wasDone && i.statusId === t.toStatusId ? i.resolutiondate : now) : null,
    updated: now,
  };
  ctx.db.batch(() => {
    ctx.db.putIssue(next);
    recordChange(ctx, i, next);
  });
  return noContent();
}
