/** Resolver of the Postmortem settings admin page (manifest function `admin-resolver`). */
import * as jira from '../adapters/jira';
import { readSettings } from '../adapters/storage';
import { ADMIN_CALLS } from '../contracts/admin';
import { surface } from './define';

const admin = surface('admin-resolver');

admin.define(ADMIN_CALLS.getOverview, async ({ accountId }) => {
  const [read, canEdit] = await Promise.all([readSettings(), jira.isJiraAdmin(accountId)]);
  return { settings: read.settings, stored: read.stored, invalid: read.invalid, canEdit };
});

export const handler = admin.handler();
