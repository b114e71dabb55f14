/** Resolver of the Postmortem macro and its config dialog (manifest function `macro-resolver`). */
import * as clock from '../adapters/clock';
import * as confluence from '../adapters/confluence';
import * as jira from '../adapters/jira';
import { readSettings } from '../adapters/settings';
import type { IncidentSummary, PersonRef } from '../contracts/common';
import { IssueKey } from '../contracts/ids';
import { MacroConfig, type MacroLink } from '../contracts/macro';
import { PostmortemContentProperty, PostmortemIssueProperty, POSTMORTEM_PROPERTY_KEY } from '../contracts/properties';
import type { Settings } from '../contracts/settings';
import { todayIn } from '../domain/dates';
import * as jql from '../domain/jql';
import {
  fillTimeline,
  insertMissingSections,
  applyReviewAction,
  postmortemDueText,
  checkLanguage,
  checkTemplate,
  runCheck,
  type Person,
  type ReviewAction,
} from '../domain/postmortem';
import { pageIdOf, siteUrlOf } from './context';
import { defineSurface, Refusal, type Handler, type ForgeContext } from './define';
import { createActionItems, findAssignees, listActionItems, updateActionItem } from './macro-actions';
import { INCIDENT_FIELDS, toIncidentSummary } from '../usecases/shared/incident';
import { draftTimeline } from '../usecases/shared/timeline';
import {
  absolutePageUrl,
  isIncident,
  linkPage,
  PEOPLE_FIELDS,
  requireEditablePage,
  requireIncident,
  unlinkPage,
  writeRecord,
} from '../usecases/shared/postmortem-link';

const KEY = POSTMORTEM_PROPERTY_KEY;

/** The incident key the macro's (untrusted) config names, or null; and a notice when the config is malformed. */
function readConfig(context: ForgeContext): { key: string | null; problem: string | null } {
  const raw = context.extension.config;
  if (raw === undefined || raw === null) return { key: null, problem: null };
  const parsed = MacroConfig.safeParse(raw);
  if (!parsed.success) {
    return {
      key: null,
      problem:
        'The macro’s settings are not valid (they may have been edited by hand). Open the macro’s settings and pick the incident again.',
    };
  }
  return { key: parsed.data.incidentKey ?? null, problem: null };
}

function personOf(accountId: string, names: Map<string, string>): PersonRef {
  return { accountId, displayName: names.get(accountId) ?? accountId };
}

/**
 * The page's template check and blameless / plain-language check, computed here from the page body
 * as the caller reads it (never taken from a payload), with the names of the people involved.
 */
async function pageChecks(
  pageId: string,
  page: confluence.PageWithBody,
  pm: PostmortemContentProperty,
  issue: jira.Issue | undefined,
  settings: Settings,
) {
  const people = new Map<string, string>();
  for (const u of [issue?.fields.assignee, issue?.fields.reporter]) if (u) people.set(u.accountId, u.displayName);
  const ids = [pm.ownerAccountId, pm.review?.reviewedBy, page.authorId, page.ownerId, page.version.authorId].filter(
    (x): x is string => !!x,
  );
  try {
    for (const u of await jira.bulkUsers(
      'user',
      ids.filter((id) => !people.has(id)),
    ))
      people.set(u.accountId, u.displayName);
  } catch (err) {
    if (!(err instanceof jira.ProductError)) throw err; // names are a nicety: without them, ids are shown
  }
  const personList: Person[] = [...people]
    .filter(([, name]) => name.trim().length > 0)
    .map(([id, name]) => ({ accountId: id, displayName: name }));

  // Each check runs on its own: one that fails shows its own error, the rest of the macro works.
  const check = runCheck('template check', () => checkTemplate(page.adf, settings.templateSections));
  const language = runCheck('blameless and plain-language check', () =>
    checkLanguage(page.adf, { template: settings.templateSections, people: personList, glossary: settings.glossary }),
  );
  for (const failed of [check, language])
    if (failed.state === 'failed') console.error(`macro check failed on page ${pageId}`, failed.cause);
  return { people, check, language };
}

export const getOverview: Handler<'macro-resolver', 'getOverview'> = async ({ context, accountId }) => {
  const pageId = pageIdOf(context);
  const [{ settings }, page, property, canEdit] = await Promise.all([
    readSettings(),
    confluence.getPageOrDraft('user', pageId),
    confluence.getPageProperty('user', pageId, KEY),
    confluence.canEditPage(pageId, accountId),
  ]);
  const today = todayIn(settings.timeZone, clock.now());
  if (!page) throw new Refusal('not-found', `Page ${pageId} does not exist or you do not have permission to see it. Reload the page.`);
  const config = readConfig(context);
  const base = { pageId, today, canEdit, configIncidentKey: config.key };
  if (!property) {
    const notice =
      config.problem ??
      (config.key
        ? `The macro’s settings name ${config.key}, but the page is not linked to it yet. ${canEdit ? 'Link it below or in the macro’s settings.' : 'Someone who may edit the page can link it.'}`
        : null);
    return { ...base, notice, link: null };
  }
  const parsed = PostmortemContentProperty.safeParse(property.value);
  if (!parsed.success) {
    return {
      ...base,
      notice: 'This page’s postmortem record is damaged. Link the page to its incident again from the macro’s settings; that rewrites it.',
      link: null,
    };
  }
  const pm = parsed.data;
  const issue = await jira.getIssue('user', pm.incidentKey, [...INCIDENT_FIELDS, ...PEOPLE_FIELDS], [KEY]);
  const incident: IncidentSummary | null = issue ? toIncidentSummary(issue) : null;
  const back = PostmortemIssueProperty.safeParse(issue?.properties?.[KEY]);
  const healthy = !issue || (back.success && back.data.pageId === pageId && back.data.status === pm.status);

  const { people, check, language } = await pageChecks(pageId, page, pm, issue, settings);
  const titles = new Map(settings.templateSections.map((s) => [s.id, s.title]));
  const isOwner = pm.ownerAccountId === accountId;
  const link: MacroLink = {
    incident,
    postmortem: pm,
    due: postmortemDueText({ ...pm, reviewedAt: pm.review?.reviewedAt }, today, settings.timeZone),
    owner: personOf(pm.ownerAccountId, people),
    reviewer: pm.review ? personOf(pm.review.reviewedBy, people) : null,
    isOwner,
    healthy,
    requireSettledFindings: settings.review.requireSettledFindings,
    templateCheck:
      check.state === 'failed'
        ? { state: 'failed', error: check.error }
        : {
            state: 'checked',
            ok: check.result.ok,
            problems: check.result.problems,
            missingSections: check.result.missingSectionIds.map((id) => titles.get(id) ?? id),
            readable: check.result.readable,
          },
    languageCheck:
      language.state === 'failed'
        ? { state: 'failed', error: language.error }
        : {
            state: 'checked',
            findings: language.result.findings.map((f) => ({
              kind: f.kind,
              sectionTitle: f.sectionTitle,
              excerpt: f.excerpt,
              match: f.match,
              suggestion: f.suggestion,
              occurrences: f.occurrences,
            })),
            truncated: language.result.truncated,
          },
    actions: {
      requestReview: canEdit && !!incident && pm.status === 'draft',
      markReviewed: canEdit && !!incident && pm.status === 'in-review' && !isOwner,
      reopen: canEdit && !!incident && pm.status !== 'draft',
      addMissingSections: canEdit && check.state === 'checked' && check.result.missingSectionIds.length > 0,
      refreshTimeline: canEdit && !!incident && settings.templateSections.some((s) => s.body === 'timeline-table'),
      unlink: canEdit,
    },
  };
  let notice = config.problem;
  if (!notice && config.key && config.key !== pm.incidentKey) {
    notice = `The macro’s settings name ${config.key}, but this page is the postmortem of ${pm.incidentKey}. The page’s link is what counts; to change it, pick the incident again in the macro’s settings.`;
  }
  if (!notice && !healthy)
    notice = `${pm.incidentKey} does not point back at this page yet (a link was interrupted). Link the page again from the macro’s settings to repair it.`;
  if (!notice && !incident) notice = `This page is the postmortem of ${pm.incidentKey}, which you do not have permission to see.`;
  return { ...base, notice, link };
};

// ---------------------------------------------------------------------------------------------
// Search as you type over the incidents the caller may see

const SEARCH_PAGE = 100;
const SHOWN = 20;

export function incidentJql(settings: Settings, query: string): string {
  const clauses = [jql.inList('issuetype', settings.incidentFilter.issueTypes)];
  const key = IssueKey.safeParse(query.trim().toUpperCase());
  if (key.success) clauses.push(jql.eq('key', key.data));
  return jql.query(jql.and(...clauses), [['created', 'DESC']]);
}

/** Whether an issue matches what was typed: every word in its key or summary. */
function matches(issue: jira.Issue, words: string[]): boolean {
  const hay = `${issue.key} ${issue.fields.summary ?? ''}`.toLocaleLowerCase('en');
  return words.every((w) => hay.includes(w));
}

export const searchIncidents: Handler<'macro-resolver', 'searchIncidents'> = async ({ payload }) => {
  const { settings } = await readSettings();
  const query = payload.query.trim();
  const words = query.toLocaleLowerCase('en').split(/\s+/u).filter(Boolean);
  const page = await jira.searchPage('user', incidentJql(settings, query), ['summary', 'status', 'created', 'issuetype', 'project'], {
    maxResults: SEARCH_PAGE,
    properties: [KEY],
  });
  const hits = page.issues.filter((i) => isIncident(settings, i) && matches(i, words));
  return {
    incidents: hits.slice(0, SHOWN).map((i) => {
      const linked = PostmortemIssueProperty.safeParse(i.properties?.[KEY]);
      return {
        key: i.key,
        summary: i.fields.summary ?? '',
        status: i.fields.status?.name ?? 'Unknown',
        created: i.fields.created ?? '',
        linkedPageId: linked.success ? linked.data.pageId : null,
      };
    }),
    more: hits.length > SHOWN || Boolean(page.nextPageToken),
  };
};

// ---------------------------------------------------------------------------------------------
// Link, unlink

export const linkIncident: Handler<'macro-resolver', 'linkIncident'> = async ({ payload, context, accountId }) => {
  const pageId = pageIdOf(context);
  const { settings } = await readSettings();
  const page = await requireEditablePage(pageId, accountId);
  const incident = await requireIncident(payload.incidentKey, settings);
  const postmortem = await linkPage({
    page: {
      id: pageId,
      title: page.title,
      url: absolutePageUrl(page, siteUrlOf(context)),
      spaceId: page.spaceId,
      unpublished: page.status === 'draft',
    },
    accountId,
    incident,
    settings,
    now: clock.now(),
  });
  return { postmortem, config: { incidentKey: postmortem.incidentKey } };
};

export const unlinkIncident: Handler<'macro-resolver', 'unlinkIncident'> = async ({ context, accountId }) => {
  const pageId = pageIdOf(context);
  await requireEditablePage(pageId, accountId);
  return { unlinkedFrom: await unlinkPage(pageId) };
};

// ---------------------------------------------------------------------------------------------
// Add the missing template sections: append only, and never under someone's editing

/**
 * Whether `draft` holds changes nobody published yet: saved after the published version and
 * different from it (a draft older than the published version was superseded by it).
 */
export function hasUnpublishedChanges(draft: confluence.PageWithBody, page: confluence.PageWithBody): boolean {
  const draftAt = Date.parse(draft.version.createdAt ?? '');
  const publishedAt = Date.parse(page.version.createdAt ?? '');
  if (Number.isFinite(draftAt) && Number.isFinite(publishedAt) && draftAt <= publishedAt) return false;
  return draft.title !== page.title || JSON.stringify(draft.adf) !== JSON.stringify(page.adf);
}

async function editorName(accountId: string | null | undefined, caller: string): Promise<string> {
  if (!accountId) return 'Someone';
  if (accountId === caller) return 'You';
  try {
    const [user] = await jira.bulkUsers('user', [accountId]);
    if (user?.displayName.trim()) return user.displayName;
  } catch (err) {
    if (!(err instanceof jira.ProductError)) throw err;
  }
  return 'Someone';
}

/**
 * What someone is editing is theirs: a page not published yet is open in its author's editor, and
 * a published page may have unpublished changes (docs/platform.md, Confluence REST). Refuses then.
 */
async function requireNobodyEditing(page: confluence.PageWithBody, accountId: string, instead: string, action: string): Promise<void> {
  if (page.status === 'draft') {
    throw new Refusal(
      'conflict',
      `This page is not published yet, so it is open in the editor, and the app does not write under someone’s editing. ${instead} Or publish the page, then use ${action}.`,
    );
  }
  const draft = await confluence.getPageDraft('user', page.id);
  if (draft && hasUnpublishedChanges(draft, page)) {
    const who = await editorName(draft.version.authorId, accountId);
    const when = draft.version.createdAt ? ` (saved ${draft.version.createdAt.slice(0, 16).replace('T', ' ')} UTC)` : '';
    throw new Refusal(
      'conflict',
      `${who} ${who === 'You' ? 'have' : 'has'} unpublished changes to this page${when}. Nothing was changed, so those changes are safe: publish or discard them, then use ${action} again.`,
    );
  }
}

export const addMissingSections: Handler<'macro-resolver', 'addMissingSections'> = async ({ context, accountId }) => {
  const pageId = pageIdOf(context);
  const { settings } = await readSettings();
  const page = await requireEditablePage(pageId, accountId);
  const titles = new Map(settings.templateSections.map((s) => [s.id, s.title]));
  const result = insertMissingSections(page.adf, settings.templateSections);
  if (!result.ok) throw new Refusal('invalid-input', `${result.message} Nothing was changed.`);
  if (result.added.length === 0) return { added: [], attempts: 1 };
  const names = result.added.map((id) => titles.get(id) ?? id);
  await requireNobodyEditing(page, accountId, `Add these sections in the editor: ${names.join(', ')}.`, '“Add missing sections”');
  const saved = await confluence.updatePageBody(
    'user',
    page,
    result.doc,
    page.version.number + 1,
    'Postmortem app: added the missing template sections',
  );
  if (saved.ok) return { added: names, attempts: 1 };
  if (saved.status === 409) {
    throw new Refusal(
      'conflict',
      'Someone published a new version of this page while the sections were being added. Nothing was changed, so their version is kept: reload the page, then use “Add missing sections” again.',
    );
  }
  if (saved.status === 401 || saved.status === 403)
    throw new Refusal('forbidden', 'Confluence refused: you do not have permission to edit this page. Nothing was changed.');
  throw new Refusal('product-error', `Confluence refused to save the page (status ${saved.status}): ${saved.message} Nothing was changed.`);
};

// ---------------------------------------------------------------------------------------------
// "Refresh timeline from Jira": adds the incident's events newer than the Timeline's newest
// generated row; rows the author wrote or changed stay as they are (src/domain/postmortem/timeline.ts).

export const refreshTimeline: Handler<'macro-resolver', 'refreshTimeline'> = async ({ context, accountId }) => {
  const pageId = pageIdOf(context);
  const { settings } = await readSettings();
  const page = await requireEditablePage(pageId, accountId);
  const record = PostmortemContentProperty.safeParse((await confluence.getPageProperty('user', pageId, KEY))?.value);
  if (!record.success)
    throw new Refusal('not-found', 'This page is not linked to an incident. Link it in the macro’s settings, then refresh the timeline.');
  const incident = await requireIncident(record.data.incidentKey, settings);
  const drafted = await draftTimeline(incident, settings);
  if (!drafted.ok) throw new Refusal('product-error', `${drafted.problem} Nothing was changed.`);
  const filled = fillTimeline(page.adf, settings.templateSections, drafted.events, settings.timeZone);
  if (!filled.ok) throw new Refusal('invalid-input', `${filled.message} Nothing was changed.`);
  if (filled.added.length === 0) return { added: 0, complete: drafted.complete };
  await requireNobodyEditing(page, accountId, 'Refresh it once the page is published.', '“Refresh timeline from Jira”');
  const n = filled.added.length;
  const saved = await confluence.updatePageBody(
    'user',
    page,
    filled.doc,
    page.version.number + 1,
    `Postmortem app: added ${n} event${n === 1 ? '' : 's'} from ${incident.key}’s history to the timeline`,
  );
  if (saved.ok) return { added: n, complete: drafted.complete };
  if (saved.status === 409)
    throw new Refusal(
      'conflict',
      'Someone published a new version of this page meanwhile. Nothing was changed, so their version is kept: reload the page and refresh again.',
    );
  if (saved.status === 401 || saved.status === 403)
    throw new Refusal('forbidden', 'Confluence refused: you do not have permission to edit this page. Nothing was changed.');
  throw new Refusal('product-error', `Confluence refused to save the page (status ${saved.status}): ${saved.message} Nothing was changed.`);
};

// ---------------------------------------------------------------------------------------------
// Review workflow

export const reviewAction: Handler<'macro-resolver', 'reviewAction'> = async ({ payload, context, accountId }) => {
  const pageId = pageIdOf(context);
  const { settings } = await readSettings();
  const page = await requireEditablePage(pageId, accountId);
  const current = await confluence.getPageProperty('user', pageId, KEY);
  const pm = PostmortemContentProperty.safeParse(current?.value);
  if (!current || !pm.success)
    throw new Refusal('invalid-input', 'This page is not linked to an incident yet: link it in the macro’s settings first.');
  const incident = await jira.getIssue('user', pm.data.incidentKey, [...INCIDENT_FIELDS, ...PEOPLE_FIELDS]);
  if (!incident)
    throw new Refusal(
      'forbidden',
      `You do not have permission to see ${pm.data.incidentKey}, so you cannot change its postmortem’s status. Ask for access to its project.`,
    );
  const action: ReviewAction =
    payload.action === 'mark-reviewed'
      ? { type: payload.action, note: payload.note, acceptFindings: payload.acceptFindings }
      : payload.action === 'request-review'
        ? { type: payload.action, reason: payload.reason }
        : { type: payload.action };
  // The findings are the page's as the caller reads it now, never what the payload says.
  const { check: templateCheck, language } = await pageChecks(pageId, page, pm.data, incident, settings);
  for (const failed of [templateCheck, language]) {
    if (failed.state === 'failed') throw new Refusal('internal', `${failed.error} The review status was not changed.`);
  }
  if (templateCheck.state === 'failed' || language.state === 'failed') throw new Refusal('internal', 'A page check failed.');
  const outcome = applyReviewAction({
    current: pm.data,
    action,
    actorAccountId: accountId,
    now: clock.now(),
    templateCheck: templateCheck.result,
    languageFindings: language.result.findings,
    requireSettledFindings: settings.review.requireSettledFindings,
  });
  if (!outcome.ok) {
    const code =
      outcome.reason === 'owner-cannot-review' ? 'forbidden' : outcome.reason === 'not-allowed-from-status' ? 'conflict' : 'invalid-input';
    const details: Record<string, unknown> = {};
    if (outcome.problems) details.problems = outcome.problems;
    if (outcome.findings) details.findings = outcome.findings;
    throw new Refusal(code, outcome.message, undefined, Object.keys(details).length ? details : undefined);
  }
  await writeRecord(
    { id: pageId, title: page.title, url: absolutePageUrl(page, siteUrlOf(context)), unpublished: page.status === 'draft' },
    current,
    outcome.next,
  );
  return { postmortem: outcome.next };
};

/** manifest function `macro-resolver`: every call of the macro and its config dialog (src/contracts/macro.ts, macro-actions.ts). */
export const handler = defineSurface('macro-resolver', {
  getOverview,
  searchIncidents,
  linkIncident,
  unlinkIncident,
  addMissingSections,
  refreshTimeline,
  reviewAction,
  listActionItems,
  createActionItems,
  updateActionItem,
  findAssignees,
});
