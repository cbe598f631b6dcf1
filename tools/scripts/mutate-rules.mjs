// Mutation check of the validation rules (`npm run mutate:rules`): apply one deliberately broken copy of a
// rule at a time to tools/src, run that rule's tests, and report whether a test failed (killed) or all
// passed (survived). vitest runs the TypeScript sources directly, so nothing is rebuilt. The source file is
// always restored (finally, SIGINT/SIGTERM, exit), and the run ends by checking `git diff --quiet tools/src`.
//
//   node tools/scripts/mutate-rules.mjs [--mutants FILE] [--rule ID]... [--id TEXT]... [--survivors FILE] [--json FILE] [--no-bail] [--baseline]
//
// --id selects mutants whose description contains TEXT; --survivors FILE the ones that survived in an earlier --json FILE.
//
// The mutant list (default tools/scripts/rule-mutants.json) is { "rules": { "<id>": { "extraTests": [...] } },
// "mutants": [{ rule, file, find, replace, description, extraTests?, equivalent? }] }; `equivalent` says why a mutant
// cannot change behaviour: it may survive without failing the run. `find` must occur exactly once in
// `file` (a path from the repository root), whitespace aside (tools/scripts/mutant-list.mjs). Each mutant runs
//   npx vitest run tests/validate/rules/<rule>.test.ts
// (the rule's own test file: its inline branch cases and its fixtures; tests/validate/kustomization/rules/ or
// tests/validate/argocd/rules/ for those rules), and, only if that passes, its extra test files: the rule's
// extraTests and the mutant's own.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMutant, checkMutants } from './mutant-list.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The test file of a rule: tests/validate/<folder>/<rule-id>.test.ts, beside where its source sits under tools/src. */
function ruleTests(rule) {
  const folders = ['tests/validate/rules', 'tests/validate/kustomization/rules', 'tests/validate/argocd/rules'];
  const file = folders.map((folder) => `${folder}/${rule}.test.ts`).find((path) => existsSync(join(ROOT, path)));
  if (!file) throw new Error(`no test file for rule ${rule} in ${folders.join(', ')}`);
  return file;
}
/** One mutant's vitest run may not take longer: a mutant that loops forever counts as killed (timeout). */
const TIMEOUT_MS = 15 * 60 * 1000;

function parseArgs(argv) {
  const options = {
    mutants: 'tools/scripts/rule-mutants.json',
    rules: [],
    ids: [],
    survivors: undefined,
    json: undefined,
    bail: true,
    baseline: false,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const next = () => {
      const value = argv[++index];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (arg === '--mutants') options.mutants = next();
    else if (arg === '--rule') options.rules.push(next());
    else if (arg === '--id') options.ids.push(next());
    else if (arg === '--json') options.json = next();
    else if (arg === '--survivors') options.survivors = next();
    else if (arg === '--no-bail') options.bail = false;
    else if (arg === '--baseline') options.baseline = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(
        readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .filter((line) => line.startsWith('//'))
          .map((line) => line.slice(3))
          .join('\n'),
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

// The file currently mutated, and the child vitest process, for the restore paths.
let applied;
let child;

function restore() {
  if (!applied) return;
  writeFileSync(applied.path, applied.original);
  applied = undefined;
}

function onSignal(signal) {
  if (child && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  restore();
  console.error(`\n${signal}: source restored, stopping`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('exit', restore);

/** Run vitest once; resolve with its outcome read from the JSON report. */
function vitest(files, pattern, options, logFile) {
  const dir = mkdtempSync(join(tmpdir(), 'mutate-rules-'));
  const report = join(dir, 'report.json');
  const args = [
    'vitest',
    'run',
    ...files,
    ...(pattern ? ['-t', pattern] : []),
    '--reporter=json',
    `--outputFile=${report}`,
    '--no-file-parallelism',
    ...(options.bail ? ['--bail=1'] : []),
  ];
  return new Promise((resolvePromise) => {
    const output = [];
    // A process group of its own, so a signal or the timeout ends vitest and its workers together.
    child = spawn('npx', args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      child = undefined;
      writeFileSync(logFile, Buffer.concat(output));
      let json;
      try {
        json = JSON.parse(readFileSync(report, 'utf8'));
      } catch {
        json = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
      const failed = (json?.testResults ?? []).flatMap((file) =>
        (file.assertionResults ?? []).filter((test) => test.status === 'failed').map((test) => test.fullName),
      );
      const suiteErrors = (json?.testResults ?? [])
        .filter((file) => file.status === 'failed' && (file.assertionResults ?? []).every((test) => test.status !== 'failed'))
        .map((file) => file.message || file.name);
      resolvePromise({ code, timedOut, passed: json?.numPassedTests ?? 0, failed, suiteErrors });
    });
  });
}

/** killed: a test failed; survived: every test passed; error: vitest failed without a failing test (a mutant that does not load). */
function verdict(run) {
  if (run.timedOut) return 'killed';
  if (run.failed.length > 0) return 'killed';
  if (run.code === 0 && run.passed > 0) return 'survived';
  return 'error';
}

async function runMutant(mutant, list, options, logDir, index) {
  const extra = [...(list.rules?.[mutant.rule]?.extraTests ?? []), ...(mutant.extraTests ?? [])];
  const runs = [
    { files: [ruleTests(mutant.rule)], pattern: undefined },
    ...(extra.length > 0 ? [{ files: [...new Set(extra)], pattern: undefined }] : []),
  ];
  let last;
  for (const [step, run] of runs.entries()) {
    last = await vitest(run.files, run.pattern, options, join(logDir, `${String(index).padStart(3, '0')}-${step}.log`));
    last.files = run.files;
    if (verdict(last) !== 'survived') break;
  }
  return last;
}

function table(rows) {
  const header = ['rule', 'mutant', 'result', 'seconds'];
  const body = rows.map((row) => [
    row.rule,
    row.description,
    row.result === 'survived' && row.equivalent ? 'survived (equivalent)' : row.result,
    row.seconds.toFixed(1),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column].length)));
  const line = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const list = JSON.parse(readFileSync(resolve(ROOT, options.mutants), 'utf8'));
  const problems = checkMutants(list, ROOT);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(2);
  }
  if (spawnSync('git', ['diff', '--quiet', 'tools/src'], { cwd: ROOT }).status !== 0) {
    console.error(
      'tools/src has uncommitted changes: commit or stash them first (the run restores sources and checks git diff at the end)',
    );
    process.exit(2);
  }
  const survivors = options.survivors
    ? new Set(
        JSON.parse(readFileSync(resolve(ROOT, options.survivors), 'utf8'))
          .rows.filter((row) => row.result === 'survived')
          .map((row) => `${row.rule}\0${row.description}`),
      )
    : undefined;
  const selected = list.mutants.filter(
    (mutant) =>
      (options.rules.length === 0 || options.rules.includes(mutant.rule)) &&
      (options.ids.length === 0 || options.ids.some((text) => mutant.description.includes(text))) &&
      (!survivors || survivors.has(`${mutant.rule}\0${mutant.description}`)),
  );
  const logDir = mkdtempSync(join(tmpdir(), 'mutate-rules-logs-'));
  console.log(`${selected.length} mutants; vitest logs in ${logDir}`);
  const started = Date.now();
  const rows = [];
  if (options.baseline) {
    for (const rule of [...new Set(selected.map((mutant) => mutant.rule))]) {
      const begin = Date.now();
      const run = await runMutant({ rule, description: 'baseline' }, list, options, logDir, 900 + rows.length);
      const result = verdict(run);
      console.log(
        `baseline ${rule}: ${result === 'survived' ? 'all pass' : `NOT GREEN (${result}): ${run.failed.concat(run.suiteErrors).join('; ')}`} ${((Date.now() - begin) / 1000).toFixed(1)}s`,
      );
      if (result !== 'survived') process.exitCode = 1;
    }
    if (process.exitCode === 1) {
      console.error('the unmutated tests are not green: mutants would count as killed for nothing');
      return;
    }
  }
  for (const [index, mutant] of selected.entries()) {
    const path = join(ROOT, mutant.file);
    const original = readFileSync(path, 'utf8');
    const begin = Date.now();
    let run;
    try {
      applied = { path, original };
      writeFileSync(path, applyMutant(original, mutant.find, mutant.replace));
      run = await runMutant(mutant, list, options, logDir, index);
    } finally {
      restore();
    }
    const seconds = (Date.now() - begin) / 1000;
    const result = verdict(run);
    const by =
      result === 'killed'
        ? run.timedOut
          ? 'timeout'
          : run.failed[0]
        : result === 'error'
          ? run.suiteErrors.join('; ') || `vitest exit ${run.code}`
          : '';
    rows.push({
      rule: mutant.rule,
      description: mutant.description,
      result,
      seconds,
      by,
      files: run.files,
      ...(mutant.equivalent ? { equivalent: mutant.equivalent } : {}),
    });
    console.log(
      `[${index + 1}/${selected.length}] ${mutant.rule}: ${mutant.description}: ${result.toUpperCase()} in ${seconds.toFixed(1)}s${by ? ` (${by.replace(/\s+/g, ' ').slice(0, 160)})` : ''}`,
    );
  }
  const total = (Date.now() - started) / 1000;
  console.log(`\n${table(rows)}\n`);
  const killed = rows.filter((row) => row.result === 'killed').length;
  const survived = rows.filter((row) => row.result === 'survived');
  const errors = rows.filter((row) => row.result === 'error');
  console.log(
    `${rows.length} mutants: ${killed} killed, ${survived.length} survived, ${errors.length} errors; kill ratio ${rows.length ? ((100 * killed) / rows.length).toFixed(1) : '0'}%; ${total.toFixed(0)}s in all`,
  );
  for (const row of survived)
    console.log(`  survived: ${row.rule}: ${row.description}${row.equivalent ? ` (equivalent: ${row.equivalent})` : ''}`);
  for (const row of errors) console.log(`  error: ${row.rule}: ${row.description}: ${row.by}`);
  if (options.json) writeFileSync(resolve(ROOT, options.json), `${JSON.stringify({ total, rows }, null, 2)}\n`);
  const clean = spawnSync('git', ['diff', '--quiet', 'tools/src'], { cwd: ROOT }).status === 0;
  console.log(clean ? 'git diff --quiet tools/src: clean' : 'git diff --quiet tools/src: NOT CLEAN');
  if (!clean) process.exitCode = 3;
  else if (survived.some((row) => !row.equivalent) || errors.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  restore();
  console.error(error);
  process.exit(2);
});
