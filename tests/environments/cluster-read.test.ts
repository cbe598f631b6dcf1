/**
 * The kubectl edge of `cluster capture` where a real cluster cannot provoke the failure: a kubectl that is
 * missing, one that hangs past the time limit, one that prints no JSON, and one whose error follows a klog
 * warning. (Unknown contexts, unreachable servers and forbidden lists run for real in
 * tests/cli/cluster-capture.test.ts.)
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../tools/src/model/errors.js';
import { readCluster } from '../../tools/src/environments/cluster-read.js';

describe('readCluster failures are one EnvironmentError line', () => {
  let dir: string;
  const script = async (name: string, body: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  };
  const failure = async (kubectl: string, timeoutMs?: number): Promise<string> => {
    const error = await readCluster({ kubectl, context: 'ctx', ...(timeoutMs ? { timeoutMs } : {}) }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    return (error as Error).message;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'consul-gitops-kubectl-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('kubectl missing: says how to build the pinned one', async () => {
    expect(await failure(join(dir, 'no-kubectl'))).toBe(
      `cluster capture: kubectl not found (${join(dir, 'no-kubectl')}): build the pinned one with \`node tools/scripts/go-tools.mjs --api-server\`, or put kubectl on PATH`,
    );
  });

  it('kubectl past its time limit: killed, and the reachability asked', async () => {
    expect(await failure(await script('hang', 'sleep 30'), 500)).toBe(
      'cluster capture --context ctx: kubectl did not finish within 0.5 s: is the cluster reachable from here?',
    );
  });

  it('output that is not JSON', async () => {
    expect(await failure(await script('text', 'echo not json'))).toBe(
      'cluster capture --context ctx: kubectl get --raw /version did not print JSON',
    );
  });

  it("kubectl's error line, not the klog warning before it; credentials refused get their hint", async () => {
    const kubectl = await script(
      'unauthorized',
      'echo "W1206 23:00:00.000000 1 loader.go:1] a warning" >&2; echo "error: You must be logged in to the server (Unauthorized)" >&2; exit 1',
    );
    expect(await failure(kubectl)).toBe(
      "cluster capture --context ctx: You must be logged in to the server (Unauthorized): the context's credentials were refused: log in again",
    );
  });

  it('a failure without a known pattern is passed on without a hint, a klog line after it skipped', async () => {
    expect(
      await failure(await script('odd', 'echo "something odd" >&2; echo "W1206 23:00:00.000000 1 x.go:1] a warning after it" >&2; exit 3')),
    ).toBe('cluster capture --context ctx: something odd');
  });

  it('the objects of a kubectl that answers, the arguments it was given read-only', async () => {
    const kubectl = await script(
      'ok',
      `echo "$@" >> ${join(dir, 'args')}; case "$*" in *--raw*) echo '{"major":"1","minor":"33"}';; *) echo '{"items":[{"kind":"Node"}]}';; esac`,
    );
    const objects = await readCluster({ kubectl, context: 'ctx', kubeconfig: '/k/config' });
    expect(objects).toEqual({ version: { major: '1', minor: '33' }, items: [{ kind: 'Node' }] });
    expect((await readFile(join(dir, 'args'), 'utf8')).trim().split('\n')).toEqual([
      '--context ctx --kubeconfig /k/config --request-timeout 30s get --raw /version',
      '--context ctx --kubeconfig /k/config --request-timeout 30s get storageclasses.storage.k8s.io,nodes,namespaces,daemonsets.apps --all-namespaces -o json',
    ]);
  });
});
