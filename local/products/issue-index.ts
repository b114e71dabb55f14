/**
 * In-memory search indexes over the local Jira's issues, kept in step by `Db.putIssue`, so that a
 * page of `/rest/api/3/search/jql` costs in proportion to the page rather than to the site:
 *
 * - postings (issue ids as numbers) per label, status category, status, issue type, project and
 *   per value of each issue-property path manifest.yml indexes (`jira:entityProperty`), and per
 *   word stem of the summary (for `summary ~`, jql/text.ts);
 * - each project's issues by issue number, so `ORDER BY key` pages walk keys in order from a
 *   cursor instead of sorting every hit.
 *
 * String values are indexed lower-cased, as JQL compares them case-insensitively.
 */
import { statusById, type IssueRec } from './model';
import { stems } from './jql/text';

/** A superset of the issues a clause can match (the clause's predicate still decides). */
export interface Candidates {
  /** An upper bound of how many ids `ids()` yields. */
  readonly size: number;
  has(id: number): boolean;
  ids(): Iterable<number>;
}

export const NO_CANDIDATES: Candidates = { size: 0, has: () => false, ids: () => [] };

/** `propertyKey` and dotted path of an indexed issue-property value. */
export interface IndexedPath {
  propertyKey: string;
  path: string;
}

function postingCandidates(set: ReadonlySet<number> | undefined): Candidates {
  if (!set || set.size === 0) return NO_CANDIDATES;
  return { size: set.size, has: (id) => set.has(id), ids: () => set };
}

/** Issues matching any of `parts` (an OR, or `in (...)`). */
export function unionOf(parts: Candidates[]): Candidates {
  const live = parts.filter((p) => p.size > 0);
  if (live.length === 0) return NO_CANDIDATES;
  if (live.length === 1) return live[0] as Candidates;
  return {
    size: live.reduce((n, p) => n + p.size, 0),
    has: (id) => live.some((p) => p.has(id)),
    *ids() {
      const seen = new Set<number>();
      for (const p of live) {
        for (const id of p.ids()) {
          if (seen.has(id)) continue;
          seen.add(id);
          yield id;
        }
      }
    },
  };
}

/** Issues matching every one of `parts` (an AND): driven by the smallest part. */
export function intersectionOf(parts: Candidates[]): Candidates {
  if (parts.length === 1) return parts[0] as Candidates;
  const sorted = [...parts].sort((a, b) => a.size - b.size);
  const [driver, ...rest] = sorted as [Candidates, ...Candidates[]];
  if (driver.size === 0) return NO_CANDIDATES;
  return {
    size: driver.size,
    has: (id) => sorted.every((p) => p.has(id)),
    *ids() {
      for (const id of driver.ids()) if (rest.every((p) => p.has(id))) yield id;
    },
  };
}

function propertyValues(i: Readonly<IssueRec>, p: IndexedPath): string[] {
  let v: unknown = i.properties[p.propertyKey];
  for (const seg of p.path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
    v = (v as Record<string, unknown>)[seg];
  }
  const list = Array.isArray(v) ? v : [v];
  return list.flatMap((x) => (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? [String(x).toLowerCase()] : []));
}

function issueNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf('-') + 1));
}

export class IssueIndex {
  private readonly postings = new Map<string, Set<number>>();
  /** projectId → issue ids by issue number (sparse). */
  private readonly byNumber = new Map<string, Array<number | undefined>>();

  constructor(private readonly paths: readonly IndexedPath[]) {}

  clear(): void {
    this.postings.clear();
    this.byNumber.clear();
  }

  private termsOf(i: Readonly<IssueRec>): string[] {
    const terms = [
      `project:${i.projectId}`,
      `type:${i.issueTypeId}`,
      `status:${i.statusId}`,
      `cat:${statusById(i.statusId)?.category ?? 'new'}`,
    ];
    for (const l of i.labels) terms.push(`label:${l.toLowerCase()}`);
    for (const w of new Set(stems(i.summary))) terms.push(`word:${w}`);
    for (const p of this.paths) for (const v of propertyValues(i, p)) terms.push(`prop:${p.propertyKey}.${p.path}:${v}`);
    return terms;
  }

  /** Moves an issue's entries from its previous version (if any) to `next`. */
  update(prev: Readonly<IssueRec> | undefined, next: Readonly<IssueRec>): void {
    const id = Number(next.id);
    const before = prev ? this.termsOf(prev) : [];
    const after = this.termsOf(next);
    const keep = new Set(after);
    for (const t of before) if (!keep.has(t)) this.postings.get(t)?.delete(id);
    for (const t of after) {
      let s = this.postings.get(t);
      if (!s) this.postings.set(t, (s = new Set()));
      s.add(id);
    }
    if (prev && (prev.projectId !== next.projectId || prev.key !== next.key)) {
      const old = this.byNumber.get(prev.projectId);
      if (old && old[issueNumber(prev.key)] === id) old[issueNumber(prev.key)] = undefined;
    }
    let arr = this.byNumber.get(next.projectId);
    if (!arr) this.byNumber.set(next.projectId, (arr = []));
    arr[issueNumber(next.key)] = id;
  }

  private term(t: string): Candidates {
    return postingCandidates(this.postings.get(t));
  }

  label(value: string): Candidates {
    return this.term(`label:${value.toLowerCase()}`);
  }
  project(projectId: string): Candidates {
    return this.term(`project:${projectId}`);
  }
  issueType(typeId: string): Candidates {
    return this.term(`type:${typeId}`);
  }
  status(statusId: string): Candidates {
    return this.term(`status:${statusId}`);
  }
  statusCategory(key: string): Candidates {
    return this.term(`cat:${key}`);
  }
  /** Issues whose summary has this word stem. */
  summaryWord(stem: string): Candidates {
    return this.term(`word:${stem}`);
  }
  /** Undefined when the path is not indexed here (then the caller scans). */
  property(propertyKey: string, path: string, value: string): Candidates | undefined {
    if (!this.paths.some((p) => p.propertyKey === propertyKey && p.path === path)) return undefined;
    return this.term(`prop:${propertyKey}.${path}:${value.toLowerCase()}`);
  }

  /** The project's issue ids by issue number (index = number; holes for numbers never used). */
  numbers(projectId: string): ReadonlyArray<number | undefined> {
    return this.byNumber.get(projectId) ?? [];
  }
}
