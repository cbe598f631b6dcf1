/**
 * JSON Schema of environments.yaml. Strict: unknown keys are errors. `consul-gitops generate`
 * writes it to environments.schema.json so editors complete and check the spec.
 */

const quantity = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$' };
const compute = {
  type: 'object',
  additionalProperties: false,
  required: ['cpu', 'memory'],
  properties: { cpu: quantity, memory: quantity },
};
const containerResources = {
  type: 'object',
  additionalProperties: false,
  properties: { requests: compute, limits: compute },
};
const severityMap = {
  type: 'object',
  additionalProperties: { enum: ['error', 'warning', 'info', 'off'] },
  description: 'Rule id -> severity override.',
};
const image = {
  type: 'string',
  pattern: '^[a-z0-9./_-]+(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$',
  description: 'A container image reference: repository:tag, optionally @sha256:digest.',
};

const environmentProperties = {
  tier: { enum: ['development', 'staging', 'production'] },
  namespace: { type: 'string', description: 'Kubernetes namespace (a DNS label).' },
  datacenter: { type: 'string', pattern: '^[a-z0-9-]+$' },
  servers: { type: 'integer', description: 'Consul server count: odd, >= 3 for staging and production.' },
  storage: {
    type: 'object',
    additionalProperties: false,
    properties: { class: { type: 'string', minLength: 1 }, size: quantity },
  },
  zones: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
  minNodes: { type: 'integer', minimum: 1 },
  images: {
    type: 'object',
    additionalProperties: false,
    properties: { consul: image, controlPlane: image },
  },
  security: {
    type: 'object',
    additionalProperties: false,
    properties: { tls: { type: 'boolean' }, acls: { type: 'boolean' }, gossip: { type: 'boolean' } },
  },
  resources: {
    type: 'object',
    additionalProperties: false,
    properties: { server: containerResources, client: containerResources, syncCatalog: containerResources },
  },
  destination: {
    type: 'object',
    additionalProperties: false,
    properties: { server: { type: 'string', pattern: '^https://' }, name: { type: 'string', minLength: 1 } },
  },
  severity: severityMap,
} as const;

export const specJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://consul-gitops.local/environments.schema.json',
  title: 'Consul on Kubernetes environments',
  type: 'object',
  additionalProperties: false,
  required: ['repository', 'environments'],
  properties: {
    $schema: { type: 'string' },
    repository: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: { url: { type: 'string', minLength: 1 }, revision: { type: 'string', minLength: 1 } },
    },
    defaults: { type: 'object', additionalProperties: false, properties: environmentProperties },
    tiers: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        ['development', 'staging', 'production'].map((tier) => [
          tier,
          { type: 'object', additionalProperties: false, properties: { severity: severityMap } },
        ]),
      ),
    },
    environments: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 40 },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['tier', 'servers'],
        properties: environmentProperties,
      },
    },
  },
} as const;
