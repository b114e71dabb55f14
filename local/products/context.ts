/** What a route handler gets, and the access rules (project and space membership, admins). */
import type { Actor, Clock, ProductResponse } from '../site-api';
import type { Db } from './db';
import type { ProjectRec, SpaceRec } from './model';
import type { EntityPropertyIndex } from './manifest-index';

export interface Ctx {
  db: Db;
  clock: Clock;
  actor: Actor;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body: string | undefined;
  index: EntityPropertyIndex;
  /** The site's address, without a trailing slash (web links are built from it). */
  baseUrl: string;
}

export type Handler = (ctx: Ctx) => ProductResponse;

/** The app's own user, which asApp() calls act as (what /myself answers for the app). */
export const APP_ACCOUNT_ID = '557058:forge-app-postmortems';

export function actorAccountId(actor: Actor): string | undefined {
  return actor.kind === 'user' ? actor.accountId : undefined;
}

/**
 * Members and the lead browse, create, edit, assign, link and transition in a project (and may be
 * assigned issues); the app does everything.
 */
export function userInProject(db: Db, accountId: string, p: Readonly<ProjectRec>): boolean {
  const u = db.user(accountId);
  if (!u || !u.active) return false;
  return p.leadAccountId === accountId || p.members.includes(accountId);
}

/** Browse projects: members, the lead and the browse-only role (docs/platform.md, Jira REST). */
export function userBrowsesProject(db: Db, accountId: string, p: Readonly<ProjectRec>): boolean {
  const u = db.user(accountId);
  if (!u || !u.active) return false;
  return userInProject(db, accountId, p) || (p.browsers ?? []).includes(accountId);
}

export function canBrowse(ctx: Pick<Ctx, 'db' | 'actor'>, p: Readonly<ProjectRec>): boolean {
  return ctx.actor.kind === 'app' || userBrowsesProject(ctx.db, ctx.actor.accountId, p);
}

/** Create, edit, assign, link and transition issues: not the browse-only role. */
export function canWork(ctx: Pick<Ctx, 'db' | 'actor'>, p: Readonly<ProjectRec>): boolean {
  return ctx.actor.kind === 'app' || userInProject(ctx.db, ctx.actor.accountId, p);
}

/** Members and viewers read a space's content. */
export function userInSpace(db: Db, accountId: string, s: Readonly<SpaceRec>): boolean {
  const u = db.user(accountId);
  return !!u && u.active && (s.members.includes(accountId) || (s.viewers ?? []).includes(accountId));
}

/** Only members create and edit content; viewers read. */
export function userEditsSpace(db: Db, accountId: string, s: Readonly<SpaceRec>): boolean {
  const u = db.user(accountId);
  return !!u && u.active && s.members.includes(accountId);
}

export function canSeeSpace(ctx: Pick<Ctx, 'db' | 'actor'>, s: Readonly<SpaceRec>): boolean {
  return ctx.actor.kind === 'app' || userInSpace(ctx.db, ctx.actor.accountId, s);
}

export function canEditSpace(ctx: Pick<Ctx, 'db' | 'actor'>, s: Readonly<SpaceRec>): boolean {
  return ctx.actor.kind === 'app' || userEditsSpace(ctx.db, ctx.actor.accountId, s);
}

/**
 * Whether an app access rule keeps the caller (the app) from the space's content: pages and their
 * properties answer as if absent, page creation is refused. Space-level data stays readable.
 */
export function appBlockedFrom(ctx: Pick<Ctx, 'actor'>, s: Readonly<SpaceRec>): boolean {
  return ctx.actor.kind === 'app' && s.appAccessBlocked === true;
}

export function isSiteAdmin(db: Db, accountId: string): boolean {
  const u = db.user(accountId);
  return !!u && u.active && u.siteAdmin;
}
