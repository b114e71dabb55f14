/**
 * The settings resolver through the local site with the demo seed (local/products/SEED.md):
 * every field validated with its own message, only Jira admins save (checked in the resolver),
 * every change recorded (who, when, what), pickers search Jira as the user, and the next sweep
 * follows what was saved.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSite, type RunningSite } from '../../../local/main';
import { DEMO } from '../../../local/products';
import type { AdminOverview, SaveSettingsResult } from '../../../src/contracts/admin';
import type { ReportOverview } from '../../../src/contracts/report';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/contracts/settings';
import type { Envelope } from '../../../src/contracts/resolver';
import { clockPastSendHour } from '../../support/send-hour';

jest.setTimeout(180_000);

const U = DEMO.users;
let site: RunningSite;

type Env<T> = Envelope<T>;

async function invoke<T>(
  fnKey: 'admin-resolver' | 'report-resolver',
  accountId: string,
  resolver: string,
  payload: unknown,
): Promise<Env<T>> {
  const res = await fetch(`${site.url}/__site/invoke/${fnKey}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      accountId,
      resolver,
      payload,
      moduleKey: fnKey === 'admin-resolver' ? 'postmortem-settings' : 'postmortem-report',
    }),
  });
  const body = (await res.json()) as { result?: Env<T> };
  if (!body.result) throw new Error(`invoke ${resolver} failed: ${JSON.stringify(body)}`);
  return body.result;
}
const admin = <T>(who: string, resolver: string, payload: unknown = {}) => invoke<T>('admin-resolver', who, resolver, payload);
async function ok<T>(r: Promise<Env<T>>): Promise<T> {
  const x = await r;
  if (!x.ok) throw new Error(JSON.stringify(x.error));
  return x.data;
}
const save = (who: string, settings: unknown) => admin<SaveSettingsResult>(who, 'admin.saveSettings', { settings });

function clone(): Settings {
  return structuredClone(DEFAULT_SETTINGS);
}

beforeAll(async () => {
  site = await startSite({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'admin-site-')), seed: 'demo', configureApp: false }); // the app as newly installed: nothing saved yet
});
afterAll(async () => {
  await site?.stop();
});

describe('reading the settings', () => {
  test('only Priya (the Jira admin) may read and edit them; anyone else is refused', async () => {
    const priya = await ok(admin<AdminOverview>(U.priya.accountId, 'admin.getOverview'));
    expect(priya).toMatchObject({ canEdit: true, stored: false, history: [] });
    expect(priya.settings).toEqual(DEFAULT_SETTINGS);
    const tom = await admin<AdminOverview>(U.tom.accountId, 'admin.getOverview');
    expect(tom).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(JSON.stringify(tom)).not.toContain('reminderOffsets');
  });
});

describe('validation: every field has its own message, and nothing is saved', () => {
  const UNKNOWN = '712020:00000000-0000-4000-8000-000000000999';
  const cases: Array<[string, (s: Settings) => void, string, string]> = [
    [
      'no incident issue type',
      (s) => (s.incidentFilter.issueTypes = []),
      'incidentFilter.issueTypes',
      'Name at least one incident issue type.',
    ],
    [
      'an empty issue type name',
      (s) => (s.incidentFilter.issueTypes = ['  ']),
      'incidentFilter.issueTypes.0',
      'An issue type name is 1–60 characters, e.g. Incident.',
    ],
    [
      'a lower-case incident project',
      (s) => (s.incidentFilter.projectKeys = ['ops']),
      'incidentFilter.projectKeys.0',
      'A project key is 2–10 capital letters, digits or _ and starts with a letter, e.g. OPS.',
    ],
    [
      'a bad action-item project',
      (s) => (s.actionItems.projectKeys = ['1X']),
      'actionItems.projectKeys.0',
      'A project key is 2–10 capital letters, digits or _ and starts with a letter, e.g. OPS.',
    ],
    [
      'a bad default project',
      (s) => (s.actionItems.defaultProjectKey = 'pay'),
      'actionItems.defaultProjectKey',
      'A project key is 2–10 capital letters, digits or _ and starts with a letter, e.g. OPS.',
    ],
    [
      'a default project outside the list',
      (s) => ((s.actionItems.projectKeys = ['PAY']), (s.actionItems.defaultProjectKey = 'PLAT')),
      'actionItems.defaultProjectKey',
      'The default project PLAT is not one of the action-item projects; add it there or pick another.',
    ],
    [
      'no action-item issue type',
      (s) => (s.actionItems.issueType = ''),
      'actionItems.issueType',
      'Name the issue type action items are created as, e.g. Task (at most 60 characters).',
    ],
    [
      'no link type',
      (s) => (s.linkType = ' '),
      'linkType',
      'Name the issue link type between an incident and its action items, e.g. Relates (at most 60 characters).',
    ],
    ['a deadline of 0 days', (s) => (s.postmortemDeadlineDays = 0), 'postmortemDeadlineDays', 'At least 1 day.'],
    ['a deadline of 61 days', (s) => (s.postmortemDeadlineDays = 61), 'postmortemDeadlineDays', 'At most 60 days.'],
    [
      'a deadline of 1.5 days',
      (s) => (s.postmortemDeadlineDays = 1.5),
      'postmortemDeadlineDays',
      'Enter a whole number of days from 1 to 60.',
    ],
    ['no reminder offset', (s) => (s.reminderOffsets = []), 'reminderOffsets', 'Give 1–10 reminder offsets, e.g. 7, 1, 0.'],
    ['a reminder offset of 61', (s) => (s.reminderOffsets = [61]), 'reminderOffsets.0', 'Offsets are 0–60 days.'],
    [
      'a negative reminder offset',
      (s) => (s.reminderOffsets = [7, -1]),
      'reminderOffsets.1',
      'Offsets are whole days from 0 to 60 before the due date.',
    ],
    [
      'a repeated reminder offset',
      (s) => (s.reminderOffsets = [1, 1]),
      'reminderOffsets',
      'Each reminder offset once, please: remove the repeated one.',
    ],
    [
      'a postmortem reminder offset of 70',
      (s) => (s.postmortemReminderOffsets = [70]),
      'postmortemReminderOffsets.0',
      'Offsets are whole days from 0 to 60 before the due date.',
    ],
    [
      'an escalation repeat of 61 days',
      (s) => (s.escalation.repeatDays = 61),
      'escalation.repeatDays',
      'Enter a whole number of days from 0 to 60 (0 escalates once).',
    ],
    [
      'a second tier after 0 days',
      (s) => (s.escalation.secondTierAfterDays = 0),
      'escalation.secondTierAfterDays',
      'Enter a whole number of days overdue from 1 to 365.',
    ],
    [
      'a contact that is not an account id',
      (s) => (s.escalationContacts = { PAY: { managers: ['not an id!'], secondTier: [] } }),
      'escalationContacts.PAY.managers.0',
      'That is not an Atlassian account id.',
    ],
    [
      'a contact Jira does not know',
      (s) => (s.escalationContacts = { PAY: { managers: [UNKNOWN], secondTier: [] } }),
      'escalationContacts.PAY.managers.0',
      'Jira does not know this person (or you cannot see them); pick someone with the user picker.',
    ],
    [
      'a bad space key',
      (s) => (s.confluence.spaceKey = 'not a key!'),
      'confluence.spaceKey',
      'A space key is letters and digits, e.g. ENG.',
    ],
    [
      'a parent page id that is not a number',
      (s) => (s.confluence.parentPageId = 'home'),
      'confluence.parentPageId',
      'A Confluence page id is a number.',
    ],
    ['no template section', (s) => (s.templateSections = []), 'templateSections', 'Keep 1–30 template sections.'],
    ['a section without a title', (s) => (s.templateSections[0]!.title = ''), 'templateSections.0.title', 'A section needs a title.'],
    [
      'guidance over 500 characters',
      (s) => (s.templateSections[1]!.guidance = 'x'.repeat(501)),
      'templateSections.1.guidance',
      'Keep guidance under 500 characters.',
    ],
    [
      'a section id with capitals',
      (s) => (s.templateSections[0]!.id = 'Summary'),
      'templateSections.0.id',
      'A section id is lower-case letters, digits and dashes.',
    ],
    [
      'two sections with one id',
      (s) => (s.templateSections[1]!.id = s.templateSections[0]!.id),
      'templateSections.1.id',
      'Two sections share the id "summary"; give each section its own id.',
    ],
    [
      'a glossary term without a name',
      (s) => (s.glossary = [{ term: '', description: 'primary database' }]),
      'glossary.0.term',
      'Enter the internal name.',
    ],
    [
      'a glossary term without a description',
      (s) => (s.glossary = [{ term: 'db01', description: '' }]),
      'glossary.0.description',
      'Enter the plain description.',
    ],
    [
      'a glossary term twice',
      (s) =>
        (s.glossary = [
          { term: 'db01', description: 'primary database' },
          { term: 'DB01', description: 'x' },
        ]),
      'glossary.1.term',
      '"DB01" is already in the glossary; keep one description per term.',
    ],
    [
      'an unknown time zone',
      (s) => (s.timeZone = 'Mars/Olympus_Mons'),
      'timeZone',
      'Unknown time zone; use an IANA name such as Europe/Paris.',
    ],
    [
      'an incident issue type with a tab in it (JQL cannot carry it)',
      (s) => (s.incidentFilter.issueTypes = ['Inc\tident']),
      'incidentFilter.issueTypes.0',
      'Remove the control character (a tab, line break or other invisible character) from this name.',
    ],
  ];

  test.each(cases)('%s', async (_name, mutate, field, message) => {
    const s = clone();
    mutate(s);
    const r = await save(U.priya.accountId, s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-input');
    expect(r.error.message).toBe('Some settings are not valid; nothing was saved. Fix the fields marked and save again.');
    expect(r.error.fields?.[field]).toBe(message);
  });

  test('a project key that is not one gets its message under the escalation contacts', async () => {
    const s = clone() as unknown as { escalationContacts: Record<string, unknown> };
    s.escalationContacts = { pay: { managers: [U.sofia.accountId], secondTier: [] } };
    const r = await save(U.priya.accountId, s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const entries = Object.entries(r.error.fields ?? {});
    expect(entries.some(([k]) => k.startsWith('escalationContacts'))).toBe(true);
  });

  test('nothing was saved by any refused save', async () => {
    const o = await ok(admin<AdminOverview>(U.priya.accountId, 'admin.getOverview'));
    expect(o.stored).toBe(false);
    expect(o.history).toEqual([]);
  });
});

describe('who may save', () => {
  test('a non-admin is refused, whatever the payload says, and nothing changes', async () => {
    const s = clone();
    s.reminderOffsets = [3];
    for (const who of [U.marcus.accountId, U.grace.accountId, U.noah.accountId]) {
      const r = await admin<SaveSettingsResult>(who, 'admin.saveSettings', { settings: s, canEdit: true });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      // The extra field is refused by the strict payload; without it the admin check refuses.
      const plain = await save(who, s);
      expect(plain.ok).toBe(false);
      if (plain.ok) continue;
      expect(plain.error.code).toBe('forbidden');
      expect(plain.error.message).toBe(
        'Only Jira administrators can see and change the Postmortem settings. Ask one of your Jira admins to make this change.',
      );
    }
    const o = await ok(admin<AdminOverview>(U.priya.accountId, 'admin.getOverview'));
    expect(o.settings.reminderOffsets).toEqual(DEFAULT_SETTINGS.reminderOffsets);
  });
});

describe('saving, the change history, and the settings taking effect', () => {
  test('pickers search Jira as the user', async () => {
    const users = await ok(
      admin<{ users: Array<{ accountId: string; displayName: string }> }>(U.priya.accountId, 'admin.searchUsers', { query: 'sof' }),
    );
    expect(users.users.map((u) => u.displayName)).toEqual(['Sofia Alvarez']);
    const none = await admin(U.priya.accountId, 'admin.searchUsers', { query: '' });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.fields?.query).toBe('Type at least one letter.');
    const noah = await admin(U.noah.accountId, 'admin.searchProjects', { query: 'pay' });
    expect(noah).toMatchObject({ ok: false, error: { code: 'forbidden' } }); // the pickers are the admin page's, for Jira admins only
    const mine = await ok(
      admin<{ projects: Array<{ key: string; lead: { displayName: string } | null }> }>(U.priya.accountId, 'admin.searchProjects', {
        query: 'pay',
      }),
    );
    expect(mine.projects).toEqual([expect.objectContaining({ key: 'PAY', lead: expect.objectContaining({ displayName: 'Marcus Chen' }) })]);
  });

  test('Priya changes reminder offsets and the PAY escalation contact; the change is recorded and the report follows', async () => {
    const s = clone();
    s.reminderOffsets = [4, 0];
    s.escalationContacts = { PAY: { managers: [U.sofia.accountId], secondTier: [U.priya.accountId] } };
    const saved = await ok(save(U.priya.accountId, s));
    expect(saved.changed).toBe(3);
    expect(saved.history).toHaveLength(1);
    const h = saved.history[0]!;
    expect(h).toMatchObject({ accountId: U.priya.accountId, displayName: 'Priya Raman' });
    expect(Date.now() - Date.parse(h.at)).toBeLessThan(24 * 3600_000 * 400);
    expect(h.changes).toEqual(
      expect.arrayContaining([
        { path: 'reminderOffsets', label: 'Reminder offsets (days before due)', before: '7, 1, 0', after: '4, 0' },
        { path: 'escalationContacts.PAY.managers', label: 'Escalation contacts for PAY', before: '', after: 'Sofia Alvarez' },
        { path: 'escalationContacts.PAY.secondTier', label: 'Second-tier contacts for PAY', before: '', after: 'Priya Raman' },
      ]),
    );

    const o = await ok(admin<AdminOverview>(U.priya.accountId, 'admin.getOverview'));
    expect(o.stored).toBe(true);
    expect(o.settings.reminderOffsets).toEqual([4, 0]);
    expect(o.people[U.sofia.accountId]).toBe('Sofia Alvarez');
    expect(o.projects.find((p) => p.key === 'PAY')?.lead?.displayName).toBe('Marcus Chen');

    const again = await ok(save(U.priya.accountId, s));
    expect(again.changed).toBe(0); // an unchanged save records nothing
    expect(again.history).toHaveLength(1);

    const report = await ok(invoke<ReportOverview>('report-resolver', U.priya.accountId, 'report.getReport', { filters: {} }));
    expect(report.groups.byManager.map((g) => g.label)).toContain('Sofia Alvarez');
    expect(report.groups.byManager.map((g) => g.label)).not.toContain('Marcus Chen');
  });

  test('the next sweep run from the site follows the new settings: escalations go to the new contact, reminders on the new offsets', async () => {
    await clockPastSendHour(site.url); // the trigger starts the day's sweep at the send hour
    const run = await fetch(`${site.url}/__site/scheduled/postmortem-sweep`, { method: 'POST' });
    expect(run.status).toBe(200);
    const outbox = (await (await fetch(`${site.url}/__site/outbox`)).json()) as Array<{ issueKey: string; to: string[]; subject: string }>;
    const escalations = outbox.filter((m) => /overdue|escalat/i.test(m.subject));
    expect(escalations.length).toBeGreaterThan(0);
    const payEscalations = escalations.filter((m) => m.to.includes(U.sofia.accountId));
    expect(payEscalations.length).toBeGreaterThan(0);
    expect(escalations.some((m) => m.to.includes(U.marcus.accountId) && /PAY/.test(m.subject) && !m.to.includes(U.sofia.accountId))).toBe(
      false,
    );
    // PAY-2 is due in 4 days: offset 4 reminds Liam today (the defaults 7, 1, 0 would not).
    expect(outbox.some((m) => m.issueKey === 'PAY-2' && m.to.includes(U.liam.accountId))).toBe(true);

    const o = await ok(admin<AdminOverview>(U.priya.accountId, 'admin.getOverview'));
    expect(o.sweepRuns?.length).toBeGreaterThan(0);
  });
});

describe('when app storage fails', () => {
  afterEach(async () => {
    await fetch(`${site.url}/__site/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [] }),
    });
  });

  test('a save says app storage is not answering (not an internal error), and nothing is saved', async () => {
    const before = await ok(admin<AdminOverview>(U.priya.accountId, 'admin.getOverview'));
    const changed = { ...before.settings, postmortemDeadlineDays: before.settings.postmortemDeadlineDays === 9 ? 10 : 9 };
    const faults = await fetch(`${site.url}/__site/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ target: 'kvs', method: 'POST', pathPattern: '/api/v1/set*', status: 500, count: 20 }] }),
    });
    expect(faults.status).toBe(200);
    const r = await save(U.priya.accountId, changed);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('product-error');
    expect(r.error.message).toMatch(/App storage is not answering/);
    await fetch(`${site.url}/__site/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [] }),
    });
    const after = await ok(admin<AdminOverview>(U.priya.accountId, 'admin.getOverview'));
    expect(after.settings.postmortemDeadlineDays).toBe(before.settings.postmortemDeadlineDays);
  });
});
