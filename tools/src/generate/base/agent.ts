/** Pod pieces every generated workload shares: downward-API env, security contexts, ports, resources. */
import { PATHS, type PortSpec } from '../../model/consul.js';
import type { ContainerResources } from '../../environments/types.js';

export function fieldEnv(name: string, fieldPath: string): Record<string, unknown> {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

export function valueEnv(name: string, value: string): Record<string, unknown> {
  return { name, value };
}

export function secretEnv(name: string, secret: { name: string; key: string }): Record<string, unknown> {
  return { name, valueFrom: { secretKeyRef: { key: secret.key, name: secret.name } } };
}

/** One container port per protocol; names stay within the 15-character limit. */
export function containerPorts(ports: readonly PortSpec[], hostPorts: readonly number[] = []): Record<string, unknown>[] {
  return ports.flatMap((port) =>
    port.protocols.map((protocol) => ({
      containerPort: port.port,
      ...(hostPorts.includes(port.port) ? { hostPort: port.port } : {}),
      name: port.protocols.length > 1 ? `${port.name}-${protocol.toLowerCase()}` : port.name,
      protocol,
    })),
  );
}

/**
 * The chart's restricted container context (consul.restrictedSecurityContext), on every container:
 * a read-only root filesystem, every write goes to an emptyDir or a claim.
 */
export function containerSecurityContext(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
  };
}

/** The Helm chart's ids: user 100, group and fsGroup 1000. */
export function podSecurityContext(): Record<string, unknown> {
  return { fsGroup: 1000, runAsGroup: 1000, runAsNonRoot: true, runAsUser: 100, seccompProfile: { type: 'RuntimeDefault' } };
}

export function resourceBlock(resources: ContainerResources): Record<string, unknown> {
  return { limits: { ...resources.limits }, requests: { ...resources.requests } };
}

/** /tmp on an emptyDir: the root filesystem is read-only. */
export const TMP_VOLUME = { emptyDir: {}, name: 'tmp' } as const;
export const TMP_MOUNT = { mountPath: PATHS.tmp, name: 'tmp' } as const;
