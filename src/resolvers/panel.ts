/**
 * Resolver of the Jira issue panel and the issue context (manifest function `panel-resolver`):
 * each call of src/contracts/panel.ts, panel-postmortem.ts, issue-context.ts and waivers.ts handed
 * to its use case in src/usecases/panel/, with the issue the surface is on (from the Forge context).
 */
import { listCreatableSpaces } from '../usecases/panel/creatable-spaces';
import { createPostmortem } from '../usecases/panel/create-postmortem';
import { getOverview } from '../usecases/panel/get-overview';
import { getStatus } from '../usecases/panel/get-status';
import { linkExistingPage, searchPages } from '../usecases/panel/link-existing-page';
import { decideWaiver, getWaiver, requestWaiver } from '../usecases/panel/waivers';
import { onIssue } from './context';
import { defineSurface } from './define';

export const handler = defineSurface('panel-resolver', {
  getOverview: (inv) => getOverview(inv.payload, onIssue(inv)),
  createPostmortem: (inv) => createPostmortem(inv.payload, onIssue(inv)),
  listCreatableSpaces: (inv) => listCreatableSpaces(inv.payload, onIssue(inv)),
  searchPages: (inv) => searchPages(inv.payload, onIssue(inv)),
  linkExistingPage: (inv) => linkExistingPage(inv.payload, onIssue(inv)),
  getStatus: (inv) => getStatus(inv.payload, onIssue(inv)),
  getWaiver: (inv) => getWaiver(inv.payload, onIssue(inv)),
  requestWaiver: (inv) => requestWaiver(inv.payload, onIssue(inv)),
  decideWaiver: (inv) => decideWaiver(inv.payload, onIssue(inv)),
});
