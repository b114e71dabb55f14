/**
 * Postmortem-creation claims in app storage (through the storage gateway): one "Create postmortem"
 * per incident at a time. A request claims the incident with FAIL_IF_EXISTS before it looks for or
 * creates the page, and gives the claim back when it is done; a claim left by a request that died
 * expires on its own and may be taken over once it is older than any request can live.
 */
import { z } from 'zod';
import * as storage from './storage';

const PREFIX = 'postmortem-create:';
const CLAIM_TTL = { ttlSeconds: 600 } as const;
/** A resolver invocation lives at most 25 s: an older claim belongs to a request that died. */
export const STALE_AFTER_MS = 60_000;

const Claim = z.object({ accountId: z.string(), claimedAt: z.number() });
export type Claim = z.infer<typeof Claim>;

/**
 * Claims the creation of `incidentKey`'s postmortem. True when this request may go on (the claim
 * was free, or stale and taken over); false while another live request holds it.
 */
export async function claimIncident(incidentKey: string, value: Claim): Promise<boolean> {
  const key = PREFIX + incidentKey;
  if (await storage.setIfAbsent(key, Claim.parse(value), CLAIM_TTL)) return true;
  const held = await storage.read(key, Claim);
  if (held && value.claimedAt - held.claimedAt <= STALE_AFTER_MS) return false;
  await storage.set(key, Claim.parse(value), CLAIM_TTL);
  return true;
}

/** Gives the claim back (done, or failed: the next "Create" may go ahead). */
export async function releaseIncident(incidentKey: string): Promise<void> {
  await storage.remove(PREFIX + incidentKey);
}
