// Record the measured size and duration of a test run in docs/figures.json, from vitest's JSON report:
//   npx vitest run --reporter=json --outputFile=reports/suite.json            (in a clean-clone .ci/run)
//   node tools/scripts/record-figures.mjs suite reports/suite.json "vitest run in a clean-clone .ci/run on 2 cores"
//   npx vitest run --config vitest.quick.config.ts --reporter=json --outputFile=reports/quick.json
//   node tools/scripts/record-figures.mjs quick reports/quick.json "npm run test:quick on a 2-core machine"
// then `npm run docs` copies the figures into the docs.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [kind, reportPath, source] = process.argv.slice(2);
if (!['suite', 'quick'].includes(kind ?? '') || !reportPath || !source) {
  console.error('usage: node tools/scripts/record-figures.mjs suite|quick REPORT.json "where and how it was measured"');
  process.exit(2);
}
let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch (error) {
  console.error(`record-figures: ${reportPath}: not a readable vitest JSON report (${error.code ?? error.message})`);
  process.exit(2);
}
const ends = report.testResults.map((result) => result.endTime);
const record = fileURLToPath(new URL('../../docs/figures.json', import.meta.url));
const figures = JSON.parse(readFileSync(record, 'utf8'));
figures[kind] = {
  tests: report.numTotalTests,
  files: report.testResults.length,
  seconds: Math.round((Math.max(...ends) - report.startTime) / 1000),
  source,
};
writeFileSync(record, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`docs/figures.json: ${kind} = ${figures[kind].tests} tests in ${figures[kind].files} files, ${figures[kind].seconds} s`);
