/**
 * Resolver of the Postmortem settings admin page (manifest function `admin-resolver`): each call
 * of src/contracts/admin.ts handed to its use case in src/usecases/admin/ (all for Jira
 * administrators only, checked there as the caller).
 */
import { getSettingsOverview } from '../usecases/admin/get-overview';
import { saveSettings } from '../usecases/admin/save-settings';
import { getSiteOptions, searchProjects, searchUsers } from '../usecases/admin/site-options';
import { defineSurface } from './define';

export const handler = defineSurface('admin-resolver', {
  getOverview: () => getSettingsOverview(),
  saveSettings: ({ payload, accountId }) => saveSettings(payload, accountId),
  searchUsers: ({ payload }) => searchUsers(payload),
  searchProjects: ({ payload }) => searchProjects(payload),
  getSiteOptions: () => getSiteOptions(),
});
