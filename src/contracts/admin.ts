/** Calls of the Postmortem settings admin page (function `admin-resolver`). */
import { z } from 'zod';
import { AgendaOutcome } from './agenda';
import { AccountId, IsoDateTime } from './ids';
import { call, NoPayload } from './resolver';
import { Settings } from './settings';
import { SweepRunSummary } from './sweep';

/** How many settings changes the app keeps and shows. */
export const SETTINGS_HISTORY_KEPT = 50;

/** One changed setting in a change record: where, and the old and new values as short text. */
export const SettingsFieldChange = z.object({
  /** Dotted path of the setting, e.g. `reminderOffsets` or `escalationContacts.OPS.managers`. */
  path: z.string().max(200),
  /** A person-readable label for the path. */
  label: z.string().max(200),
  before: z.string().max(300),
  after: z.string().max(300),
});
export type SettingsFieldChange = z.infer<typeof SettingsFieldChange>;

/** One save of the settings: who, when, what. */
export const SettingsChange = z.object({
  at: IsoDateTime,
  accountId: AccountId,
  /** The display name when it was saved (kept so the history reads even if the account is gone). */
  displayName: z.string().max(255),
  changes: z.array(SettingsFieldChange).max(40),
  /** Changes beyond the ones listed (a very large save). */
  more: z.number().int().min(0).default(0),
});
export type SettingsChange = z.infer<typeof SettingsChange>;

export const PersonOption = z.object({ accountId: z.string().max(128), displayName: z.string().max(255) });
export type PersonOption = z.infer<typeof PersonOption>;

export const ProjectOption = z.object({ key: z.string().max(32), name: z.string().max(255), lead: PersonOption.nullable() });
export type ProjectOption = z.infer<typeof ProjectOption>;

export const AdminOverview = z.object({
  settings: Settings,
  stored: z.boolean(),
  invalid: z.string().optional(),
  canEdit: z.boolean(),
  /** Display names of the people the settings name (escalation contacts), when Jira knows them. */
  people: z.record(z.string(), z.string()),
  /** Projects the settings name, with their leads (the escalation fallback). */
  projects: z.array(ProjectOption),
  history: z.array(SettingsChange).max(SETTINGS_HISTORY_KEPT),
  /** The last sweep runs, newest first; null when the sweep's history cannot be read yet. */
  sweepRuns: z.array(SweepRunSummary).nullable(),
  /** The weekly agenda page's last outcome (null: none yet, or it cannot be read). */
  agenda: AgendaOutcome.nullable().default(null),
  /** The settings' version (0 before the first save): a save sends it back, and is refused if someone saved since. */
  version: z.number().int().min(0),
});
export type AdminOverview = z.infer<typeof AdminOverview>;

export const SaveSettingsPayload = z
  .object({
    settings: z.unknown(),
    /** The version the page was loaded at; the save is refused (conflict) when someone saved since. Omitted: no check against the page, saves still never overlap. */
    version: z.number().int().min(0).optional(),
  })
  .strict();
export const SaveSettingsResult = z.object({
  settings: Settings,
  history: z.array(SettingsChange).max(SETTINGS_HISTORY_KEPT),
  changed: z.number().int().min(0),
  /** The version now stored (unchanged when nothing changed). */
  version: z.number().int().min(0),
});
export type SaveSettingsResult = z.infer<typeof SaveSettingsResult>;

export const SearchPayload = z
  .object({ query: z.string().trim().min(1, 'Type at least one letter.').max(100, 'Keep the search under 100 characters.') })
  .strict();
export const UserSearchResult = z.object({ users: z.array(PersonOption).max(20) });
export const ProjectSearchResult = z.object({ projects: z.array(ProjectOption).max(20) });

/** What the site offers for the settings' pickers, read as the caller. */
export const SiteOptions = z.object({
  linkTypes: z.array(z.string().max(255)).max(500),
  issueTypes: z.array(z.string().max(255)).max(500),
  /** Confluence spaces the caller may see (first 250), for the postmortem space. */
  spaces: z.array(z.object({ key: z.string().max(255), name: z.string().max(255) })).max(250),
});
export type SiteOptions = z.infer<typeof SiteOptions>;

export const ADMIN_CALLS = {
  getOverview: call(NoPayload, AdminOverview),
  saveSettings: call(SaveSettingsPayload, SaveSettingsResult),
  searchUsers: call(SearchPayload, UserSearchResult),
  searchProjects: call(SearchPayload, ProjectSearchResult),
  getSiteOptions: call(NoPayload, SiteOptions),
} as const;
