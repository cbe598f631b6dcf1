/** `validate -f`: plain manifests (a file, a folder without a kustomization, stdin), checked like kubeconform plus the rules. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ruleGroup } from '../../tools/src/model/rule-groups.js';
import { CLI, REPO_ROOT } from '../helpers/repo.js';
import type { JsonFinding, JsonReport } from '../helpers/json-report.js';

const PLAIN = 'tests/fixtures/files/plain';
const BROKEN = 'tests/fixtures/files/broken/deployment.yaml';
const CONSUL = 'tests/fixtures/files/consul-chart';

async function run(args: string[], input?: string, env: Record<string, string> = {}) {
  // COLUMNS: wide enough that a finding's location line is not wrapped.
  const result = await execa('node', [CLI, ...args], {
    cwd: REPO_ROOT,
    reject: false,
    env: { CI: 'true', COLUMNS: '200', ...env },
    ...(input !== undefined ? { input } : {}),
  });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

async function json(args: string[], input?: string): Promise<{ code: number | undefined; report: JsonReport }> {
  const { code, stdout, stderr } = await run([...args, '--format', 'json', '--quiet'], input);
  expect(stderr).toBe('');
  return { code, report: JSON.parse(stdout) as JsonReport };
}

const findingsOf = (report: JsonReport) => report.overlays.flatMap((overlay) => overlay.findings);

describe('validate -f FILE', () => {
  it('names the file and line of each finding: a schema error and an unpinned image', async () => {
    const { code, report } = await json(['validate', '-f', BROKEN]);
    expect(code).toBe(1);
    expect(report.overlays.map((overlay) => overlay.path)).toEqual([BROKEN]);
    expect(findingsOf(report).map(({ rule, file, line, path }) => ({ rule, file, line, path }))).toEqual([
      { rule: 'image-pinned', file: BROKEN, line: 17, path: '/spec/template/spec/containers/0/image' },
      { rule: 'schema', file: BROKEN, line: 18, path: '/spec/template/spec/containers/0/imagePullPolice' },
    ]);
    expect(findingsOf(report)[1]?.message).toMatch(/imagePullPolice: unknown field .*did you mean "imagePullPolicy"/);
  });

  it('the text report prints file:line', async () => {
    const { code, stdout } = await run(['validate', '-f', BROKEN]);
    expect(code).toBe(1);
    expect(stdout).toContain(`${BROKEN}:18 at /spec/template/spec/containers/0/imagePullPolice`);
  });
});

describe('validate -f DIR: a folder of plain YAML without a kustomization', () => {
  it('walks it recursively (*.yaml, *.yml, *.json; other files ignored) and passes: no Consul rule fires on non-Consul objects', async () => {
    const { code, report } = await json(['validate', '-f', PLAIN]);
    expect(code).toBe(0);
    expect(report.overlays).toEqual([expect.objectContaining({ path: PLAIN, ok: true, resources: 4, findings: [] })]);
  });

  it('the host-port DaemonSet is not a Consul client: even --rules consul finds nothing (no client-host-port, quorum-min-servers, environment-label)', async () => {
    const { code, report } = await json(['validate', '-f', `${PLAIN}/monitoring`, '--rules', 'consul']);
    expect(code).toBe(0);
    expect(findingsOf(report)).toEqual([]);
  });

  it('a folder given as a DIR (no kustomization) says to use -f', async () => {
    const { code, stderr } = await run(['validate', PLAIN]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no kustomization\.yaml in it.*`validate -f \S*tests\/fixtures\/files\/plain`/);
  });

  it('a folder that holds a kustomization: checked as files, with a note on stderr naming the command that renders it', async () => {
    const { code, stdout, stderr } = await run(['validate', '-f', 'overlays/prod', '--format', 'json', '--quiet']);
    expect(code).toBe(1); // its patches are not whole objects
    expect((JSON.parse(stdout) as JsonReport).overlays.map((overlay) => overlay.path)).toEqual(['overlays/prod']);
    expect(stderr).toBe(
      'note: -f overlays/prod holds a kustomization: files mode checks each of its files as a whole object, so a patch in it fails as one; `consul-gitops validate overlays/prod` renders the kustomization first',
    );
    // a file of that folder, and a folder without a kustomization, get no note
    expect((await run(['validate', '-f', 'overlays/prod/server-config.yaml', '--quiet'])).stderr).toBe('');
    expect((await run(['validate', '-f', PLAIN, '--quiet'])).stderr).toBe('');
  });

  it('-f is repeatable: one report entry per argument', async () => {
    const { code, report } = await json(['validate', '-f', PLAIN, '-f', BROKEN]);
    expect(code).toBe(1);
    expect(report.overlays.map((overlay) => [overlay.path, overlay.ok])).toEqual([
      [PLAIN, true],
      [BROKEN, false],
    ]);
  });

  it.each([
    [['validate', '-f', 'no/such/file.yaml'], /-f no\/such\/file\.yaml: no such file or folder/],
    [
      ['validate', '-f', 'tests/fixtures/files/empty'],
      /-f tests\/fixtures\/files\/empty: no \*\.yaml, \*\.yml or \*\.json file in this folder/,
    ],
    [['validate', 'overlays/dev', '-f', PLAIN], /pass either kustomization directories \(overlays\/dev\) or -f manifests, not both/],
  ])('%j is a usage error (exit 2)', async (args, pattern) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(pattern);
  });
});

describe('validate -f - (stdin)', () => {
  it('reads the manifests from standard input and names (stdin) and the line', async () => {
    const { code, report } = await json(['validate', '-f', '-'], readFileSync(join(REPO_ROOT, BROKEN), 'utf8'));
    expect(code).toBe(1);
    expect(findingsOf(report).find((finding) => finding.rule === 'schema')).toMatchObject({ file: '(stdin)', line: 18 });
  });

  it('a clean stream passes', async () => {
    const { code, report } = await json(['validate', '-f', '-'], readFileSync(join(REPO_ROOT, PLAIN, 'web.yaml'), 'utf8'));
    expect(code).toBe(0);
    expect(report.overlays[0]).toMatchObject({ path: '(stdin)', resources: 2, findings: [] });
  });
});

describe('--rules selects rule groups', () => {
  const groups = (findings: JsonFinding[]) =>
    [
      ...new Set(
        findings.map((finding) => (['schema', 'schema-missing', 'yaml-parse'].includes(finding.rule) ? 'schema' : ruleGroup(finding.rule))),
      ),
    ].sort();

  it('a chart-labelled Consul client (app: consul) gets the Consul rules: its agent ports are not on host ports', async () => {
    const { code, report } = await json(['validate', '-f', CONSUL, '--rules', 'consul']);
    expect(code).toBe(1);
    expect(findingsOf(report)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'client-host-port',
          name: 'consul-client',
          line: 27,
          message: expect.stringMatching(/container port 8500 is not bound to a host port/),
        }),
        expect.objectContaining({ rule: 'quorum-min-servers', message: expect.stringMatching(/no StatefulSet consul-server/) }),
      ]),
    );
    expect(groups(findingsOf(report))).toEqual(['consul']);
    // environment-label is for overlays: plain manifests need not carry an environment of environments.yaml.
    expect(findingsOf(report).map((finding) => finding.rule)).not.toContain('environment-label');
  });

  it('--rules kubernetes runs only the Kubernetes rules; --rules none checks schemas only', async () => {
    expect((await json(['validate', '-f', CONSUL, '--rules', 'kubernetes'])).report.summary.errors).toBe(0);
    const kubernetes = await json(['validate', '-f', BROKEN, '--rules', 'kubernetes']);
    expect(groups(findingsOf(kubernetes.report))).toEqual(['kubernetes', 'schema']);
    const none = await json(['validate', '-f', BROKEN, '--rules', 'none']);
    expect(findingsOf(none.report).map((finding) => finding.rule)).toEqual(['schema']);
    const all = await json(['validate', '-f', BROKEN, '-f', CONSUL]);
    expect(groups(findingsOf(all.report))).toEqual(['consul', 'kubernetes', 'schema']);
  });

  it('--rules applies to kustomizations too: --rules none on the pdb-max-unavailable failure passes', async () => {
    const { code, report } = await json(['validate', 'tests/fixtures/rules/pdb-max-unavailable/fail', '--rules', 'none']);
    expect(code).toBe(0);
    expect(findingsOf(report).filter((finding) => finding.rule === 'pdb-max-unavailable')).toEqual([]);
  });

  it('the kustomization-file rules are Kubernetes rules: --rules consul leaves kustomize-deprecated-field out', async () => {
    const dir = 'tests/fixtures/rules/kustomize-deprecated-field/fail';
    const rulesOf = async (selection: string) =>
      findingsOf((await json(['validate', dir, '--rules', selection])).report).map((finding) => finding.rule);
    expect(await rulesOf('all')).toContain('kustomize-deprecated-field');
    expect(await rulesOf('kubernetes')).toContain('kustomize-deprecated-field');
    expect(await rulesOf('consul')).not.toContain('kustomize-deprecated-field');
  });
});

describe('the same outputs in files mode', () => {
  it.each([
    ['sarif', /"uri": "tests\/fixtures\/files\/broken\/deployment\.yaml"[\s\S]*"startLine": 18/],
    ['junit', /<testsuite name="tests\/fixtures\/files\/broken\/deployment\.yaml"[\s\S]*imagePullPolice/],
    ['github', /^::error file=tests\/fixtures\/files\/broken\/deployment\.yaml,line=18/m],
  ])('%s', async (format, pattern) => {
    const { code, stdout } = await run(['validate', '-f', BROKEN, '--format', format]);
    expect(code).toBe(1);
    expect(stdout).toMatch(pattern);
  });
});

describe('worker threads (CONSUL_GITOPS_FILE_THREADS): the report of one thread, byte for byte', () => {
  // Every files fixture, the schema corpus (duplicate keys, Lists, empty documents, int64 overflow, unknown kinds)
  // and a file that does not parse, from stdin too; one -f per input, as the threads split the files across inputs.
  const inputs = [
    '-f',
    'tests/fixtures/schema/cases',
    '-f',
    PLAIN,
    '-f',
    BROKEN,
    '-f',
    CONSUL,
    '-f',
    'tests/fixtures/cli/malformed-yaml',
    '-f',
    '-',
  ];
  const stdin = readFileSync(join(REPO_ROOT, BROKEN), 'utf8');
  it.each(['json', 'text', 'sarif'])('%s: 2 and 3 threads write what 1 thread writes', async (format) => {
    const args = ['validate', ...inputs, '--schema-backend', 'offline', '--format', format];
    const one = await run(args, stdin, { CONSUL_GITOPS_FILE_THREADS: '1' });
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/imagePullPolice/);
    for (const threads of ['2', '3']) {
      const many = await run(args, stdin, { CONSUL_GITOPS_FILE_THREADS: threads });
      expect({ threads, ...many }).toEqual({ threads, ...one });
    }
  });

  it.each(['0', 'two', '1000'])('CONSUL_GITOPS_FILE_THREADS=%s is a usage error (exit 2) that names the variable', async (value) => {
    const { code, stdout, stderr } = await run(['validate', '-f', PLAIN, '--schema-backend', 'offline'], undefined, {
      CONSUL_GITOPS_FILE_THREADS: value,
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`CONSUL_GITOPS_FILE_THREADS must be a whole number of threads from 1 to 999 .*not '${value}'`));
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('an overlay that adds an unrelated workload', () => {
  it('a metrics-exporter DaemonSet on a host port next to prod trips no Consul rule', async () => {
    const { code, report } = await json(['validate', 'tests/fixtures/rules/client-host-port/pass-unrelated-daemonset']);
    expect(code).toBe(0);
    expect(report.overlays[0]?.resources).toBe(36);
    expect(findingsOf(report).filter((finding) => finding.name === 'node-exporter')).toEqual([]);
  });
});
