import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { findOperation, missingScopes } from '../../../local/products/scopes';
import { makeSite, U } from './site';

/** The scopes manifest.yml asks for, read from it (so this test follows the manifest). */
const MANIFEST_SCOPES: string[] = (
  parse(fs.readFileSync(path.resolve(__dirname, '../../../manifest.yml'), 'utf8')) as { permissions: { scopes: string[] } }
).permissions.scopes;
const without = (scope: string): string[] => {
  expect(MANIFEST_SCOPES).toContain(scope);
  return MANIFEST_SCOPES.filter((s) => s !== scope);
};

describe("Forge's scope rule", () => {
  it('maps method + path to the spec operation and its classic and granular scope sets', () => {
    const op = findOperation('jira', 'GET', '/rest/api/3/issue/INC-1');
    expect(op?.template).toBe('/rest/api/3/issue/{issueIdOrKey}');
    expect(op?.scopeSets[0]).toEqual(['read:jira-work']);
    expect(op && missingScopes(op, ['read:jira-work'])).toBeUndefined();
    expect(
      op &&
        missingScopes(op, [
          'read:issue-meta:jira',
          'read:issue-security-level:jira',
          'read:issue.vote:jira',
          'read:issue.changelog:jira',
          'read:avatar:jira',
          'read:issue:jira',
          'read:status:jira',
          'read:user:jira',
          'read:field-configuration:jira',
        ]),
    ).toBeUndefined();
    expect(op && missingScopes(op, ['write:jira-work'])).toEqual(['read:jira-work']);
    expect(findOperation('jira', 'GET', '/rest/api/3/project/search')?.template).toBe('/rest/api/3/project/search');
  });

  it('refuses a call the scopes do not cover with the gateway 401, and passes one they do', async () => {
    const s = makeSite();
    const denied = await s.jira('GET', '/rest/api/3/issue/INC-3', undefined, { scopes: ['storage:app'] });
    expect(denied.status).toBe(401);
    expect(denied.json).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    expect(denied.headers['x-local-missing-scopes']).toBe('read:jira-work');
    expect((await s.jira('GET', '/rest/api/3/issue/INC-3', undefined, { scopes: MANIFEST_SCOPES })).status).toBe(200);
    expect((await s.jira('GET', '/rest/api/3/issue/INC-3')).status).toBe(200); // no scopes given: no check
  });

  it("with the manifest's scopes every call the app makes passes; without the scope a call needs, it is refused", async () => {
    const s = makeSite();
    expect((await s.conf('GET', '/wiki/api/v2/pages/65537', undefined, { scopes: MANIFEST_SCOPES })).status).toBe(200);
    expect((await s.conf('GET', '/wiki/api/v2/pages/65537/properties', undefined, { scopes: MANIFEST_SCOPES })).status).toBe(200);
    // The create flow's space picker lists spaces: read:space:confluence.
    expect((await s.conf('GET', '/wiki/api/v2/spaces', undefined, { scopes: MANIFEST_SCOPES })).status).toBe(200);
    expect((await s.conf('GET', '/wiki/api/v2/spaces', undefined, { scopes: without('read:space:confluence') })).status).toBe(401);
    // The v1 permission check (Sofia about herself): the classic read:confluence-content.permission, or its granular twin.
    const check = { subject: { type: 'user', identifier: U.sofia }, operation: 'read' };
    expect((await s.conf('POST', '/rest/api/content/65537/permission/check', check, { scopes: MANIFEST_SCOPES, as: U.sofia })).status).toBe(
      200,
    );
    const noClassic = without('read:confluence-content.permission');
    expect((await s.conf('POST', '/rest/api/content/65537/permission/check', check, { scopes: noClassic })).status).toBe(401);
    expect(
      (
        await s.conf('POST', '/rest/api/content/65537/permission/check', check, {
          scopes: [...noClassic, 'read:content.permission:confluence'],
          as: U.sofia,
        })
      ).status,
    ).toBe(200);
    expect(
      (await s.jira('POST', '/rest/api/3/permissions/check', { globalPermissions: ['ADMINISTER'] }, { scopes: MANIFEST_SCOPES })).status,
    ).toBe(200);
  });

  it('answers 501 for a spec operation it does not serve and 404 for a path no spec has', async () => {
    const s = makeSite();
    expect((await s.jira('GET', '/rest/api/3/dashboard')).status).toBe(501);
    expect((await s.jira('GET', '/rest/api/3/nonsense/here')).status).toBe(404);
  });
});
