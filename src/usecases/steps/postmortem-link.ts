/**
 * Linking a postmortem page and its incident both ways, and keeping both sides in step
 * (docs/architecture.md, "Where data lives"): the page's content property `postmortem`, the incident's issue property
 * `postmortem` (indexed for JQL) and a remote link on the incident pointing at the page.
 *
 * Every change is a list of steps, each with its undo. When a step fails (after the adapters'
 * own retries), the steps already done are undone in reverse, each retried, so the pair is never
 * left half-linked; the caller gets one clear message. Page-side writes go as the user (Confluence
 * checks their edit permission itself), incident-side writes as the app, after the resolver has
 * checked as the user that they may edit the page and browse the incident.
 */
import * as confluence from '../../adapters/confluence';
import * as jira from '../../adapters/jira';
import { readSealCheck } from '../../adapters/waivers';
import { PostmortemContentProperty, PostmortemIssueProperty } from '../../contracts/properties';
import type { Settings } from '../../contracts/settings';
import { believedPageRecord, postmortemTimeliness, provenOwner, provenPostmortem, type ProvenPostmortem } from '../../domain/postmortem';
import { Refusal } from '../refusal';
import { blockingPostmortemOf, conflictRefusal, requireEditableIncident, requirePostmortemSpace } from './postmortem-checks';
import {
  sealedIssuePropertyOf,
  KEY,
  remoteLinkGlobalId,
  remoteLinkOf,
  restorePageProperty,
  writePageProperty,
  type PageInfo,
} from './postmortem-records';
import { runSteps, type Step } from './undoable-steps';

// The checks and the records, for the use cases that link, review or tag a postmortem.
export {
  blockingPostmortemOf,
  conflictRefusal,
  isIncident,
  otherPostmortemOf,
  PEOPLE_FIELDS,
  requireEditableIncident,
  requireEditablePage,
  requireIncident,
} from './postmortem-checks';
export { absolutePageUrl, issuePropertyOf, postmortemLinkTitle, remoteLinkGlobalId, type PageInfo } from './postmortem-records';
export { runSteps } from './undoable-steps';

/**
 * Steps that detach `pageId` from incident `incidentKey`: its issue property (only when it points
 * at the page) and the page's remote link. The key comes from the page's own record, which anyone
 * who may edit the page can rewrite, so nothing is changed on an incident the caller may not edit
 * (asked as them); the app's rights are used only after that.
 */
async function detachSteps(incidentKey: string, pageId: string): Promise<Step[]> {
  const incident = await jira.getIssue('user', incidentKey, ['summary']);
  if (!incident || !(await jira.canEditIssue(incident.id))) return [];
  const gid = remoteLinkGlobalId(pageId);
  const [prop, remote] = await Promise.all([
    jira.getIssueProperty('app', incidentKey, KEY),
    jira.getRemoteLinkByGlobalId('app', incidentKey, gid),
  ]);
  const parsed = PostmortemIssueProperty.safeParse(prop?.value);
  const steps: Step[] = [];
  if (prop && parsed.success && parsed.data.pageId === pageId) {
    steps.push({
      what: `remove the postmortem record from ${incidentKey}`,
      run: () => jira.deleteIssueProperty('app', incidentKey, KEY),
      undo: () => jira.setIssueProperty('app', incidentKey, KEY, prop.value),
    });
  }
  if (remote) {
    steps.push({
      what: `remove the page link from ${incidentKey}`,
      run: () => jira.deleteRemoteLinkByGlobalId('app', incidentKey, gid),
      undo: () =>
        jira.upsertRemoteLink('app', incidentKey, {
          globalId: gid,
          relationship: 'Postmortem',
          object: { url: remote.object.url, title: remote.object.title },
        }),
    });
  }
  return steps;
}

/** Removes the incident's remote link to a replaced page (its property is overwritten by the link step). */
async function replacedLinkSteps(incidentKey: string, oldPageId: string): Promise<Step[]> {
  const gid = remoteLinkGlobalId(oldPageId);
  const remote = await jira.getRemoteLinkByGlobalId('app', incidentKey, gid);
  if (!remote) return [];
  return [
    {
      what: `remove the link to the page it replaces from ${incidentKey}`,
      run: () => jira.deleteRemoteLinkByGlobalId('app', incidentKey, gid),
      undo: () =>
        jira.upsertRemoteLink('app', incidentKey, {
          globalId: gid,
          relationship: 'Postmortem',
          object: { url: remote.object.url, title: remote.object.title },
        }),
    },
  ];
}

/**
 * The record kept when a page is linked again to its own incident. Its review state comes only
 * from the review calls, whose record is the incident's: the page's record (which anyone who may
 * edit the page can rewrite) gives its review only where the incident's record, pointing at this
 * page, agrees; the owner, the status, the due date and the review times are the incident
 * record's. `incidentRecord` is that record only when the app's seal on it verifies
 * (docs/decisions/0017-postmortem-record-sealed.md): anyone who may edit the incident can rewrite it
 * too. Without such a record it starts as a draft due as a new link would be (`fresh`).
 */
export function keptRecord(
  pm: PostmortemContentProperty,
  incidentRecord: ProvenPostmortem | undefined,
  pageId: string,
  fresh: { incidentDate: string; dueDate: string; ownerAccountId?: string },
  pageCreator?: string | null,
): PostmortemContentProperty {
  const base: PostmortemContentProperty = {
    incidentKey: pm.incidentKey,
    status: 'draft',
    // Without a proved record, the person linking (the page's record can be rewritten by any editor).
    ownerAccountId: fresh.ownerAccountId ?? pm.ownerAccountId,
    incidentDate: fresh.incidentDate,
    dueDate: fresh.dueDate,
  };
  if (!incidentRecord || incidentRecord.pageId !== pageId) return base;
  const { status, requestedReviewAt, reviewedAt, factors, dueDate, incidentDate } = incidentRecord;
  // The owner too is the incident record's sealed one (the page's can be rewritten by anyone who may
  // edit the page); a record sealed before the owner was proves none, and the page's creator is taken.
  const ownerAccountId = provenOwner(incidentRecord, pageCreator) ?? pm.ownerAccountId;
  const dated = { ...base, ownerAccountId, dueDate, incidentDate: incidentDate ?? pm.incidentDate };
  // Factors, like the review state, are kept only as the incident's record has them.
  const tagged = factors && factors.length > 0 ? { ...dated, factors } : dated;
  const withRequest = requestedReviewAt ? { ...tagged, requestedReviewAt } : tagged;
  if (status === 'draft') return tagged;
  if (status === 'in-review') return { ...withRequest, status };
  // reviewed: the review record (who, when) is the page's, kept only when the incident names the same moment
  if (pm.review && reviewedAt && pm.review.reviewedAt === reviewedAt) return { ...withRequest, status, review: pm.review };
  return { ...withRequest, status: 'in-review' };
}

/** The due date of a postmortem newly linked to `incident` (from its creation, site time zone). */
function freshDates(incident: jira.Issue, settings: Settings, now: Date): { incidentDate: string; dueDate: string } {
  const t = postmortemTimeliness({
    incidentCreated: incident.fields.created,
    timeZone: settings.timeZone,
    deadlineDays: settings.postmortemDeadlineDays,
    now,
  });
  if (!t.ok) throw new Refusal('invalid-input', `The due date of ${incident.key}'s postmortem could not be worked out: ${t.message}`);
  return { incidentDate: t.incidentDate, dueDate: t.dueDate };
}

/**
 * The record a macro step starts from (`believedPageRecord`): the page's record with its review
 * state, due date and review times as the incident's sealed record has them, or a fresh draft owned
 * by `caller` (who takes the step) when the incident has no sealed record of this page. `incident`
 * must carry its `postmortem` property (read with it, as the caller) and its `created` field.
 */
export async function startingRecord(
  pm: PostmortemContentProperty,
  page: { id: string; authorId?: string | null },
  incident: jira.Issue,
  settings: Settings,
  now: Date,
  caller: string,
): Promise<PostmortemContentProperty> {
  const raw = incident.properties?.[KEY];
  const proven = raw === undefined ? undefined : provenPostmortem(incident.id, raw, await readSealCheck());
  return believedPageRecord(
    pm,
    proven,
    page.id,
    { ...(proven ? { incidentDate: pm.incidentDate, dueDate: pm.dueDate } : freshDates(incident, settings, now)), ownerAccountId: caller },
    page.authorId,
  );
}

export interface LinkInput {
  page: PageInfo;
  accountId: string;
  incident: jira.Issue;
  settings: Settings;
  now: Date;
}

/**
 * Links the page to the incident both ways (or repairs an existing link to it). Refuses when the
 * incident's postmortem is another page; detaches the page's previous incident when relinking.
 */
export async function linkPage(input: LinkInput): Promise<PostmortemContentProperty> {
  const { page, incident, settings } = input;
  const key = incident.key;
  await requireEditableIncident(incident);
  await requirePostmortemSpace(page, settings);
  const blocking = await blockingPostmortemOf(incident, page.id);
  if (blocking.conflict) throw conflictRefusal(key, blocking.conflict);
  const currentProp = await confluence.getPageProperty('user', page.id, KEY);
  const prev = PostmortemContentProperty.safeParse(currentProp?.value);
  const prevPm = prev.success ? prev.data : undefined;
  const gid = remoteLinkGlobalId(page.id);
  const [prevIssueProp, hadRemote] = await Promise.all([
    jira.getIssueProperty('app', key, KEY),
    jira.getRemoteLinkByGlobalId('app', key, gid).then((r) => r !== undefined),
  ]);
  let next: PostmortemContentProperty;
  // The incident's record is believed only with the app's seal (anyone who may edit it can rewrite it).
  const proven = prevIssueProp ? provenPostmortem(incident.id, prevIssueProp.value, await readSealCheck()) : undefined;
  if (prevPm && prevPm.incidentKey === key)
    next = keptRecord(
      prevPm,
      proven,
      page.id,
      { ...freshDates(incident, settings, input.now), ownerAccountId: input.accountId },
      page.creatorId,
    );
  else {
    const t = freshDates(incident, settings, input.now);
    next = {
      incidentKey: key,
      status: 'draft',
      // The person linking: a page moved from another incident keeps no owner its record names (any editor may rewrite that).
      ownerAccountId: input.accountId,
      incidentDate: t.incidentDate,
      dueDate: t.dueDate,
    };
  }
  const steps: Step[] = [];
  if (prevPm && prevPm.incidentKey !== key) steps.push(...(await detachSteps(prevPm.incidentKey, page.id)));
  if (blocking.replaced) steps.push(...(await replacedLinkSteps(key, blocking.replaced)));
  const samePage = currentProp !== undefined && prevPm?.incidentKey === key && JSON.stringify(currentProp.value) === JSON.stringify(next);
  if (!samePage) {
    steps.push({
      what: 'record the link on the page',
      run: () => writePageProperty(page.id, next, currentProp),
      undo: () => restorePageProperty(page.id, currentProp),
    });
  }
  const record = await sealedIssuePropertyOf(incident.id, next, page);
  steps.push({
    what: `record the postmortem on ${key}`,
    run: () => jira.setIssueProperty('app', key, KEY, record),
    undo: () => (prevIssueProp ? jira.setIssueProperty('app', key, KEY, prevIssueProp.value) : jira.deleteIssueProperty('app', key, KEY)),
  });
  steps.push({
    what: `link the page from ${key}`,
    run: () => jira.upsertRemoteLink('app', key, remoteLinkOf(page, key)),
    undo: hadRemote ? undefined : () => jira.deleteRemoteLinkByGlobalId('app', key, gid),
  });
  await runSteps(steps);
  return next;
}

/** Unlinks the page from its incident: the incident's property and remote link, then the page's property. */
export async function unlinkPage(pageId: string): Promise<string | null> {
  const currentProp = await confluence.getPageProperty('user', pageId, KEY);
  if (!currentProp) return null;
  const pm = PostmortemContentProperty.safeParse(currentProp.value);
  const steps: Step[] = pm.success ? await detachSteps(pm.data.incidentKey, pageId) : [];
  steps.push({
    what: 'remove the link from the page',
    run: async () => {
      const res = await confluence.deletePageProperty('user', pageId, currentProp.id);
      if (!res.ok) {
        if (res.status === 401 || res.status === 403)
          throw new Refusal('forbidden', 'Confluence refused: you do not have permission to edit this page.');
        throw new Refusal(
          'product-error',
          `Confluence refused to remove the page’s postmortem record (status ${res.status}): ${res.message}`,
        );
      }
    },
  });
  await runSteps(steps);
  return pm.success ? pm.data.incidentKey : null;
}

/**
 * Writes a new postmortem record (e.g. a review status) to both sides: the page's property (as
 * the user, version + 1 of `current`), then the incident's property; undone when the second fails.
 */
export async function writeRecord(
  page: PageInfo,
  current: confluence.ContentProperty,
  next: PostmortemContentProperty,
  incidentId: string,
): Promise<void> {
  const key = next.incidentKey;
  const prevIssueProp = await jira.getIssueProperty('app', key, KEY);
  const parsed = PostmortemIssueProperty.safeParse(prevIssueProp?.value);
  // The incident is written with the app's rights, so only when it is verified to belong to this page.
  if (!parsed.success || parsed.data.pageId !== page.id) {
    throw new Refusal(
      'conflict',
      `${key} does not point at this page as its postmortem, so this page's status cannot be recorded there. Open the macro's settings and link the page again.`,
    );
  }
  const record = await sealedIssuePropertyOf(incidentId, next, page);
  await runSteps([
    {
      what: 'save the status on the page',
      run: () => writePageProperty(page.id, next, current),
      undo: () => restorePageProperty(page.id, current),
    },
    {
      what: `save the status on ${key}`,
      run: () => jira.setIssueProperty('app', key, KEY, record),
      undo: () => (prevIssueProp ? jira.setIssueProperty('app', key, KEY, prevIssueProp.value) : jira.deleteIssueProperty('app', key, KEY)),
    },
  ]);
}
