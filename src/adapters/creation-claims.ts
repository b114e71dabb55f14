/**
 * Creation claims in app storage (`@forge/kvs`): what makes action-item creation idempotent when two
 * requests carrying the same creation key overlap (a double click, a retry after a timeout). A
 * request claims each key with FAIL_IF_EXISTS before asking Jira to create the item; the claim
 * records the issue key once Jira answers, and expires on its own. Jira stays the source of truth:
 * the resolver first looks for an item already carrying the key in its `postmortem-action` property.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';

const PREFIX = 'action-create:';
/** Long enough to cover Jira's search index catching up with a just-created issue. */
const CLAIM_TTL = { value: 1, unit: 'DAYS' } as const;

/**
 * A claim whose request cannot still be running: a resolver invocation lives at most 25 s, so an
 * unsettled claim older than this belongs to a request that died (e.g. timed out) and may be taken over.
 */
export const STALE_AFTER_MS = 60_000;

const Claim = z.object({ accountId: z.string(), incidentKey: z.string(), claimedAt: z.number(), issueKey: z.string().optional() });
export type Claim = z.infer<typeof Claim>;

function isKeyExists(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code?: unknown }).code === 'KEY_ALREADY_EXISTS';
}

/** Claims `creationKey`; false when another request already holds it. */
export async function claim(creationKey: string, value: Claim): Promise<boolean> {
  try {
    await kvs.set(PREFIX + creationKey, Claim.parse(value), { ttl: CLAIM_TTL, keyPolicy: 'FAIL_IF_EXISTS' });
    return true;
  } catch (err) {
    if (isKeyExists(err)) return false;
    throw err;
  }
}

/** The claim on `creationKey`, if any (a damaged one reads as none). */
export async function readClaim(creationKey: string): Promise<Claim | undefined> {
  const raw = await kvs.get<unknown>(PREFIX + creationKey);
  const parsed = Claim.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Takes over a stale claim (its request died before Jira answered; Jira was searched first). */
export async function takeOver(creationKey: string, value: Claim): Promise<void> {
  await kvs.set(PREFIX + creationKey, Claim.parse(value), { ttl: CLAIM_TTL });
}

/** Records the issue Jira created for the claimed key. */
export async function settle(creationKey: string, value: Claim & { issueKey: string }): Promise<void> {
  await kvs.set(PREFIX + creationKey, Claim.parse(value), { ttl: CLAIM_TTL });
}

/** Gives the key back (Jira refused the item, so a corrected draft may be sent again). */
export async function release(creationKey: string): Promise<void> {
  await kvs.delete(PREFIX + creationKey);
}
