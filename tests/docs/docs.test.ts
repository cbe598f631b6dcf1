/**
 * The docs a reader is sent to (README.md, CONTRIBUTING.md, docs/*.md): their generated parts are what the
 * code and the committed records generate, the measured figures are the recorded ones and the record still
 * describes the tree, and every relative link resolves. `npm run docs` rewrites the generated parts.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rulesMarkdown } from '../../tools/src/cli/commands/rules.js';
import { RULE_CATALOG } from '../../tools/src/rule-catalog.js';
import { quorumTable } from '../../tools/src/model/quorum-math.js';
// @ts-expect-error: plain JavaScript module without types
import { parityMarkdown } from '../../tools/scripts/parity-verdicts.mjs';
// @ts-expect-error: plain JavaScript module without types
import { docFiles, figureNames, readFigures, refreshDoc } from '../../tools/scripts/doc-blocks.mjs';
// @ts-expect-error: plain JavaScript module without types
import { benchFiguresMarkdown, filesFiguresMarkdown } from '../../tools/scripts/bench-figures.mjs';
// @ts-expect-error: plain JavaScript module without types
import { repositoryMutationMarkdown } from '../../tools/scripts/mutation-figures.mjs';
import quick from '../../vitest.quick.config.js';
import { SHARED_FILES } from '../../vitest.files.mjs';
import { REPO_ROOT } from '../helpers/repo.js';

const FILES = (docFiles as (root: string) => string[])(REPO_ROOT);
const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const figures = (readFigures as (root: string) => Record<string, number | string>)(REPO_ROOT);

describe('generated parts of the docs', () => {
  const blocks = { rules: rulesMarkdown(), parity: parityMarkdown(REPO_ROOT) as string, figures };

  it.each(FILES)('%s holds what `npm run docs` generates (rule table, parity figures, measured figures)', (file) => {
    const text = read(file);
    expect((refreshDoc as (text: string, parts: typeof blocks) => string)(text, blocks), `${file}: run \`npm run docs\``).toBe(text);
  });

  it("docs/performance.md carries the bench's render figures, generated from tools/bench/results/bench.json", () => {
    const block = /<!-- bench:start -->\n([\s\S]*)\n<!-- bench:end -->/.exec(read('docs/performance.md'))?.[1];
    expect(block).toBe((benchFiguresMarkdown as (figures: unknown) => string)(JSON.parse(read('tools/bench/results/bench.json'))));
    expect(block).toMatch(/\| fleet of 100, \d+ pairs \| [\d.]+ s CPU/);
    expect(FILES.filter((file) => read(file).includes('<!-- bench:start -->'))).toEqual(['docs/performance.md']);
  });

  it("docs/testing.md carries Stryker's scores per folder and every survivor, generated from reports/stryker-incremental.json", () => {
    const block = /<!-- mutation:start -->\n([\s\S]*)\n<!-- mutation:end -->/.exec(read('docs/testing.md'))?.[1];
    expect(block).toBe((repositoryMutationMarkdown as (root: string) => string)(REPO_ROOT));
    for (const folder of ['parse/', 'report/', 'diff/', 'generate/', 'validate/', '(root files)'])
      expect(block).toMatch(new RegExp(`^\\| \`${folder.replace(/[()/]/g, '\\$&')}\` \\| (not run yet|\\d+ \\|.* \\d+\\.\\d%) \\|`, 'm'));
    expect(FILES.filter((file) => read(file).includes('<!-- mutation:start -->'))).toEqual(['docs/testing.md']);
  });

  it("docs/performance.md carries the files bench's figures, generated from tools/bench/results/files.json", () => {
    const block = /<!-- files-bench:start -->\n([\s\S]*)\n<!-- files-bench:end -->/.exec(read('docs/performance.md'))?.[1];
    expect(block).toBe((filesFiguresMarkdown as (figures: unknown) => string)(JSON.parse(read('tools/bench/results/files.json'))));
    expect(block).toMatch(/\| `validate -f`, one thread \(`CONSUL_GITOPS_FILE_THREADS=1`\) \| [\d.]+ s CPU/);
  });

  it('the rule table and the parity figures are each in one file', () => {
    expect(FILES.filter((file) => read(file).includes('<!-- rules:start -->'))).toEqual(['docs/rules.md']);
    expect(FILES.filter((file) => read(file).includes('<!-- parity:start -->'))).toEqual(['docs/cli.md']);
  });

  it('every figure marker names a recorded figure', () => {
    const unknown = FILES.flatMap((file) =>
      (figureNames as (text: string) => string[])(read(file)).map((name) => `${file}: ${name}`),
    ).filter((entry) => !(entry.split(': ')[1]! in figures));
    expect(unknown).toEqual([]);
  });

  it('no doc types a test count outside a figure marker', () => {
    const typed = FILES.flatMap((file) =>
      [
        ...read(file)
          .replace(/<!-- figure:[\w.-]+ -->[\s\S]*?<!-- \/figure -->/g, 'N')
          .matchAll(/\b\d[\d,]* (?:tests|test files|passed|skipped)\b/g),
      ].map((match) => `${file}: ${match[0]}`),
    );
    expect(typed).toEqual([]);
  });
});

/** A vitest include glob as a regular expression over repository paths. */
function globPattern(glob: string): RegExp {
  const source = glob
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\{([^}]*)\}/g, (_whole, list: string) => `(${list.split(',').join('|')})`)
    .replace(/\*\*\//g, '@@')
    .replace(/\*/g, '[^/]*')
    .replace(/@@/g, '(.*/)?');
  return new RegExp(`^${source}$`);
}

const testFiles = readdirSync(join(REPO_ROOT, 'tests'), { recursive: true, encoding: 'utf8' })
  .map((path) => `tests/${path.split('\\').join('/')}`)
  .filter((path) => path.endsWith('.test.ts') && !path.startsWith('tests/fixtures/'));

describe('the measured figures still describe the tree (re-measure with tools/scripts/record-figures.mjs when a test file is added or removed)', () => {
  it('the suite figures count the test files of the tree', () => {
    expect(figures['suite.files']).toBe(testFiles.length);
  });

  it('the test:quick figures count the files vitest.quick.config.ts includes', () => {
    const include = (quick.test?.include ?? []).map(globPattern);
    const exclude = (quick.test?.exclude ?? []).map(globPattern);
    expect(figures['quick.files']).toBe(
      testFiles.filter((path) => include.some((pattern) => pattern.test(path)) && !exclude.some((pattern) => pattern.test(path))).length,
    );
  });
});

describe('vitest.files.mjs: the files npm test runs with one module graph per worker (isolate: false)', () => {
  /** What would leak from one file into the next when they share a module graph: mocks, stubs, env writes, chdir. */
  const GLOBAL_CHANGE =
    /\bvi\.(?:mock|doMock|stubEnv|stubGlobal|spyOn|useFakeTimers)\(|process\.chdir\(|process\.env(?:\.\w+|\[[^\]]+\])\s*=[^=]|delete process\.env/;
  const shared = testFiles.filter((path) => SHARED_FILES.map(globPattern).some((pattern) => pattern.test(path)));

  it('matches files of the tree with each of its globs, and none of those files changes a global', () => {
    for (const glob of SHARED_FILES)
      expect(
        testFiles.some((path) => globPattern(glob).test(path)),
        glob,
      ).toBe(true);
    expect(shared.length).toBeGreaterThan(100);
    expect(shared.filter((path) => GLOBAL_CHANGE.test(read(path)))).toEqual([]);
  });

  it('sees what it looks for: a mock, an env write, a chdir, a spy', () => {
    // built from pieces, so that this file does not itself hold what it looks for
    const lines = [
      ['vi', "mock('x')"],
      ['process', 'env.KUSTOMIZE = "k"'],
      ['process', "env['A'] = 'b'"],
      ['process', 'chdir(dir)'],
      ['vi', 'spyOn(a, "b")'],
    ];
    for (const line of lines.map((parts) => parts.join('.'))) expect(GLOBAL_CHANGE.test(line), line).toBe(true);
    expect(GLOBAL_CHANGE.test("const env = { ...process.env, A: 'b' }; if (process.env.A === 'b') {}")).toBe(false);
  });
});

describe('links', () => {
  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
  const slug = (heading: string) =>
    heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\- _]/gu, '')
      .replace(/ /g, '-');
  const anchorsOf = (text: string) =>
    new Set([...text.replace(/```[\s\S]*?```/g, '').matchAll(/^#+ (.*)$/gm)].map((match) => slug(match[1]!)));

  /** The relative links of a doc that lead to no file, out of the repository, or to no heading of a Markdown file. */
  function brokenLinks(file: string, text: string): string[] {
    const broken: string[] = [];
    // code is no link: fenced blocks, and code spans (`a`, or `` a ` b `` around a backtick) on one line
    const prose = text.replace(/```[\s\S]*?```/g, '').replace(/(`+).*?\1/g, '');
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, anchor] = target!.split('#') as [string, string | undefined];
      const resolved = path === '' ? join(REPO_ROOT, file) : join(REPO_ROOT, dirname(file), path);
      if (relative(REPO_ROOT, resolved).startsWith('..') || !existsSync(resolved)) broken.push(`${target}: no such file`);
      else if (
        anchor !== undefined &&
        resolved.endsWith('.md') &&
        statSync(resolved).isFile() &&
        !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)
      )
        broken.push(`${target}: no such heading`);
    }
    return broken;
  }

  it.each(FILES)('every relative link of %s resolves, anchors included', (file) => {
    expect(brokenLinks(file, read(file))).toEqual([]);
  });

  it('the link check finds a missing file, a missing heading and a path out of the repository, and passes a good link', () => {
    const text =
      '[a](docs/guide.md#environment-spec) [b](docs/nope.md) [c](docs/guide.md#no-such-heading) [d](../outside.md) [e](https://example.org/x)';
    expect(brokenLinks('README.md', text)).toEqual([
      'docs/nope.md: no such file',
      'docs/guide.md#no-such-heading: no such heading',
      '../outside.md: no such file',
    ]);
    expect(brokenLinks('docs/cli.md', '[f](guide.md#adding-an-environment) [g](#the-cli-npx-consul-gitops) [h](../README.md)')).toEqual([]);
    expect(anchorsOf('## `diff`: the Consul impact of a change\n')).toContain('diff-the-consul-impact-of-a-change');
    // a survivor's code in docs/testing.md, such as a regex with ["']([A-Z]*), is no link; the same text outside code is
    expect(brokenLinks('docs/testing.md', '- `/["\']([A-Za-z_][\\w.]*)/` and `` a`["\']([a-z]*)` ``')).toEqual([]);
    expect(brokenLinks('docs/testing.md', '["\']([A-Za-z_]*)')).toEqual(['[A-Za-z_]*: no such file']);
  });

  it('the README links every file under docs/', () => {
    const readme = read('README.md');
    expect(FILES.filter((file) => file.startsWith('docs/') && !readme.includes(`](${file})`))).toEqual([]);
  });
});

describe('what the docs state', () => {
  const rules = read('docs/rules.md');

  it('the rules reference lists every rule id once', () => {
    const ids = RULE_CATALOG.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(rules).toContain(`| \`${id}\` |`);
  });

  it('its quorum table holds the figures quorum-math computes (the generated PDB is what generate writes)', () => {
    const rows = [...rules.matchAll(/^\| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)].map((row) => row.slice(1).map(Number));
    expect(rows.map((row) => row[0])).toEqual([1, 3, 5, 7]);
    for (const [n, ...figures] of rows) {
      const table = quorumTable(n!);
      expect(figures, `n=${n}`).toEqual([
        table.quorum,
        table.faultTolerance,
        table.seedPdbMaxUnavailable,
        table.recommendedPdbMaxUnavailable,
        table.drainMargin,
      ]);
    }
  });

  it('the README states the two commands and stays short', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npx nx run tools:validate');
    expect(readme).toContain('npm ci && npm test');
    expect(readme.split('\n').length).toBeLessThanOrEqual(300);
  });
});

describe('record-figures.mjs: the measured figures come from a vitest JSON report', () => {
  const SCRIPT = join(REPO_ROOT, 'tools/scripts/record-figures.mjs');
  const run = promisify(execFile);
  const record = async (...args: string[]) =>
    run(process.execPath, [SCRIPT, ...args])
      .then(({ stdout }) => ({ code: 0, out: stdout }))
      .catch((error: { code: number; stderr: string }) => ({ code: error.code, out: error.stderr }));

  it('writes tests, files, seconds and the source into the record, and reports a bad report or usage in one line (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-figures-'));
    try {
      const into = join(dir, 'figures.json');
      await copyFile(join(REPO_ROOT, 'docs/figures.json'), into);
      const report = join(dir, 'report.json');
      await writeFile(
        report,
        JSON.stringify({ numTotalTests: 7, startTime: 1_000, testResults: [{ endTime: 3_400 }, { endTime: 62_600 }] }),
      );
      expect(await record('quick', report, 'a test run', '--into', into)).toEqual({
        code: 0,
        out: `${into}: quick = 7 tests in 2 files, 62 s\n`,
      });
      const written = JSON.parse(readFileSync(into, 'utf8')) as Record<string, unknown>;
      expect(written.quick).toEqual({ tests: 7, files: 2, seconds: 62, source: 'a test run' });
      expect(written.suite).toEqual(JSON.parse(read('docs/figures.json')).suite);

      // a suite record keeps each file's seconds, repository-relative, for vitest.config.ts's slowest-first order
      await writeFile(
        report,
        JSON.stringify({
          numTotalTests: 3,
          startTime: 1_000,
          testResults: [
            { name: join(REPO_ROOT, 'tests/b.test.ts'), startTime: 1_000, endTime: 3_460 },
            { name: join(REPO_ROOT, 'tests/a/a.test.ts'), startTime: 1_100, endTime: 62_600 },
          ],
        }),
      );
      expect((await record('suite', report, 'a suite run', '--into', into)).code).toBe(0);
      const suite = (JSON.parse(readFileSync(into, 'utf8')) as { suite: Record<string, unknown> }).suite;
      expect(suite).toEqual({
        tests: 3,
        files: 2,
        seconds: 62,
        source: 'a suite run',
        fileSeconds: { 'tests/a/a.test.ts': 61.5, 'tests/b.test.ts': 2.5 },
      });
      expect(Object.keys(suite.fileSeconds as object)).toEqual(['tests/a/a.test.ts', 'tests/b.test.ts']);

      // .ci/run's record of its whole duration: the minutes, rounded
      const ci = join(dir, 'ci.json');
      await writeFile(ci, '{"seconds": 549}\n');
      expect(await record('ci', ci, 'a clean-clone run', '--into', into)).toEqual({ code: 0, out: `${into}: ciMinutes = 9 (549 s)\n` });
      expect(JSON.parse(readFileSync(into, 'utf8'))).toMatchObject({ ciMinutes: 9, ciSource: 'a clean-clone run' });
      await writeFile(ci, '{"seconds": 601, "exitCode": 1}\n');
      expect((await record('ci', ci, 'a clean-clone run', '--into', into)).code).toBe(0);
      expect(JSON.parse(readFileSync(into, 'utf8'))).toMatchObject({ ciMinutes: 10, ciSource: 'a clean-clone run (that run exited 1)' });
      await writeFile(ci, '{"seconds": "soon"}\n');
      expect(await record('ci', ci, 'x', '--into', into)).toEqual({
        code: 2,
        out: `record-figures: ${ci}: not a .ci/run record (no whole number of seconds)\n`,
      });

      await writeFile(report, JSON.stringify({ numFailedTests: 0 }));
      const notVitest = await record('suite', report, 'x', '--into', into);
      expect(notVitest.code).toBe(2);
      expect(notVitest.out).toMatch(
        /^record-figures: .*report\.json: not a vitest JSON report \(no numTotalTests, startTime or testResults\[\]\.endTime\): run vitest with --reporter=json\n$/,
      );
      const missing = await record('suite', join(dir, 'none.json'), 'x', '--into', into);
      expect(missing).toEqual({ code: 2, out: `record-figures: ${join(dir, 'none.json')}: not a readable vitest JSON report (ENOENT)\n` });
      const usage = await record('bench', report, 'x');
      expect(usage.code).toBe(2);
      expect(usage.out).toMatch(/^usage: node tools\/scripts\/record-figures\.mjs suite\|quick\|ci /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
