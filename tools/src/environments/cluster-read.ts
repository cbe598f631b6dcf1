/**
 * Edge: read what `cluster capture` describes from a live cluster with kubectl, read-only: `get --raw
 * /version` and one `get ... -o json` list of StorageClasses, Nodes, DaemonSets and Namespaces. No Secret,
 * ConfigMap or pod is read, and nothing is written. Each failure (kubectl missing, an unknown context, an
 * unreachable server, refused credentials, a forbidden list) is one EnvironmentError line; kubectl's
 * output never carries a credential, and the caller's output passes the redaction besides.
 */
import { runChild, type ChildResult } from '../child-process.js';
import { EnvironmentError } from '../model/errors.js';
import type { ClusterObjects } from './capture.js';

export interface ClusterReadOptions {
  /** The kubectl binary (the pinned build of tools/go/bin, else `kubectl` on PATH). */
  kubectl: string;
  context: string;
  kubeconfig?: string;
  env?: NodeJS.ProcessEnv;
  /** Per kubectl call (default 60 s); the server is asked to answer within half of it. */
  timeoutMs?: number;
}

/** What capture lists: cluster-scoped kinds and DaemonSets (for host ports) in every namespace. */
const CAPTURED_RESOURCES = 'storageclasses.storage.k8s.io,nodes,namespaces,daemonsets.apps';

const HINTS: readonly [RegExp, string][] = [
  [/context .*(not found|does not exist)|no context exists/i, '`kubectl config get-contexts` lists the contexts of the kubeconfig'],
  [/forbidden/i, `capture needs get and list on ${CAPTURED_RESOURCES.split(',').join(', ')} (read-only)`],
  [/unauthorized|must be logged in|credentials/i, "the context's credentials were refused: log in again"],
  [
    /unable to connect|connection refused|no such host|i\/o timeout|dial tcp|connection to the server|deadline exceeded|timeout/i,
    "the cluster does not answer from here: check the context's server and the network (VPN, firewall)",
  ],
];

/** kubectl's own error line: the first that says what failed, not a klog warning. */
function kubectlLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const line =
    lines.find((candidate) => /^(error:|Error from server|Unable to connect|The connection to the server)/i.test(candidate)) ??
    lines.filter((candidate) => !/^[IWE]\d{4} /.test(candidate)).at(-1) ??
    lines.at(-1) ??
    '';
  // kubectl's question after a refused connection is answered by the hint
  return line.replace(/^error:\s*/i, '').replace(/ - did you specify the right host or port\?$/, '');
}

function failure(options: ClusterReadOptions, result: ChildResult): EnvironmentError {
  if (result.notFound)
    return new EnvironmentError(
      `cluster capture: kubectl not found (${options.kubectl}): build the pinned one with \`node tools/scripts/go-tools.mjs --api-server\`, or put kubectl on PATH`,
    );
  const at = `cluster capture --context ${options.context}`;
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (result.timedOut)
    return new EnvironmentError(`${at}: kubectl did not finish within ${timeoutMs / 1000} s: is the cluster reachable from here?`);
  const said = kubectlLine(result.stderr);
  const line = said || result.message || `kubectl exited with ${result.exitCode ?? result.signal ?? 'a failure'}`;
  // the hints read kubectl's own words: execa's message names the command, whose --request-timeout matched /timeout/
  const hint = HINTS.find(([pattern]) => pattern.test(said))?.[1];
  return new EnvironmentError(`${at}: ${line}${hint ? `: ${hint}` : ''}`);
}

async function kubectlJson(options: ClusterReadOptions, args: readonly string[]): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const result = await runChild(
    options.kubectl,
    [
      '--context',
      options.context,
      ...(options.kubeconfig ? ['--kubeconfig', options.kubeconfig] : []),
      '--request-timeout',
      `${Math.max(1, Math.floor(timeoutMs / 2000))}s`,
      ...args,
    ],
    { timeoutMs, ...(options.env ? { env: options.env } : {}) },
  );
  if (result.failed) throw failure(options, result);
  try {
    return JSON.parse(result.stdout) as unknown;
  } catch {
    throw new EnvironmentError(`cluster capture --context ${options.context}: kubectl ${args.join(' ')} did not print JSON`);
  }
}

/** The server's /version and the captured objects; an EnvironmentError of one line on any failure. */
export async function readCluster(options: ClusterReadOptions): Promise<ClusterObjects> {
  const version = (await kubectlJson(options, ['get', '--raw', '/version'])) as ClusterObjects['version'];
  const list = (await kubectlJson(options, ['get', CAPTURED_RESOURCES, '--all-namespaces', '-o', 'json'])) as { items?: unknown };
  const items = Array.isArray(list.items) ? (list.items as Record<string, unknown>[]) : [];
  return { version: version && typeof version === 'object' ? version : {}, items };
}
