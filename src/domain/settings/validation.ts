/**
 * What the settings page is told when settings do not validate: one clear sentence per field path,
 * and the rules the `Settings` schema cannot state alone (uniqueness, cross-field). Pure.
 */
import type { z } from 'zod';
import type { Settings } from '../../contracts/settings';

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
  [/^trackingStartDate$/, 'Use a date in the form YYYY-MM-DD, or leave it empty to track from the day the app was installed.'],
  [/^postmortemOwnerRole$/, 'Choose the assignee or the reporter.'],
  [/^reviewers\.accountIds(\.#)?$/, 'Pick at most 20 reviewers with the user picker.'],
  [/^reviewers\.groupName$/, 'Name a Jira group (1–60 characters), or leave it empty.'],
  [/^sendHour$/, 'Enter a whole hour from 0 to 23 (site time zone).'],
  [/^timeline\.commentMarker$/, 'Keep the marker under 40 characters, or leave it empty for every comment.'],
  [/^contributingFactors(\.#)?$/, 'List at most 30 factors, each of letters, digits, spaces and dashes, and each once.'],
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

/** Every escalation contact's account id named by the settings. */
export function contactIds(s: Settings): string[] {
  return [...Object.values(s.escalationContacts).flatMap((c) => [...c.managers, ...c.secondTier]), ...s.reviewers.accountIds];
}

/** Every project key the settings name. */
export function projectKeysNamed(s: Settings): string[] {
  return [...new Set([...Object.keys(s.escalationContacts), ...s.actionItems.projectKeys, ...s.incidentFilter.projectKeys])];
}

/** Why the reviewer group cannot be used given what Jira's group look-up answered as the admin saving (docs/platform.md, Jira: groups), or undefined. */
export function reviewerGroupProblem(group: string, found: { names: string[] } | { forbidden: true }): string | undefined {
  if ('forbidden' in found)
    return `Jira did not let you look up its groups (that needs the Browse users and groups permission), so the group "${group}" could not be checked. Ask a site admin for that permission, or leave the reviewer group empty and pick the reviewers in the Reviewers field.`;
  if (found.names.includes(group)) return undefined;
  const other = found.names.find((n) => n.toLowerCase() === group.toLowerCase());
  if (other) return `Jira names this group "${other}". Write it exactly so, or leave the reviewer group empty.`;
  return `Jira has no group "${group}", so nobody would be told through it. Check the name in Jira's user management (Groups), or leave the reviewer group empty and pick the reviewers in the Reviewers field.`;
}
