/**
 * Creation claims in app storage (through the storage gateway): what makes action-item creation idempotent when two
 * requests carrying the same creation key overlap (a double click, a retry after a timeout). A
 * request claims each key with FAIL_IF_EXISTS before asking Jira to create the item; the claim
 * records the issue key once Jira answers, and expires on its own. Jira stays the source of truth:
 * the resolver first looks for an item already carrying the key in its `postmortem-action` property.
 */
import { z } from 'zod';
import * as storage from './storage';

const PREFIX = 'action-create:';
/** Long enough to cover Jira's search index catching up with a just-created issue. */
const CLAIM_TTL = { ttlDays: 1 } as const;

/**
 * A claim whose request cannot still be running: a resolver invocation lives at most 25 s, so an
 * unsettled claim older than this belongs to a request that died (e.g. timed out) and may be taken over.
 */
export const STALE_AFTER_MS = 60_000;

const Claim = z.object({ accountId: z.string(), incidentKey: z.string(), claimedAt: z.number(), issueKey: z.string().optional() });
export type Claim = z.infer<typeof Claim>;

/** Claims `creationKey`; false when another request already holds it. */
export async function claim(creationKey: string, value: Claim): Promise<boolean> {
  return storage.setIfAbsent(PREFIX + creationKey, Claim.parse(value), CLAIM_TTL);
}

/** The claim on `creationKey`, if any (a damaged one reads as none). */
export async function readClaim(creationKey: string): Promise<Claim | undefined> {
  return storage.read(PREFIX + creationKey, Claim);
}

/** Takes over a stale claim (its request died before Jira answered; Jira was searched first). */
export async function takeOver(creationKey: string, value: Claim): Promise<void> {
  await storage.set(PREFIX + creationKey, Claim.parse(value), CLAIM_TTL);
}

/** Records the issue Jira created for the claimed key. */
export async function settle(creationKey: string, value: Claim & { issueKey: string }): Promise<void> {
  await storage.set(PREFIX + creationKey, Claim.parse(value), CLAIM_TTL);
}

/** Gives the key back (Jira refused the item, so a corrected draft may be sent again). */
export async function release(creationKey: string): Promise<void> {
  await storage.remove(PREFIX + creationKey);
}
