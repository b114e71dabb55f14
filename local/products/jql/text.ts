/**
 * Jira's text search for `summary ~ "..."` / `summary !~ "..."` (docs/platform.md, JQL text
 * search): the field and the query are broken into words, case-insensitively; common English words
 * are ignored; words match their simple derivatives ("stemming": `alert` finds "alerts" and
 * "alerting"); several words must all be there unless joined by `OR` (`AND`, `OR`, `NOT` and `-`
 * in capitals, `+` for required); `word*` matches words that start with it; `"\"two words\""`
 * matches the words next to each other.
 *
 * The stemmer is deliberately light (plural, -ing, -ed and a few more suffixes), which is what a
 * search for a similar action item needs; Jira's own analyzer stems more.
 */
import type { IssueRec } from '../model';

/** Lucene's English stop words, which Jira's text index leaves out. */
export const STOP_WORDS = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);

export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLocaleLowerCase('en')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** A light English stemmer: the same stem for "alert", "alerts", "alerting", "alerted". */
export function stem(w: string): string {
  if (w.length <= 3 || /^\d+$/.test(w)) return w;
  let s = w;
  if (s.endsWith('ies') && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (/(xes|ches|shes|zes)$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) s = s.slice(0, -1);
  if (s.endsWith('ing') && s.length > 5) s = s.slice(0, -3);
  else if (s.endsWith('ed') && s.length > 4) s = s.slice(0, -2);
  else if (s.endsWith('ly') && s.length > 4) s = s.slice(0, -2);
  if (/([^aeiouls])\1$/.test(s)) s = s.slice(0, -1); // "stopp(ing)" → "stop"
  if (s.endsWith('e') && s.length > 4) s = s.slice(0, -1); // "rotate" and "rotating" → "rotat"
  return s;
}

/** The stems a text is indexed under (stop words left out), in order. */
export function stems(text: string): string[] {
  return words(text)
    .filter((w) => !STOP_WORDS.has(w))
    .map(stem);
}

export type TextTerm = { kind: 'word'; stem: string } | { kind: 'prefix'; prefix: string } | { kind: 'phrase'; stems: string[] };

/** A parsed text query: any of `anyOf` matches; each is terms that must all match and terms that must not. */
export interface TextQuery {
  anyOf: Array<{ must: TextTerm[]; mustNot: TextTerm[] }>;
}

export function parseTextQuery(q: string): TextQuery {
  const tokens = q.match(/"[^"]*"|\S+/g) ?? [];
  const anyOf: TextQuery['anyOf'] = [];
  let current: TextQuery['anyOf'][number] = { must: [], mustNot: [] };
  let negate = false;
  for (const raw of tokens) {
    if (raw === 'OR' || raw === '||') {
      anyOf.push(current);
      current = { must: [], mustNot: [] };
      continue;
    }
    if (raw === 'AND' || raw === '&&') continue;
    if (raw === 'NOT' || raw === '!') {
      negate = true;
      continue;
    }
    let t = raw;
    let neg = negate;
    negate = false;
    if (t.startsWith('-') && t.length > 1) {
      neg = true;
      t = t.slice(1);
    } else if (t.startsWith('+') && t.length > 1) t = t.slice(1);
    const terms: TextTerm[] = [];
    if (t.startsWith('"')) {
      const s = stems(t.replace(/"/g, ''));
      if (s.length === 1) terms.push({ kind: 'word', stem: s[0] as string });
      else if (s.length > 1) terms.push({ kind: 'phrase', stems: s });
    } else if (/[*?]$/.test(t) && words(t).length === 1) {
      terms.push({ kind: 'prefix', prefix: words(t)[0] as string });
    } else {
      for (const w of words(t)) if (!STOP_WORDS.has(w)) terms.push({ kind: 'word', stem: stem(w) });
    }
    (neg ? current.mustNot : current.must).push(...terms);
  }
  anyOf.push(current);
  return { anyOf: anyOf.filter((c) => c.must.length > 0 || c.mustNot.length > 0) };
}

function termMatches(t: TextTerm, have: readonly string[], raw: readonly string[]): boolean {
  switch (t.kind) {
    case 'word':
      return have.includes(t.stem);
    case 'prefix':
      return raw.some((w) => w.startsWith(t.prefix));
    case 'phrase':
      for (let i = 0; i + t.stems.length <= have.length; i += 1) if (t.stems.every((s, j) => have[i + j] === s)) return true;
      return false;
  }
}

/** Words and stems of recent texts: a search over 100,000 summaries analyses each once, not per clause. */
const analysed = new Map<string, { have: string[]; raw: string[] }>();
function analyse(text: string): { have: string[]; raw: string[] } {
  let a = analysed.get(text);
  if (!a) {
    if (analysed.size >= 250_000) analysed.clear();
    a = { have: stems(text), raw: words(text) };
    analysed.set(text, a);
  }
  return a;
}

/** Whether `text` matches the query (a query with no searchable word matches nothing). */
export function textMatches(q: TextQuery, text: string): boolean {
  const { have, raw } = analyse(text);
  return q.anyOf.some(
    (c) => c.must.length > 0 && c.must.every((t) => termMatches(t, have, raw)) && !c.mustNot.some((t) => termMatches(t, have, raw)),
  );
}

export function summaryOf(i: Readonly<IssueRec>): string {
  return i.summary;
}
