/**
 * Contributing factors: a reviewed postmortem is tagged with factors from the admins' taxonomy
 * (settings `contributingFactors`), so the report can list the postmortems per factor. Pure.
 */
import type { PostmortemStatus } from '../../contracts/properties';

export type FactorChoice = { ok: true; factors: string[] } | { ok: false; message: string };

const fold = (s: string) => s.trim().toLocaleLowerCase('en');

/**
 * The factors to store for a request: each named factor as the taxonomy spells it, in the
 * taxonomy's order, each once. A factor the postmortem already has stays allowed after the admins
 * removed it from the taxonomy (it can be kept or dropped, not added again).
 */
export function chooseFactors(requested: readonly string[], taxonomy: readonly string[], current: readonly string[] = []): FactorChoice {
  const known = new Map<string, string>();
  for (const f of taxonomy) known.set(fold(f), f);
  const retired = new Map<string, string>();
  for (const f of current) if (!known.has(fold(f))) retired.set(fold(f), f);
  const wanted = new Set<string>();
  const unknown: string[] = [];
  for (const r of requested) {
    const k = fold(r);
    if (k === '') continue;
    if (known.has(k) || retired.has(k)) wanted.add(k);
    else unknown.push(r.trim().slice(0, 40));
  }
  if (unknown.length > 0) {
    const list = taxonomy.length ? taxonomy.join(', ') : 'none yet';
    return {
      ok: false,
      message: `${unknown.map((u) => `“${u}”`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the contributing factors your Jira admins keep (${list}). Pick from that list, or ask an admin to add it on the settings page.`,
    };
  }
  const ordered = [...taxonomy.map((f) => fold(f)), ...retired.keys()].filter((k) => wanted.has(k));
  return { ok: true, factors: ordered.map((k) => known.get(k) ?? retired.get(k) ?? k) };
}

/** Whether a postmortem in this status may be tagged (only a reviewed one: the review settled what contributed). */
export function canTagFactors(status: PostmortemStatus): boolean {
  return status === 'reviewed';
}

/**
 * How many reviewed postmortems each factor of the taxonomy tags, counting only what the app sealed:
 * `proven` gives an incident's record when its seal verifies (`provenPostmortem`, with the factors
 * the seal covers), else undefined. A record written or retagged by hand counts nowhere
 * (docs/decisions/0016-practice-figures.md). Factors match the taxonomy ignoring case; each
 * postmortem counts once per factor.
 */
export function countSealedFactors(
  records: ReadonlyArray<{ id: string; raw: unknown }>,
  taxonomy: readonly string[],
  proven: (id: string, raw: unknown) => { status: PostmortemStatus; factors?: string[] } | undefined,
): Array<{ factor: string; count: number }> {
  const counts = new Map(taxonomy.map((f) => [fold(f), 0]));
  for (const r of records) {
    const p = proven(r.id, r.raw);
    if (!p || p.status !== 'reviewed') continue;
    for (const f of new Set((p.factors ?? []).map(fold))) {
      const n = counts.get(f);
      if (n !== undefined) counts.set(f, n + 1);
    }
  }
  return taxonomy.map((factor) => ({ factor, count: counts.get(fold(factor)) ?? 0 }));
}
