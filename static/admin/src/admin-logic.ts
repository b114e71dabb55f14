/**
 * The settings page's decisions, as plain functions (tested in test/unit/static/admin-logic.test.ts):
 * settings ↔ form, the client's first-pass validation, where a server message belongs, list edits.
 * The server validates everything again with zod and has the last word.
 */
import type { PersonOption } from '@contracts/admin';
import type { GlossaryEntry, Settings, TemplateSection } from '@contracts/settings';

export interface ContactsForm {
  /** Stable id for React keys and field ids (not saved). */
  rowId: string;
  projectKey: string;
  managers: PersonOption[];
  secondTier: PersonOption[];
}

export interface SectionForm extends TemplateSection {
  rowId: string;
  /** Added on this page and not saved yet: its id follows its title. */
  fresh?: boolean;
}

export interface GlossaryForm extends GlossaryEntry {
  rowId: string;
}

/** Text fields stay text until saved, so a half-typed number is not lost or silently changed. */
export interface SettingsForm {
  issueTypes: string;
  incidentProjectKeys: string;
  actionProjectKeys: string;
  defaultProjectKey: string;
  actionIssueType: string;
  linkType: string;
  deadlineDays: string;
  reminderOffsets: string;
  postmortemReminderOffsets: string;
  repeatDays: string;
  secondTierAfterDays: string;
  contacts: ContactsForm[];
  spaceKey: string;
  parentPageId: string;
  sections: SectionForm[];
  glossary: GlossaryForm[];
  timeZone: string;
  /** Marking reviewed requires open findings resolved or accepted. */
  requireSettledFindings: boolean;
  /** ISO weekday of the agenda page, "1" (Monday) … "7" (Sunday). */
  agendaWeekday: string;
  /** "Highest: 4, High: 4": weeks to complete an action item, by priority. */
  duePriorityWeeks: string;
  /** Weeks for every other priority. */
  dueOtherWeeks: string;
  /** Only comments starting with this go into a drafted timeline; empty: every comment. */
  timelineMarker: string;
  /** The contributing-factor taxonomy, comma-separated. */
  contributingFactors: string;
  /** Track incidents resolved on or after (YYYY-MM-DD); empty = the day the app was installed. */
  trackingStartDate: string;
  postmortemOwnerRole: 'assignee' | 'reporter';
  reviewers: PersonOption[];
  reviewerGroup: string;
  sendHour: string;
}

let counter = 0;
export function rowId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

const list = (xs: readonly (string | number)[]) => xs.join(', ');

export function fromSettings(s: Settings, people: Readonly<Record<string, string>> = {}): SettingsForm {
  const person = (id: string): PersonOption => ({ accountId: id, displayName: people[id] ?? id });
  return {
    issueTypes: list(s.incidentFilter.issueTypes),
    incidentProjectKeys: list(s.incidentFilter.projectKeys),
    actionProjectKeys: list(s.actionItems.projectKeys),
    defaultProjectKey: s.actionItems.defaultProjectKey ?? '',
    actionIssueType: s.actionItems.issueType,
    linkType: s.linkType,
    deadlineDays: String(s.postmortemDeadlineDays),
    reminderOffsets: list(s.reminderOffsets),
    postmortemReminderOffsets: list(s.postmortemReminderOffsets),
    repeatDays: String(s.escalation.repeatDays),
    secondTierAfterDays: String(s.escalation.secondTierAfterDays),
    contacts: Object.entries(s.escalationContacts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([projectKey, c]) => ({
        rowId: rowId('contacts'),
        projectKey,
        managers: c.managers.map(person),
        secondTier: c.secondTier.map(person),
      })),
    spaceKey: s.confluence.spaceKey ?? '',
    parentPageId: s.confluence.parentPageId ?? '',
    sections: s.templateSections.map((t) => ({ ...t, rowId: rowId('section') })),
    glossary: s.glossary.map((g) => ({ ...g, rowId: rowId('term') })),
    timeZone: s.timeZone,
    requireSettledFindings: s.review.requireSettledFindings,
    agendaWeekday: String(s.agenda.weekday),
    duePriorityWeeks: Object.entries(s.dueDatePolicy.weeksByPriority)
      .map(([p, w]) => `${p}: ${w}`)
      .join(', '),
    dueOtherWeeks: String(s.dueDatePolicy.otherWeeks),
    timelineMarker: s.timeline.commentMarker,
    contributingFactors: list(s.contributingFactors),
    trackingStartDate: s.trackingStartDate ?? '',
    postmortemOwnerRole: s.postmortemOwnerRole,
    reviewers: s.reviewers.accountIds.map(person),
    reviewerGroup: s.reviewers.groupName ?? '',
    sendHour: String(s.sendHour),
  };
}

/** "Highest: 4, High: 4" as a map; undefined when a part is not "priority: weeks". */
export function parsePriorityWeeks(text: string): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const part of splitList(text)) {
    const m = /^(.+?)\s*:\s*(-?\d+)$/.exec(part);
    if (!m) return undefined;
    out[m[1]!.trim()] = Number(m[2]);
  }
  return out;
}

export type FieldErrors = Record<string, string>;

export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Whole numbers from "7, 1, 0"; undefined when any part is not one. */
export function parseNumberList(text: string): number[] | undefined {
  const parts = splitList(text);
  if (parts.some((p) => !/^-?\d+$/.test(p))) return undefined;
  return parts.map(Number);
}

function parseWhole(text: string): number | undefined {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : undefined;
}

const MARKER_MAX = 40;
const FACTOR_MAX = 40;
const FACTORS_MAX = 30;
const FACTOR_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N} -]*$/u;

/** The timeline's comment marker, trimmed; a message when it is too long. */
export function checkMarker(text: string, errors: FieldErrors): string {
  const marker = text.trim();
  if (marker.length > MARKER_MAX)
    errors['timeline.commentMarker'] = `Keep the marker under ${MARKER_MAX} characters (it has ${marker.length}).`;
  return marker;
}

/** The contributing factors from "change, capacity, …"; messages for a malformed, too long or repeated factor. */
export function checkFactors(text: string, errors: FieldErrors): string[] {
  const factors = splitList(text);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const f of factors) {
    if (f.length > FACTOR_MAX) problems.push(`“${f.slice(0, 20)}…” is longer than ${FACTOR_MAX} characters.`);
    else if (!FACTOR_SHAPE.test(f))
      problems.push(`“${f}” may only hold letters, digits, spaces and dashes (and start with a letter or digit).`);
    const k = f.toLocaleLowerCase('en');
    if (seen.has(k)) problems.push(`“${f}” is listed twice.`);
    seen.add(k);
  }
  if (factors.length > FACTORS_MAX) problems.push(`List at most ${FACTORS_MAX} factors (there are ${factors.length}).`);
  if (problems.length) errors.contributingFactors = problems.join(' ');
  return factors;
}

/**
 * The form as the settings to send, plus the messages the client can give at once (text where a
 * number belongs). Range and shape checks are the server's: it answers with one message per field.
 */
export function toSettings(f: SettingsForm): { settings: Settings; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const whole = (text: string, field: string, what: string): number => {
    const n = parseWhole(text);
    if (n === undefined) {
      errors[field] = `Enter ${what} as a whole number.`;
      return Number.NaN;
    }
    return n;
  };
  const numbers = (text: string, field: string): number[] => {
    const n = parseNumberList(text);
    if (n === undefined) {
      errors[field] = 'Enter whole numbers of days separated by commas, e.g. 7, 1, 0.';
      return [];
    }
    return n;
  };
  const upper = (text: string) => splitList(text).map((k) => k.toUpperCase());
  const contacts: Settings['escalationContacts'] = {};
  f.contacts.forEach((c, i) => {
    const key = c.projectKey.trim().toUpperCase();
    if (!key) {
      errors[`contacts.${i}.projectKey`] = 'Pick the project these contacts are for, or remove the row.';
      return;
    }
    if (contacts[key]) {
      errors[`contacts.${i}.projectKey`] = `${key} has two rows; put its contacts in one row.`;
      return;
    }
    if (c.managers.length === 0 && c.secondTier.length === 0) {
      errors[`contacts.${i}.managers`] = 'Add at least one person, or remove the row (the project lead is then told).';
      return;
    }
    contacts[key] = { managers: c.managers.map((p) => p.accountId), secondTier: c.secondTier.map((p) => p.accountId) };
  });
  const settings: Settings = {
    incidentFilter: { issueTypes: splitList(f.issueTypes), projectKeys: upper(f.incidentProjectKeys) },
    actionItems: {
      projectKeys: upper(f.actionProjectKeys),
      ...(f.defaultProjectKey.trim() ? { defaultProjectKey: f.defaultProjectKey.trim().toUpperCase() } : {}),
      issueType: f.actionIssueType.trim(),
    },
    linkType: f.linkType.trim(),
    postmortemDeadlineDays: whole(f.deadlineDays, 'postmortemDeadlineDays', 'the deadline in days'),
    reminderOffsets: numbers(f.reminderOffsets, 'reminderOffsets'),
    postmortemReminderOffsets: numbers(f.postmortemReminderOffsets, 'postmortemReminderOffsets'),
    escalation: {
      repeatDays: whole(f.repeatDays, 'escalation.repeatDays', 'the repeat interval'),
      secondTierAfterDays: whole(f.secondTierAfterDays, 'escalation.secondTierAfterDays', 'the second-tier threshold'),
    },
    escalationContacts: contacts,
    confluence: {
      ...(f.spaceKey.trim() ? { spaceKey: f.spaceKey.trim() } : {}),
      ...(f.parentPageId.trim() ? { parentPageId: f.parentPageId.trim() } : {}),
    },
    templateSections: f.sections.map(({ rowId: _r, fresh: _f, ...t }) => t),
    glossary: f.glossary.map(({ rowId: _r, ...g }) => g),
    timeZone: f.timeZone.trim(),
    review: { requireSettledFindings: f.requireSettledFindings },
    agenda: { weekday: whole(f.agendaWeekday, 'agenda.weekday', 'the weekday') },
    dueDatePolicy: {
      weeksByPriority: (() => {
        const parsed = parsePriorityWeeks(f.duePriorityWeeks);
        if (parsed === undefined)
          errors['dueDatePolicy.weeksByPriority'] = 'Write each priority and its weeks as "High: 4", separated by commas.';
        return parsed ?? {};
      })(),
      otherWeeks: whole(f.dueOtherWeeks, 'dueDatePolicy.otherWeeks', 'the weeks for other priorities'),
    },
    timeline: { commentMarker: checkMarker(f.timelineMarker, errors) },
    contributingFactors: checkFactors(f.contributingFactors, errors),
    ...(f.trackingStartDate.trim() ? { trackingStartDate: f.trackingStartDate.trim() } : {}),
    postmortemOwnerRole: f.postmortemOwnerRole,
    reviewers: {
      accountIds: f.reviewers.map((p) => p.accountId),
      ...(f.reviewerGroup.trim() ? { groupName: f.reviewerGroup.trim() } : {}),
    },
    sendHour: whole(f.sendHour, 'sendHour', 'the hour (0 to 23)'),
  };
  return { settings, errors };
}

/**
 * Where a server message belongs on the form. Server paths are the settings' paths
 * (`templateSections.2.title`, `escalationContacts.OPS.managers.0`); form fields use row indexes.
 */
export function fieldOf(path: string, form: Pick<SettingsForm, 'contacts'>): string {
  const p = path.split('.');
  switch (p[0]) {
    case 'incidentFilter':
      return p[1] === 'projectKeys' ? 'incidentFilter.projectKeys' : 'incidentFilter.issueTypes';
    case 'actionItems':
      return `actionItems.${p[1] ?? 'issueType'}`;
    case 'reminderOffsets':
    case 'postmortemReminderOffsets':
    case 'linkType':
    case 'postmortemDeadlineDays':
    case 'timeZone':
    case 'trackingStartDate':
    case 'postmortemOwnerRole':
    case 'sendHour':
      return p[0];
    case 'reviewers':
      return p[1] === 'groupName' ? 'reviewers.groupName' : 'reviewers.accountIds';
    case 'timeline':
      return 'timeline.commentMarker';
    case 'contributingFactors':
      return 'contributingFactors';
    case 'review':
      return 'review.requireSettledFindings';
    case 'agenda':
      return 'agenda.weekday';
    case 'dueDatePolicy':
      return p[1] === 'otherWeeks' ? 'dueDatePolicy.otherWeeks' : 'dueDatePolicy.weeksByPriority';
    case 'escalation':
      return `escalation.${p[1] ?? 'repeatDays'}`;
    case 'escalationContacts': {
      const i = form.contacts.findIndex((c) => c.projectKey.trim().toUpperCase() === p[1]);
      if (i < 0) return 'escalationContacts';
      return p[2] === 'secondTier'
        ? `contacts.${i}.secondTier`
        : p[2] === 'managers'
          ? `contacts.${i}.managers`
          : `contacts.${i}.projectKey`;
    }
    case 'confluence':
      return `confluence.${p[1] ?? 'spaceKey'}`;
    case 'templateSections':
      return p[1] === undefined
        ? 'templateSections'
        : `sections.${p[1]}.${p[2] === 'guidance' ? 'guidance' : p[2] === 'title' ? 'title' : 'title'}`;
    case 'glossary':
      return p[1] === undefined ? 'glossary' : `glossary.${p[1]}.${p[2] === 'description' ? 'description' : 'term'}`;
    default:
      return '(settings)';
  }
}

/** Server messages keyed by form field (the first message per field wins). */
export function formErrors(serverFields: Readonly<Record<string, string>>, form: Pick<SettingsForm, 'contacts'>): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(serverFields)) {
    const field = fieldOf(path, form);
    // Every distinct problem shows (e.g. two unknown projects in one list), each once.
    if (!out[field]) out[field] = message;
    else if (!out[field].includes(message)) out[field] = `${out[field]} ${message}`;
  }
  return out;
}

/** A new section id from its title: lower-case words joined by dashes, unique among `taken`. */
export function sectionId(title: string, taken: readonly string[]): string {
  let base = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32);
  if (!/^[a-z]/.test(base)) base = `section${base ? `-${base}` : ''}`.slice(0, 32);
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** The list with item `i` moved by `delta` (−1 up, +1 down); unchanged at the ends. */
export function move<T>(items: readonly T[], i: number, delta: number): T[] {
  const j = i + delta;
  if (i < 0 || i >= items.length || j < 0 || j >= items.length) return [...items];
  const out = [...items];
  const [x] = out.splice(i, 1);
  out.splice(j, 0, x as T);
  return out;
}

export function addPerson(people: readonly PersonOption[], p: PersonOption): PersonOption[] {
  return people.some((x) => x.accountId === p.accountId) ? [...people] : [...people, p];
}

/** "7, 1, 0" → "7 days before, 1 day before and on the due date". */
export function offsetsText(offsets: readonly number[]): string {
  const parts = offsets.map((d) => (d === 0 ? 'on the due date' : `${d} day${d === 1 ? '' : 's'} before`));
  return parts.length <= 1 ? (parts[0] ?? 'none') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The IANA time zones this browser knows (for the time zone field's suggestions). */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  try {
    return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : ['UTC'];
  } catch {
    return ['UTC'];
  }
}

/** Labels of the form's fields, for the error summary. */
export function fieldLabel(field: string, form: Pick<SettingsForm, 'contacts' | 'sections' | 'glossary'>): string {
  const fixed: Record<string, string> = {
    'incidentFilter.issueTypes': 'Incident issue types',
    'incidentFilter.projectKeys': 'Incident projects',
    'actionItems.projectKeys': 'Action-item projects',
    'actionItems.defaultProjectKey': 'Default project',
    'actionItems.issueType': 'Action-item issue type',
    linkType: 'Link type',
    postmortemDeadlineDays: 'Postmortem deadline',
    reminderOffsets: 'Reminder offsets',
    postmortemReminderOffsets: 'Postmortem reminder offsets',
    'escalation.repeatDays': 'Repeat escalation every',
    'escalation.secondTierAfterDays': 'Second tier after',
    'confluence.spaceKey': 'Confluence space key',
    'confluence.parentPageId': 'Parent page id',
    templateSections: 'Template sections',
    glossary: 'Glossary',
    timeZone: 'Time zone',
    escalationContacts: 'Escalation contacts',
    'review.requireSettledFindings': 'Findings settled before review',
    'agenda.weekday': 'Review agenda weekday',
    'dueDatePolicy.weeksByPriority': 'Weeks to complete, by priority',
    'dueDatePolicy.otherWeeks': 'Weeks to complete, other priorities',
    trackingStartDate: 'Track incidents resolved on or after',
    postmortemOwnerRole: 'Reminded before a postmortem page exists',
    'reviewers.accountIds': 'Reviewers',
    'reviewers.groupName': 'Reviewer group',
    sendHour: 'Send reminders and escalations at',
    'timeline.commentMarker': 'Timeline comment marker',
    contributingFactors: 'Contributing factors',
  };
  if (fixed[field]) return fixed[field];
  const m = /^(contacts|sections|glossary)\.(\d+)\.(\w+)$/.exec(field);
  if (m) {
    const i = Number(m[2]);
    if (m[1] === 'contacts') return `Escalation contacts for ${form.contacts[i]?.projectKey || `row ${i + 1}`}`;
    if (m[1] === 'sections') return `Template section ${i + 1} (${form.sections[i]?.title || 'untitled'}): ${m[3]}`;
    return `Glossary term ${i + 1} (${form.glossary[i]?.term || 'empty'}): ${m[3]}`;
  }
  return 'Settings';
}

/** The id of the input a form field's message points at (for "go to field" links and focus). */
export function inputId(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** A section's new title; a fresh section's id follows it (saved sections keep their id: pages refer to it). */
export function retitle(sections: readonly SectionForm[], i: number, title: string): SectionForm[] {
  return sections.map((s, j) => {
    if (j !== i) return s;
    if (!s.fresh) return { ...s, title };
    const taken = sections.filter((_, k) => k !== i).map((x) => x.id);
    return { ...s, title, id: sectionId(title || 'new section', taken) };
  });
}
