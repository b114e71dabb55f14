/**
 * The merge phase's running total of one incident's escalation (docs/decisions/0018-sweep-merge-in-pages.md):
 * its overdue subjects are planned a page at a time (`planEscalationPage`), and each page is
 * added here, so that one escalation mail per reader can go out listing the first
 * MAX_LISTED_LINES lines (new stages first) and counting every line of every page, while nothing
 * held grows with the incident: per reader at most MAX_LISTED_LINES lines, counters and a hash.
 */
import { oneLine } from '../html';
import { escalationMail, MAX_LISTED_LINES, type EscalationLine } from './messages';
import type { PageShare, EscalationPage } from './plan';
import { reroutedMail } from './reach';
import type { PlannedNotification } from './types';

export interface DigestReader {
  /** Entry ids of the lines listed as new (in page order, a postmortem first), at most MAX_LISTED_LINES. */
  now: string[];
  /** Entry ids listed as still overdue, at most MAX_LISTED_LINES minus the new ones. */
  still: string[];
  /** Lines new and still overdue over every page, listed or not. */
  nowCount: number;
  stillCount: number;
  /** Of those, action items (the rest is the postmortem). */
  items: number;
  postmortem: boolean;
  rerouted: string[];
  tier2: string[];
  /** A hash of every line and mark of this reader's mail: readers with equal mails get one together. */
  hash: string;
}

export interface EscalationDigest {
  v: 1;
  postmortemUrl: string | null;
  /** Lines listed by some reader, by entry id. */
  lines: Record<string, EscalationLine>;
  readers: Record<string, DigestReader>;
}

export function emptyDigest(): EscalationDigest {
  return { v: 1, postmortemUrl: null, lines: {}, readers: {} };
}

/** 32-bit FNV-1a of `text` continued from `seed` (8 hex digits). */
function fnv(seed: string, text: string): string {
  let h = Number.parseInt(seed || '811c9dc5', 16) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** A line as the digest keeps it: its texts cut as the mail would show them. */
function keptLine(l: EscalationLine): EscalationLine {
  return l.kind === 'item'
    ? { ...l, summary: oneLine(l.summary), assigneeName: l.assigneeName === null ? null : oneLine(l.assigneeName, 80) }
    : { ...l, pageTitle: oneLine(l.pageTitle) };
}

function addShare(d: EscalationDigest, accountId: string, share: PageShare): void {
  const r: DigestReader = d.readers[accountId] ?? {
    now: [],
    still: [],
    nowCount: 0,
    stillCount: 0,
    items: 0,
    postmortem: false,
    rerouted: [],
    tier2: [],
    hash: '',
  };
  d.readers[accountId] = r;
  const add = (list: string[], e: { id: string; line: EscalationLine }) => {
    if (e.line.kind === 'postmortem') {
      r.postmortem = true;
      list.unshift(e.id);
    } else {
      r.items++;
      list.push(e.id);
    }
    d.lines[e.id] ??= keptLine(e.line);
  };
  for (const e of share.now) {
    add(r.now, e);
    r.nowCount++;
    r.hash = fnv(r.hash, `n:${e.id}`);
  }
  for (const e of share.still) {
    add(r.still, e);
    r.stillCount++;
    r.hash = fnv(r.hash, `s:${e.id}`);
  }
  for (const k of share.settles) r.hash = fnv(r.hash, `k:${k}`);
  r.rerouted = [...new Set([...r.rerouted, ...share.rerouted])];
  r.tier2 = [...new Set([...r.tier2, ...share.tier2])].sort();
  r.now.splice(MAX_LISTED_LINES);
  r.still.splice(Math.max(0, MAX_LISTED_LINES - r.now.length));
}

/** Adds one planned page to the digest (in place) and drops the lines no reader lists any more. */
export function addPage(d: EscalationDigest, page: Pick<EscalationPage, 'shares' | 'postmortemUrl'>): EscalationDigest {
  if (!d.postmortemUrl && page.postmortemUrl) d.postmortemUrl = page.postmortemUrl;
  for (const [accountId, share] of page.shares) addShare(d, accountId, share);
  const listed = new Set(Object.values(d.readers).flatMap((r) => [...r.now, ...r.still]));
  for (const id of Object.keys(d.lines)) if (!listed.has(id)) delete d.lines[id];
  return d;
}

/**
 * The incident's escalation mails from its digest: one per group of readers with the same mail,
 * only to readers with something new. Their marks are recorded page by page after they went
 * out, so `settles` is empty here.
 */
export function digestMails(d: EscalationDigest, incidentKey: string, siteUrl: string, secondTierAfter: number): PlannedNotification[] {
  const bySignature = new Map<string, { recipients: string[]; reader: DigestReader }>();
  for (const [accountId, r] of Object.entries(d.readers)) {
    if (r.nowCount === 0) continue;
    const signature = JSON.stringify([r.now, r.still, r.nowCount, r.stillCount, r.hash, r.rerouted, r.tier2]);
    const existing = bySignature.get(signature);
    if (existing) existing.recipients.push(accountId);
    else bySignature.set(signature, { recipients: [accountId], reader: r });
  }
  const out: PlannedNotification[] = [];
  for (const { recipients, reader } of bySignature.values()) {
    const sorted = [...recipients].sort();
    const line = (id: string) => d.lines[id];
    const mail = escalationMail(siteUrl, {
      incidentKey,
      postmortemUrl: d.postmortemUrl,
      now: reader.now.map(line).filter((l): l is EscalationLine => l !== undefined),
      still: reader.still.map(line).filter((l): l is EscalationLine => l !== undefined),
      total: { lines: reader.nowCount + reader.stillCount, items: reader.items, postmortem: reader.postmortem },
      ...(reader.tier2.length > 0 ? { secondTier: { projectKeys: reader.tier2, afterDays: secondTierAfter } } : {}),
    });
    const rerouted = reader.rerouted.join(' ');
    out.push({
      id: `escalation:${incidentKey}:${sorted[0] ?? ''}`,
      kind: 'escalation',
      issueKey: incidentKey,
      group: incidentKey,
      recipients: sorted,
      ...(rerouted ? reroutedMail(mail, rerouted) : mail),
      settles: [],
      ...(rerouted ? { rerouted } : {}),
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
