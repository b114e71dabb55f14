/** Site pages: the index, the outbox, the sweep-and-clock page and the request log. */
import type { Main } from './confluence-pages';
import { spacesWithPages } from './confluence-pages';
import { attrJson, esc, pick, str } from './html';
import { projectIssues, projects } from './jira-pages';
import type { HostRequest } from './request';

export async function indexPage(h: HostRequest): Promise<Main> {
  const spaces = await spacesWithPages(h);
  const pageLinks = spaces
    .flatMap(({ space, pages }) =>
      pages
        .slice(0, 8)
        .map((p) => `<li><a href="/confluence/pages/${esc(p.id)}">${esc(p.title)}</a> <span class="muted">${esc(space.key)}</span></li>`),
    )
    .join('');
  const incidentLinks: string[] = [];
  for (const p of (await projects(h)).slice(0, 6)) {
    for (const i of (await projectIssues(h, p.key, 20)).filter((x) => /incident/i.test(str(pick(x.fields, 'issuetype.name')) ?? ''))) {
      incidentLinks.push(`<li><a href="/jira/browse/${esc(i.key)}">${esc(i.key)}</a> ${esc(str(i.fields.summary) ?? '')}</li>`);
    }
  }
  const m = h.site.manifest;
  const global = m.uiModules.filter((u) => u.type === 'jira:globalPage');
  const admin = m.uiModules.filter((u) => u.type === 'jira:adminPage');
  const body = `<main>
<h1>Postmortems for Confluence and Jira — local site</h1>
<p class="muted">The app's unmodified code runs here against a local Jira and Confluence. You are <strong data-testid="current-user">${esc(h.user?.displayName ?? 'nobody')}</strong>; switch user at the top right.</p>
<div class="cards">
  <section class="card"><h2>Confluence</h2><p>Postmortem pages with the Postmortem macro.</p><ul data-testid="index-pages">${pageLinks || '<li class="muted">No pages</li>'}</ul><a href="/confluence">All spaces</a></section>
  <section class="card"><h2>Jira</h2><p>Incidents with the Postmortem panel.</p><ul data-testid="index-incidents">${incidentLinks.join('') || '<li class="muted">No incidents</li>'}</ul><a href="/jira">All issues</a></section>
  <section class="card"><h2>App pages</h2><ul>
    ${global.map((g) => `<li><a href="/jira/apps/${esc(g.key)}">${esc(g.title)}</a> (Jira global page)</li>`).join('')}
    ${admin.map((a) => `<li><a href="/jira/settings/apps/${esc(a.key)}">${esc(a.title)}</a> (Jira admin page)</li>`).join('')}
  </ul></section>
  <section class="card"><h2>Behind the scenes</h2><ul>
    <li><a href="/outbox">Outbox</a>: mail Jira sent</li>
    <li><a href="/scheduler">Sweep &amp; clock</a>: run the scheduled sweep, move time</li>
    <li><a href="/requests">Requests</a>: every call the app made</li>
  </ul></section>
</div>
</main>`;
  return { product: 'site', title: 'Local Atlassian site', body };
}

export function outboxPage(h: HostRequest): Main {
  // Every user, inactive ones included (the switcher lists only active people).
  const names = new Map(h.site.products.users().map((u) => [u.accountId, u.displayName]));
  const mails = [...h.site.products.outbox()].reverse();
  const rows = mails
    .map(
      (m, i) => `<tr data-testid="outbox-row">
  <td>${esc(m.at.replace('T', ' ').slice(0, 16))}</td>
  <td><a href="/jira/browse/${esc(m.issueKey)}">${esc(m.issueKey)}</a></td>
  <td>${m.to.map((a) => esc(names.get(a) ?? a)).join(', ')}${
    m.dropped?.length
      ? `<div class="muted" data-testid="outbox-dropped">Dropped by Jira: ${m.dropped
          .map(
            (d) =>
              `${esc(names.get(d.accountId) ?? d.accountId)} (${d.reason === 'inactive' ? 'inactive account' : 'may not browse the issue'})`,
          )
          .join(', ')}</div>`
      : ''
  }</td>
  <td><details class="mail"><summary>${esc(m.subject)}</summary>
    <iframe class="mail-body" sandbox="" title="Mail ${i + 1}" srcdoc="${esc(m.htmlBody || `<pre>${esc(m.textBody)}</pre>`)}"></iframe>
    <pre class="result">${esc(m.textBody)}</pre></details></td>
</tr>`,
    )
    .join('');
  const body = `<main><h1>Outbox</h1><p class="muted">Notifications Jira sent through <code>/rest/api/3/issue/{key}/notify</code>, newest first (${mails.length}). Jira mails only active users who may browse the issue; anyone else named is shown as dropped.</p>
${mails.length ? `<table class="list" data-testid="outbox"><thead><tr><th>Sent (UTC)</th><th>Issue</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>` : '<p data-testid="outbox-empty">No mail yet. Run the sweep on the <a href="/scheduler">Sweep &amp; clock</a> page.</p>'}
</main>`;
  return { product: 'site', title: 'Outbox — local site', body };
}

/** manifest.yml's scheduledTrigger intervals in words (local/runtime/manifest.ts accepts these four). */
const INTERVAL_WORDS: Record<string, string> = { fiveMinute: 'five minutes', hour: 'hour', day: 'day', week: 'week' };

export function schedulerPage(h: HostRequest): Main {
  const now = h.site.clock.now().toISOString();
  const triggers = h.site.manifest.scheduledTriggers;
  const first = triggers[0]?.key;
  const buttons = triggers
    .map(
      (t) =>
        `<button type="button" class="button primary" data-testid="run-${esc(t.key)}" data-control-method="POST" data-control-path="/__site/scheduled/${esc(t.key)}" data-reload>Run ${esc(t.key)} now (Forge runs it every ${esc(INTERVAL_WORDS[t.interval] ?? t.interval)})</button>`,
    )
    .join('');
  const body = `<main>
<h1>Sweep &amp; clock</h1>
<p>Site time: <strong data-testid="site-clock">${esc(now.replace('T', ' ').slice(0, 19))} UTC</strong>. It drives JQL <code>now()</code>, due dates and the sweep's today. The sweep trigger starts the day's sweep only at or after the settings' send hour (09:00 in the site's time zone unless the settings say otherwise); before it, a run is skipped and says why.</p>
<form id="clock-form" class="toolbar-row">
  <label>Set the clock to <input type="datetime-local" name="now" value="${esc(now.slice(0, 16))}" step="60"></label> UTC
  <button class="button" type="submit">Set clock</button>
</form>
<div class="toolbar-row">
  <button type="button" class="button" data-clock-shift="1">+1 day</button>
  <button type="button" class="button" data-clock-shift="7">+1 week</button>
  ${first ? `<button type="button" class="button" data-testid="advance-and-run" data-clock-shift="1" data-then-run="${esc(first)}">+1 day, then run the sweep</button>` : ''}
</div>
<div class="toolbar-row">${buttons}
  <button type="button" class="button" data-control-method="POST" data-control-path="/__site/reset" data-control-body="${attrJson({ seed: 'demo' })}" data-reload>Reset to demo seed</button>
</div>
<h2>Last run</h2>
${lastRunSummary(h)}
<pre class="result" id="control-result" data-testid="control-result" data-state="idle" hidden></pre>
<p><a href="/outbox">See the outbox</a> · <a href="/requests">See the request log</a></p>
</main>`;
  return { product: 'site', title: 'Sweep & clock — local site', body };
}

/** The last scheduled run in words: when, how it ended, what the trigger reported, the mail it sent. */
function lastRunSummary(h: HostRequest): string {
  const run = h.site.lastScheduledRun;
  if (!run)
    return '<p data-testid="last-run" data-state="none" class="muted">No scheduled run since the site started or was reset. Press a Run button above.</p>';
  const names = new Map(h.users.map((u) => [u.accountId, u.displayName]));
  const when = `${esc(run.at.replace('T', ' ').slice(0, 16))} UTC (site time)`;
  const outcome = run.ok
    ? `<p><strong>${esc(run.moduleKey)}</strong> ran at ${when} and finished.</p>`
    : `<p class="error" role="alert"><strong>${esc(run.moduleKey)}</strong> ran at ${when} and failed: ${esc(run.error ?? 'no reason given')}</p>`;
  const reported =
    run.result && typeof run.result === 'object'
      ? Object.entries(run.result as Record<string, unknown>).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
      : [];
  const facts = reported.length
    ? `<dl class="facts" data-testid="last-run-result">${reported.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(String(v))}</dd>`).join('')}</dl>`
    : '';
  const queue = `<p>Queue events delivered: ${run.deliveries.total}${run.deliveries.failed ? `, <strong>${run.deliveries.failed} failed</strong>` : ''}.</p>`;
  const skipped =
    run.result && typeof run.result === 'object' && (run.result as { status?: unknown }).status === 'skipped'
      ? String((run.result as { reason?: unknown }).reason ?? '')
      : undefined;
  const mails = run.mails.length
    ? `<p data-testid="last-run-mails">${run.mails.length === 1 ? '1 mail' : `${run.mails.length} mails`} sent (<a href="/outbox">read them in the outbox</a>):</p>
<table class="list"><thead><tr><th>Issue</th><th>To</th><th>Subject</th></tr></thead><tbody>${run.mails
        .map(
          (m) =>
            `<tr><td><a href="/jira/browse/${esc(m.issueKey)}">${esc(m.issueKey)}</a></td><td>${m.to.map((a) => esc(names.get(a) ?? a)).join(', ')}</td><td>${esc(m.subject)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : skipped !== undefined
      ? `<p data-testid="last-run-mails">No mail was sent: the trigger started no sweep. ${esc(skipped)}</p>`
      : '<p data-testid="last-run-mails">No mail was sent: nothing was due for a reminder or an escalation at this site time.</p>';
  return `<section class="card" data-testid="last-run" data-state="${run.ok ? 'done' : 'error'}">${outcome}${facts}${queue}${mails}</section>`;
}

export function requestsPage(h: HostRequest): Main {
  const log = h.site.runtime.requestLog.list().slice(-300).reverse();
  const rows = log
    .map(
      (r) =>
        `<tr><td>${r.seq}</td><td>${esc(r.at.slice(11, 23))}</td><td>${esc(r.functionKey)}</td><td>${esc(r.target)}</td><td>${esc(r.actor)}${r.accountId ? ` (${esc(h.users.find((u) => u.accountId === r.accountId)?.displayName ?? r.accountId)})` : ''}</td><td>${esc(r.method)}</td><td><code>${esc(r.path)}</code></td><td>${r.status}${r.fault ? ' (fault)' : ''}</td><td>${r.durationMs} ms</td></tr>`,
    )
    .join('');
  const body = `<main><h1>Requests</h1><p class="muted">The latest product, storage and queue calls the app made (also at <a href="/__site/requests">/__site/requests</a>).</p>
<table class="list" data-testid="requests"><thead><tr><th>#</th><th>Time</th><th>Function</th><th>To</th><th>As</th><th>Method</th><th>Path</th><th>Status</th><th>Took</th></tr></thead><tbody>${rows}</tbody></table></main>`;
  return { product: 'site', title: 'Requests — local site', body };
}
