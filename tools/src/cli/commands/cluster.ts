import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EnvironmentError, SpecError, UsageError } from '../../model/errors.js';
import { EXIT } from '../../model/exit-code.js';
import { goToolPath } from '../../render/go-tools.js';
import { captureCluster, type CapturedEnvironment } from '../../environments/capture.js';
import { captureYaml } from '../../environments/capture-yaml.js';
import { readCluster } from '../../environments/cluster-read.js';
import { clusterOf } from '../../environments/clusters.js';
import { loadSpec, SPEC_FILE } from '../../environments/load.js';
import type { Spec } from '../../environments/types.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';
import { outputPath } from '../output-path.js';

const USAGE = 'usage: consul-gitops cluster capture --context NAME [--kubeconfig PATH] [--cluster KEY] [--output FILE]';
const CLUSTER_KEY = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The spec in the working directory, when there is one that loads; a note otherwise (capture works without it). */
async function specOf(io: CommandIo): Promise<Spec | undefined> {
  const file = resolve(io.cwd, SPEC_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return await loadSpec(file);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    io.err(
      `consul-gitops: note: ${SPEC_FILE} does not load (${error.problems.length} problem(s)): no namespaces read, no destination kept\n`,
    );
    return undefined;
  }
}

/** `KUBECTL` when set (as `KUSTOMIZE` and `KUBECONFORM` name theirs), else the pinned kubectl (tools/go/bin, built with the api-server backend), else kubectl on PATH. */
function kubectlBinary(env: NodeJS.ProcessEnv): string {
  if (env.KUBECTL) return env.KUBECTL;
  const pinned = goToolPath('kubectl');
  return existsSync(pinned) ? pinned : 'kubectl';
}

/** `cluster capture`: read a live cluster (get and list only) and print its `clusters:` entry. */
export async function clusterCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const [subcommand, ...extra] = args.positionals;
  if (subcommand !== 'capture' || extra.length > 0) throw new UsageError(USAGE);
  const context = args.values.context;
  if (!context) throw new UsageError(`cluster capture needs --context NAME (\`kubectl config get-contexts\` lists them); ${USAGE}`);
  const key = args.values.cluster ?? context;
  if (!CLUSTER_KEY.test(key) || key.length > 63)
    throw new UsageError(
      `${args.values.cluster === undefined ? `the context name "${context}" is not` : `--cluster "${key}" is not`} a cluster key (a DNS label: lowercase letters, digits and "-", at most 63): name the entry with --cluster KEY`,
    );
  const kubeconfig = args.values.kubeconfig === undefined ? undefined : resolve(io.cwd, args.values.kubeconfig);
  if (kubeconfig !== undefined && !existsSync(kubeconfig)) throw new UsageError(`--kubeconfig ${args.values.kubeconfig}: not found`);
  const file = args.values.output === undefined ? undefined : outputPath(io.cwd, args.values.output);

  const spec = await specOf(io);
  const existing = spec?.clusters?.find((cluster) => cluster.name === key);
  const environments: CapturedEnvironment[] = (spec?.environments ?? [])
    .filter((environment) => clusterOf(environment, spec?.clusters)?.name === key || environment.cluster === key)
    .map((environment) => ({
      name: environment.name,
      namespace: environment.namespace,
      podSecurity: environment.podSecurity ?? 'privileged',
    }));

  const objects = await readCluster({
    kubectl: kubectlBinary(io.env),
    context,
    ...(kubeconfig ? { kubeconfig } : {}),
    env: io.env,
  });
  const capture = captureCluster(objects, {
    key,
    ...(existing?.destination ? { destination: existing.destination } : {}),
    environments,
  });
  if (!capture.kubernetesVersion)
    throw new EnvironmentError(`cluster capture --context ${context}: the server's /version names no Kubernetes version`);
  if (capture.nodePools.length === 0)
    throw new EnvironmentError(
      `cluster capture --context ${context}: the cluster lists no Nodes, and the spec needs at least one node pool: capture a cluster with nodes`,
    );
  const text = captureYaml(capture, {
    context,
    capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    replaces: existing !== undefined,
  });
  if (file) {
    await io.writeFile(file, text);
    io.err(
      `consul-gitops: wrote clusters.${key} (${capture.nodePools.length} node pool(s), ${capture.storageClasses.length} StorageClass(es)) to ${args.values.output}\n`,
    );
  } else io.out(text);
  for (const namespace of capture.namespaces) {
    if (namespace.exists && (namespace.enforce ?? 'privileged') !== namespace.podSecurity)
      io.err(
        `consul-gitops: note: namespace ${namespace.namespace} enforces Pod Security ${namespace.enforce ?? 'privileged'}, but environments.${namespace.name}.podSecurity is ${namespace.podSecurity}: Argo CD's managedNamespaceMetadata sets it at the next sync${namespace.enforce === 'baseline' || namespace.enforce === 'restricted' ? ', and until then no client pod is admitted (host ports)' : ''}\n`,
      );
  }
  return EXIT.clean;
}
