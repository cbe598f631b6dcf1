/**
 * The spec text a test builds its environments on: the repository and every default, up to `environments:` (the
 * caller writes its environments after it, indented two spaces).
 */
export const SPEC_DEFAULTS = `repository: { url: https://example.com/consul.git, revision: main }
defaults:
  images: { consul: hashicorp/consul:1.22.7, controlPlane: hashicorp/consul-k8s-control-plane:1.9.11 }
  storage: { size: 10Gi }
  zones: [zone-1]
  minNodes: 1
  security: { tls: true, acls: true, gossip: true }
  resources:
    server: { requests: { cpu: "1", memory: 2Gi }, limits: { cpu: "2", memory: 4Gi } }
    client: { requests: { cpu: 50m, memory: 64Mi }, limits: { cpu: 200m, memory: 256Mi } }
    syncCatalog: { requests: { cpu: 50m, memory: 64Mi }, limits: { cpu: 100m, memory: 128Mi } }
  destination: { server: https://kubernetes.default.svc }
environments:
`;
