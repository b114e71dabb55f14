/** The settings page's pure logic (static/admin/src/admin-logic.ts): form ↔ settings, messages, list edits. */
import { DEFAULT_SETTINGS, Settings } from '../../../src/contracts/settings';
import {
  addPerson,
  retitle,
  fieldLabel,
  fieldOf,
  formErrors,
  fromSettings,
  inputId,
  move,
  offsetsText,
  parseNumberList,
  sectionId,
  toSettings,
} from '../../../static/admin/src/admin-logic';

const people = { a1: 'Sofia Alvarez', a2: 'Priya Raman' };
const withContacts: Settings = {
  ...DEFAULT_SETTINGS,
  escalationContacts: { PAY: { managers: ['a1'], secondTier: ['a2'] } },
  glossary: [{ term: 'db01', description: 'primary database' }],
};

describe('settings ↔ form', () => {
  test('a round trip gives back the same settings (and they parse)', () => {
    const form = fromSettings(withContacts, people);
    expect(form.contacts[0]).toMatchObject({ projectKey: 'PAY', managers: [{ accountId: 'a1', displayName: 'Sofia Alvarez' }] });
    expect(form.reminderOffsets).toBe('7, 1, 0');
    const { settings, errors } = toSettings(form);
    expect(errors).toEqual({});
    expect(settings).toEqual(withContacts);
    expect(Settings.safeParse(settings).success).toBe(true);
  });

  test('the tracking start, the owner role and the reviewers go through the form and back', () => {
    const s: Settings = {
      ...withContacts,
      trackingStartDate: '2026-09-01',
      postmortemOwnerRole: 'reporter',
      reviewers: { accountIds: ['a2'], groupName: 'postmortem-reviewers' },
    };
    const form = fromSettings(s, people);
    expect(form).toMatchObject({
      trackingStartDate: '2026-09-01',
      postmortemOwnerRole: 'reporter',
      reviewers: [{ accountId: 'a2', displayName: 'Priya Raman' }],
      reviewerGroup: 'postmortem-reviewers',
    });
    expect(toSettings(form)).toEqual({ settings: s, errors: {} });
    // Emptied: no start date (the install day applies), no group, nobody.
    const cleared = toSettings({ ...form, trackingStartDate: ' ', reviewerGroup: '', reviewers: [] }).settings;
    expect(cleared.trackingStartDate).toBeUndefined();
    expect(cleared.reviewers).toEqual({ accountIds: [] });
    expect(Settings.safeParse(cleared).success).toBe(true);
  });

  test('the send hour goes through the form and back; an hour outside the day is refused under its field', () => {
    const s: Settings = { ...withContacts, sendHour: 7 };
    const form = fromSettings(s, people);
    expect(form.sendHour).toBe('7');
    expect(toSettings(form)).toEqual({ settings: s, errors: {} });
    expect(fromSettings(DEFAULT_SETTINGS).sendHour).toBe('9');
    expect(toSettings({ ...form, sendHour: 'nine' }).errors).toHaveProperty('sendHour');
  });

  test('text where a number belongs is caught before sending', () => {
    const form = { ...fromSettings(DEFAULT_SETTINGS), deadlineDays: 'seven', reminderOffsets: '7, one', repeatDays: '' };
    const { errors } = toSettings(form);
    expect(errors).toEqual({
      postmortemDeadlineDays: 'Enter the deadline in days as a whole number.',
      reminderOffsets: 'Enter whole numbers of days separated by commas, e.g. 7, 1, 0.',
      'escalation.repeatDays': 'Enter the repeat interval as a whole number.',
    });
  });

  test('contact rows: a project is needed, once, with someone in it', () => {
    const form = fromSettings(withContacts, people);
    form.contacts.push({ rowId: 'x', projectKey: '', managers: [{ accountId: 'a1', displayName: 'S' }], secondTier: [] });
    form.contacts.push({ rowId: 'y', projectKey: 'pay', managers: [{ accountId: 'a1', displayName: 'S' }], secondTier: [] });
    form.contacts.push({ rowId: 'z', projectKey: 'PLAT', managers: [], secondTier: [] });
    const { errors } = toSettings(form);
    expect(errors['contacts.1.projectKey']).toBe('Pick the project these contacts are for, or remove the row.');
    expect(errors['contacts.2.projectKey']).toBe('PAY has two rows; put its contacts in one row.');
    expect(errors['contacts.3.managers']).toBe('Add at least one person, or remove the row (the project lead is then told).');
  });

  test('the timeline marker and the contributing factors go through the form and back, validated before sending', () => {
    const tagged: Settings = {
      ...DEFAULT_SETTINGS,
      timeline: { commentMarker: '[timeline]' },
      contributingFactors: ['change', 'Third-party outage'],
    };
    const form = fromSettings(tagged);
    expect(form.timelineMarker).toBe('[timeline]');
    expect(form.contributingFactors).toBe('change, Third-party outage');
    const back = toSettings({ ...form, contributingFactors: ' change,\nThird-party outage, detection ', timelineMarker: ' [tl] ' });
    expect(back.errors).toEqual({});
    expect(back.settings.contributingFactors).toEqual(['change', 'Third-party outage', 'detection']);
    expect(back.settings.timeline.commentMarker).toBe('[tl]');
    expect(Settings.safeParse(back.settings).success).toBe(true);

    const bad = toSettings({ ...form, contributingFactors: 'change, Change, ops/infra, -dash', timelineMarker: 'x'.repeat(41) });
    expect(bad.errors['timeline.commentMarker']).toBe('Keep the marker under 40 characters (it has 41).');
    expect(bad.errors.contributingFactors).toBe(
      '“Change” is listed twice. “ops/infra” may only hold letters, digits, spaces and dashes (and start with a letter or digit). “-dash” may only hold letters, digits, spaces and dashes (and start with a letter or digit).',
    );
    // what the client lets through, the server's schema accepts, and the reverse for what it stops
    expect(Settings.safeParse(bad.settings).success).toBe(false);
    const many = toSettings({ ...form, contributingFactors: Array.from({ length: 31 }, (_, i) => `f${i}`).join(', ') });
    expect(many.errors.contributingFactors).toBe('List at most 30 factors (there are 31).');
  });

  test('project keys are upper-cased and lists trimmed', () => {
    const form = { ...fromSettings(DEFAULT_SETTINGS), actionProjectKeys: ' pay, plat ,', issueTypes: 'Incident,\nMajor incident' };
    const { settings } = toSettings(form);
    expect(settings.actionItems.projectKeys).toEqual(['PAY', 'PLAT']);
    expect(settings.incidentFilter.issueTypes).toEqual(['Incident', 'Major incident']);
  });
});

describe('server messages land on their fields', () => {
  const form = fromSettings(withContacts, people);
  test('paths map to form fields', () => {
    expect(fieldOf('reminderOffsets.1', form)).toBe('reminderOffsets');
    expect(fieldOf('incidentFilter.issueTypes.0', form)).toBe('incidentFilter.issueTypes');
    expect(fieldOf('escalationContacts.PAY.managers.0', form)).toBe('contacts.0.managers');
    expect(fieldOf('escalationContacts.PAY.secondTier.0', form)).toBe('contacts.0.secondTier');
    expect(fieldOf('escalationContacts.ZZZ.managers.0', form)).toBe('escalationContacts');
    expect(fieldOf('templateSections.2.guidance', form)).toBe('sections.2.guidance');
    expect(fieldOf('templateSections.2.id', form)).toBe('sections.2.title');
    expect(fieldOf('templateSections', form)).toBe('templateSections');
    expect(fieldOf('glossary.0.description', form)).toBe('glossary.0.description');
    expect(fieldOf('timeZone', form)).toBe('timeZone');
    expect(fieldOf('escalation.secondTierAfterDays', form)).toBe('escalation.secondTierAfterDays');
    expect(fieldOf('trackingStartDate', form)).toBe('trackingStartDate');
    expect(fieldOf('postmortemOwnerRole', form)).toBe('postmortemOwnerRole');
    expect(fieldOf('reviewers.accountIds.20', form)).toBe('reviewers.accountIds');
    expect(fieldOf('reviewers.groupName', form)).toBe('reviewers.groupName');
    expect(fieldOf('timeline.commentMarker', form)).toBe('timeline.commentMarker');
    expect(fieldOf('contributingFactors.3', form)).toBe('contributingFactors');
    expect(fieldLabel('contributingFactors', form)).toBe('Contributing factors');
  });
  test('the first message per field wins; labels name the field for the error summary', () => {
    expect(formErrors({ 'reminderOffsets.0': 'first', 'reminderOffsets.1': 'second', 'reminderOffsets.2': 'first' }, form)).toEqual({
      reminderOffsets: 'first second',
    });
    expect(fieldLabel('contacts.0.managers', form)).toBe('Escalation contacts for PAY');
    expect(fieldLabel('trackingStartDate', form)).toBe('Track incidents resolved on or after');
    expect(fieldLabel('reviewers.groupName', form)).toBe('Reviewer group');
    expect(fieldLabel('sections.0.title', { ...form, sections: form.sections })).toBe('Template section 1 (Summary): title');
    expect(inputId('sections.0.title')).toBe('f-sections-0-title');
  });
});

describe('list edits', () => {
  test('move stays in bounds', () => {
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
  test('section ids are valid and unique', () => {
    expect(sectionId('Customer impact', [])).toBe('customer-impact');
    expect(sectionId('Customer impact', ['customer-impact'])).toBe('customer-impact-2');
    expect(sectionId('2nd look', [])).toBe('section-2nd-look');
    expect(sectionId('', [])).toBe('section');
    expect(/^[a-z][a-z0-9-]*$/.test(sectionId('Ünïcode ✓ title', []))).toBe(true);
  });
  test('a fresh section’s id follows its title; a saved one keeps its id', () => {
    const form = fromSettings(DEFAULT_SETTINGS);
    const added = [
      ...form.sections,
      { rowId: 'n', id: 'new-section', title: '', guidance: '', required: false, narrative: true, body: 'paragraph' as const, fresh: true },
    ];
    const renamed = retitle(added, added.length - 1, 'Follow-up review');
    expect(renamed[renamed.length - 1]).toMatchObject({ id: 'follow-up-review', title: 'Follow-up review' });
    expect(retitle(added, added.length - 1, 'Summary')[added.length - 1]!.id).toBe('summary-2');
    expect(retitle(form.sections, 0, 'Overview')[0]).toMatchObject({ id: 'summary', title: 'Overview' });
    expect(toSettings({ ...form, sections: renamed }).settings.templateSections.at(-1)).not.toHaveProperty('fresh');
  });
  test('a person is added once', () => {
    const p = { accountId: 'a1', displayName: 'S' };
    expect(addPerson([p], p)).toEqual([p]);
    expect(addPerson([], p)).toEqual([p]);
  });
  test('offsets read as a sentence', () => {
    expect(parseNumberList('7, 1, 0')).toEqual([7, 1, 0]);
    expect(parseNumberList('7, x')).toBeUndefined();
    expect(offsetsText([7, 1, 0])).toBe('7 days before, 1 day before and on the due date');
    expect(offsetsText([])).toBe('none');
  });
});
