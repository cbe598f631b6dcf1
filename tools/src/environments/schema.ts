/**
 * JSON Schema of environments.yaml. Strict: unknown keys are errors. The loader compiles this object,
 * and `consul-gitops generate` writes the same object to environments.schema.json for editors, so the
 * editor and the loader cannot disagree. A `description` on a `pattern` is also the loader's message.
 */

/** The tiers, from least to most demanding (minimum server count, security requirements). */
export const TIERS = ['development', 'staging', 'production'] as const;

/** Pod Security Standards levels (pod-security.kubernetes.io/enforce), least to most restrictive. */
const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;

/** One value per tier; a literal object, so that a new tier fails to compile until it is listed here. */
function perTier<T>(value: T): Record<(typeof TIERS)[number], T> {
  return { development: value, staging: value, production: value };
}

const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/** A DNS-1123 subdomain: the name of most Kubernetes objects (a StorageClass, a Secret). */
const DNS_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** A label value (the zones are values of topology.kubernetes.io/zone); the empty value is excluded by minLength. */
const LABEL_VALUE_PATTERN = '^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$';
/** A label or taint key: an optional DNS-subdomain prefix and "/", then a name. */
const LABEL_KEY_PATTERN = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';
/** One line of text with something in it: reasons and commands, printed in reports and annotations. */
const ONE_LINE_TEXT = '^[^\\r\\n]*\\S[^\\r\\n]*$';
/** A name on one line, without "*" (no glob or wildcard reaches a name Argo CD or Kubernetes reads). */
const PLAIN_NAME = '^[^\\r\\n*\\s][^\\r\\n*]*$';
/** https://host[:port][/path]: no user info (no credentials in the spec), no spaces, newlines or "*". */
const HTTPS_URL_PATTERN = '^https://[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?(/[^\\s*]*)?$';

/** The ranges Kubernetes stores these numbers in (the OpenAPI int32 and int64 formats). */
const INT32_MAX = 2 ** 31 - 1;
const INT64_RANGE = { minimum: -(2 ** 63), maximum: 2 ** 63 - 1 };

/** repository:tag, optionally @sha256:<64 hex>; the repository may start with registry[:port]/. */
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_PATTERN =
  `^(?:[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?(?::[0-9]+)?/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*` +
  ':[A-Za-z0-9_][A-Za-z0-9._-]{0,127}(?:@sha256:[a-f0-9]{64})?$';

const quantity = {
  type: 'string',
  pattern: '^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$',
  description: 'a Kubernetes quantity such as 500m, 1, 256Mi or 10Gi',
} as const;
const compute = {
  type: 'object',
  additionalProperties: false,
  required: ['cpu', 'memory'],
  properties: { cpu: quantity, memory: quantity },
} as const;
const containerResources = {
  type: 'object',
  additionalProperties: false,
  properties: { requests: compute, limits: compute },
  description: 'Container requests and limits (each with cpu and memory).',
} as const;
const severityMap = {
  type: 'object',
  additionalProperties: { enum: ['error', 'warning', 'info', 'off'] },
  description: 'Rule id -> severity override (see `consul-gitops rules`).',
} as const;
const image = {
  type: 'string',
  pattern: IMAGE_PATTERN,
  description:
    'an image reference of the form repository:tag, optionally followed by @sha256:<64 hex digits> (for example hashicorp/consul:1.20.2)',
} as const;

/** An Argo CD destination: exactly one of server or name (checked by the loader). */
function destinationSchema() {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      server: {
        type: 'string',
        pattern: HTTPS_URL_PATTERN,
        description: 'an https:// cluster API URL (https://host[:port][/path], without credentials, spaces or "*")',
      },
      name: { type: 'string', minLength: 1, pattern: PLAIN_NAME, description: 'an Argo CD cluster name on one line, without "*"' },
    },
    description: 'The Argo CD destination: exactly one of server (API URL) or name (Argo CD cluster name).',
  } as const;
}

const environmentProperties = {
  tier: {
    enum: [...TIERS],
    description: 'development, staging or production: sets the minimum server count and the security requirements.',
  },
  namespace: {
    type: 'string',
    pattern: DNS_LABEL_PATTERN,
    maxLength: 63,
    description: 'a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
  },
  datacenter: {
    type: 'string',
    pattern: '^[a-z0-9-]+$',
    description: 'a Consul datacenter name (lowercase letters, digits and "-"); defaults to the environment name',
  },
  servers: { type: 'integer', maximum: INT32_MAX, description: 'Consul server count: odd; at least 3 for staging and production.' },
  storage: {
    type: 'object',
    additionalProperties: false,
    properties: {
      class: {
        type: 'string',
        minLength: 1,
        maxLength: 253,
        pattern: DNS_SUBDOMAIN_PATTERN,
        description: 'the name of a StorageClass: a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)',
      },
      size: quantity,
    },
  },
  zones: {
    type: 'array',
    items: {
      type: 'string',
      minLength: 1,
      maxLength: 63,
      pattern: LABEL_VALUE_PATTERN,
      description:
        'a zone as a label value of topology.kubernetes.io/zone (letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters)',
    },
    uniqueItems: true,
    description: 'Zones the servers spread over (topology.kubernetes.io/zone).',
  },
  minNodes: {
    type: 'integer',
    minimum: 1,
    maximum: INT32_MAX,
    description: 'The minimum number of schedulable nodes the cluster guarantees.',
  },
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
  destination: destinationSchema(),
  cluster: {
    type: 'string',
    pattern: DNS_LABEL_PATTERN,
    maxLength: 63,
    description: "the name of its cluster under clusters; without it, the cluster whose destination is this environment's (if any)",
  },
  podSecurity: {
    enum: [...POD_SECURITY_LEVELS],
    description:
      "The Pod Security level Argo CD writes onto the namespace (pod-security.kubernetes.io/enforce, with audit and warn): privileged by default, the only level the client DaemonSet's host ports pass.",
  },
  syncGate: {
    enum: ['kustomize', 'plugin'],
    description:
      "How Argo CD renders the environment: `kustomize` (default) is Argo CD's built-in kustomize, the version it bundles, with the pull-request checks as the gate (branch protection); `plugin` renders through the consul-gitops config management plugin (argocd/cmp), which refuses a render with errors at sync time too, but needs its sidecar image in the repo-server.",
  },
  clientTolerations: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        key: { type: 'string', minLength: 1, pattern: LABEL_KEY_PATTERN, description: 'a taint key ([prefix/]name, as a label key)' },
        operator: { enum: ['Exists', 'Equal'] },
        value: {
          type: 'string',
          maxLength: 63,
          pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$',
          description: 'a taint value (a label value: letters, digits, "-", "_" and ".")',
        },
        effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
        tolerationSeconds: { type: 'integer', ...INT64_RANGE },
      },
    },
    description:
      'Tolerations of the client DaemonSet (core/v1 Toleration), so that a client agent runs on tainted nodes too; none by default.',
  },
  externalPrerequisites: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name', 'reason', 'create'],
      properties: {
        kind: { enum: ['Secret', 'ConfigMap', 'ServiceAccount', 'PersistentVolumeClaim', 'Service', 'Role', 'ClusterRole'] },
        name: {
          type: 'string',
          minLength: 1,
          maxLength: 253,
          pattern: DNS_SUBDOMAIN_PATTERN,
          description: 'an object name: a DNS-1123 subdomain',
        },
        reason: {
          type: 'string',
          minLength: 10,
          pattern: ONE_LINE_TEXT,
          description: 'Why it cannot come from this repository (one line).',
        },
        create: { type: 'string', minLength: 1, pattern: ONE_LINE_TEXT, description: 'The exact command that creates it (one line).' },
      },
    },
    description:
      'Objects the render references that nothing here creates; they must exist before the first sync (unresolved-reference accepts them).',
  },
  severity: severityMap,
} as const;

const zoneValue = {
  type: 'string',
  minLength: 1,
  maxLength: 63,
  pattern: LABEL_VALUE_PATTERN,
  description: 'a zone as a label value of topology.kubernetes.io/zone',
} as const;

/**
 * One Argo CD destination cluster, as facts: what `kubectl get storageclass,nodes` shows. Environments on
 * one cluster share one description (`cluster: <name>`, or matched by destination).
 */
const clusterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kubernetesVersion', 'storageClasses', 'nodePools'],
  properties: {
    kubernetesVersion: {
      type: 'string',
      pattern: '^1\\.[0-9]{1,3}$',
      description: "the API server's major.minor version (`kubectl version`), for example 1.33",
    },
    destination: {
      ...destinationSchema(),
      description: 'The Argo CD destination this cluster is: environments without `cluster:` on this destination use this description.',
    },
    storageClasses: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'provisioner', 'zonal'],
        properties: {
          name: {
            type: 'string',
            minLength: 1,
            maxLength: 253,
            pattern: DNS_SUBDOMAIN_PATTERN,
            description: 'the name of a StorageClass: a DNS-1123 subdomain',
          },
          provisioner: {
            type: 'string',
            minLength: 1,
            pattern: PLAIN_NAME,
            description: 'the CSI driver, for example pd.csi.storage.gke.io',
          },
          volumeBindingMode: {
            enum: ['Immediate', 'WaitForFirstConsumer'],
            description: 'When the volume is provisioned: Immediate (the Kubernetes default when omitted) or WaitForFirstConsumer.',
          },
          allowVolumeExpansion: { type: 'boolean', description: 'Whether claims may grow (default false, as in Kubernetes).' },
          zonal: {
            type: 'boolean',
            description: 'true when a volume lives in one zone (a zonal disk), false when replicated over zones (a regional disk).',
          },
        },
      },
      description: 'The StorageClasses of the cluster; every storage.class of an environment on it must be one.',
    },
    nodePools: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'count', 'zones', 'allocatable'],
        properties: {
          name: { type: 'string', minLength: 1, pattern: PLAIN_NAME, description: 'the node pool name on one line' },
          count: {
            type: 'integer',
            minimum: 0,
            maximum: INT32_MAX,
            description: 'Nodes in the pool (the minimum, for an autoscaled pool).',
          },
          zones: {
            type: 'array',
            items: zoneValue,
            uniqueItems: true,
            description: 'Zones its nodes are in; each node carries topology.kubernetes.io/zone with one of them. Empty: no zone label.',
          },
          labels: {
            type: 'object',
            propertyNames: { pattern: LABEL_KEY_PATTERN },
            additionalProperties: { type: 'string', maxLength: 63, pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$' },
            description: 'Labels every node of the pool carries (default none besides the zone).',
          },
          taints: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['key', 'effect'],
              properties: {
                key: { type: 'string', minLength: 1, pattern: LABEL_KEY_PATTERN, description: 'a taint key ([prefix/]name)' },
                value: {
                  type: 'string',
                  maxLength: 63,
                  pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$',
                  description: 'a taint value',
                },
                effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
              },
            },
            description: 'Taints of every node of the pool (default none).',
          },
          allocatable: { ...compute, description: 'Allocatable cpu and memory of one node (`kubectl describe node`, Allocatable).' },
        },
      },
      description: 'The node pools of the cluster.',
    },
    hostPorts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['port', 'owner'],
        properties: {
          port: { type: 'integer', minimum: 1, maximum: 65535 },
          protocol: { enum: ['TCP', 'UDP', 'SCTP'], description: 'TCP by default, as in a container port' },
          owner: {
            type: 'string',
            minLength: 1,
            pattern: ONE_LINE_TEXT,
            description: 'who holds it, for example monitoring/node-exporter',
          },
        },
      },
      description: 'Host ports other DaemonSets already take on every node (default none).',
    },
  },
} as const;

const acceptedRisk = {
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'kind', 'name', 'severity', 'reason'],
  properties: {
    // Membership in the rule catalog is checked by the loader (spec/checks.ts), not listed here:
    // this file would otherwise change with every new rule.
    rule: {
      type: 'string',
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      description: 'a rule id from `consul-gitops rules`, for example image-pinned',
    },
    kind: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$', description: 'a Kubernetes kind of base/, for example StatefulSet' },
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 253,
      pattern: DNS_SUBDOMAIN_PATTERN,
      description: 'The resource name in base/ (a DNS-1123 subdomain), for example consul-server.',
    },
    severity: {
      enum: ['error', 'warning', 'info'],
      description: 'The severity of the finding accepted: a finding of the same rule that is more severe is still reported.',
    },
    match: {
      type: 'string',
      minLength: 3,
      pattern: ONE_LINE_TEXT,
      description: 'Optional: a piece of the finding message, on one line; only findings whose message contains it are accepted.',
    },
    reason: {
      type: 'string',
      minLength: 10,
      pattern: ONE_LINE_TEXT,
      description: 'Why the risk is accepted, on one line: a reviewer reads this in every report.',
    },
  },
  description:
    'A finding accepted for this environment (rule, resource, severity, optionally a message match); generate writes it as the consul-gitops/accepted-risks annotation.',
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
      properties: {
        url: { type: 'string', minLength: 1, pattern: PLAIN_NAME, description: 'a Git repository URL on one line, without "*"' },
        revision: {
          type: 'string',
          minLength: 1,
          pattern: PLAIN_NAME,
          description: 'a Git revision (branch, tag or commit) on one line, without "*"',
        },
      },
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
      properties: perTier({ type: 'object', additionalProperties: false, properties: { severity: severityMap } } as const),
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
            pattern: ONE_LINE_TEXT,
            description: 'Why this environment shares its Consul datacenter name with another environment (each has its own otherwise).',
          },
          acceptedRisks: { type: 'array', items: acceptedRisk, description: 'Findings accepted for this environment, each with a reason.' },
        },
      },
      description: 'One entry per environment; the key is the environment name (a DNS label), used for overlays/<name>.',
    },
    clusters: {
      type: 'object',
      propertyNames: { pattern: DNS_LABEL_PATTERN, maxLength: 63 },
      additionalProperties: clusterSchema,
      description:
        'The Argo CD destination clusters, keyed by a name: Kubernetes version, StorageClasses, node pools and host ports taken, as facts the cluster rules check the render against (default none).',
    },
    removedEnvironments: {
      type: 'object',
      propertyNames: { pattern: DNS_LABEL_PATTERN, maxLength: 40 },
      additionalProperties: { type: 'string', minLength: 10, pattern: '\\S' },
      description:
        'Environments removed on purpose, each with the reason: accepts the environment-removal finding of `diff` (Argo CD then deletes the datacenter; its claims stay). Remove the entry in a later change.',
    },
    remoteBases: {
      type: 'array',
      uniqueItems: true,
      items: {
        type: 'string',
        pattern: '^(https|ssh)://[^\\s*@/]+/[^\\s*@]+/$|^git@[^\\s*@/:]+:[^\\s*@]+/$|^github\\.com/[^\\s*@]+/$',
        description:
          'a URL prefix that ends with "/" after a host and path, without credentials, for example https://github.com/example-org/',
      },
      description:
        'URL prefixes kustomize may fetch remote bases from (resources, components, generators); every other remote reference is refused before kustomize runs. Default: none.',
    },
  },
} as const;
