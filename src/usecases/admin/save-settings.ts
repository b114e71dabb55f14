import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import {
  readSettings,
  readSettingsHistory,
  readSettingsVersion,
  saveSettings as storeSettings,
  type SettingsVersion,
} from '../../adapters/settings';
import type { SettingsChange } from '../../contracts/admin';
import { Settings } from '../../contracts/settings';
import { contactIds, describeChanges, settingsFieldMessages, settingsRuleMessages } from '../../domain/settings';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import { personNames, requireJiraAdmin } from './require-jira-admin';
import { settingsReferenceProblems } from './settings-references';

/** The refusal when someone else saved the settings after this page was loaded (or is saving right now). */
function savedMeanwhile(latest: SettingsVersion | undefined): Refusal {
  const who = latest
    ? `${latest.displayName} saved them at ${latest.at.slice(0, 16).replace('T', ' ')} UTC`
    : 'another admin is saving them right now';
  return new Refusal(
    'conflict',
    `The settings changed since you opened this page (${who}). Nothing was saved, so their change is kept. Reload the settings to see it, then make your change again.`,
    undefined,
    latest ? { savedBy: latest.displayName, savedAt: latest.at, version: latest.version } : undefined,
  );
}

/**
 * Saves the settings: every field validated with the `Settings` schema (a sentence per field), the
 * rules it cannot state, every reference checked against the site as the caller, and refused when
 * someone else saved since the page was loaded. Every save is recorded: who, when, what (last 50).
 */
export async function saveSettings(
  payload: Input<'admin-resolver', 'saveSettings'>,
  accountId: string,
): Promise<Output<'admin-resolver', 'saveSettings'>> {
  await requireJiraAdmin();
  const parsed = Settings.safeParse(payload.settings);
  if (!parsed.success) {
    throw new Refusal(
      'invalid-input',
      'Some settings are not valid; nothing was saved. Fix the fields marked and save again.',
      settingsFieldMessages(parsed.error),
    );
  }
  const next = parsed.data;
  // Rules the schema cannot state, and every reference checked against the site as the caller.
  const rules = { ...(await settingsReferenceProblems(next)), ...settingsRuleMessages(next) };
  // Every escalation contact and reviewer must be a person Jira knows (one call for all of them).
  // A deactivated account gets no mail (Jira's notify drops it: docs/platform.md), so none may be one.
  const ids = [...new Set(contactIds(next))];
  const found = ids.length ? await jira.bulkUsers('user', ids) : [];
  const known = personNames(found);
  const inactive = new Set(found.filter((u) => !u.active).map((u) => u.accountId));
  const deactivated = (id: string, role: string) =>
    `${known[id] || id}'s account is deactivated, so no mail reaches them as ${role}: remove them or pick someone else.`;
  for (const [key, c] of Object.entries(next.escalationContacts)) {
    for (const list of ['managers', 'secondTier'] as const) {
      c[list].forEach((id, i) => {
        const field = `escalationContacts.${key}.${list}.${i}`;
        if (!Object.hasOwn(known, id))
          rules[field] = 'Jira does not know this person (or you cannot see them); pick someone with the user picker.';
        else if (inactive.has(id)) rules[field] = deactivated(id, `an escalation contact of ${key}`);
      });
    }
  }
  // Every reviewer too: the review mails name them to Jira, which refuses an unknown account.
  next.reviewers.accountIds.forEach((id, i) => {
    if (!Object.hasOwn(known, id))
      rules[`reviewers.accountIds.${i}`] =
        `Jira does not know reviewer ${id} (or you cannot see them): remove them and pick the reviewers with the user picker.`;
    else if (inactive.has(id)) rules[`reviewers.accountIds.${i}`] = deactivated(id, 'a reviewer');
  });
  if (Object.keys(rules).length > 0) {
    throw new Refusal('invalid-input', 'Some settings are not valid; nothing was saved. Fix the fields marked and save again.', rules);
  }
  const [{ settings: before }, current] = await Promise.all([readSettings(), readSettingsVersion()]);
  const currentVersion = current?.version ?? 0;
  if (payload.version !== undefined && payload.version !== currentVersion) throw savedMeanwhile(current);
  const beforeNames = ids.length ? known : {};
  const oldIds = contactIds(before).filter((id) => !Object.hasOwn(beforeNames, id));
  const names = { ...beforeNames, ...(oldIds.length ? personNames(await jira.bulkUsers('user', oldIds)) : {}) };
  const { changes, more } = describeChanges(before, next, names);
  if (changes.length === 0) return { settings: next, history: await readSettingsHistory(), changed: 0, version: currentVersion };
  const me = await jira.myself();
  const change: SettingsChange = { at: clock.now().toISOString(), accountId, displayName: me.displayName, changes, more };
  const outcome = await storeSettings(next, change, payload.version ?? currentVersion);
  if (!outcome.saved) throw savedMeanwhile(outcome.latest);
  return { settings: next, history: outcome.history, changed: changes.length + more, version: outcome.version };
}
