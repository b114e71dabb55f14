/**
 * The local site with the demo seed for the security suite: invoking every resolver of every
 * surface as a given person, the sample payloads that name a hidden project or space, the text a
 * person without access must never receive, and a check that nothing was written.
 *
 * Resolvers are discovered from src/contracts (CALLS, named by src/contracts/names.ts); every one needs a sample
 * in SAMPLES, and a test fails naming any resolver without one, so a new resolver is covered as
 * soon as it is added to the contracts.
 */
import type { ResolverFunctionKey } from '../../src/contracts/names';
import { allCalls, CALLS } from '../../src/contracts/surfaces';
import { addDays } from '../../src/domain/dates';
import { siteRequest, type SiteAnswer } from '../support/site-http';
import { bootDemoSite, DemoSite, U, type Answer, type LoggedCall } from '../support/demo-site';
export { U, type Answer, type LoggedCall };

/** One resolver of one surface, as the contracts name it. */
export interface ResolverRef {
  functionKey: ResolverFunctionKey;
  method: string;
  name: string;
}

export function allResolvers(): ResolverRef[] {
  return allCalls();
}

/** The contract's payload schema of a resolver. */
export function payloadSchema(ref: ResolverRef): { safeParse(v: unknown): { success: boolean; error?: unknown } } {
  const calls = CALLS[ref.functionKey] as Record<string, { payload: { safeParse(v: unknown): { success: boolean } } }>;
  const c = calls[ref.method];
  if (!c) throw new Error(`no contract for ${ref.name}`);
  return c.payload;
}

/** Where a call is made from: the macro on a page, the panel on an issue, or a global/admin page. */
export type Where = { kind: 'macro'; pageId: string; config?: unknown } | { kind: 'panel'; issueKey: string } | { kind: 'page' };

export interface Sample {
  payload: unknown;
  where: Where;
}

export class SecuritySite extends DemoSite {
  static async start(): Promise<SecuritySite> {
    const booted = await bootDemoSite('security-site-');
    return new SecuritySite(booted.running, booted);
  }

  control(method: string, p: string, body?: unknown): Promise<SiteAnswer> {
    return siteRequest(this.url, method, p, body);
  }

  async reset(): Promise<string> {
    const r = await this.control('POST', '/__site/reset', { seed: 'demo' });
    if (r.status !== 200) throw new Error(`reset failed: ${JSON.stringify(r.json)}`);
    await this.control('PUT', '/__site/faults', { rules: [] });
    return String((r.json as { now: string }).now).slice(0, 10);
  }

  today(): string {
    return this.running.site.clock.now().toISOString().slice(0, 10);
  }

  demoPageId(): string {
    const page = this.db.pages().find((p) => p.title.startsWith('Postmortem: INC-3'));
    if (!page) throw new Error('demo seed has no INC-3 postmortem page');
    return page.id;
  }

  context(where: Where): Record<string, unknown> {
    if (where.kind === 'macro') {
      const space = this.db.spaceByKey('PM');
      return {
        extension: {
          type: 'macro',
          content: { id: where.pageId, type: 'page' },
          space: { key: 'PM', id: space?.id ?? '1' },
          ...(where.config === undefined ? {} : { config: where.config }),
        },
      };
    }
    if (where.kind === 'panel') {
      const issue = this.db.issueByKey(where.issueKey);
      const project = issue ? this.db.project(issue.projectId) : undefined;
      return {
        extension: {
          type: 'jira:issuePanel',
          issue: { key: where.issueKey, id: issue?.id ?? '9999999', type: 'Incident' },
          project: { key: project?.key ?? 'ZZZ', id: project?.id ?? '9999999' },
        },
      };
    }
    return {};
  }

  /**
   * Invokes a resolver as `as`. `rawPayload` sends the payload text as is (for hostile JSON such as
   * an own `__proto__` key). Answers the resolver's envelope, or the site's refusal when the site
   * itself refused the request (e.g. 413 for a body over its limit).
   */
  async invoke(
    ref: ResolverRef,
    as: string,
    payload: unknown,
    where: Where,
    rawPayload?: string,
  ): Promise<{ status: number; answer?: Answer; body: unknown }> {
    const body =
      rawPayload === undefined
        ? JSON.stringify({ accountId: as, resolver: ref.name, payload, context: this.context(where) })
        : `{"accountId":${JSON.stringify(as)},"resolver":${JSON.stringify(ref.name)},"context":${JSON.stringify(this.context(where))},"payload":${rawPayload}}`;
    const r = await this.control('POST', `/__site/invoke/${ref.functionKey}`, body);
    const answer = r.status === 200 ? (r.json as { result?: Answer }).result : undefined;
    return { status: r.status, ...(answer ? { answer } : {}), body: r.json };
  }

  async requests(since = 0): Promise<LoggedCall[]> {
    return (await this.control('GET', `/__site/requests?since=${since}`)).json as LoggedCall[];
  }
  async lastSeq(): Promise<number> {
    const all = await this.requests();
    return all.at(-1)?.seq ?? 0;
  }

  /** Summaries of the issues of INC, PAY and PLAT and titles of the PM space's postmortem pages: what Noah must never receive. */
  hiddenFromNoah(): string[] {
    const hiddenProjects = new Set(['INC', 'PAY', 'PLAT']);
    const texts: string[] = [];
    for (const issue of this.db.issues()) {
      const project = this.db.project(issue.projectId);
      if (project && hiddenProjects.has(project.key)) texts.push(issue.summary);
    }
    for (const page of this.db.pages()) if (page.title.startsWith('Postmortem:')) texts.push(page.title);
    return texts.filter((t) => t.length >= 12);
  }
}

/** Product or storage calls that change something (reads that use POST are not writes). */
export function writes(calls: LoggedCall[]): LoggedCall[] {
  const readPosts = [
    /^\/api\/v1\/(get|query|secret\/get|entity\/get|entity\/query|batch\/get)/,
    /^\/rest\/api\/3\/search\/jql$/,
    /^\/rest\/api\/3\/search\/approximate-count$/,
    /^\/rest\/api\/3\/permissions\/check$/,
    /^\/rest\/api\/3\/issue\/bulkfetch$/,
    /^\/rest\/api\/3\/jql\/parse/,
    /^\/wiki\/rest\/api\/content\/[^/]+\/permission\/check$/,
    /^\/wiki\/api\/v2\/[a-z-]+\/[^/]+\/operations/,
  ];
  return calls.filter((c) => {
    if (c.method === 'GET' || c.method === 'HEAD') return false;
    const p = c.path.split('?')[0] ?? c.path;
    if (c.method === 'POST' && readPosts.some((re) => re.test(p))) return false;
    return true;
  });
}

/** A plausible future date for drafts and due-date edits. */
export function futureDate(today: string): string {
  return addDays(today, 30);
}

/**
 * A valid payload for every resolver, naming what Noah Fischer (MOB only, not in space PM) may not
 * see: the INC-3 postmortem page, incident INC-3, its PAY items. Keyed by resolver name.
 */
export function samples(site: SecuritySite, today: string): Record<string, Sample> {
  const pageId = site.demoPageId();
  const onPage: Where = { kind: 'macro', pageId, config: { incidentKey: 'INC-3' } };
  const onIncident: Where = { kind: 'panel', issueKey: 'INC-3' };
  const page: Where = { kind: 'page' };
  return {
    'macro.getOverview': { payload: {}, where: onPage },
    'macro.searchIncidents': { payload: { query: 'Checkout' }, where: onPage },
    'macro.linkIncident': { payload: { incidentKey: 'INC-4' }, where: onPage },
    'macro.unlinkIncident': { payload: {}, where: onPage },
    'macro.addMissingSections': { payload: {}, where: onPage },
    'macro.refreshTimeline': { payload: {}, where: onPage },
    'macro.reviewAction': { payload: { action: 'reopen' }, where: onPage },
    'macro.tagFactors': { payload: { factors: ['capacity'] }, where: onPage },
    'macro.listActionItems': { payload: { incidentKey: 'INC-3' }, where: onPage },
    'macro.createActionItems': {
      payload: {
        incidentKey: 'INC-3',
        drafts: [
          {
            creationKey: 'sec-0123456789abcdef',
            summary: 'Add a connection pool alarm',
            description: '',
            kind: 'detect',
            assigneeAccountId: U.liam,
            dueDate: futureDate(today),
            priority: 'Medium',
            projectKey: 'PAY',
          },
        ],
      },
      where: onPage,
    },
    'macro.updateActionItem': { payload: { incidentKey: 'INC-3', issueKey: 'PAY-2', dueDate: futureDate(today) }, where: onPage },
    'macro.findSimilarActionItems': {
      payload: { incidentKey: 'INC-3', summary: 'Alert when gateway pool utilisation is high' },
      where: onPage,
    },
    'macro.findAssignees': { payload: { incidentKey: 'INC-3', issueKey: 'PAY-2', query: 'li' }, where: onPage },
    'panel.getOverview': { payload: {}, where: onIncident },
    'panel.createPostmortem': { payload: {}, where: onIncident },
    'panel.searchPages': { payload: { query: 'Checkout' }, where: onIncident },
    'panel.listCreatableSpaces': { payload: {}, where: onIncident },
    'panel.linkExistingPage': { payload: { pageId }, where: onIncident },
    'panel.getStatus': { payload: {}, where: onIncident },
    'panel.getWaiver': { payload: {}, where: { kind: 'panel', issueKey: 'PAY-2' } },
    'panel.requestWaiver': { payload: { reason: 'Replaced by the new checkout.' }, where: { kind: 'panel', issueKey: 'PAY-2' } },
    'panel.decideWaiver': { payload: { decision: 'approve' }, where: { kind: 'panel', issueKey: 'PAY-2' } },
    'report.getReport': { payload: { filters: { projectKeys: ['PAY'] } }, where: page },
    'report.getSection': { payload: { filters: { projectKeys: ['PAY'] }, section: 'overdue' }, where: page },
    'report.exportCsv': { payload: { filters: { projectKeys: ['PAY'] }, section: 'overdue' }, where: page },
    'report.getAssigneeGroups': { payload: { filters: { projectKeys: ['PAY'] } }, where: page },
    'report.getPractice': { payload: { projectKeys: ['PAY'] }, where: page },
    'report.getFactors': { payload: { projectKeys: ['PAY'], factor: 'capacity' }, where: page },
    'admin.getOverview': { payload: {}, where: page },
    'admin.saveSettings': { payload: { settings: { postmortemDeadlineDays: 30 } }, where: page },
    'admin.searchUsers': { payload: { query: 'Liam' }, where: page },
    'admin.searchProjects': { payload: { query: 'Pay' }, where: page },
    'admin.getSiteOptions': { payload: {}, where: page },
    // The agenda macro has no config and reads nothing of the page it is on: a page is still its context.
    'agenda.getAgenda': { payload: {}, where: { kind: 'macro', pageId, config: {} } },
  };
}

/**
 * Resolvers whose payload and context name nothing a user could be refused: they search as the
 * caller (who sees only what Jira and Confluence show them; the agenda reads its lists so). They must answer without hidden data;
 * every other resolver must refuse (the settings page's calls are for Jira admins only).
 */
export const NAMES_NOTHING_HIDDEN = new Set(['panel.searchPages', 'panel.listCreatableSpaces', 'agenda.getAgenda']);
