/**
 * "Has this fix been proposed before?": how an action item being drafted is compared with the
 * action items of earlier postmortems (docs/decisions/0012-similar-action-items.md).
 *
 * Jira finds the candidates with its own text search (`summary ~`), which matches words
 * case-insensitively with their simple derivatives and ignores common words; this module picks
 * the words to ask for, builds the JQL, and judges each candidate: the Dice coefficient of the
 * two summaries' word stems (twice the shared stems over the stems of both), similar at 0.5 or
 * more. Pure.
 */
import { ACTION_ITEM_LABEL } from '../contracts/properties';
import * as jql from './jql';

/** Common English words, which Jira's text search ignores too. */
const STOP = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with ' +
    'we our us add make use should can all any each from when after before so do does more less new'
  ).split(' '),
);

export const SIMILAR_THRESHOLD = 0.5;
/** A word in more action items than this tells none apart ("action", "item"): it is not searched for. */
export const COMMON_WORD_ITEMS = 500;
/** Words asked of Jira per draft: the most specific (longest) ones. */
export const QUERY_WORDS = 6;

export function stemWord(w: string): string {
  if (w.length <= 3 || /^\d+$/.test(w)) return w;
  let s = w;
  if (s.endsWith('ies') && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (/(xes|ches|shes|zes)$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) s = s.slice(0, -1);
  if (s.endsWith('ing') && s.length > 5) s = s.slice(0, -3);
  else if (s.endsWith('ed') && s.length > 4) s = s.slice(0, -2);
  else if (s.endsWith('ly') && s.length > 4) s = s.slice(0, -2);
  if (/([^aeiouls])\1$/.test(s)) s = s.slice(0, -1);
  if (s.endsWith('e') && s.length > 4) s = s.slice(0, -1);
  return s;
}

function wordsOf(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLocaleLowerCase('en')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** The significant word stems of a summary (no common words, no one-letter words), each once. */
export function summaryStems(summary: string): string[] {
  return [
    ...new Set(
      wordsOf(summary)
        .filter((w) => w.length > 1 && !STOP.has(w))
        .map(stemWord),
    ),
  ];
}

/** The words to search for: significant, one per stem, longest first, at most `QUERY_WORDS`. */
export function queryWords(summary: string): string[] {
  const byStem = new Map<string, string>();
  for (const w of wordsOf(summary)) {
    if (w.length < 3 || STOP.has(w) || /^\d+$/.test(w)) continue;
    const s = stemWord(w);
    if (!byStem.has(s) || (byStem.get(s) as string).length > w.length) byStem.set(s, w);
  }
  return [...byStem.values()].sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, QUERY_WORDS);
}

/** Dice coefficient of the two summaries' stems: 1 for the same words, 0 for none shared. */
export function similarity(a: string, b: string): number {
  const sa = summaryStems(a);
  const sb = new Set(summaryStems(b));
  if (sa.length === 0 || sb.size === 0) return 0;
  const shared = sa.filter((s) => sb.has(s)).length;
  return (2 * shared) / (sa.length + sb.size);
}

/**
 * Action items whose summary has any of `words` (Jira's text search), newest first. Undefined when
 * there is nothing to search for.
 */
export function similarItemsJql(words: readonly string[]): string | undefined {
  if (words.length === 0) return undefined;
  return jql.query(jql.and(jql.eq('labels', ACTION_ITEM_LABEL), jql.clause('summary', '~', words.join(' OR '))), [['created', 'DESC']]);
}

/**
 * The words worth searching for, given how many action items each is in: the rarer ones; when every
 * word is common, the two rarest (the search then stays the newest matches of those).
 */
export function distinctiveWords(counts: ReadonlyArray<{ word: string; items: number }>): string[] {
  const rare = counts.filter((c) => c.items > 0 && c.items <= COMMON_WORD_ITEMS).map((c) => c.word);
  if (rare.length > 0) return rare;
  return [...counts]
    .filter((c) => c.items > 0)
    .sort((a, b) => a.items - b.items)
    .slice(0, 2)
    .map((c) => c.word);
}

/** One word's action items (for `distinctiveWords`). */
export function wordCountJql(word: string): string {
  return jql.query(jql.and(jql.eq('labels', ACTION_ITEM_LABEL), jql.clause('summary', '~', word)));
}

export interface Candidate {
  key: string;
  summary: string;
  incidentKey: string | null;
}

/** The candidates similar enough to `summary`, most similar first, at most `limit`; not those of `ownIncident`. */
export function rankSimilar<C extends Candidate>(
  summary: string,
  candidates: readonly C[],
  options: { ownIncident?: string; limit?: number } = {},
): Array<C & { score: number }> {
  return candidates
    .filter((c) => !options.ownIncident || c.incidentKey !== options.ownIncident)
    .map((c) => ({ ...c, score: Math.round(similarity(summary, c.summary) * 100) / 100 }))
    .filter((c) => c.score >= SIMILAR_THRESHOLD)
    .sort((a, b) => b.score - a.score || b.key.localeCompare(a.key))
    .slice(0, options.limit ?? 3);
}
