/**
 * What the sweep must send over the demo seed (SEED.md), derived here from the seed's dates and
 * the sweep policy (src/domain/sweep/plan.ts, default settings), independently of the planner.
 */
import { addDays, daysBetween } from '../../../../src/domain/dates';

export const U = (n: number) => `712020:7d3c9a2e-0b5f-4e61-9c1d-${String(n).padStart(12, '0')}`;
export const MARCUS = U(3);
export const GRACE = U(2);
const LEADS: Record<string, string> = { PAY: MARCUS, PLAT: GRACE };

interface SeedItem {
  key: string;
  summary: string;
  assignee: string | null;
  reporter: string;
  /** Days from the seed's today, or null for no due date. */
  due: number | null;
  done?: true;
}

/** The action items of INC-3 in the demo seed (SEED.md). */
export const ITEMS: SeedItem[] = [
  {
    key: 'PAY-1',
    summary: 'Roll back the shared pool-size default and pin payments to 200 connections',
    assignee: U(5),
    reporter: MARCUS,
    due: 3,
    done: true,
  },
  { key: 'PAY-2', summary: 'Alert when gateway pool utilisation exceeds 80% for 5 minutes', assignee: U(6), reporter: MARCUS, due: 4 },
  {
    key: 'PLAT-1',
    summary: 'Require an owning-team review for changes to shared config templates',
    assignee: U(7),
    reporter: MARCUS,
    due: 0,
  },
  { key: 'PAY-3', summary: 'Load-test checkout at 2x peak before each gateway client upgrade', assignee: U(5), reporter: MARCUS, due: -3 },
  { key: 'PAY-4', summary: 'Add the payments runbook link to the checkout error-rate alert', assignee: U(6), reporter: MARCUS, due: -15 },
  {
    key: 'PLAT-2',
    summary: 'Split batch-job defaults out of the shared service config template',
    assignee: null,
    reporter: MARCUS,
    due: 10,
  },
  { key: 'PAY-5', summary: 'Document the gateway connection budget per service', assignee: MARCUS, reporter: MARCUS, due: null },
];

export interface ExpectedMail {
  issueKey: string;
  to: string[];
  subject: string;
  /** Escalations: keys listed as newly overdue, and as still overdue. */
  now?: string[];
  still?: string[];
}

const OFFSETS = [7, 1, 0];
const REPEAT = 7;

function dueWords(days: number): string {
  return days === 0 ? 'due today' : `due in ${days} day${days === 1 ? '' : 's'}`;
}

/** A second-tier contact for every project, from overdue day `after` (settings.escalation.secondTierAfterDays). */
export interface SecondTier {
  accountId: string;
  after: number;
}

/** The demo seed's settings (local/products/SEED.md): Priya Raman is every project's second tier, from day 14 overdue (the default). */
export const DEMO_SECOND_TIER: SecondTier = { accountId: '712020:7d3c9a2e-0b5f-4e61-9c1d-000000000001', after: 14 };

/**
 * The incidents of the demo seed without a postmortem sent to review, tracked from resolution: the
 * demo's app was installed 90 days before the seed's today (SEED.md), before each was resolved.
 * Due `DEADLINE` days after resolution; `owner` is the assignee (settings postmortemOwnerRole).
 */
export const TRACKED = [
  { key: 'INC-1', owner: U(7), resolved: -75 },
  { key: 'INC-2', owner: U(9), resolved: -51 },
  { key: 'INC-4', owner: U(9), resolved: -2 },
];
const INC_SUMMARY: Record<string, string> = {
  'INC-1': 'Status page unreachable during DNS provider outage',
  'INC-2': 'Push notifications delayed by up to 2 hours on Android',
  'INC-4': 'Mobile app login failures after token-service deploy',
};
const DEADLINE = 7;
const POSTMORTEM_OFFSETS = [0, 2]; // settings postmortemReminderOffsets, smallest first

/**
 * The sweep policy, written independently of the planner, over the seed's items. Managers
 * are the project leads (the default, or the same people configured as escalation contacts).
 */
export class Expectations {
  private readonly sent = new Set<string>();
  /** Items and incidents nobody is chased about any more (see stopChasing). */
  private readonly stopped = new Set<string>();
  constructor(
    private readonly seedToday: string,
    private readonly secondTier?: SecondTier,
    /** Tracked incidents a test chases itself (e.g. one given a page with its own due date). */
    private readonly except: readonly string[] = [],
  ) {}

  private share(esc: Map<string, { now: string[]; still: string[] }>, who: string, item: string, key: string): void {
    const e = esc.get(who) ?? { now: [], still: [] };
    esc.set(who, e);
    if (this.sent.has(key)) e.still.push(item);
    else {
      this.sent.add(key);
      e.now.push(item);
    }
  }

  /** From the next day() on, `key` is not chased: an incident whose postmortem went to review, an item whose waiver was approved. */
  stopChasing(key: string): void {
    this.stopped.add(key);
  }

  day(today: string): ExpectedMail[] {
    const mails: ExpectedMail[] = [];
    const esc = new Map<string, { now: string[]; still: string[] }>();
    for (const it of ITEMS) {
      if (it.done || this.stopped.has(it.key)) continue;
      const project = it.key.split('-')[0] ?? '';
      if (it.due === null) {
        const key = `${it.key}:nodue`;
        if (!this.sent.has(key)) {
          this.sent.add(key);
          mails.push({
            issueKey: it.key,
            to: [...new Set([it.reporter, it.assignee ?? it.reporter])].sort(),
            subject: `${it.key} needs a due date: ${it.summary}`,
          });
        }
        continue;
      }
      const due = addDays(this.seedToday, it.due);
      const until = daysBetween(today, due);
      if (until >= 0) {
        const stage = [...OFFSETS].sort((a, b) => a - b).find((o) => o >= until);
        if (stage === undefined) continue;
        const key = `${it.key}:${due}:r${stage}`;
        if (this.sent.has(key)) continue;
        this.sent.add(key);
        mails.push(
          it.assignee
            ? { issueKey: it.key, to: [it.assignee], subject: `${it.key} is ${dueWords(until)}: ${it.summary}` }
            : { issueKey: it.key, to: [it.reporter], subject: `${it.key} has no owner and is ${dueWords(until)}: ${it.summary}` },
        );
        continue;
      }
      const overdue = -until;
      const stage = 1 + Math.floor((overdue - 1) / REPEAT) * REPEAT;
      this.share(esc, LEADS[project] ?? '', it.key, `${it.key}:${due}:e${stage}`);
      if (this.secondTier && overdue >= this.secondTier.after) {
        const t = this.secondTier.after + Math.floor((overdue - this.secondTier.after) / REPEAT) * REPEAT;
        this.share(esc, this.secondTier.accountId, it.key, `${it.key}:${due}:t${t}`);
      }
    }
    for (const i of TRACKED.filter((t) => !this.except.includes(t.key) && !this.stopped.has(t.key))) {
      const due = addDays(this.seedToday, i.resolved + DEADLINE);
      const until = daysBetween(today, due);
      if (until >= 0) {
        const stage = POSTMORTEM_OFFSETS.find((o) => o >= until);
        if (stage === undefined || this.sent.has(`${i.key}:r${stage}`)) continue;
        this.sent.add(`${i.key}:r${stage}`);
        mails.push({ issueKey: i.key, to: [i.owner], subject: `Postmortem for ${i.key} is ${dueWords(until)}: ${INC_SUMMARY[i.key]}` });
        continue;
      }
      const late = -until;
      const stage = 1 + Math.floor((late - 1) / REPEAT) * REPEAT;
      if (!this.sent.has(`${i.key}:e${stage}`)) {
        this.sent.add(`${i.key}:e${stage}`);
        mails.push({ issueKey: i.key, to: [GRACE], subject: `Escalation for ${i.key}: the postmortem is late`, now: [], still: [] });
        mails.push({
          issueKey: i.key,
          to: [i.owner],
          subject: `Your postmortem for ${i.key} is late by ${late} day${late === 1 ? '' : 's'}`,
        });
      }
      const tier = this.secondTier; // INC's second tier, as for its action items' projects
      if (tier && late >= tier.after) {
        const t = tier.after + Math.floor((late - tier.after) / REPEAT) * REPEAT;
        if (this.sent.has(`${i.key}:t${t}`)) continue;
        this.sent.add(`${i.key}:t${t}`);
        mails.push({
          issueKey: i.key,
          to: [tier.accountId],
          subject: `Second-tier escalation for ${i.key}: the postmortem is late`,
          now: [],
          still: [],
        });
      }
    }
    for (const [lead, e] of esc) {
      if (e.now.length === 0) continue;
      const n = e.now.length + e.still.length; // the subject counts every item the body lists
      mails.push({
        issueKey: 'INC-3',
        to: [lead],
        subject: `${lead === this.secondTier?.accountId ? 'Second-tier escalation' : 'Escalation'} for INC-3: ${n} action item${n === 1 ? ' is' : 's are'} overdue`,
        now: e.now.sort(),
        still: e.still.sort(),
      });
    }
    return mails;
  }
}

/** Item keys listed in an escalation's text, before and after "Still overdue". */
export function escalationLists(text: string): { now: string[]; still: string[] } {
  const [head = '', tail = ''] = text.split('Still overdue (escalated before):');
  const keys = (s: string) => [...s.matchAll(/^- ([A-Z]+-\d+) /gm)].map((m) => m[1] ?? '').sort();
  return { now: keys(head), still: keys(tail) };
}

export function comparable(m: { issueKey: string; to: string[]; subject: string; textBody?: string }): ExpectedMail {
  const base: ExpectedMail = { issueKey: m.issueKey, to: [...m.to].sort(), subject: m.subject };
  if (/^(Second-tier escalation|Escalation) for/.test(m.subject) && m.textBody !== undefined)
    return { ...base, ...escalationLists(m.textBody) };
  return base;
}

export const byKey = (a: ExpectedMail, b: ExpectedMail) =>
  `${a.issueKey} ${a.to.join()} ${a.subject}`.localeCompare(`${b.issueKey} ${b.to.join()} ${b.subject}`);
