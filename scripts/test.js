#!/usr/bin/env node
// Runs the whole test suite with a time zone that is neither UTC nor Brussels, so a hidden
// local-time assumption fails, and leaves jest's JSON result in test-results/jest.json
// (.ci/run reads it for its closing line).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const resultFile = path.join(root, 'test-results', 'jest.json');
fs.mkdirSync(path.dirname(resultFile), { recursive: true });
fs.rmSync(resultFile, { force: true });

// the end-to-end and card-rendering tests drive Debian's Chromium; install it when it is missing
if (!fs.existsSync('/usr/bin/chromium')) {
  const install = spawnSync('bash', [path.join(__dirname, 'ensure-chromium.sh')], { stdio: 'inherit' });
  if (install.status !== 0) console.error('Could not install chromium; the browser tests will fail and say why.');
}

const jestBin = require.resolve('jest/bin/jest');
const args = [jestBin, '--json', `--outputFile=${resultFile}`, ...process.argv.slice(2)];
const run = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TZ: 'Pacific/Auckland', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
});

const summary = readSummary(resultFile);
if (summary) {
  console.log(`${summary.passed} passed, ${summary.failed} failed`);
}
process.exit(run.status ?? 1);

function readSummary(file) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    // a suite that fails to load counts as a failure even though no test in it ran
    const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    return { passed: r.numPassedTests, failed };
  } catch {
    return null;
  }
}
