/**
 * JQL → predicate and comparator over stored issues, for the subset of JQL the app uses.
 * Parsing is Atlassian's own (`@atlaskit/jql-ast`); anything this evaluator does not support
 * raises a JqlError with a message like Jira's, so a query never silently returns a wrong result.
 */
import { parseTextQuery, textMatches } from './text';
import { JastBuilder } from '@atlaskit/jql-ast';
import type { Clause, Operand, OrderBy, TerminalClause } from '@atlaskit/jql-ast';
import type { Db } from '../db';
import {
  ISSUE_TYPES,
  PRIORITIES,
  RESOLUTIONS,
  STATUSES,
  STATUS_CATEGORIES,
  LINK_TYPES,
  statusById,
  type IssueRec,
  type ProjectRec,
} from '../model';
import type { EntityPropertyIndex, IndexedValue } from '../manifest-index';
import { NO_CANDIDATES, intersectionOf, unionOf, type Candidates } from '../issue-index';
import { JqlError, dateFunction, dateOnlyMs, isDateFunction, parseDateValue } from './dates';

export { JqlError } from './dates';

export interface JqlEnv {
  db: Db;
  now: Date;
  /** The searching user (for currentUser()); undefined for the app. */
  currentUser: string | undefined;
  index: EntityPropertyIndex;
  canSeeProject(p: Readonly<ProjectRec>): boolean;
}

export interface CompiledJql {
  where: (i: Readonly<IssueRec>) => boolean;
  compare: (a: Readonly<IssueRec>, b: Readonly<IssueRec>) => number;
  /** False when the query has no WHERE clause (the enhanced search refuses those). */
  bounded: boolean;
  /**
   * A superset of the matching issues from the site's indexes, when the clauses allow one
   * (undefined: every issue is a candidate).
   */
  candidates?: Candidates;
  /** 1 or -1 when the first ORDER BY field is `key` ascending or descending (pages walk keys). */
  keyOrder?: 1 | -1;
}

type Pred = (i: Readonly<IssueRec>) => boolean;
interface Compiled {
  pred: Pred;
  cand?: Candidates;
}

/** One operand value after resolution: a scalar (string or number), EMPTY, or a set from a function. */
type Val = { kind: 'empty' } | { kind: 'str'; v: string } | { kind: 'num'; v: number } | { kind: 'set'; ids: Set<string> };

const ALIASES: Record<string, string> = {
  type: 'issuetype',
  issuekey: 'key',
  id: 'key',
  due: 'duedate',
  createddate: 'created',
  resolutiondate: 'resolved',
  updateddate: 'updated',
  category: 'statuscategory',
};

const KNOWN_UNSUPPORTED = new Set([
  'description',
  'text',
  'comment',
  'environment',
  'component',
  'fixversion',
  'affectedversion',
  'sprint',
  'parent',
  'creator',
  'watcher',
  'voter',
  'filter',
  'lastviewed',
  'attachments',
  'level',
  'votes',
  'watchers',
  'worklogdate',
  'timespent',
  'originalestimate',
  'remainingestimate',
  'epic link',
  'cf',
  'updated',
]);

export function compileJql(jql: string, env: JqlEnv): CompiledJql {
  const ast = new JastBuilder().build(jql);
  if (ast.errors.length > 0) {
    const e = ast.errors[0];
    const msg = e instanceof Error ? e.message : String(e);
    throw new JqlError(`Error in the JQL Query: ${msg}`);
  }
  const q = ast.query;
  if (!q) return { where: () => true, compare: defaultCompare, bounded: false };
  const where = q.where ? compileClause(q.where, env) : { pred: () => true };
  const compare = q.orderBy ? compileOrderBy(q.orderBy, env) : defaultCompare;
  const first = q.orderBy?.fields[0];
  const firstName = first ? (ALIASES[first.field.value.toLowerCase()] ?? first.field.value.toLowerCase()) : undefined;
  const keyOrder = firstName === 'key' ? (first?.direction?.value.toLowerCase() === 'desc' ? -1 : 1) : undefined;
  return {
    where: where.pred,
    compare,
    bounded: q.where !== undefined,
    ...(where.cand ? { candidates: where.cand } : {}),
    ...(keyOrder ? { keyOrder } : {}),
  };
}

function compileClause(c: Clause, env: JqlEnv): Compiled {
  switch (c.clauseType) {
    case 'compound': {
      const parts = c.clauses.map((x) => compileClause(x, env));
      const preds = parts.map((p) => p.pred);
      if (c.operator.value === 'and') {
        const known = parts.flatMap((p) => (p.cand ? [p.cand] : []));
        return { pred: (i) => preds.every((p) => p(i)), ...(known.length ? { cand: intersectionOf(known) } : {}) };
      }
      const all = parts.every((p) => p.cand !== undefined);
      return { pred: (i) => preds.some((p) => p(i)), ...(all ? { cand: unionOf(parts.map((p) => p.cand as Candidates)) } : {}) };
    }
    case 'not': {
      const inner = compileClause(c.clause, env).pred;
      return { pred: (i) => !inner(i) };
    }
    case 'terminal':
      return compileTerminal(c, env);
    default:
      throw new JqlError('Error in the JQL Query: unsupported clause.');
  }
}

function fieldName(c: TerminalClause): string {
  const raw = c.field.value.toLowerCase();
  return ALIASES[raw] ?? raw;
}

function operandText(o: Operand): string {
  switch (o.operandType) {
    case 'value':
      return o.text;
    case 'keyword':
      return o.value.toUpperCase();
    case 'function':
      return `${o.function.value}(${o.arguments.map((a) => a.text).join(', ')})`;
    case 'list':
      return `(${o.values.map(operandText).join(', ')})`;
    default:
      return '';
  }
}

/** A field's value(s) on an issue, and how to compare them. */
interface FieldSpec {
  /** Values of the field on the issue; [] when empty. Strings compare case-insensitively. */
  get: (i: Readonly<IssueRec>) => Array<string | number>;
  /** Turn a literal into the field's value domain (may throw JqlError). */
  literal: (raw: string) => Val;
  /** Operand functions this field accepts beyond EMPTY. */
  fn?: (name: string, args: string[]) => Val;
  ordered: boolean;
  /** Candidates from the site's indexes for one resolved value (`=`/`in`), when indexed. */
  posting?: (v: Val) => Candidates | undefined;
  /** Every value the field can take, when few (then `!=`/`not in` use the postings too). */
  domain?: () => Val[];
}

function compileTerminal(c: TerminalClause, env: JqlEnv): Compiled {
  const pred = terminalPredicate(c, env);
  return { pred: pred.pred, ...(pred.cand ? { cand: pred.cand } : {}) };
}

/** Candidates for `=`/`in` (values `vals`) or, with `negate`, for `!=`/`not in`. */
function postingsFor(spec: FieldSpec, vals: Val[], negate: boolean): Candidates | undefined {
  if (!spec.posting) return undefined;
  let wanted = vals;
  if (negate) {
    if (!spec.domain || vals.some((v) => v.kind !== 'str')) return undefined;
    const excluded = new Set(vals.map((v) => (v.kind === 'str' ? v.v.toLowerCase() : '')));
    wanted = spec.domain().filter((v) => v.kind === 'str' && !excluded.has(v.v.toLowerCase()));
  }
  const parts: Candidates[] = [];
  for (const v of wanted) {
    if (v.kind === 'empty') return undefined;
    const p = spec.posting(v);
    if (!p) return undefined;
    parts.push(p);
  }
  return parts.length ? unionOf(parts) : NO_CANDIDATES;
}

function terminalPredicate(c: TerminalClause, env: JqlEnv): Compiled {
  const field = fieldName(c);
  const display = c.field.value;
  if (!c.operator || !c.operand) throw new JqlError(`Error in the JQL Query: the clause on '${display}' is incomplete.`);
  if (c.predicates.length > 0)
    throw new JqlError(`The local site does not support the predicates of '${display}' (WAS/CHANGED history searches).`);
  const op = c.operator.value.toLowerCase();
  if (field === 'summary') return summaryClause(c, op, env);
  const spec = fieldSpec(field, c, env);
  if (!spec) {
    if (KNOWN_UNSUPPORTED.has(field) || field.startsWith('cf[')) {
      throw new JqlError(`The local site does not support searching on the field '${display}' (an unsupported clause in this JQL).`);
    }
    throw new JqlError(`Field '${display}' does not exist or you do not have permission to view it.`);
  }
  const supported = ['=', '!=', 'in', 'not in', 'is', 'is not', ...(spec.ordered ? ['<', '<=', '>', '>='] : [])];
  if (!supported.includes(op)) throw new JqlError(`The operator '${c.operator.value}' is not supported by the '${display}' field.`);

  const resolve = (o: Operand): Val[] => {
    switch (o.operandType) {
      case 'keyword':
        return [{ kind: 'empty' }];
      case 'value':
        return [spec.literal(o.value)];
      case 'list':
        return o.values.flatMap(resolve);
      case 'function': {
        const name = o.function.value;
        const args = o.arguments.map((a) => a.value);
        if (!spec.fn) throw new JqlError(`Unable to find JQL function '${name}(${args.join(', ')})'.`);
        return [spec.fn(name, args)];
      }
      default:
        throw new JqlError(`Error in the JQL Query: unsupported operand '${operandText(o)}'.`);
    }
  };
  const vals = resolve(c.operand);

  if (op === 'is' || op === 'is not') {
    if (c.operand.operandType !== 'keyword') throw new JqlError(`The operator '${c.operator.value}' only supports EMPTY or NULL.`);
    const want = op === 'is';
    return { pred: (i) => (spec.get(i).length === 0) === want };
  }
  if ((op === 'in' || op === 'not in') && c.operand.operandType !== 'list' && c.operand.operandType !== 'function') {
    throw new JqlError(`The operator '${c.operator.value}' for field '${display}' requires a list of values.`);
  }
  if ((op === '=' || op === '!=' || spec.ordered) && c.operand.operandType === 'list' && op !== 'in' && op !== 'not in') {
    throw new JqlError(
      `The operator '${c.operator.value}' does not support the list value '${operandText(c.operand)}' for field '${display}'.`,
    );
  }
  const matchesOne = (have: Array<string | number>, v: Val): boolean => {
    switch (v.kind) {
      case 'empty':
        return have.length === 0;
      case 'set':
        return have.some((h) => v.ids.has(String(h)));
      case 'str': {
        const want = v.v.toLowerCase();
        return have.some((h) => String(h).toLowerCase() === want);
      }
      case 'num':
        return have.some((h) => h === v.v);
    }
  };
  switch (op) {
    case '=':
    case 'in': {
      const cand = postingsFor(spec, vals, false);
      const pred: Pred = (i) => {
        const have = spec.get(i);
        return vals.some((v) => matchesOne(have, v));
      };
      return { pred, ...(cand ? { cand } : {}) };
    }
    case '!=':
    case 'not in': {
      const allowsEmpty = vals.some((v) => v.kind === 'empty');
      const cand = postingsFor(spec, vals, true);
      const pred: Pred = (i) => {
        const have = spec.get(i);
        // Jira: != and NOT IN never match an empty field (unless EMPTY is compared).
        if (have.length === 0) return false;
        if (allowsEmpty && vals.length === 1) return true;
        return !vals.some((v) => v.kind !== 'empty' && matchesOne(have, v));
      };
      return { pred, ...(cand ? { cand } : {}) };
    }
    default: {
      const v = vals[0];
      if (!v || v.kind !== 'num')
        throw new JqlError(`The operator '${c.operator.value}' is not supported by the '${display}' field for that value.`);
      const cmp = {
        '<': (a: number) => a < v.v,
        '<=': (a: number) => a <= v.v,
        '>': (a: number) => a > v.v,
        '>=': (a: number) => a >= v.v,
      }[op as '<'];
      return { pred: (i) => spec.get(i).some((h) => typeof h === 'number' && cmp(h)) };
    }
  }
}

/** `summary ~ "..."` and `summary !~ "..."`: Jira's text search (jql/text.ts). */
function summaryClause(c: TerminalClause, op: string, env: JqlEnv): Compiled {
  if (op !== '~' && op !== '!~')
    throw new JqlError(`The operator '${c.operator?.value ?? op}' is not supported by the 'summary' field. Use '~' or '!~'.`);
  if (c.operand?.operandType !== 'value') throw new JqlError(`The operator '${c.operator?.value ?? op}' needs a text value for 'summary'.`);
  const q = parseTextQuery(c.operand.value);
  if (op === '!~') return { pred: (i) => !textMatches(q, i.summary) };
  // Candidates: each alternative's required words (all of them), any alternative.
  const index = env.db.issueIndex;
  const parts: Candidates[] = [];
  for (const alt of q.anyOf) {
    const words = alt.must.flatMap((t) => (t.kind === 'word' ? [t.stem] : t.kind === 'phrase' ? t.stems : []));
    if (words.length === 0) return { pred: (i) => textMatches(q, i.summary) };
    parts.push(intersectionOf(words.map((w) => index.summaryWord(w))));
  }
  return { pred: (i) => textMatches(q, i.summary), cand: parts.length ? unionOf(parts) : NO_CANDIDATES };
}

function str(v: string): Val {
  return { kind: 'str', v };
}

function noSuchValue(value: string, field: string): JqlError {
  return new JqlError(`The value '${value}' does not exist for the field '${field}'.`);
}

function dateSpec(field: string, get: (i: Readonly<IssueRec>) => number | null, env: JqlEnv): FieldSpec {
  return {
    get: (i) => {
      const v = get(i);
      return v === null ? [] : [v];
    },
    literal: (raw) => ({ kind: 'num', v: parseDateValue(raw, env.now, field) }),
    fn: (name, args) => {
      if (!isDateFunction(name)) throw new JqlError(`Unable to find JQL function '${name}(${args.join(', ')})'.`);
      return { kind: 'num', v: dateFunction(name, args, env.now) };
    },
    ordered: true,
  };
}

function userSpec(field: string, get: (i: Readonly<IssueRec>) => string | null, env: JqlEnv): FieldSpec {
  return {
    get: (i) => {
      const v = get(i);
      return v === null ? [] : [v];
    },
    literal: (raw) => {
      const u = env.db.user(raw) ?? env.db.users().find((x) => x.emailAddress.toLowerCase() === raw.toLowerCase());
      if (!u) throw noSuchValue(raw, field);
      return str(u.accountId);
    },
    fn: (name, args) => {
      if (name.toLowerCase() !== 'currentuser') throw new JqlError(`Unable to find JQL function '${name}(${args.join(', ')})'.`);
      // For the app (no user) Jira's currentUser() matches nobody.
      return env.currentUser === undefined ? { kind: 'set', ids: new Set() } : str(env.currentUser);
    },
    ordered: false,
  };
}

/** Candidates of the ids in a resolved value: a single id (`str`) or a set from a function. */
function idCandidates(v: Val): Candidates | undefined {
  const ids = v.kind === 'str' ? [Number(v.v)] : v.kind === 'set' ? [...v.ids].map(Number) : undefined;
  if (!ids) return undefined;
  const set = new Set(ids);
  return { size: set.size, has: (id) => set.has(id), ids: () => set };
}

function fieldSpec(field: string, c: TerminalClause, env: JqlEnv): FieldSpec | undefined {
  const { db } = env;
  const index = db.issueIndex;
  const strPosting = (f: (v: string) => Candidates) => (v: Val) => (v.kind === 'str' ? f(v.v) : undefined);
  switch (field) {
    case 'project':
      return {
        get: (i) => [i.projectId],
        literal: (raw) => {
          const p = db.projectByIdOrKey(raw) ?? db.projects().find((x) => x.name.toLowerCase() === raw.toLowerCase());
          if (!p || !env.canSeeProject(p)) throw noSuchValue(raw, 'project');
          return str(p.id);
        },
        posting: strPosting((id) => index.project(id)),
        ordered: false,
      };
    case 'issuetype':
      return {
        get: (i) => [i.issueTypeId],
        literal: (raw) => {
          const t = ISSUE_TYPES.find((x) => x.id === raw || x.name.toLowerCase() === raw.toLowerCase());
          if (!t) throw noSuchValue(raw, 'issuetype');
          return str(t.id);
        },
        posting: strPosting((id) => index.issueType(id)),
        domain: () => ISSUE_TYPES.map((t) => str(t.id)),
        ordered: false,
      };
    case 'status':
      return {
        get: (i) => [i.statusId],
        literal: (raw) => {
          const s = STATUSES.find((x) => x.id === raw || x.name.toLowerCase() === raw.toLowerCase());
          if (!s) throw noSuchValue(raw, 'status');
          return str(s.id);
        },
        posting: strPosting((id) => index.status(id)),
        domain: () => STATUSES.map((x) => str(x.id)),
        ordered: false,
      };
    case 'statuscategory':
      return {
        get: (i) => [statusById(i.statusId)?.category ?? 'new'],
        literal: (raw) => {
          const hit = Object.values(STATUS_CATEGORIES).find(
            (x) => String(x.id) === raw || x.key === raw.toLowerCase() || x.name.toLowerCase() === raw.toLowerCase(),
          );
          if (!hit) throw noSuchValue(raw, 'statusCategory');
          return str(hit.key);
        },
        posting: strPosting((key) => index.statusCategory(key)),
        domain: () => Object.values(STATUS_CATEGORIES).map((x) => str(x.key)),
        ordered: false,
      };
    case 'resolution':
      // Jira: a resolved issue's resolution (by name or id); EMPTY while unresolved. `Unresolved` is
      // Jira's name for EMPTY here.
      return {
        get: (i) => (i.resolutiondate ? [i.resolutionId ?? '10000'] : []),
        literal: (raw) => {
          if (raw.toLowerCase() === 'unresolved') return { kind: 'empty' };
          const r = RESOLUTIONS.find((x) => x.id === raw || x.name.toLowerCase() === raw.toLowerCase());
          if (!r) throw noSuchValue(raw, 'resolution');
          return str(r.id);
        },
        ordered: false,
      };
    case 'priority':
      return {
        get: (i) => [i.priorityId],
        literal: (raw) => {
          const p = PRIORITIES.find((x) => x.id === raw || x.name.toLowerCase() === raw.toLowerCase());
          if (!p) throw noSuchValue(raw, 'priority');
          return str(p.id);
        },
        ordered: false,
      };
    case 'labels':
      return {
        get: (i) => i.labels,
        literal: (raw) => str(raw),
        posting: strPosting((label) => index.label(label)),
        ordered: false,
      };
    case 'key':
    case 'issue':
      return {
        get: (i) => [i.id],
        literal: (raw) => {
          const i = db.issueByIdOrKey(raw);
          const p = i && db.project(i.projectId);
          if (!i || !p || !env.canSeeProject(p)) {
            throw new JqlError(
              /^\d+$/.test(raw)
                ? `An issue with id '${raw}' does not exist for field '${c.field.value}'.`
                : `An issue with key '${raw}' does not exist for field '${c.field.value}'.`,
            );
          }
          return str(i.id);
        },
        fn: (name, args) => {
          if (name.toLowerCase() !== 'linkedissues') throw new JqlError(`Unable to find JQL function '${name}(${args.join(', ')})'.`);
          return linkedIssues(args, env);
        },
        posting: idCandidates,
        ordered: false,
      };
    case 'assignee':
      return userSpec('assignee', (i) => i.assignee, env);
    case 'reporter':
      return userSpec('reporter', (i) => i.reporter, env);
    case 'duedate':
      return dateSpec('duedate', (i) => (i.duedate ? dateOnlyMs(i.duedate) : null), env);
    case 'created':
      return dateSpec('created', (i) => Date.parse(i.created), env);
    case 'resolved':
      return dateSpec('resolved', (i) => (i.resolutiondate ? Date.parse(i.resolutiondate) : null), env);
    case 'issue.property': {
      const prop = c.field.properties?.[0];
      if (!prop || !prop.key)
        throw new JqlError(`Error in the JQL Query: 'issue.property' needs a property key, e.g. issue.property[postmortem].status.`);
      const key = prop.key.value;
      const p = (prop.path ?? []).map((x) => x.value.replace(/^\./, '')).join('.');
      const indexed = env.index.byPath.get(`${key}.${p}`);
      if (!indexed) {
        // Jira only indexes property paths an app declares; others never match.
        throw new JqlError(
          `The local site does not index issue property '${key}' path '${p}': declare it in a jira:entityProperty module of manifest.yml to search on it.`,
        );
      }
      return propertySpec(indexed, field, env);
    }
    default: {
      const alias = env.index.aliases.get(field);
      if (alias) return propertySpec(alias, c.field.value, env);
      return undefined;
    }
  }
}

function propertyValue(i: Readonly<IssueRec>, iv: IndexedValue): unknown {
  let v: unknown = i.properties[iv.propertyKey];
  for (const seg of iv.path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

function propertySpec(iv: IndexedValue, display: string, env: JqlEnv): FieldSpec {
  const scalarList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
  if (iv.type === 'date') {
    const spec = dateSpec(display, () => null, env);
    return {
      ...spec,
      get: (i) =>
        scalarList(propertyValue(i, iv)).flatMap((x) => {
          if (typeof x !== 'string') return [];
          const ms = /^\d{4}-\d{2}-\d{2}$/.test(x) ? dateOnlyMs(x) : Date.parse(x);
          return Number.isNaN(ms) ? [] : [ms];
        }),
    };
  }
  if (iv.type === 'number') {
    return {
      get: (i) => scalarList(propertyValue(i, iv)).filter((x): x is number => typeof x === 'number'),
      literal: (raw) => {
        const n = Number(raw);
        if (Number.isNaN(n)) throw new JqlError(`The value '${raw}' is not a valid number for the field '${display}'.`);
        return { kind: 'num', v: n };
      },
      ordered: true,
    };
  }
  if (iv.type === 'text')
    return {
      get: () => [],
      literal: () => {
        throw new JqlError(`The local site does not support searching text property '${display}'.`);
      },
      ordered: false,
    };
  return {
    get: (i) =>
      scalarList(propertyValue(i, iv)).flatMap((x) =>
        typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? [String(x)] : [],
      ),
    literal: (raw) => str(raw),
    posting: (v) => (v.kind === 'str' ? env.db.issueIndex.property(iv.propertyKey, iv.path, v.v) : undefined),
    ordered: false,
  };
}

function linkedIssues(args: string[], env: JqlEnv): Val {
  if (args.length < 1 || args.length > 2)
    throw new JqlError(`Function 'linkedIssues' expected between '1' and '2' arguments but received '${args.length}'.`);
  const keyArg = args[0] ?? '';
  const target = env.db.issueByIdOrKey(keyArg);
  const p = target && env.db.project(target.projectId);
  if (!target || !p || !env.canSeeProject(p)) throw new JqlError(`Issue '${keyArg}' could not be found in function 'linkedIssues'.`);
  const desc = args[1]?.toLowerCase();
  if (desc !== undefined && !LINK_TYPES.some((t) => t.inward === desc || t.outward === desc || t.name.toLowerCase() === desc)) {
    throw new JqlError(`Issue link type '${args[1]}' could not be found in function 'linkedIssues'.`);
  }
  const ids = new Set<string>();
  for (const l of env.db.linksOf(target.id)) {
    const t = LINK_TYPES.find((x) => x.id === l.typeId);
    if (!t) continue;
    if (l.inwardIssueId === target.id) {
      if (desc === undefined || desc === t.outward || desc === t.name.toLowerCase()) ids.add(l.outwardIssueId);
    } else if (desc === undefined || desc === t.inward || desc === t.name.toLowerCase()) ids.add(l.inwardIssueId);
  }
  return { kind: 'set', ids };
}

// --- ORDER BY

function keyParts(k: string): [string, number] {
  const i = k.lastIndexOf('-');
  return [k.slice(0, i), Number(k.slice(i + 1))];
}

function compareKeys(a: string, b: string): number {
  const [pa, na] = keyParts(a);
  const [pb, nb] = keyParts(b);
  return pa < pb ? -1 : pa > pb ? 1 : na - nb;
}

/** Rank of a priority: Highest is the greatest, so `ORDER BY priority DESC` puts it first as in Jira. */
function priorityRank(id: string): number {
  const idx = PRIORITIES.findIndex((p) => p.id === id);
  return idx < 0 ? 0 : PRIORITIES.length - idx;
}

type Getter = (i: Readonly<IssueRec>) => number | string | null;

const ORDERABLE: Record<string, { get: Getter; dflt: 'asc' | 'desc' }> = {
  key: { get: (i) => i.key, dflt: 'asc' },
  duedate: { get: (i) => (i.duedate ? dateOnlyMs(i.duedate) : null), dflt: 'asc' },
  created: { get: (i) => Date.parse(i.created), dflt: 'desc' },
  updated: { get: (i) => Date.parse(i.updated), dflt: 'desc' },
  resolved: { get: (i) => (i.resolutiondate ? Date.parse(i.resolutiondate) : null), dflt: 'desc' },
  priority: { get: (i) => priorityRank(i.priorityId), dflt: 'desc' },
  status: { get: (i) => i.statusId, dflt: 'asc' },
};

/**
 * Orders that need the site: summary (text), project (its key), assignee and reporter (display
 * name, as Jira sorts people), and the search aliases of indexed issue properties.
 */
function siteOrderable(name: string, raw: string, env: JqlEnv): { get: Getter; dflt: 'asc' | 'desc' } | undefined {
  const person = (id: string | null) => (id ? (env.db.user(id)?.displayName ?? id).toLowerCase() : null);
  switch (name) {
    case 'summary':
      return { get: (i) => i.summary.toLowerCase(), dflt: 'asc' };
    case 'project':
      return { get: (i) => env.db.project(i.projectId)?.key ?? '', dflt: 'asc' };
    case 'assignee':
      return { get: (i) => person(i.assignee), dflt: 'asc' };
    case 'reporter':
      return { get: (i) => person(i.reporter), dflt: 'asc' };
  }
  const alias = env.index.aliases.get(raw);
  if (alias && alias.type !== 'text')
    return {
      get: (i) => {
        const v = propertyValue(i, alias);
        return typeof v === 'string' || typeof v === 'number' ? v : null;
      },
      dflt: 'asc',
    };
  return undefined;
}

function compileOrderBy(o: OrderBy, env: JqlEnv): (a: Readonly<IssueRec>, b: Readonly<IssueRec>) => number {
  const parts = o.fields.map((f) => {
    const raw = f.field.value.toLowerCase();
    const name = ALIASES[raw] ?? raw;
    const spec = ORDERABLE[name] ?? siteOrderable(name, raw, env);
    if (!spec) {
      if (KNOWN_UNSUPPORTED.has(name) || name === 'issuetype' || name === 'labels') {
        throw new JqlError(`The local site does not support ordering by '${f.field.value}'.`);
      }
      throw new JqlError(`Field '${f.field.value}' does not exist or you do not have permission to view it.`);
    }
    const dir = (f.direction?.value.toLowerCase() as 'asc' | 'desc' | undefined) ?? spec.dflt;
    const sign = dir === 'asc' ? 1 : -1;
    return (a: Readonly<IssueRec>, b: Readonly<IssueRec>): number => {
      if (name === 'key') return sign * compareKeys(a.key, b.key);
      const va = spec.get(a);
      const vb = spec.get(b);
      // Jira puts empty values last in ascending order and first in descending order.
      if (va === null || vb === null) return va === vb ? 0 : va === null ? sign : -sign;
      return sign * (va < vb ? -1 : va > vb ? 1 : 0);
    };
  });
  return (a, b) => {
    for (const p of parts) {
      const r = p(a, b);
      if (r !== 0) return r;
    }
    return Number(b.id) - Number(a.id);
  };
}

/** Without ORDER BY: newest first. */
function defaultCompare(a: Readonly<IssueRec>, b: Readonly<IssueRec>): number {
  const d = Date.parse(b.created) - Date.parse(a.created);
  return d !== 0 ? d : Number(b.id) - Number(a.id);
}
