/**
 * Resolver of the Postmortem settings admin page (manifest function `admin-resolver`).
 *
 * Every call here is for Jira administrators only (the settings, their change history and the
 * sweep's run records, failure details included, are admin records): each one first passes
 * `requireJiraAdmin()`, which asks Jira through `isJiraAdmin()` as the caller (never from the
 * payload). Every field is
 * validated with the `Settings` zod schema; each failure is reported against its field with a
 * sentence that says what to enter. Every save is recorded: who, when, what (last 50).
 */
import * as clock from '../adapters/clock';
import * as confluence from '../adapters/confluence';
import * as jira from '../adapters/jira';
import { readSweepRuns } from '../adapters/sweep-runs';
import {
  readSettings,
  readSettingsHistory,
  readSettingsVersion,
  saveSettings as storeSettings,
  type SettingsVersion,
} from '../adapters/settings';
import { type SettingsChange, type SettingsFieldChange } from '../contracts/admin';
import { Settings } from '../contracts/settings';
import type { SweepRunSummary } from '../contracts/sweep';
import type { z } from 'zod';
import { settingsReferenceProblems } from './admin-references';
import { defineSurface, Refusal, type Handler } from './define';

// ---------- validation messages ----------

/** zod's own wording (used when the schema gives none of its own). */
const GENERIC = /^(Too (small|big)|Invalid|Expected|Unrecognized|Required)/;

/** Clear messages by field path (`#` stands for an index or a project key). */
const FIELD_MESSAGES: Array<[RegExp, string]> = [
  [/^incidentFilter\.issueTypes$/, 'Name 1–10 incident issue types, e.g. Incident.'],
  [/^incidentFilter\.issueTypes\.#$/, 'An issue type name is 1–60 characters, e.g. Incident.'],
  [/^incidentFilter\.projectKeys$/, 'Name at most 50 incident projects.'],
  [/^actionItems\.projectKeys$/, 'Name at most 50 action-item projects.'],
  [/^actionItems\.issueType$/, 'Name the issue type action items are created as, e.g. Task (at most 60 characters).'],
  [/^actionItems\.defaultProjectKey$/, 'Pick the default project from the action-item projects.'],
  [/^linkType$/, 'Name the issue link type between an incident and its action items, e.g. Relates (at most 60 characters).'],
  [/^postmortemDeadlineDays$/, 'Enter a whole number of days from 1 to 60.'],
  [/^reminderOffsets$/, 'Give 1–10 reminder offsets, e.g. 7, 1, 0.'],
  [/^(reminderOffsets|postmortemReminderOffsets)\.#$/, 'Offsets are whole days from 0 to 60 before the due date.'],
  [/^postmortemReminderOffsets$/, 'Give at most 10 postmortem reminder offsets.'],
  [/^escalation\.repeatDays$/, 'Enter a whole number of days from 0 to 60 (0 escalates once).'],
  [/^escalation\.secondTierAfterDays$/, 'Enter a whole number of days overdue from 1 to 365.'],
  [/^escalationContacts\.#$/, 'Escalation contacts are set per Jira project key, e.g. OPS.'],
  [/^escalationContacts\.#\.(managers|secondTier)$/, 'At most 20 people per list.'],
  [/^escalationContacts\.#\.(managers|secondTier)\.#$/, 'Pick people with the user picker.'],
  [/^confluence\.spaceKey$/, 'A space key is letters and digits, e.g. ENG.'],
  [/^confluence\.parentPageId$/, 'A Confluence page id is a number (from the page URL).'],
  [/^templateSections$/, 'Keep 1–30 template sections.'],
  [/^templateSections\.#\.id$/, 'A section id is lower-case letters, digits and dashes.'],
  [/^templateSections\.#\.(body|narrative|required)$/, 'Choose one of the offered options.'],
  [/^glossary$/, 'The glossary holds at most 500 terms.'],
  [/^timeZone$/, 'Unknown time zone; use an IANA name such as Europe/Paris.'],
];

function patternOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' || (i > 0 && path[i - 1] === 'escalationContacts') ? '#' : String(p))).join('.');
}

/** One message per field path, the schema's own wording where it has one, else a clear default. */
export function settingsFieldMessages(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(settings)';
    if (out[key]) continue;
    const pattern = patternOf(issue.path);
    const custom = !GENERIC.test(issue.message);
    const known = FIELD_MESSAGES.find(([re]) => re.test(pattern))?.[1];
    out[key] = custom ? issue.message : (known ?? `${issue.message} (${key})`);
  }
  return out;
}

/** Rules the schema cannot state alone (uniqueness, cross-field). */
export function settingsRuleMessages(s: Settings): Record<string, string> {
  const out: Record<string, string> = {};
  const ids = new Set<string>();
  s.templateSections.forEach((section, i) => {
    if (ids.has(section.id)) out[`templateSections.${i}.id`] = `Two sections share the id "${section.id}"; give each section its own id.`;
    ids.add(section.id);
  });
  const titles = new Set<string>();
  s.templateSections.forEach((section, i) => {
    const t = section.title.toLowerCase();
    if (titles.has(t)) out[`templateSections.${i}.title`] = `Two sections are called "${section.title}"; give each section its own title.`;
    titles.add(t);
  });
  const terms = new Set<string>();
  s.glossary.forEach((entry, i) => {
    const t = entry.term.toLowerCase();
    if (terms.has(t)) out[`glossary.${i}.term`] = `"${entry.term}" is already in the glossary; keep one description per term.`;
    terms.add(t);
  });
  if (new Set(s.reminderOffsets).size !== s.reminderOffsets.length)
    out.reminderOffsets = 'Each reminder offset once, please: remove the repeated one.';
  if (new Set(s.postmortemReminderOffsets).size !== s.postmortemReminderOffsets.length) {
    out.postmortemReminderOffsets = 'Each postmortem reminder offset once, please: remove the repeated one.';
  }
  const d = s.actionItems.defaultProjectKey;
  if (d && s.actionItems.projectKeys.length > 0 && !s.actionItems.projectKeys.includes(d)) {
    out['actionItems.defaultProjectKey'] = `The default project ${d} is not one of the action-item projects; add it there or pick another.`;
  }
  return out;
}

// ---------- change records ----------

const LABELS: Array<[RegExp, string]> = [
  [/^incidentFilter\.issueTypes$/, 'Incident issue types'],
  [/^incidentFilter\.projectKeys$/, 'Incident projects'],
  [/^actionItems\.projectKeys$/, 'Action-item projects'],
  [/^actionItems\.defaultProjectKey$/, 'Default action-item project'],
  [/^actionItems\.issueType$/, 'Action-item issue type'],
  [/^linkType$/, 'Link type'],
  [/^postmortemDeadlineDays$/, 'Postmortem deadline (days)'],
  [/^reminderOffsets$/, 'Reminder offsets (days before due)'],
  [/^postmortemReminderOffsets$/, 'Postmortem reminder offsets'],
  [/^escalation\.repeatDays$/, 'Escalation repeat (days)'],
  [/^escalation\.secondTierAfterDays$/, 'Second tier after (days overdue)'],
  [/^confluence\.spaceKey$/, 'Confluence space'],
  [/^confluence\.parentPageId$/, 'Parent page'],
  [/^templateSections$/, 'Template section order'],
  [/^timeZone$/, 'Time zone'],
];

function labelOf(path: string): string {
  const contacts = /^escalationContacts\.([^.]+)\.(managers|secondTier)$/.exec(path);
  if (contacts) return `${contacts[2] === 'managers' ? 'Escalation contacts' : 'Second-tier contacts'} for ${contacts[1]}`;
  const section = /^templateSections\.(.+)$/.exec(path);
  if (section) return `Template section "${section[1]}"`;
  const term = /^glossary\.(.+)$/.exec(path);
  if (term) return `Glossary term "${term[1]}"`;
  return LABELS.find(([re]) => re.test(path))?.[1] ?? path;
}

const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 299)}…` : s);

/** Settings flattened to path → short text, at the granularity the history shows. */
export function flattenSettings(s: Settings, people: Readonly<Record<string, string>> = {}): Map<string, string> {
  const out = new Map<string, string>();
  const list = (xs: readonly (string | number)[]) => xs.join(', ');
  const names = (ids: readonly string[]) => ids.map((id) => people[id] ?? id).join(', ');
  out.set('incidentFilter.issueTypes', list(s.incidentFilter.issueTypes));
  out.set('incidentFilter.projectKeys', list(s.incidentFilter.projectKeys));
  out.set('actionItems.projectKeys', list(s.actionItems.projectKeys));
  out.set('actionItems.defaultProjectKey', s.actionItems.defaultProjectKey ?? '');
  out.set('actionItems.issueType', s.actionItems.issueType);
  out.set('linkType', s.linkType);
  out.set('postmortemDeadlineDays', String(s.postmortemDeadlineDays));
  out.set('reminderOffsets', list(s.reminderOffsets));
  out.set('postmortemReminderOffsets', list(s.postmortemReminderOffsets));
  out.set('escalation.repeatDays', String(s.escalation.repeatDays));
  out.set('escalation.secondTierAfterDays', String(s.escalation.secondTierAfterDays));
  for (const [key, c] of Object.entries(s.escalationContacts)) {
    if (c.managers.length) out.set(`escalationContacts.${key}.managers`, names(c.managers));
    if (c.secondTier.length) out.set(`escalationContacts.${key}.secondTier`, names(c.secondTier));
  }
  out.set('confluence.spaceKey', s.confluence.spaceKey ?? '');
  out.set('confluence.parentPageId', s.confluence.parentPageId ?? '');
  out.set('templateSections', list(s.templateSections.map((t) => t.id)));
  for (const t of s.templateSections) out.set(`templateSections.${t.id}`, `${t.title}${t.required ? ' (required)' : ''}: ${t.guidance}`);
  for (const g of s.glossary) out.set(`glossary.${g.term}`, g.description);
  out.set('timeZone', s.timeZone);
  return out;
}

/** What changed between two settings, for the history (at most 40 listed; `more` counts the rest). */
export function describeChanges(
  before: Settings,
  after: Settings,
  people: Readonly<Record<string, string>> = {},
): { changes: SettingsFieldChange[]; more: number } {
  const a = flattenSettings(before, people);
  const b = flattenSettings(after, people);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  const changes: SettingsFieldChange[] = [];
  for (const path of paths) {
    const x = a.get(path) ?? '';
    const y = b.get(path) ?? '';
    if (x !== y) changes.push({ path: clip(path), label: clip(labelOf(path)), before: clip(x), after: clip(y) });
  }
  return { changes: changes.slice(0, 40), more: Math.max(0, changes.length - 40) };
}

// ---------- calls ----------

/** The sweep's last runs, newest first; null when they cannot be read (the page says so). */
async function sweepRuns(): Promise<SweepRunSummary[] | null> {
  try {
    return await readSweepRuns();
  } catch (err) {
    console.error('admin: could not read the sweep runs', err);
    return null;
  }
}

function personNames(people: readonly jira.Person[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of people) out[p.accountId] = p.displayName;
  return out;
}

function contactIds(s: Settings): string[] {
  return Object.values(s.escalationContacts).flatMap((c) => [...c.managers, ...c.secondTier]);
}

function projectKeysNamed(s: Settings): string[] {
  return [...new Set([...Object.keys(s.escalationContacts), ...s.actionItems.projectKeys, ...s.incidentFilter.projectKeys])];
}

/** Refuses anyone who is not a Jira administrator: the one check every settings call makes. */
async function requireJiraAdmin(): Promise<void> {
  if (!(await jira.isJiraAdmin())) {
    throw new Refusal(
      'forbidden',
      'Only Jira administrators can see and change the Postmortem settings. Ask one of your Jira admins to make this change.',
    );
  }
}

export const getOverview: Handler<'admin-resolver', 'getOverview'> = async () => {
  await requireJiraAdmin();
  const canEdit = true;
  const [read, history, runs, version] = await Promise.all([readSettings(), readSettingsHistory(), sweepRuns(), readSettingsVersion()]);
  const ids = contactIds(read.settings);
  const keys = projectKeysNamed(read.settings);
  const [people, projects] = await Promise.all([
    ids.length ? jira.bulkUsers('user', ids) : Promise.resolve([]),
    keys.length ? jira.searchProjects('user', { keys }) : Promise.resolve([]),
  ]);
  return {
    settings: read.settings,
    stored: read.stored,
    invalid: read.invalid,
    canEdit,
    people: personNames(people),
    projects,
    history,
    sweepRuns: runs,
    version: version?.version ?? 0,
  };
};

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

export const saveSettings: Handler<'admin-resolver', 'saveSettings'> = async ({ payload, accountId }) => {
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
  // Every escalation contact must be a person Jira knows (one call for all of them).
  const ids = [...new Set(contactIds(next))];
  const known = ids.length ? personNames(await jira.bulkUsers('user', ids)) : {};
  for (const [key, c] of Object.entries(next.escalationContacts)) {
    for (const list of ['managers', 'secondTier'] as const) {
      c[list].forEach((id, i) => {
        if (!Object.hasOwn(known, id))
          rules[`escalationContacts.${key}.${list}.${i}`] =
            'Jira does not know this person (or you cannot see them); pick someone with the user picker.';
      });
    }
  }
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
};

export const searchUsers: Handler<'admin-resolver', 'searchUsers'> = async ({ payload }) => {
  await requireJiraAdmin();
  return { users: (await jira.searchUsers('user', payload.query, 20)).slice(0, 20) };
};

export const getSiteOptions: Handler<'admin-resolver', 'getSiteOptions'> = async () => {
  await requireJiraAdmin();
  const [linkTypes, issueTypes, spaces] = await Promise.all([
    jira.linkTypeNames('user'),
    jira.issueTypeNames('user'),
    confluence.listSpaces('user'),
  ]);
  return {
    linkTypes: linkTypes.slice(0, 500),
    issueTypes: issueTypes.slice(0, 500),
    spaces: spaces.slice(0, 250).map((sp) => ({ key: sp.key.slice(0, 255), name: (sp.name ?? sp.key).slice(0, 255) })),
  };
};

export const searchProjects: Handler<'admin-resolver', 'searchProjects'> = async ({ payload }) => {
  await requireJiraAdmin();
  return { projects: (await jira.searchProjects('user', { query: payload.query, max: 20 })).slice(0, 20) };
};

/** manifest function `admin-resolver`: every call of the settings page (src/contracts/admin.ts). */
export const handler = defineSurface('admin-resolver', { getOverview, saveSettings, searchUsers, searchProjects, getSiteOptions });
