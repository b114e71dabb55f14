/**
 * The latency profile (PUT /__site/latency): how long the platform would wait on each product and
 * storage call. The local site answers at once and accounts the wait to the calling invocation's
 * platform time instead of sleeping, so a run over a million items stays fast while its time
 * limits, its `Date.now()` and the reported durations follow what Forge would see. Calls made in
 * parallel overlap, as they would on the platform: a call started at platform time t ends the
 * invocation's wait no earlier than t + latency. A call costs exactly its latency: the local site's
 * own time to compute an answer (its in-memory indexes are not Jira's or Confluence's; a count over
 * a million items takes it longer than 300 ms) is left out of the invocation's platform time and
 * its time limit, so the figures are the app's work plus the platform's waits (site-runtime.ts,
 * forgeFetch), and so are the full garbage collections of the site's heap (site-gc.ts). Off (all
 * zero) unless set; `npm run bench` sets
 * REALISTIC_LATENCY (docs/platform.md, "Async events (queues) and function limits").
 */
import { z } from 'zod';

export const LatencyProfile = z
  .object({
    /** Each Jira or Confluence call, in ms. */
    productMs: z.number().int().min(0).max(60_000),
    /** Each app-storage (KVS) call, in ms. */
    storageMs: z.number().int().min(0).max(60_000),
    /** Each queue push or stats call, in ms (default 0). */
    queueMs: z.number().int().min(0).max(60_000).default(0),
  })
  .strict();
export type LatencyProfile = z.infer<typeof LatencyProfile>;

export const NO_LATENCY: LatencyProfile = { productMs: 0, storageMs: 0, queueMs: 0 };
/** At least 300 ms per Jira or Confluence call and 30 ms per storage call. */
export const REALISTIC_LATENCY: LatencyProfile = { productMs: 300, storageMs: 30, queueMs: 0 };

export function latencyOf(profile: LatencyProfile, target: 'jira' | 'confluence' | 'kvs' | 'queue' | 'other'): number {
  switch (target) {
    case 'jira':
    case 'confluence':
      return profile.productMs;
    case 'kvs':
      return profile.storageMs;
    case 'queue':
      return profile.queueMs;
    case 'other':
      return 0;
  }
}
