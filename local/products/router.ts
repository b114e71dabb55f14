/** Method + path → handler, for Jira and Confluence. */
import type { Handler } from './context';
import * as issues from './jira/issues';
import * as props from './jira/properties';
import * as links from './jira/links';
import * as search from './jira/search';
import * as users from './jira/users';
import * as groups from './jira/groups';
import * as meta from './jira/meta';
import * as notify from './jira/notify';
import * as transitions from './jira/transitions';
import * as history from './jira/history';
import * as spaces from './confluence/spaces';
import * as pages from './confluence/pages';
import * as cprops from './confluence/properties';
import * as v1 from './confluence/v1';

interface Route {
  product: 'jira' | 'confluence';
  method: string;
  template: string;
  handler: Handler;
  regex: RegExp;
  names: string[];
}

const J = '/rest/api/3';
const W = '/wiki/api/v2';
const V1 = '/wiki/rest/api';

const TABLE: Array<[Route['product'], string, string, Handler]> = [
  ['jira', 'GET', `${J}/myself`, users.myself],
  ['jira', 'GET', `${J}/user`, users.getUser],
  ['jira', 'GET', `${J}/user/bulk`, users.bulkUsers],
  ['jira', 'GET', `${J}/user/search`, users.searchUsers],
  ['jira', 'GET', `${J}/user/assignable/search`, users.assignableUsers],
  ['jira', 'GET', `${J}/user/viewissue/search`, users.viewIssueUsers],
  ['jira', 'GET', `${J}/group/bulk`, groups.bulkGroups],
  ['jira', 'POST', `${J}/permissions/check`, users.checkPermissions],
  ['jira', 'GET', `${J}/project/search`, meta.searchProjects],
  ['jira', 'GET', `${J}/project/{projectIdOrKey}`, meta.getProject],
  ['jira', 'GET', `${J}/issuetype`, meta.issueTypes],
  ['jira', 'GET', `${J}/priority`, meta.priorities],
  ['jira', 'GET', `${J}/issueLinkType`, links.linkTypes],
  ['jira', 'POST', `${J}/issueLink`, links.createLink],
  ['jira', 'GET', `${J}/issueLink/{linkId}`, links.getLink],
  ['jira', 'DELETE', `${J}/issueLink/{linkId}`, links.deleteLink],
  ['jira', 'POST', `${J}/issue`, issues.createIssue],
  ['jira', 'POST', `${J}/issue/bulk`, issues.bulkCreate],
  ['jira', 'GET', `${J}/issue/{issueIdOrKey}`, issues.getIssue],
  ['jira', 'PUT', `${J}/issue/{issueIdOrKey}`, issues.editIssue],
  ['jira', 'PUT', `${J}/issue/{issueIdOrKey}/assignee`, issues.assignIssue],
  ['jira', 'POST', `${J}/issue/{issueIdOrKey}/notify`, notify.notify],
  ['jira', 'GET', `${J}/issue/{issueIdOrKey}/transitions`, transitions.getTransitions],
  ['jira', 'GET', `${J}/issue/{issueIdOrKey}/changelog`, history.getChangelog],
  ['jira', 'GET', `${J}/issue/{issueIdOrKey}/comment`, history.getComments],
  ['jira', 'POST', `${J}/issue/{issueIdOrKey}/comment`, history.addComment],
  ['jira', 'POST', `${J}/issue/{issueIdOrKey}/transitions`, transitions.doTransition],
  ['jira', 'GET', `${J}/issue/createmeta/{projectIdOrKey}/issuetypes`, meta.createMetaIssueTypes],
  ['jira', 'GET', `${J}/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}`, meta.createMetaFields],
  ['jira', 'GET', `${J}/issue/{issueIdOrKey}/properties`, props.listProperties],
  ['jira', 'GET', `${J}/issue/{issueIdOrKey}/properties/{propertyKey}`, props.getProperty],
  ['jira', 'PUT', `${J}/issue/{issueIdOrKey}/properties/{propertyKey}`, props.setProperty],
  ['jira', 'DELETE', `${J}/issue/{issueIdOrKey}/properties/{propertyKey}`, props.deleteProperty],
  ['jira', 'GET', `${J}/issue/{issueIdOrKey}/remotelink`, links.listRemoteLinks],
  ['jira', 'POST', `${J}/issue/{issueIdOrKey}/remotelink`, links.upsertRemoteLink],
  ['jira', 'DELETE', `${J}/issue/{issueIdOrKey}/remotelink`, links.deleteRemoteLinkByGlobalId],
  ['jira', 'GET', `${J}/issue/{issueIdOrKey}/remotelink/{linkId}`, links.getRemoteLink],
  ['jira', 'DELETE', `${J}/issue/{issueIdOrKey}/remotelink/{linkId}`, links.deleteRemoteLinkById],
  ['jira', 'GET', `${J}/search/jql`, search.searchGet],
  ['jira', 'POST', `${J}/search/jql`, search.searchPost],
  ['jira', 'POST', `${J}/search/approximate-count`, search.countPost],
  ['confluence', 'GET', `${W}/spaces`, spaces.listSpaces],
  ['confluence', 'GET', `${W}/spaces/{id}`, spaces.getSpace],
  ['confluence', 'GET', `${W}/spaces/{id}/operations`, spaces.spaceOperations],
  ['confluence', 'GET', `${W}/spaces/{id}/pages`, pages.listSpacePages],
  ['confluence', 'GET', `${W}/pages`, pages.listPages],
  ['confluence', 'POST', `${W}/pages`, pages.createPage],
  ['confluence', 'GET', `${W}/pages/{id}`, pages.getPage],
  ['confluence', 'PUT', `${W}/pages/{id}`, pages.updatePage],
  ['confluence', 'DELETE', `${W}/pages/{id}`, pages.deletePage],
  ['confluence', 'GET', `${W}/pages/{id}/labels`, pages.pageLabels],
  ['confluence', 'GET', `${W}/pages/{id}/versions`, pages.pageVersions],
  ['confluence', 'GET', `${W}/pages/{page-id}/properties`, cprops.listProps],
  ['confluence', 'POST', `${W}/pages/{page-id}/properties`, cprops.createProp],
  ['confluence', 'GET', `${W}/pages/{page-id}/properties/{property-id}`, cprops.getProp],
  ['confluence', 'PUT', `${W}/pages/{page-id}/properties/{property-id}`, cprops.updateProp],
  ['confluence', 'DELETE', `${W}/pages/{page-id}/properties/{property-id}`, cprops.deleteProp],
  ['confluence', 'POST', `${V1}/content/{id}/permission/check`, v1.permissionCheck],
  ['confluence', 'GET', `${V1}/content/{id}/history`, v1.history],
  ['confluence', 'GET', `${V1}/content/{id}/label`, v1.getLabels],
  ['confluence', 'POST', `${V1}/content/{id}/label`, v1.addLabels],
];

function compile([product, method, template, handler]: (typeof TABLE)[number]): Route {
  const names: string[] = [];
  const re = template
    .split('/')
    .map((s) => {
      const m = /^\{([^}]+)\}$/.exec(s);
      if (m && m[1]) {
        names.push(m[1]);
        return '([^/]+)';
      }
      return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { product, method, template, handler, regex: new RegExp(`^${re}/?$`), names };
}

const ROUTES = TABLE.map(compile);

/** The routes this site serves (contract tests use it to check every one has a test). */
export function servedRoutes(): Array<{ product: Route['product']; method: string; template: string }> {
  return ROUTES.map(({ product, method, template }) => ({ product, method, template }));
}

export function matchRoute(
  product: Route['product'],
  method: string,
  pathname: string,
): { handler: Handler; params: Record<string, string> } | undefined {
  // Literal routes are listed before templated siblings (`/project/search` before `/project/{key}`).
  for (const r of ROUTES) {
    if (r.product !== product || r.method !== method) continue;
    const m = r.regex.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
    return { handler: r.handler, params };
  }
  return undefined;
}
