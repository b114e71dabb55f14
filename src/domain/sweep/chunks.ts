/**
 * Splitting a sweep into chunks that satisfy the planner's chunking contract (see `plan.ts`):
 * all items of an incident in one chunk, each postmortem in exactly one chunk, the one holding
 * its incident's items when there are any. Order is kept (first appearance of each incident).
 */

export interface SweepChunk<I, P> {
  items: I[];
  postmortems: P[];
}

/**
 * Packs items (grouped by incident; an item without incident is its own group) and postmortems
 * into chunks of at most `maxPerChunk` subjects. An incident with more items than `maxPerChunk`
 * gets a chunk of its own that is larger than the limit: splitting it would break the
 * one-mail-per-incident rule. O(items + postmortems).
 */
export function chunkSweepWork<I extends { key: string; incidentKey: string | null }, P extends { incidentKey: string }>(
  items: readonly I[],
  postmortems: readonly P[],
  maxPerChunk: number,
): SweepChunk<I, P>[] {
  if (!Number.isInteger(maxPerChunk) || maxPerChunk < 1) throw new RangeError('maxPerChunk must be a positive integer');
  const groups = new Map<string, I[]>();
  for (const item of items) {
    const g = item.incidentKey ?? `\u0000${item.key}`;
    const list = groups.get(g);
    if (list) list.push(item);
    else groups.set(g, [item]);
  }
  const pmByIncident = new Map<string, P[]>();
  for (const pm of postmortems) {
    const list = pmByIncident.get(pm.incidentKey);
    if (list) list.push(pm);
    else pmByIncident.set(pm.incidentKey, [pm]);
  }

  const chunks: SweepChunk<I, P>[] = [];
  let current: SweepChunk<I, P> = { items: [], postmortems: [] };
  let weight = 0;
  const add = (groupItems: readonly I[], groupPms: readonly P[]) => {
    const w = groupItems.length + groupPms.length;
    if (weight > 0 && weight + w > maxPerChunk) {
      chunks.push(current);
      current = { items: [], postmortems: [] };
      weight = 0;
    }
    current.items.push(...groupItems);
    current.postmortems.push(...groupPms);
    weight += w;
  };

  for (const [g, groupItems] of groups) {
    const pms = pmByIncident.get(g) ?? [];
    pmByIncident.delete(g);
    add(groupItems, pms);
  }
  for (const pms of pmByIncident.values()) add([], pms);
  if (weight > 0) chunks.push(current);
  return chunks;
}
