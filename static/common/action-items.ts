/** Action-item wording shared by the macro's table and the panel (plain functions, tested directly). */
import type { ActionItemCounts, ItemState } from '@contracts/macro-actions';

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
