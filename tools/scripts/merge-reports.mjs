#!/usr/bin/env node
// The workflow's last job: the shards' SARIF reports (one per Nx project, `nx run-many -t report`,
// dist/reports/<project>.sarif) merged into one SARIF file (one run: every rule once, every result),
// and one Markdown summary for the job summary and the pull-request comment.
//   node tools/scripts/merge-reports.mjs DIR --sarif OUT.sarif --markdown OUT.md [--expect p1,p2,...]
// --expect names the projects the plan gave the shards: one without a report (its shard failed before
// writing it) is listed and fails the run. Exit 0 clean, 1 an error-level result or a missing report,
// 2 a bad argument or an unreadable report (one line naming the file).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The hidden marker the pull-request comment is found by. */
export const COMMENT_MARKER = '<!-- consul-gitops-validate -->';
const LISTED = 50;

/** Reports: [{ project, sarif }] -> one SARIF log with one run. */
export function mergeSarif(reports) {
  const runs = reports.flatMap((report) => report.sarif.runs ?? []);
  const rules = new Map();
  for (const run of runs) for (const rule of run.tool?.driver?.rules ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  const driver = runs[0]?.tool?.driver ?? { name: 'consul-gitops' };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { ...driver, rules: [...rules.values()] } }, results: runs.flatMap((run) => run.results ?? []) }],
  };
}

const isSuppressed = (result) => (result.suppressions ?? []).length > 0;

/** Counts per level of one report's unsuppressed results. */
export function levelCounts(sarif) {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const run of sarif.runs ?? [])
    for (const result of run.results ?? []) if (!isSuppressed(result)) counts[result.level ?? 'warning'] += 1;
  return counts;
}

function where(result) {
  const location = result.locations?.[0]?.physicalLocation;
  const file = location?.artifactLocation?.uri ?? '(unknown file)';
  return location?.region?.startLine ? `${file}:${location.region.startLine}` : file;
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The Markdown summary: totals, one row per project, then the first error results. */
export function summaryMarkdown(reports, missing = []) {
  const rows = reports.map((report) => ({ project: report.project, ...levelCounts(report.sarif) }));
  const total = rows.reduce(
    (sum, row) => ({ error: sum.error + row.error, warning: sum.warning + row.warning, note: sum.note + row.note }),
    {
      error: 0,
      warning: 0,
      note: 0,
    },
  );
  const verdict = total.error > 0 || missing.length > 0 ? 'fails' : 'passes';
  const lines = [
    COMMENT_MARKER,
    `### consul-gitops validate ${verdict}: ${reports.length} project(s), ${total.error} error(s), ${total.warning} warning(s), ${total.note} note(s)`,
    '',
  ];
  if (missing.length > 0)
    lines.push(`**No report** from ${missing.length} project(s) (their shard failed before writing it): ${missing.join(', ')}`, '');
  const withFindings = rows.filter((row) => row.error + row.warning + row.note > 0);
  if (withFindings.length > 0) {
    lines.push('| project | errors | warnings | notes |', '| --- | ---: | ---: | ---: |');
    for (const row of withFindings) lines.push(`| ${cell(row.project)} | ${row.error} | ${row.warning} | ${row.note} |`);
    lines.push('');
  }
  const errors = reports.flatMap((report) =>
    (report.sarif.runs ?? []).flatMap((run) => (run.results ?? []).filter((result) => result.level === 'error' && !isSuppressed(result))),
  );
  if (errors.length > 0) {
    lines.push('**Errors**', '');
    for (const result of errors.slice(0, LISTED))
      lines.push(`- \`${result.ruleId}\` ${cell(where(result))}: ${cell(result.message?.text ?? '')}`);
    if (errors.length > LISTED) lines.push(`- and ${errors.length - LISTED} more (all of them are in the SARIF upload)`);
    lines.push('');
  }
  return { markdown: `${lines.join('\n')}\n`, errors: total.error, missing: missing.length };
}

/** Every DIR/<project>.sarif, sorted by project; an unreadable one throws naming its file. */
export function readReports(dir) {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sarif'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      let sarif;
      try {
        sarif = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new Error(`${path}: not a readable SARIF report (${error.message})`, { cause: error });
      }
      if (!Array.isArray(sarif?.runs)) throw new Error(`${path}: not a SARIF report (no "runs" array)`);
      return { project: basename(file, '.sarif'), sarif };
    });
}

function option(argv, name) {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
}

function main(argv) {
  const dir = argv[0];
  const sarifOut = option(argv, '--sarif');
  const markdownOut = option(argv, '--markdown');
  if (!dir || dir.startsWith('--') || !sarifOut || !markdownOut)
    throw new Error('usage: merge-reports.mjs DIR --sarif OUT.sarif --markdown OUT.md [--expect p1,p2,...]');
  const reports = readReports(dir);
  const expected = (option(argv, '--expect') ?? '').split(',').filter(Boolean);
  const have = new Set(reports.map((report) => report.project));
  const missing = expected.filter((project) => !have.has(project)).sort();
  writeFileSync(sarifOut, `${JSON.stringify(mergeSarif(reports), null, 2)}\n`);
  const summary = summaryMarkdown(reports, missing);
  writeFileSync(markdownOut, summary.markdown);
  process.stderr.write(
    `merge-reports: ${reports.length} report(s) into ${sarifOut} and ${markdownOut}: ${summary.errors} error(s), ${summary.missing} missing\n`,
  );
  return summary.errors > 0 || summary.missing > 0 ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`merge-reports: ${error.message}\n`);
    process.exitCode = 2;
  }
}
