import { addDays } from '../../../../src/domain/dates';
import { chunkSweepWork } from '../../../../src/domain/sweep/chunks';
import { item, plan, postmortem, TODAY } from './fixtures';

const it_ = (key: string, incidentKey: string | null) => ({ key, incidentKey });
const pm = (incidentKey: string) => ({ incidentKey });

describe('chunkSweepWork', () => {
  it('keeps all items of an incident, and its postmortem, in one chunk', () => {
    const items = [it_('A-1', 'INC-1'), it_('A-2', 'INC-2'), it_('A-3', 'INC-1'), it_('A-4', 'INC-2'), it_('A-5', 'INC-3')];
    const chunks = chunkSweepWork(items, [pm('INC-2'), pm('INC-1')], 3);
    for (const inc of ['INC-1', 'INC-2', 'INC-3']) {
      const holding = chunks.filter((c) => c.items.some((i) => i.incidentKey === inc));
      expect(holding).toHaveLength(1);
    }
    for (const c of chunks) {
      for (const p of c.postmortems) expect(c.items.some((i) => i.incidentKey === p.incidentKey)).toBe(true);
    }
    expect(chunks.flatMap((c) => c.items.map((i) => i.key)).sort()).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-5']);
  });

  it('respects the chunk size except for an incident larger than it', () => {
    const big = Array.from({ length: 5 }, (_, n) => it_(`B-${n + 1}`, 'INC-9'));
    const chunks = chunkSweepWork([it_('A-1', 'INC-1'), ...big, it_('A-2', 'INC-2')], [], 2);
    expect(chunks.map((c) => c.items.length)).toEqual([1, 5, 1]);
  });

  it('plans each postmortem exactly once, those without items too', () => {
    const chunks = chunkSweepWork([it_('A-1', 'INC-1')], [pm('INC-1'), pm('INC-7'), pm('INC-8')], 2);
    expect(chunks.flatMap((c) => c.postmortems.map((p) => p.incidentKey)).sort()).toEqual(['INC-1', 'INC-7', 'INC-8']);
    expect(chunks.every((c) => c.items.length + c.postmortems.length <= 2)).toBe(true);
  });

  it('treats an item without incident as its own group', () => {
    const chunks = chunkSweepWork([it_('A-1', null), it_('A-2', null)], [], 1);
    expect(chunks).toHaveLength(2);
  });

  it('returns no chunks for no work and refuses a bad size', () => {
    expect(chunkSweepWork([], [], 10)).toEqual([]);
    expect(() => chunkSweepWork([], [], 0)).toThrow(RangeError);
  });
});

describe('the chunking contract with the planner', () => {
  const items = [
    item({ key: 'OPS-501', incidentKey: 'INC-1', dueDate: addDays(TODAY, -1) }),
    item({ key: 'OPS-502', incidentKey: 'INC-2', dueDate: addDays(TODAY, -3) }),
    item({ key: 'OPS-503', incidentKey: 'INC-1', dueDate: addDays(TODAY, -9) }),
    item({ key: 'OPS-504', incidentKey: 'INC-3', dueDate: addDays(TODAY, 1) }),
    item({ key: 'OPS-505', incidentKey: 'INC-2', dueDate: null }),
    item({ key: 'OPS-506', incidentKey: null, dueDate: addDays(TODAY, -2) }),
  ];
  const pms = [postmortem({ incidentKey: 'INC-2', dueDate: addDays(TODAY, -1) }), postmortem({ incidentKey: 'INC-9', dueDate: TODAY })];
  const whole = plan({ items, postmortems: pms });

  it('planning chunk by chunk sends exactly what planning everything at once sends', () => {
    for (const size of [1, 2, 3, 100]) {
      const chunked = chunkSweepWork(items, pms, size).flatMap((c) => plan({ items: c.items, postmortems: c.postmortems }).notifications);
      expect(chunked.map((n) => n.id).sort()).toEqual(whole.notifications.map((n) => n.id).sort());
      expect(chunked.map((n) => n.textBody).sort()).toEqual(whole.notifications.map((n) => n.textBody).sort());
    }
  });

  it('breaking the contract costs an extra mail, never a stage sent twice', () => {
    const [a, b] = [items.filter((i) => i.key === 'OPS-501'), items.filter((i) => i.key === 'OPS-503')];
    const split = [...plan({ items: a }).notifications, ...plan({ items: b }).notifications];
    expect(split.filter((n) => n.issueKey === 'INC-1')).toHaveLength(2);
    const keys = split.flatMap((n) => n.settles);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
