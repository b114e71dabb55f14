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
