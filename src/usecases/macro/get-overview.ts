/** The macro on a page: the page's link to its incident, its checks and what the caller may do. */
import * as clock from '../../adapters/clock';
import * as confluence from '../../adapters/confluence';
import * as jira from '../../adapters/jira';
import { readSettings } from '../../adapters/settings';
import type { IncidentSummary, PersonRef } from '../../contracts/common';
import { MacroConfig, type MacroLink } from '../../contracts/macro';
import { PostmortemContentProperty, PostmortemIssueProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import type { Settings } from '../../contracts/settings';
import { todayIn } from '../../domain/dates';
import { canTagFactors, postmortemDue, checkLanguage, checkTemplate, runCheck, type Person } from '../../domain/postmortem';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import type { PageCaller } from '../caller';
import { INCIDENT_FIELDS, toIncidentSummary } from '../steps/incident';
import { PEOPLE_FIELDS } from '../steps/postmortem-link';

const KEY = POSTMORTEM_PROPERTY_KEY;

/** The incident key the macro's (untrusted) config names, or null; and a notice when the config is malformed. */
function readConfig(at: PageCaller): { key: string | null; problem: string | null } {
  const raw = at.config;
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
export async function pageChecks(
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
  const languageAs = (canEditGlossary: boolean) =>
    runCheck('blameless and plain-language check', () =>
      checkLanguage(page.adf, { template: settings.templateSections, people: personList, glossary: settings.glossary, canEditGlossary }),
    );
  let language = languageAs(false);
  // "Add it to the glossary" is advice only for who may edit it (a Jira admin): asked of Jira only
  // when a finding would carry it.
  if (
    language.state === 'checked' &&
    language.result.findings.some((f) => f.kind === 'internal-name' && f.glossaryTerm === undefined) &&
    (await jira.isJiraAdmin().catch(() => false))
  )
    language = languageAs(true);
  for (const failed of [check, language])
    if (failed.state === 'failed') console.error(`macro check failed on page ${pageId}`, failed.cause);
  return { people, check, language };
}

export async function getOverview(
  _payload: Input<'macro-resolver', 'getOverview'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'getOverview'>> {
  const { accountId } = at;
  const pageId = at.pageId;
  const [{ settings }, page, property, canEdit] = await Promise.all([
    readSettings(),
    confluence.getPageOrDraft('user', pageId),
    confluence.getPageProperty('user', pageId, KEY),
    confluence.canEditPage(pageId, accountId),
  ]);
  const today = todayIn(settings.timeZone, clock.now());
  if (!page) throw new Refusal('not-found', `Page ${pageId} does not exist or you do not have permission to see it. Reload the page.`);
  const config = readConfig(at);
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
    ...postmortemDue({ ...pm, reviewedAt: pm.review?.reviewedAt }, today, settings.timeZone),
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
      tagFactors: canEdit && !!incident && canTagFactors(pm.status),
      unlink: canEdit,
    },
    factorTaxonomy: settings.contributingFactors,
  };
  let notice = config.problem;
  if (!notice && config.key && config.key !== pm.incidentKey) {
    notice = `The macro’s settings name ${config.key}, but this page is the postmortem of ${pm.incidentKey}. The page’s link is what counts; to change it, pick the incident again in the macro’s settings.`;
  }
  if (!notice && !healthy)
    notice = `${pm.incidentKey} does not point back at this page yet (a link was interrupted). Link the page again from the macro’s settings to repair it.`;
  if (!notice && !incident) notice = `This page is the postmortem of ${pm.incidentKey}, which you do not have permission to see.`;
  return { ...base, notice, link };
}
