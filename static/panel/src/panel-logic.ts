/** Pure helpers of the Postmortem panel (tested with plain functions). */
export { countsText, stateTone } from '../../common/action-items';
import type { ActionItemRow, ItemState } from '@contracts/macro-actions';

/** Open items first (overdue, due today, undated, then by date), done items last. */
export function panelOrder(rows: ActionItemRow[]): ActionItemRow[] {
  const rank: Record<ItemState, number> = { overdue: 0, 'due-today': 1, 'no-due-date': 2, due: 3, done: 4 };
  return [...rows].sort(
    (a, b) => rank[a.state] - rank[b.state] || (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || a.key.localeCompare(b.key),
  );
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
