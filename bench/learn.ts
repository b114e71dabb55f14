/**
 * Learning from incidents at scale: "Has this fix been proposed before?" (one text search per
 * draft) over N action items, as a person, and the report's practice figures over them. Product
 * calls and time of each call (docs/decisions/0013-similar-action-items.md, 0016-practice-figures.md).
 * `tsx bench/learn.ts 100000` runs it alone.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSite } from '../local/main';
import { DEMO, seedActionItems, type LocalProducts } from '../local/products';
import type { BenchRow } from './table';

const U = Object.fromEntries(Object.entries(DEMO.users).map(([k, v]) => [k, v.accountId])) as Record<keyof typeof DEMO.users, string>;

function fmtMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export async function learnRows(sizes: number[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of sizes) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-learn-'));
    const running = await startSite({ port: 0, dataDir, seed: 'demo', storageQuotas: false });
    try {
      const db = (running.site.products as LocalProducts).db;
      seedActionItems(db, {
        projectKey: 'PAY',
        incidentKey: 'INC-1',
        count: size,
        assignees: [U.sofia],
        reporter: U.marcus,
        now: running.site.clock.now(),
        link: false,
      });
      db.searchIndexCaughtUp();
      // The draft is typed on INC-4's postmortem.
      const inc4 = db.issueByKey('INC-4');
      const created = await fetch(`${running.url}/__site/invoke/panel-resolver`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          accountId: U.marcus,
          resolver: 'panel.createPostmortem',
          payload: { spaceKey: 'PM' },
          context: {
            extension: {
              type: 'jira:issuePanel',
              issue: { key: 'INC-4', id: inc4?.id, type: 'Incident' },
              project: { key: 'INC', id: inc4?.projectId },
            },
          },
        }),
      }).then((r) => r.text());
      const page = db.pages().find((p) => p.title.startsWith('Postmortem: INC-4'));
      if (!page) throw new Error(`no INC-4 postmortem: ${created.slice(0, 300)}`);
      const invoke = async () => {
        const log = running.site.runtime.requestLog;
        const before = log.list().at(-1)?.seq ?? 0;
        const t = performance.now();
        const res = await fetch(`${running.url}/__site/invoke/macro-resolver`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            accountId: U.marcus,
            resolver: 'macro.findSimilarActionItems',
            // Every seeded item shares "action" and "item" with this draft: the widest match there is.
            payload: { incidentKey: 'INC-4', summary: 'Action item: alert on gateway pool utilisation' },
            context: { extension: { type: 'macro', content: { id: page?.id, type: 'page' }, space: { key: 'PM' } } },
          }),
        });
        const body = await res.text();
        const ms = performance.now() - t;
        const calls = log.list(before).filter((e) => e.target === 'jira').length;
        return { ms, calls, body };
      };
      await invoke();
      const runs = [await invoke(), await invoke(), await invoke()];
      const median = runs.map((r) => r.ms).sort((a, b) => a - b)[1] ?? NaN;
      const calls = runs[2]?.calls ?? NaN;
      if (!runs[2]?.body.includes('PAY-2')) throw new Error(`the search did not find PAY-2: ${runs[2]?.body.slice(0, 300)}`);
      rows.push({
        area: 'similar action items',
        case: `${size.toLocaleString('en-US')} action items`,
        metric: 'Jira calls / time of one draft’s search',
        value: `${calls} / ${fmtMs(median)}`,
        target: '≤ 7 calls, < 3 s',
        ok: calls <= 7 && median < 3000,
        raw: { calls, ms: median },
      });
      // The report's practice figures over the same items, as Priya (every project): bounded by
      // months and teams, not items (src/usecases/report/get-practice.ts).
      const practice = async () => {
        const log = running.site.runtime.requestLog;
        const before = log.list().at(-1)?.seq ?? 0;
        const t = performance.now();
        const res = await fetch(`${running.url}/__site/invoke/report-resolver`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ accountId: U.priya, resolver: 'report.getPractice', payload: {}, moduleKey: 'postmortem-report' }),
        });
        const body = await res.text();
        const ms = performance.now() - t;
        const calls = log.list(before).filter((e) => e.target === 'jira' || e.target === 'confluence').length;
        return { ms, calls, body };
      };
      const figures = await practice();
      if (!figures.body.includes('"ok":true')) throw new Error(`the practice figures failed: ${figures.body.slice(0, 300)}`);
      rows.push({
        area: 'practice figures',
        case: `${size.toLocaleString('en-US')} action items`,
        metric: 'product calls / wall time of the report’s practice figures',
        value: `${figures.calls} / ${fmtMs(figures.ms)}`,
        target: '≤ 40 calls',
        ok: figures.calls <= 40,
        raw: { calls: figures.calls, ms: figures.ms },
      });
    } finally {
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return rows;
}

if (require.main === module) {
  const sizes = (process.argv[2] ?? '100000').split(',').map(Number);
  learnRows(sizes).then(
    (rows) => console.log(JSON.stringify(rows, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
