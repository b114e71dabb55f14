/**
 * Which stage a subject has reached on a given day. "Latest stage reached" is what makes missed
 * sweeps harmless: a sweep sends the stage the subject is in now, never the ones it skipped.
 */

/** Offsets as a set: whole, non-negative, unique, largest first. */
export function normaliseOffsets(offsets: readonly number[]): number[] {
  const set = new Set<number>();
  for (const o of offsets) if (Number.isInteger(o) && o >= 0) set.add(o);
  return [...set].sort((a, b) => b - a);
}

/**
 * The reminder stage reached `daysUntilDue` days before the due date (0 = due today): the smallest
 * offset that is ≥ daysUntilDue. Undefined when no offset is reached yet or the item is overdue.
 * With offsets [7, 1, 0]: 9 → none, 7..2 → 7, 1 → 1, 0 → 0.
 * `offsets` must be normalised (largest first).
 */
export function reminderStage(daysUntilDue: number, offsets: readonly number[]): number | undefined {
  if (daysUntilDue < 0) return undefined;
  let stage: number | undefined;
  for (const o of offsets) {
    if (o >= daysUntilDue) stage = o;
    else break;
  }
  return stage;
}

/**
 * The escalation stage reached `overdueDays` after the due date, named by the overdue day it
 * starts on: the first starts on `firstDay`, then one every `repeatDays` (0 = only the first).
 * Undefined before `firstDay`. With firstDay 1, repeat 7: 1..7 → 1, 8..14 → 8, 15 → 15.
 */
export function escalationStage(overdueDays: number, firstDay: number, repeatDays: number): number | undefined {
  if (overdueDays < firstDay) return undefined;
  if (repeatDays <= 0) return firstDay;
  return firstDay + Math.floor((overdueDays - firstDay) / repeatDays) * repeatDays;
}

/** Largest reminder offset: the sweep must select items due up to today + this many days. */
export function maxOffset(offsets: readonly number[]): number {
  let max = 0;
  for (const o of offsets) if (Number.isInteger(o) && o > max) max = o;
  return max;
}
