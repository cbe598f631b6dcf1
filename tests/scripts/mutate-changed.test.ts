/**
 * tools/scripts/mutate-changed.mjs, CI's `mutation` job: which changed files go to Stryker, which of their
 * surviving mutants lack a reason, and the script's exits before Stryker starts (run in a temporary git
 * repository holding a copy of the script). Stryker itself is not run here: one run takes minutes
 * (`npm run mutate`, docs/testing.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types
import { changedSources, mutationVerdicts } from '../../tools/scripts/mutate-changed.mjs';
import { REPO_ROOT } from '../helpers/repo.js';

interface Verdict {
  file: string;
  ran: number;
  detected: number;
  unjustified: string[];
}
const sources = changedSources as (paths: string[]) => { files: string[]; refused: string[] };
const verdicts = mutationVerdicts as (report: unknown, reasons: Record<string, string>, files: string[]) => Verdict[];

describe('changedSources', () => {
  it('keeps the TypeScript sources under tools/src, leaving out declarations, tests, scripts and docs', () => {
    expect(
      sources([
        'tools/src/model/quorum.ts',
        'tools/src/types.d.ts',
        'tools/src/validate/rules/client-rollout.ts',
        'tests/model/quorum.test.ts',
        'tools/scripts/mutate.mjs',
        'docs/testing.md',
        'tools/src/README.md',
      ]),
    ).toEqual({ files: ['tools/src/model/quorum.ts', 'tools/src/validate/rules/client-rollout.ts'], refused: [] });
  });

  it.each([
    ['a shell command', 'tools/src/a;touch pwned.ts'],
    ['a comma, which would split Stryker’s --mutate list', 'tools/src/a,b.ts'],
    ['a space', 'tools/src/model/my file.ts'],
    ['a parent folder', 'tools/src/../../etc/x.ts'],
    ['a glob', 'tools/src/*.ts'],
  ])('refuses a name with %s, and mutates none of it', (_case, path) => {
    expect(sources([path, 'tools/src/model/quorum.ts'])).toEqual({ files: ['tools/src/model/quorum.ts'], refused: [path] });
  });
});

describe('mutationVerdicts', () => {
  const mutant = (status: string, line: number, mutatorName = 'ConditionalExpression', replacement = 'true') => ({
    status,
    mutatorName,
    replacement,
    location: { start: { line, column: 1 }, end: { line, column: 5 } },
  });
  const report = {
    files: {
      'tools/src/model/quorum.ts': {
        mutants: [
          mutant('Killed', 3),
          mutant('Timeout', 4),
          mutant('Survived', 5),
          mutant('NoCoverage', 6, 'StringLiteral', '""'),
          mutant('Ignored', 7),
          mutant('CompileError', 8),
        ],
      },
      '/abs/path/tools/src/model/pdb.ts': { mutants: [mutant('Survived', 10, 'BlockStatement', '{\n  }')] },
      'tools/src/model/other.ts': { mutants: [mutant('Survived', 1)] },
    },
  };

  it('counts the mutants that ran per changed file and lists each undetected one without a reason, by its key', () => {
    expect(verdicts(report, {}, ['tools/src/model/quorum.ts', 'tools/src/model/pdb.ts'])).toEqual([
      { file: 'tools/src/model/pdb.ts', ran: 1, detected: 0, unjustified: ['tools/src/model/pdb.ts:10 BlockStatement { }'] },
      {
        file: 'tools/src/model/quorum.ts',
        ran: 4,
        detected: 2,
        unjustified: ['tools/src/model/quorum.ts:5 ConditionalExpression true', 'tools/src/model/quorum.ts:6 StringLiteral ""'],
      },
    ]);
  });

  it('passes a survivor whose key has a reason, and reads no file the change did not touch', () => {
    const reasons = { 'tools/src/model/quorum.ts:5 ConditionalExpression true': 'equivalent: ...' };
    expect(verdicts(report, reasons, ['tools/src/model/quorum.ts'])).toEqual([
      { file: 'tools/src/model/quorum.ts', ran: 4, detected: 2, unjustified: ['tools/src/model/quorum.ts:6 StringLiteral ""'] },
    ]);
    expect(verdicts(report, {}, [])).toEqual([]);
  });
});

describe('the script in a git repository', () => {
  const root = mkdtempSync(join(tmpdir(), 'consul-gitops-mutate-changed-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  for (const script of ['mutate-changed.mjs', 'mutation-figures.mjs']) {
    mkdirSync(join(root, 'tools/scripts'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'tools/scripts', script), join(root, 'tools/scripts', script));
  }
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
    });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('tools/src/model/quorum.ts', 'export const a = 1;\n');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'base');
  /** A branch off main with one file added and committed. */
  const branchFromMain = (branch: string, path: string, text: string) => {
    git('checkout', '-q', '-b', branch, 'main');
    write(path, text);
    git('add', '-A');
    git('commit', '-qm', branch);
  };
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [join(root, 'tools/scripts/mutate-changed.mjs'), ...args], { cwd: root, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('exits 2 with its usage without --base, and 2 naming a ref git does not know', () => {
    expect(run()).toEqual({
      status: 2,
      stdout: '',
      stderr: 'usage: node tools/scripts/mutate-changed.mjs --base <git ref> (the branch the change merges into, e.g. origin/main)\n',
    });
    const unknown = run('--base', 'no-such-branch');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^mutate-changed: git cannot compare with "no-such-branch": fatal: /);
  });

  it('exits 0 when no source under tools/src changed (a change to the tests only)', () => {
    branchFromMain('tests-only', 'tests/model/quorum.test.ts', '// a test\n');
    expect(run('--base', 'main')).toEqual({
      status: 0,
      stdout: 'mutate-changed: no TypeScript source under tools/src differs from main: nothing to mutate\n',
      stderr: '',
    });
  });

  it('exits 1 on a source file name that could reach a shell or split the file list, before Stryker starts', () => {
    branchFromMain('hostile', 'tools/src/model/a;touch pwned.ts', 'export const b = 2;\n');
    expect(run('--base', 'main')).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'mutate-changed: "tools/src/model/a;touch pwned.ts": not a source file name this repository uses (letters, digits, _ . - /); rename it\n',
    });
  });
});
