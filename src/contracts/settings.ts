import { z } from 'zod';
import { AccountId, IsoDate, PageId, ProjectKey } from './ids';

/** One section of the company-wide postmortem template (admins may rename, reorder, add, remove). */
export const TemplateSection = z.object({
  id: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z][a-z0-9-]*$/, 'A section id is lower-case letters, digits and dashes.'),
  title: z.string().trim().min(1, 'A section needs a title.').max(100, 'Keep section titles under 100 characters.'),
  guidance: z.string().trim().max(500, 'Keep guidance under 500 characters.'),
  required: z.boolean(),
  /** Sections whose prose is checked for names and host names (not e.g. action items). */
  narrative: z.boolean().default(true),
  /** Body shape the template gives the section. */
  body: z.enum(['paragraph', 'timeline-table', 'questions', 'five-whys', 'lessons', 'action-items']).default('paragraph'),
});
export type TemplateSection = z.infer<typeof TemplateSection>;

export const DEFAULT_TEMPLATE_SECTIONS: TemplateSection[] = [
  {
    id: 'summary',
    title: 'Summary',
    guidance: 'In three or four sentences: what happened, how long it lasted, who was affected and how it was fixed.',
    required: true,
    narrative: true,
    body: 'paragraph',
  },
  {
    id: 'customer-impact',
    title: 'Customer impact',
    guidance: 'Who was affected and how: number of customers, failed requests, duration, money or data lost.',
    required: true,
    narrative: true,
    body: 'paragraph',
  },
  {
    id: 'timeline',
    title: 'Timeline',
    guidance: 'Each event with its time in UTC: detection, escalations, decisions, mitigation, resolution.',
    required: true,
    narrative: true,
    body: 'timeline-table',
  },
  {
    id: 'metrics',
    title: 'Metrics and supporting data',
    guidance: 'Graphs, dashboards and log excerpts that show the impact and the recovery.',
    required: false,
    narrative: true,
    body: 'paragraph',
  },
  {
    id: 'incident-questions',
    title: 'Incident questions',
    guidance: 'Answer each question: how we detected it, how we diagnosed it, how we mitigated it, how we could prevent it.',
    required: true,
    narrative: true,
    body: 'questions',
  },
  {
    id: 'contributing-factors',
    title: 'Contributing factors',
    guidance: 'Ask "why?" five times, starting from the customer impact. Name systems and conditions, never people.',
    required: true,
    narrative: true,
    body: 'five-whys',
  },
  {
    id: 'lessons-learned',
    title: 'Lessons learned',
    guidance: 'What went well, what went wrong, and where we got lucky.',
    required: true,
    narrative: true,
    body: 'lessons',
  },
  {
    id: 'action-items',
    title: 'Action items',
    guidance: 'Each action item is a Jira task with an owner and a due date: add them with the Postmortem macro.',
    required: true,
    narrative: false,
    body: 'action-items',
  },
  {
    id: 'related-items',
    title: 'Related items',
    guidance: 'Links to earlier incidents, postmortems, tickets and documents that bear on this one.',
    required: false,
    narrative: true,
    body: 'paragraph',
  },
];

export const EscalationContacts = z.object({
  managers: z.array(AccountId).max(20),
  secondTier: z.array(AccountId).max(20),
});

export const GlossaryEntry = z.object({
  term: z.string().trim().min(1, 'Enter the internal name.').max(100),
  description: z.string().trim().min(1, 'Enter the plain description.').max(200),
});
export type GlossaryEntry = z.infer<typeof GlossaryEntry>;

/** A name that goes into JQL: no control characters, which JQL cannot carry (docs/platform.md, JQL values). */
const JqlName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .refine(
    (v) => !/[\u0000-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/.test(v),
    'Remove the control character (a tab, line break or other invisible character) from this name.',
  );

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const ReviewGateSettings = z.object({ requireSettledFindings: z.boolean() });
export const DEFAULT_REVIEW_GATE = { requireSettledFindings: false };

/** ISO weekday of the agenda page's update: 1 = Monday … 7 = Sunday (in the site's time zone). */
export const AgendaSettings = z.object({ weekday: z.number().int().min(1, 'Pick a weekday.').max(7, 'Pick a weekday.') });
export const DEFAULT_AGENDA = { weekday: 1 };

const Weeks = z.number().int().min(1, 'At least 1 week.').max(52, 'At most 52 weeks.');
/** Weeks to complete an action item by its Jira priority name; `otherWeeks` for every other priority (or none). */
export const DueDatePolicy = z.object({
  weeksByPriority: z.record(JqlName, Weeks).refine((r) => Object.keys(r).length <= 20, 'At most 20 priorities.'),
  otherWeeks: Weeks,
});
export type DueDatePolicy = z.infer<typeof DueDatePolicy>;
export const DEFAULT_DUE_DATE_POLICY: DueDatePolicy = { weeksByPriority: { Highest: 4, High: 4 }, otherWeeks: 8 };

/** What the postmortem's Timeline is drafted from (docs/architecture.md, "Learning from incidents"). */
export const TimelineSettings = z.object({
  /** Only comments starting with this text go into the timeline (marker removed); empty: every comment. */
  commentMarker: z.string().trim().max(40, 'Keep the marker under 40 characters.'),
});
export const DEFAULT_TIMELINE_SETTINGS = { commentMarker: '' };

/** A contributing factor of the taxonomy reviewed postmortems are tagged with. */
export const FactorName = z
  .string()
  .trim()
  .min(1, 'Enter the factor.')
  .max(40, 'Keep a factor under 40 characters.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} -]*$/u, 'A factor is letters, digits, spaces and dashes.');
export const DEFAULT_CONTRIBUTING_FACTORS = ['change', 'capacity', 'dependency', 'detection', 'process'];

export const Settings = z.object({
  incidentFilter: z.object({
    issueTypes: z.array(JqlName).min(1, 'Name at least one incident issue type.').max(10),
    projectKeys: z.array(ProjectKey).max(50).default([]),
  }),
  actionItems: z.object({
    projectKeys: z.array(ProjectKey).max(50),
    defaultProjectKey: ProjectKey.optional(),
    issueType: JqlName,
  }),
  linkType: z.string().trim().min(1).max(60),
  postmortemDeadlineDays: z.number().int().min(1, 'At least 1 day.').max(60, 'At most 60 days.'),
  reminderOffsets: z.array(z.number().int().min(0).max(60, 'Offsets are 0–60 days.')).min(1).max(10),
  postmortemReminderOffsets: z.array(z.number().int().min(0).max(60)).max(10),
  escalation: z.object({
    repeatDays: z.number().int().min(0).max(60),
    secondTierAfterDays: z.number().int().min(1).max(365),
  }),
  escalationContacts: z.record(ProjectKey, EscalationContacts),
  confluence: z.object({
    spaceKey: z
      .string()
      .regex(/^[A-Za-z0-9~]{1,255}$/)
      .optional(),
    parentPageId: PageId.optional(),
  }),
  templateSections: z.array(TemplateSection).min(1).max(30),
  glossary: z.array(GlossaryEntry).max(500),
  timeZone: z.string().refine(isTimeZone, 'Unknown time zone; use an IANA name such as Europe/Paris.'),
  /** The review gate: whether marking reviewed requires the open findings resolved or accepted. */
  review: ReviewGateSettings.default(DEFAULT_REVIEW_GATE),
  /** The weekly review meeting's agenda page. */
  agenda: AgendaSettings.default(DEFAULT_AGENDA),
  /** Default time to complete an action item, by its priority. */
  dueDatePolicy: DueDatePolicy.default(DEFAULT_DUE_DATE_POLICY),
  timeline: TimelineSettings.default(DEFAULT_TIMELINE_SETTINGS),
  contributingFactors: z
    .array(FactorName)
    .max(30, 'At most 30 contributing factors.')
    .refine((l) => new Set(l.map((f) => f.toLocaleLowerCase('en'))).size === l.length, 'Each factor once.')
    .default(DEFAULT_CONTRIBUTING_FACTORS),
  /**
   * Incidents resolved on or after this date (site time zone) are tracked from resolution: their
   * postmortem is due `postmortemDeadlineDays` after it, page or not. Unset: the day the app was
   * installed (recorded in app storage at its first run), so older incidents flood nobody.
   */
  trackingStartDate: IsoDate.optional(),
  /** Who is reminded of an incident's postmortem before a page exists: the incident's assignee or reporter. */
  postmortemOwnerRole: z.enum(['assignee', 'reporter']).default('assignee'),
  /** Told when a postmortem enters the review queue: these people and the members of this Jira group. */
  reviewers: z
    .object({
      accountIds: z.array(AccountId).max(20).default([]),
      groupName: JqlName.optional(),
    })
    .default({ accountIds: [] }),
  /** The sweep mails at or after this hour of the site's day (0–23, site time zone). */
  sendHour: z.number().int().min(0, 'An hour from 0 to 23.').max(23, 'An hour from 0 to 23.').default(9),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  incidentFilter: { issueTypes: ['Incident'], projectKeys: [] },
  actionItems: { projectKeys: [], issueType: 'Task' },
  linkType: 'Relates',
  postmortemDeadlineDays: 7,
  reminderOffsets: [7, 1, 0],
  postmortemReminderOffsets: [2, 0],
  escalation: { repeatDays: 7, secondTierAfterDays: 14 },
  escalationContacts: {},
  confluence: {},
  templateSections: DEFAULT_TEMPLATE_SECTIONS,
  glossary: [],
  timeZone: 'UTC',
  review: DEFAULT_REVIEW_GATE,
  agenda: DEFAULT_AGENDA,
  dueDatePolicy: DEFAULT_DUE_DATE_POLICY,
  timeline: DEFAULT_TIMELINE_SETTINGS,
  contributingFactors: DEFAULT_CONTRIBUTING_FACTORS,
  postmortemOwnerRole: 'assignee',
  reviewers: { accountIds: [] },
  sendHour: 9,
};
