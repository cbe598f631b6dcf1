import { readFileSync } from 'node:fs';
/** environments.yaml checks: one fixture per mistake, each with its path-named message and line. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../tools/src/model/errors.js';
import { loadSpec, parseSpec } from '../../tools/src/spec/load.js';
import { generate } from '../../tools/src/generate/index.js';
import { FIXTURES, SPEC_ERRORS } from './spec-errors.js';

async function problemOf(fixture: string): Promise<SpecError> {
  const error = await loadSpec(join(FIXTURES, `${fixture}.yaml`), 'environments.yaml').then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SpecError);
  return error as SpecError;
}

describe('loadSpec', () => {
  it('accepts the valid fixture, sorting environments and merging defaults', async () => {
    const spec = await loadSpec(join(FIXTURES, 'valid.yaml'));
    expect(spec.environments.map((env) => env.name)).toEqual(['dev', 'prod']);
    expect(spec.environments[1]).toMatchObject({ storage: { class: 'standard', size: '10Gi' }, minNodes: 5, acceptedRisks: [{ rule: 'image-pinned' }] });
  });

  it.each(SPEC_ERRORS)('%s: a path-named message with its line', async (fixture, expected) => {
    const error = await problemOf(fixture);
    expect(error.shortMessage.startsWith(expected), error.message).toBe(true);
  });

  it.each([
    ['a registry with a port', 'registry.example.org:5000/team/consul:1.20.2'],
    ['a digest', `hashicorp/consul:1.20.2@sha256:${'a'.repeat(64)}`],
  ])('accepts an image with %s', (_name, image) => {
    const text = `repository: { url: x }\ndefaults: { images: { consul: "${image}", controlPlane: "hashicorp/consul-k8s-control-plane:1.6.2" } }\nenvironments: {}\n`;
    const error = (() => {
      try {
        parseSpec(text);
        return undefined;
      } catch (thrown) {
        return thrown as SpecError;
      }
    })();
    // only the (deliberately) empty environments map may be reported
    expect(error?.problems.map((problem) => problem.path)).toEqual(['environments']);
  });

  it('gives a YAML syntax error its line (from the LineCounter)', () => {
    const text = 'repository:\n  url: x\nenvironments:\n  dev:\n    tier: [development\n';
    expect(() => parseSpec(text)).toThrow(/^environments\.yaml:6: \(yaml\): /);
  });

  it('names any other duplicated key by its path and line', () => {
    const text = 'repository:\n  url: x\n  url: y\nenvironments: {}\n';
    expect(() => parseSpec(text)).toThrow(/^environments\.yaml:3: repository\.url: duplicate key: each key may appear once in a mapping$/);
  });

  it('reports a default image missing once, under defaults, not again per environment', async () => {
    const error = await problemOf('defaults-without-images');
    expect(error.problems.map((problem) => problem.path)).toEqual(['defaults.images.consul', 'defaults.images.controlPlane']);
  });

  it('reports every problem of a file, not only the first', async () => {
    const error = await problemOf('missing-storage-class');
    expect(error.problems.map((problem) => problem.path)).toEqual(['environments.dev.storage.class', 'environments.prod.storage.class']);
  });
});

describe('acceptedRisks', () => {
  it('names a base/ resource: an unknown one stops generate with a path-named spec error', async () => {
    const spec = await loadSpec(join(FIXTURES, 'valid.yaml'));
    const prod = spec.environments.find((env) => env.name === 'prod');
    prod?.acceptedRisks?.push({ rule: 'pdb-max-unavailable', kind: 'PodDisruptionBudget', name: 'consul-srv', severity: 'warning', reason: 'a typo in the name' });
    expect(() => generate(spec)).toThrow(/environments\.prod\.acceptedRisks\.1: base\/ has no PodDisruptionBudget named "consul-srv": use one of .*PodDisruptionBudget\/consul-server/);
  });

  it('rejects the same risk twice', () => {
    const text = `repository: { url: x }
defaults:
  images: { consul: "hashicorp/consul:1.20.2", controlPlane: "hashicorp/consul-k8s-control-plane:1.6.2" }
  storage: { class: standard, size: 1Gi }
  resources: { server: {}, client: {}, syncCatalog: {} }
  security: { tls: false, acls: false, gossip: false }
  zones: [a]
  minNodes: 1
  # each environment is its own datacenter
  destination: { server: https://kubernetes.default.svc }
environments:
  dev:
    tier: development
    namespace: consul-dev
    servers: 1
    acceptedRisks:
      - { rule: image-pinned, kind: StatefulSet, name: consul-server, severity: warning, reason: first time it is accepted }
      - { rule: image-pinned, kind: StatefulSet, name: consul-server, severity: warning, reason: accepted again by mistake }
      - { rule: image-pinned, kind: StatefulSet, name: consul-server, severity: error, reason: an error is another risk }
`;
    expect(() => parseSpec(text)).toThrow(/environments\.yaml:18: environments\.dev\.acceptedRisks\.1: accepts image-pinned \(warning\) on StatefulSet\/consul-server again \(first at acceptedRisks\.0\)/);
    expect(() => parseSpec(text)).not.toThrow(/acceptedRisks\.2/);
  });

  it('requires the severity accepted, and names the allowed ones', () => {
    const text = readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8').replace('        severity: warning\n', '');
    expect(() => parseSpec(text)).toThrow(/environments\.prod\.acceptedRisks\.0\.severity: required/);
    const wrong = readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8').replace('        severity: warning\n', '        severity: fatal\n');
    expect(() => parseSpec(wrong)).toThrow(/environments\.prod\.acceptedRisks\.0\.severity: unknown value "fatal": use one of error, warning, info/);
  });
});

describe('datacenter names', () => {
  const spec = (environments: string) => `repository: { url: x }
defaults:
  images: { consul: "hashicorp/consul:1.22.7", controlPlane: "hashicorp/consul-k8s-control-plane:1.9.11" }
  storage: { class: standard, size: 1Gi }
  resources: { server: {}, client: {}, syncCatalog: {} }
  security: { tls: false, acls: false, gossip: false }
  zones: [a]
  minNodes: 1
  destination: { server: https://kubernetes.default.svc }
environments:
${environments}`;

  it('default to the environment name', () => {
    const loaded = parseSpec(spec('  dev: { tier: development, namespace: consul-dev, servers: 1 }\n  qa: { tier: development, namespace: consul-qa, servers: 1 }\n'));
    expect(loaded.environments.map((env) => env.datacenter)).toEqual(['dev', 'qa']);
  });

  it('may not be shared without a reason, reported on each environment that shares it', () => {
    const text = spec('  dev: { tier: development, namespace: consul-dev, servers: 1, datacenter: dc1 }\n  qa: { tier: development, namespace: consul-qa, servers: 1, datacenter: dc1 }\n');
    expect(() => parseSpec(text)).toThrow(/environments\.dev\.datacenter: "dc1" is also the datacenter of "qa": give each environment its own datacenter name, or state why they share it in datacenterShared/);
    expect(() => parseSpec(text)).toThrow(/environments\.qa\.datacenter: "dc1" is also the datacenter of "dev"/);
  });

  it('may be shared with a stated reason on each sharer', () => {
    const reason = 'datacenterShared: one datacenter split over two namespaces during a migration';
    const loaded = parseSpec(spec(`  dev: { tier: development, namespace: consul-dev, servers: 1, datacenter: dc1, ${reason} }\n  qa: { tier: development, namespace: consul-qa, servers: 1, datacenter: dc1, ${reason} }\n`));
    expect(loaded.environments.map((env) => env.datacenter)).toEqual(['dc1', 'dc1']);
  });
});

describe('one mistake, one problem', () => {
  it('a misspelt required key is one problem with a suggestion, not also "required"', () => {
    const text = readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8').replace(/\n    servers: 5\n/, '\n    server: 5\n');
    let error: SpecError | undefined;
    try {
      parseSpec(text);
    } catch (caught) {
      error = caught as SpecError;
    }
    expect(error?.problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual(['environments.prod.server: unknown key: did you mean "servers"? (the spec is strict)']);
  });

  it('an unknown key with no near neighbour lists the known keys instead', () => {
    const text = readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8').replace('  storage: {', '  xyzzy: 1\n  storage: {');
    expect(() => parseSpec(text)).toThrow(/defaults\.xyzzy: unknown key: remove it or check its spelling \(the spec is strict; known here: .*storage/);
  });
});

describe('destination', () => {
  it('an environment destination.name replaces an inherited destination.server (they are alternatives)', () => {
    const text = readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8').replace(/(\n  prod:\n)/, '$1    destination: { name: edge-cluster }\n');
    const spec = parseSpec(text);
    expect(spec.environments.find((env) => env.name === 'prod')?.destination).toEqual({ name: 'edge-cluster' });
    expect(spec.environments.find((env) => env.name === 'dev')?.destination).toEqual({ server: 'https://kubernetes.default.svc' });
    const application = generate(spec).get('argocd/applications/prod.yaml') ?? '';
    expect(application).toMatch(/destination:\n\s+name: edge-cluster\n\s+namespace: consul-prod\n/);
    expect(application).not.toMatch(/server:/);
  });
});
