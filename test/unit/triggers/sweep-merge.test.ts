/**
 * The sweep's merge phase (docs/decisions/0012-sweep-within-storage-quotas.md): chunks defer
 * incidents' escalations, the merge escalates over every chunk's part at once, and a mail lists at
 * most MAX_LISTED_LINES lines; the merge events are packed by their storage calls.
 */
import { addDays } from '../../../src/domain/dates';
import { escalationMail, MAX_LISTED_LINES } from '../../../src/domain/sweep/messages';
import { addPage, digestMails, emptyDigest } from '../../../src/domain/sweep/digest';
import { ledgerViewOfKeys } from '../../../src/domain/sweep/ledger';
import { planEscalationPage } from '../../../src/domain/sweep/plan';
import { MERGE_GROUPS_PER_EVENT } from '../../../src/triggers/sweep/events';
import { chunkRuns, chunksOfRuns, deferredGroups, mergePacks } from '../../../src/triggers/sweep/merge';
import { PROJECTS, SITE, TODAY, item, plan, postmortem, settings } from '../domain/sweep/fixtures';

const overdue = (n: number, incidentKey: string | null = 'INC-1') =>
  Array.from({ length: n }, () => item({ incidentKey, dueDate: addDays(TODAY, -3) }));

describe('planning with deferred escalations', () => {
  it('a chunk defers its incidents’ escalations (their overdue subjects), but escalates an item linked to no incident', () => {
    const items = [...overdue(2), ...overdue(1, null), item({ dueDate: addDays(TODAY, 7) })];
    const pm = postmortem({ dueDate: addDays(TODAY, -2) });
    const p = plan({ items, postmortems: [pm], escalations: 'defer' });
    expect(p.deferred).toEqual([{ group: 'INC-1', subjects: ['INC-1', items[0]?.key, items[1]?.key] }]);
    const escalations = p.notifications.filter((n) => n.kind === 'escalation');
    expect(escalations.map((n) => n.issueKey)).toEqual([items[2]?.key]);
    // Reminders and the late postmortem's owner notice are the chunk's.
    expect(p.notifications.map((n) => n.kind).sort()).toEqual(['escalation', 'postmortem-late', 'reminder']);
  });

  it('the merge plans escalations only: one mail per reader over the parts of every chunk', () => {
    const a = overdue(2);
    const b = overdue(3);
    const pm = postmortem({ dueDate: addDays(TODAY, -2) });
    const merged = plan({ items: [...a, ...b], postmortems: [pm], escalations: 'only' });
    expect(merged.notifications.every((n) => n.kind === 'escalation')).toBe(true);
    const toManager = merged.notifications.filter((n) => n.recipients.includes('mgr-ops'));
    expect(toManager).toHaveLength(1);
    for (const i of [...a, ...b]) expect(toManager[0]?.textBody).toContain(i.key);
    expect(toManager[0]?.textBody).toContain('Postmortem');
    // Planned in two chunks instead, the manager would get two mails for INC-1.
    const split = [plan({ items: a }), plan({ items: b })].flatMap((p) => p.notifications.filter((n) => n.recipients.includes('mgr-ops')));
    expect(split).toHaveLength(2);
  });

  it('without a mode, escalations are planned with the rest (a run of one chunk)', () => {
    const p = plan({ items: overdue(2) });
    expect(p.deferred).toEqual([]);
    expect(p.notifications.some((n) => n.kind === 'escalation')).toBe(true);
  });
});

describe('an escalation mail lists at most MAX_LISTED_LINES lines', () => {
  const line = (n: number) => ({
    kind: 'item' as const,
    key: `OPS-${n}`,
    summary: 'Fix',
    assigneeName: null,
    dueDate: '2026-03-01',
    overdueDays: 9,
  });
  it('lists new stages first, counts the rest, and the subject counts them all', () => {
    const now = Array.from({ length: MAX_LISTED_LINES - 10 }, (_, i) => line(i + 1));
    const still = Array.from({ length: 30 }, (_, i) => line(1000 + i));
    const mail = escalationMail(SITE, { incidentKey: 'INC-1', postmortemUrl: null, now, still });
    const listed = [...mail.textBody.matchAll(/^- (OPS-\d+)/gm)].map((m) => m[1]);
    expect(listed).toHaveLength(MAX_LISTED_LINES);
    expect(listed.slice(0, now.length)).toEqual(now.map((l) => l.key));
    expect(mail.textBody).toContain(
      '…and 20 more overdue lines not listed here: the Postmortem panel of INC-1 in Jira lists every action item.',
    );
    expect(mail.htmlBody).toContain('20 more overdue lines');
    expect(mail.subject).toContain(`${MAX_LISTED_LINES + 20} action items are overdue`);
  });
  it('a mail within the limit says nothing of more', () => {
    const mail = escalationMail(SITE, { incidentKey: 'INC-1', postmortemUrl: null, now: [line(1)], still: [] });
    expect(mail.textBody).not.toContain('more overdue');
  });
});

describe('merge events', () => {
  it('names chunks as runs of consecutive numbers', () => {
    expect(chunkRuns([7, 0, 2, 1, 2])).toEqual([
      [0, 2],
      [7, 7],
    ]);
  });

  it('collects each deferred incident’s chunks and subjects from the tickets, in order of first chunk', () => {
    const r = (chunk: number, deferred: Array<{ g: string; n: number }>) => ({ chunk, endedAt: '', counts: {}, failures: [], deferred });
    expect(
      deferredGroups([
        r(3, [{ g: 'INC-2', n: 4 }]),
        r(1, [{ g: 'INC-1', n: 2 }]),
        r(2, [
          { g: 'INC-1', n: 5 },
          { g: 'INC-2', n: 1 },
        ]),
      ]),
    ).toEqual([
      { g: 'INC-1', chunks: [1, 2], n: 7 },
      { g: 'INC-2', chunks: [3, 2], n: 5 },
    ]);
  });

  it('packs incidents by MERGE_GROUPS_PER_EVENT, as runs of their chunks; the events run one after another', () => {
    const small = Array.from({ length: MERGE_GROUPS_PER_EVENT + 5 }, (_, i) => ({ g: `INC-${i + 1}`, chunks: [i], n: 1 }));
    const big = { g: 'INC-999', chunks: [0, 1, 2, 3, 9], n: 100_000 };
    const packs = mergePacks([...small, big]);
    expect(packs.map((p) => p.length)).toEqual([MERGE_GROUPS_PER_EVENT, 6]);
    expect(packs[1]?.at(-1)).toEqual({
      g: 'INC-999',
      c: [
        [0, 3],
        [9, 9],
      ],
    });
    expect(
      chunksOfRuns([
        [0, 3],
        [9, 9],
      ]),
    ).toEqual([0, 1, 2, 3, 9]);
    expect(Buffer.byteLength(JSON.stringify(packs[0]))).toBeLessThan(10_000);
  });
});

describe('an incident escalated in pages (docs/decisions/0018-sweep-merge-in-pages.md)', () => {
  const base = { settings: settings(), today: TODAY, siteUrl: SITE, projects: PROJECTS };
  /** Items overdue by 3 days (a new stage) and by 20 days whose stage the manager already had. */
  const fresh = overdue(MAX_LISTED_LINES + 40);
  const old = Array.from({ length: 30 }, () => item({ dueDate: addDays(TODAY, -20) }));
  const pm = postmortem({ dueDate: addDays(TODAY, -2) });
  const whole = [...old.slice(0, 10), ...fresh, ...old.slice(10)];
  const told = ledgerViewOfKeys(old.map((i) => `sweep-ledger:a:${i.key}:${i.dueDate}:e15`));

  it('adds up pages into one mail per reader equal to the mail planned over every part at once', () => {
    const once = plan({ ...base, items: whole, postmortems: [pm], escalations: 'only', ledger: told });
    // Pages of 37 subjects, the postmortem in the last one.
    const digest = emptyDigest();
    for (let from = 0; from < whole.length; from += 37) {
      const last = from + 37 >= whole.length;
      addPage(
        digest,
        planEscalationPage({ ...base, items: whole.slice(from, from + 37), postmortems: last ? [pm] : [], ledger: told }, 'INC-1'),
      );
      // Nothing held grows with the incident: at most MAX_LISTED_LINES lines a reader.
      for (const r of Object.values(digest.readers)) expect(r.now.length + r.still.length).toBeLessThanOrEqual(MAX_LISTED_LINES);
    }
    const paged = digestMails(digest, 'INC-1', SITE, base.settings.escalation.secondTierAfterDays);
    const byReader = (ns: ReadonlyArray<{ recipients: string[]; subject: string; textBody: string; htmlBody: string }>) =>
      Object.fromEntries(
        ns.flatMap((n) => n.recipients.map((r) => [r, { subject: n.subject, textBody: n.textBody, htmlBody: n.htmlBody }])),
      );
    expect(paged.length).toBeGreaterThan(0);
    expect(byReader(paged)).toEqual(byReader(once.notifications));
    const toManager = paged.find((n) => n.recipients.includes('mgr-ops'));
    expect(toManager?.textBody).toContain(`…and ${fresh.length + old.length + 1 - MAX_LISTED_LINES} more overdue lines not listed here`);
    expect(toManager?.subject).toContain(`${fresh.length + old.length} action items are overdue`);
  });

  it('a reader with nothing new in any page gets no mail; the marks a page settles are its own', () => {
    const digest = emptyDigest();
    const toldAll = ledgerViewOfKeys(
      old.flatMap((i) => [`sweep-ledger:a:${i.key}:${i.dueDate}:e15`, `sweep-ledger:a:${i.key}:${i.dueDate}:t14`]),
    );
    const page = planEscalationPage({ ...base, items: old, postmortems: [], ledger: toldAll }, 'INC-1');
    expect(page.shares.get('mgr-ops')?.still).toHaveLength(old.length);
    addPage(digest, page);
    expect(digestMails(digest, 'INC-1', SITE, 14)).toEqual([]);
    const second = planEscalationPage({ ...base, items: fresh.slice(0, 3), postmortems: [], ledger: told }, 'INC-1');
    expect(second.shares.get('mgr-ops')?.settles.sort()).toEqual(
      fresh
        .slice(0, 3)
        .map((i) => `sweep-ledger:a:${i.key}:${i.dueDate}:e1`)
        .sort(),
    );
  });
});
