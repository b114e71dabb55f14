/**
 * Jira host pages: the issue list (/jira), the issue view (/jira/browse/{key}) with the app's
 * issue panel and issue context, the global page (/jira/apps/{moduleKey}) and the admin page
 * (/jira/settings/apps/{moduleKey}).
 *
 * As in Jira (docs/platform.md, "Custom UI"): an issue panel is not on an issue until someone
 * opens it from its app button under the summary; from then on it stays on that issue for everyone.
 * An issue context is always in the side bar, as a section its reader can collapse.
 */
import { z } from 'zod';
import { findUiModule, type UiModuleInfo } from '../runtime';
import { renderAdf } from './adf';
import type { Main } from './confluence-pages';
import { frameHtml, frameInfo } from './frames';
import { esc, pick, safeHref, str } from './html';
import type { HostRequest } from './request';

const Project = z
  .object({ id: z.coerce.string(), key: z.string(), name: z.string().optional(), projectTypeKey: z.string().optional() })
  .loose();
const Issue = z.object({ id: z.coerce.string(), key: z.string(), fields: z.record(z.string(), z.unknown()).default({}) }).loose();
const SearchResult = z.object({ issues: z.array(Issue) }).loose();

function statusLozenge(fields: Record<string, unknown>): string {
  const name = str(pick(fields, 'status.name')) ?? '—';
  const cat = str(pick(fields, 'status.statusCategory.key')) ?? 'new';
  return `<span class="lozenge lozenge-${esc(cat)}">${esc(name)}</span>`;
}

function person(v: unknown): string {
  const name = str(pick(v, 'displayName'));
  return name ? esc(name) : '<span class="muted">Unassigned</span>';
}

export async function projects(h: HostRequest): Promise<Array<z.infer<typeof Project>>> {
  if (!h.client) return [];
  const search = await h.client.jira('/rest/api/3/project/search?maxResults=50');
  const paged = z
    .object({ values: z.array(Project) })
    .loose()
    .safeParse(search.json);
  if (paged.success) return paged.data.values;
  const plain = z.array(Project).safeParse((await h.client.jira('/rest/api/3/project')).json);
  return plain.success ? plain.data : [];
}

export async function projectIssues(h: HostRequest, projectKey: string, max = 100): Promise<Array<z.infer<typeof Issue>>> {
  if (!h.client) return [];
  const jql = `project = "${projectKey.replace(/"/g, '')}" ORDER BY created DESC`;
  const fields = 'summary,status,issuetype,assignee,duedate,labels,priority';
  const res = await h.client.jira(`/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=${fields}&maxResults=${max}`);
  const parsed = SearchResult.safeParse(res.json);
  return parsed.success ? parsed.data.issues : [];
}

export function issueTable(issues: Array<z.infer<typeof Issue>>): string {
  if (issues.length === 0) return '<p class="muted">No issues you can see.</p>';
  const rows = issues
    .map((i) => {
      const f = i.fields;
      const labels = Array.isArray(f.labels) ? f.labels.map((l) => `<span class="lozenge">${esc(l)}</span>`).join(' ') : '';
      return `<tr><td><a href="/jira/browse/${esc(i.key)}">${esc(i.key)}</a></td><td>${esc(str(pick(f, 'issuetype.name')) ?? '')}</td><td>${esc(str(f.summary) ?? '')}</td><td>${statusLozenge(f)}</td><td>${person(f.assignee)}</td><td>${esc(str(f.duedate) ?? '')}</td><td>${labels}</td></tr>`;
    })
    .join('');
  return `<table class="list"><thead><tr><th>Key</th><th>Type</th><th>Summary</th><th>Status</th><th>Assignee</th><th>Due</th><th>Labels</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export async function jiraIndex(h: HostRequest): Promise<Main> {
  const list = await projects(h);
  const sections = [];
  for (const p of list) {
    sections.push(
      `<section data-testid="project-${esc(p.key)}"><h2>${esc(p.name ?? p.key)} <span class="muted">(${esc(p.key)})</span></h2>${issueTable(await projectIssues(h, p.key))}</section>`,
    );
  }
  return {
    product: 'jira',
    title: 'Issues — Jira',
    body: `<main><h1>Issues</h1>${sections.join('') || '<p class="muted">No projects you can see. Switch user, or reset the site to the demo seed.</p>'}</main>`,
  };
}

function issuePanelModules(h: HostRequest): UiModuleInfo[] {
  return h.site.manifest.uiModules.filter((m) => m.type === 'jira:issuePanel');
}

function issueContextModules(h: HostRequest): UiModuleInfo[] {
  return h.site.manifest.uiModules.filter((m) => m.type === 'jira:issueContext');
}

/** Store collection: issue id → the issue panels someone opened on it (module keys). */
const ADDED_PANELS = 'host-issue-panels';

function addedPanels(h: HostRequest, issueId: string): string[] {
  const v = h.site.store.get<unknown>(ADDED_PANELS, issueId);
  return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
}

/**
 * The app button under the summary: adds the panel to the issue (for everyone, as Jira does) and
 * answers where to go next. Only a person who can see the issue can add a panel to it.
 */
export async function addIssuePanel(
  h: HostRequest,
  issueKey: string,
  moduleKey: string,
): Promise<{ status: number; location?: string; message?: string }> {
  const module = findUiModule(h.site.manifest, moduleKey);
  if (!module || module.type !== 'jira:issuePanel') return { status: 404, message: `manifest.yml has no jira:issuePanel "${moduleKey}".` };
  if (!h.client) return { status: 401, message: 'Sign in to add an app to an issue.' };
  const res = await h.client.jira(`/rest/api/3/issue/${encodeURIComponent(issueKey)}?fields=summary`);
  const issue = Issue.safeParse(res.json);
  if (res.status !== 200 || !issue.success) return { status: 404, message: `Issue ${issueKey} does not exist or you cannot see it.` };
  const added = addedPanels(h, issue.data.id);
  if (!added.includes(moduleKey)) h.site.store.put(ADDED_PANELS, issue.data.id, [...added, moduleKey]);
  return {
    status: 303,
    location: `/jira/browse/${encodeURIComponent(issue.data.key)}?added=${encodeURIComponent(moduleKey)}#panel-${encodeURIComponent(moduleKey)}`,
  };
}

export async function jiraIssue(h: HostRequest, key: string): Promise<Main | undefined> {
  if (!h.client) return undefined;
  const res = await h.client.jira(`/rest/api/3/issue/${encodeURIComponent(key)}`);
  if (res.status === 404) return undefined;
  if (res.status === 403 || res.status === 401) {
    return {
      product: 'jira',
      title: 'Restricted — Jira',
      body: `<main><h1>You can't view this issue</h1><p>${esc(h.user?.displayName)} has no permission to see ${esc(key)}. Switch user to see it.</p></main>`,
    };
  }
  const parsed = Issue.safeParse(res.json);
  if (!parsed.success)
    return {
      product: 'jira',
      title: 'Jira',
      body: `<main><div class="notice">Jira answered ${res.status}: ${esc(res.text.slice(0, 300))}</div></main>`,
    };
  const issue = parsed.data;
  const f = issue.fields;
  const projectKey = str(pick(f, 'project.key')) ?? issue.key.split('-')[0] ?? '';
  const projectId = str(pick(f, 'project.id')) ?? '';
  const typeName = str(pick(f, 'issuetype.name')) ?? '';
  const typeId = str(pick(f, 'issuetype.id'));

  const remote = await h.client.jira(`/rest/api/3/issue/${encodeURIComponent(issue.key)}/remotelink`);
  const remoteLinks = Array.isArray(remote.json) ? remote.json : [];
  const links = Array.isArray(f.issuelinks) ? f.issuelinks : [];
  const linkItems = links
    .map((l) => {
      const out = pick(l, 'outwardIssue');
      const inw = pick(l, 'inwardIssue');
      const other = out ?? inw;
      const verb = out ? str(pick(l, 'type.outward')) : str(pick(l, 'type.inward'));
      const k = str(pick(other, 'key'));
      if (!k) return '';
      return `<li>${esc(verb ?? 'relates to')} <a href="/jira/browse/${esc(k)}">${esc(k)}</a> ${esc(str(pick(other, 'fields.summary')) ?? '')}</li>`;
    })
    .join('');
  const remoteItems = remoteLinks
    .map((r) => {
      const url = str(pick(r, 'object.url'));
      const title = str(pick(r, 'object.title')) ?? url ?? '';
      const local = url ? (/\/pages\/(\d+)/.exec(url) ?? /\/pages\/viewpage\.action\?pageId=(\d+)/.exec(url)) : null;
      const href = local ? `/confluence/pages/${local[1]}` : safeHref(url);
      return `<li><a href="${esc(href)}">${esc(title)}</a></li>`;
    })
    .join('');

  const issueRef = { key: issue.key, id: issue.id, type: typeName, ...(typeId ? { typeId } : {}) };
  const added = addedPanels(h, issue.id);
  const justAdded = h.url.searchParams.get('added');
  const panelModules = issuePanelModules(h);
  const appButtons = panelModules
    .filter((m) => !added.includes(m.key))
    .map(
      (m) =>
        `<form method="post" action="/__host/issue-panel" class="app-button"><input type="hidden" name="issueKey" value="${esc(issue.key)}"><input type="hidden" name="moduleKey" value="${esc(m.key)}"><button type="submit" class="button" data-testid="app-button-${esc(m.key)}" title="Open the ${esc(m.title)} panel on this issue"><img src="/__resources/panel-icon/icon.svg" alt="" width="16" height="16"> ${esc(m.title)}</button></form>`,
    )
    .join('');
  const panels = panelModules
    .filter((m) => added.includes(m.key))
    .map((m) => {
      const info = frameInfo(
        h,
        m,
        { type: 'jira:issuePanel', issue: issueRef, project: { key: projectKey, id: projectId }, isNewToIssue: justAdded === m.key },
        `${m.key}-${issue.id}`,
      );
      return `<section class="panel-frame" id="panel-${esc(m.key)}" data-testid="issue-panel"><div class="panel-title"><img src="/__resources/panel-icon/icon.svg" alt="" width="16" height="16"> ${esc(m.title)}</div>${frameHtml(info, `${m.title} panel`)}</section>`;
    })
    .join('');
  const contexts = issueContextModules(h)
    .map((m) => {
      const info = frameInfo(
        h,
        m,
        { type: 'jira:issueContext', issue: issueRef, project: { key: projectKey, id: projectId } },
        `${m.key}-${issue.id}`,
      );
      return `<details class="issue-context" open data-testid="issue-context-${esc(m.key)}" data-remember="issue-context:${esc(m.key)}"><summary><img src="/__resources/panel-icon/icon.svg" alt="" width="16" height="16"> ${esc(m.title)} <span class="muted">${esc(m.label ?? '')}</span></summary>${frameHtml(info, `${m.title}: ${m.label ?? m.title}`)}</details>`;
    })
    .join('');

  const labels = Array.isArray(f.labels) ? f.labels.map((l) => `<span class="lozenge">${esc(l)}</span>`).join(' ') : '';
  const status = await statusControl(h, issue.key, str(pick(f, 'resolution.name')));
  const body = `<main>
  <div class="breadcrumbs"><a href="/jira">Projects</a> / ${esc(str(pick(f, 'project.name')) ?? projectKey)} / <span data-testid="issue-key">${esc(issue.key)}</span></div>
  <div class="issue-layout">
    <div>
      <h1 data-testid="issue-summary">${esc(str(f.summary) ?? '')}</h1>
      ${appButtons ? `<div class="app-buttons" role="group" aria-label="Apps" data-testid="app-buttons">${appButtons}</div>` : ''}
      <div class="section-title">Description</div>
      <div class="page-body" data-testid="issue-description">${f.description ? renderAdf(f.description) : '<p class="muted">Add a description…</p>'}</div>
      ${linkItems ? `<div class="section-title">Linked work items</div><ul>${linkItems}</ul>` : ''}
      ${remoteItems ? `<div class="section-title">Web links</div><ul data-testid="remote-links">${remoteItems}</ul>` : ''}
      ${panels ? `<div class="section-title">Apps</div>${panels}` : ''}
    </div>
    <aside class="fields">
      <div style="margin-bottom:12px">${statusLozenge(f)}</div>
      ${status}
      <dl>
        <dt>Type</dt><dd>${esc(typeName)}</dd>
        <dt>Assignee</dt><dd>${person(f.assignee)}</dd>
        <dt>Reporter</dt><dd>${person(f.reporter)}</dd>
        <dt>Priority</dt><dd>${esc(str(pick(f, 'priority.name')) ?? '—')}</dd>
        <dt>Due date</dt><dd data-testid="issue-duedate">${esc(str(f.duedate) ?? 'None')}</dd>
        <dt>Labels</dt><dd>${labels || '<span class="muted">None</span>'}</dd>
        <dt>Created</dt><dd>${esc((str(f.created) ?? '').slice(0, 10))}</dd>
        <dt>Resolution</dt><dd data-testid="issue-resolution">${esc(str(pick(f, 'resolution.name')) ?? 'Unresolved')}</dd>
        <dt>Resolved</dt><dd>${esc((str(f.resolutiondate) ?? '').slice(0, 10) || '—')}</dd>
      </dl>
      ${contexts}
    </aside>
  </div>
</main>`;
  return { product: 'jira', title: `${issue.key}: ${str(f.summary) ?? ''} — Jira`, body };
}

const Transitions = z.object({
  transitions: z.array(
    z
      .object({ id: z.string(), name: z.string(), hasScreen: z.boolean().optional(), fields: z.record(z.string(), z.unknown()).optional() })
      .loose(),
  ),
});

/**
 * The issue view's status control: the transitions Jira offers this person (none without
 * Transition issues), and the resolution for the one into Done; it posts to /__host/jira/transition.
 */
async function statusControl(h: HostRequest, key: string, resolution: string | undefined): Promise<string> {
  if (!h.client) return '';
  const res = await h.client.jira(`/rest/api/3/issue/${encodeURIComponent(key)}/transitions?expand=transitions.fields`);
  const parsed = Transitions.safeParse(res.json);
  const error = h.url.searchParams.get('transitionError');
  const notice = error ? `<div class="notice" role="alert" data-testid="status-error">${esc(error.slice(0, 300))}</div>` : '';
  if (!parsed.success || parsed.data.transitions.length === 0) {
    return `${notice}<p class="muted" data-testid="status-readonly">You can't change the status of ${esc(key)}.</p>`;
  }
  const options = parsed.data.transitions.map((t) => `<option value="${esc(t.id)}">${esc(t.name)}</option>`).join('');
  const withScreen = parsed.data.transitions.find((t) => t.fields && 'resolution' in t.fields);
  const allowed = z.array(z.object({ name: z.string() }).loose()).safeParse(pick(withScreen?.fields, 'resolution.allowedValues'));
  const resolutions = allowed.success
    ? allowed.data
        .map((r) => `<option value="${esc(r.name)}"${r.name === (resolution ?? 'Done') ? ' selected' : ''}>${esc(r.name)}</option>`)
        .join('')
    : '';
  return `${notice}<form method="post" action="/__host/jira/transition" class="status-control" data-testid="status-control">
  <input type="hidden" name="issueKey" value="${esc(key)}">
  <label for="status-transition">Move to</label>
  <select id="status-transition" name="transitionId" data-testid="status-transition">${options}</select>
  ${resolutions ? `<label for="status-resolution">Resolution (when done)</label><select id="status-resolution" name="resolution" data-testid="status-resolution">${resolutions}</select>` : ''}
  <button type="submit" data-testid="status-submit">Change status</button>
</form>`;
}

export async function jiraAppPage(
  h: HostRequest,
  moduleKey: string,
  type: 'jira:globalPage' | 'jira:adminPage',
): Promise<Main | undefined> {
  const module = findUiModule(h.site.manifest, moduleKey);
  if (!module || module.type !== type) return undefined;
  // Jira's admin settings, apps' admin pages included, are for Jira admins only (docs/platform.md, Custom UI).
  if (type === 'jira:adminPage' && !(await h.client?.isJiraAdmin())) {
    return {
      product: 'jira',
      status: 403,
      title: 'Access denied — Jira',
      body: `<main><div class="breadcrumbs">Settings / Apps</div><h1>You don't have access to this page</h1><p data-testid="admin-only">${esc(module.title)} is in Jira's admin settings, which only Jira administrators may open. ${esc(h.user?.displayName ?? 'You')} is not one: ask a Jira admin, or switch user.</p></main>`,
    };
  }
  const info = frameInfo(h, module, { type }, `${module.key}-page`);
  const crumbs = type === 'jira:adminPage' ? 'Settings / Apps' : 'Apps';
  return {
    product: 'jira',
    title: `${module.title} — Jira`,
    body: `<main><div class="breadcrumbs">${crumbs}</div><h1>${esc(module.title)}</h1>${frameHtml(info, module.title)}</main>`,
  };
}
