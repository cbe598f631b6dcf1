// Record the measured size and duration of a test run in docs/figures.json, from vitest's JSON report:
//   npm test   (tools/scripts/test-suite.mjs writes reports/suite.json; in a clean-clone .ci/run)
//   node tools/scripts/record-figures.mjs suite reports/suite.json "vitest run in a clean-clone .ci/run on 2 cores"
//   npx vitest run --config vitest.quick.config.ts --reporter=json --outputFile=reports/quick.json
//   node tools/scripts/record-figures.mjs quick reports/quick.json "npm run test:quick on a 2-core machine"
//   node tools/scripts/record-figures.mjs ci reports/ci.json "a clean-clone .ci/run on 2 cores"   (.ci/run writes it, pass or fail)
// then `npm run docs` copies the figures into the docs. `--into FILE` writes another record (tests use it).
// A suite record also keeps each file's seconds (`suite.fileSeconds`, from the report's start and end times):
// vitest.config.ts starts the slowest files first in a clean clone, where vitest has no durations of its own.
// Exit codes: 0 recorded, 2 usage or an unreadable report.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: node tools/scripts/record-figures.mjs suite|quick|ci REPORT.json "where and how it was measured" [--into FILE]';
const args = process.argv.slice(2);
const intoAt = args.indexOf('--into');
const record = intoAt >= 0 ? args.splice(intoAt, 2)[1] : fileURLToPath(new URL('../../docs/figures.json', import.meta.url));
const [kind, reportPath, source] = args;
if (!['suite', 'quick', 'ci'].includes(kind ?? '') || !reportPath || !source || !record || args.length !== 3) {
  console.error(USAGE);
  process.exit(2);
}
let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch (error) {
  console.error(`record-figures: ${reportPath}: not a readable vitest JSON report (${error.code ?? error.message})`);
  process.exit(2);
}
if (kind === 'ci') {
  // .ci/run's reports/ci.json: the seconds of the whole run (npm ci, the Go builds, npm test)
  if (!Number.isInteger(report?.seconds) || report.seconds <= 0) {
    console.error(`record-figures: ${reportPath}: not a .ci/run record (no whole number of seconds)`);
    process.exit(2);
  }
  const figures = JSON.parse(readFileSync(record, 'utf8'));
  figures.ciMinutes = Math.round(report.seconds / 60);
  // the whole run's time either way; a failed run says so in the record
  figures.ciSource = Number.isInteger(report.exitCode) && report.exitCode !== 0 ? `${source} (that run exited ${report.exitCode})` : source;
  writeFileSync(record, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`${record}: ciMinutes = ${figures.ciMinutes} (${report.seconds} s)`);
  process.exit(0);
}
const ends = Array.isArray(report?.testResults) ? report.testResults.map((result) => result?.endTime) : [];
if (
  !Number.isInteger(report?.numTotalTests) ||
  typeof report?.startTime !== 'number' ||
  ends.length === 0 ||
  ends.some((end) => typeof end !== 'number')
) {
  console.error(
    `record-figures: ${reportPath}: not a vitest JSON report (no numTotalTests, startTime or testResults[].endTime): run vitest with --reporter=json`,
  );
  process.exit(2);
}
const figures = JSON.parse(readFileSync(record, 'utf8'));
figures[kind] = {
  tests: report.numTotalTests,
  files: report.testResults.length,
  seconds: Math.round((Math.max(...ends) - report.startTime) / 1000),
  source,
};
if (kind === 'suite') {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const timed = report.testResults.filter((result) => typeof result?.name === 'string' && typeof result?.startTime === 'number');
  figures.suite.fileSeconds = Object.fromEntries(
    timed
      .map((result) => [relative(root, result.name).split(sep).join('/'), Math.round((result.endTime - result.startTime) / 100) / 10])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
writeFileSync(record, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`${record}: ${kind} = ${figures[kind].tests} tests in ${figures[kind].files} files, ${figures[kind].seconds} s`);
