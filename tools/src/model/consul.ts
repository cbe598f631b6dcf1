/** Consul facts declared once: component names, ports, label keys, Secret names, paths. */

export const COMPONENT = {
  server: 'consul-server',
  client: 'consul-client',
  syncCatalog: 'consul-sync-catalog',
  dns: 'consul-dns',
  ui: 'consul-ui',
  serverConfig: 'consul-server-config',
  clientConfig: 'consul-client-config',
  /** ServiceAccount (and its token Secret) whose JWT the Kubernetes auth method uses for TokenReview. */
  authMethod: 'consul-auth-method',
  gossipJob: 'consul-gossip-encryption-autogenerate',
  tlsInitJob: 'consul-tls-init',
  aclInitJob: 'consul-server-acl-init',
  /** The PostSync hook that applies the autopilot settings to the running servers, and its ServiceAccount. */
  autopilotConfig: 'consul-autopilot-config',
  /** The Sync hook that gives that ServiceAccount its Consul role (operator:write) through the component auth method. */
  autopilotAclJob: 'consul-autopilot-acl-init',
} as const;

/**
 * The prefix the control-plane commands put before every name they create or look up
 * (`-resource-prefix`, `-name-prefix`): `consul-ca-cert`, `consul-client`, `consul-k8s-component-auth-method`.
 */
export const RESOURCE_PREFIX = 'consul';

/** Consul's DNS domain (the chart's global.domain); part of the server certificate name server.<dc>.<domain>. */
export const CONSUL_DOMAIN = 'consul';

/** The auth method server-acl-init creates for clients and catalog sync (`<prefix>-k8s-component-auth-method`). */
export const COMPONENT_AUTH_METHOD = `${RESOURCE_PREFIX}-k8s-component-auth-method`;

export interface PortSpec {
  name: string;
  port: number;
  protocols: readonly ('TCP' | 'UDP')[];
}

export const PORTS = {
  http: { name: 'http', port: 8500, protocols: ['TCP'] },
  https: { name: 'https', port: 8501, protocols: ['TCP'] },
  grpc: { name: 'grpc', port: 8502, protocols: ['TCP'] },
  server: { name: 'server', port: 8300, protocols: ['TCP'] },
  serflan: { name: 'serflan', port: 8301, protocols: ['TCP', 'UDP'] },
  serfwan: { name: 'serfwan', port: 8302, protocols: ['TCP', 'UDP'] },
  dns: { name: 'dns', port: 8600, protocols: ['TCP', 'UDP'] },
} as const satisfies Record<string, PortSpec>;

export const SERVER_PORTS: readonly PortSpec[] = [
  PORTS.http,
  PORTS.https,
  PORTS.grpc,
  PORTS.server,
  PORTS.serflan,
  PORTS.serfwan,
  PORTS.dns,
];

export const LABEL = {
  app: 'app.kubernetes.io/name',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  environment: 'environment',
  argoInstance: 'app.kubernetes.io/instance',
} as const;

/**
 * Secrets the bootstrap Jobs create in the cluster (never in git), named as consul-k8s-control-plane
 * names them from the resource prefix: gossip-encryption-autogenerate, tls-init and server-acl-init.
 */
export const SECRET = {
  gossipKey: { name: 'consul-gossip-encryption-key', key: 'key' },
  caCert: { name: 'consul-ca-cert', key: 'tls.crt' },
  caKey: { name: 'consul-ca-key', key: 'tls.key' },
  serverCert: { name: 'consul-server-cert' },
  bootstrapToken: { name: 'consul-bootstrap-acl-token', key: 'token' },
  authMethodToken: { name: COMPONENT.authMethod },
} as const;

export const PATHS = {
  data: '/consul/data',
  config: '/consul/config',
  /** Written by the client's acl-init init container: acl-config.json with the agent token. */
  aclConfig: '/consul/aclconfig',
  /** The login token file acl-init writes (tmpfs), read by `consul logout` on stop. */
  login: '/consul/login',
  ca: '/consul/tls/ca',
  serverCert: '/consul/tls/server',
  tmp: '/tmp',
  /** Where Kubernetes mounts a pod's service-account token; in-cluster clients read it here. */
  serviceAccount: '/var/run/secrets/kubernetes.io/serviceaccount',
} as const;

/** The leader query a readiness probe must make: a server without a leader answers TCP and plain 200s. */
export const LEADER_ENDPOINT = '/v1/status/leader';

export const TOPOLOGY = { hostname: 'kubernetes.io/hostname', zone: 'topology.kubernetes.io/zone' } as const;
