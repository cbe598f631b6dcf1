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

  it('accepts an even server count while quorum-even-servers is accepted (the transitional step of a scale-down)', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(join(FIXTURES, 'even-servers-production.yaml'), 'utf8');
    const accepted = text.replace(/acceptedRisks:\n/, 'acceptedRisks:\n      - { rule: quorum-even-servers, kind: StatefulSet, name: consul-server, reason: step 5 -> 4 -> 3 of a scale-down }\n');
    expect(accepted).not.toBe(text);
    expect(parseSpec(accepted).environments.find((env) => env.name === 'prod')?.servers).toBe(4);
  });

  it('reads removedEnvironments, and refuses an entry for an environment still declared', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(join(FIXTURES, 'valid.yaml'), 'utf8');
    expect(parseSpec(`${text}\nremovedEnvironments:\n  legacy: "moved to the new platform"\n`).removedEnvironments).toEqual({ legacy: 'moved to the new platform' });
    expect(() => parseSpec(`${text}\nremovedEnvironments:\n  dev: "moved to the new platform"\n`)).toThrow(/removedEnvironments\.dev: "dev" is still under environments: remove it there, or drop this entry/);
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
    prod?.acceptedRisks?.push({ rule: 'pdb-max-unavailable', kind: 'PodDisruptionBudget', name: 'consul-srv', reason: 'a typo in the name' });
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
      - { rule: image-pinned, kind: StatefulSet, name: consul-server, reason: first time it is accepted }
      - { rule: image-pinned, kind: StatefulSet, name: consul-server, reason: accepted again by mistake }
`;
    expect(() => parseSpec(text)).toThrow(/environments\.yaml:18: environments\.dev\.acceptedRisks\.1: accepts image-pinned on StatefulSet\/consul-server again \(first at acceptedRisks\.0\)/);
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
