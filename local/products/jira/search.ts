/** GET and POST /rest/api/3/search/jql: JQL, nextPageToken paging, fields and properties. */
import { z } from 'zod';
import { canBrowse, type Ctx } from '../context';
import { HttpError, json, jiraError, parseJsonBody } from '../http';
import type { IssueRec } from '../model';
import { JqlError, compileJql } from '../jql/eval';
import { issueVisibility, listParam } from './access';
import { issueJson, selectFields } from './render';

const Body = z
  .object({
    jql: z.string().optional(),
    nextPageToken: z.string().nullable().optional(),
    maxResults: z.number().int().optional(),
    fields: z.array(z.string()).optional(),
    properties: z.array(z.string()).optional(),
    expand: z.string().optional(),
    fieldsByKeys: z.boolean().optional(),
    failFast: z.boolean().optional(),
    reconcileIssues: z.array(z.number()).optional(),
  })
  .strict();

interface SearchInput {
  jql: string;
  nextPageToken?: string | null;
  maxResults?: number;
  fields?: string[];
  properties?: string[];
}

export function searchGet(ctx: Ctx) {
  const max = ctx.query.get('maxResults');
  if (max !== null && !/^\d+$/.test(max)) throw jiraError(400, [`The value '${max}' is invalid for the parameter 'maxResults'.`]);
  return search(ctx, {
    jql: ctx.query.get('jql') ?? '',
    nextPageToken: ctx.query.get('nextPageToken'),
    maxResults: max === null ? undefined : Number(max),
    fields: listParam(ctx.query, 'fields'),
    properties: listParam(ctx.query, 'properties'),
  });
}

export function searchPost(ctx: Ctx) {
  const r = Body.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!r.success) {
    const unknown = r.error.issues.find((i) => i.code === 'unrecognized_keys');
    throw jiraError(400, [unknown ? `Unrecognized field "${(unknown.keys ?? []).join('", "')}".` : 'Invalid request payload. Refer to the REST API documentation and try again.']);
  }
  return search(ctx, { ...r.data, jql: r.data.jql ?? '' });
}

interface PageToken {
  o: number;
  q: string;
}

function encodeToken(t: PageToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeToken(s: string, jql: string): number {
  try {
    const t = z.object({ o: z.number().int().min(0), q: z.string() }).parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
    if (t.q !== jql) throw new Error('token from another query');
    return t.o;
  } catch {
    throw jiraError(400, ['The provided next page token is invalid or expired.']);
  }
}

function search(ctx: Ctx, input: SearchInput) {
  let compiled;
  try {
    compiled = compileJql(input.jql, {
      db: ctx.db,
      now: ctx.clock.now(),
      currentUser: ctx.actor.kind === 'user' ? ctx.actor.accountId : undefined,
      index: ctx.index,
      canSeeProject: (p) => canBrowse(ctx, p),
    });
  } catch (e) {
    if (e instanceof JqlError) throw jiraError(400, [e.message]);
    throw e;
  }
  if (!compiled.bounded) {
    throw jiraError(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
  }
  const fields = selectFields(input.fields, 'id');
  const idOnly = [...fields].every((f) => f === 'id' || f === 'key') && (input.properties ?? []).length === 0;
  const cap = idOnly ? 5000 : 100;
  const maxResults = Math.max(1, Math.min(input.maxResults ?? 50, cap));
  const offset = input.nextPageToken ? decodeToken(input.nextPageToken, input.jql) : 0;

  const visibleProjects = new Set(ctx.db.projects().filter((p) => canBrowse(ctx, p)).map((p) => p.id));
  const hits: Array<Readonly<IssueRec>> = [];
  const candidates = compiled.keyHint
    ? [...new Set(compiled.keyHint.map((k) => k.toUpperCase()))].flatMap((k) => {
        const i = ctx.db.issueByIdOrKey(k);
        return i ? [i] : [];
      })
    : ctx.db.issues();
  for (const i of candidates) {
    if (visibleProjects.has(i.projectId) && compiled.where(i)) hits.push(i);
  }
  hits.sort(compiled.compare);
  const page = hits.slice(offset, offset + maxResults);
  const isLast = offset + maxResults >= hits.length;
  const visible = issueVisibility(ctx);
  const properties = input.properties ?? [];
  const body: Record<string, unknown> = {
    issues: page.map((i) => issueJson(ctx.db, i, { fields, properties, visible })),
    isLast,
  };
  if (!isLast) body.nextPageToken = encodeToken({ o: offset + maxResults, q: input.jql });
  return json(200, body);
}

export { HttpError };
