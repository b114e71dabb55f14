/** Issue properties: list keys, get, set (≤ 32 KB), delete. */
import { BASE_URL, type IssueRec } from '../model';
import { json, jiraError, noContent, parseJsonBody } from '../http';
import type { Ctx } from '../context';
import { visibleIssue, workableIssue } from './access';

const NO_EDIT = () => jiraError(403, ['You do not have permission to edit this issue.']);

const MAX_BYTES = 32_768;

/** Jira's checks on a property key and value; a message when invalid. */
export function checkPropertyValue(key: string, value: unknown): string | undefined {
  if (key.length === 0 || key.length > 255) return 'The property key cannot be longer than 255 characters.';
  if (value === undefined) return 'The property value cannot be empty.';
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_BYTES) return `The property value cannot be larger than ${MAX_BYTES} bytes.`;
  return undefined;
}

function self(i: Readonly<IssueRec>, key: string): string {
  return `${BASE_URL}/rest/api/3/issue/${i.id}/properties/${encodeURIComponent(key)}`;
}

export function listProperties(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  return json(200, {
    keys: Object.keys(i.properties)
      .sort()
      .map((key) => ({ key, self: self(i, key) })),
  });
}

export function getProperty(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const key = ctx.params.propertyKey ?? '';
  if (!(key in i.properties)) throw jiraError(404, [`The property with key '${key}' does not exist.`]);
  return json(200, { key, value: i.properties[key] });
}

export function setProperty(ctx: Ctx) {
  const i = workableIssue(ctx, ctx.params.issueIdOrKey ?? '', NO_EDIT);
  const key = ctx.params.propertyKey ?? '';
  if (ctx.body === undefined || ctx.body.trim() === '') throw jiraError(400, ['The property value cannot be empty.']);
  const value = parseJsonBody(ctx.body, 'jira');
  const msg = checkPropertyValue(key, value);
  if (msg) throw jiraError(400, [msg]);
  const existed = key in i.properties;
  const next = structuredClone(i) as IssueRec;
  next.properties[key] = value;
  ctx.db.putIssue(next);
  return json(existed ? 200 : 201, {});
}

export function deleteProperty(ctx: Ctx) {
  const i = workableIssue(ctx, ctx.params.issueIdOrKey ?? '', NO_EDIT);
  const key = ctx.params.propertyKey ?? '';
  if (!(key in i.properties)) throw jiraError(404, [`The property with key '${key}' does not exist.`]);
  const next = structuredClone(i) as IssueRec;
  delete next.properties[key];
  ctx.db.putIssue(next);
  return noContent();
}
