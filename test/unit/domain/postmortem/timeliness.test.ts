import { postmortemDueDate, postmortemTimeliness } from '../../../../src/domain/postmortem';

describe('postmortem timeliness', () => {
  const base = { timeZone: 'UTC', deadlineDays: 7 };

  it('is due deadline days after the incident, in days from today', () => {
    expect(postmortemTimeliness({ ...base, incidentCreated: '2026-03-01T10:00:00Z', now: new Date('2026-03-05T12:00:00Z') })).toEqual({
      ok: true,
      incidentDate: '2026-03-01',
      dueDate: '2026-03-08',
      today: '2026-03-05',
      state: { kind: 'due', days: 3 },
      text: 'due in 3 days',
    });
  });

  it('says due today and late by N days', () => {
    const at = (now: string) => postmortemTimeliness({ ...base, incidentDate: '2026-03-01', now: new Date(now) });
    expect(at('2026-03-08T23:59:00Z')).toMatchObject({ text: 'due today', state: { kind: 'due-today' } });
    expect(at('2026-03-09T00:00:00Z')).toMatchObject({ text: 'late by 1 day', state: { kind: 'overdue', days: 1 } });
    expect(at('2026-03-20T00:00:00Z')).toMatchObject({ text: 'late by 12 days' });
    expect(at('2026-03-07T00:00:00Z')).toMatchObject({ text: 'due in 1 day' });
  });

  it('reads the incident date and today in the site time zone', () => {
    // 23:30 UTC on 1 March is already 2 March in Tokyo.
    const r = postmortemTimeliness({
      timeZone: 'Asia/Tokyo',
      deadlineDays: 7,
      incidentCreated: '2026-03-01T23:30:00Z',
      now: new Date('2026-03-08T16:00:00Z'),
    });
    expect(r).toMatchObject({ ok: true, incidentDate: '2026-03-02', dueDate: '2026-03-09', today: '2026-03-09', text: 'due today' });
  });

  it('prefers a chosen date over the created date', () => {
    const r = postmortemTimeliness({
      ...base,
      incidentDate: '2026-02-27',
      incidentCreated: '2026-03-01T10:00:00Z',
      now: new Date('2026-03-01T10:00:00Z'),
    });
    expect(r).toMatchObject({ incidentDate: '2026-02-27', dueDate: '2026-03-06' });
  });

  it('answers a message instead of throwing on bad input', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const bad = [
      { ...base, now },
      { ...base, incidentDate: '2026-02-30', now },
      { ...base, incidentCreated: 'yesterday', now },
      { ...base, timeZone: 'Mars/Olympus', incidentDate: '2026-03-01', now },
      { ...base, deadlineDays: 1.5, incidentDate: '2026-03-01', now },
      { ...base, deadlineDays: -1, incidentDate: '2026-03-01', now },
      { ...base, incidentDate: '2026-03-01', now: new Date('nope') },
      { ...base, incidentDate: '0001-01-01', now },
    ];
    for (const b of bad) {
      const r = postmortemTimeliness(b);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    }
  });

  it('computes due dates across month and year ends', () => {
    expect(postmortemDueDate('2026-12-28', 7)).toBe('2027-01-04');
    expect(postmortemDueDate('2028-02-25', 7)).toBe('2028-03-03');
    expect(() => postmortemDueDate('2026-01-01', 400)).toThrow(RangeError);
  });
});
