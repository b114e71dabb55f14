/**
 * Step 1, scan: the sweep's search (./subjects.ts) paged under the invocation's budget, each page
 * turned into compact planner subjects at once; a scan that runs out of budget continues in a scan
 * event (./PROTOCOL.md).
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import { readPostmortemEvidence } from '../../adapters/postmortem-pages';
import { verifyPostmortemLinks } from '../../domain/postmortem';
import type { SweepPostmortem, SweepSelection } from '../../domain/sweep';
import { SEARCH_PAGE_SIZE, type ScanEvent } from './events';
import { budgets } from './shell';
import {
  siteUrlFromSelf,
  subjectsOf,
  SWEEP_FIELDS,
  SWEEP_PROPERTIES,
  type FoundIssue,
  type SweepSubjects,
  type WaiverCheck,
  type RecordCheck,
} from './subjects';

export {
  siteUrlFromSelf,
  subjectsOf,
  sweepJql,
  SWEEP_FIELDS,
  SWEEP_PROPERTIES,
  type FoundIssue,
  type SweepSubjects,
  type WaiverCheck,
  type RecordCheck,
} from './subjects';

export interface ScanPorts {
  page(token: string | undefined): Promise<{ issues: FoundIssue[]; nextPageToken?: string | undefined }>;
  /** True when the invocation should stop paging (checked after each page, so a segment reads at least one). */
  overBudget(): boolean;
  /**
   * When given, each page's subjects are handed over here (and not kept): the caller fans them
   * out as it goes, so memory is bounded by what it buffers, not by the search.
   */
  onPage?(subjects: SweepSubjects, siteUrl: string | undefined): Promise<void>;
  /** Proves a Won't Do item's approval (absent: none is proved, every Won't Do is open). */
  waived?: WaiverCheck;
  /** Proves an incident's postmortem record (absent: none is proved, every tracked incident is chased). */
  recorded?: RecordCheck;
}

export interface ScanOutcome {
  subjects: SweepSubjects;
  siteUrl: string | undefined;
  pages: number;
  /** Where the next segment starts; undefined when the search is exhausted. */
  nextPageToken: string | undefined;
}

/**
 * Pages the sweep's search from `startToken` until it ends or the budget runs out. Each page
 * becomes compact subjects at once (raw issues are dropped page by page).
 */
export async function scanPages(selection: SweepSelection, startToken: string | undefined, ports: ScanPorts): Promise<ScanOutcome> {
  const subjects: SweepSubjects = { items: [], postmortems: [] };
  let siteUrl: string | undefined;
  let token = startToken;
  let pages = 0;
  do {
    const page = await ports.page(token);
    pages++;
    const first = page.issues[0];
    if (first) siteUrl ??= siteUrlFromSelf(first.self);
    const some = subjectsOf(page.issues, selection, ports.waived, ports.recorded);
    token = page.nextPageToken || undefined;
    if (ports.onPage) {
      await ports.onPage(some, siteUrl);
      continue;
    }
    for (const item of some.items) subjects.items.push(item);
    for (const pm of some.postmortems) subjects.postmortems.push(pm);
  } while (token && !ports.overBudget());
  return { subjects, siteUrl, pages, nextPageToken: token };
}

/** The scan event that continues a segment, or undefined when the search ended in it. */
export function nextScan(
  current: Pick<ScanEvent, 'runId' | 'today' | 'siteUrl' | 'jql'> & { segment: number; chunkBase: number },
  outcome: Pick<ScanOutcome, 'nextPageToken' | 'siteUrl'>,
  chunksPushed: number,
): ScanEvent | undefined {
  if (!outcome.nextPageToken) return undefined;
  return {
    kind: 'sweep-scan',
    runId: current.runId,
    today: current.today,
    siteUrl: current.siteUrl || outcome.siteUrl || '',
    jql: current.jql,
    nextPageToken: outcome.nextPageToken,
    segment: current.segment + 1,
    chunkBase: current.chunkBase + chunksPushed,
  };
}

// ------------------------------------------------------------------ the shell's paging

/**
 * Pages the search from `token` until it ends, the invocation's paging budget is spent or `stop`
 * says so, handing each page's subjects to `onPage`.
 */
export async function scanSegment(
  counter: jira.CallCounter,
  selection: SweepSelection,
  jql: string,
  token: string | undefined,
  startedMs: number,
  onPage: (subjects: SweepSubjects, siteUrl: string | undefined) => Promise<void>,
  stop: () => boolean = () => false,
  waived?: WaiverCheck,
  recorded?: RecordCheck,
) {
  return scanPages(selection, token, {
    page: (t) => jira.sweepSearchPage(counter, jql, SWEEP_FIELDS, SWEEP_PROPERTIES, t, SEARCH_PAGE_SIZE),
    overBudget: () => stop() || clock.nowMs() - startedMs > budgets.triggerMs,
    onPage,
    ...(waived ? { waived } : {}),
    ...(recorded ? { recorded } : {}),
  });
}

/**
 * The postmortems whose page confirms them (`verifyPostmortemLinks`): their link, title and owner
 * then come from the page, never from the incident property's text.
 */
export async function verifiedPostmortems(
  counter: jira.CallCounter,
  claimed: readonly SweepPostmortem[],
  siteUrl: string | undefined,
): Promise<SweepPostmortem[]> {
  if (claimed.length === 0) return [];
  // Incidents without a page have nothing to confirm: their fields are Jira's own.
  const pageless = claimed.filter((p) => p.pageId === null);
  const paged = claimed.filter((p) => p.pageId !== null);
  if (paged.length === 0) return pageless;
  const evidence = await readPostmortemEvidence(
    paged.map(({ incidentKey, incidentProjectKey: _project, ownerName: _name, ...issueProperty }) => ({ incidentKey, issueProperty })),
    { as: 'app', counter },
  );
  const verified = verifyPostmortemLinks(evidence, siteUrl);
  return [...pageless, ...paged].flatMap((p) => {
    if (p.pageId === null) return [p];
    const v = verified.get(p.incidentKey);
    return v ? [{ ...p, pageTitle: v.pageTitle, pageUrl: v.pageUrl, ownerAccountId: v.ownerAccountId }] : [];
  });
}
