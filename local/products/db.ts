/**
 * Product state on top of the `Store`: typed access plus in-memory indexes (issue key → id,
 * project key → id, links by issue, content properties by page) rebuilt from the store on open
 * and on reset. All writes go through here so the indexes stay in step.
 */
import type { Store } from '../site-api';
import { hasReadViews, type ReadViews } from '../store';
import {
  C,
  type ChangelogRec,
  type CommentRec,
  type ContentPropRec,
  type Counters,
  type IssueRec,
  type LinkRec,
  type PageRec,
  type ProjectRec,
  type RemoteLinkRec,
  type SpaceRec,
  type UserRec,
} from './model';
import type { OutboxEntry } from '../site-api';
import { IssueIndex, type IndexedPath } from './issue-index';

type Tx = { put: Store['put']; delete: Store['delete'] };

const ZERO: Counters = {
  issue: 10000,
  link: 10000,
  remoteLink: 10000,
  content: 65535,
  label: 1000,
  space: 98303,
  project: 10000,
  outbox: 0,
  changelog: 10000,
  comment: 10000,
};

export class Db {
  private readonly views: ReadViews;
  private keyToIssueId = new Map<string, string>();
  private projectKeyToId = new Map<string, string>();
  private linksByIssue = new Map<string, Set<string>>();
  private remoteByIssue = new Map<string, Set<string>>();
  private propsByPage = new Map<string, Set<string>>();
  private changesByIssue = new Map<string, Set<string>>();
  private commentsByIssue = new Map<string, Set<string>>();
  private tx: Tx | undefined;
  /** Writes staged in the current batch, so reads inside the batch see them. */
  private overlay = new Map<string, Map<string, unknown>>();
  private counters: Counters;
  /** Search indexes over the issues (labels, status, project, indexed properties, keys in order). */
  readonly issueIndex: IssueIndex;

  /** `indexedPaths`: the issue-property paths manifest.yml indexes for JQL. */
  constructor(
    readonly store: Store,
    indexedPaths: readonly IndexedPath[] = [],
  ) {
    this.views = hasReadViews(store) ? store : fallbackViews(store);
    this.issueIndex = new IssueIndex(indexedPaths);
    this.counters = { ...ZERO };
    this.reindex();
  }

  /**
   * Jira's search is eventually consistent (docs/platform.md, Jira REST): for `ms` (real time)
   * after an issue is created or changed, search still sees it as it was (a new issue: not at
   * all), unless the search names it in `reconcileIssues`. 0 (the default) makes search current.
   */
  readonly searchLag = { ms: 0 };
  private unindexed = new Map<string, { at: number; before: Readonly<IssueRec> | undefined }>();

  /** The issue as search sees it now: the state before a write younger than the lag, unless reconciled. */
  searchable(id: string, reconciled: ReadonlySet<string>): Readonly<IssueRec> | undefined {
    const current = this.issue(id);
    const w = this.unindexed.get(id);
    if (!w || reconciled.has(id)) return current;
    if (performance.now() - w.at >= this.searchLag.ms) {
      this.unindexed.delete(id);
      return current;
    }
    return w.before;
  }

  /** Search sees every issue as it is now (after a reset: a seed is not a recent write). */
  searchIndexCaughtUp(): void {
    this.unindexed.clear();
  }

  /** Every issue as search sees it now (see `searchable`). */
  *searchableIssues(reconciled: ReadonlySet<string>): IterableIterator<Readonly<IssueRec>> {
    if (this.unindexed.size === 0) {
      yield* this.issues();
      return;
    }
    for (const i of this.issues()) {
      const seen = this.unindexed.has(i.id) ? this.searchable(i.id, reconciled) : i;
      if (seen) yield seen;
    }
  }

  reindex(): void {
    this.unindexed.clear();
    this.keyToIssueId.clear();
    this.projectKeyToId.clear();
    this.linksByIssue.clear();
    this.remoteByIssue.clear();
    this.propsByPage.clear();
    this.changesByIssue.clear();
    this.commentsByIssue.clear();
    this.issueIndex.clear();
    for (const [id, i] of this.views.scan<IssueRec>(C.issues)) {
      this.keyToIssueId.set(i.key, id);
      this.issueIndex.update(undefined, i);
    }
    for (const [id, p] of this.views.scan<ProjectRec>(C.projects)) this.projectKeyToId.set(p.key, id);
    for (const [id, l] of this.views.scan<LinkRec>(C.links)) this.indexLink(id, l);
    for (const [id, r] of this.views.scan<RemoteLinkRec>(C.remoteLinks)) addTo(this.remoteByIssue, r.issueId, id);
    for (const [id, p] of this.views.scan<ContentPropRec>(C.contentProps)) addTo(this.propsByPage, p.pageId, id);
    for (const [id, c] of this.views.scan<ChangelogRec>(C.changelog)) addTo(this.changesByIssue, c.issueId, id);
    for (const [id, c] of this.views.scan<CommentRec>(C.comments)) addTo(this.commentsByIssue, c.issueId, id);
    this.counters = { ...ZERO, ...(this.store.get<Counters>(C.meta, 'counters') ?? {}) };
  }

  private indexLink(id: string, l: LinkRec): void {
    addTo(this.linksByIssue, l.inwardIssueId, id);
    addTo(this.linksByIssue, l.outwardIssueId, id);
  }

  /** Runs several writes as one durable batch (one journal record). */
  batch<T>(fn: () => T): T {
    if (this.tx) return fn();
    let out!: T;
    try {
      this.store.batch((tx) => {
        this.tx = tx;
        out = fn();
        tx.put(C.meta, 'counters', this.counters);
      });
    } catch (e) {
      this.tx = undefined;
      this.overlay.clear();
      this.reindex(); // the batch did not land: drop index changes made inside it
      throw e;
    }
    this.tx = undefined;
    this.overlay.clear();
    return out;
  }

  clear(): void {
    this.store.clear();
    this.reindex();
  }

  private put(c: string, id: string, v: unknown): void {
    if (this.tx) {
      this.tx.put(c, id, v);
      this.staged(c).set(id, v);
    } else this.store.put(c, id, v);
  }
  private del(c: string, id: string): void {
    if (this.tx) {
      this.tx.delete(c, id);
      this.staged(c).set(id, DELETED);
    } else this.store.delete(c, id);
  }
  private staged(c: string): Map<string, unknown> {
    let m = this.overlay.get(c);
    if (!m) this.overlay.set(c, (m = new Map()));
    return m;
  }
  private read<T>(c: string, id: string): Readonly<T> | undefined {
    const o = this.overlay.get(c);
    if (o?.has(id)) {
      const v = o.get(id);
      return v === DELETED ? undefined : (v as Readonly<T>);
    }
    return this.views.view<T>(c, id);
  }
  private *scanC<T>(c: string): IterableIterator<[string, Readonly<T>]> {
    const o = this.overlay.get(c);
    for (const [id, v] of this.views.scan<T>(c)) {
      if (o?.has(id)) continue;
      yield [id, v];
    }
    if (o) for (const [id, v] of o) if (v !== DELETED) yield [id, v as Readonly<T>];
  }

  nextId(kind: keyof Counters): string {
    this.counters[kind] += 1;
    if (!this.tx) this.store.put(C.meta, 'counters', this.counters);
    return String(this.counters[kind]);
  }

  // --- users
  user(accountId: string): Readonly<UserRec> | undefined {
    return this.read<UserRec>(C.users, accountId);
  }
  users(): Array<Readonly<UserRec>> {
    return [...this.scanC<UserRec>(C.users)].map(([, u]) => u);
  }
  putUser(u: UserRec): void {
    this.put(C.users, u.accountId, u);
  }

  // --- projects
  project(id: string): Readonly<ProjectRec> | undefined {
    return this.read<ProjectRec>(C.projects, id);
  }
  projectByKey(key: string): Readonly<ProjectRec> | undefined {
    const id = this.projectKeyToId.get(key.toUpperCase());
    return id === undefined ? undefined : this.project(id);
  }
  projectByIdOrKey(idOrKey: string): Readonly<ProjectRec> | undefined {
    return /^\d+$/.test(idOrKey) ? this.project(idOrKey) : this.projectByKey(idOrKey);
  }
  projects(): Array<Readonly<ProjectRec>> {
    return [...this.scanC<ProjectRec>(C.projects)].map(([, p]) => p);
  }
  putProject(p: ProjectRec): void {
    this.put(C.projects, p.id, p);
    this.projectKeyToId.set(p.key, p.id);
  }

  // --- issues
  issue(id: string): Readonly<IssueRec> | undefined {
    return this.read<IssueRec>(C.issues, id);
  }
  issueByKey(key: string): Readonly<IssueRec> | undefined {
    const id = this.keyToIssueId.get(key.toUpperCase());
    return id === undefined ? undefined : this.issue(id);
  }
  issueByIdOrKey(idOrKey: string): Readonly<IssueRec> | undefined {
    return /^\d+$/.test(idOrKey) ? this.issue(idOrKey) : this.issueByKey(idOrKey);
  }
  *issues(): IterableIterator<Readonly<IssueRec>> {
    for (const [, i] of this.scanC<IssueRec>(C.issues)) yield i;
  }
  issueCount(): number {
    return this.views.count(C.issues);
  }
  putIssue(i: IssueRec): void {
    const prev = this.issue(i.id);
    if (this.searchLag.ms > 0) {
      const w = this.unindexed.get(i.id);
      const now = performance.now();
      if (!w || now - w.at >= this.searchLag.ms) this.unindexed.set(i.id, { at: now, before: prev });
      else w.at = now; // still unindexed: search keeps the state before the first of these writes
    }
    this.put(C.issues, i.id, i);
    this.issueIndex.update(prev, i);
    this.keyToIssueId.set(i.key, i.id);
  }

  // --- history: changelog entries and comments, oldest first
  changelogOf(issueId: string): Array<Readonly<ChangelogRec>> {
    return [...(this.changesByIssue.get(issueId) ?? [])]
      .flatMap((id) => {
        const c = this.read<ChangelogRec>(C.changelog, id);
        return c ? [c] : [];
      })
      .sort((a, b) => a.created.localeCompare(b.created) || Number(a.id) - Number(b.id));
  }
  putChangelog(c: ChangelogRec): void {
    this.put(C.changelog, c.id, c);
    addTo(this.changesByIssue, c.issueId, c.id);
  }
  commentsOf(issueId: string): Array<Readonly<CommentRec>> {
    return [...(this.commentsByIssue.get(issueId) ?? [])]
      .flatMap((id) => {
        const c = this.read<CommentRec>(C.comments, id);
        return c ? [c] : [];
      })
      .sort((a, b) => a.created.localeCompare(b.created) || Number(a.id) - Number(b.id));
  }
  putComment(c: CommentRec): void {
    this.put(C.comments, c.id, c);
    addTo(this.commentsByIssue, c.issueId, c.id);
  }

  // --- links
  link(id: string): Readonly<LinkRec> | undefined {
    return this.read<LinkRec>(C.links, id);
  }
  linksOf(issueId: string): Array<Readonly<LinkRec>> {
    return [...(this.linksByIssue.get(issueId) ?? [])].flatMap((id) => {
      const l = this.link(id);
      return l ? [l] : [];
    });
  }
  putLink(l: LinkRec): void {
    this.put(C.links, l.id, l);
    this.indexLink(l.id, l);
  }
  deleteLink(l: Readonly<LinkRec>): void {
    this.del(C.links, l.id);
    this.linksByIssue.get(l.inwardIssueId)?.delete(l.id);
    this.linksByIssue.get(l.outwardIssueId)?.delete(l.id);
  }

  // --- remote links
  remoteLinksOf(issueId: string): Array<Readonly<RemoteLinkRec>> {
    return [...(this.remoteByIssue.get(issueId) ?? [])]
      .flatMap((id) => {
        const r = this.read<RemoteLinkRec>(C.remoteLinks, id);
        return r ? [r] : [];
      })
      .sort((a, b) => Number(a.id) - Number(b.id));
  }
  putRemoteLink(r: RemoteLinkRec): void {
    this.put(C.remoteLinks, r.id, r);
    addTo(this.remoteByIssue, r.issueId, r.id);
  }
  deleteRemoteLink(r: Readonly<RemoteLinkRec>): void {
    this.del(C.remoteLinks, r.id);
    this.remoteByIssue.get(r.issueId)?.delete(r.id);
  }

  // --- spaces
  space(id: string): Readonly<SpaceRec> | undefined {
    return this.read<SpaceRec>(C.spaces, id);
  }
  spaces(): Array<Readonly<SpaceRec>> {
    return [...this.scanC<SpaceRec>(C.spaces)].map(([, s]) => s).sort((a, b) => Number(a.id) - Number(b.id));
  }
  spaceByKey(key: string): Readonly<SpaceRec> | undefined {
    return this.spaces().find((s) => s.key === key);
  }
  putSpace(s: SpaceRec): void {
    this.put(C.spaces, s.id, s);
  }

  // --- pages
  page(id: string): Readonly<PageRec> | undefined {
    return this.read<PageRec>(C.pages, id);
  }
  pages(): Array<Readonly<PageRec>> {
    return [...this.scanC<PageRec>(C.pages)].map(([, p]) => p).sort((a, b) => Number(a.id) - Number(b.id));
  }
  putPage(p: PageRec): void {
    this.put(C.pages, p.id, p);
  }
  /** Removes a page and its content properties (a discarded draft). */
  deletePage(p: Readonly<PageRec>): void {
    this.batch(() => {
      for (const prop of this.contentPropsOf(p.id)) this.deleteContentProp(prop);
      this.del(C.pages, p.id);
    });
  }

  // --- content properties
  contentProp(id: string): Readonly<ContentPropRec> | undefined {
    return this.read<ContentPropRec>(C.contentProps, id);
  }
  contentPropsOf(pageId: string): Array<Readonly<ContentPropRec>> {
    return [...(this.propsByPage.get(pageId) ?? [])]
      .flatMap((id) => {
        const p = this.contentProp(id);
        return p ? [p] : [];
      })
      .sort((a, b) => Number(a.id) - Number(b.id));
  }
  putContentProp(p: ContentPropRec): void {
    this.put(C.contentProps, p.id, p);
    addTo(this.propsByPage, p.pageId, p.id);
  }
  deleteContentProp(p: Readonly<ContentPropRec>): void {
    this.del(C.contentProps, p.id);
    this.propsByPage.get(p.pageId)?.delete(p.id);
  }

  // --- outbox
  addOutbox(e: OutboxEntry): void {
    const id = this.nextId('outbox').padStart(10, '0');
    this.put(C.outbox, id, e);
  }
  outbox(): OutboxEntry[] {
    return this.store
      .list<OutboxEntry>(C.outbox)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, e]) => e);
  }
}

const DELETED = Symbol('deleted');

function addTo(m: Map<string, Set<string>>, k: string, v: string): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}

/** Read views over a plain `Store` (copies on each read: fine for small stores). */
function fallbackViews(store: Store): ReadViews {
  return {
    view: <T>(c: string, id: string) => store.get<T>(c, id),
    *scan<T>(c: string): IterableIterator<[string, Readonly<T>]> {
      yield* store.list<T>(c);
    },
    count: (c: string) => store.list(c).length,
  };
}
