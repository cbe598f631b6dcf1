// `npm run mutate:changed -- --base <git ref>`: mutation testing of the source files a change touches, as CI's
// `mutation` job runs it on a pull request. The files under tools/src that differ from the merge base go to
// `npm run mutate -- --mutate <files>` (Stryker, incremental: mutants the committed results already cover are not run
// again); then every mutant of those files that survived or had no test covering it must have its reason in
// tools/scripts/mutation-survivors.json (the key docs/testing.md lists). Exit 0 when each one is killed or
// justified, 1 naming the others, 2 for a usage or environment problem. Nothing from the change reaches a shell:
// git and Stryker get their arguments as arrays, and a file name outside [A-Za-z0-9_./-] is refused by name.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { survivorKey } from './mutation-figures.mjs';

const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const SAFE_NAME = /^tools\/src\/[A-Za-z0-9_./-]+\.ts$/;

/** The changed paths Stryker should mutate (TypeScript sources under tools/src), and those refused by name. */
export function changedSources(paths) {
  const sources = paths.filter((path) => path.startsWith('tools/src/') && path.endsWith('.ts') && !path.endsWith('.d.ts'));
  const refused = sources.filter((path) => !SAFE_NAME.test(path) || path.split('/').includes('..'));
  return { files: sources.filter((path) => !refused.includes(path)), refused };
}

/** Per file of `files` in a Stryker JSON report: mutants that ran, detected, and the undetected ones without a reason. */
export function mutationVerdicts(report, reasons, files) {
  const wanted = new Set(files);
  const verdicts = [];
  for (const [name, { mutants }] of Object.entries(report.files ?? {})) {
    const file = name.replace(/\\/g, '/').replace(/^.*?(tools\/src\/)/, '$1');
    if (!wanted.has(file)) continue;
    const ran = mutants.filter((mutant) => mutant.status === 'Killed' || mutant.status === 'Timeout' || UNDETECTED.has(mutant.status));
    const undetected = ran.filter((mutant) => UNDETECTED.has(mutant.status)).map((mutant) => survivorKey(file, mutant));
    verdicts.push({
      file,
      ran: ran.length,
      detected: ran.length - undetected.length,
      unjustified: undetected.filter((key) => !reasons[key]),
    });
  }
  return verdicts.sort((a, b) => a.file.localeCompare(b.file));
}

function main(argv) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const baseAt = argv.indexOf('--base');
  const base = baseAt >= 0 ? argv[baseAt + 1] : undefined;
  if (!base || base.startsWith('-') || argv.length !== 2) {
    console.error('usage: node tools/scripts/mutate-changed.mjs --base <git ref> (the branch the change merges into, e.g. origin/main)');
    return 2;
  }
  let paths;
  try {
    const output = execFileSync('git', ['diff', '--name-only', '--diff-filter=d', '-z', `${base}...HEAD`, '--', 'tools/src'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    paths = output.split('\0').filter(Boolean);
  } catch (error) {
    console.error(
      `mutate-changed: git cannot compare with ${JSON.stringify(base)}: ${
        String(error.stderr ?? error.message)
          .trim()
          .split('\n')[0]
      }`,
    );
    return 2;
  }
  const { files, refused } = changedSources(paths);
  if (refused.length > 0) {
    for (const path of refused)
      console.error(
        `mutate-changed: ${JSON.stringify(path)}: not a source file name this repository uses (letters, digits, _ . - /); rename it`,
      );
    return 1;
  }
  if (files.length === 0) {
    console.log(`mutate-changed: no TypeScript source under tools/src differs from ${base}: nothing to mutate`);
    return 0;
  }
  console.log(`mutate-changed: ${files.length} changed source file(s): ${files.join(', ')}`);
  const run = spawnSync(process.execPath, [join(root, 'tools/scripts/mutate.mjs'), '--mutate', files.join(',')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    console.error(`mutate-changed: Stryker did not finish (exit ${run.status ?? run.signal}); its output above says why`);
    return 2;
  }
  const reportFile = join(root, 'reports/mutation/mutation.json');
  if (!existsSync(reportFile)) {
    console.error('mutate-changed: Stryker wrote no reports/mutation/mutation.json');
    return 2;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const reasons = JSON.parse(readFileSync(join(root, 'tools/scripts/mutation-survivors.json'), 'utf8'));
  const verdicts = mutationVerdicts(report, reasons, files);
  for (const { file, ran, detected } of verdicts) console.log(`  ${file}: ${detected} of ${ran} mutants detected`);
  const unjustified = verdicts.flatMap((verdict) => verdict.unjustified);
  if (unjustified.length === 0) {
    console.log('mutate-changed: every mutant of the changed files is killed, or left alive with its reason');
    return 0;
  }
  for (const key of unjustified) console.error(`mutate-changed: survived without a reason: ${key}`);
  console.error(
    `mutate-changed: ${unjustified.length} mutant(s) survived with no reason: add a test that fails on each, or its reason (why no test can tell) to tools/scripts/mutation-survivors.json under the key shown`,
  );
  return 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main(process.argv.slice(2)));
