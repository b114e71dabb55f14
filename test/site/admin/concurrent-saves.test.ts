/**
 * Two admins saving the settings at once, through the local site: neither change nor its record in
 * the history is lost silently. The save that comes second (or was made from a page loaded before
 * the first) is refused as a conflict that says who saved and what to do; the stored settings and
 * the history hold exactly the first save.
 */
import type { AdminOverview, SaveSettingsResult } from '../../../src/contracts/admin';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/contracts/settings';
import { bootDemoSite, U, type Answer } from '../../support/demo-site';

jest.setTimeout(120_000);

let booted: Awaited<ReturnType<typeof bootDemoSite>>;
let url: string;

beforeAll(async () => {
  booted = await bootDemoSite('admin-saves-', { configureApp: false }); // newly installed: version 0
  url = booted.running.url;
});
afterAll(async () => {
  await booted?.stop();
});
beforeEach(async () => {
  await fetch(`${url}/__site/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seed: 'demo', app: 'unconfigured' }),
  });
});

async function invoke<T>(resolver: string, payload: unknown): Promise<Answer<T>> {
  const res = await fetch(`${url}/__site/invoke/admin-resolver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: U.priya, resolver, payload, moduleKey: 'postmortem-settings' }),
  });
  return ((await res.json()) as { result: Answer<T> }).result;
}
const overview = () => invoke<AdminOverview>('admin.getOverview', {});
const save = (settings: Settings, version?: number) =>
  invoke<SaveSettingsResult>('admin.saveSettings', { settings, ...(version === undefined ? {} : { version }) });
const withDeadline = (days: number): Settings => ({ ...structuredClone(DEFAULT_SETTINGS), postmortemDeadlineDays: days });
const withOffsets = (offsets: number[]): Settings => ({ ...structuredClone(DEFAULT_SETTINGS), reminderOffsets: offsets });

async function faults(rules: unknown[]) {
  const res = await fetch(`${url}/__site/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  expect(res.status).toBe(200);
}

test('a save made from a page loaded before another save is refused, saying who saved; nothing of it is written', async () => {
  const page = await overview();
  expect(page.data?.version).toBe(0);
  const first = await save(withDeadline(10), page.data!.version);
  expect(first).toMatchObject({ ok: true, data: { version: 1, changed: 1 } });

  const second = await save(withOffsets([5, 2, 0]), page.data!.version);
  expect(second.ok).toBe(false);
  expect(second.error).toMatchObject({ code: 'conflict', details: { savedBy: 'Priya Raman', version: 1 } });
  expect(second.error?.message).toMatch(
    /The settings changed since you opened this page \(Priya Raman saved them at .* UTC\)\. Nothing was saved.*Reload the settings/,
  );

  const after = await overview();
  expect(after.data).toMatchObject({
    version: 1,
    settings: { postmortemDeadlineDays: 10, reminderOffsets: DEFAULT_SETTINGS.reminderOffsets },
  });
  expect(after.data?.history).toHaveLength(1);

  // Reloaded, the second change goes through on top of the first.
  const again = await save({ ...after.data!.settings, reminderOffsets: [5, 2, 0] }, after.data!.version);
  expect(again).toMatchObject({ ok: true, data: { version: 2 } });
  const last = await overview();
  expect(last.data).toMatchObject({ version: 2, settings: { postmortemDeadlineDays: 10, reminderOffsets: [5, 2, 0] } });
  expect(last.data?.history).toHaveLength(2);
});

test('two saves at once from the same page (40 ms per Jira call): one is saved with its record, the other is told', async () => {
  const page = await overview();
  await faults([{ target: 'jira', pathPattern: '*', latencyMs: 40 }]);
  const [a, b] = await Promise.all([save(withDeadline(10), page.data!.version), save(withOffsets([5, 2, 0]), page.data!.version)]);
  await faults([]);
  expect([a.ok, b.ok].sort()).toEqual([false, true]);
  const loser = a.ok ? b : a;
  expect(loser.error?.code).toBe('conflict');
  const winner = (a.ok ? a : b).data!;
  const after = await overview();
  expect(after.data?.settings).toEqual(winner.settings);
  expect(after.data?.version).toBe(1);
  expect(after.data?.history).toHaveLength(1);
  expect(after.data?.history[0]?.changes).toHaveLength(1);
});

test('saves that do not say which version they saw never overlap either: no history record is lost', async () => {
  await faults([{ target: 'jira', pathPattern: '*', latencyMs: 40 }]);
  const results = await Promise.all([save(withDeadline(10)), save(withOffsets([5, 2, 0]))]);
  await faults([]);
  const saved = results.filter((r) => r.ok).length;
  const after = await overview();
  // Each save that went through has its record; one that did not was told.
  expect(after.data?.history).toHaveLength(saved);
  expect(after.data?.version).toBe(saved);
  for (const r of results.filter((x) => !x.ok)) expect(r.error?.code).toBe('conflict');
});
