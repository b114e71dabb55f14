/**
 * The local site with the demo seed, and helpers to call the postmortem calls as a person would
 * (through /__site/invoke) and to read Jira and Confluence as they are.
 */
import type { LanguageCheckView, MacroLink, MacroOverview, TemplateCheckView } from '../../../src/contracts/macro';
import { resolverName } from '../../../src/contracts/names';
import { CALLS } from '../../../src/contracts/surfaces';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/contracts/settings';
import { siteRequest, type SiteAnswer } from '../../support/site-http';
import { bootDemoSite, DemoSite, U, type Answer, type LoggedCall } from '../../support/demo-site';
export { U, type Answer, type LoggedCall };

/** The macro's overview of a page linked to an incident, as the contract types it. */
export type LinkedOverview = MacroOverview & { link: MacroLink };
/** ... and whose template and language checks ran (the page could be read). */
export type CheckedOverview = LinkedOverview & {
  link: {
    templateCheck: Extract<TemplateCheckView, { state: 'checked' }>;
    languageCheck: Extract<LanguageCheckView, { state: 'checked' }>;
  };
};

export interface FaultRule {
  method?: string;
  pathPattern: string;
  target?: 'jira' | 'confluence' | 'kvs' | 'queue';
  status?: number;
  count?: number;
  latencyMs?: number;
}

export class PostmortemSite extends DemoSite {
  static async start(): Promise<PostmortemSite> {
    const booted = await bootDemoSite('postmortem-site-');
    return new PostmortemSite(booted.running, booted);
  }

  post(p: string, body: unknown): Promise<SiteAnswer> {
    return siteRequest(this.url, 'POST', p, body);
  }

  async reset(): Promise<void> {
    const r = await this.post('/__site/reset', { seed: 'demo' });
    if (r.status !== 200) throw new Error(`reset failed: ${JSON.stringify(r.json)}`);
    await this.faults([]);
  }

  setSettings(patch: Partial<Settings>): void {
    const value = { ...DEFAULT_SETTINGS, ...patch };
    const answer = this.running.site.runtime.kvs.handle('/api/v1/set', JSON.stringify({ key: 'settings:v1', value }));
    if (answer.status >= 300) throw new Error(`could not store settings: ${answer.body}`);
  }

  async faults(rules: FaultRule[]): Promise<void> {
    const res = await fetch(`${this.url}/__site/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules }),
    });
    if (!res.ok) throw new Error(`faults answered ${res.status}: ${await res.text()}`);
  }

  async requests(since = 0): Promise<LoggedCall[]> {
    const res = await fetch(`${this.url}/__site/requests?since=${since}`);
    return (await res.json()) as LoggedCall[];
  }

  async invoke<T>(
    functionKey: 'macro-resolver' | 'panel-resolver',
    method: string,
    as: string,
    payload: unknown,
    context: Record<string, unknown>,
  ): Promise<Answer<T>> {
    const resolver = Object.hasOwn(CALLS[functionKey], method) ? resolverName(functionKey, method) : undefined;
    if (!resolver) throw new Error(`no resolver ${functionKey}.${method}`);
    const r = await this.post(`/__site/invoke/${functionKey}`, { accountId: as, resolver, payload, context });
    if (r.status !== 200) throw new Error(`invoke ${resolver} answered ${r.status}: ${JSON.stringify(r.json)}`);
    return (r.json as { result: Answer<T> }).result;
  }

  /** A macro call on page `pageId` (with the macro config `config`, as the page's ADF holds it). */
  macro<T = unknown>(method: string, as: string, pageId: string, payload: unknown = {}, config?: unknown): Promise<Answer<T>> {
    const space = this.db.spaceByKey('PM');
    return this.invoke<T>('macro-resolver', method, as, payload, {
      extension: {
        type: 'macro',
        content: { id: pageId, type: 'page' },
        space: { key: 'PM', id: space?.id ?? '1' },
        ...(config === undefined ? {} : { config }),
      },
    });
  }

  /** A panel call on issue `issueKey`. */
  panel<T = unknown>(method: string, as: string, issueKey: string, payload: unknown = {}): Promise<Answer<T>> {
    const issue = this.db.issueByKey(issueKey);
    const project = issue ? this.db.project(issue.projectId) : undefined;
    return this.invoke<T>('panel-resolver', method, as, payload, {
      extension: {
        type: 'jira:issuePanel',
        issue: { key: issueKey, id: issue?.id ?? '1', type: 'Incident' },
        project: { key: project?.key ?? 'X', id: project?.id ?? '1' },
      },
    });
  }

  /** Product REST as `as` (Jira or Confluence paths). */
  rest(method: string, p: string, as: string, body?: unknown): Promise<SiteAnswer> {
    return siteRequest(this.url, method, p, body, as);
  }

  // --- state as the products hold it

  issueProperty(issueKey: string): unknown {
    return this.db.issueByKey(issueKey)?.properties.postmortem;
  }
  remoteLinks(issueKey: string): Array<{ globalId: string | null; object: { url: string; title: string } }> {
    const issue = this.db.issueByKey(issueKey);
    return issue ? this.db.remoteLinksOf(issue.id).map((r) => ({ globalId: r.globalId, object: r.object })) : [];
  }
  pageProperty(pageId: string): unknown {
    return this.db.contentPropsOf(pageId).find((p) => p.key === 'postmortem')?.value;
  }
  pageAdf(pageId: string): { type: string; content: unknown[] } {
    const page = this.db.page(pageId);
    if (!page) throw new Error(`no page ${pageId}`);
    return JSON.parse(page.adf) as { type: string; content: unknown[] };
  }
  pageVersion(pageId: string): number {
    const page = this.db.page(pageId);
    return page?.versions[page.versions.length - 1]?.number ?? 0;
  }
  demoPageId(): string {
    const page = this.db.pages().find((p) => p.title.startsWith('Postmortem: INC-3'));
    if (!page) throw new Error('demo seed has no INC-3 postmortem page');
    return page.id;
  }

  /** "Create postmortem" on `issueKey`'s panel as `as`; answers the new page's id, or fails with the app's error. */
  async createPostmortem(as: string, issueKey: string, payload: Record<string, unknown> = {}): Promise<string> {
    const created = await this.panel<{ page: { pageId: string } }>('createPostmortem', as, issueKey, payload);
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    return created.data!.page.pageId;
  }

  /**
   * Merges `fields` into the page's postmortem content property through Confluence's REST as `as`
   * (read, then written at the next version); answers the write's status.
   */
  async patchPageProperty(pageId: string, as: string, fields: Record<string, unknown>): Promise<number> {
    const props = await this.rest('GET', `/wiki/api/v2/pages/${pageId}/properties?key=postmortem`, as);
    const prop = (props.json as { results: Array<{ id: string; value: Record<string, unknown>; version: { number: number } }> })
      .results[0]!;
    const put = await this.rest('PUT', `/wiki/api/v2/pages/${pageId}/properties/${prop.id}`, as, {
      key: 'postmortem',
      value: { ...prop.value, ...fields },
      version: { number: prop.version.number + 1 },
    });
    return put.status;
  }

  /**
   * Moves `key` to Done as Won't Do through Jira's REST as `as`: reads its transitions (`query`, say
   * `?expand=transitions.fields`, is added to that request) and takes the first to a done status;
   * answers the transition's status.
   */
  async wontDoInJira(key: string, as: string, query = ''): Promise<number> {
    const t = await this.rest('GET', `/rest/api/3/issue/${key}/transitions${query}`, as);
    const done = (t.json as { transitions: Array<{ id: string; to: { statusCategory: { key: string } } }> }).transitions.find(
      (x) => x.to.statusCategory.key === 'done',
    )!;
    const r = await this.rest('POST', `/rest/api/3/issue/${key}/transitions`, as, {
      transition: { id: done.id },
      fields: { resolution: { name: "Won't Do" } },
    });
    return r.status;
  }

  /** Creates a plain page in space PM as `as` (REST), with an ADF body; answers its id. */
  async createPage(
    as: string,
    title: string,
    content: unknown[] = [{ type: 'paragraph', content: [{ type: 'text', text: 'Notes.' }] }],
  ): Promise<string> {
    const space = this.db.spaceByKey('PM');
    const res = await this.rest('POST', '/wiki/api/v2/pages', as, {
      spaceId: space?.id,
      status: 'current',
      title,
      body: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content }) },
    });
    if (res.status !== 200) throw new Error(`create page answered ${res.status}: ${JSON.stringify(res.json)}`);
    return String((res.json as { id: string }).id);
  }

  /** Keys of issues a JQL search finds, as `as`. */
  async jqlKeys(jql: string, as: string): Promise<string[]> {
    const res = await this.rest('POST', '/rest/api/3/search/jql', as, { jql, fields: ['summary'], maxResults: 100 });
    if (res.status !== 200) throw new Error(`search answered ${res.status}: ${JSON.stringify(res.json)}`);
    return (res.json as { issues: Array<{ key: string }> }).issues.map((i) => i.key).sort();
  }

  /** Saves a new body for the page as `as` (REST, version + 1), like a person editing it. */
  async savePage(pageId: string, as: string, adf: unknown): Promise<number> {
    const page = this.db.page(pageId);
    if (!page) throw new Error(`no page ${pageId}`);
    const res = await this.rest('PUT', `/wiki/api/v2/pages/${pageId}`, as, {
      id: pageId,
      status: 'current',
      title: page.title,
      body: { representation: 'atlas_doc_format', value: JSON.stringify(adf) },
      version: { number: this.pageVersion(pageId) + 1, message: 'edited by a person' },
    });
    if (res.status !== 200) throw new Error(`save page answered ${res.status}: ${JSON.stringify(res.json)}`);
    return this.pageVersion(pageId);
  }

  /** Writes a paragraph under every section heading (level 2), as a person filling in the template. */
  async fillSections(pageId: string, as: string, textFor: (title: string) => string | undefined): Promise<void> {
    const adf = this.pageAdf(pageId);
    const content: unknown[] = [];
    for (const node of adf.content) {
      content.push(node);
      const n = node as { type?: string; attrs?: { level?: number }; content?: Array<{ text?: string }> };
      if (n.type === 'heading' && n.attrs?.level === 2) {
        const text = textFor((n.content ?? []).map((c) => c.text ?? '').join(''));
        if (text) content.push({ type: 'paragraph', content: [{ type: 'text', text }] });
      }
    }
    await this.savePage(pageId, as, { ...adf, content });
  }
}
