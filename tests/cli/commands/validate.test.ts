/** `validate` in process (tools/src/cli/commands/validate.ts): usage errors before anything runs, progress, output. */
import { chmod, copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../../tools/src/cli/args.js';
import { validateCommand } from '../../../tools/src/cli/commands/validate.js';
import { UsageError } from '../../../tools/src/model/errors.js';
import { recordedIo } from '../../helpers/command-io.js';
import { configMap, FILE_KUSTOMIZE_SCRIPT, kustomization, tempRepo, under } from '../../helpers/pipeline-repo.js';

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: { name: web, namespace: apps }',
  'spec:',
  '  selector: { matchLabels: { app: web } }',
  '  template:',
  '    metadata: { labels: { app: web } }',
  '    spec: { containers: [{ name: web, image: nginx }] }',
  '',
].join('\n');

let root: string;
let kustomize: string;
/** Plain manifests, with no environments.yaml beside them. */
let plain: string;

beforeAll(async () => {
  root = await tempRepo({
    'environments.yaml': 'not: [valid\n',
    ...under('overlays/a', kustomization(configMap('a'))),
    ...under('overlays/b', kustomization(configMap('b', 'apps', '1'))),
    'plain/a.yaml': configMap('a'),
  });
  plain = await tempRepo({
    'files/a.yaml': configMap('a'),
    'files/bad.yaml': configMap('bad', 'apps', '1'),
    'files/widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: apps\n',
    'files/deployment.yaml': DEPLOYMENT,
    ...under('overlays/a', kustomization(configMap('a'))),
  });
  kustomize = join(root, 'kustomize.sh');
  await copyFile(FILE_KUSTOMIZE_SCRIPT, kustomize);
  await chmod(kustomize, 0o755);
});

afterAll(async () => {
  await rm(root, { recursive: true });
  await rm(plain, { recursive: true });
});

async function validate(argv: string[], cwd = plain, env: NodeJS.ProcessEnv = {}) {
  const recorded = recordedIo(cwd, { env, readStdin: () => Promise.resolve(configMap('from-stdin')) });
  const code = await validateCommand(parseCli(['validate', ...argv]), recorded.io);
  return { code, out: recorded.out(), err: recorded.err(), files: recorded.files };
}

describe('validate', () => {
  it('checks plain manifests: exit 0 when clean, a line of progress per input', async () => {
    const result = await validate(['-f', 'files/a.yaml', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.err).toBe('  checked files/a.yaml: ok\n');
    expect(JSON.parse(result.out)).toMatchObject({ summary: { errors: 0 } });
  });

  it('exits 1 on an error finding, FAILED in the progress line; --quiet prints no progress', async () => {
    const result = await validate(['-f', 'files/bad.yaml']);
    expect(result.code).toBe(1);
    expect(result.err).toBe('  checked files/bad.yaml: FAILED\n');
    expect(result.out).toContain('data.a: must be a string');
    expect((await validate(['-f', 'files/bad.yaml', '-q'])).err).toBe('');
  });

  it('reads - from the standard input the io gives', async () => {
    const result = await validate(['-f', '-', '--format', 'json', '-q']);
    expect(JSON.parse(result.out)).toMatchObject({ overlays: [{ path: '(stdin)', resources: 1 }] });
  });

  it('writes the report to --output instead of stdout', async () => {
    const result = await validate(['-f', 'files/a.yaml', '--output', 'report.json', '--format', 'json', '-q']);
    expect(result.out).toBe('');
    expect(JSON.parse(result.files.get(join(plain, 'report.json')) ?? '')).toMatchObject({ summary: { errors: 0 } });
  });

  it('wraps the text report at COLUMNS when it is a sensible width', async () => {
    const narrow = await validate(['-f', 'files/bad.yaml', '-q'], plain, { COLUMNS: '60' });
    const wide = await validate(['-f', 'files/bad.yaml', '-q'], plain, { COLUMNS: '400' });
    const silly = await validate(['-f', 'files/bad.yaml', '-q'], plain, { COLUMNS: '20' });
    const longest = (text: string): number => Math.max(...text.split('\n').map((line) => line.length));
    expect(longest(narrow.out)).toBeLessThanOrEqual(60);
    expect(longest(wide.out)).toBeGreaterThan(60);
    expect(silly.out).toBe((await validate(['-f', 'files/bad.yaml', '-q'])).out);
  });

  it('notes a -f folder that holds a kustomization', async () => {
    const result = await validate(['-f', 'overlays/a', '-q']);
    expect(result.err).toBe(
      'note: -f overlays/a holds a kustomization: files mode checks each of its files as a whole object, so a patch in it fails as one; `consul-gitops validate overlays/a` renders the kustomization first\n',
    );
  });

  it('renders kustomization directories with the kustomize given', async () => {
    const result = await validate(
      ['overlays/a', 'overlays/b', '--kustomize', kustomize, '--format', 'json', '--render-timeout', '30'],
      root,
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({
      overlays: [{ path: 'environments.yaml' }, { path: 'overlays/a' }, { path: 'overlays/b' }],
    });
  });

  it('checks the overlay it runs in when given no directory, below the repository root', async () => {
    const result = await validate(['--kustomize', kustomize, '--format', 'json', '-q'], join(root, 'overlays/a'));
    const report = JSON.parse(result.out) as { overlays: { path: string; notChecked?: string }[] };
    expect(report.overlays.map((overlay) => overlay.path)).toEqual(['environments.yaml', 'overlays/a']);
  });

  it.each([
    [['overlays/a', '-f', 'files/a.yaml'], /^pass either kustomization directories \(overlays\/a\) or -f manifests, not both/],
    [['-f', 'files/a.yaml', '--kustomize', 'k'], /^--kustomize has no effect with -f/],
    [['-f', 'files/a.yaml', '--render-timeout', '5'], /^--render-timeout has no effect with -f/],
    [['--render-timeout', '0'], /--render-timeout/],
    [
      ['--rules', 'some'],
      /^unknown --rules "some": use all, kubernetes, consul, none \(see `consul-gitops rules` for each rule's group\)$/,
    ],
    [['--format', 'xml'], /^unknown --format "xml"/],
    [['--schema-backend', 'x'], /^unknown --schema-backend "x"/],
    [['--schemas', 'nope'], /^--schemas .*nope: cannot read the folder/],
    [['--output', 'no/such/folder/r.txt'], /^--output no\/such\/folder\/r\.txt: the folder/],
  ])('refuses %j before anything runs', async (argv, message) => {
    const recorded = recordedIo(root);
    const error = await validateCommand(parseCli(['validate', ...argv]), recorded.io).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect(recorded.out() + recorded.err()).toBe('');
  });

  it('runs every rule group unless --rules says otherwise, and --rules none runs none', async () => {
    const deployment = await validate(['-f', 'files/deployment.yaml', '--format', 'json', '-q']);
    const rules = (text: string): string[] =>
      (JSON.parse(text) as { findings?: { rule: string }[]; overlays: { findings: { rule: string }[] }[] }).overlays.flatMap((overlay) =>
        overlay.findings.map((finding) => finding.rule),
      );
    expect(rules(deployment.out).length).toBeGreaterThan(0);
    expect(rules((await validate(['-f', 'files/deployment.yaml', '--format', 'json', '-q', '--rules', 'none'])).out)).toEqual([]);
    expect(
      rules((await validate(['-f', 'files/deployment.yaml', '--format', 'json', '-q', '--rules', 'kubernetes'])).out).length,
    ).toBeGreaterThan(0);
  });

  it('makes a kind without a schema a warning with --ignore-missing-schemas', async () => {
    expect((await validate(['-f', 'files/widget.yaml', '-q'])).code).toBe(1);
    expect((await validate(['-f', 'files/widget.yaml', '-q', '--ignore-missing-schemas'])).code).toBe(0);
  });

  it('reads no spec above the folder it runs in for plain manifests', async () => {
    const result = await validate(['-f', 'a.yaml', '--format', 'json', '-q'], join(root, 'plain'));
    expect(result.code).toBe(0);
    expect((JSON.parse(result.out) as { overlays: { path: string }[] }).overlays.map((overlay) => overlay.path)).toEqual(['a.yaml']);
  });

  it('checks the directories given from inside an overlay, not the overlay itself, with the kustomize named', async () => {
    const result = await validate(['../b', '--kustomize', kustomize, '--format', 'json', '-q'], join(root, 'overlays/a'));
    const report = JSON.parse(result.out) as { overlays: { path: string }[]; tool: { kustomize: string } };
    expect(report.overlays.map((overlay) => overlay.path)).toEqual(['environments.yaml', 'overlays/b']);
    expect(report.tool.kustomize).toBe('v5.8.1 (flag)');
  });

  it('names every directory given with -f in the refusal', async () => {
    await expect(validateCommand(parseCli(['validate', 'overlays/a', 'overlays/b', '-f', 'x']), recordedIo(root).io)).rejects.toThrow(
      /^pass either kustomization directories \(overlays\/a overlays\/b\) or -f manifests, not both/,
    );
  });
});
