/** The practice figures (src/domain/report/practice.ts): months, medians, shares, site-zone bucketing. */
import {
  practiceFigures,
  practiceMonths,
  practiceWindowStart,
  type PracticeIncident,
  type PracticeItem,
} from '../../../../src/domain/report/practice';

const TODAY = '2026-12-02';
const base = { today: TODAY, timeZone: 'UTC', deadlineDays: 7 };
const month = (teams: ReturnType<typeof practiceFigures>, project: string, m: string) => {
  const f = teams.find((t) => t.projectKey === project)?.months.find((x) => x.month === m);
  if (!f) throw new Error(`no ${project} ${m}`);
  return f;
};

describe('practice months', () => {
  test('the 12 months ending with today’s, oldest first, across a year end', () => {
    expect(practiceMonths(TODAY)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(practiceMonths('2026-03-31', 3)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(practiceWindowStart(TODAY)).toBe('2026-01-01');
  });
});

describe('postmortem figures', () => {
  const pm = (key: string, resolvedAt: string, postmortem?: PracticeIncident['postmortem'], projectKey = 'INC'): PracticeIncident => ({
    key,
    projectKey,
    resolvedAt,
    ...(postmortem ? { postmortem } : {}),
  });

  test('medians of days from resolution to sent-to-review and to reviewed; the share on time by the one meaning', () => {
    const teams = practiceFigures({
      ...base,
      items: [],
      incidents: [
        // sent 3 days after, reviewed 10 after: on time (due +7)
        pm('INC-1', '2026-10-01T10:00:00Z', {
          status: 'reviewed',
          dueDate: '2026-10-08',
          requestedReviewAt: '2026-10-04T09:00:00Z',
          reviewedAt: '2026-10-11T09:00:00Z',
        }),
        // sent 9 days after: 2 days late; reviewed 12 after
        pm('INC-2', '2026-10-05T10:00:00Z', {
          status: 'reviewed',
          dueDate: '2026-10-12',
          requestedReviewAt: '2026-10-14T09:00:00Z',
          reviewedAt: '2026-10-17T09:00:00Z',
        }),
        // in review, sent 4 days after: on time
        pm('INC-3', '2026-10-20T10:00:00Z', { status: 'in-review', dueDate: '2026-10-27', requestedReviewAt: '2026-10-24T09:00:00Z' }),
        // no page at all, long past its due date: late
        pm('INC-4', '2026-10-25T10:00:00Z'),
        // resolved yesterday, no page: not yet due, so not in the share
        pm('INC-5', '2026-12-01T10:00:00Z'),
      ],
    });
    expect(teams.map((t) => t.projectKey)).toEqual(['INC']);
    const oct = month(teams, 'INC', '2026-10');
    expect(oct).toMatchObject({ incidents: 4, medianDaysToReview: 4, medianDaysToReviewed: 11, onTime: 2, onTimeOf: 4, onTimeShare: 0.5 });
    const dec = month(teams, 'INC', '2026-12');
    expect(dec).toMatchObject({ incidents: 1, onTimeOf: 0, onTimeShare: null, medianDaysToReview: null });
    expect(month(teams, 'INC', '2026-11')).toMatchObject({ incidents: 0, onTimeShare: null });
  });

  test('an incident without a postmortem resolved before the tracking start is not in the share', () => {
    const incidents = [pm('INC-1', '2026-10-01T10:00:00Z'), pm('INC-2', '2026-10-20T10:00:00Z')];
    const oct = month(practiceFigures({ ...base, incidents, items: [], trackedFrom: '2026-10-10' }), 'INC', '2026-10');
    expect(oct).toMatchObject({ incidents: 2, onTimeOf: 1, onTime: 0, onTimeShare: 0 });
  });

  test('months are the site’s: an incident resolved late on 31 March UTC is April’s in Paris, and March’s in New York', () => {
    const incidents = [pm('INC-1', '2026-03-31T22:30:00Z')];
    expect(month(practiceFigures({ ...base, incidents, items: [], timeZone: 'Europe/Paris' }), 'INC', '2026-04').incidents).toBe(1);
    expect(month(practiceFigures({ ...base, incidents, items: [], timeZone: 'America/New_York' }), 'INC', '2026-03').incidents).toBe(1);
    // outside the window: left out
    expect(practiceFigures({ ...base, incidents: [pm('INC-9', '2025-12-31T10:00:00Z')], items: [] })).toEqual([]);
  });
});

describe('action-item figures', () => {
  const item = (key: string, dueDate: string, resolvedAt: string | null, extra: Partial<PracticeItem> = {}): PracticeItem => ({
    key,
    projectKey: key.split('-')[0]!,
    dueDate,
    resolvedAt,
    done: resolvedAt !== null,
    waived: false,
    ...extra,
  });

  test('share done by the due date, median days overdue of the rest (still open: to today), waived apart', () => {
    const teams = practiceFigures({
      ...base,
      incidents: [],
      items: [
        item('PAY-1', '2026-11-10', '2026-11-10T23:00:00Z'), // on the day: done by due
        item('PAY-2', '2026-11-10', '2026-11-04T10:00:00Z'), // early
        item('PAY-3', '2026-11-10', '2026-11-13T10:00:00Z'), // 3 days late
        item('PAY-4', '2026-11-20', null), // open: 12 days overdue today
        item('PAY-5', '2026-11-20', '2026-11-21T10:00:00Z', { done: false }), // an unapproved Won't do: open, 12 days
        item('PAY-6', '2026-11-15', '2026-11-30T10:00:00Z', { done: false, waived: true }),
        item('PAY-7', '2026-12-05', null), // not due yet: not counted
        item('PLAT-1', '2026-11-03', '2026-11-02T10:00:00Z', { repeats: true }),
      ],
    });
    expect(teams.map((t) => t.projectKey)).toEqual(['PAY', 'PLAT']);
    expect(month(teams, 'PAY', '2026-11')).toMatchObject({
      itemsDue: 6,
      waived: 1,
      doneByDue: 2,
      doneByDueShare: 2 / 5,
      medianDaysOverdue: 12,
    });
    expect(month(teams, 'PAY', '2026-12')).toMatchObject({ itemsDue: 0, doneByDueShare: null, medianDaysOverdue: null });
    expect(month(teams, 'PLAT', '2026-11')).toMatchObject({
      itemsDue: 1,
      doneByDue: 1,
      doneByDueShare: 1,
      medianDaysOverdue: null,
      repeatFixes: 1,
    });
    expect(month(teams, 'PAY', '2026-11').repeatFixes).toBe(0);
  });

  test('resolved on the due date counts by the site’s day: 23:30 UTC is the next day in Tokyo', () => {
    const items = [item('PAY-1', '2026-11-10', '2026-11-10T23:30:00Z')];
    expect(month(practiceFigures({ ...base, incidents: [], items }), 'PAY', '2026-11').doneByDue).toBe(1);
    const tokyo = month(practiceFigures({ ...base, incidents: [], items, timeZone: 'Asia/Tokyo' }), 'PAY', '2026-11');
    expect(tokyo).toMatchObject({ doneByDue: 0, medianDaysOverdue: 1 });
  });
});
