/**
 * tools/scripts/parallel.mjs, which `npm test` and `npm run lint` run their checks through: the script copied
 * into a temporary repository beside a package.json of small shell scripts, run as npm runs it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';

const root = mkdtempSync(join(tmpdir(), 'consul-gitops-parallel-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'tools/scripts'), { recursive: true });
copyFileSync(join(REPO_ROOT, 'tools/scripts/parallel.mjs'), join(root, 'tools/scripts/parallel.mjs'));
writeFileSync(
  join(root, 'package.json'),
  JSON.stringify({
    scripts: {
      check: 'echo checked',
      'lint:one': 'echo one; echo to-stderr >&2',
      'lint:slow': 'sleep 1; echo slow',
      'lint:two': 'echo two',
      'not-lint': 'echo never',
      fails: 'echo broken >&2; exit 3',
      'fails-later': 'sleep 0.2; exit 5',
    },
  }),
);

function parallel(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(root, 'tools/scripts/parallel.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The scripts in the order their output was printed, with their verdicts. */
const headers = (stdout: string): string[] =>
  [...stdout.matchAll(/^── (\S+): (passed|FAILED \([^)]*\)) in [\d.]+ s$/gm)].map((m) => `${m[1]} ${m[2]}`);

describe('tools/scripts/parallel.mjs', () => {
  it('runs every script to its end and exits 0 when all pass; lint:* is every lint: script, each run once', () => {
    const run = parallel('lint:two', 'lint:*', 'check');
    expect(run.status).toBe(0);
    expect(headers(run.stdout).sort()).toEqual(['check passed', 'lint:one passed', 'lint:slow passed', 'lint:two passed']);
    // a script's output (stdout and stderr) is printed in one piece, under its header
    expect(run.stdout).toMatch(/── lint:one: passed in [\d.]+ s\none\nto-stderr\n/);
    expect(run.stdout).toMatch(/── lint:slow: passed in [\d.]+ s\nslow\n/);
    expect(run.stdout).not.toContain('never');
    expect(run.stderr).toBe('');
  });

  it('runs one per core: with two, the slow script ends last though it started second', () => {
    const run = parallel('lint:one', 'lint:slow', 'lint:two', 'check');
    expect(run.status).toBe(0);
    const order =
      availableParallelism() >= 2 ? ['lint:one', 'lint:two', 'check', 'lint:slow'] : ['lint:one', 'lint:slow', 'lint:two', 'check'];
    expect(headers(run.stdout)).toEqual(order.map((name) => `${name} passed`));
  });

  it('exits with the first failing script’s code (in the order given), after every script ran, naming the failures', () => {
    const run = parallel('fails-later', 'check', 'fails');
    expect(run.status).toBe(5);
    expect(headers(run.stdout).sort()).toEqual(['check passed', 'fails FAILED (exit 3)', 'fails-later FAILED (exit 5)']);
    expect(run.stdout).toMatch(/── fails: FAILED \(exit 3\) in [\d.]+ s\nbroken\n/);
    expect(run.stderr).toBe('parallel: fails-later, fails failed\n');
  });

  it.each([
    ['a name that is no script', ['lint:one', 'nope'], 'parallel: no package.json script matches "nope"\n'],
    ['a prefix that matches none', ['test:*'], 'parallel: no package.json script matches "test:*"\n'],
    [
      'no script at all',
      [],
      'usage: node tools/scripts/parallel.mjs <script>... (package.json script names; lint:* for every lint: script)\n',
    ],
  ])('%s: exit 2, one line, nothing run', (_case, args, message) => {
    const run = parallel(...args);
    expect(run).toEqual({ status: 2, stdout: '', stderr: message });
  });
});
