// `npm test`'s vitest part: the whole suite in two vitest runs, then one line with the totals.
//   1. vitest.shared.config.ts: the files that share one module graph per worker (isolate: false), the quick files
//      and the per-rule test files;
//   2. vitest.config.ts without those files: every other file isolated, as vitest runs it by default.
// Each run writes its JSON report (reports/suite-shared.json, reports/suite-isolated.json) and the two are merged into
// reports/suite.json, which tools/scripts/record-figures.mjs reads. Arguments (file filters, -t ...) go to both
// runs. Exit codes: 0 all passed, 1 a test failed (both runs still run), 2 vitest could not run or found no file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const vitest = join(root, 'node_modules/.bin/vitest');
const reports = join(root, 'reports');
const { SHARED_FILES } = await import(new URL('../../vitest.files.mjs', import.meta.url).href);
mkdirSync(reports, { recursive: true });

const args = process.argv.slice(2);
const runs = [
  { name: 'shared module graph', report: join(reports, 'suite-shared.json'), config: ['--config', 'vitest.shared.config.ts'] },
  { name: 'isolated', report: join(reports, 'suite-isolated.json'), config: SHARED_FILES.flatMap((glob) => ['--exclude', glob]) },
];
let status = 0;
const done = [];
for (const run of runs) {
  const result = spawnSync(
    vitest,
    ['run', ...run.config, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${run.report}`, ...args],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.error) {
    console.error(`test-suite: cannot start vitest (${result.error.message}): run npm ci`);
    process.exit(2);
  }
  let report;
  try {
    report = JSON.parse(readFileSync(run.report, 'utf8'));
  } catch {
    console.error(`test-suite: the ${run.name} run wrote no JSON report (${run.report}); vitest exited ${result.status ?? result.signal}`);
    process.exit(2);
  }
  if (result.status !== 0) status = 1;
  done.push({ ...run, report });
}

const sum = (key) => done.reduce((total, run) => total + (run.report[key] ?? 0), 0);
const ends = done.flatMap((run) => run.report.testResults.map((result) => result.endTime));
const merged = {
  ...done[1].report,
  numTotalTests: sum('numTotalTests'),
  numPassedTests: sum('numPassedTests'),
  numFailedTests: sum('numFailedTests'),
  numPendingTests: sum('numPendingTests'),
  numTodoTests: sum('numTodoTests'),
  numTotalTestSuites: sum('numTotalTestSuites'),
  numPassedTestSuites: sum('numPassedTestSuites'),
  numFailedTestSuites: sum('numFailedTestSuites'),
  startTime: done[0].report.startTime,
  success: done.every((run) => run.report.success),
  testResults: done.flatMap((run) => run.report.testResults),
};
writeFileSync(join(reports, 'suite.json'), `${JSON.stringify(merged)}\n`);

const files = merged.testResults.length;
if (files === 0) {
  console.error('test-suite: no test file matched: check the file filters');
  process.exit(2);
}
const seconds = (run) =>
  Math.round((Math.max(...run.report.testResults.map((r) => r.endTime), run.report.startTime) - run.report.startTime) / 1000);
const number = (n) => n.toLocaleString('en-US');
console.log(
  `test-suite: ${number(merged.numTotalTests)} tests in ${files} files: ${number(merged.numPassedTests)} passed, ` +
    `${number(merged.numFailedTests)} failed, ${number(merged.numPendingTests + merged.numTodoTests)} skipped; ` +
    `${Math.round((Math.max(...ends) - merged.startTime) / 1000)} s (${done.map((run) => `${run.name} ${seconds(run)} s`).join(', ')})`,
);
process.exit(status);
