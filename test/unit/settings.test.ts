import { DEFAULT_SETTINGS, Settings } from '../../src/contracts/settings';

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
