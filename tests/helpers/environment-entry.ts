/** One environment with every key the defaults may fill set: the complete shape the environments/ checks start from. */
export const COMPLETE_ENVIRONMENT = {
  name: 'prod',
  tier: 'production',
  servers: 3,
  namespace: 'consul',
  storage: { class: 'ssd', size: '10Gi' },
  zones: ['a'],
  minNodes: 3,
  images: { consul: 'c', controlPlane: 'p' },
  security: { tls: true, acls: true, gossip: true },
  resources: { server: {}, client: {}, syncCatalog: {} },
  destination: { name: 'edge' },
};
