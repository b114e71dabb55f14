/**
 * Contract tests: every endpoint the local site serves answers with a body that matches that
 * operation's response schema in Atlassian's OpenAPI specs (spec/), for its success status and
 * for its error statuses where the spec gives one.
 */
import { servedRoutes } from '../../../local/products/router';
import { assertMatchesSpec, specHasBody } from './spec';
import { makeSite, U } from './site';

const site = makeSite('demo');
const PAGE = '65537';
const HOME = '65536';
const SPACE = '98304';

interface Case {
  product: 'jira' | 'confluence';
  method: string;
  path: string;
  body?: unknown;
  as?: string;
  status: number;
  /** The route template this case covers (when it differs from the path's shape). */
  template: string;
}

const J = '/rest/api/3';
const W = '/wiki/api/v2';
const V1 = '/wiki/rest/api';

// Order matters: later cases use what earlier ones created.
const CASES: Case[] = [
  { product: 'jira', method: 'GET', path: `${J}/myself`, as: U.sofia, status: 200, template: `${J}/myself` },
  { product: 'jira', method: 'GET', path: `${J}/user?accountId=${U.liam}`, status: 200, template: `${J}/user` },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/user/bulk?accountId=${U.liam}&accountId=${U.tom}`,
    status: 200,
    template: `${J}/user/bulk`,
  },
  { product: 'jira', method: 'GET', path: `${J}/user/search?query=so`, status: 200, template: `${J}/user/search` },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/user/assignable/search?project=PAY&query=l`,
    status: 200,
    template: `${J}/user/assignable/search`,
  },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/user/viewissue/search?issueKey=PAY-3&accountId=${encodeURIComponent(U.sofia)}`,
    status: 200,
    template: `${J}/user/viewissue/search`,
  },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/group/bulk?groupName=postmortem-reviewers&groupName=no-such-group`,
    as: U.sofia,
    status: 200,
    template: `${J}/group/bulk`,
  },
  {
    product: 'jira',
    method: 'POST',
    path: `${J}/permissions/check`,
    as: U.sofia,
    status: 200,
    template: `${J}/permissions/check`,
    body: {
      globalPermissions: ['ADMINISTER'],
      projectPermissions: [{ permissions: ['BROWSE_PROJECTS', 'EDIT_ISSUES'], projects: [10002], issues: [10003] }],
    },
  },
  { product: 'jira', method: 'GET', path: `${J}/project/search?maxResults=10`, status: 200, template: `${J}/project/search` },
  { product: 'jira', method: 'GET', path: `${J}/project/PAY`, status: 200, template: `${J}/project/{projectIdOrKey}` },
  { product: 'jira', method: 'GET', path: `${J}/issuetype`, status: 200, template: `${J}/issuetype` },
  { product: 'jira', method: 'GET', path: `${J}/priority`, status: 200, template: `${J}/priority` },
  { product: 'jira', method: 'GET', path: `${J}/issueLinkType`, status: 200, template: `${J}/issueLinkType` },
  { product: 'jira', method: 'GET', path: `${J}/issue/INC-3`, status: 200, template: `${J}/issue/{issueIdOrKey}` },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/issue/INC-3?fields=summary,issuelinks,assignee&properties=postmortem`,
    status: 200,
    template: `${J}/issue/{issueIdOrKey}`,
  },
  {
    product: 'jira',
    method: 'POST',
    path: `${J}/issue`,
    status: 201,
    template: `${J}/issue`,
    body: {
      fields: {
        project: { key: 'PAY' },
        issuetype: { name: 'Task' },
        summary: 'Contract test task',
        duedate: '2026-03-20',
        labels: ['postmortem-action'],
        assignee: { accountId: U.liam },
      },
    },
  },
  {
    product: 'jira',
    method: 'POST',
    path: `${J}/issue/bulk`,
    status: 201,
    template: `${J}/issue/bulk`,
    body: {
      issueUpdates: [
        { fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'Bulk one' } },
        { fields: { project: { key: 'PAY' }, summary: 'no type' } },
      ],
    },
  },
  {
    product: 'jira',
    method: 'PUT',
    path: `${J}/issue/PAY-8`,
    status: 204,
    template: `${J}/issue/{issueIdOrKey}`,
    body: { fields: { duedate: '2026-03-21', summary: 'Renamed' } },
  },
  {
    product: 'jira',
    method: 'PUT',
    path: `${J}/issue/PAY-8/assignee`,
    status: 204,
    template: `${J}/issue/{issueIdOrKey}/assignee`,
    body: { accountId: U.sofia },
  },
  {
    product: 'jira',
    method: 'POST',
    path: `${J}/issue/PAY-8/notify`,
    status: 204,
    template: `${J}/issue/{issueIdOrKey}/notify`,
    body: { subject: 'Due soon', textBody: 'text', htmlBody: '<p>html</p>', to: { assignee: true } },
  },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/issue/PAY-8/transitions?expand=transitions.fields`,
    as: U.sofia,
    status: 200,
    template: `${J}/issue/{issueIdOrKey}/transitions`,
  },
  {
    product: 'jira',
    method: 'POST',
    path: `${J}/issue/PAY-8/transitions`,
    as: U.sofia,
    status: 204,
    template: `${J}/issue/{issueIdOrKey}/transitions`,
    body: { transition: { id: '31' }, fields: { resolution: { name: "Won't Do" } } },
  },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/issue/INC-4/changelog?maxResults=2`,
    as: U.sofia,
    status: 200,
    template: `${J}/issue/{issueIdOrKey}/changelog`,
  },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/issue/PAY-8/changelog`,
    as: U.sofia,
    status: 200,
    template: `${J}/issue/{issueIdOrKey}/changelog`,
  },
  {
    product: 'jira',
    method: 'POST',
    path: `${J}/issue/INC-4/comment`,
    as: U.sofia,
    status: 201,
    template: `${J}/issue/{issueIdOrKey}/comment`,
    body: { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Noted' }] }] } },
  },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/issue/INC-4/comment?startAt=1`,
    as: U.sofia,
    status: 200,
    template: `${J}/issue/{issueIdOrKey}/comment`,
  },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/issue/createmeta/PLAT/issuetypes`,
    as: U.tom,
    status: 200,
    template: `${J}/issue/createmeta/{projectIdOrKey}/issuetypes`,
  },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/issue/createmeta/PAY/issuetypes/10001`,
    as: U.sofia,
    status: 200,
    template: `${J}/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}`,
  },
  {
    product: 'jira',
    method: 'PUT',
    path: `${J}/issue/PAY-8/properties/postmortem-action`,
    status: 201,
    template: `${J}/issue/{issueIdOrKey}/properties/{propertyKey}`,
    body: { incidentKey: 'INC-3', creationKey: 'contract-test-1' },
  },
  { product: 'jira', method: 'GET', path: `${J}/issue/PAY-8/properties`, status: 200, template: `${J}/issue/{issueIdOrKey}/properties` },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/issue/PAY-8/properties/postmortem-action`,
    status: 200,
    template: `${J}/issue/{issueIdOrKey}/properties/{propertyKey}`,
  },
  {
    product: 'jira',
    method: 'DELETE',
    path: `${J}/issue/PAY-8/properties/postmortem-action`,
    status: 204,
    template: `${J}/issue/{issueIdOrKey}/properties/{propertyKey}`,
  },
  {
    product: 'jira',
    method: 'POST',
    path: `${J}/issue/PAY-8/remotelink`,
    status: 201,
    template: `${J}/issue/{issueIdOrKey}/remotelink`,
    body: {
      globalId: `postmortem-page=${PAGE}`,
      relationship: 'Postmortem',
      object: { url: 'https://local-site.atlassian.net/wiki/x', title: 'PM' },
    },
  },
  { product: 'jira', method: 'GET', path: `${J}/issue/PAY-8/remotelink`, status: 200, template: `${J}/issue/{issueIdOrKey}/remotelink` },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/issue/INC-3/remotelink/10001`,
    status: 200,
    template: `${J}/issue/{issueIdOrKey}/remotelink/{linkId}`,
  },
  {
    product: 'jira',
    method: 'DELETE',
    path: `${J}/issue/PAY-8/remotelink?globalId=${encodeURIComponent(`postmortem-page=${PAGE}`)}`,
    status: 204,
    template: `${J}/issue/{issueIdOrKey}/remotelink`,
  },
  {
    product: 'jira',
    method: 'DELETE',
    path: `${J}/issue/PAY-1/remotelink/10002`,
    status: 204,
    template: `${J}/issue/{issueIdOrKey}/remotelink/{linkId}`,
  },
  {
    product: 'jira',
    method: 'POST',
    path: `${J}/issueLink`,
    status: 201,
    template: `${J}/issueLink`,
    body: { type: { name: 'Relates' }, inwardIssue: { key: 'INC-3' }, outwardIssue: { key: 'PAY-8' } },
  },
  { product: 'jira', method: 'GET', path: `${J}/issueLink/10001`, status: 200, template: `${J}/issueLink/{linkId}` },
  { product: 'jira', method: 'DELETE', path: `${J}/issueLink/10001`, status: 204, template: `${J}/issueLink/{linkId}` },
  {
    product: 'jira',
    method: 'GET',
    path: `${J}/search/jql?jql=${encodeURIComponent('labels = postmortem-action ORDER BY duedate')}&maxResults=2&fields=*navigable&properties=postmortem-action`,
    status: 200,
    template: `${J}/search/jql`,
  },
  {
    product: 'jira',
    method: 'POST',
    path: `${J}/search/jql`,
    status: 200,
    template: `${J}/search/jql`,
    body: { jql: 'project = INC', fields: ['*all'], properties: ['postmortem'], maxResults: 3 },
  },
  {
    product: 'jira',
    method: 'POST',
    path: `${J}/search/approximate-count`,
    status: 200,
    template: `${J}/search/approximate-count`,
    body: { jql: 'labels = postmortem-action AND statusCategory != Done' },
  },
  // Confluence v2
  { product: 'confluence', method: 'GET', path: `${W}/spaces?keys=PM`, status: 200, template: `${W}/spaces` },
  { product: 'confluence', method: 'GET', path: `${W}/spaces/${SPACE}`, status: 200, template: `${W}/spaces/{id}` },
  { product: 'confluence', method: 'GET', path: `${W}/spaces/${SPACE}/operations`, status: 200, template: `${W}/spaces/{id}/operations` },
  {
    product: 'confluence',
    method: 'GET',
    path: `${W}/spaces/${SPACE}/pages?body-format=atlas_doc_format`,
    status: 200,
    template: `${W}/spaces/{id}/pages`,
  },
  { product: 'confluence', method: 'GET', path: `${W}/pages?space-id=${SPACE}&limit=1`, status: 200, template: `${W}/pages` },
  {
    product: 'confluence',
    method: 'GET',
    path: `${W}/pages/${PAGE}?body-format=atlas_doc_format&include-labels=true&include-versions=true`,
    status: 200,
    template: `${W}/pages/{id}`,
  },
  {
    product: 'confluence',
    method: 'POST',
    path: `${W}/pages`,
    status: 200,
    template: `${W}/pages`,
    as: U.marcus,
    body: {
      spaceId: SPACE,
      parentId: HOME,
      title: 'Postmortem: INC-4',
      status: 'current',
      body: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content: [] }) },
    },
  },
  {
    product: 'confluence',
    method: 'PUT',
    path: `${W}/pages/${PAGE}`,
    status: 200,
    template: `${W}/pages/{id}`,
    as: U.sofia,
    body: {
      id: PAGE,
      status: 'current',
      title: 'Postmortem: INC-3 Checkout failures (payment gateway connection pool)',
      body: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content: [] }) },
      version: { number: 4, message: 'edit' },
    },
  },
  {
    product: 'confluence',
    method: 'PUT',
    path: `${W}/pages/${PAGE}`,
    status: 200,
    template: `${W}/pages/{id}`,
    as: U.sofia,
    body: {
      id: PAGE,
      status: 'draft',
      title: 'Postmortem: INC-3 (editing)',
      body: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content: [] }) },
      version: { number: 1 },
    },
  },
  {
    product: 'confluence',
    method: 'GET',
    path: `${W}/pages/${PAGE}?get-draft=true&body-format=atlas_doc_format`,
    status: 200,
    template: `${W}/pages/{id}`,
    as: U.sofia,
  },
  { product: 'confluence', method: 'DELETE', path: `${W}/pages/${PAGE}?draft=true`, status: 204, template: `${W}/pages/{id}`, as: U.sofia },
  { product: 'confluence', method: 'GET', path: `${W}/pages/${PAGE}/labels`, status: 200, template: `${W}/pages/{id}/labels` },
  { product: 'confluence', method: 'GET', path: `${W}/pages/${PAGE}/versions`, status: 200, template: `${W}/pages/{id}/versions` },
  {
    product: 'confluence',
    method: 'GET',
    path: `${W}/pages/${PAGE}/properties?key=postmortem`,
    status: 200,
    template: `${W}/pages/{page-id}/properties`,
  },
  {
    product: 'confluence',
    method: 'POST',
    path: `${W}/pages/${PAGE}/properties`,
    status: 200,
    template: `${W}/pages/{page-id}/properties`,
    body: { key: 'extra', value: { a: 1 } },
  },
  {
    product: 'confluence',
    method: 'GET',
    path: `${W}/pages/${PAGE}/properties/65538`,
    status: 200,
    template: `${W}/pages/{page-id}/properties/{property-id}`,
  },
  {
    product: 'confluence',
    method: 'PUT',
    path: `${W}/pages/${PAGE}/properties/65538`,
    status: 200,
    template: `${W}/pages/{page-id}/properties/{property-id}`,
    body: { key: 'postmortem', value: { status: 'reviewed' }, version: { number: 2 } },
  },
  {
    product: 'confluence',
    method: 'DELETE',
    path: `${W}/pages/${PAGE}/properties/65538`,
    status: 204,
    template: `${W}/pages/{page-id}/properties/{property-id}`,
  },
  // Confluence v1
  {
    product: 'confluence',
    method: 'POST',
    path: `${V1}/content/${PAGE}/permission/check`,
    status: 200,
    template: `${V1}/content/{id}/permission/check`,
    as: U.sofia,
    body: { subject: { type: 'user', identifier: U.sofia }, operation: 'update' },
  },
  { product: 'confluence', method: 'GET', path: `${V1}/content/${PAGE}/history`, status: 200, template: `${V1}/content/{id}/history` },
  {
    product: 'confluence',
    method: 'POST',
    path: `${V1}/content/${PAGE}/label`,
    status: 200,
    template: `${V1}/content/{id}/label`,
    body: [{ prefix: 'global', name: 'reviewed' }],
  },
  { product: 'confluence', method: 'GET', path: `${V1}/content/${PAGE}/label`, status: 200, template: `${V1}/content/{id}/label` },
];

describe('every served endpoint answers with the spec response schema', () => {
  it('covers every route the site serves', () => {
    const covered = new Set(CASES.map((c) => `${c.product} ${c.method} ${c.template}`));
    const missing = servedRoutes().filter((r) => !covered.has(`${r.product} ${r.method} ${r.template}`));
    expect(missing).toEqual([]);
  });

  it.each(CASES.map((c) => [`${c.method} ${c.path}`, c] as const))('%s', async (_name, c) => {
    const r =
      c.product === 'jira'
        ? await site.jira(c.method, c.path, c.body, { as: c.as })
        : await site.conf(c.method, c.path, c.body, { as: c.as });
    expect({ status: r.status, body: r.status === c.status ? undefined : r.json }).toEqual({ status: c.status, body: undefined });
    if (r.json !== undefined && specHasBody(c.product, c.method, c.path, r.status)) {
      if (c.template === `${J}/issue/{issueIdOrKey}/remotelink` && Array.isArray(r.json)) {
        // The spec declares one RemoteIssueLink, but Jira answers a list when no globalId is
        // given (as its documentation says): each element is checked against the schema.
        expect(r.json.length).toBeGreaterThan(0);
        for (const item of r.json) assertMatchesSpec(c.product, c.method, c.path, r.status, item);
      } else assertMatchesSpec(c.product, c.method, c.path, r.status, r.json);
    } else {
      expect(r.text).toBe('');
    }
  });
});

describe('error answers have the product error shapes', () => {
  const ERRORS: Array<Omit<Case, 'template'>> = [
    { product: 'jira', method: 'GET', path: `${J}/issue/NOPE-1`, status: 404 },
    { product: 'jira', method: 'GET', path: `${J}/issue/INC-3`, as: U.noah, status: 404 },
    { product: 'jira', method: 'GET', path: `${J}/project/NOPE`, status: 404 },
    { product: 'jira', method: 'POST', path: `${J}/search/jql`, body: { jql: 'description ~ x' }, status: 400 },
    { product: 'jira', method: 'GET', path: `${J}/user?accountId=nobody`, status: 404 },
    { product: 'jira', method: 'GET', path: `${J}/issue/INC-3/properties/nope`, status: 404 },
    {
      product: 'jira',
      method: 'POST',
      path: `${J}/permissions/check`,
      as: U.sofia,
      body: { accountId: U.priya, globalPermissions: ['ADMINISTER'] },
      status: 403,
    },
    {
      product: 'jira',
      method: 'POST',
      path: `${J}/issue/INC-4/transitions`,
      as: U.hannah,
      body: { transition: { id: '31' } },
      status: 400,
    },
  ];
  it.each(ERRORS.map((c) => [`${c.method} ${c.path} → ${c.status}`, c] as const))('%s', async (_n, c) => {
    const r = await site.jira(c.method, c.path, c.body, { as: c.as });
    expect(r.status).toBe(c.status);
    expect(r.json).toEqual({ errorMessages: expect.any(Array), errors: expect.any(Object) });
    if (specHasBody(c.product, c.method, c.path, r.status)) assertMatchesSpec(c.product, c.method, c.path, r.status, r.json);
  });

  it('Confluence 404 and 409 bodies match the v2 error schema', async () => {
    const nf = await site.conf('GET', `${W}/pages/999999`, undefined);
    expect(nf.status).toBe(404);
    expect(nf.json).toEqual({ errors: [expect.objectContaining({ status: 404, code: 'NOT_FOUND' })] });
    if (specHasBody('confluence', 'GET', `${W}/pages/1`, 404)) assertMatchesSpec('confluence', 'GET', `${W}/pages/1`, 404, nf.json);
  });
});

describe('the schema check itself', () => {
  it('rejects a body that does not match (so the contract tests can fail)', () => {
    expect(() => assertMatchesSpec('jira', 'GET', `${J}/issue/X-1`, 200, { id: 5, fields: 'no' })).toThrow(/does not match the spec/);
    expect(() => assertMatchesSpec('confluence', 'GET', `${W}/pages/1`, 200, { id: 1, version: { number: 'x' } })).toThrow(
      /does not match the spec/,
    );
    expect(() => assertMatchesSpec('jira', 'POST', `${J}/search/jql`, 200, { issues: [], isLast: true, surprise: 1 })).toThrow(
      /does not match the spec/,
    );
  });
});
