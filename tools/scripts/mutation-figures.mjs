// The mutation scores of `npm run mutate` per folder of tools/src, and every surviving mutant with the reason it
// is left alive, as the Markdown block of docs/testing.md (`npm run docs` writes it; tests/docs/docs.test.ts checks
// it). Generated from the committed Stryker incremental report (reports/stryker-incremental.json, the
// mutation-testing-report-schema JSON that every run updates) and the justifications in
// tools/scripts/mutation-survivors.json: a survivor there without a justification reads "not justified yet".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** The folder of tools/src a report file belongs to: its first directory, or "(root files)". */
function sourceFolder(file) {
  const rest = file.replace(/\\/g, '/').replace(/^.*?tools\/src\//, '');
  return rest.includes('/') ? `${rest.slice(0, rest.indexOf('/'))}/` : '(root files)';
}

/** The key a justification is stored under: file, line, mutator and replacement (ids change between runs). */
export function survivorKey(file, mutant) {
  // a replacement can span lines (a block emptied): one line, at most 60 characters
  const replacement = (mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60);
  return `${file.replace(/^.*?(tools\/src\/)/, '$1')}:${mutant.location.start.line} ${mutant.mutatorName} ${replacement}`.trim();
}

/** Per folder: mutants that ran, killed, timed out, survived, not covered, static ones skipped, score. */
function mutationTotals(report, folders) {
  const totals = new Map(folders.map((folder) => [folder, undefined]));
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const folder = sourceFolder(file);
    const total = totals.get(folder) ?? { files: 0, ran: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 };
    total.files += 1;
    for (const mutant of mutants) {
      if (mutant.status === 'Killed') total.killed += 1;
      else if (mutant.status === 'Timeout') total.timeout += 1;
      else if (mutant.status === 'Survived') total.survived += 1;
      else if (mutant.status === 'NoCoverage') total.noCoverage += 1;
      else if (mutant.status === 'Ignored') total.ignored += 1;
      else total.errors += 1;
      if (DETECTED.has(mutant.status) || UNDETECTED.has(mutant.status)) total.ran += 1;
    }
    totals.set(folder, total);
  }
  return totals;
}

const percent = (total) => (total.ran === 0 ? 'n/a' : `${((100 * (total.killed + total.timeout)) / total.ran).toFixed(1)}%`);

/** The folders of tools/src, then "(root files)". */
function sourceFolders(root) {
  const dir = join(root, 'tools/src');
  const folders = readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => `${name}/`);
  return [...folders, '(root files)'];
}

/** The block for the repository at `root`: an absent incremental file (no run yet) reads as no mutants. */
export function repositoryMutationMarkdown(root) {
  const file = join(root, 'reports/stryker-incremental.json');
  const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { files: {} };
  const reasons = JSON.parse(readFileSync(join(root, 'tools/scripts/mutation-survivors.json'), 'utf8'));
  return mutationFiguresMarkdown(report, reasons, sourceFolders(root));
}

function mutationFiguresMarkdown(report, justifications, folders) {
  const totals = mutationTotals(report, folders);
  const lines = [
    'Generated from `reports/stryker-incremental.json` (the committed Stryker report every run updates) and the reasons in',
    '`tools/scripts/mutation-survivors.json`. Score = killed and timed out over the mutants that ran (survived and',
    'not covered count against it); static mutants are skipped (`ignoreStatic`).',
    '',
    '| folder | files | mutants run | killed | timeout | survived | no coverage | static, skipped | score |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [folder, total] of totals) {
    if (total === undefined) lines.push(`| \`${folder}\` | not run yet | | | | | | | |`);
    else
      lines.push(
        `| \`${folder}\` | ${total.files} | ${total.ran} | ${total.killed} | ${total.timeout} | ${total.survived} | ${total.noCoverage} | ${total.ignored} | ${percent(total)} |`,
      );
  }
  const survivors = Object.entries(report.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([file, { mutants }]) =>
      mutants
        .filter((mutant) => UNDETECTED.has(mutant.status))
        .sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column)
        .map((mutant) => {
          const key = survivorKey(file, mutant);
          const status = mutant.status === 'NoCoverage' ? 'not covered' : 'survived';
          const code = key.includes('`') ? `\`\` ${key} \`\`` : `\`${key}\``;
          return `- ${code} (${status}): ${justifications[key] ?? 'not justified yet'}`;
        }),
    );
  if (survivors.length > 0)
    lines.push('', `Surviving and uncovered mutants (${survivors.length}), each with why it is left alive:`, '', ...survivors);
  return lines.join('\n');
}
