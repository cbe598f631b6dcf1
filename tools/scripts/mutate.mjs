// `npm run mutate`: StrykerJS (stryker.config.mjs), then the results of this run merged into the committed
// incremental file. Arguments go to `stryker run` unchanged.
//
// Stryker writes its incremental file with the files of its own run only, so a run narrowed with `--mutate` would
// drop every other folder's results. And two runs in one checkout (two terminals, each on its own folder) would each
// rewrite the shared file with what it read when it started, so the run that ends last dropped the other's results.
// So each run works on a private copy (reports/stryker-incremental.run-<pid>.json, seeded from the committed file
// for Stryker's incremental reuse), and at its end merges what it wrote into the committed file as that file is then,
// under a lock: a file this run mutated takes the new results, every other file keeps what is there (another run's
// results included), and a file that no longer exists is dropped.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The incremental report after a run: `current` (the committed file as it is when the run ends, or undefined when
 * there is none) with the files and test files of `run` (what this run's Stryker wrote) laid over it; entries of
 * `current` whose path `exists` denies are dropped.
 */
export function mergeIncremental(current, run, exists) {
  const keep = (files) => Object.fromEntries(Object.entries(files ?? {}).filter(([name]) => exists(name)));
  return {
    ...current,
    ...run,
    files: { ...keep(current?.files), ...run.files },
    testFiles: { ...keep(current?.testFiles), ...run.testFiles },
  };
}

/** Runs `update` holding `lock` (a file made with O_EXCL); a lock older than `staleMs` is left from a killed run. */
export function withLock(lock, update, { waitMs = 120_000, staleMs = 600_000 } = {}) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let age;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released between the two calls
      }
      if (age > staleMs) rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} is held by another run for over ${waitMs / 1000} s`, { cause: error });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return update();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Merges the private file `runFile` into `file` when Stryker wrote it (its text is no longer `seed`). */
export function mergeRun(root, file, runFile, seed) {
  if (!existsSync(runFile)) return false;
  const text = readFileSync(runFile, 'utf8');
  if (text === seed) return false; // Stryker stopped before writing: nothing of this run to keep
  withLock(`${file}.lock`, () => {
    const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
    const merged = mergeIncremental(current, JSON.parse(text), (name) => existsSync(join(root, name)));
    writeFileSync(`${file}.tmp-${process.pid}`, `${JSON.stringify(merged, null, 2)}\n`);
    renameSync(`${file}.tmp-${process.pid}`, file);
  });
  return true;
}

function main(argv) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const file = join(root, 'reports/stryker-incremental.json');
  const runFile = join(root, `reports/stryker-incremental.run-${process.pid}.json`);
  const seed = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (seed !== undefined) writeFileSync(runFile, seed);
  try {
    const run = spawnSync(join(root, 'node_modules/.bin/stryker'), ['run', ...argv, '--incrementalFile', runFile], {
      cwd: root,
      stdio: 'inherit',
    });
    if (run.error) {
      console.error(`mutate: cannot start stryker: ${run.error.message}`);
      return 2;
    }
    mergeRun(root, file, runFile, seed);
    return run.status ?? 2;
  } finally {
    rmSync(runFile, { force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main(process.argv.slice(2)));
