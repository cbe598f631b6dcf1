// `npm run mutate`: StrykerJS (stryker.config.mjs), then the results of this run merged into the committed
// incremental file. Arguments go to `stryker run` unchanged.
//
// Stryker rewrites its incremental file whole: every file's results, with the test ids of this run (a mutant's
// killedBy and coveredBy name tests by ids that only this report defines). So two runs in one checkout at once
// would each write what they read when they started, and the one ending last dropped the other's results. Runs
// therefore take turns: each holds reports/stryker-incremental.json.lock (its PID) from before Stryker reads the file
// until its results are in; a second run waits, and a lock left by a run that no longer exists is taken over.
// Entries of files that no longer exist are dropped.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each test's id in `report` mapped to what names it across reports: its test file and its name. */
function testKeys(report) {
  const keys = new Map();
  for (const [file, { tests = [] } = {}] of Object.entries(report?.testFiles ?? {}))
    for (const test of tests) keys.set(test.id, `${file}\u0000${test.name}`);
  return keys;
}

/**
 * The incremental report after a run: what Stryker wrote (`after`), with the entries of `before` it left out
 * kept, unless `exists` denies their path.
 *
 * A test id means something only inside the report that defines it (Stryker numbers the tests of each run from 0),
 * so the merged report numbers its tests afresh, and every mutant's killedBy and coveredBy is carried over by the
 * test's file and name; a reference to a test that is no longer there is dropped.
 *
 * A run narrowed to lines (`--mutate 'file.ts:10-20'`) writes only the mutants on those lines: when the file's source
 * is what `before` holds, the mutants it did not run are kept beside the ones it did. When the source changed, the
 * file is what Stryker wrote.
 *
 * A mutant is named by its place, mutator and replacement, not by its id: Stryker numbers the mutants it runs afresh
 * each run ('23') and gives the ones it carries over from the incremental file a key of their place
 * ('file.ts@30:69-32:1\nBlockStatement: {}'), so one mutant has another id in each run. Matched by id, the result of
 * an earlier run stayed beside the new one (a mutant listed twice, once Survived or NoCoverage, once Killed).
 * A mutant listed twice in `before` (written by a merge before this was so) is kept once, its later entry.
 */
export function mergeIncremental(before, after, exists) {
  const keep = (files) => Object.fromEntries(Object.entries(files ?? {}).filter(([name]) => exists(name)));
  const testFiles = { ...keep(before?.testFiles), ...after.testFiles };
  const ids = new Map();
  const renumbered = Object.fromEntries(
    Object.entries(testFiles).map(([file, entry]) => {
      if (!Array.isArray(entry?.tests)) return [file, entry];
      const tests = entry.tests.map((test) => {
        const id = String(ids.size);
        ids.set(`${file}\u0000${test.name}`, id);
        return { ...test, id };
      });
      return [file, { ...entry, tests }];
    }),
  );
  const carry = (keys) => (list) =>
    list?.flatMap((id) => {
      const next = ids.get(keys.get(id));
      return next === undefined ? [] : [next];
    });
  const remap = (keys) => {
    const move = carry(keys);
    return (mutant) => {
      const moved = { ...mutant };
      if (mutant.killedBy) moved.killedBy = move(mutant.killedBy);
      if (mutant.coveredBy) moved.coveredBy = move(mutant.coveredBy);
      return moved;
    };
  };
  const place = (mutant) =>
    mutant.location
      ? `${mutant.location.start.line}:${mutant.location.start.column}-${mutant.location.end.line}:${mutant.location.end.column} ${mutant.mutatorName} ${mutant.replacement ?? ''}`
      : `id ${mutant.id}`;
  const lastOfEach = (mutants) => [...new Map(mutants.map((mutant) => [place(mutant), mutant])).values()];
  const fromBefore = remap(testKeys(before));
  const fromAfter = remap(testKeys(after));
  const files = {};
  for (const [name, entry] of Object.entries(keep(before?.files))) files[name] = { ...entry, mutants: entry.mutants.map(fromBefore) };
  for (const [name, entry] of Object.entries(after.files)) {
    const ran = entry.mutants.map(fromAfter);
    const old = files[name];
    if (old === undefined || old.source !== entry.source) {
      files[name] = { ...entry, mutants: ran };
      continue;
    }
    const fresh = new Set(ran.map(place));
    files[name] = { ...entry, mutants: [...lastOfEach(old.mutants).filter((mutant) => !fresh.has(place(mutant))), ...ran] };
  }
  return { ...after, files, testFiles: renumbered };
}

/** The process is there and not a zombie (an ended process its parent has not reaped yet; Linux's /proc says). */
function running(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)?.[0] !== 'Z';
  } catch {
    return true; // no /proc: kill -0 alone
  }
}

/**
 * Takes `lock` for this process (a file holding its PID, made with O_EXCL), waiting while another live process
 * holds it (`onWait` is told its PID once); a lock whose process is gone, or that holds no PID, is taken over.
 * Returns the release function.
 */
export function acquireRunLock(lock, { onWait = () => {}, pollMs = 5_000 } = {}) {
  let told = false;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder;
    try {
      holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    } catch {
      continue; // released between the two calls
    }
    if (!Number.isSafeInteger(holder) || holder <= 0 || !running(holder)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (!told) onWait(holder);
    told = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pollMs);
  }
}

function main(argv) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const file = join(root, 'reports/stryker-incremental.json');
  const release = acquireRunLock(`${file}.lock`, {
    onWait: (pid) => console.error(`mutate: another run (PID ${pid}) is using ${file}; this one starts when it ends`),
  });
  try {
    const before = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
    const run = spawnSync(join(root, 'node_modules/.bin/stryker'), ['run', ...argv], { cwd: root, stdio: 'inherit' });
    if (run.error) {
      console.error(`mutate: cannot start stryker: ${run.error.message}`);
      return 2;
    }
    // When Stryker stopped before writing, the file is still `before` and the merge changes nothing.
    if (before !== undefined && existsSync(file)) {
      const merged = mergeIncremental(before, JSON.parse(readFileSync(file, 'utf8')), (name) => existsSync(join(root, name)));
      writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
    }
    return run.status ?? 2;
  } finally {
    release();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main(process.argv.slice(2)));
