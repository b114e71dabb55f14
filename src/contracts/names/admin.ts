/** Resolver names of the settings admin page (function `admin-resolver`). */
export const ADMIN_NAMES = {
  getOverview: 'admin.getOverview',
  saveSettings: 'admin.saveSettings',
  searchUsers: 'admin.searchUsers',
  searchProjects: 'admin.searchProjects',
  getSiteOptions: 'admin.getSiteOptions',
} as const;
