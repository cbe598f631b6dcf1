// `npm run mutate`: StrykerJS (stryker.config.mjs), then the results of this run merged into the committed
// incremental file. Stryker writes reports/stryker-incremental.json with the files of this run only, so a run
// narrowed with `--mutate` would drop every other folder's results; this keeps them (a file this run mutated takes
// the new results, a file that no longer exists is dropped). Arguments go to `stryker run` unchanged.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const file = join(root, 'reports/stryker-incremental.json');
const before = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
const run = spawnSync(join(root, 'node_modules/.bin/stryker'), ['run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (run.error) {
  console.error(`mutate: cannot start stryker: ${run.error.message}`);
  process.exit(2);
}
if (before !== undefined && existsSync(file)) {
  // When Stryker stopped before writing, `after` is `before` and the merge changes nothing.
  const after = JSON.parse(readFileSync(file, 'utf8'));
  const keep = (files) => Object.fromEntries(Object.entries(files ?? {}).filter(([name]) => existsSync(join(root, name))));
  after.files = { ...keep(before.files), ...after.files };
  after.testFiles = { ...keep(before.testFiles), ...after.testFiles };
  writeFileSync(file, `${JSON.stringify(after, null, 2)}\n`);
}
process.exit(run.status ?? 2);
