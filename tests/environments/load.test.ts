import { readFileSync } from 'node:fs';
/** environments.yaml checks: one fixture per mistake, each with its path-named message and line. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError, SpecFileMissingError } from '../../tools/src/model/errors.js';
import { loadSpecFindings } from '../../tools/src/pipeline/spec.js';
import { loadSpec, parseSpec } from '../../tools/src/environments/load.js';
import { mergeDefaults } from '../../tools/src/environments/defaults.js';
import { specJsonSchema } from '../../tools/src/environments/schema.js';
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
    expect(spec.environments[1]).toMatchObject({
      storage: { class: 'standard', size: '10Gi' },
      minNodes: 5,
      acceptedRisks: [{ rule: 'image-pinned' }],
    });
  });

  it('a missing spec file is a SpecFileMissingError (a typed state, not a message to match); an unreadable one is a plain SpecError', async () => {
    const missing = await problemOf('no-such-fixture');
    expect(missing).toBeInstanceOf(SpecFileMissingError);
    expect(missing.shortMessage).toBe('environments.yaml: (file): not found: create it (see docs/guide.md, "Adding an environment")');
    expect(await loadSpecFindings(join(FIXTURES, 'no-such-folder'))).toEqual({ findings: [] });
    const unreadable = (await loadSpec(FIXTURES).catch((thrown: unknown) => thrown)) as SpecError;
    expect(unreadable).toBeInstanceOf(SpecError);
    expect(unreadable).not.toBeInstanceOf(SpecFileMissingError);
    expect(unreadable.shortMessage).toMatch(/^environments\.yaml: \(file\): cannot be read \(EISDIR\)$/);
  });

  it.each(SPEC_ERRORS)('%s: a path-named message with its line', async (fixture, expected) => {
    const error = await problemOf(fixture);
    expect(error.shortMessage.startsWith(expected), error.message).toBe(true);
  });

  it('accepts an even server count while quorum-even-servers is accepted (the transitional step of a scale-down)', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(join(FIXTURES, 'even-servers-production.yaml'), 'utf8');
    const accepted = text.replace(
      /acceptedRisks:\n/,
      'acceptedRisks:\n      - { rule: quorum-even-servers, kind: StatefulSet, name: consul-server, severity: error, reason: step 5 -> 4 -> 3 of a scale-down }\n',
    );
    expect(accepted).not.toBe(text);
    expect(parseSpec(accepted).environments.find((env) => env.name === 'prod')?.servers).toBe(4);
  });

  it('reads removedEnvironments, and refuses an entry for an environment still declared', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(join(FIXTURES, 'valid.yaml'), 'utf8');
    expect(parseSpec(`${text}\nremovedEnvironments:\n  legacy: "moved to the new platform"\n`).removedEnvironments).toEqual({
      legacy: 'moved to the new platform',
    });
    expect(() => parseSpec(`${text}\nremovedEnvironments:\n  dev: "moved to the new platform"\n`)).toThrow(
      /removedEnvironments\.dev: "dev" is still under environments: remove it there, or drop this entry/,
    );
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
    // right after a block mapping or list, whose range ends where the key starts (it read as "(yaml)")
    const after = 'repository:\n  url: x\nenvironments:\n  dev:\n    zones:\n      - a\nenvironments: {}\n';
    expect(() => parseSpec(after)).toThrow(/^environments\.yaml:7: environments: duplicate key: each key may appear once in a mapping$/);
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
    prod?.acceptedRisks?.push({
      rule: 'pdb-max-unavailable',
      kind: 'PodDisruptionBudget',
      name: 'consul-srv',
      severity: 'warning',
      reason: 'a typo in the name',
    });
    expect(() => generate(spec)).toThrow(
      /environments\.prod\.acceptedRisks\.1: base\/ has no PodDisruptionBudget named "consul-srv": use one of .*PodDisruptionBudget\/consul-server/,
    );
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
    expect(() => parseSpec(text)).toThrow(
      /environments\.yaml:18: environments\.dev\.acceptedRisks\.1: accepts image-pinned \(warning\) on StatefulSet\/consul-server again \(first at acceptedRisks\.0\)/,
    );
    expect(() => parseSpec(text)).not.toThrow(/acceptedRisks\.2/);
  });

  it('requires the severity accepted, and names the allowed ones', () => {
    const text = readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8').replace('        severity: warning\n', '');
    expect(() => parseSpec(text)).toThrow(/environments\.prod\.acceptedRisks\.0\.severity: required/);
    const wrong = readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8').replace('        severity: warning\n', '        severity: fatal\n');
    expect(() => parseSpec(wrong)).toThrow(
      /environments\.prod\.acceptedRisks\.0\.severity: unknown value "fatal": use one of error, warning, info/,
    );
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
    const loaded = parseSpec(
      spec(
        '  dev: { tier: development, namespace: consul-dev, servers: 1 }\n  qa: { tier: development, namespace: consul-qa, servers: 1 }\n',
      ),
    );
    expect(loaded.environments.map((env) => env.datacenter)).toEqual(['dev', 'qa']);
  });

  it('may not be shared without a reason, reported on each environment that shares it', () => {
    const text = spec(
      '  dev: { tier: development, namespace: consul-dev, servers: 1, datacenter: dc1 }\n  qa: { tier: development, namespace: consul-qa, servers: 1, datacenter: dc1 }\n',
    );
    expect(() => parseSpec(text)).toThrow(
      /environments\.dev\.datacenter: "dc1" is also the datacenter of "qa": give each environment its own datacenter name, or state why they share it in datacenterShared/,
    );
    expect(() => parseSpec(text)).toThrow(/environments\.qa\.datacenter: "dc1" is also the datacenter of "dev"/);
  });

  it('may be shared with a stated reason on each sharer', () => {
    const reason = 'datacenterShared: one datacenter split over two namespaces during a migration';
    const loaded = parseSpec(
      spec(
        `  dev: { tier: development, namespace: consul-dev, servers: 1, datacenter: dc1, ${reason} }\n  qa: { tier: development, namespace: consul-qa, servers: 1, datacenter: dc1, ${reason} }\n`,
      ),
    );
    expect(loaded.environments.map((env) => env.datacenter)).toEqual(['dc1', 'dc1']);
  });
});

describe('one mistake, one problem', () => {
  it('a misspelt required key is one problem with a suggestion, not also "required"', () => {
    const text = readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8').replace(/\n {4}servers: 5\n/, '\n    server: 5\n');
    let error: SpecError | undefined;
    try {
      parseSpec(text);
    } catch (caught) {
      error = caught as SpecError;
    }
    expect(error?.problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      'environments.prod.server: unknown key: did you mean "servers"? (the spec is strict)',
    ]);
  });

  it('an unknown key with no near neighbour lists the known keys instead', () => {
    const text = readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8').replace('  storage: {', '  xyzzy: 1\n  storage: {');
    expect(() => parseSpec(text)).toThrow(
      /defaults\.xyzzy: unknown key: remove it or check its spelling \(the spec is strict; known here: .*storage/,
    );
  });
});

describe('destination', () => {
  it('an environment destination.name replaces an inherited destination.server (they are alternatives)', () => {
    const text = readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8').replace(
      /(\n {2}prod:\n)/,
      '$1    destination: { name: edge-cluster }\n',
    );
    const spec = parseSpec(text);
    expect(spec.environments.find((env) => env.name === 'prod')?.destination).toEqual({ name: 'edge-cluster' });
    expect(spec.environments.find((env) => env.name === 'dev')?.destination).toEqual({ server: 'https://kubernetes.default.svc' });
    const application = generate(spec).get('argocd/applications/prod.yaml') ?? '';
    expect(application).toMatch(/destination:\n\s+name: edge-cluster\n\s+namespace: consul-prod\n/);
    expect(application).not.toMatch(/server:/);
  });
});

/**
 * Values for one schema node under defaults and under an environment, and what the merge must give:
 * objects merge key by key at every depth (a key set on one side only is kept, one set on both takes
 * the environment's), everything else (strings, numbers, lists) is replaced, and `destination` is
 * replaced whole. Built from the schema, so an object key added to it without a merge fails here.
 */
function mergeCase(schema: object, path: string): { base: unknown; override: unknown; expected: unknown } {
  const node = schema as { type?: string; properties?: Record<string, object>; additionalProperties?: unknown };
  if (path === 'destination') return { base: { server: 'b' }, override: { name: 'o' }, expected: { name: 'o' } };
  if (node.type === 'object' && typeof node.additionalProperties === 'object')
    return { base: { x: 'b', z: 'b' }, override: { y: 'o', z: 'o' }, expected: { x: 'b', y: 'o', z: 'o' } };
  if (node.type !== 'object' || !node.properties) return { base: `${path}:b`, override: `${path}:o`, expected: `${path}:o` };
  const base: Record<string, unknown> = {};
  const override: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  Object.entries(node.properties).forEach(([key, child], index) => {
    const inner = mergeCase(child, path ? `${path}.${key}` : key);
    const objectValued = typeof inner.expected === 'object';
    if (objectValued || index % 3 === 2) [base[key], override[key], expected[key]] = [inner.base, inner.override, inner.expected];
    else if (index % 3 === 0) [base[key], expected[key]] = [inner.base, inner.base];
    else [override[key], expected[key]] = [inner.override, inner.override];
  });
  return { base, override, expected };
}

describe('defaults merged into an environment', () => {
  it('merges every object of the schema key by key at every depth, replaces everything else, and destination whole', () => {
    const { base, override, expected } = mergeCase(specJsonSchema.properties.defaults, '');
    const merged = mergeDefaults(base as never, override as never);
    expect(merged).toEqual(expected);
    // the walk reached the deepest objects: a request cpu from defaults beside a memory from the environment
    expect(merged.resources?.server?.requests).toEqual({
      cpu: 'resources.server.requests.cpu:b',
      memory: 'resources.server.requests.memory:o',
    });
    expect(merged.severity).toEqual({ x: 'b', y: 'o', z: 'o' });
  });

  it('keeps a side that the other does not set', () => {
    const defaults = { storage: { size: '10Gi' }, images: { consul: 'hashicorp/consul:1.22.7' } };
    expect(mergeDefaults(defaults, { tier: 'development', servers: 1 })).toMatchObject(defaults);
    expect(mergeDefaults({}, { tier: 'development', servers: 1, ...defaults })).toMatchObject(defaults);
  });
});

describe('hostile values in the spec', () => {
  const spec = (environment: string, repository = 'url: https://github.com/example-org/consul-gitops.git') => `repository: { ${repository} }
defaults:
  images: { consul: "hashicorp/consul:1.22.7", controlPlane: "hashicorp/consul-k8s-control-plane:1.9.11" }
  storage: { class: standard, size: 1Gi }
  resources: { server: {}, client: {}, syncCatalog: {} }
  security: { tls: false, acls: false, gossip: false }
  zones: [zone-a]
  minNodes: 1
  destination: { server: https://kubernetes.default.svc }
environments:
  dev:
    tier: development
    namespace: consul-dev
    servers: 1
${environment}`;
  const problemsOf = (text: string): string[] => {
    try {
      parseSpec(text);
      return [];
    } catch (error) {
      return (error as SpecError).shortMessage.split('\n');
    }
  };

  it.each([
    [
      '.nan servers',
      '    minNodes: .nan\n',
      /^environments\.yaml:15: environments\.dev\.minNodes: NaN \(\.inf or \.nan in YAML\) is not a number Kubernetes can store/,
    ],
    [
      '-.inf toleration seconds',
      '    clientTolerations: [{ key: a, operator: Exists, tolerationSeconds: -.inf }]\n',
      /^environments\.yaml:15: environments\.dev\.clientTolerations\.0\.tolerationSeconds: -Infinity/,
    ],
    [
      'minNodes past int32',
      '    minNodes: 2147483648\n',
      /^environments\.yaml:15: environments\.dev\.minNodes: 2147483648 is out of range: must be at most 2147483647/,
    ],
    [
      'a storage class with a newline',
      '    storage: { class: "ssd\\nevil: true" }\n',
      /^environments\.yaml:15: environments\.dev\.storage\.class: "ssd\\nevil: true" is not the name of a StorageClass/,
    ],
    [
      'a storage class with "*"',
      '    storage: { class: "*" }\n',
      /environments\.dev\.storage\.class: "\*" is not the name of a StorageClass/,
    ],
    [
      'a zone with a newline',
      '    zones: ["zone-a\\nzone-b"]\n',
      /^environments\.yaml:15: environments\.dev\.zones\.0: "zone-a\\nzone-b" is not a zone as a label value of topology\.kubernetes\.io\/zone/,
    ],
    ['a zone "*"', '    zones: ["*"]\n', /environments\.dev\.zones\.0: "\*" is not a zone as a label value/],
    [
      'a destination that is not a URL',
      '    destination: { server: "https://" }\n',
      /environments\.dev\.destination\.server: "https:\/\/" is not an https:\/\/ cluster API URL/,
    ],
    [
      'a destination with credentials',
      '    destination: { server: "https://admin:hunter2@k8s.example.org" }\n',
      /environments\.dev\.destination\.server: .* is not an https:\/\/ cluster API URL \(https:\/\/host\[:port\]\[\/path\], without credentials/,
    ],
    [
      'a destination with a newline',
      '    destination: { server: "https://k8s.example.org\\n" }\n',
      /environments\.dev\.destination\.server: .* is not an https:\/\/ cluster API URL/,
    ],
    [
      'a destination name "*"',
      '    destination: { name: "*" }\n',
      /environments\.dev\.destination\.name: "\*" is not an Argo CD cluster name on one line, without "\*"/,
    ],
    [
      'kube-system',
      '    namespace: kube-system\n',
      /^environments\.yaml:13: environments\.dev\.namespace: "kube-system" is reserved for Kubernetes itself .*use a namespace of Consul's own, such as consul-dev/,
    ],
    ['kube-public', '    namespace: kube-public\n', /environments\.dev\.namespace: "kube-public" is reserved for Kubernetes itself/],
    [
      'kube-node-lease',
      '    namespace: kube-node-lease\n',
      /environments\.dev\.namespace: "kube-node-lease" is reserved for Kubernetes itself/,
    ],
    [
      'a toleration key with a space',
      '    clientTolerations: [{ key: "a b", operator: Exists }]\n',
      /environments\.dev\.clientTolerations\.0\.key: "a b" is not a taint key/,
    ],
  ])('%s: a finding at its path and line', (_name, environment, message) => {
    // A namespace replaces the environment's own (a second one would be a duplicate key).
    const text = environment.startsWith('    namespace:')
      ? spec('').replace('    namespace: consul-dev\n', environment)
      : spec(environment);
    expect(problemsOf(text).join('\n')).toMatch(message);
  });

  it('a repository URL or revision with a newline or "*" is refused', () => {
    expect(problemsOf(spec('', 'url: "https://example.org/x.git\\nrevision: evil"')).join('\n')).toMatch(
      /^environments\.yaml:1: repository\.url: .* is not a Git repository URL on one line, without "\*"/,
    );
    expect(problemsOf(spec('', 'url: x, revision: "*"')).join('\n')).toMatch(/repository\.revision: "\*" is not a Git revision/);
  });

  it('the namespace "default" is accepted: an ordinary namespace, though not a recommended one', () => {
    expect(problemsOf(spec('').replace('namespace: consul-dev', 'namespace: default'))).toEqual([]);
  });

  it('accepts the ordinary values: a dotted storage class, zones with "_" and ".", an API URL with port and path', () => {
    const environment =
      '    storage: { class: ebs.csi.aws.com-gp3 }\n    zones: [eu-west-1a, zone_b.2]\n    destination: { server: "https://10.0.0.1:6443/k8s/clusters/c-m-1" }\n';
    expect(problemsOf(spec(environment))).toEqual([]);
  });

  it("150 environments sharing one anchor (more than yaml's default of 100 aliases) load", () => {
    const environments = Array.from(
      { length: 150 },
      (_, index) => `  env${index}: { tier: development, servers: 1, namespace: consul-env${index}, resources: *resources }`,
    ).join('\n');
    const text = `repository: { url: https://github.com/example-org/consul-gitops.git }
defaults:
  images: { consul: "hashicorp/consul:1.22.7", controlPlane: "hashicorp/consul-k8s-control-plane:1.9.11" }
  storage: { class: standard, size: 1Gi }
  resources: &resources { server: { requests: { cpu: 100m, memory: 128Mi } }, client: {}, syncCatalog: {} }
  security: { tls: false, acls: false, gossip: false }
  zones: [zone-a]
  minNodes: 1
  destination: { server: https://kubernetes.default.svc }
environments:
${environments}
`;
    const loaded = parseSpec(text);
    expect(loaded.environments).toHaveLength(150);
    expect(loaded.environments.find((env) => env.name === 'env149')).toMatchObject({
      namespace: 'consul-env149',
      resources: { server: { requests: { cpu: '100m' } } },
    });
  });

  it('an alias bomb is a spec error at its file and line, not an internal error', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (let level = 0; level < 8; level++)
      bomb += `b${level}: &b${level} [${Array(10)
        .fill(level === 0 ? '*a' : `*b${level - 1}`)
        .join(', ')}]\n`;
    expect(() => parseSpec(`repository: { url: x }\n${bomb}environments: {}\n`)).toThrow(
      /^environments\.yaml:1: \(yaml\): too many YAML alias expansions \(more than 10000: an alias bomb, or anchors nested in anchors\)/,
    );
  });

  it('an alias used before its anchor is an undefined alias, not an alias bomb (issue 23, attack 11)', () => {
    expect(() => parseSpec('repository: { url: *u }\nother: &u x\nenvironments: {}\n')).toThrow(
      /^environments\.yaml:1: \(yaml\): undefined alias \*u: no anchor &u comes before it \(YAML needs the anchor first; move it up, or write the value out\)$/m,
    );
  });

  it('a spec 4,000 levels deep is "too deep" at its line, not invalid YAML', () => {
    let deep = 'repository: { url: x }\nenvironments:\n';
    for (let depth = 0; depth < 4000; depth++) deep += `${' '.repeat(depth + 2)}k:\n`;
    expect(() => parseSpec(deep)).toThrow(/^environments\.yaml:\d+: \(yaml\): nested too deep to read \(too deep\)/);
  });
});

describe('security switches by tier', () => {
  const spec = (tier: string, key: string) => `repository: { url: x }
defaults:
  images: { consul: "hashicorp/consul:1.22.7", controlPlane: "hashicorp/consul-k8s-control-plane:1.9.11" }
  storage: { class: standard, size: 1Gi }
  resources: { server: {}, client: {}, syncCatalog: {} }
  security: { tls: true, acls: true, gossip: true }
  zones: [a, b, c]
  minNodes: 3
  destination: { server: https://kubernetes.default.svc }
environments:
  env: { tier: ${tier}, namespace: consul-env, servers: 3, security: { ${key}: false } }
`;

  it.each(['staging', 'production'].flatMap((tier) => ['tls', 'acls', 'gossip'].map((key) => [tier, key])))(
    '%s refuses %s: false at its line',
    (tier, key) => {
      expect(() => parseSpec(spec(tier, key))).toThrow(
        new RegExp(
          `environments\\.yaml:11: environments\\.env\\.security\\.${key}: must be true for tier ${tier}: client agents listen on host ports`,
        ),
      );
    },
  );

  it.each(['tls', 'acls', 'gossip'])('development may run without %s', (key) => {
    expect(parseSpec(spec('development', key)).environments[0]?.security).toMatchObject({ [key]: false });
  });
});
