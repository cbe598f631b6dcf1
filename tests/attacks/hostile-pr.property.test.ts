/**
 * Issue 23, part B, as a property: fast-check writes hostile pull requests against a temporary copy of the
 * repository (a git checkout): destructive Argo CD annotations, local components that relabel, re-image or
 * delete the datacenter, secrets planted after every flag the pinned tables name and in URLs and generator
 * literals, and destinations that alias one cluster. It runs generate, validate, the gate and diff, and
 * checks that no canary secret appears in any output and that no such render passes the gate.
 * Bounded for a 2-core CI: RUNS pull requests (FUZZ_SCALE multiplies them); FUZZ_SEED replays one.
 */
import fc from 'fast-check';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_FLAGS } from '../../tools/src/model/generated-credential-flags.js';
import { CLI_ARGV, REPO_ROOT } from '../helpers/repo.js';

const RUNS = Math.max(1, Math.round(4 * Number(process.env.FUZZ_SCALE ?? 1)));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const COPIED = ['environments.yaml', 'environments.schema.json', 'base', 'overlays', 'argocd'];
const FLAGS = [...CREDENTIAL_FLAGS.entries()].map(([name, flag]) => ({ name, after: [...flag.after] }));

/** One hostile change to the prod environment. */
type Attack =
  | { kind: 'sync-options'; target: number; options: string }
  | { kind: 'hook'; target: number; policy: string | undefined }
  | { kind: 'relabel'; label: string; images: boolean }
  | { kind: 'delete'; target: number }
  | { kind: 'secret-flag'; flag: number; inline: boolean; script: boolean }
  | { kind: 'secret-url' }
  | { kind: 'secret-literal' }
  | { kind: 'alias'; variant: number };

const TARGETS = [
  ['apps/v1', 'StatefulSet', 'consul-server'],
  ['apps/v1', 'DaemonSet', 'consul-client'],
  ['policy/v1', 'PodDisruptionBudget', 'consul-server'],
  ['v1', 'Service', 'consul-server'],
  ['v1', 'ConfigMap', 'consul-server-config'],
] as const;
/** Two spellings of one cluster. */
const ALIASES = [
  ['server: https://qa.k8s.example.internal', 'server: https://QA.k8s.example.internal:443/'],
  ['server: https://qa.k8s.example.internal/', 'server: https://qa.k8s.example.internal'],
  ['name: in-cluster', 'server: https://kubernetes.default.svc'],
] as const;

const attackArb: fc.Arbitrary<Attack> = fc.oneof(
  fc.record({
    kind: fc.constant('sync-options' as const),
    target: fc.nat({ max: 3 }),
    options: fc.constantFrom('Replace=true', 'Force=true', 'Replace=true,Force=true', ' Force=true , Prune=false'),
  }),
  fc.record({
    kind: fc.constant('hook' as const),
    target: fc.nat({ max: 1 }),
    policy: fc.option(fc.constantFrom('BeforeHookCreation', 'HookSucceeded', 'BeforeHookCreation,HookSucceeded'), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('relabel' as const),
    label: fc.constantFrom('app.kubernetes.io/name', 'app.kubernetes.io/component'),
    images: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('delete' as const), target: fc.nat({ max: TARGETS.length - 1 }) }),
  fc.record({
    kind: fc.constant('secret-flag' as const),
    flag: fc.nat({ max: FLAGS.length - 1 }),
    inline: fc.boolean(),
    script: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('secret-url' as const) }),
  fc.record({ kind: fc.constant('secret-literal' as const) }),
  fc.record({ kind: fc.constant('alias' as const), variant: fc.nat({ max: ALIASES.length - 1 }) }),
);

/** A 32-byte gossip key, often one whose base64 has no `+` or `/` (it reads as `NAME=`). */
const keyArb = fc
  .tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean())
  .map(([bytes]) => Buffer.from(bytes).toString('base64'))
  .filter((key) => /^[A-Za-z]/.test(key));

let scratch = '';
let template = '';

async function run(cwd: string, args: string[]) {
  const result = await execa('node', [...CLI_ARGV, ...args], {
    cwd,
    reject: false,
    stripFinalNewline: false,
    env: { CI: 'true' },
    timeout: 120_000,
  });
  return { args, code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

async function write(root: string, path: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
}

/** The pull request's files: patches and kustomization lines of prod's local component, or spec entries. */
function pullRequest(attacks: readonly Attack[], canary: { key: string; password: string; literal: string }) {
  const patches: string[] = [];
  const extra: string[] = [];
  const spec: string[] = [];
  attacks.forEach((attack, index) => {
    const file = (text: string): void => {
      patches.push(`attack-${index}.yaml::${text}`);
    };
    const meta = (target: (typeof TARGETS)[number], body: string) =>
      `apiVersion: ${target[0]}\nkind: ${target[1]}\nmetadata:\n  name: ${target[2]}\n${body}`;
    switch (attack.kind) {
      case 'sync-options':
        file(meta(TARGETS[attack.target]!, `  annotations:\n    argocd.argoproj.io/sync-options: "${attack.options}"\n`));
        break;
      case 'hook':
        file(
          meta(
            TARGETS[attack.target]!,
            `  annotations:\n    argocd.argoproj.io/hook: Sync\n${attack.policy ? `    argocd.argoproj.io/hook-delete-policy: ${attack.policy}\n` : ''}`,
          ),
        );
        break;
      case 'relabel':
        extra.push(`labels:\n  - pairs: {${attack.label}: other}\n    includeTemplates: true`);
        if (attack.images)
          extra.push(
            'images:\n  - {name: hashicorp/consul, newName: example.com/agent, newTag: "1"}\n  - {name: hashicorp/consul-k8s-control-plane, newName: example.com/cp, newTag: "1"}',
          );
        break;
      case 'delete':
        file(meta(TARGETS[attack.target]!, '$patch: delete\n'));
        break;
      case 'secret-flag': {
        const flag = FLAGS[attack.flag]!;
        const words = [...flag.after, ...(attack.inline ? [`-${flag.name}=${canary.key}`] : [`-${flag.name}`, canary.key])];
        file(
          attack.script
            ? meta(TARGETS[4], `data:\n  rotate-${index}.sh: |\n    #!/bin/sh\n    consul ${words.join(' ')}\n`)
            : meta(
                TARGETS[0],
                `spec:\n  template:\n    spec:\n      initContainers:\n        - name: planted-${index}\n          image: hashicorp/consul:1.22.7\n          command: ${JSON.stringify(['consul', ...words])}\n`,
              ),
        );
        break;
      }
      case 'secret-url':
        file(meta(TARGETS[4], `data:\n  mirror-${index}: https://deploy:${canary.password}@git.example.com/org/repo.git\n`));
        break;
      case 'secret-literal':
        extra.push(`secretGenerator:\n  - name: planted-${index}\n    literals:\n      - "password ${canary.literal}"`);
        break;
      case 'alias': {
        const [first, second] = ALIASES[attack.variant]!;
        for (const [suffix, destination] of [
          ['a', first],
          ['b', second],
        ])
          spec.push(
            `  alias${index}${suffix}:\n    tier: staging\n    namespace: consul-alias\n    servers: 3\n    destination: {${destination}}\n`,
          );
        break;
      }
    }
  });
  return { patches, extra, spec };
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'consul-gitops-hostile-pr-'));
  template = join(scratch, 'template');
  for (const path of COPIED) await cp(join(REPO_ROOT, path), join(template, path), { recursive: true });
  const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: template });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-qm', 'base');
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

describe('hostile pull requests against a temporary repository', () => {
  it(`${RUNS} generated pull requests: no canary in any output, no destructive render through the gate`, async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(attackArb, { minLength: 1, maxLength: 3 }),
        keyArb,
        fc.stringMatching(/^[A-Za-z0-9]{14,20}$/),
        async (attacks, key, secret) => {
          const canary = { key, password: `Pw${secret}`, literal: `Lit${secret}` };
          const repo = join(scratch, `pr-${(count += 1)}`);
          await cp(template, repo, { recursive: true });
          try {
            const { patches, extra, spec } = pullRequest(attacks, canary);
            const component = [
              'apiVersion: kustomize.config.k8s.io/v1alpha1',
              'kind: Component',
              ...(patches.length > 0 ? ['patches:', ...patches.map((entry) => `  - path: ${entry.split('::')[0]}`)] : []),
              ...extra,
              '',
            ].join('\n');
            await write(repo, 'overlays/prod/local/kustomization.yaml', component);
            for (const entry of patches) {
              const [path = '', text = ''] = entry.split('::');
              await write(repo, `overlays/prod/local/${path}`, text);
            }
            if (spec.length > 0) {
              const text = await readFile(join(repo, 'environments.yaml'), 'utf8');
              await write(repo, 'environments.yaml', text.replace(/^environments:\n/m, `environments:\n${spec.join('')}`));
            }
            const outputs = [await run(repo, ['generate'])];
            if (spec.length > 0) expect(outputs[0]?.code, `aliased destinations must be a spec error: ${outputs[0]?.stderr}`).toBe(1);
            // When generate refuses the component (two secret-literal attacks write secretGenerator: twice, a duplicate
            // key), it does not wire local/ into the overlay: the author of a hostile pull request commits that line too.
            const overlay = join(repo, 'overlays/prod/kustomization.yaml');
            const kustomization = await readFile(overlay, 'utf8');
            if (!/^components:\n {2}- local$/m.test(kustomization)) await writeFile(overlay, `${kustomization}components:\n  - local\n`);
            outputs.push(
              await run(repo, ['validate', 'overlays/prod', '--format', 'json']),
              await run(repo, ['gate', 'overlays/prod']),
              await run(repo, ['diff', '--base', 'HEAD', 'overlays/prod', '--format', 'markdown']),
            );
            const [, validate, gate] = outputs;
            for (const output of outputs) {
              for (const value of [canary.key, canary.password, canary.literal]) {
                expect(output.stdout.includes(value), `canary in stdout of ${output.args.join(' ')}`).toBe(false);
                expect(output.stderr.includes(value), `canary in stderr of ${output.args.join(' ')}`).toBe(false);
              }
              expect(output.stderr, output.args.join(' ')).not.toMatch(/internal error|\n\s+at .*\.js:\d+/);
              expect([0, 1, 2], `${output.args.join(' ')}: ${output.stderr.slice(0, 400)}`).toContain(output.code);
            }
            expect(validate?.code, `validate let it pass: ${JSON.stringify(attacks)}`).toBe(1);
            expect([gate?.code, gate?.stdout], `the gate let it pass: ${JSON.stringify(attacks)}`).toEqual([1, '']);
          } finally {
            await rm(repo, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
  }, 600_000);
});
