/** The spec checks the JSON Schema cannot express, each with its exact problem: path, message and where locate puts it. */
import { describe, expect, it } from 'vitest';
import { checkDefaults, checkEnvironment, checkSeverityKeys, type MergedEnvironment } from '../../tools/src/environments/checks.js';
import { COMPLETE_ENVIRONMENT } from '../helpers/environment-entry.js';

const located: (readonly (string | number)[])[] = [];
const locate = (path: readonly (string | number)[]) => {
  located.push(path);
  return { line: path.length };
};
const FULL = COMPLETE_ENVIRONMENT as unknown as MergedEnvironment;
const check = (overrides: object) => checkEnvironment({ ...FULL, ...overrides }, locate);
const messages = (overrides: object) => check(overrides).map((problem) => `${problem.path}: ${problem.message}`);
const ODD = 'must be an odd number >= 3 for tier production';
const EVEN_NEEDS = ' (a transitional even count needs quorum-even-servers in acceptedRisks)';
const EVEN_RISK = { rule: 'quorum-even-servers', kind: 'StatefulSet', name: 'consul-server', severity: 'error', reason: 'scale-down step' };

describe('checkDefaults', () => {
  it('both images are required under defaults, each at its own path', () => {
    const image = 'required: base/ pins this image; set it under defaults (an environment may override it)';
    expect(checkDefaults({}, locate)).toEqual([
      { path: 'defaults.images.consul', message: image, line: 3 },
      { path: 'defaults.images.controlPlane', message: image, line: 3 },
    ]);
    expect(checkDefaults({ images: { consul: 'x' } }, locate).map((problem) => problem.path)).toEqual(['defaults.images.controlPlane']);
  });
});

describe('checkEnvironment', () => {
  it('a complete production environment has no problem', () => {
    expect(check({})).toEqual([]);
  });

  it('every key the defaults may fill is required after the merge, at its own path', () => {
    const problems = checkEnvironment({ name: 'dev', tier: 'development', servers: 1 }, locate);
    expect(problems.map((problem) => problem.path)).toEqual([
      ...[
        'namespace',
        'storage.class',
        'storage.size',
        'zones',
        'minNodes',
        'images.consul',
        'images.controlPlane',
        'security.tls',
        'security.acls',
        'security.gossip',
        'resources.server',
        'resources.client',
        'resources.syncCatalog',
        'destination',
      ].map((key) => `environments.dev.${key}`),
    ]);
    expect(problems[1]).toEqual({ path: 'environments.dev.storage.class', message: 'required: set it here or under defaults', line: 2 });
  });

  it('a kube- namespace, no server, no zone, both destinations, TLS and ACLs off in production', () => {
    expect(
      messages({
        namespace: 'kube-x',
        servers: 0,
        zones: [],
        destination: { server: 'https://x', name: 'y' },
        security: { tls: false, acls: false, gossip: true },
      }),
    ).toEqual([
      `environments.prod.namespace: "kube-x" is reserved for Kubernetes itself (kube-system, kube-public, kube-node-lease, and any kube- prefix): use a namespace of Consul's own, such as consul-prod`,
      'environments.prod.servers: must be at least 1: a Consul datacenter needs a server',
      'environments.prod.zones: must list at least one zone',
      'environments.prod.destination: set exactly one of destination.server (API URL) or destination.name (Argo CD cluster name)',
      'environments.prod.security.tls: must be true for tier production: client agents listen on host ports reachable from every node',
      'environments.prod.security.acls: must be true for tier production: client agents listen on host ports reachable from every node',
    ]);
  });

  it('server counts by tier: production needs an odd 3 or more; development an odd count; an even count while accepted', () => {
    expect(messages({ servers: 4 })).toEqual([`environments.prod.servers: ${ODD}${EVEN_NEEDS}`]);
    expect(messages({ servers: 1 })).toEqual([`environments.prod.servers: ${ODD}`]);
    expect(messages({ servers: 2, acceptedRisks: [EVEN_RISK] })).toEqual([`environments.prod.servers: ${ODD}${EVEN_NEEDS}`]);
    expect(messages({ servers: 4, acceptedRisks: [EVEN_RISK] })).toEqual([]);
    expect(messages({ servers: 5 })).toEqual([]);
    const evenDev = `environments.prod.servers: must be odd: an even count adds no fault tolerance over one server fewer${EVEN_NEEDS}`;
    expect(messages({ tier: 'development', servers: 2 })).toEqual([evenDev]);
    expect(messages({ tier: 'development', servers: 1 })).toEqual([]);
    expect(messages({ tier: 'development', servers: 2, acceptedRisks: [EVEN_RISK] })).toEqual([]);
    expect(messages({ tier: 'staging', servers: 1 })).toEqual(['environments.prod.servers: must be an odd number >= 3 for tier staging']);
  });

  it('development may turn TLS, ACLs and gossip encryption off; no destination is a problem', () => {
    expect(messages({ tier: 'development', security: { tls: false, acls: false, gossip: false }, destination: undefined })).toEqual([
      'environments.prod.destination: set exactly one of destination.server (API URL) or destination.name (Argo CD cluster name)',
    ]);
    expect(messages({ tier: 'staging', security: { tls: true, acls: true, gossip: false } })).toEqual([
      'environments.prod.security.gossip: must be true for tier staging: client agents listen on host ports reachable from every node',
    ]);
    expect(messages({ destination: { server: 'https://x' } })).toEqual([]);
  });

  it('accepted risks: suppression and unknown rules refused, the same risk twice named with its first', () => {
    located.length = 0;
    const risk = { rule: 'image-pinned', kind: 'K', name: 'n', severity: 'error', match: 'm' };
    const problems = check({
      acceptedRisks: [
        { rule: 'suppression', kind: 'K', name: 'n', severity: 'error' },
        { rule: 'nope', kind: 'K', name: 'n', severity: 'error' },
        risk,
        risk,
        { ...risk, match: undefined },
        { ...risk, severity: 'warning' },
        { ...risk, match: 'another' },
      ],
    });
    expect(problems.map((problem) => problem.path)).toEqual([
      'environments.prod.acceptedRisks.0.rule',
      'environments.prod.acceptedRisks.1.rule',
      'environments.prod.acceptedRisks.3',
    ]);
    expect(problems[0]?.message).toMatch(/^unknown rule "suppression" \(a suppression cannot be accepted\): use one of kustomize-build, /);
    expect(problems[0]?.message).not.toMatch(/[ ,]suppression,/);
    expect(problems[1]?.message).toMatch(/^unknown rule "nope": use one of kustomize-build, kustomize-boundary, /);
    expect(problems[2]?.message).toBe('accepts image-pinned (error) on K/n again (first at acceptedRisks.2): keep one entry');
    // list indexes are located as numbers
    expect(located).toContainEqual(['acceptedRisks', 0, 'rule']);
    expect(located).toContainEqual(['acceptedRisks', 3]);
  });
});

describe('checkSeverityKeys', () => {
  it('an unknown rule id, with the nearest known one when there is one', () => {
    expect(checkSeverityKeys({ 'image-pined': 'off', zzzzzzzz: 'off', 'image-pinned': 'off' }, ['defaults', 'severity'], locate)).toEqual([
      {
        path: 'defaults.severity.image-pined',
        message:
          'unknown rule "image-pined": did you mean "image-pinned"? (an override of a rule that does not exist changes nothing; `consul-gitops rules` lists the ids)',
        suggestion: 'image-pinned',
        line: 3,
      },
      {
        path: 'defaults.severity.zzzzzzzz',
        message:
          'unknown rule "zzzzzzzz": check its spelling (an override of a rule that does not exist changes nothing; `consul-gitops rules` lists the ids)',
        line: 3,
      },
    ]);
  });

  it('a value that is no map has no keys to check', () => {
    expect(checkSeverityKeys(['image-pined'], ['a'], locate)).toEqual([]);
    expect(checkSeverityKeys(undefined, ['a'], locate)).toEqual([]);
  });
});
