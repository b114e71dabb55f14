/**
 * Forge's scope rule: a product call succeeds only when the app's scopes cover the operation.
 * Each operation's scopes come from Atlassian's OpenAPI specs in spec/: Jira's
 * `x-atlassian-oauth2-scopes` (a classic set, "Current", and a granular set, "Beta"), Confluence v2's
 * `x-atlassian-oauth2-scopes`/`security`. Having every scope of ANY one set is enough, as on Forge.
 * Confluence v1's spec lists only classic scopes; the granular equivalents of the v1 operations
 * this site serves are added from Atlassian's documentation (V1_GRANULAR).
 * A refused call answers like the Atlassian API gateway: 401 `{"code":401,"message":"Unauthorized; scope does not match"}`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SpecOperation {
  product: 'jira' | 'confluence';
  method: string;
  /** The spec path template, with its API prefix (`/wiki/api/v2/pages/{id}`). */
  template: string;
  /** The spec file the operation comes from. */
  spec: 'jira-platform' | 'confluence-v2' | 'confluence-v1';
  /** JSON pointer path inside the spec (`paths` key). */
  specPath: string;
  /** Alternative scope sets; any one fully held is enough. Empty = no OAuth support. */
  scopeSets: string[][];
  regex: RegExp;
  literalSegments: number;
}

const V1_GRANULAR: Record<string, string[][]> = {
  'post /wiki/rest/api/content/{id}/permission/check': [['read:content.permission:confluence']],
  'get /wiki/rest/api/content/{id}/history': [['read:content-details:confluence']],
  'get /wiki/rest/api/content/{id}/label': [['read:label:confluence']],
  'post /wiki/rest/api/content/{id}/label': [['read:label:confluence', 'write:label:confluence']],
};

export function specDir(): string {
  return path.join(__dirname, '..', '..', 'spec');
}

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scopeSetsOf(op: Json): string[][] {
  const sets: string[][] = [];
  const x = op['x-atlassian-oauth2-scopes'];
  if (Array.isArray(x)) {
    for (const e of x) if (isObj(e) && Array.isArray(e.scopes)) sets.push(e.scopes.filter((s): s is string => typeof s === 'string'));
  }
  const sec = op.security;
  if (Array.isArray(sec)) {
    for (const s of sec) {
      if (!isObj(s)) continue;
      for (const [scheme, scopes] of Object.entries(s)) {
        if (/basic/i.test(scheme) || !Array.isArray(scopes) || scopes.length === 0) continue;
        const set = scopes.filter((v): v is string => typeof v === 'string');
        if (!sets.some((x2) => x2.join(' ') === set.join(' '))) sets.push(set);
      }
    }
  }
  return sets;
}

function compile(template: string): { regex: RegExp; literalSegments: number } {
  const segs = template.split('/').filter((s) => s !== '');
  const re = segs.map((s) => (/^\{[^}]+\}$/.test(s) ? '([^/]+)' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return { regex: new RegExp(`^/${re}/?$`), literalSegments: segs.filter((s) => !s.startsWith('{')).length };
}

let cache: SpecOperation[] | undefined;

export function specOperations(dir = specDir()): SpecOperation[] {
  if (cache) return cache;
  const out: SpecOperation[] = [];
  const load = (file: string, spec: SpecOperation['spec'], product: SpecOperation['product'], prefix: string) => {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Json;
    const paths = isObj(doc.paths) ? doc.paths : {};
    for (const [p, ops] of Object.entries(paths)) {
      if (!isObj(ops)) continue;
      for (const [m, op] of Object.entries(ops)) {
        if (!isObj(op) || !['get', 'post', 'put', 'delete', 'patch'].includes(m)) continue;
        const template = prefix + p;
        const extra = spec === 'confluence-v1' ? (V1_GRANULAR[`${m} ${template}`] ?? []) : [];
        out.push({
          product,
          method: m.toUpperCase(),
          template,
          spec,
          specPath: p,
          scopeSets: [...scopeSetsOf(op), ...extra],
          ...compile(template),
        });
      }
    }
  };
  load('jira-platform.v3.json', 'jira-platform', 'jira', '');
  load('confluence-v2.v3.json', 'confluence-v2', 'confluence', '/wiki/api/v2');
  load('confluence-v1.v3.json', 'confluence-v1', 'confluence', '');
  cache = out;
  return out;
}

/** Confluence answers `/rest/api/...` and `/api/v2/...` through the gateway as well as with `/wiki`. */
export function normalisePath(product: 'jira' | 'confluence', pathname: string): string {
  if (
    product === 'confluence' &&
    !pathname.startsWith('/wiki/') &&
    (pathname.startsWith('/rest/api/') || pathname.startsWith('/api/v2/'))
  ) {
    return `/wiki${pathname}`;
  }
  return pathname;
}

export function findOperation(product: 'jira' | 'confluence', method: string, pathname: string): SpecOperation | undefined {
  let best: SpecOperation | undefined;
  for (const op of specOperations()) {
    if (op.product !== product || op.method !== method.toUpperCase() || !op.regex.test(pathname)) continue;
    if (!best || op.literalSegments > best.literalSegments) best = op;
  }
  return best;
}

/** Undefined when the scopes cover the operation; otherwise the scopes of the closest set that are missing. */
export function missingScopes(op: SpecOperation, granted: readonly string[]): string[] | undefined {
  if (op.scopeSets.length === 0) return ['(this operation does not support OAuth 2.0 and cannot be called by a Forge app)'];
  const have = new Set(granted);
  let fewest: string[] | undefined;
  for (const set of op.scopeSets) {
    const missing = set.filter((s) => !have.has(s));
    if (missing.length === 0) return undefined;
    if (!fewest || missing.length < fewest.length) fewest = missing;
  }
  return fewest;
}
