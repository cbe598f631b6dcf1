/**
 * Pure: a captured cluster as the text of its `clusters:` entry, in the shape and style environments.yaml
 * uses (StorageClasses and host ports one flow mapping per line, node pools as blocks), with comments for
 * what the spec has no key for: the default class, an assumed `zonal`, and the Pod Security labels of the
 * environments' namespaces.
 */
import { readYamlDocument } from '../parse/yaml-reader.js';
import type { ClusterCapture, CapturedNamespace } from './capture.js';

export interface CaptureHeader {
  context: string;
  /** ISO 8601, UTC. */
  capturedAt: string;
  /** The spec already has an entry of this key (the capture replaces it). */
  replaces: boolean;
}

const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** A scalar as YAML: plain when it reads back as the same string, JSON-quoted otherwise (`"1.36"`, `"true"`). */
function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (!PLAIN.test(value)) return JSON.stringify(value);
  const read = readYamlDocument(value).value();
  return read.ok && read.value === value ? value : JSON.stringify(value);
}

function flow(entries: Record<string, string | number | boolean | undefined>): string {
  const pairs = Object.entries(entries).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined);
  return `{ ${pairs.map(([key, value]) => `${scalar(key)}: ${scalar(value)}`).join(', ')} }`;
}

function namespaceNote(namespace: CapturedNamespace): string {
  const live = !namespace.exists
    ? 'not created yet'
    : namespace.enforce
      ? `enforces ${namespace.enforce}${namespace.enforceVersion ? `:${namespace.enforceVersion}` : ''}`
      : 'has no enforce label (privileged)';
  const differs = namespace.exists && (namespace.enforce ?? 'privileged') !== namespace.podSecurity;
  return `${namespace.namespace} (${namespace.name}) ${live}; the spec's podSecurity is ${namespace.podSecurity}${differs ? ' (differs)' : ''}`;
}

/** The `clusters:` entry, with a header naming the context and the capture time. */
export function captureYaml(capture: ClusterCapture, header: CaptureHeader): string {
  const lines = [
    `# Captured by \`consul-gitops cluster capture\` (read-only: get and list) from kube context ${JSON.stringify(header.context)}`,
    `# at ${header.capturedAt}. ${header.replaces ? `It replaces clusters.${capture.key} of environments.yaml.` : 'Add the entry under clusters: in environments.yaml.'}`,
    'clusters:',
    `  ${capture.key}:`,
    `    kubernetesVersion: ${scalar(capture.kubernetesVersion)}`,
  ];
  if (capture.destination) lines.push(`    destination: ${flow({ server: capture.destination.server, name: capture.destination.name })}`);
  if (capture.namespaces.length > 0) {
    lines.push(`    # Pod Security labels of the namespaces of the environments on this cluster:`);
    lines.push(...capture.namespaces.map((namespace) => `    #   ${namespaceNote(namespace)}`));
  }
  lines.push(`    storageClasses:${capture.storageClasses.length === 0 ? ' []' : ''}`);
  for (const storageClass of capture.storageClasses) {
    const notes = [storageClass.isDefault ? 'the default class' : undefined, storageClass.zonalNote].filter(Boolean);
    const entry = flow({
      name: storageClass.name,
      provisioner: storageClass.provisioner,
      volumeBindingMode: storageClass.volumeBindingMode,
      allowVolumeExpansion: storageClass.allowVolumeExpansion,
      zonal: storageClass.zonal,
    });
    lines.push(`      - ${entry}${notes.length > 0 ? ` # ${notes.join('; ')}` : ''}`);
  }
  lines.push('    nodePools:');
  for (const pool of capture.nodePools) {
    lines.push(
      `      - name: ${scalar(pool.name)}`,
      `        count: ${pool.count}`,
      `        zones: [${pool.zones.map(scalar).join(', ')}]`,
    );
    if (Object.keys(pool.labels).length > 0) lines.push(`        labels: ${flow(pool.labels)}`);
    if (pool.taints.length > 0)
      lines.push(
        `        taints: [${pool.taints.map((taint) => flow({ key: taint.key, value: taint.value, effect: taint.effect })).join(', ')}]`,
      );
    lines.push(`        allocatable: ${flow({ cpu: pool.allocatable.cpu, memory: pool.allocatable.memory })}`);
  }
  if (capture.hostPorts.length > 0) {
    lines.push('    hostPorts:');
    lines.push(...capture.hostPorts.map((entry) => `      - ${flow({ port: entry.port, protocol: entry.protocol, owner: entry.owner })}`));
  }
  return `${lines.join('\n')}\n`;
}
