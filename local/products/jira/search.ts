/** GET and POST /rest/api/3/search/jql: JQL, nextPageToken paging, fields and properties. */
import { z } from 'zod';
import { canBrowse, type Ctx } from '../context';
import { HttpError, json, jiraError, parseJsonBody } from '../http';
import type { IssueRec } from '../model';
import { JqlError, compileJql, type CompiledJql } from '../jql/eval';
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
  /** Issue ids search must show as they are now (Jira's read-after-write for up to 50 issues). */
  reconcileIssues?: number[];
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
    reconcileIssues: reconcileParam(listParam(ctx.query, 'reconcileIssues')),
  });
}

function reconcileParam(ids: string[] | undefined): number[] | undefined {
  if (ids === undefined) return undefined;
  const bad = ids.find((x) => !/^\d{1,18}$/.test(x));
  if (bad !== undefined) throw jiraError(400, [`The value '${bad}' is invalid for the parameter 'reconcileIssues'.`]);
  return ids.map(Number);
}

export function searchPost(ctx: Ctx) {
  const r = Body.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!r.success) {
    const unknown = r.error.issues.find((i) => i.code === 'unrecognized_keys');
    throw jiraError(400, [
      unknown
        ? `Unrecognized field "${(unknown.keys ?? []).join('", "')}".`
        : 'Invalid request payload. Refer to the REST API documentation and try again.',
    ]);
  }
  return search(ctx, { ...r.data, jql: r.data.jql ?? '' });
}

/**
 * The page token: the query it belongs to and where the next page starts, either after an issue
 * key (queries ordered by key: the next page walks keys on from there) or at an offset into the
 * sorted hits (other orders).
 */
const PageToken = z.union([z.object({ q: z.string(), k: z.string().min(3) }), z.object({ q: z.string(), o: z.number().int().min(0) })]);
type PageToken = z.infer<typeof PageToken>;

function encodeToken(t: PageToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeToken(s: string, jql: string): PageToken {
  try {
    const t = PageToken.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
    if (t.q !== jql) throw new Error('token from another query');
    return t;
  } catch {
    throw jiraError(400, ['The provided next page token is invalid or expired.']);
  }
}

/** Below this many indexed candidates a page filters and sorts them; above, it walks keys in order. */
const SMALL_CANDIDATE_SET = 2000;

function splitKey(key: string): [string, number] {
  const i = key.lastIndexOf('-');
  return [key.slice(0, i), Number(key.slice(i + 1))];
}

/** -1, 0, 1 as issue key `a` sorts before, with, after `b` (project key, then number). */
function compareKeys(a: string, b: string): number {
  const [pa, na] = splitKey(a);
  const [pb, nb] = splitKey(b);
  return pa < pb ? -1 : pa > pb ? 1 : Math.sign(na - nb);
}

/**
 * Up to `want` hits of a key-ordered query after the key `after`, walking each visible project's
 * issues by number from the cursor: the work is the issues passed over, not the site's size.
 */
function walkKeys(
  ctx: Ctx,
  compiled: CompiledJql,
  dir: 1 | -1,
  after: string | undefined,
  want: number,
  reconciled: ReadonlySet<string>,
): Array<Readonly<IssueRec>> {
  const projects = ctx.db
    .projects()
    .filter((p) => canBrowse(ctx, p))
    .sort((a, b) => dir * (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const [afterProject, afterNumber] = after ? splitKey(after) : [undefined, 0];
  const cand = compiled.candidates;
  const hits: Array<Readonly<IssueRec>> = [];
  for (const p of projects) {
    if (afterProject !== undefined && dir * (p.key < afterProject ? -1 : p.key > afterProject ? 1 : 0) < 0) continue;
    const numbers = ctx.db.issueIndex.numbers(p.id);
    let n = p.key === afterProject ? afterNumber + dir : dir === 1 ? 1 : numbers.length - 1;
    for (; n >= 0 && n < numbers.length; n += dir) {
      const id = numbers[n];
      if (id === undefined || (cand && !cand.has(id))) continue;
      const issue = ctx.db.searchable(String(id), reconciled);
      if (!issue || !compiled.where(issue)) continue;
      hits.push(issue);
      if (hits.length >= want) return hits;
    }
  }
  return hits;
}

/** The query compiled for the caller; 400 as Jira answers for bad or unbounded JQL. */
function compileBounded(ctx: Ctx, jql: string): CompiledJql {
  let compiled: CompiledJql;
  try {
    compiled = compileJql(jql, {
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
  return compiled;
}

const CountBody = z.object({ jql: z.string() }).strict();

/**
 * POST /rest/api/3/search/approximate-count: how many issues the caller may browse match the
 * JQL (Jira's figure may lag recent updates; the local one is exact). Counts the indexed
 * candidates, or every issue when no clause is indexed.
 */
export function countPost(ctx: Ctx) {
  const r = CountBody.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!r.success) throw jiraError(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
  const compiled = compileBounded(ctx, r.data.jql);
  const visibleProjects = new Set(
    ctx.db
      .projects()
      .filter((p) => canBrowse(ctx, p))
      .map((p) => p.id),
  );
  let count = 0;
  if (compiled.candidates) {
    for (const id of compiled.candidates.ids()) {
      const i = ctx.db.issue(String(id));
      if (i && visibleProjects.has(i.projectId) && compiled.where(i)) count++;
    }
  } else {
    for (const i of ctx.db.issues()) if (visibleProjects.has(i.projectId) && compiled.where(i)) count++;
  }
  return json(200, { count });
}

function search(ctx: Ctx, input: SearchInput) {
  const compiled = compileBounded(ctx, input.jql);
  const fields = selectFields(input.fields, 'id');
  const idOnly = [...fields].every((f) => f === 'id' || f === 'key') && (input.properties ?? []).length === 0;
  const cap = idOnly ? 5000 : 100;
  const maxResults = Math.max(1, Math.min(input.maxResults ?? 50, cap));
  const token = input.nextPageToken ? decodeToken(input.nextPageToken, input.jql) : undefined;
  if ((input.reconcileIssues ?? []).length > 50) throw jiraError(400, ['reconcileIssues accepts at most 50 issue ids.']);
  // Search answers from its index, which lags writes; reconciled issues are read as they are now.
  const reconciled = new Set((input.reconcileIssues ?? []).map(String));

  let page: Array<Readonly<IssueRec>>;
  let isLast: boolean;
  let next: PageToken | undefined;
  const cand = compiled.candidates;
  if (compiled.keyOrder !== undefined && (token === undefined || 'k' in token)) {
    // Ordered by key: the token is the last key served; one more hit than the page says whether it is the last.
    const dir = compiled.keyOrder;
    const after = token && 'k' in token ? token.k : undefined;
    let hits: Array<Readonly<IssueRec>>;
    if (cand && cand.size <= SMALL_CANDIDATE_SET) {
      const visibleProjects = new Set(
        ctx.db
          .projects()
          .filter((p) => canBrowse(ctx, p))
          .map((p) => p.id),
      );
      hits = [];
      for (const id of cand.ids()) {
        const i = ctx.db.searchable(String(id), reconciled);
        if (i && visibleProjects.has(i.projectId) && (after === undefined || dir * compareKeys(i.key, after) > 0) && compiled.where(i))
          hits.push(i);
      }
      hits.sort(compiled.compare);
      hits = hits.slice(0, maxResults + 1);
    } else {
      hits = walkKeys(ctx, compiled, dir, after, maxResults + 1, reconciled);
    }
    page = hits.slice(0, maxResults);
    isLast = hits.length <= maxResults;
    const last = page[page.length - 1];
    if (!isLast && last) next = { q: input.jql, k: last.key };
  } else {
    // Other orders: filter the indexed candidates (or every issue) and sort; the token is an offset.
    const offset = token && 'o' in token ? token.o : 0;
    const visibleProjects = new Set(
      ctx.db
        .projects()
        .filter((p) => canBrowse(ctx, p))
        .map((p) => p.id),
    );
    const hits: Array<Readonly<IssueRec>> = [];
    const candidates: Iterable<Readonly<IssueRec>> = cand
      ? [...cand.ids()].flatMap((id) => {
          const i = ctx.db.searchable(String(id), reconciled);
          return i ? [i] : [];
        })
      : ctx.db.searchableIssues(reconciled);
    for (const i of candidates) {
      if (visibleProjects.has(i.projectId) && compiled.where(i)) hits.push(i);
    }
    hits.sort(compiled.compare);
    page = hits.slice(offset, offset + maxResults);
    isLast = offset + maxResults >= hits.length;
    if (!isLast) next = { q: input.jql, o: offset + maxResults };
  }
  const visible = issueVisibility(ctx);
  const properties = input.properties ?? [];
  const body: Record<string, unknown> = {
    issues: page.map((i) => issueJson(ctx.db, i, { fields, properties, visible })),
    isLast,
  };
  if (next) body.nextPageToken = encodeToken(next);
  return json(200, body);
}

export { HttpError };
