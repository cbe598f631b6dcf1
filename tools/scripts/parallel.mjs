// `node tools/scripts/parallel.mjs <script>...`: run package.json scripts side by side, one per core, and print
// each one's output in one piece when it ends, with its duration. The checks of `npm test` (tsc, eslint,
// prettier, dependency-cruiser, knip, actionlint) are one process each and use one core: run one after another,
// they left the second core idle for about a minute. `lint:*` names every script that starts with `lint:`, in
// package.json's order. Every script runs to its end, so one run shows every failure; the exit code is the
// first failing script's (in the order given), 0 when all pass, 2 for a usage problem.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The script names an argument stands for: itself, or every `prefix:` script for `prefix:*`. */
function expand(argument, all) {
  if (!argument.endsWith(':*')) return Object.hasOwn(all, argument) ? [argument] : [];
  const prefix = argument.slice(0, -1);
  return Object.keys(all).filter((name) => name.startsWith(prefix));
}

const names = [];
for (const argument of process.argv.slice(2)) {
  const matched = expand(argument, scripts);
  if (matched.length === 0) {
    console.error(`parallel: no package.json script matches "${argument}"`);
    process.exit(2);
  }
  for (const name of matched) if (!names.includes(name)) names.push(name);
}
if (names.length === 0) {
  console.error('usage: node tools/scripts/parallel.mjs <script>... (package.json script names; lint:* for every lint: script)');
  process.exit(2);
}

// as npm runs a script: through the shell, at the root, with node_modules/.bin first on PATH
const env = { ...process.env, PATH: [join(root, 'node_modules/.bin'), process.env.PATH ?? ''].join(delimiter) };
const children = new Set();
// No check takes minutes on its own (ESLint, the longest, about one): a hung one ends the run instead of CI's job limit.
const LIMIT_MS = 15 * 60_000;
function stop(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}
function run(name) {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    // its own process group, so a time limit or Ctrl-C stops what the script started, not only its shell
    const child = spawn('sh', ['-c', scripts[name]], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(child);
    const timer = setTimeout(() => stop(child, 'SIGKILL'), LIMIT_MS);
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    let done = false;
    const finish = (code, why) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      children.delete(child);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(output).toString('utf8');
      process.stdout.write(
        `── ${name}: ${code === 0 ? 'passed' : `FAILED (${why})`} in ${seconds} s\n${text}${text === '' || text.endsWith('\n') ? '' : '\n'}`,
      );
      resolvePromise(code);
    };
    child.on('error', (error) => finish(2, `cannot start: ${error.message}`));
    child.on('close', (code, signal) =>
      finish(
        code ?? 1,
        signal === 'SIGKILL' && Date.now() - started >= LIMIT_MS
          ? `stopped after ${LIMIT_MS / 60_000} min`
          : signal
            ? `killed by ${signal}`
            : `exit ${code}`,
      ),
    );
  });
}

for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const child of children) stop(child, signal);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });

const codes = new Map();
let next = 0;
async function lane() {
  while (next < names.length) {
    const name = names[next++];
    codes.set(name, await run(name));
  }
}
await Promise.all(Array.from({ length: Math.min(availableParallelism(), names.length) }, lane));
const failed = names.filter((name) => codes.get(name) !== 0);
if (failed.length > 0) console.error(`parallel: ${failed.join(', ')} failed`);
process.exit(failed.length > 0 ? (codes.get(failed[0]) ?? 1) : 0);
