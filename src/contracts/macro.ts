/** Calls of the Postmortem macro and its config dialog (function `macro-resolver`). */
import { z } from 'zod';
import { PostmortemDueState } from './due';
import { IncidentSummary, PersonRef } from './common';
import { IsoDate, IssueKey } from './ids';
import { PostmortemContentProperty } from './properties';
import { call, NoPayload } from './resolver';

/**
 * The macro's config, as `view.submit({ config })` saves it into the page's ADF (`guestParams`).
 * Anyone who edits the page can change it: the backend zod-parses it and uses it only as a hint
 * (which incident the dialog picked), never for permissions; the link itself lives in the page's
 * `postmortem` content property.
 */
export const MacroConfig = z.object({ incidentKey: IssueKey.optional() });
export type MacroConfig = z.infer<typeof MacroConfig>;

export const TemplateProblem = z.object({
  kind: z.enum(['missing', 'guidance-only']),
  sectionId: z.string(),
  title: z.string(),
  message: z.string(),
});

export const LanguageFindingView = z.object({
  kind: z.enum(['mention', 'person-name', 'internal-name']),
  sectionTitle: z.string(),
  excerpt: z.string(),
  match: z.string(),
  suggestion: z.string(),
  occurrences: z.number().int(),
});
export type LanguageFindingView = z.infer<typeof LanguageFindingView>;

/**
 * What one of the page's checks answered: its result, or the check's own error when it failed
 * (a failing check never takes the rest of the macro down; the UI shows the error in its place).
 */
export const CheckFailed = z.object({ state: z.literal('failed'), error: z.string() });
export type CheckFailed = z.infer<typeof CheckFailed>;

export const TemplateCheckView = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('checked'),
    ok: z.boolean(),
    problems: z.array(TemplateProblem),
    /** Titles of the template sections the page lacks (required or not). */
    missingSections: z.array(z.string()),
    readable: z.boolean(),
  }),
  CheckFailed,
]);
export type TemplateCheckView = z.infer<typeof TemplateCheckView>;

export const LanguageCheckView = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('checked'),
    findings: z.array(LanguageFindingView),
    /** True when only the first findings are listed. */
    truncated: z.boolean(),
  }),
  CheckFailed,
]);
export type LanguageCheckView = z.infer<typeof LanguageCheckView>;

export const MacroLink = z.object({
  /** Null when the caller may not see the incident (its details are then not shown). */
  incident: IncidentSummary.nullable(),
  postmortem: PostmortemContentProperty,
  /** "due in 3 days", "due today", "late by 2 days", "sent to review on time". */
  due: z.string(),
  /** The same as structure: what the macro colours `due` by. */
  dueState: PostmortemDueState,
  owner: PersonRef,
  reviewer: PersonRef.nullable(),
  isOwner: z.boolean(),
  /** False when the incident does not point back at this page (a link that needs repairing: link again). */
  healthy: z.boolean(),
  /** The template check, or its error. */
  templateCheck: TemplateCheckView,
  /** The blameless and plain-language check, or its error. */
  languageCheck: LanguageCheckView,
  /** Marking reviewed requires open findings resolved or accepted (the settings). */
  requireSettledFindings: z.boolean(),
  /** What the caller may do now. */
  actions: z.object({
    requestReview: z.boolean(),
    markReviewed: z.boolean(),
    reopen: z.boolean(),
    addMissingSections: z.boolean(),
    /** "Refresh timeline from Jira": the template has a timeline section and the caller may edit the page. */
    refreshTimeline: z.boolean().default(false),
    /** Tag the contributing factors: the postmortem is reviewed and the caller may edit the page. */
    tagFactors: z.boolean().default(false),
    unlink: z.boolean(),
  }),
  /** The admins' taxonomy of contributing factors (settings), to tag a reviewed postmortem with. */
  factorTaxonomy: z.array(z.string()).default([]),
});
export type MacroLink = z.infer<typeof MacroLink>;

export const MacroOverview = z.object({
  pageId: z.string(),
  today: IsoDate,
  /** Whether the caller may edit the page (and so change its link and review status). */
  canEdit: z.boolean(),
  /** The incident the macro's config names (a hint for linking), when it parses. */
  configIncidentKey: IssueKey.nullable(),
  /** A problem with the page's link or the macro's config, said for a person, or null. */
  notice: z.string().nullable(),
  link: MacroLink.nullable(),
});
export type MacroOverview = z.infer<typeof MacroOverview>;

export const SearchIncidentsPayload = z.object({ query: z.string().max(100, 'Keep the search under 100 characters.') }).strict();
export const IncidentOption = z.object({
  key: IssueKey,
  summary: z.string(),
  status: z.string(),
  created: z.string(),
  /** The page that already holds this incident's postmortem, if any. */
  linkedPageId: z.string().nullable(),
});
export type IncidentOption = z.infer<typeof IncidentOption>;
export const SearchIncidentsResult = z.object({ incidents: z.array(IncidentOption).max(20), more: z.boolean() });
export type SearchIncidentsResult = z.infer<typeof SearchIncidentsResult>;

export const LinkIncidentPayload = z.object({ incidentKey: z.string().trim().toUpperCase().pipe(IssueKey) }).strict();
export const LinkResult = z.object({ postmortem: PostmortemContentProperty, config: MacroConfig });
export type LinkResult = z.infer<typeof LinkResult>;
export const UnlinkResult = z.object({ unlinkedFrom: IssueKey.nullable() });

export const AddSectionsResult = z.object({
  /** Titles of the sections added (empty when none were missing). */
  added: z.array(z.string()),
  /** Page saves tried (more than 1 when someone else saved the page in between). */
  attempts: z.number().int(),
});
export type AddSectionsResult = z.infer<typeof AddSectionsResult>;

export const RefreshTimelineResult = z.object({
  /** Events added to the Timeline (0: nothing new in Jira since the last refresh). */
  added: z.number().int(),
  /** False when the history was too long to read in one call: what was read was added; refresh again for the rest. */
  complete: z.boolean(),
});
export type RefreshTimelineResult = z.infer<typeof RefreshTimelineResult>;

export const ReviewActionPayload = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('request-review'),
      /** Why it goes to review with open findings (the server recomputes the findings; the reason is required when there are any). */
      reason: z.string().max(2000, 'Keep the reason under 2000 characters.').optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('mark-reviewed'),
      note: z.string().max(2000, 'Keep the review note under 2000 characters.').optional(),
      /** The reviewer accepts the findings still open (when the settings require them settled). */
      acceptFindings: z.boolean().optional(),
    })
    .strict(),
  z.object({ action: z.literal('reopen') }).strict(),
]);
export type ReviewActionPayload = z.infer<typeof ReviewActionPayload>;
export const ReviewActionResult = z.object({
  postmortem: PostmortemContentProperty,
  /** What became of the mail about the transition (reviewers told, owner told, nobody set, or why it did not go out). */
  told: z.string().max(400).optional(),
});

/** The contributing factors to tag a reviewed postmortem with (replaces the list; empty clears it). */
export const TagFactorsPayload = z
  .object({
    factors: z.array(z.string().max(40, 'Keep a factor under 40 characters.')).max(30, 'Tag at most 30 contributing factors.'),
  })
  .strict();
export type TagFactorsPayload = z.infer<typeof TagFactorsPayload>;
export const TagFactorsResult = z.object({ postmortem: PostmortemContentProperty });
export type TagFactorsResult = z.infer<typeof TagFactorsResult>;

export const MACRO_CALLS = {
  getOverview: call(NoPayload, MacroOverview),
  searchIncidents: call(SearchIncidentsPayload, SearchIncidentsResult),
  linkIncident: call(LinkIncidentPayload, LinkResult),
  unlinkIncident: call(NoPayload, UnlinkResult),
  addMissingSections: call(NoPayload, AddSectionsResult),
  refreshTimeline: call(NoPayload, RefreshTimelineResult),
  reviewAction: call(ReviewActionPayload, ReviewActionResult),
  tagFactors: call(TagFactorsPayload, TagFactorsResult),
} as const;
