const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const dir = process.env.POSTMORTEM_TEST_TMP;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
