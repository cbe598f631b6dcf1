/**
 * Issue 23, part B: the attacks of a hostile pull request on what the gate lets through, re-run through
 * the CLI on a temporary copy of the repository (real kustomize), each with the message the user sees.
 * 3: a render that prunes or hides the datacenter; 4: destructive Argo CD annotations; 5: a hand-written
 * ignore inside an environment; 6: a gossip key as its own argument word; 7: secrets in URLs and in
 * kustomize's errors; 10: two spellings of one cluster sharing a namespace.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CREDENTIAL_FLAGS } from '../../tools/src/model/generated-credential-flags.js';
import { redactText } from '../../tools/src/model/redact.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';
import { plaintextSecret } from '../../tools/src/validate/rules/plaintext-secret.js';
import { runPolicies } from '../../tools/src/validate/run-policies.js';
import { CLI_ARGV, REPO_ROOT, unwrapped } from '../helpers/repo.js';

// A named exception to the suite's 30 s per test, for the whole file: each test copies the repository and runs
// generate, validate (up to five formats) and the gate on it, each with real kustomize: up to 15 s on a loaded
// 2-core CI machine, past 30 s on one shared by several suites.
vi.setConfig({ testTimeout: 90_000 });

const COPIED = ['environments.yaml', 'environments.schema.json', 'base', 'overlays', 'argocd'];

/** A gossip key whose base64 has no `+` or `/` and starts with a letter: it reads as `NAME=`. */
function plainKey(): string {
  for (;;) {
    const key = randomBytes(32).toString('base64');
    if (!/[+/]/.test(key) && /^[A-Za-z]/.test(key)) return key;
  }
}

const KEY = plainKey();

function inline(kind: string, apiVersion: string, body: Record<string, unknown>): ParsedResource {
  return {
    ref: { apiVersion, kind, name: 'planted' },
    object: { apiVersion, kind, metadata: { name: 'planted' }, ...body },
    location: { file: 'inline', line: 1 },
    lineOf: () => undefined,
  };
}
const inlineWorkload = (container: Record<string, unknown>): ParsedResource =>
  inline('Deployment', 'apps/v1', {
    spec: { template: { spec: { containers: [{ name: 'c', image: 'example.com/c:1', ...container }] } } },
  });
const inlineConfigMap = (data: Record<string, string>): ParsedResource => inline('ConfigMap', 'v1', { data });
const PASSWORD = 'Sup3rCanaryPw9x';
const TOKEN = 'ghp_C4naryT0kenAbcdefghijklmnop0123456789';
const LITERAL = 'hunter2-Canary9';
const CANARIES = [KEY, PASSWORD, TOKEN, LITERAL];

let scratch: string;
let repo = '';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], cwd = repo): Promise<Run> {
  const result = await execa('node', [...CLI_ARGV, ...args], { cwd, reject: false, stripFinalNewline: false, env: { CI: 'true' } });
  const outcome = { code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
  for (const canary of CANARIES) {
    expect(outcome.stdout, `canary in stdout of ${args.join(' ')}`).not.toContain(canary);
    expect(outcome.stderr, `canary in stderr of ${args.join(' ')}`).not.toContain(canary);
  }
  expect(outcome.stderr).not.toMatch(/internal error|\n\s+at .*\.js:\d+/);
  return outcome;
}

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(repo, path)), { recursive: true });
  await writeFile(join(repo, path), text);
}

/** A local component for prod with these patches, and the overlay regenerated to include it. */
async function localComponent(files: Record<string, string>, extra = ''): Promise<void> {
  const patches = Object.keys(files).map((file) => `  - path: ${file}`);
  await write(
    'overlays/prod/local/kustomization.yaml',
    ['apiVersion: kustomize.config.k8s.io/v1alpha1', 'kind: Component', ...(patches.length ? ['patches:', ...patches] : []), extra].join(
      '\n',
    ),
  );
  for (const [file, text] of Object.entries(files)) await write(`overlays/prod/local/${file}`, text);
  expect((await run(['generate'])).code).toBe(0);
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'consul-gitops-attacks-'));
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

let pristine: string | undefined;
beforeAll(async () => {
  pristine = join(scratch, 'pristine');
  for (const path of COPIED) await cp(join(REPO_ROOT, path), join(pristine, path), { recursive: true });
});

let count = 0;
/** A fresh copy of the repository for every test. */
async function freshRepo(): Promise<void> {
  repo = join(scratch, `repo-${(count += 1)}`);
  await cp(pristine!, repo, { recursive: true });
}
afterEach(async () => {
  if (repo) await rm(repo, { recursive: true, force: true });
  repo = '';
});

describe('3: a render that prunes or hides the datacenter', () => {
  it('a prod kustomization that renders one ConfigMap: the gate exits 1 and prints nothing', async () => {
    await freshRepo();
    await write(
      'overlays/prod/kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: consul-prod\nlabels:\n  - pairs: {environment: prod}\nresources: [only.yaml]\n',
    );
    await write('overlays/prod/only.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: only}\ndata: {a: b}\n');
    const gate = await run(['gate', 'overlays/prod']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toBe('');
    expect(unwrapped(gate.stderr)).toMatch(
      /environment-completeness: the render lacks (\d+) of the \1 objects environment prod defines \(StatefulSet consul-server, .*\): with prune on, Argo CD would delete them from consul-prod \(all 5 servers at once\)/,
    );
  });

  it('a local component that relabels app.kubernetes.io/name and swaps every image fails generate --check, validate and the gate', async () => {
    await freshRepo();
    await localComponent(
      {},
      'labels:\n  - pairs: {app.kubernetes.io/name: other}\nimages:\n  - {name: hashicorp/consul, newName: example.com/agent, newTag: "1"}\n  - {name: hashicorp/consul-k8s-control-plane, newName: example.com/cp, newTag: "1"}\n',
    );
    const check = await run(['generate', '--check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(
      /generate --check: overlays\/prod \(rendered\): environment-completeness StatefulSet\/consul-server: app\.kubernetes\.io\/name is "other" at \/metadata\/labels, where environment prod has "consul"/,
    );
    expect(check.stderr).toMatch(/container consul runs "example\.com\/agent:1", where environment prod pins "hashicorp\/consul:/);
    const validate = await run(['validate', 'overlays/prod', '--format', 'json']);
    expect(validate.code).toBe(1);
    const rules = (JSON.parse(validate.stdout) as { overlays: { findings: { rule: string; severity: string }[] }[] }).overlays.flatMap(
      (overlay) => overlay.findings,
    );
    expect(rules.filter((finding) => finding.rule === 'environment-completeness' && finding.severity === 'error').length).toBeGreaterThan(
      10,
    );
    const gate = await run(['gate', 'overlays/prod']);
    expect([gate.code, gate.stdout]).toEqual([1, '']);
  });
});

describe('4: destructive Argo CD annotations', () => {
  it.each([
    [
      'Replace=true,Force=true on the server StatefulSet',
      'argocd.argoproj.io/sync-options: Replace=true,Force=true',
      /argocd-destructive-sync StatefulSet\/consul-server: argocd\.argoproj\.io\/sync-options: Replace=true,Force=true: on a sync that changes it, Argo CD \(kubectl delete\/create\) deletes and recreates StatefulSet consul-server: all 5 servers stop at once/,
    ],
    [
      'the StatefulSet as a Sync hook with BeforeHookCreation',
      'argocd.argoproj.io/hook: Sync\n    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation',
      /argocd\.argoproj\.io\/hook: Sync makes StatefulSet consul-server a hook, which Argo CD creates for the sync and never keeps in sync: on every sync Argo CD \(BeforeHookCreation\) deletes and recreates StatefulSet consul-server: all 5 servers stop at once/,
    ],
  ])('%s: the gate refuses it and says what Argo CD would do', async (_name, annotations, message) => {
    await freshRepo();
    await localComponent({
      'servers.yaml': `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: consul-server\n  annotations:\n    ${annotations}\n`,
    });
    const gate = await run(['gate', 'overlays/prod']);
    expect([gate.code, gate.stdout]).toEqual([1, '']);
    expect(unwrapped(gate.stderr)).toMatch(message);
  });
});

describe('5: one suppression path inside an environment', () => {
  const ignored = (annotation: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: consul-server-config\n  annotations:\n${annotation}data:\n  extra.json: '{"encrypt": "${KEY}"}'\n`;

  it('a hand-written ignore in overlays/prod/local silences nothing and names the spec entry to write', async () => {
    await freshRepo();
    await localComponent({
      'config.yaml': ignored('    consul-gitops/ignore: plaintext-secret\n    consul-gitops/ignore-reason: looks fine to me, trust me\n'),
    });
    const validate = await run(['validate', 'overlays/prod']);
    expect(validate.code).toBe(1);
    const text = unwrapped(validate.stdout + validate.stderr);
    expect(text).toContain(
      'suppression ConfigMap/consul-server-config: consul-gitops/ignore in environment prod accepts nothing: only acceptedRisks in environments.yaml accept a finding here; write environments.prod.acceptedRisks: - {rule: plaintext-secret, kind: ConfigMap, name: consul-server-config, severity: <error|warning|info>, reason: "<why, 10+ characters>"}',
    );
    expect(text).toMatch(
      /error {3}plaintext-secret ConfigMap\/consul-server-config: ConfigMap key extra\.json sets encrypt to a 32-byte base64 key/,
    );
    expect((await run(['gate', 'overlays/prod'])).stdout).toBe('');
  });

  it('a hand-written accepted-risks annotation the spec does not list accepts nothing', async () => {
    await freshRepo();
    const risk = JSON.stringify([{ rule: 'plaintext-secret', severity: 'error', reason: 'written by hand, not in the spec' }]);
    await localComponent({ 'config.yaml': ignored(`    consul-gitops/accepted-risks: '${risk}'\n`) });
    const validate = await run(['validate', 'overlays/prod']);
    expect(validate.code).toBe(1);
    expect(unwrapped(validate.stdout)).toContain(
      'consul-gitops/accepted-risks accepts plaintext-secret (error) on this resource, but environments.prod.acceptedRisks does not list it, so it accepts nothing',
    );
  });

  it('a hand-written ignore still accepts a finding in a plain file (-f)', async () => {
    await freshRepo();
    await write(
      'plain/config.yaml',
      ignored('    consul-gitops/ignore: plaintext-secret\n    consul-gitops/ignore-reason: a test fixture, not a real key\n'),
    );
    const files = await run(['validate', '-f', 'plain', '--format', 'json']);
    const findings = (JSON.parse(files.stdout) as { overlays: { findings: { rule: string; suppressed?: unknown }[] }[] }).overlays.flatMap(
      (overlay) => overlay.findings,
    );
    expect(findings.filter((finding) => finding.rule === 'plaintext-secret').map((finding) => Boolean(finding.suppressed))).toEqual([true]);
    expect(findings.some((finding) => finding.rule === 'suppression')).toBe(false);
  });
});

describe('6: a gossip key as its own argument word', () => {
  it(`consul keyring -install <key> with no + or / is found in a script and in args, and printed in no format`, async () => {
    await freshRepo();
    await localComponent({
      'rotate.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: consul-client-config\ndata:\n  rotate.sh: consul keyring -install ${KEY}\n`,
      'args.yaml': [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: consul-server}',
        'spec:',
        '  template:',
        '    spec:',
        '      initContainers:',
        '        - name: rotate',
        `          image: hashicorp/consul:1.22.7`,
        `          command: [consul, keyring, -use, "${KEY}"]`,
        '',
      ].join('\n'),
    });
    let text = '';
    for (const format of ['text', 'json', 'sarif', 'junit', 'github']) {
      const validate = await run(['validate', 'overlays/prod', '--format', format]);
      expect(validate.code, format).toBe(1);
      if (format === 'text') text = unwrapped(validate.stdout);
    }
    expect(text).toMatch(
      /plaintext-secret ConfigMap\/consul-client-config: ConfigMap key rotate\.sh sets install to (a 32-byte base64 key \(a gossip encryption key\)|a gossip key \(the value of -install\))/,
    );
    expect(text).toMatch(
      /plaintext-secret StatefulSet\/consul-server: container rotate passes a (32-byte base64 key \(a gossip encryption key\)|gossip key \(the value of -use\)) on its command/,
    );
  });
});

describe('6: every position the flag tables name', () => {
  const flags = [...CREDENTIAL_FLAGS.entries()];

  it("the tables hold the keyring flags, -token, -secret and the agent's -encrypt, and no -file flag", () => {
    expect(flags.map(([name]) => name)).toEqual(expect.arrayContaining(['install', 'use', 'remove', 'token', 'secret', 'encrypt']));
    expect(flags.filter(([name]) => name.endsWith('-file'))).toEqual([]);
  });

  it.each(flags.map(([name, flag]) => ({ name, after: [...flag.after] })))(
    '-$name: a key after it is a finding in args and in a script, and redacted from text',
    ({ name, after }) => {
      // A 16-byte key: its shape alone, with no secret-like name, is no finding; only its position says what it is.
      const key = randomBytes(16).toString('base64');
      const args = inlineWorkload({ args: [...after, `-${name}`, key] });
      const script = inlineConfigMap({ 'rotate.sh': `#!/bin/sh\nconsul ${[...after, `-${name}=${key}`].join(' ')}\n` });
      const findings = runPolicies([args, script], undefined, [plaintextSecret]);
      expect(findings.map((finding) => `${finding.resource?.kind} ${finding.path}`).sort()).toEqual([
        'ConfigMap /data/rotate.sh',
        'Deployment /spec/template/spec/containers/0/args/' + String(after.length + 1),
      ]);
      expect(redactText(`consul ${[...after, `-${name}`, key].join(' ')}`)).not.toContain(key);
      expect(redactText(`consul ${[...after, `-${name}=${key}`].join(' ')}`)).not.toContain(key);
    },
  );

  it('a reference after the flag is not a secret (consul keyring -install "$NEW")', () => {
    const args = inlineWorkload({ args: ['keyring', '-install', '$NEW'] });
    expect(runPolicies([args], undefined, [plaintextSecret])).toEqual([]);
  });
});

describe('7: secrets in URLs and in kustomize errors', () => {
  it('a password in a URL is flagged by validate and redacted from every output', async () => {
    await freshRepo();
    await localComponent({
      'url.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: consul-client-config\ndata:\n  mirror: https://deploy:${PASSWORD}@git.example.com/org/repo.git\n`,
    });
    const validate = await run(['validate', 'overlays/prod']);
    expect(validate.code).toBe(1);
    expect(unwrapped(validate.stdout)).toMatch(/plaintext-secret ConfigMap\/consul-client-config: [^\n]*a credential in a URL/);
  });

  it("a token in a remote base URL: flagged at its line, and kustomize's error text redacted in validate and the gate", async () => {
    await freshRepo();
    await localComponent({}, `resources:\n  - https://${TOKEN}@git.invalid/org/repo//base?ref=0123456789012345678901234567890123456789\n`);
    const validate = await run(['validate', 'overlays/prod']);
    expect(validate.code).toBe(1);
    expect(unwrapped(validate.stdout)).toMatch(
      /remote-base-pinned[^\n]*resources entry https:\/\/\[redacted\]@git\.invalid\/org\/repo\/\/base\?ref=0123456789012345678901234567890123456789 carries credentials in its URL/,
    );
    const gate = await run(['gate', 'overlays/prod']);
    expect([gate.code, gate.stdout]).toEqual([1, '']);
  });

  it("a malformed secretGenerator literal is not echoed from kustomize's error", async () => {
    await freshRepo();
    await localComponent({}, `secretGenerator:\n  - name: leaked\n    literals:\n      - "password ${LITERAL}"\n`);
    const validate = await run(['validate', 'overlays/prod']);
    expect(validate.code).toBe(1);
    expect(unwrapped(validate.stdout)).toMatch(
      /kustomize-build: [^\n]*literal sources \[redacted\]: invalid literal source \[redacted\], expected key=value/,
    );
  });

  it('repository.url with a token is a spec error at its line, and nothing is generated', async () => {
    await freshRepo();
    const spec = await readFile(join(repo, 'environments.yaml'), 'utf8');
    const url = /^ {2}url: (\S+)$/m.exec(spec)?.[1] ?? '';
    await write('environments.yaml', spec.replace(`  url: ${url}`, `  url: ${url.replace('https://', `https://${TOKEN}@`)}`));
    const line = spec.split('\n').findIndex((text) => text.startsWith('  url: ')) + 1;
    const generate = await run(['generate']);
    expect(generate.code).toBe(1);
    expect(generate.stderr).toContain(
      `environments.yaml:${line}: repository.url: carries credentials (user:password@ or a token before the host)`,
    );
  });

  it('diff prints no URL password in text, markdown or JSON', async () => {
    await freshRepo();
    const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-qm', 'base');
    await localComponent({
      'url.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: consul-client-config\ndata:\n  mirror: https://deploy:${PASSWORD}@git.example.com/org/repo.git\n`,
    });
    for (const format of ['text', 'markdown', 'json']) {
      const diff = await run(['diff', '--base', 'HEAD', 'overlays/prod', '--format', format]);
      expect(diff.code, `${format}: ${diff.stderr}`).toBeLessThan(2);
      expect(diff.stdout, format).toContain('[redacted]');
    }
  });
});

describe('10: one cluster spelt two ways shares no namespace', () => {
  it.each([
    ['a trailing slash, upper case and :443', 'https://qa.k8s.example.internal', 'https://QA.k8s.example.internal:443/'],
    ['in-cluster and its server URL', 'https://kubernetes.default.svc', 'in-cluster'],
  ])('%s', async (_name, first, second) => {
    await freshRepo();
    const destination = (value: string) => (value.startsWith('https://') ? `server: ${value}` : `name: ${value}`);
    const spec = await readFile(join(repo, 'environments.yaml'), 'utf8');
    const added = [
      '  qa1:',
      '    tier: staging',
      '    namespace: consul-qa',
      '    servers: 3',
      `    destination: {${destination(first)}}`,
      '  qa2:',
      '    tier: staging',
      '    namespace: consul-qa',
      '    servers: 3',
      `    destination: {${destination(second)}}`,
      '',
    ].join('\n');
    await write('environments.yaml', spec.replace(/^environments:\n/m, `environments:\n${added}`));
    const generate = await run(['generate']);
    expect(generate.code).toBe(1);
    expect(generate.stderr).toMatch(/environments\.qa2\.namespace: "consul-qa" on the same destination as environment "qa1"/);
  });
});
