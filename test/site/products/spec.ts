/** Validates a local-site response against its operation's response schema in Atlassian's OpenAPI specs. */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findOperation, normalisePath } from '../../../local/products/scopes';

const SPEC_DIR = path.join(__dirname, '../../../spec');
const FILES = {
  'jira-platform': 'jira-platform.v3.json',
  'confluence-v2': 'confluence-v2.v3.json',
  'confluence-v1': 'confluence-v1.v3.json',
} as const;

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, discriminator: false });
addFormats(ajv);
for (const f of ['int32', 'int64', 'float', 'double', 'binary', 'byte', 'password', 'uri-reference', 'password']) {
  if (!ajv.formats[f]) ajv.addFormat(f, true);
}
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });

const docs: Record<
  string,
  { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> }
> = {};
for (const [id, file] of Object.entries(FILES)) {
  const doc = JSON.parse(fs.readFileSync(path.join(SPEC_DIR, file), 'utf8')) as (typeof docs)[string];
  docs[id] = doc;
  ajv.addSchema(doc as object, id);
}

const cache = new Map<string, ValidateFunction>();

function pointerEscape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Throws unless `body` matches the response schema the spec gives for this method, path and
 * status. Throws too when the spec has no JSON schema for that status (so a test cannot pass vacuously).
 */
export function assertMatchesSpec(product: 'jira' | 'confluence', method: string, reqPath: string, status: number, body: unknown): void {
  const pathname = normalisePath(product, new URL(reqPath, 'http://x').pathname);
  const op = findOperation(product, method, pathname);
  if (!op) throw new Error(`no spec operation for ${method} ${pathname}`);
  const responses = docs[op.spec]?.paths[op.specPath]?.[method.toLowerCase()]?.responses ?? {};
  const resp = responses[String(status)] ?? responses.default;
  const content = resp?.content ?? {};
  const ct = Object.keys(content).find((k) => k.includes('json')) ?? Object.keys(content)[0];
  if (!ct || !content[ct]?.schema) throw new Error(`spec has no response schema for ${method} ${op.template} ${status}`);
  const ref = `${op.spec}#/paths/${pointerEscape(op.specPath)}/${method.toLowerCase()}/responses/${responses[String(status)] ? status : 'default'}/content/${pointerEscape(ct)}/schema`;
  let v = cache.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    cache.set(ref, v);
  }
  if (!v(body)) {
    throw new Error(`${method} ${op.template} ${status} does not match the spec:\n${ajv.errorsText(v.errors, { separator: '\n' })}`);
  }
}

/** True when the spec declares a JSON body for that status. */
export function specHasBody(product: 'jira' | 'confluence', method: string, reqPath: string, status: number): boolean {
  const pathname = normalisePath(product, new URL(reqPath, 'http://x').pathname);
  const op = findOperation(product, method, pathname);
  if (!op) return false;
  const resp = docs[op.spec]?.paths[op.specPath]?.[method.toLowerCase()]?.responses?.[String(status)];
  return !!resp?.content && Object.values(resp.content).some((c) => !!c.schema);
}
