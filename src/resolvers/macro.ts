/**
 * Resolver of the Postmortem macro and its config dialog (manifest function `macro-resolver`):
 * each call of src/contracts/macro.ts and macro-actions.ts handed to its use case in
 * src/usecases/macro/, with the page the macro is on (from the Forge context).
 */
import { addMissingSections } from '../usecases/macro/add-missing-sections';
import { createActionItems } from '../usecases/macro/create-action-items';
import { findAssignees } from '../usecases/macro/find-assignees';
import { findSimilarActionItems } from '../usecases/macro/find-similar-action-items';
import { getOverview } from '../usecases/macro/get-overview';
import { linkIncident, unlinkIncident } from '../usecases/macro/link-incident';
import { listActionItems } from '../usecases/macro/list-action-items';
import { refreshTimeline } from '../usecases/macro/refresh-timeline';
import { reviewAction } from '../usecases/macro/review-action';
import { searchIncidents } from '../usecases/macro/search-incidents';
import { tagFactors } from '../usecases/macro/tag-factors';
import { updateActionItem } from '../usecases/macro/update-action-item';
import { onPage } from './context';
import { defineSurface } from './define';

export const handler = defineSurface('macro-resolver', {
  getOverview: (inv) => getOverview(inv.payload, onPage(inv)),
  searchIncidents: (inv) => searchIncidents(inv.payload),
  linkIncident: (inv) => linkIncident(inv.payload, onPage(inv)),
  unlinkIncident: (inv) => unlinkIncident(inv.payload, onPage(inv)),
  addMissingSections: (inv) => addMissingSections(inv.payload, onPage(inv)),
  refreshTimeline: (inv) => refreshTimeline(inv.payload, onPage(inv)),
  reviewAction: (inv) => reviewAction(inv.payload, onPage(inv)),
  tagFactors: (inv) => tagFactors(inv.payload, onPage(inv)),
  listActionItems: (inv) => listActionItems(inv.payload, onPage(inv)),
  createActionItems: (inv) => createActionItems(inv.payload, onPage(inv)),
  updateActionItem: (inv) => updateActionItem(inv.payload, onPage(inv)),
  findAssignees: (inv) => findAssignees(inv.payload),
  findSimilarActionItems: (inv) => findSimilarActionItems(inv.payload, onPage(inv)),
});
