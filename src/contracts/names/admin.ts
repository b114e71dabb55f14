/** Resolver names of the settings admin page (function `admin-resolver`). */
export const ADMIN_NAMES = {
  getOverview: 'admin.getOverview',
} as const;
