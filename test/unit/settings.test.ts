import { DEFAULT_SETTINGS, Settings } from '../../src/contracts/settings';
import { reviewerGroupProblem } from '../../src/domain/settings';

describe('settings contract', () => {
  it('accepts the defaults', () => {
    expect(Settings.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });
  it('refuses an unknown time zone with a message that says what to use', () => {
    const r = Settings.safeParse({ ...DEFAULT_SETTINGS, timeZone: 'Mars/Olympus' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('IANA');
  });
  it('refuses deadline days outside 1–60', () => {
    expect(Settings.safeParse({ ...DEFAULT_SETTINGS, postmortemDeadlineDays: 0 }).success).toBe(false);
    expect(Settings.safeParse({ ...DEFAULT_SETTINGS, postmortemDeadlineDays: 61 }).success).toBe(false);
    expect(Settings.safeParse({ ...DEFAULT_SETTINGS, postmortemDeadlineDays: 60 }).success).toBe(true);
  });
});

describe('the reviewer group against what Jira answered', () => {
  it('accepts a group Jira has under that exact name', () => {
    expect(reviewerGroupProblem('postmortem-reviewers', { names: ['postmortem-reviewers'] })).toBeUndefined();
  });
  it('refuses a group Jira does not have, naming it and saying what to do', () => {
    expect(reviewerGroupProblem('pm-reviewers', { names: [] })).toBe(
      'Jira has no group "pm-reviewers", so nobody would be told through it. Check the name in Jira\'s user management (Groups), or leave the reviewer group empty and pick the reviewers in the Reviewers field.',
    );
  });
  it("gives Jira's own spelling when only the case differs", () => {
    expect(reviewerGroupProblem('Postmortem-Reviewers', { names: ['postmortem-reviewers'] })).toBe(
      'Jira names this group "postmortem-reviewers". Write it exactly so, or leave the reviewer group empty.',
    );
  });
  it('says the group could not be checked when Jira refuses the look-up', () => {
    expect(reviewerGroupProblem('postmortem-reviewers', { forbidden: true })).toMatch(
      /^Jira did not let you look up its groups \(that needs the Browse users and groups permission\), so the group "postmortem-reviewers" could not be checked\./,
    );
  });
});
