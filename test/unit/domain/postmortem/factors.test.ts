import { canTagFactors, chooseFactors, countSealedFactors } from '../../../../src/domain/postmortem';

const TAXONOMY = ['change', 'capacity', 'Third-party outage'];

describe('chooseFactors', () => {
  test('names the taxonomy spells them, in its order, each once; case and spaces around do not matter', () => {
    expect(chooseFactors([' CAPACITY', 'third-party outage', 'change', 'Capacity'], TAXONOMY)).toEqual({
      ok: true,
      factors: ['change', 'capacity', 'Third-party outage'],
    });
    expect(chooseFactors([], TAXONOMY)).toEqual({ ok: true, factors: [] });
    expect(chooseFactors(['', '  '], TAXONOMY)).toEqual({ ok: true, factors: [] });
  });

  test('a factor outside the taxonomy is refused, naming it and the list', () => {
    const r = chooseFactors(['capacity', 'weather', 'luck'], TAXONOMY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^“weather”, “luck” are not in the contributing factors/);
      expect(r.message).toContain('(change, capacity, Third-party outage)');
    }
    const none = chooseFactors(['change'], []);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.message).toContain('(none yet)');
  });

  test('a factor the postmortem has that left the taxonomy may be kept or dropped, not added elsewhere', () => {
    expect(chooseFactors(['process', 'change'], TAXONOMY, ['process'])).toEqual({ ok: true, factors: ['change', 'process'] });
    expect(chooseFactors(['change'], TAXONOMY, ['process'])).toEqual({ ok: true, factors: ['change'] });
    expect(chooseFactors(['process'], TAXONOMY, []).ok).toBe(false);
  });

  test('only a reviewed postmortem is tagged', () => {
    expect(canTagFactors('reviewed')).toBe(true);
    expect(canTagFactors('in-review')).toBe(false);
    expect(canTagFactors('draft')).toBe(false);
  });
});

describe('countSealedFactors', () => {
  type Proven = { status: 'draft' | 'in-review' | 'reviewed'; factors?: string[] };
  const sealed: Record<string, Proven | undefined> = {
    a: { status: 'reviewed', factors: ['capacity', 'change'] },
    b: { status: 'reviewed', factors: ['Capacity', 'capacity', 'retired-factor'] },
    c: { status: 'in-review', factors: ['capacity'] },
    d: undefined, // its seal does not verify: written or retagged by hand
    e: { status: 'reviewed' }, // sealed, its factors not (added by hand)
  };
  const records = Object.keys(sealed).map((id) => ({ id, raw: { factors: ['capacity', 'change', 'process'] } }));

  it('counts each reviewed postmortem once per sealed factor of the taxonomy, ignoring case, and nothing unproved', () => {
    expect(countSealedFactors(records, TAXONOMY, (id) => sealed[id])).toEqual([
      { factor: 'change', count: 1 },
      { factor: 'capacity', count: 2 },
      { factor: 'Third-party outage', count: 0 },
    ]);
  });

  it('counts nothing without records or without a key to check them', () => {
    expect(countSealedFactors([], TAXONOMY, () => undefined).every((f) => f.count === 0)).toBe(true);
    expect(countSealedFactors(records, TAXONOMY, () => undefined).every((f) => f.count === 0)).toBe(true);
  });
});
