/** The spec mistakes every entry point must report the same way: fixture name, first problem line. */
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/repo.js';

export const FIXTURES = join(REPO_ROOT, 'tests/fixtures/spec');

/** fixture, then the first problem line exactly as the CLI prints it. */
export const SPEC_ERRORS: [string, string][] = [
  [
    'even-servers-production',
    'environments.yaml:27: environments.prod.servers: must be an odd number >= 3 for tier production (a transitional even count needs quorum-even-servers in acceptedRisks)',
  ],
  ['zero-servers', 'environments.yaml:23: environments.dev.servers: must be at least 1: a Consul datacenter needs a server'],
  ['unknown-tier', 'environments.yaml:25: environments.prod.tier: unknown value "prod": use one of development, staging, production'],
  ['missing-storage-class', 'environments.yaml:21: environments.dev.storage.class: required: set it here or under defaults'],
  [
    'duplicate-environment',
    'environments.yaml:28: environments.prod: duplicate environment name: each environment appears once (YAML would keep only one of them)',
  ],
  [
    'namespace-not-dns-label',
    'environments.yaml:26: environments.prod.namespace: "Consul_Prod" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
  ],
  [
    'image-without-tag',
    'environments.yaml:28: environments.prod.images.consul: "hashicorp/consul" is not an image reference of the form repository:tag, optionally followed by @sha256:<64 hex digits> (for example hashicorp/consul:1.20.2)',
  ],
  [
    'image-bad-digest',
    'environments.yaml:6: defaults.images.consul: "hashicorp/consul:1.20.2@sha256:abc" is not an image reference of the form repository:tag, optionally followed by @sha256:<64 hex digits> (for example hashicorp/consul:1.20.2)',
  ],
  [
    'defaults-without-images',
    'environments.yaml:6: defaults.images.consul: required: base/ pins this image; set it under defaults (an environment may override it)',
  ],
  [
    'storage-class-not-dns',
    'environments.yaml:24: environments.dev.storage.class: "Premium_SSD" is not the name of a StorageClass: a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)',
  ],
  [
    'servers-out-of-range',
    'environments.yaml:23: environments.dev.servers: 4294967297 is out of range: must be at most 2147483647 (Kubernetes stores it as an int32)',
  ],
  [
    'servers-infinite',
    'environments.yaml:23: environments.dev.servers: Infinity (.inf or .nan in YAML) is not a number Kubernetes can store: write a finite number',
  ],
  [
    'severity-unknown-rule',
    'environments.yaml:22: tiers.production.severity.quorum-min-server: unknown rule "quorum-min-server": did you mean "quorum-min-servers"? (an override of a rule that does not exist changes nothing; `consul-gitops rules` lists the ids)',
  ],
  [
    'severity-unknown-rule-environment',
    'environments.yaml:30: environments.prod.severity.no-such-check: unknown rule "no-such-check": check its spelling (an override of a rule that does not exist changes nothing; `consul-gitops rules` lists the ids)',
  ],
  [
    'accepted-risk-unknown-rule',
    'environments.yaml:30: environments.prod.acceptedRisks.0.rule: unknown rule "image-pined": use one of kustomize-build,',
  ],
];
