/** CLI conventions: per-command help with examples, --version, strict per-command flags, exit codes before the run. */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, COMMAND_SPECS } from '../../tools/src/cli/args.js';
import { CONSUL_VERSION, CONTROL_PLANE_VERSION } from '../../tools/src/model/facts.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { goModPins } from '../../tools/src/render/go-tools.js';
import { CLI, REPO_ROOT } from '../helpers/repo.js';

async function run(args: string[], env: Record<string, string> = {}) {
  const result = await execa('node', [CLI, ...args], { cwd: REPO_ROOT, reject: false, env: { CI: 'true', ...env } });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

describe('help: each command prints its own options and examples', () => {
  it.each(COMMAND_NAMES)('%s --help', async (command) => {
    const { code, stdout, stderr } = await run([command, '--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(new RegExp(`^Usage: consul-gitops ${command}\\b`));
    for (const option of Object.keys(COMMAND_SPECS[command].options)) expect(stdout).toContain(`--${option}`);
    expect(stdout).toMatch(/\nExamples:\n {2}\S/);
    for (const example of COMMAND_SPECS[command].examples) expect(stdout).toContain(example);
    // Not the global text: no other command's synopsis.
    for (const other of COMMAND_NAMES.filter((name) => name !== command)) expect(stdout).not.toMatch(new RegExp(`^ {2}${other}\\b`, 'm'));
    for (const line of stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('validate --help names -f, --rules and the exit codes; `help validate` prints the same', async () => {
    const help = await run(['validate', '--help']);
    expect(help.stdout).toMatch(/-f, --file FILE\|DIR\|-/);
    expect(help.stdout).toMatch(/--rules G +rule groups to run: all \(default\), kubernetes, consul or none/);
    expect(help.stdout).toMatch(/Exit codes: 0 clean, 1 findings .*, 2 usage or environment problem/);
    expect((await run(['help', 'validate'])).stdout).toBe(help.stdout);
    const global = await run(['--help']);
    expect(global.stdout).not.toBe(help.stdout);
    expect(global.stdout).toMatch(/Run `consul-gitops <command> --help` for a command's options and examples/);
  });
});

describe('--version', () => {
  it('prints the tools version and the pinned kustomize, kubeconform, Consul and chart versions', async () => {
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    const tools = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/package.json'), 'utf8')) as { version: string };
    const pins = goModPins();
    expect(stdout).toMatch(new RegExp(`^consul-gitops ${tools.version.replace(/\./g, '\\.')} `));
    expect(stdout).toContain(`kustomize ${pins.versions.kustomize} `);
    expect(stdout).toContain(`kubeconform ${pins.versions.kubeconform} `);
    expect(stdout).toContain(`Consul ${CONSUL_VERSION}, consul-k8s-control-plane ${CONTROL_PLANE_VERSION}, chart ${CONTROL_PLANE_VERSION}`);
    expect((await run(['validate', '--version'])).stdout).toBe(stdout);
  });
});

describe('unknown and misplaced flags are usage errors (exit 2)', () => {
  it.each([
    [
      ['quorum', '3', '--check'],
      /unknown option --check for quorum \(--check is an option of generate\); quorum takes --zones, --nodes, --format, --debug, -h\/--help, --version/,
    ],
    [['rules', '--zones', '3'], /unknown option --zones for rules \(--zones is an option of quorum\); rules takes --format/],
    [['generate', '--output', 'x'], /unknown option --output for generate \(--output is an option of validate, render, diff, cluster\)/],
    [['gate', '-f', 'x.yaml'], /unknown option -f for gate \(-f is an option of validate\)/],
    [['validate', '--no-such-flag'], /unknown option --no-such-flag for validate; validate takes -f\/--file, --rules, --format/],
    [['--format', 'json', 'validate'], /--format is not a global option: put a command first/],
    [['quorum', '3', '--zones'], /option '--zones <value>' argument missing \(quorum\)/],
    [['generate', '--check=yes'], /option '--check' does not take an argument \(generate\)/],
    [['validate', '--rules', 'consul-only'], /unknown --rules "consul-only": use all, kubernetes, consul, none/],
    [['help', 'frobnicate'], /unknown command "frobnicate"/],
  ])('%j', async (args, pattern) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(pattern);
    expect(stdout).toBe('');
    noStack(stderr);
  });
});

describe('environment problems are exit 2, found before the run starts', () => {
  let dir: string;
  let marker: string;
  let kustomizeSpy: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'consul-gitops-conventions-'));
    marker = join(dir, 'kustomize-ran');
    // A kustomize that records that it was run, then runs the real one: the run must not start.
    const real = await resolveKustomize({ env: {} });
    kustomizeSpy = join(dir, 'kustomize');
    await writeFile(kustomizeSpy, `#!/bin/sh\ntouch '${marker}'\nexec '${real.command}' ${real.prefix.join(' ')} "$@"\n`);
    await chmod(kustomizeSpy, 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a --schemas folder that does not exist: exit 2 naming it, not a schema finding (exit 1)', async () => {
    const { code, stdout, stderr } = await run(['validate', 'overlays/dev', '--schemas', 'no/such/crds'], { KUSTOMIZE: kustomizeSpy });
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--schemas .*no\/such\/crds: cannot read the folder \(ENOENT\); pass a folder of CustomResourceDefinition YAML files/,
    );
    expect(stdout).toBe('');
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    [['missing/report.json'], /--output missing\/report\.json: the folder .*missing does not exist; create it first/],
    [['tests'], /--output tests: is a folder; name a file/],
  ])('--output %j: exit 2 with a clear message and no render', async ([output], pattern) => {
    const { code, stdout, stderr } = await run(['validate', 'overlays/dev', '--output', output as string], { KUSTOMIZE: kustomizeSpy });
    expect(code).toBe(2);
    expect(stderr).toMatch(pattern);
    expect(stderr).not.toMatch(/internal error|ENOENT/);
    expect(stdout).toBe('');
    expect(existsSync(marker)).toBe(false);
  });

  it('diff --output into a missing folder: exit 2 before any worktree is made', async () => {
    const { code, stderr } = await run(['diff', '--base', 'HEAD', '--output', 'missing/diff.md'], { KUSTOMIZE: kustomizeSpy });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--output missing\/diff\.md: the folder .* does not exist/);
    expect(existsSync(marker)).toBe(false);
  });

  it('the spy itself works: a good --output runs kustomize and writes the report', async () => {
    const report = join(dir, 'report.txt');
    const { code } = await run(['validate', 'overlays/dev', '--output', report], { KUSTOMIZE: kustomizeSpy });
    expect(code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(readFileSync(report, 'utf8')).toMatch(/^ok\s+overlays\/dev/m);
  });
});
