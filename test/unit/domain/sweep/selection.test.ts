import { DEFAULT_SETTINGS } from '../../../../src/contracts/settings';
import { sweepSelection } from '../../../../src/domain/sweep/selection';

describe('sweepSelection', () => {
  it('selects open labelled items due up to today + the largest offset, or without a due date', () => {
    const s = sweepSelection(DEFAULT_SETTINGS, '2026-03-10');
    expect(s.actionItems).toMatchObject({
      label: 'postmortem-action',
      excludeStatusCategory: 'done',
      dueOnOrBefore: '2026-03-17',
      includeWithoutDueDate: true,
      maxReminderOffset: 7,
      properties: ['postmortem-action'],
    });
    expect(s.actionItems.fields).toEqual(expect.arrayContaining(['summary', 'status', 'assignee', 'reporter', 'duedate', 'project']));
    expect(s.postmortems).toEqual({ propertyKey: 'postmortem', status: 'draft', dueOnOrBefore: '2026-03-12', maxReminderOffset: 2 });
  });
  it('follows the configured offsets', () => {
    const s = sweepSelection({ reminderOffsets: [30, 2], postmortemReminderOffsets: [] }, '2026-12-15');
    expect(s.actionItems.dueOnOrBefore).toBe('2027-01-14');
    expect(s.postmortems.dueOnOrBefore).toBe('2026-12-15');
  });
  it('refuses a today that is not a date', () => {
    expect(() => sweepSelection(DEFAULT_SETTINGS, 'now')).toThrow(RangeError);
  });
});
