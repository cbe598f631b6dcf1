/** Datacenter settings for the base/ builders' tests: every field set, security on unless a test says otherwise. */
import type { DatacenterSettings } from '../../../tools/src/generate/base/settings.js';
import type { SecuritySpec } from '../../../tools/src/environments/types.js';

// Tests index into generated objects by path; their shape is what each test states.
 
export type Json = Record<string, any>;

export const IMAGES = { consul: 'hashicorp/consul:1.22.7', controlPlane: 'hashicorp/consul-k8s-control-plane:1.9.11' };

export const RESOURCES: DatacenterSettings['resources'] = {
  server: { requests: { cpu: '300m', memory: '384Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  client: { requests: { cpu: '75m', memory: '96Mi' }, limits: { cpu: '300m', memory: '384Mi' } },
  syncCatalog: { requests: { cpu: '40m', memory: '48Mi' }, limits: { cpu: '120m', memory: '144Mi' } },
};

export type SettingsInput = Partial<Omit<DatacenterSettings, 'security'>> & { security?: Partial<SecuritySpec> };

/** A 5-server datacenter over three zones with TLS, ACLs and gossip encryption; `input` replaces what it names. */
export function settingsOf(input: SettingsInput = {}): DatacenterSettings {
  return {
    datacenter: 'dc-east',
    servers: 5,
    storage: { size: '50Gi', class: 'premium-ssd' },
    zones: ['zone-a', 'zone-b', 'zone-c'],
    images: IMAGES,
    resources: RESOURCES,
    clientTolerations: [],
    clusterScopedSuffix: '',
    ...input,
    security: { tls: true, acls: true, gossip: true, ...input.security },
  };
}

export const SECURITY_OFF = { tls: false, acls: false, gossip: false };

/** The chart's restricted container security context. */
export const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};

/** The chart's pod ids: user 100, group and fsGroup 1000, the runtime's default seccomp profile. */
export const POD_SECURITY = { fsGroup: 1000, runAsGroup: 1000, runAsNonRoot: true, runAsUser: 100, seccompProfile: { type: 'RuntimeDefault' } };

export const CA_VOLUME = { name: 'consul-ca-cert', secret: { items: [{ key: 'tls.crt', path: 'tls.crt' }], secretName: 'consul-ca-cert' } };
export const CA_MOUNT = { mountPath: '/consul/tls/ca', name: 'consul-ca-cert', readOnly: true };
export const TMP_VOLUME = { emptyDir: {}, name: 'tmp' };
export const TMP_MOUNT = { mountPath: '/tmp', name: 'tmp' };

/** The labels of an object of `component`, and the selector labels of its pods. */
export const objectLabels = (component: string) => ({
  'app.kubernetes.io/name': 'consul',
  'app.kubernetes.io/part-of': 'consul',
  'app.kubernetes.io/component': component,
});
export const selector = (component: string) => ({ 'app.kubernetes.io/name': 'consul', 'app.kubernetes.io/component': component });

export const podSpec = (workload: Json): Json => workload.spec.template.spec;
export const container = (workload: Json, index = 0): Json => podSpec(workload).containers[index];
/** A container's env as name -> value (or valueFrom), in order. */
export const envOf = (entries: Json[]): [string, unknown][] => entries.map((entry) => [entry.name, entry.value ?? entry.valueFrom]);
