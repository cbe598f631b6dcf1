/**
 * The workflow's fleet path: tools/scripts/shard-projects.mjs (the affected Nx projects into N matrix
 * shards) and tools/scripts/merge-reports.mjs (the shards' SARIF reports into one SARIF file and one
 * Markdown summary), the latter on real reports written by `consul-gitops validate --format sarif`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types
import { shardMatrix, shardProjects } from '../../tools/scripts/shard-projects.mjs';
// @ts-expect-error: plain JavaScript module without types
import { COMMENT_MARKER } from '../../tools/scripts/merge-reports.mjs';
import { REPO_ROOT } from '../helpers/repo.js';

const shard = shardProjects as (projects: string[], shards: number) => string[][];
const overlays = (count: number) => Array.from({ length: count }, (_, index) => `overlay-e${String(index).padStart(3, '0')}`);

describe('shard-projects', () => {
  it('leaves out the tools and the spec project, and puts every other project in exactly one shard', () => {
    const projects = ['tools', 'environments', 'argocd', ...overlays(10)];
    const shards = shard(projects, 4);
    expect(shards.flat().sort()).toEqual(['argocd', ...overlays(10)].sort());
    expect(shards.flat()).not.toContain('tools');
    expect(shards.flat()).not.toContain('environments');
  });

  it.each([
    [1, 1],
    [4, 4],
    [16, 5],
  ])('makes at most %i shard(s), never an empty one (%i for 5 projects)', (requested, made) => {
    const shards = shard(overlays(5), requested);
    expect(shards).toHaveLength(made);
    for (const list of shards) expect(list.length).toBeGreaterThan(0);
  });

  it('balances overlays to within one project per shard', () => {
    const sizes = shard(overlays(1000), 16).map((list) => list.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('weighs argocd/ as half the overlays (it renders them all for context): with 10 overlays and 2 shards argocd (weight 5) shares its shard with 3 of them, the other holds 7', () => {
    const shards = shard(['argocd', ...overlays(10)], 2);
    const withArgocd = shards.find((list) => list.includes('argocd'));
    expect(withArgocd).toHaveLength(1 + 3);
    expect(shards.find((list) => !list.includes('argocd'))).toHaveLength(7);
  });

  it('is deterministic whatever the input order', () => {
    const projects = ['argocd', ...overlays(30)];
    expect(shard([...projects].reverse(), 4)).toEqual(shard(projects, 4));
  });

  it('refuses a shard count that is not a whole number >= 1', () => {
    expect(() => shard(overlays(3), 0)).toThrow(/--shards must be a whole number >= 1/);
  });

  it('prints the matrix for strategy.matrix from a JSON list on stdin', async () => {
    const result = await execa('node', ['tools/scripts/shard-projects.mjs', '--shards', '2'], {
      cwd: REPO_ROOT,
      input: JSON.stringify(['tools', 'overlay-a', 'overlay-b', 'overlay-c']),
    });
    expect(JSON.parse(result.stdout)).toEqual({
      include: [
        { shard: 1, of: 2, projects: 'overlay-a,overlay-c' },
        { shard: 2, of: 2, projects: 'overlay-b' },
      ],
    });
    expect(shardMatrix([], 4)).toEqual({ include: [] });
  });

  it.each([
    [['--shards', 'x'], '[]', /^shard-projects: --shards must be a whole number >= 1, got x$/],
    [['--shards', '2'], '{"a":1}', /^shard-projects: the project list from stdin is not a JSON array of names$/],
    [['--shards', '2'], 'not json', /^shard-projects: cannot read the project list from stdin \(a JSON array of names\): /],
  ])('exits 2 with one line for bad input (%j, %s)', async (args, input, message) => {
    const result = await execa('node', ['tools/scripts/shard-projects.mjs', ...args], { cwd: REPO_ROOT, input, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('merge-reports on real reports of consul-gitops validate', () => {
  let dir: string;
  const merge = (reports: string, ...args: string[]) =>
    execa(
      'node',
      ['tools/scripts/merge-reports.mjs', reports, '--sarif', join(dir, 'merged.sarif'), '--markdown', join(dir, 'summary.md'), ...args],
      { cwd: REPO_ROOT, reject: false },
    );
  const report = async (fixture: string, file: string) => {
    const result = await execa(
      'node',
      ['tools/bin/consul-gitops.js', 'validate', `tests/fixtures/rules/client-host-port/${fixture}`, '--format', 'sarif', '--output', file],
      { cwd: REPO_ROOT, reject: false },
    );
    expect(result.exitCode, result.stderr).toBe(fixture === 'fail' ? 1 : 0);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'consul-gitops-merge-'));
    for (const name of ['reports', 'clean', 'broken']) await execa('mkdir', [join(dir, name)]);
    await report('fail', join(dir, 'reports/overlay-fail.sarif'));
    await report('pass', join(dir, 'reports/overlay-pass.sarif'));
    await report('pass', join(dir, 'clean/overlay-pass.sarif'));
    await writeFile(join(dir, 'broken/overlay-x.sarif'), '{"runs": ');
  }, 120_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('merges the reports into one run: every rule once, every result, and exits 1 on an error result', async () => {
    const result = await merge(join(dir, 'reports'));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^merge-reports: 2 report\(s\) into .*: 3 error\(s\), 0 missing$/m);
    const merged = JSON.parse(await readFile(join(dir, 'merged.sarif'), 'utf8')) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string }[] }[];
    };
    const single = JSON.parse(await readFile(join(dir, 'reports/overlay-fail.sarif'), 'utf8')) as typeof merged;
    expect(merged.version).toBe('2.1.0');
    expect(merged.runs).toHaveLength(1);
    const ids = merged.runs[0]!.tool.driver.rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(single.runs[0]!.tool.driver.rules.map((rule) => rule.id));
    expect(merged.runs[0]!.results).toEqual(single.runs[0]!.results);
    expect(merged.runs[0]!.results.map((item) => item.ruleId)).toContain('client-host-port');
  });

  it('writes one Markdown summary: marker, verdict and totals, a row per project with findings, the error results', async () => {
    await merge(join(dir, 'reports'));
    const markdown = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(markdown.split('\n')[0]).toBe(COMMENT_MARKER);
    expect(markdown).toContain('### consul-gitops validate fails: 2 project(s), 3 error(s), 0 warning(s), 0 note(s)');
    expect(markdown).toContain('| overlay-fail | 3 | 0 | 0 |');
    expect(markdown).not.toContain('| overlay-pass |');
    expect(markdown).toMatch(
      /^- `client-host-port` base\/client-daemonset\.yaml:\d+: DaemonSet\/consul-client: hostPort 18500 differs from containerPort 8500/m,
    );
  });

  it('passes reports without errors (exit 0)', async () => {
    const result = await merge(join(dir, 'clean'));
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('### consul-gitops validate passes: 1 project(s), 0 error(s)');
  });

  it('fails and lists a project the plan expected that wrote no report', async () => {
    const result = await merge(join(dir, 'clean'), '--expect', 'overlay-pass,overlay-lost');
    expect(result.exitCode).toBe(1);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain(
      '**No report** from 1 project(s) (their shard failed before writing it): overlay-lost',
    );
  });

  it('exits 2 naming an unreadable report, and on a missing argument', async () => {
    const broken = await merge(join(dir, 'broken'));
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr.trim()).toMatch(/^merge-reports: .*broken\/overlay-x\.sarif: not a readable SARIF report \(/);
    const usage = await execa('node', ['tools/scripts/merge-reports.mjs', join(dir, 'clean')], { cwd: REPO_ROOT, reject: false });
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr.trim()).toBe(
      'merge-reports: usage: merge-reports.mjs DIR --sarif OUT.sarif --markdown OUT.md [--expect p1,p2,...]',
    );
  });
});
