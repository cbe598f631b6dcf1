/** Consul facts declared once: component names, ports, label keys, Secret names, paths. */

export const COMPONENT = {
  server: 'consul-server',
  client: 'consul-client',
  syncCatalog: 'consul-sync-catalog',
  dns: 'consul-dns',
  ui: 'consul-ui',
  serverConfig: 'consul-server-config',
  clientConfig: 'consul-client-config',
} as const;

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

export const SERVER_PORTS: readonly PortSpec[] = [PORTS.http, PORTS.https, PORTS.grpc, PORTS.server, PORTS.serflan, PORTS.serfwan, PORTS.dns];
export const CLIENT_PORTS: readonly PortSpec[] = [PORTS.http, PORTS.https, PORTS.grpc, PORTS.serflan, PORTS.dns];

export const LABEL = {
  app: 'app.kubernetes.io/name',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  environment: 'environment',
  argoInstance: 'app.kubernetes.io/instance',
} as const;

export const SECRET = {
  gossipKey: { name: 'consul-gossip-encryption-key', key: 'key' },
  caCert: { name: 'consul-ca-cert', key: 'tls.crt' },
  serverCert: { name: 'consul-server-cert' },
  serverAclToken: { name: 'consul-server-acl-token', key: 'token' },
  clientAclToken: { name: 'consul-client-acl-token', key: 'token' },
  syncCatalogAclToken: { name: 'consul-sync-catalog-acl-token', key: 'token' },
} as const;

export const PATHS = {
  data: '/consul/data',
  config: '/consul/config',
  extraConfig: '/consul/extra-config',
  ca: '/consul/tls/ca',
  serverCert: '/consul/tls/server',
} as const;

/** The leader query a readiness probe must make: a server without a leader answers TCP and plain 200s. */
export const LEADER_ENDPOINT = '/v1/status/leader';

export const TOPOLOGY = { hostname: 'kubernetes.io/hostname', zone: 'topology.kubernetes.io/zone' } as const;
