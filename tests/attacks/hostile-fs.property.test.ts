/**
 * Issue 23, part A, as a property: fast-check writes hostile pull requests that attack the file system and
 * the shell, against a temporary repository (a git checkout that Nx can run in), next to a `victim` folder
 * outside it: committed symlinks (`.consul-gitops`, an overlay, `--output`'s folder, a resource of prod's
 * local component), a resource path that climbs out of the repository, and overlay folders named with
 * shell metacharacters that would run a canary command. It runs generate (and --check), validate, the
 * gate, diff, render --output and, for an odd folder, its Nx validate target, and checks that nothing
 * outside the repository changed (a hash of the parent folder), that no canary command ran, that the
 * victim's canary secret reached no output, and that the gate passed no render of prod that reads outside.
 * Bounded for a 2-core CI: RUNS pull requests (FUZZ_SCALE multiplies them); FUZZ_SEED replays one.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ARGV } from '../helpers/repo.js';
import { createTempWorkspace, nx, type TempWorkspace } from '../nx/temp-workspace.js';

const RUNS = Math.max(1, Math.round(3 * Number(process.env.FUZZ_SCALE ?? 1)));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const SECRET = 'VictimCanary0f3e9a2b7c';

type Attack =
  | { kind: 'consul-gitops-link' }
  | { kind: 'overlay-link' }
  | { kind: 'output-link' }
  | { kind: 'resource-link' }
  | { kind: 'climbing-resource' }
  | { kind: 'odd-folder'; shape: number };

/** Folder names that run `touch <canary>` if they ever reach a shell. */
const ODD = [
  (canary: string) => `a;touch ${canary};b`,
  (canary: string) => `a$(touch ${canary})b`,
  (canary: string) => `a\`touch ${canary}\`b`,
  (canary: string) => `x|touch ${canary}`,
  (canary: string) => `x&&touch ${canary}`,
];

const attackArb: fc.Arbitrary<Attack> = fc.oneof(
  fc.constant({ kind: 'consul-gitops-link' as const }),
  fc.constant({ kind: 'overlay-link' as const }),
  fc.constant({ kind: 'output-link' as const }),
  fc.constant({ kind: 'resource-link' as const }),
  fc.constant({ kind: 'climbing-resource' as const }),
  fc.record({ kind: fc.constant('odd-folder' as const), shape: fc.nat({ max: ODD.length - 1 }) }),
);

let template: TempWorkspace;
let scratch = '';
let victim = '';

/** sha256 over every path and file under `dir` (symlinks by target), skipping `skip`. */
async function treeHash(dir: string, skip: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (folder: string): Promise<void> => {
    for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (skip.includes(path)) continue;
      hash.update(relative(dir, path));
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) hash.update(await readFile(path));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

async function run(cwd: string, args: string[]) {
  const result = await execa('node', [...CLI_ARGV, ...args], { cwd, reject: false, env: { CI: 'true' }, timeout: 120_000 });
  return { args, code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

beforeAll(async () => {
  template = await createTempWorkspace();
  scratch = join(template.root, '..', `${relative(join(template.root, '..'), template.root)}-around`);
  victim = join(scratch, 'victim');
  await mkdir(victim, { recursive: true });
  await writeFile(join(victim, 'kustomization.yaml'), 'resources:\n  - secret.yaml\n');
  await writeFile(
    join(victim, 'secret.yaml'),
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\n  namespace: consul-prod\ndata:\n  token: ${SECRET}\n`,
  );
  await writeFile(join(victim, 'keep.txt'), 'a file generate must never list or delete\n');
}, 120_000);
afterAll(async () => {
  await template?.remove();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('hostile pull requests against the file system and the shell', () => {
  it(`${RUNS} generated pull requests: nothing outside changes, no canary runs or leaks, no outside read passes the gate`, async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(attackArb, { minLength: 1, maxLength: 3, selector: (attack) => attack.kind }), async (attacks) => {
        const repo = join(scratch, `pr-${(count += 1)}`);
        await cp(template.root, repo, { recursive: true, verbatimSymlinks: true });
        const canary = join(scratch, `pwned-${count}`);
        try {
          const local: string[] = [];
          let oddName: string | undefined;
          for (const attack of attacks) {
            switch (attack.kind) {
              case 'consul-gitops-link':
                await symlink(victim, join(repo, '.consul-gitops'));
                break;
              case 'overlay-link':
                await symlink(victim, join(repo, 'overlays/qa'));
                break;
              case 'output-link':
                await symlink(victim, join(repo, 'dist'));
                break;
              case 'resource-link':
                await mkdir(join(repo, 'overlays/prod/local'), { recursive: true });
                await symlink(join(victim, 'secret.yaml'), join(repo, 'overlays/prod/local/stolen.yaml'));
                local.push('stolen.yaml');
                break;
              case 'climbing-resource':
                local.push(relative(join(repo, 'overlays/prod/local'), victim));
                break;
              case 'odd-folder':
                oddName = ODD[attack.shape]!(canary);
                await cp(join(repo, 'overlays/dev'), join(repo, 'overlays', oddName), { recursive: true });
                break;
            }
          }
          // prod's hand-written local/ component (generate keeps it and includes it) reads the victim
          if (local.length > 0) {
            await mkdir(join(repo, 'overlays/prod/local'), { recursive: true });
            await writeFile(
              join(repo, 'overlays/prod/local/kustomization.yaml'),
              `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n${local.map((entry) => `  - ${entry}\n`).join('')}`,
            );
          }
          const before = await treeHash(scratch, [repo]);
          const outputs = [
            await run(repo, ['generate', '--check']),
            await run(repo, ['generate']),
            await run(repo, ['validate', 'overlays/prod', '--format', 'json']),
            await run(repo, ['gate', 'overlays/prod']),
            await run(repo, ['diff', '--base', 'HEAD', 'overlays/prod']),
            await run(repo, ['render', 'overlays/prod', '--output', 'dist/prod.yaml']),
          ];
          if (oddName !== undefined) {
            const result = await nx(repo, ['run', `overlay-${oddName}:validate`, '--outputStyle=static', '--skip-nx-cache']);
            outputs.push({ args: ['nx', 'validate', oddName], code: result.code, stdout: result.stdout, stderr: result.stderr });
          }
          expect(await treeHash(scratch, [repo]), `something outside the repository changed: ${JSON.stringify(attacks)}`).toBe(before);
          expect(existsSync(canary) || existsSync(join(repo, 'pwned')), `a canary command ran: ${JSON.stringify(attacks)}`).toBe(false);
          for (const output of outputs) {
            expect(`${output.stdout}${output.stderr}`, `victim secret in ${output.args.join(' ')}`).not.toContain(SECRET);
            expect(output.stderr, output.args.join(' ')).not.toMatch(/internal error|\n\s+at .*\.js:\d+/);
          }
          const gate = outputs[3]!;
          expect(gate.stdout, `the gate passed the victim's object: ${JSON.stringify(attacks)}`).not.toContain('name: stolen');
          // prod reads outside only once generate has included its local/ component (a refused generate, for
          // example beside a .consul-gitops link, leaves the overlay without it): then the gate must refuse it
          const includesLocal = /^components:\n\s+- local$/m.test(await readFile(join(repo, 'overlays/prod/kustomization.yaml'), 'utf8'));
          if (local.length > 0 && includesLocal)
            expect([gate.code, gate.stdout], `the gate passed a prod render that reads outside: ${JSON.stringify(attacks)}`).toEqual([
              1,
              '',
            ]);
        } finally {
          await rm(repo, { recursive: true, force: true });
          await rm(canary, { force: true });
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
  }, 900_000);
});
