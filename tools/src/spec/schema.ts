/**
 * JSON Schema of environments.yaml. Strict: unknown keys are errors. The loader compiles this object,
 * and `consul-gitops generate` writes the same object to environments.schema.json for editors, so the
 * editor and the loader cannot disagree. A `description` on a `pattern` is also the loader's message.
 */
import { TIERS } from './types.js';

const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/** repository:tag, optionally @sha256:<64 hex>; the repository may start with registry[:port]/. */
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_PATTERN =
  `^(?:[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?(?::[0-9]+)?/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*` +
  ':[A-Za-z0-9_][A-Za-z0-9._-]{0,127}(?:@sha256:[a-f0-9]{64})?$';

const quantity = {
  type: 'string',
  pattern: '^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$',
  description: 'a Kubernetes quantity such as 500m, 1, 256Mi or 10Gi',
};
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
  description: 'Container requests and limits (each with cpu and memory).',
};
const severityMap = {
  type: 'object',
  additionalProperties: { enum: ['error', 'warning', 'info', 'off'] },
  description: 'Rule id -> severity override (see `consul-gitops rules`).',
};
const image = {
  type: 'string',
  pattern: IMAGE_PATTERN,
  description: 'an image reference of the form repository:tag, optionally followed by @sha256:<64 hex digits> (for example hashicorp/consul:1.20.2)',
};

const environmentProperties = {
  tier: { enum: [...TIERS], description: 'development, staging or production: sets the minimum server count and the security requirements.' },
  namespace: {
    type: 'string',
    pattern: DNS_LABEL_PATTERN,
    maxLength: 63,
    description: 'a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
  },
  datacenter: { type: 'string', pattern: '^[a-z0-9-]+$', description: 'a Consul datacenter name (lowercase letters, digits and "-"); defaults to the environment name' },
  servers: { type: 'integer', description: 'Consul server count: odd; at least 3 for staging and production.' },
  storage: {
    type: 'object',
    additionalProperties: false,
    properties: {
      class: { type: 'string', minLength: 1, description: 'StorageClass of the server claims (required).' },
      size: quantity,
    },
  },
  zones: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: 'Zones the servers spread over (topology.kubernetes.io/zone).' },
  minNodes: { type: 'integer', minimum: 1, description: 'The minimum number of schedulable nodes the cluster guarantees.' },
  images: {
    type: 'object',
    additionalProperties: false,
    properties: { consul: image, controlPlane: image },
  },
  security: {
    type: 'object',
    additionalProperties: false,
    properties: { tls: { type: 'boolean' }, acls: { type: 'boolean' }, gossip: { type: 'boolean' } },
    description: 'TLS, ACLs (default deny) and gossip encryption; all three must be true outside development.',
  },
  resources: {
    type: 'object',
    additionalProperties: false,
    properties: { server: containerResources, client: containerResources, syncCatalog: containerResources },
  },
  destination: {
    type: 'object',
    additionalProperties: false,
    properties: {
      server: { type: 'string', pattern: '^https://', description: 'an https:// cluster API URL' },
      name: { type: 'string', minLength: 1 },
    },
    description: 'The Argo CD destination: exactly one of server (API URL) or name (Argo CD cluster name).',
  },
  clientTolerations: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        key: { type: 'string', minLength: 1 },
        operator: { enum: ['Exists', 'Equal'] },
        value: { type: 'string' },
        effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
        tolerationSeconds: { type: 'integer' },
      },
    },
    description: 'Tolerations of the client DaemonSet (core/v1 Toleration), so that a client agent runs on tainted nodes too; none by default.',
  },
  externalPrerequisites: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name', 'reason', 'create'],
      properties: {
        kind: { enum: ['Secret', 'ConfigMap', 'ServiceAccount', 'PersistentVolumeClaim', 'Service', 'Role', 'ClusterRole'] },
        name: { type: 'string', minLength: 1 },
        reason: { type: 'string', minLength: 10, pattern: '\\S', description: 'Why it cannot come from this repository.' },
        create: { type: 'string', minLength: 1, description: 'The exact command that creates it.' },
      },
    },
    description: 'Objects the render references that nothing here creates; they must exist before the first sync (unresolved-reference accepts them).',
  },
  severity: severityMap,
} as const;

const acceptedRisk = {
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'kind', 'name', 'severity', 'reason'],
  properties: {
    // Membership in the rule catalog is checked by the loader (spec/checks.ts), not listed here:
    // this file would otherwise change with every new rule.
    rule: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'a rule id from `consul-gitops rules`, for example image-pinned' },
    kind: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$', description: 'a Kubernetes kind of base/, for example StatefulSet' },
    name: { type: 'string', minLength: 1, description: 'The resource name in base/, for example consul-server.' },
    severity: { enum: ['error', 'warning', 'info'], description: 'The severity of the finding accepted: a finding of the same rule that is more severe is still reported.' },
    match: { type: 'string', minLength: 3, description: 'Optional: a piece of the finding message; only findings whose message contains it are accepted.' },
    reason: { type: 'string', minLength: 10, pattern: '\\S', description: 'Why the risk is accepted: a reviewer reads this in every report.' },
  },
  description: 'A finding accepted for this environment (rule, resource, severity, optionally a message match); generate writes it as the consul-gitops/accepted-risks annotation.',
};

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
      description: 'The Git repository Argo CD syncs from, and the revision (default HEAD).',
    },
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: environmentProperties,
      description: 'Shared by every environment; an environment key overrides it (objects merge, everything else replaces).',
    },
    tiers: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        TIERS.map((tier) => [tier, { type: 'object', additionalProperties: false, properties: { severity: severityMap } }]),
      ),
    },
    environments: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: DNS_LABEL_PATTERN, maxLength: 40 },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['tier', 'servers'],
        properties: {
          ...environmentProperties,
          datacenterShared: {
            type: 'string',
            minLength: 10,
            pattern: '\\S',
            description: 'Why this environment shares its Consul datacenter name with another environment (each has its own otherwise).',
          },
          acceptedRisks: { type: 'array', items: acceptedRisk, description: 'Findings accepted for this environment, each with a reason.' },
        },
      },
      description: 'One entry per environment; the key is the environment name (a DNS label), used for overlays/<name>.',
    },
  },
} as const;
