#!/usr/bin/env node
// Runs the linter (ESLint, eslint.config.js), then every suite (Vitest: unit and API tests; Playwright:
// end-to-end in Debian's Chromium), then prints one line that adds them all up: "N passed, N failed, N skipped"
// (a lint run with errors counts as one failure).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const run = (cmd, args, env = {}) => {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
};
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

mkdirSync('test-results', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };

// 0. The linter: the layout's boundaries, the rules of hooks, TypeScript's rules.
const lintStatus = run('npx', ['eslint', '--max-warnings=0', '.']);
if (lintStatus !== 0) {
  totals.failed += 1;
  console.error('ESLint found problems (above): counted as one failure.');
}

// 1. Unit and API tests.
rmSync('test-results/unit.json', { force: true });
const unitStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json']);
const unit = readJson('test-results/unit.json');
if (unit) {
  totals.passed += unit.numPassedTests ?? 0;
  // A test file that fails to load has no failed test in it, but it failed: count it once.
  totals.failed += (unit.numFailedTests ?? 0) + brokenFiles(unit);
  totals.skipped += (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0);
} else if (unitStatus !== 0) {
  totals.failed += 1;
  console.error('Vitest did not produce a report: counted as one failure.');
}

// 2. End-to-end tests against the built app.
const buildStatus = run('npx', ['vite', 'build', '--logLevel', 'warn']);
if (buildStatus !== 0) {
  totals.failed += 1;
  console.error('The app did not build: the end-to-end suite could not run (counted as one failure).');
} else {
  rmSync('test-results/e2e.json', { force: true });
  const e2eStatus = run('npx', ['playwright', 'test']);
  const e2e = readJson('test-results/e2e.json');
  if (e2e?.stats) {
    totals.passed += (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
    totals.failed += e2e.stats.unexpected ?? 0;
    totals.skipped += e2e.stats.skipped ?? 0;
    if ((e2e.errors?.length ?? 0) > 0 && (e2e.stats.unexpected ?? 0) === 0 && e2eStatus !== 0) totals.failed += 1;
  } else if (e2eStatus !== 0 || !existsSync('test-results/e2e.json')) {
    totals.failed += 1;
    console.error('Playwright did not produce a report: counted as one failure.');
  }
}

function brokenFiles(report) {
  return (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${lintStatus !== 0 ? ' (lint failed)' : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
