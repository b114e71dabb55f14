/** Sorting helpers for report rows: stable, nulls last in both directions, issue keys in natural order. */
import type { ItemSortKey, PostmortemSortKey, ReportItemRow, ReportPostmortemRow, SortDirection } from './types';

const ISSUE_KEY = /^([A-Z][A-Z0-9_]*)-(\d+)$/;

/** OPS-2 before OPS-10; project keys alphabetically; anything else as text. */
export function compareIssueKeys(a: string, b: string): number {
  const ma = ISSUE_KEY.exec(a);
  const mb = ISSUE_KEY.exec(b);
  if (ma && mb) {
    if (ma[1] !== mb[1]) return ma[1]! < mb[1]! ? -1 : 1;
    return Number(ma[2]) - Number(mb[2]);
  }
  return compareText(a, b);
}

function compareText(a: string, b: string): number {
  const x = a.toLocaleLowerCase('en');
  const y = b.toLocaleLowerCase('en');
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

type Value = string | number | null;

function compareValues(a: Value, b: Value, key: boolean): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return key ? compareIssueKeys(a, b) : compareText(a, b);
  return 0;
}

/** Sorts by `read`, nulls last whatever the direction; ties keep their order (stable). */
function sortBy<T>(rows: readonly T[], read: (row: T) => Value, direction: SortDirection, isKey: boolean, tieKey: (row: T) => string): T[] {
  const sign = direction === 'desc' ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, v: read(row) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) {
        if (a.v === null && b.v !== null) return 1;
        if (b.v === null && a.v !== null) return -1;
      } else {
        const c = compareValues(a.v, b.v, isKey) * sign;
        if (c !== 0) return c;
      }
      const t = compareIssueKeys(tieKey(a.row), tieKey(b.row));
      return t !== 0 ? t : a.index - b.index;
    })
    .map((x) => x.row);
}

const ITEM_READERS: Record<ItemSortKey, (r: ReportItemRow) => Value> = {
  daysOverdue: (r) => r.daysOverdue,
  dueDate: (r) => r.dueDate,
  key: (r) => r.key,
  summary: (r) => r.summary,
  assignee: (r) => r.assignee?.displayName ?? null,
  project: (r) => r.projectKey,
  incident: (r) => r.incidentKey,
  priority: (r) => r.priority,
};

export function sortItemRows(rows: readonly ReportItemRow[], by: ItemSortKey, direction: SortDirection = 'asc'): ReportItemRow[] {
  return sortBy(rows, ITEM_READERS[by], direction, by === 'key' || by === 'incident', (r) => r.key);
}

const PM_READERS: Record<PostmortemSortKey, (r: ReportPostmortemRow) => Value> = {
  dueDate: (r) => r.dueDate,
  incident: (r) => r.incidentKey,
  title: (r) => r.pageTitle,
  daysLate: (r) => r.daysLate,
  requestedReviewAt: (r) => (r.requestedReviewAt ? Date.parse(r.requestedReviewAt) : null),
  reviewedAt: (r) => (r.reviewedAt ? Date.parse(r.reviewedAt) : null),
};

export function sortPostmortemRows(
  rows: readonly ReportPostmortemRow[],
  by: PostmortemSortKey,
  direction: SortDirection = 'asc',
): ReportPostmortemRow[] {
  return sortBy(rows, PM_READERS[by], direction, by === 'incident', (r) => r.incidentKey);
}
