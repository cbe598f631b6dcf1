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
  it.each([
    [
      'an unknown context',
      'echo "error: context \\"nope\\" does not exist" >&2; exit 1',
      'context "nope" does not exist: `kubectl config get-contexts` lists the contexts of the kubeconfig',
    ],
    [
      'no context in the kubeconfig',
      'echo "error: no context exists with the name: \\"x\\"" >&2; exit 1',
      'no context exists with the name: "x": `kubectl config get-contexts` lists the contexts of the kubeconfig',
    ],
    [
      'a forbidden list, after a klog line',
      'echo "I1206 23:00:00.000000 1 x.go:1] info" >&2; echo "Error from server (Forbidden): nodes is forbidden" >&2; exit 1',
      'Error from server (Forbidden): nodes is forbidden: capture needs get and list on storageclasses.storage.k8s.io, nodes, namespaces, daemonsets.apps (read-only)',
    ],
    [
      'refused credentials',
      'echo "error: exec plugin: invalid apiVersion; credentials unavailable" >&2; exit 1',
      "exec plugin: invalid apiVersion; credentials unavailable: the context's credentials were refused: log in again",
    ],
    [
      'a refused connection, without the question after it',
      'echo "The connection to the server 10.0.0.1:6443 was refused - did you specify the right host or port?" >&2; exit 1',
      "The connection to the server 10.0.0.1:6443 was refused: the cluster does not answer from here: check the context's server and the network (VPN, firewall)",
    ],
    [
      'an unreachable server',
      'echo "Unable to connect to the server: dial tcp: lookup x: no such host" >&2; exit 1',
      "Unable to connect to the server: dial tcp: lookup x: no such host: the cluster does not answer from here: check the context's server and the network (VPN, firewall)",
    ],
    [
      'klog lines only: the last one',
      'echo "E1206 23:00:00.000000 1 a.go:1] first" >&2; echo "E1206 23:00:00.500000 1 m.go:1] middle" >&2; echo "E1206 23:00:01.000000 1 b.go:1] last" >&2; exit 1',
      'E1206 23:00:01.000000 1 b.go:1] last',
    ],
    ['the error line, not a line after it', 'echo "error: the failure" >&2; echo "see the docs" >&2; exit 1', 'the failure'],
    [
      'no line that starts as an error: the last that is no klog line, even one that mentions error: or a klog stamp',
      'echo "a note on error: here" >&2; echo "then W1206 says error: in the text" >&2; echo "E1206 23:00:00.000000 1 a.go:1] klog" >&2; exit 1',
      'then W1206 says error: in the text',
    ],
    [
      'error: and every blank after it removed, once, at the start',
      'echo "error:   Error from server: error: kept" >&2; exit 1',
      'Error from server: error: kept',
    ],
    [
      "kubectl's question removed only at the end",
      'echo "The connection to the server x was refused - did you specify the right host or port? (twice)" >&2; exit 1',
      "The connection to the server x was refused - did you specify the right host or port? (twice): the cluster does not answer from here: check the context's server and the network (VPN, firewall)",
    ],
    ['blank lines after the error: the error', 'echo "something odd" >&2; echo >&2; echo "  " >&2; echo >&2; exit 3', 'something odd'],
    [
      // the message names the command, whose --request-timeout once read as the timeout hint
      'no output at all: the exit code and command, without a hint',
      'exit 4',
      expect.stringMatching(/^Command failed with exit code 4: \S+ --context ctx --request-timeout 30s get --raw \/version$/),
    ],
  ])('%s', async (_name, body, line) => {
    const message = await failure(await script(`case-${_name.replace(/\W+/g, '-')}`, body));
    expect(message.replace('cluster capture --context ctx: ', '')).toEqual(line);
    expect(message.startsWith('cluster capture --context ctx: ')).toBe(true);
  });

  it('no kubeconfig given: none passed; the server is asked to answer within half the limit, at least a second; the environment passed on', async () => {
    const args = join(dir, 'args-2');
    const kubectl = await script(
      'ok-2',
      `echo "$MARK $@" >> ${args}; case "$*" in *--raw*) echo '"text"';; *) echo '{"items":{"kind":"Node"}}';; esac`,
    );
    const env = { ...process.env, MARK: 'marked' };
    expect(await readCluster({ kubectl, context: 'c', timeoutMs: 1500, env })).toEqual({ version: {}, items: [] });
    await readCluster({ kubectl, context: 'c', timeoutMs: 9000 });
    expect(
      (await readFile(args, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => line.split(' get ')[0]),
    ).toEqual([
      'marked --context c --request-timeout 1s',
      'marked --context c --request-timeout 1s',
      ' --context c --request-timeout 4s',
      ' --context c --request-timeout 4s',
    ]);
  });
});
