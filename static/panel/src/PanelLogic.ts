/** Pure helpers of the Postmortem panel (tested with plain functions). */
import type { ActionItemCounts, ActionItemRow, ItemState } from '../../../src/contracts/macro-actions';

/** "3 of 7 done · 2 overdue · 1 needs a due date". */
export function countsText(c: ActionItemCounts): string {
  if (c.total === 0) return 'No action items yet';
  const parts = [`${c.done} of ${c.total} done`];
  if (c.overdue > 0) parts.push(`${c.overdue} overdue`);
  if (c.needsDueDate > 0) parts.push(`${c.needsDueDate} ${c.needsDueDate === 1 ? 'needs' : 'need'} a due date`);
  return parts.join(' · ');
}

export function stateTone(state: ItemState): 'default' | 'success' | 'warning' | 'danger' {
  if (state === 'done') return 'success';
  if (state === 'overdue') return 'danger';
  if (state === 'due-today' || state === 'no-due-date') return 'warning';
  return 'default';
}

/** Open items first (overdue, due today, undated, then by date), done items last. */
export function panelOrder(rows: ActionItemRow[]): ActionItemRow[] {
  const rank: Record<ItemState, number> = { overdue: 0, 'due-today': 1, 'no-due-date': 2, due: 3, done: 4 };
  return [...rows].sort((a, b) => rank[a.state] - rank[b.state] || (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || a.key.localeCompare(b.key));
}

/** Only relative (/...) or https links from stored data are followed; anything else is shown as text. */
export function safeHref(url: string): string | undefined {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
