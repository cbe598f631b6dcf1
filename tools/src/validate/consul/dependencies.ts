/**
 * What each object of a render needs before it can work, and who provides it: the objects of the
 * render, the Secrets and auth method the bootstrap Jobs create (from the control-plane facts),
 * Kubernetes' built-ins, and the environment's declared external prerequisites. Pure: the same
 * model serves unresolved-reference (is everything provided?) and sync-order (in time?).
 */
import type { ParsedResource } from '../../parse/resource.js';
import { asArray, containersOf, get, podSpecOf } from '../../model/k8s-objects.js';
import { controlPlaneInvocations } from './control-plane-invocation.js';

export type NeedKind =
  'Secret' | 'ConfigMap' | 'ServiceAccount' | 'PersistentVolumeClaim' | 'Service' | 'Role' | 'ClusterRole' | 'AuthMethod';

export interface Need {
  kind: NeedKind;
  name: string;
  /** JSON pointer of the reference in the consumer. */
  path: string;
  optional: boolean;
  /** Waiting on it blocks the consumer (a pod cannot start, a Job cannot finish); RBAC references do not. */
  blocking: boolean;
}

export type ProviderKind = 'render' | 'job' | 'builtin' | 'prerequisite';

export interface Provider {
  kind: NeedKind;
  name: string;
  how: ProviderKind;
  /** The object itself (render), or the Job that creates it. */
  resource?: ParsedResource;
  /** For prerequisites: what to run to create it. */
  note?: string;
}

export const needKey = (kind: string, name: string): string => `${kind}/${name}`;

const BUILTIN_CLUSTER_ROLES = /^(system:.*|cluster-admin|admin|edit|view)$/;

export function builtinProvider(kind: NeedKind, name: string): Provider | undefined {
  if (kind === 'ServiceAccount' && name === 'default') return { kind, name, how: 'builtin' };
  if (kind === 'ConfigMap' && name === 'kube-root-ca.crt') return { kind, name, how: 'builtin' };
  if (kind === 'ClusterRole' && BUILTIN_CLUSTER_ROLES.test(name)) return { kind, name, how: 'builtin' };
  return undefined;
}

/**
 * The Service a server address names in this namespace: `consul-server`, `consul-server.<ns>`,
 * `consul-server.<ns>.svc[.cluster.local]` (with `$(VAR)` parts), optionally with a port. IPs,
 * `exec=` discovery, cloud auto-join and other DNS names are outside the render: an IPv4 address has four
 * parts and no `svc`, `exec=` and auto-join have a `=`, an IPv6 address is bracketed.
 */
export function serviceOfAddress(address: string): string | undefined {
  const host = address.replace(/^[a-z]+:\/\//, '').split(/[:/]/)[0] ?? '';
  if (!host || host.includes('=') || host.startsWith('$') || host.startsWith('[')) return undefined;
  const parts = host.split('.');
  const inCluster = parts.length <= 2 || (parts[2] === 'svc' && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local'));
  return inCluster ? parts[0] : undefined;
}

function podNeeds(resource: ParsedResource): Need[] {
  const pod = podSpecOf(resource);
  if (!pod) return [];
  const needs: Need[] = [];
  const add = (kind: NeedKind, name: unknown, path: string, optional: unknown) => {
    if (typeof name === 'string' && name !== '') needs.push({ kind, name, path, optional: optional === true, blocking: true });
  };
  add('ServiceAccount', pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? 'default', `${pod.pointer}/serviceAccountName`, false);
  asArray(pod.spec.volumes).forEach((volume, index) => {
    const at = `${pod.pointer}/volumes/${index}`;
    add('Secret', get(volume, 'secret', 'secretName'), `${at}/secret/secretName`, get(volume, 'secret', 'optional'));
    add('ConfigMap', get(volume, 'configMap', 'name'), `${at}/configMap/name`, get(volume, 'configMap', 'optional'));
    add('PersistentVolumeClaim', get(volume, 'persistentVolumeClaim', 'claimName'), `${at}/persistentVolumeClaim/claimName`, false);
    asArray(get(volume, 'projected', 'sources')).forEach((source, sourceIndex) => {
      add('Secret', get(source, 'secret', 'name'), `${at}/projected/sources/${sourceIndex}/secret/name`, get(source, 'secret', 'optional'));
      add(
        'ConfigMap',
        get(source, 'configMap', 'name'),
        `${at}/projected/sources/${sourceIndex}/configMap/name`,
        get(source, 'configMap', 'optional'),
      );
    });
  });
  for (const entry of containersOf(resource)) {
    asArray(entry.container.env).forEach((env, index) => {
      const at = `${entry.pointer}/env/${index}/valueFrom`;
      add(
        'Secret',
        get(env, 'valueFrom', 'secretKeyRef', 'name'),
        `${at}/secretKeyRef/name`,
        get(env, 'valueFrom', 'secretKeyRef', 'optional'),
      );
      add(
        'ConfigMap',
        get(env, 'valueFrom', 'configMapKeyRef', 'name'),
        `${at}/configMapKeyRef/name`,
        get(env, 'valueFrom', 'configMapKeyRef', 'optional'),
      );
      const name = get(env, 'name');
      const value = get(env, 'value');
      if (name === 'CONSUL_ADDRESSES' && typeof value === 'string') {
        const service = serviceOfAddress(value);
        if (service)
          needs.push({ kind: 'Service', name: service, path: `${entry.pointer}/env/${index}/value`, optional: false, blocking: true });
      }
      if (name === 'CONSUL_LOGIN_AUTH_METHOD' && typeof value === 'string' && value !== '') {
        needs.push({ kind: 'AuthMethod', name: value, path: `${entry.pointer}/env/${index}/value`, optional: false, blocking: true });
      }
    });
    asArray(entry.container.envFrom).forEach((source, index) => {
      const at = `${entry.pointer}/envFrom/${index}`;
      add('Secret', get(source, 'secretRef', 'name'), `${at}/secretRef/name`, get(source, 'secretRef', 'optional'));
      add('ConfigMap', get(source, 'configMapRef', 'name'), `${at}/configMapRef/name`, get(source, 'configMapRef', 'optional'));
    });
  }
  return needs;
}

/** What one rendered object needs. Agents' retry_join Services come from the caller (they need the config). */
export function needsOf(resource: ParsedResource): Need[] {
  const kind = resource.ref.kind;
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    const roleKind = get(resource.object, 'roleRef', 'kind');
    const name = get(resource.object, 'roleRef', 'name');
    if ((roleKind === 'Role' || roleKind === 'ClusterRole') && typeof name === 'string')
      return [{ kind: roleKind, name, path: '/roleRef/name', optional: false, blocking: false }];
    return [];
  }
  if (kind === 'Secret' && get(resource.object, 'type') === 'kubernetes.io/service-account-token') {
    const account = get(resource.object, 'metadata', 'annotations', 'kubernetes.io/service-account.name');
    if (typeof account === 'string')
      return [{ kind: 'ServiceAccount', name: account, path: '/metadata/annotations', optional: false, blocking: true }];
  }
  return podNeeds(resource);
}

/** What a bootstrap Job creates when it runs, read from its control-plane flags. */
export function jobProducts(resource: ParsedResource): Provider[] {
  const products: Provider[] = [];
  for (const invocation of controlPlaneInvocations(resource)) {
    const flag = (name: string, fallback?: string) => {
      const word = [...invocation.words].reverse().find((entry) => entry.replace(/^--?/, '').startsWith(`${name}=`));
      return word ? word.slice(word.indexOf('=') + 1) : fallback;
    };
    const secret = (name: string | undefined) => {
      if (name) products.push({ kind: 'Secret', name, how: 'job', resource });
    };
    switch (invocation.subcommand) {
      case 'gossip-encryption-autogenerate':
        secret(flag('secret-name'));
        break;
      case 'tls-init': {
        const prefix = flag('name-prefix');
        if (prefix && !flag('ca')) {
          secret(`${prefix}-ca-cert`);
          secret(`${prefix}-ca-key`);
        }
        if (prefix) secret(`${prefix}-server-cert`);
        break;
      }
      case 'server-acl-init': {
        const prefix = flag('resource-prefix');
        secret(flag('bootstrap-token-secret-name', prefix ? `${prefix}-bootstrap-acl-token` : undefined));
        if (prefix) products.push({ kind: 'AuthMethod', name: `${prefix}-k8s-component-auth-method`, how: 'job', resource });
        break;
      }
      default:
        break;
    }
  }
  return products;
}
