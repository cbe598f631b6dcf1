/** A spec of the test's own, parsed by the loader (defaults applied), for generating in memory. */
import { parseSpec } from '../../tools/src/environments/load.js';
import type { Spec } from '../../tools/src/environments/types.js';

export const DEFAULT_IMAGES = { consul: 'hashicorp/consul:1.22.7', controlPlane: 'hashicorp/consul-k8s-control-plane:1.9.11' };

const DEFAULTS = {
  images: DEFAULT_IMAGES,
  storage: { size: '10Gi', class: 'standard' },
  zones: ['zone-a'],
  minNodes: 3,
  security: { tls: true, acls: true, gossip: true },
  resources: {
    server: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    client: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
    syncCatalog: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
  },
  destination: { server: 'https://kubernetes.default.svc' },
};

/** The environments of the fixture: a 3-server one that differs from base/ only where the test says. */
export const SAME_AS_BASE = {
  tier: 'staging',
  namespace: 'consul-same',
  servers: 3,
  datacenter: 'dc1',
  minNodes: 3,
  storage: { size: '10Gi', class: 'standard' },
};

/** A spec with `environments` (name -> the environment's own keys) over the fixture's defaults, as the loader reads it. */
export function specOf(
  environments: Record<string, Record<string, unknown>>,
  extra: Record<string, unknown> = {},
  file = 'environments.yaml',
): Spec {
  const input = {
    repository: { url: 'https://git.example.org/platform/consul.git', revision: 'release-7' },
    ...extra,
    defaults: { ...DEFAULTS, ...(extra.defaults as Record<string, unknown> | undefined) },
    environments,
  };
  return parseSpec(JSON.stringify(input), file);
}
