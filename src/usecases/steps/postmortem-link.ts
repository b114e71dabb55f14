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
import { ProductError } from '../../adapters/http';
import * as jira from '../../adapters/jira';
import type { PageRef } from '../../contracts/common';
import { PostmortemContentProperty, PostmortemIssueProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import type { Settings } from '../../contracts/settings';
import { postmortemTimeliness } from '../../domain/postmortem';
import { productFailure, Refusal } from '../refusal';
import { INCIDENT_FIELDS } from './incident';

const KEY = POSTMORTEM_PROPERTY_KEY;

/** The globalId of the incident's remote link to its postmortem page (upserted and deleted by it). */
export const remoteLinkGlobalId = (pageId: string) => `postmortem-page=${pageId}`;

export const PEOPLE_FIELDS = ['assignee', 'reporter'];

// ---------------------------------------------------------------------------------------------
// Checks, as the calling user

/** The page (or, when it was never published, its draft), when the caller may see and edit it; a Refusal otherwise. */
export async function requireEditablePage(pageId: string, accountId: string): Promise<confluence.PageWithBody> {
  const page = await confluence.getPageOrDraft('user', pageId);
  if (!page)
    throw new Refusal(
      'not-found',
      `Page ${pageId} does not exist or you do not have permission to see it. Reload the page; if it was moved or deleted, open it again.`,
    );
  if (!(await confluence.canEditPage(pageId, accountId))) {
    throw new Refusal(
      'forbidden',
      'You do not have permission to edit this page, so you cannot change its incident link or review status. Ask the page owner or a space admin for edit access.',
    );
  }
  return page;
}

export function isIncident(settings: Settings, issue: jira.Issue): boolean {
  const type = issue.fields.issuetype?.name ?? '';
  const project = issue.fields.project?.key ?? '';
  const { issueTypes, projectKeys } = settings.incidentFilter;
  return issueTypes.includes(type) && (projectKeys.length === 0 || projectKeys.includes(project));
}

function incidentRule(settings: Settings): string {
  const types = settings.incidentFilter.issueTypes.map((t) => `"${t}"`).join(' or ');
  const projects = settings.incidentFilter.projectKeys;
  return `issues of type ${types}${projects.length ? ` in project ${projects.join(', ')}` : ''}`;
}

/** The incident, when the caller may browse it and it matches the incident filter; a Refusal otherwise. */
export async function requireIncident(key: string, settings: Settings): Promise<jira.Issue> {
  const issue = await jira.getIssue('user', key, [...INCIDENT_FIELDS, ...PEOPLE_FIELDS], [KEY]);
  if (!issue) {
    throw new Refusal(
      'not-found',
      `Issue ${key} does not exist or you do not have permission to see it. Check the key, or ask for access to its project.`,
      { incidentKey: 'Not found' },
    );
  }
  if (!isIncident(settings, issue)) {
    const type = issue.fields.issuetype?.name ?? 'issue';
    throw new Refusal(
      'invalid-input',
      `${issue.key} is a ${type}, not an incident: postmortems belong to ${incidentRule(settings)}. Pick an incident.`,
      { incidentKey: 'Not an incident' },
    );
  }
  return issue;
}

/** A link to a page the caller may or may not see: the title only when they may. */
async function pageRefFor(pageId: string, fallbackUrl: string): Promise<PageRef> {
  try {
    const visible = await confluence.getPage('user', pageId);
    if (visible) return { pageId, title: visible.title, url: confluence.pageWebUrl(visible) };
  } catch (err) {
    if (!(err instanceof ProductError)) throw err;
  }
  return { pageId, title: '', url: fallbackUrl };
}

/**
 * The page that holds the incident's postmortem, when it is another page than `pageId` and that
 * page still claims the incident (a property left behind by a deleted or relinked page is stale
 * and does not count).
 */
export async function otherPostmortemOf(incidentKey: string, pageId: string): Promise<PageRef | undefined> {
  const prop = await jira.getIssueProperty('app', incidentKey, KEY);
  const parsed = PostmortemIssueProperty.safeParse(prop?.value);
  if (!parsed.success || parsed.data.pageId === pageId) return undefined;
  const other = await confluence.getPageProperty('app', parsed.data.pageId, KEY);
  // A page not published yet is its author's alone: the app cannot read it, and it still holds the incident.
  if (!other && parsed.data.pageUnpublished) return pageRefFor(parsed.data.pageId, parsed.data.pageUrl);
  const otherPm = PostmortemContentProperty.safeParse(other?.value);
  if (!otherPm.success || otherPm.data.incidentKey !== incidentKey) return undefined;
  return pageRefFor(parsed.data.pageId, parsed.data.pageUrl);
}

export function conflictRefusal(incidentKey: string, page: PageRef): Refusal {
  const where = page.title ? `: "${page.title}"` : ' (on a page you do not have permission to see)';
  return new Refusal(
    'conflict',
    `${incidentKey} already has a postmortem${where}. An incident has exactly one postmortem: open that page and work there, or unlink it there first.`,
    undefined,
    { page },
  );
}

// ---------------------------------------------------------------------------------------------
// Steps with undo

interface Step {
  /** What the step does, for a person ("record the link on the page"). */
  what: string;
  run(): Promise<void>;
  undo?(): Promise<void>;
}

const UNDO_ATTEMPTS = 3;

/** Runs the steps in order; when one fails, undoes the ones done (newest first, each retried) and throws a Refusal saying what happened. */
export async function runSteps(steps: readonly Step[]): Promise<void> {
  const done: Step[] = [];
  for (const step of steps) {
    try {
      await step.run();
      done.push(step);
    } catch (err) {
      const stuck: string[] = [];
      for (const d of done.reverse()) {
        if (!d.undo) continue;
        let undone = false;
        for (let attempt = 0; attempt < UNDO_ATTEMPTS && !undone; attempt += 1) {
          try {
            await d.undo();
            undone = true;
          } catch {
            /* retried below */
          }
        }
        if (!undone) stuck.push(d.what);
      }
      const reason =
        err instanceof Refusal
          ? err.message
          : err instanceof ProductError
            ? productFailure(err).message
            : 'Something went wrong in the Postmortem app.';
      if (stuck.length === 0) {
        if (err instanceof Refusal && done.length === 0) throw err;
        throw new Refusal(
          err instanceof Refusal ? err.code : 'product-error',
          `Could not ${step.what}, so nothing was changed (what was already done has been undone). ${reason}`,
          err instanceof Refusal ? err.fields : undefined,
          err instanceof Refusal ? err.details : undefined,
        );
      }
      throw new Refusal(
        'product-error',
        `Could not ${step.what}, and undoing the rest did not finish (${stuck.join('; ')}). ${reason} Open the Postmortem macro and link the page again: that repairs both sides.`,
      );
    }
  }
}

async function writePageProperty(pageId: string, value: unknown, current: confluence.ContentProperty | undefined): Promise<void> {
  const res = await confluence.putPageProperty('user', pageId, KEY, value, current);
  if (res.ok) return;
  if (res.status === 409)
    throw new Refusal('conflict', 'Someone changed this page’s postmortem record at the same moment. Reload and try again.');
  if (res.status === 401 || res.status === 403)
    throw new Refusal('forbidden', 'Confluence refused: you do not have permission to edit this page. Ask the page owner for edit access.');
  throw new Refusal('product-error', `Confluence refused to save the page’s postmortem record (status ${res.status}): ${res.message}`);
}

/** Puts the page's property back to `previous` (or removes it when there was none), whatever it is now. */
async function restorePageProperty(pageId: string, previous: confluence.ContentProperty | undefined): Promise<void> {
  const now = await confluence.getPageProperty('user', pageId, KEY);
  if (!previous) {
    if (now) {
      const res = await confluence.deletePageProperty('user', pageId, now.id);
      if (!res.ok) throw new Error(res.message);
    }
    return;
  }
  await writePageProperty(pageId, previous.value, now);
}

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

export interface PageInfo {
  id: string;
  title: string;
  url: string;
  /** The page's space (only pages in the configured postmortem space may be linked). */
  spaceId?: string;
  /** A page not published yet (its author's draft). */
  unpublished?: boolean;
}

export function issuePropertyOf(pm: PostmortemContentProperty, page: PageInfo): PostmortemIssueProperty {
  const value: PostmortemIssueProperty = {
    pageId: page.id,
    // Anyone who may browse the incident reads its properties: never the title of a page they may not open.
    pageTitle: postmortemLinkTitle(pm.incidentKey),
    pageUrl: page.url.slice(0, 2000),
    status: pm.status,
    dueDate: pm.dueDate,
    ownerAccountId: pm.ownerAccountId,
  };
  value.incidentDate = pm.incidentDate;
  if (pm.requestedReviewAt) value.requestedReviewAt = pm.requestedReviewAt;
  if (pm.review) value.reviewedAt = pm.review.reviewedAt;
  if (pm.reviewRequest && pm.status !== 'draft') value.openFindings = pm.reviewRequest.findingsTotal;
  if (page.unpublished) value.pageUnpublished = true;
  if (pm.factors && pm.factors.length > 0) value.factors = pm.factors;
  return PostmortemIssueProperty.parse(value);
}

/**
 * The title of a Jira remote link to a postmortem page (on the incident and on each action item),
 * and of the page in the incident's property: "Postmortem for INC-3", never the page's own title.
 * Whoever may browse the issue sees it, and they may not be allowed to open the page.
 */
export function postmortemLinkTitle(incidentKey: string): string {
  return `Postmortem for ${incidentKey}`.slice(0, 255);
}

function remoteLinkOf(page: PageInfo, incidentKey: string): jira.RemoteLinkInput {
  return {
    globalId: remoteLinkGlobalId(page.id),
    relationship: 'Postmortem',
    object: { url: page.url, title: postmortemLinkTitle(incidentKey), summary: 'The postmortem of this incident, in Confluence.' },
    application: { type: 'com.atlassian.confluence', name: 'Confluence' },
  };
}

/** An absolute URL of the page: Confluence's own, or the site URL plus its web path. */
export function absolutePageUrl(
  page: { id: string; status?: string; _links?: { webui?: string; base?: string } },
  siteUrl: string | undefined,
): string {
  const url = confluence.pageWebUrl(page);
  if (/^https?:\/\//.test(url)) return url;
  return siteUrl ? `${siteUrl.replace(/\/$/, '')}${url}` : url;
}

// ---------------------------------------------------------------------------------------------
// Link, unlink, status

/** Refuses a caller who may not edit the incident in Jira (asked as them): the app writes its side with its own rights. */
export async function requireEditableIncident(incident: jira.Issue): Promise<void> {
  if (!(await jira.canEditIssue(incident.id))) {
    throw new Refusal(
      'forbidden',
      `You do not have permission to edit ${incident.key} in Jira, so you cannot change its postmortem link. Ask someone who may edit it, or ask for edit access to its project.`,
    );
  }
}

/** Refuses a page outside the configured postmortem space (a personal or private space included). */
async function requirePostmortemSpace(page: PageInfo, settings: Settings): Promise<void> {
  const spaceKey = settings.confluence.spaceKey;
  if (!spaceKey) return;
  const space = await confluence.getSpaceByKey('user', spaceKey);
  if (!space || page.spaceId !== space.id) {
    throw new Refusal(
      'invalid-input',
      `Only pages in the postmortem space ${spaceKey} can be postmortems, and “${page.title}” is not in it. Move the page into ${spaceKey}, or create the postmortem from the incident’s panel.`,
      { pageId: `Not in space ${spaceKey}` },
    );
  }
}

/**
 * Whether another page holds the incident's postmortem. A page the caller may open blocks (they
 * can go there and unlink it), and so does one not published yet (its author's draft); a
 * published page the caller may not open does not: they may edit the incident (checked before),
 * so the incident's link to it is replaced, and that page keeps its own record.
 */
export async function blockingPostmortemOf(incident: jira.Issue, pageId: string): Promise<{ conflict?: PageRef; replaced?: string }> {
  const other = await otherPostmortemOf(incident.key, pageId);
  if (!other) return {};
  if (other.title !== '') return { conflict: other };
  const prop = PostmortemIssueProperty.safeParse((await jira.getIssueProperty('app', incident.key, KEY))?.value);
  if (prop.success && prop.data.pageUnpublished) return { conflict: other };
  return { replaced: other.pageId };
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
 * edit the page can rewrite) gives the owner and dates, and its status and review only where the
 * incident's record, pointing at this page, agrees. Without such a record it starts as a draft.
 */
export function keptRecord(pm: PostmortemContentProperty, incidentRecord: unknown, pageId: string): PostmortemContentProperty {
  const base: PostmortemContentProperty = {
    incidentKey: pm.incidentKey,
    status: 'draft',
    ownerAccountId: pm.ownerAccountId,
    incidentDate: pm.incidentDate,
    dueDate: pm.dueDate,
  };
  const onIncident = PostmortemIssueProperty.safeParse(incidentRecord);
  if (!onIncident.success || onIncident.data.pageId !== pageId) return base;
  const { status, requestedReviewAt, reviewedAt, factors } = onIncident.data;
  // Factors, like the review state, are kept only as the incident's record has them.
  const tagged = factors && factors.length > 0 ? { ...base, factors } : base;
  const withRequest = requestedReviewAt ? { ...tagged, requestedReviewAt } : tagged;
  if (status === 'draft') return tagged;
  if (status === 'in-review') return { ...withRequest, status };
  // reviewed: the review record (who, when) is the page's, kept only when the incident names the same moment
  if (pm.review && reviewedAt && pm.review.reviewedAt === reviewedAt) return { ...withRequest, status, review: pm.review };
  return { ...withRequest, status: 'in-review' };
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
  if (prevPm && prevPm.incidentKey === key) next = keptRecord(prevPm, prevIssueProp?.value, page.id);
  else {
    const t = postmortemTimeliness({
      incidentCreated: incident.fields.created,
      timeZone: settings.timeZone,
      deadlineDays: settings.postmortemDeadlineDays,
      now: input.now,
    });
    if (!t.ok) throw new Refusal('invalid-input', `The due date of ${key}'s postmortem could not be worked out: ${t.message}`);
    next = {
      incidentKey: key,
      status: 'draft',
      ownerAccountId: prevPm?.ownerAccountId ?? input.accountId,
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
  steps.push({
    what: `record the postmortem on ${key}`,
    run: () => jira.setIssueProperty('app', key, KEY, issuePropertyOf(next, page)),
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
export async function writeRecord(page: PageInfo, current: confluence.ContentProperty, next: PostmortemContentProperty): Promise<void> {
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
  await runSteps([
    {
      what: 'save the status on the page',
      run: () => writePageProperty(page.id, next, current),
      undo: () => restorePageProperty(page.id, current),
    },
    {
      what: `save the status on ${key}`,
      run: () => jira.setIssueProperty('app', key, KEY, issuePropertyOf(next, page)),
      undo: () => (prevIssueProp ? jira.setIssueProperty('app', key, KEY, prevIssueProp.value) : jira.deleteIssueProperty('app', key, KEY)),
    },
  ]);
}
