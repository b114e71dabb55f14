import { describeOnTime, postmortemDue, postmortemDueText, postmortemOnTime } from '../../../../src/domain/postmortem';
import { dueTone } from '../../../../static/common/ui';
import { buildReport } from '../../../../src/domain/report';
import { due, input, rPm, TODAY } from '../report/fixtures';

/** The one meaning of "on time": sent to review on or before the due date, in the site's time zone. */
describe('postmortem on time', () => {
  const due = '2026-03-08';

  it('counts an unsent postmortem as due, due today, then late by the days past its due date', () => {
    const draft = { status: 'draft' as const, dueDate: due };
    expect(postmortemDueText(draft, '2026-03-05', 'UTC')).toBe('due in 3 days');
    expect(postmortemDueText(draft, '2026-03-08', 'UTC')).toBe('due today');
    expect(postmortemOnTime(draft, '2026-03-09', 'UTC')).toMatchObject({ kind: 'open', late: true, daysLate: 1 });
    expect(postmortemDueText(draft, '2026-03-31', 'UTC')).toBe('late by 23 days');
  });

  it('keeps a postmortem sent by its due date on time, however long review takes', () => {
    const sent = { status: 'in-review' as const, dueDate: due, requestedReviewAt: '2026-03-06T10:00:00Z' };
    expect(postmortemOnTime(sent, '2026-03-31', 'UTC')).toEqual({ kind: 'sent', sentOn: '2026-03-06', onTime: true, daysLate: 0 });
    expect(postmortemDueText(sent, '2026-03-31', 'UTC')).toBe('sent to review on time');
    expect(postmortemDueText({ ...sent, status: 'reviewed', reviewedAt: '2026-03-30T10:00:00Z' }, '2026-03-31', 'UTC')).toBe(
      'sent to review on time',
    );
  });

  it('counts one sent after its due date late by the days between, for good', () => {
    const sent = { status: 'in-review' as const, dueDate: due, requestedReviewAt: '2026-03-12T10:00:00Z' };
    expect(postmortemOnTime(sent, '2026-04-30', 'UTC')).toMatchObject({ onTime: false, daysLate: 4 });
    expect(postmortemDueText(sent, '2026-04-30', 'UTC')).toBe('sent to review 4 days late');
    expect(describeOnTime({ kind: 'sent', sentOn: '2026-03-09', onTime: false, daysLate: 1 })).toBe('sent to review 1 day late');
  });

  it('reads the day it was sent in the site time zone', () => {
    // 23:30 UTC on the due date is the next morning in Tokyo: late there, on time in UTC.
    const sent = { status: 'in-review' as const, dueDate: due, requestedReviewAt: '2026-03-08T23:30:00Z' };
    expect(postmortemDueText(sent, '2026-03-20', 'UTC')).toBe('sent to review on time');
    expect(postmortemDueText(sent, '2026-03-20', 'Asia/Tokyo')).toBe('sent to review 1 day late');
  });

  it('counts a reviewed one without a review request from its review date', () => {
    const reviewed = { status: 'reviewed' as const, dueDate: due, reviewedAt: '2026-03-10T09:00:00Z' };
    expect(postmortemDueText(reviewed, '2026-03-20', 'UTC')).toBe('sent to review 2 days late');
  });
});

describe('the report agrees with the macro and the panel', () => {
  it('lists as late exactly the postmortems the other surfaces call "late by N days"', () => {
    const pms = [
      rPm({ incidentKey: 'INC-1', dueDate: due(-17), status: 'in-review', requestedReviewAt: `${due(-19)}T10:00:00Z` }),
      rPm({ incidentKey: 'INC-2', dueDate: due(-9), status: 'in-review', requestedReviewAt: `${due(-2)}T10:00:00Z` }),
      rPm({ incidentKey: 'INC-3', dueDate: due(-4) }),
      rPm({ incidentKey: 'INC-4', dueDate: due(3) }),
    ];
    const report = buildReport(input({ postmortems: pms }));
    const texts = pms.map((pm) => [pm.incidentKey, postmortemDueText(pm, TODAY, 'UTC')]);
    expect(texts).toEqual([
      ['INC-1', 'sent to review on time'],
      ['INC-2', 'sent to review 7 days late'],
      ['INC-3', 'late by 4 days'],
      ['INC-4', 'due in 3 days'],
    ]);
    expect(report.postmortems.late.map((p) => [p.incidentKey, `late by ${p.daysLate} days`])).toEqual([['INC-3', 'late by 4 days']]);
  });
});

/** The due state the contracts carry (src/contracts/due.ts): the UI colours by it, never by the words. */
describe('postmortem due state', () => {
  const due = '2026-03-08';
  const draft = { status: 'draft' as const, dueDate: due };
  const sent = (on: string) => ({ status: 'in-review' as const, dueDate: due, requestedReviewAt: `${on}T10:00:00Z` });

  it('says the same as the words, as structure', () => {
    expect(postmortemDue(draft, '2026-03-05', 'UTC')).toEqual({ due: 'due in 3 days', dueState: { kind: 'due', days: 3 } });
    expect(postmortemDue(draft, '2026-03-08', 'UTC')).toEqual({ due: 'due today', dueState: { kind: 'due-today', days: 0 } });
    expect(postmortemDue(draft, '2026-03-31', 'UTC')).toEqual({ due: 'late by 23 days', dueState: { kind: 'late', days: 23 } });
    expect(postmortemDue(sent('2026-03-06'), '2026-03-31', 'UTC')).toEqual({
      due: 'sent to review on time',
      dueState: { kind: 'sent-on-time', days: 0 },
    });
    expect(postmortemDue(sent('2026-03-12'), '2026-03-31', 'UTC')).toEqual({
      due: 'sent to review 4 days late',
      dueState: { kind: 'sent-late', days: 4 },
    });
  });

  it('gives the tone the words used to: late red, sent on time green, close or sent late amber', () => {
    const tone = (today: string, pm: Parameters<typeof postmortemDue>[0] = draft) => dueTone(postmortemDue(pm, today, 'UTC').dueState);
    expect(tone('2026-03-01')).toBe('default');
    expect(tone('2026-03-07')).toBe('warning');
    expect(tone('2026-03-08')).toBe('warning');
    expect(tone('2026-03-09')).toBe('danger');
    expect(tone('2026-03-31', sent('2026-03-06'))).toBe('success');
    expect(tone('2026-03-31', sent('2026-03-12'))).toBe('warning');
  });
});
