/**
 * No output ever prints a secret: canary values planted in every place a value can sit (env value,
 * args, annotation, ConfigMap data and binaryData, an HCL heredoc, Secret stringData in a failing
 * kustomize build, a changed env value in a diff) appear in no output of validate (every format),
 * gate and diff, while the findings still name the file, line, resource and path.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/repo.js';
import { createTempWorkspace, type TempWorkspace } from '../nx/temp-workspace.js';

const KEY = Buffer.from('canary-gossip-key-0123456789abcd').toString('base64');
const KEY_AFTER = Buffer.from('canary-gossip-key-after-98765432').toString('base64');
const TOKEN = 'c0ffee00-1234-4abc-8def-0123456789ab';
const PEM_BODY = 'CANARYPEMBODYc2VjcmV0LWtleS1tYXRlcmlhbA';
const STRING_DATA = 'hunter2-canary-stringdata-Q9x';
const CANARIES = [KEY, KEY_AFTER, TOKEN, PEM_BODY, STRING_DATA];

const PLANTED = `# Canaries in every place a value can sit.
resources:
  - ../../overlays/prod
patches:
  - target: {kind: Deployment, name: consul-sync-catalog}
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/env/-
        value: {name: CONSUL_ACL_TOKEN, value: ${TOKEN}}
      - op: add
        path: /spec/template/spec/containers/0/args/-
        value: -token=${TOKEN}
  - patch: |-
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: consul-server
      spec:
        template:
          metadata:
            annotations:
              example.com/gossip-key: "${KEY}"
  - patch: |-
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: consul-client-config
      data:
        40-gossip.json: '{"encrypt": "${KEY}"}'
  - patch: |-
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: consul-server-config
      binaryData:
        gossip.key: ${KEY}
      data:
        50-tls.hcl: |
          tls {
            defaults {
              key_pem = <<EOF
          -----BEGIN EC PRIVATE KEY-----
          ${PEM_BODY}
          -----END EC PRIVATE KEY-----
          EOF
            }
          }
`;

/** A Secret whose stringData kustomize dumps into its error: a replacement into a field that is text. */
const BROKEN = `resources:
  - ../../overlays/dev
  - secret.yaml
replacements:
  - source: {kind: Secret, name: app-credentials, fieldPath: metadata.name}
    targets:
      - select: {kind: Secret, name: app-credentials}
        fieldPaths: [stringData.bundle.deep]
`;
const BROKEN_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: app-credentials
stringData:
  bundle: |
${Array.from({ length: 4000 }, (_, index) => `    line ${index} password=${STRING_DATA}`).join('\n')}
`;

let workspace: TempWorkspace;

async function cli(args: string[]) {
  const result = await execa('node', [CLI, ...args], { cwd: workspace.root, reject: false, env: { CI: 'true' } });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

function expectNoCanary(output: string): void {
  for (const canary of CANARIES) expect(output.includes(canary), `canary ${canary} in:\n${output.slice(0, 4000)}`).toBe(false);
}

beforeAll(async () => {
  workspace = await createTempWorkspace();
  for (const [dir, files] of Object.entries({
    'canary/planted': { 'kustomization.yaml': PLANTED },
    'canary/broken': { 'kustomization.yaml': BROKEN, 'secret.yaml': BROKEN_SECRET },
  })) {
    await mkdir(join(workspace.root, dir), { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(workspace.root, dir, name), text);
  }
}, 120_000);
afterAll(async () => workspace?.remove());

describe('secret canaries', () => {
  it.each(['text', 'json', 'sarif', 'junit', 'github'])(
    'validate --format %s reports every planted value without printing one',
    async (format) => {
      const { code, stdout, stderr } = await cli(['validate', '--schema-backend', 'offline', '--format', format, 'canary/planted']);
      expect(code, stderr).toBe(1);
      expectNoCanary(stdout + stderr);
      for (const path of [
        '/spec/template/spec/containers/0/env/12/value',
        '/spec/template/spec/containers/0/args/12',
        '/spec/template/metadata/annotations/example.com~1gossip-key',
        '/data/40-gossip.json',
        '/binaryData/gossip.key',
        '/data/50-tls.hcl',
      ]) {
        if (format !== 'github' && format !== 'junit') expect(stdout).toContain(path);
      }
      expect(stdout).toContain('plaintext-secret');
    },
    60_000,
  );

  it('validate names file, line, resource and path of each finding', async () => {
    const { stdout } = await cli(['validate', '--schema-backend', 'offline', '--format', 'json', 'canary/planted']);
    const findings = (
      JSON.parse(stdout) as {
        overlays: { findings: { rule: string; kind: string; name: string; file: string; path: string; rendered: { line: number } }[] }[];
      }
    ).overlays
      .flatMap((overlay) => overlay.findings)
      .filter((finding) => finding.rule === 'plaintext-secret');
    expect(findings.map((finding) => `${finding.kind}/${finding.name} ${finding.path}`).sort()).toEqual([
      'ConfigMap/consul-client-config /data/40-gossip.json',
      'ConfigMap/consul-server-config /binaryData/gossip.key',
      'ConfigMap/consul-server-config /data/50-tls.hcl',
      'Deployment/consul-sync-catalog /spec/template/spec/containers/0/args/12',
      'Deployment/consul-sync-catalog /spec/template/spec/containers/0/env/12/value',
      'StatefulSet/consul-server /spec/template/metadata/annotations/example.com~1gossip-key',
    ]);
    for (const finding of findings) {
      expect(finding.file).toMatch(/^(base|overlays|canary)\//);
      expect(finding.rendered.line).toBeGreaterThan(0);
    }
  }, 60_000);

  it('the gate refuses the planted render and prints no value to Argo CD', async () => {
    const { code, stdout, stderr } = await cli(['gate', 'canary/planted']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('plaintext-secret');
    expectNoCanary(stderr);
  }, 60_000);

  it.each([['validate'], ['gate']])(
    '%s on a failing kustomize build prints its error capped and without the Secret data',
    async (command) => {
      const { code, stdout, stderr } = await cli(
        command === 'validate' ? ['validate', '--schema-backend', 'offline', 'canary/broken'] : ['gate', 'canary/broken'],
      );
      expect(code).toBe(1);
      const output = stdout + stderr;
      expect(output).toContain('kustomize-build');
      expect(output).toMatch(/stringData\.bundle\.deep/);
      expectNoCanary(output);
      expect(output.length).toBeLessThan(8_000);
    },
    60_000,
  );

  it('diff of a changed gossip key in an env value shows the change, not the values', async () => {
    const file = join(workspace.root, 'overlays/prod/kustomization.yaml');
    const original = await readFile(file, 'utf8');
    const plant = (value: string) =>
      original.replace(
        /^patches:\n/m,
        `patches:\n  - target: {kind: DaemonSet, name: consul-client}\n    patch: |-\n      - op: add\n        path: /spec/template/spec/containers/0/env/-\n        value: {name: EXTRA_GOSSIP_KEY, value: "${value}"}\n`,
      );
    expect(plant(KEY)).not.toBe(original);
    await writeFile(file, plant(KEY));
    await workspace.commit('plant a key');
    await writeFile(file, plant(KEY_AFTER));
    for (const format of ['text', 'markdown', 'json']) {
      const { stdout, stderr } = await cli(['diff', '--base', 'HEAD', '--format', format, 'overlays/prod']);
      expect(stdout).toContain('/spec/template/spec/containers/0/env/');
      expect(stdout).toContain('[redacted]');
      expectNoCanary(stdout + stderr);
    }
  }, 120_000);
});
