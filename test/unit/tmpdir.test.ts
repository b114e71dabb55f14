import os from 'node:os';

test('temporary folders of a test run live under the run’s own folder', () => {
  const dir = process.env.POSTMORTEM_TEST_TMP;
  expect(dir).toBeTruthy();
  expect(os.tmpdir()).toBe(dir);
});
