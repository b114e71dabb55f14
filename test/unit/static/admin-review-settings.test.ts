/** The settings form's review-gate, agenda and due-date policy fields: round trip and messages. */
import { DEFAULT_SETTINGS, Settings } from '../../../src/contracts/settings';
import { fieldOf, fromSettings, parsePriorityWeeks, toSettings } from '../../../static/admin/src/admin-logic';

describe('review, agenda and due-date policy settings on the form', () => {
  it('round-trip unchanged, and parse to valid settings', () => {
    const form = fromSettings(DEFAULT_SETTINGS);
    expect(form).toMatchObject({
      requireSettledFindings: false,
      agendaWeekday: '1',
      duePriorityWeeks: 'Highest: 4, High: 4',
      dueOtherWeeks: '8',
    });
    const { settings, errors } = toSettings({
      ...form,
      requireSettledFindings: true,
      agendaWeekday: '3',
      duePriorityWeeks: 'Highest: 2, High: 3',
    });
    expect(errors).toEqual({});
    expect(settings).toMatchObject({
      review: { requireSettledFindings: true },
      agenda: { weekday: 3 },
      dueDatePolicy: { weeksByPriority: { Highest: 2, High: 3 }, otherWeeks: 8 },
    });
    expect(Settings.safeParse(settings).success).toBe(true);
  });
  it('say what is wrong with a malformed policy, and where', () => {
    expect(parsePriorityWeeks('High 4')).toBeUndefined();
    const { errors } = toSettings({ ...fromSettings(DEFAULT_SETTINGS), duePriorityWeeks: 'High 4', dueOtherWeeks: 'eight' });
    expect(errors['dueDatePolicy.weeksByPriority']).toMatch(/"High: 4"/);
    expect(errors['dueDatePolicy.otherWeeks']).toMatch(/whole number/);
    const form = fromSettings(DEFAULT_SETTINGS);
    expect(fieldOf('dueDatePolicy.otherWeeks', form)).toBe('dueDatePolicy.otherWeeks');
    expect(fieldOf('agenda.weekday', form)).toBe('agenda.weekday');
    expect(Settings.safeParse({ ...DEFAULT_SETTINGS, agenda: { weekday: 8 } }).success).toBe(false);
  });
});
