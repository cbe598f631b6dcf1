/** The built CLI, spawned as a user runs it, on the real overlays and on broken fixtures. */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_ARGV, REPO_ROOT, unwrapped } from '../helpers/repo.js';

async function run(args: string[], env: Record<string, string> = {}) {
  const result = await execa('node', [...CLI_ARGV, ...args], { cwd: REPO_ROOT, reject: false, env: { CI: 'true', ...env } });
  // flat: the text report with its wrapped continuation lines (indented 4) joined back, for matching messages.
  return { code: result.exitCode, stdout: String(result.stdout), flat: unwrapped(String(result.stdout)), stderr: String(result.stderr) };
}

const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

describe('consul-gitops validate on the committed overlays', () => {
  it('passes every overlay and prints a per-overlay summary', async () => {
    const { code, stdout, stderr } = await run(['validate']);
    expect(stderr.split('\n').filter(Boolean).sort()).toEqual([
      '  checked argocd: ok',
      '  checked overlays/dev: ok',
      '  checked overlays/prod: ok',
      '  checked overlays/staging: ok',
    ]);
    expect(code, stdout).toBe(0);
    for (const env of ['dev', 'staging', 'prod'])
      expect(stdout).toMatch(new RegExp(`^ok\\s+overlays/${env} \\(environment ${env}\\)`, 'm'));
    // The three overlays, then argocd/ (checked when no DIR is given).
    expect(stdout).toMatch(/^ok\s+argocd: /m);
    expect(stdout).toMatch(
      /^4 kustomizations checked, (\d+) resources: 0 errors, 0 warnings, \d+ infos, \d+ suppressed\nresources: \1 valid\n/m,
    );
    // Scannable at the default width: no line over 100 columns.
    expect(stdout.split('\n').filter((line) => line.length > 100)).toEqual([]);
  });

  it('prints the documented JSON shape', async () => {
    const { code, stdout } = await run(['validate', 'overlays/prod', '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      overlays: { path: string; environment: string; ok: boolean; resources: number; findings: unknown[] }[];
      summary: Record<string, number>;
    };
    expect(report.overlays).toHaveLength(1);
    expect(report.overlays[0]).toMatchObject({ path: 'overlays/prod', environment: 'prod', ok: true });
    expect(report.overlays[0]?.resources).toBeGreaterThan(10);
    expect(Object.keys(report.summary).sort()).toEqual(['errors', 'infos', 'overlays', 'resources', 'statuses', 'suppressed', 'warnings']);
  });
});

describe("the issue's three breakages exit 1 naming the rule", () => {
  it.each([
    ['tests/fixtures/rules/quorum-even-servers/fail', 'quorum-even-servers'],
    ['tests/fixtures/rules/server-anti-affinity/fail', 'server-anti-affinity'],
    ['tests/fixtures/rules/pdb-max-unavailable/fail', 'pdb-max-unavailable'],
  ])('%s -> %s', async (dir, rule) => {
    const { code, stdout } = await run(['validate', dir, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      overlays: {
        resources: number;
        checked: { kind: string; name: string; status: string }[];
        findings: { rule: string; severity: string; kind: string; name: string; file: string; fileRendered: boolean }[];
      }[];
      summary: { statuses: Record<string, number> };
    };
    const overlay = report.overlays[0]!;
    const errors = overlay.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.rule)).toContain(rule);
    // each resource an error names is invalid, and the statuses add up to the resources checked
    for (const error of errors)
      expect(overlay.checked.find((resource) => resource.kind === error.kind && resource.name === error.name)?.status).toBe('invalid');
    expect(Object.values(report.summary.statuses).reduce((total, count) => total + count, 0)).toBe(overlay.resources);
    // located in the tree: a file on disk, not the render
    expect(errors.every((f) => f.file.startsWith('base/') === !f.fileRendered)).toBe(true);
  });

  it('names the source file and line of the PDB patch', async () => {
    const { flat } = await run(['validate', 'tests/fixtures/rules/pdb-max-unavailable/fail']);
    expect(flat).toMatch(/error\s+pdb-max-unavailable\s+PodDisruptionBudget\/consul-server: maxUnavailable 3 > f/);
    expect(flat).toMatch(/q=3, tolerated failures f=2/);
  });
});

describe('bad input gets a clear message, never a stack trace', () => {
  it.each([
    ['malformed-yaml', /kustomize build .*malformed-yaml.*(yaml|YAML|mapping|tab)/],
    ['missing-base', /kustomize build .*missing-base.*(does not exist|no such file|not found|must resolve)/i],
    ['bad-patch', /kustomize build .*bad-patch.*(no-such-statefulset|failed to find|no matches)/i],
  ])('%s: kustomize-build finding, exit 1', async (name, pattern) => {
    const { code, stdout, flat, stderr } = await run(['validate', `tests/fixtures/cli/${name}`]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/kustomize-build/);
    expect(flat).toMatch(pattern);
    noStack(stdout + stderr);
  });

  it('a missing kustomize binary is exit 2 with how to fix it', async () => {
    const byFlag = await run(['validate', '--kustomize', '/nonexistent/kustomize']);
    expect(byFlag.code).toBe(2);
    expect(byFlag.stderr).toMatch(/kustomize not usable at \/nonexistent\/kustomize \(from --kustomize\)/);
    const byEnv = await run(['validate'], { KUSTOMIZE: '/nonexistent/kustomize' });
    expect(byEnv.code).toBe(2);
    expect(byEnv.stderr).toMatch(/from KUSTOMIZE/);
    noStack(byFlag.stderr + byEnv.stderr);
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['validate', '--format', 'xml'], /unknown --format "xml" for validate: use one of text, json, junit, sarif, github/],
    [['validate', 'no/such/dir'], /no\/such\/dir: not a directory/],
    [['validate', '--no-such-flag'], /unknown option --no-such-flag for validate/],
    [['quorum', 'five'], /N must be a whole number/],
    [['quorum', '3', '--format', 'xml'], /unknown --format "xml" for quorum: use one of text, json$/m],
    [['rules', '--format', 'xml'], /unknown --format "xml" for rules: use one of text, json, markdown$/m],
  ])('%j is a usage error (exit 2)', async (args, pattern) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(pattern);
    noStack(stderr);
  });
});

describe('consul-gitops quorum and rules', () => {
  it('prints quorum, tolerance and the PDB value for 5 servers, and zone loss over 2 zones', async () => {
    const { code, stdout } = await run(['quorum', '5', '--zones', '2', '--nodes', '4', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      servers: 5,
      quorum: 3,
      faultTolerance: 2,
      seedPdbMaxUnavailable: 1,
      zones: { placement: [3, 2], survives: false },
      nodes: { feasible: false, pendingServers: 1 },
    });
    const text = await run(['quorum', '3']);
    expect(text.stdout).toMatch(/no value avoids a warning/);
  });

  it('lists every rule in the catalog', async () => {
    const { code, stdout } = await run(['rules', '--format', 'json']);
    expect(code).toBe(0);
    const ids = (JSON.parse(stdout) as { id: string }[]).map((rule) => rule.id);
    expect(ids).toEqual(expect.arrayContaining(['quorum-even-servers', 'pdb-max-unavailable', 'schema', 'kustomize-build', 'suppression']));
  });
});
