// Every temporary folder the tests make (local-site data, stores, browser profiles) goes under one
// folder for this run, which global-teardown.js removes: a test run leaves nothing in /tmp.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postmortem-tests-'));
  process.env.POSTMORTEM_TEST_TMP = dir;
  process.env.TMPDIR = dir;
};
