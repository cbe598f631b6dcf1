/**
 * The API server's name, key and size checks in the offline engine (names.ts, name-checks.ts), through
 * the CLI's path: each has a case the server refuses (the rule, the JSON path and the server's wording)
 * and a correct neighbour that passes.
 */
import { describe, expect, it } from 'vitest';
import {
  containerNameChecks,
  containerPortNameChecks,
  containerPortNamesUnique,
  environmentVariableChecks,
  ingressHostChecks,
  nameKindProblems,
  objectMetaChecks,
  servicePortNameChecks,
  volumeNameChecks,
} from '../../../tools/src/validate/schema/name-checks.js';
import type { SchemaProblem, TypeCheck } from '../../../tools/src/validate/schema/problem.js';
import { deployment, expectServerVerdict, statefulSet, type ServerCase } from './server-checks-helper.js';

const CONTAINER = `containers:
- name: app
  image: nginx:1.27`;

const meta = (extra: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n${extra}`;

const ingressHost = (host: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ui}\nspec:\n  rules:\n  - host: ${JSON.stringify(host)}\n    http:\n      paths: [{path: /, pathType: Prefix, backend: {service: {name: ui, port: {number: 80}}}}]\n`;
const claimNamed = (name: string): string =>
  statefulSet(
    `containers:\n- name: consul\n  image: consul\n  volumeMounts: [{name: ${name}, mountPath: /data}]`,
    `volumeClaimTemplates:\n- metadata: {name: ${name}}\n  spec:\n    accessModes: [ReadWriteOnce]\n    resources: {requests: {storage: 1Gi}}`,
  );

const cases: ServerCase[] = [
  // names
  [
    'a container name with upper case',
    deployment(`containers:\n- name: Consul\n  image: consul:1.22`),
    '/spec/template/spec/containers/0/name',
    /^spec\.template\.spec\.containers\[0\]\.name: Invalid value: "Consul": a lowercase RFC 1123 label must consist of/,
    deployment(`containers:\n- name: consul\n  image: consul:1.22`),
  ],
  [
    'a volume name with a dot',
    deployment(`${CONTAINER}\nvolumes:\n- name: data.v1\n  emptyDir: {}`),
    '/spec/template/spec/volumes/0/name',
    /Invalid value: "data\.v1": a lowercase RFC 1123 label/,
    deployment(`${CONTAINER}\nvolumes:\n- name: data-v1\n  emptyDir: {}`),
  ],
  [
    'a container port name of 16 characters',
    deployment(`containers:\n- name: app\n  image: nginx\n  ports:\n  - {name: serflan-tcp-gossip, containerPort: 8301}`),
    '/spec/template/spec/containers/0/ports/0/name',
    /Invalid value: "serflan-tcp-gossip": must be no more than 15 characters/,
    deployment(`containers:\n- name: app\n  image: nginx\n  ports:\n  - {name: serflan-tcp, containerPort: 8301}`),
  ],
  [
    'two ports of one container with one name',
    deployment(
      `containers:\n- name: app\n  image: nginx\n  ports:\n  - {name: http, containerPort: 80}\n  - {name: http, containerPort: 81}`,
    ),
    '/spec/template/spec/containers/0/ports/1/name',
    /Duplicate value: "http"/,
    deployment(
      `containers:\n- name: app\n  image: nginx\n  ports:\n  - {name: http, containerPort: 80}\n  - {name: https, containerPort: 81}`,
    ),
  ],
  [
    'an environment variable name with =',
    deployment(`containers:\n- name: app\n  image: nginx\n  env:\n  - {name: "A=B", value: x}`),
    '/spec/template/spec/containers/0/env/0/name',
    /Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='/,
    deployment(`containers:\n- name: app\n  image: nginx\n  env:\n  - {name: "1.relaxed-name", value: x}`),
  ],
  [
    'an empty environment variable name',
    deployment(`containers:\n- name: app\n  image: nginx\n  env:\n  - {name: "", value: x}`),
    '/spec/template/spec/containers/0/env/0/name',
    /name: Required value$/,
    deployment(`containers:\n- name: app\n  image: nginx\n  env:\n  - {name: A, value: x}`),
  ],
  [
    'a label value of 64 characters',
    meta(`  labels:\n    app: ${'v'.repeat(64)}\n`),
    '/metadata/labels/app',
    /metadata\.labels\.app: Invalid value: "v{64}": must be no more than 63 characters/,
    meta(`  labels:\n    app: ${'v'.repeat(63)}\n`),
  ],
  [
    'a label key with a space, in a pod template',
    deployment(CONTAINER).replace('labels: {app: web}\n    spec:', 'labels: {app: web, "my key": x}\n    spec:'),
    '/spec/template/metadata/labels',
    /Invalid value: "my key": name part must consist of alphanumeric characters/,
    deployment(CONTAINER).replace('labels: {app: web}\n    spec:', 'labels: {app: web, my-key: x}\n    spec:'),
  ],
  [
    'an annotation key with two slashes',
    meta(`  annotations:\n    a/b/c: x\n`),
    '/metadata/annotations',
    /Invalid value: "a\/b\/c": a valid label key must consist of/,
    meta(`  annotations:\n    Example.COM/Upper: x\n`),
  ],
  [
    'annotations over 256 KiB',
    meta(`  annotations:\n    big: ${'x'.repeat(256 * 1024)}\n`),
    '/metadata/annotations',
    /metadata\.annotations: Too long: may not be more than 262144 bytes/,
    meta(`  annotations:\n    big: ${'x'.repeat(256 * 1024 - 3)}\n`),
  ],
  [
    'a StatefulSet name with a dot',
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: consul.server}\nspec:\n  selector: {matchLabels: {app: c}}\n  serviceName: c\n  template:\n    metadata: {labels: {app: c}}\n    spec:\n      ${CONTAINER.replace(/\n/g, '\n      ')}\n`,
    '/metadata/name',
    /metadata\.name: Invalid value: "consul\.server": a lowercase RFC 1123 label/,
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: consul-server}\nspec:\n  selector: {matchLabels: {app: c}}\n  serviceName: c\n  template:\n    metadata: {labels: {app: c}}\n    spec:\n      ${CONTAINER.replace(/\n/g, '\n      ')}\n`,
  ],
  [
    'a Service name of 64 characters',
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${'s'.repeat(64)}}\nspec:\n  ports: [{port: 80}]\n`,
    '/metadata/name',
    /must be no more than 63 characters/,
    `apiVersion: v1\nkind: Service\nmetadata: {name: 1-starts-with-a-digit}\nspec:\n  ports: [{port: 80}]\n`,
  ],
  [
    'a ConfigMap name with upper case',
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Config}\n`,
    '/metadata/name',
    /a lowercase RFC 1123 subdomain/,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config.v1}\n`,
  ],
  [
    'a ClusterRole name with a slash',
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: consul/reader}\n`,
    '/metadata/name',
    /Invalid value: "consul\/reader": may not contain '\/'/,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: "system:Consul_Reader"}\n`,
  ],
  [
    'a custom resource name with upper case',
    `apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: Consul}\nspec: {}\n`,
    '/metadata/name',
    /a lowercase RFC 1123 subdomain/,
    `apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: consul}\nspec: {}\n`,
  ],
  [
    'a namespace with a dot',
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: consul.prod}\n`,
    '/metadata/namespace',
    /metadata\.namespace: Invalid value: "consul\.prod": a lowercase RFC 1123 label/,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: consul-prod}\n`,
  ],
  [
    'a ConfigMap data key with a slash',
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  conf/server.hcl: x\n`,
    '/data/conf~1server.hcl',
    /data\.conf\/server\.hcl: Invalid value: "conf\/server\.hcl": a valid config key must consist of/,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  server.hcl: x\n`,
  ],
  [
    'a ConfigMap key in data and binaryData',
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: x}\nbinaryData: {a: eA==}\n`,
    '/data/a',
    /duplicate of key present in binaryData/,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: x}\nbinaryData: {b: eA==}\n`,
  ],
  [
    'a binaryData key with a space',
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbinaryData: {"a b": eA==}\n`,
    '/binaryData/a b',
    /a valid config key/,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbinaryData: {a_b: eA==}\n`,
  ],
  [
    'a ConfigMap over 1 MiB',
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: ${'x'.repeat(600 * 1024)}\nbinaryData:\n  b: ${'eHh4'.repeat(200 * 1024)}\n`,
    '',
    /^Too long: may not be more than 1048576 bytes/,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: ${'x'.repeat(400 * 1024)}\nbinaryData:\n  b: ${'eHh4'.repeat(200 * 1024)}\n`,
  ],
  [
    'a Secret stringData key with a space',
    `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {"gossip key": x}\n`,
    '/stringData/gossip key',
    /a valid config key/,
    `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {gossip-key: x}\n`,
  ],
  [
    'a Secret over 1 MiB',
    `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  a: ${'x'.repeat(1024 * 1024 + 1)}\n`,
    '/data',
    /^data: Too long: may not be more than 1048576 bytes/,
    `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  a: ${'x'.repeat(1024 * 1024)}\n`,
  ],
  [
    'an Ingress host with upper case',
    ingressHost('Consul.Example.com'),
    '/spec/rules/0/host',
    /host: Invalid value: "Consul\.Example\.com": a lowercase RFC 1123 subdomain must consist of/,
    ingressHost('consul.example.com'),
  ],
  [
    'an Ingress host with a wildcard that is not the whole first label',
    ingressHost('consul*.example.com'),
    '/spec/rules/0/host',
    /a wildcard DNS-1123 subdomain must start with '\*\.', followed by a valid DNS subdomain.*regex used for validation is '\\\*\\\.\[a-z0-9\]/,
    ingressHost('*.example.com'),
  ],
  [
    'an Ingress host that is an IP address',
    ingressHost('192.0.2.10'),
    '/spec/rules/0/host',
    /host: Invalid value: "192\.0\.2\.10": must be a DNS name, not an IP address/,
    ingressHost('192.0.2.10.nip.example'),
  ],
  [
    'a claim template name with upper case (it becomes a pod volume name)',
    claimNamed('Data'),
    '/spec/volumeClaimTemplates/0/metadata/name',
    /Invalid value: "Data": a lowercase RFC 1123 label must consist of/,
    claimNamed('data'),
  ],
  [
    'a mount of a claim template the server refuses is not found',
    claimNamed('Data'),
    '/spec/template/spec/containers/0/volumeMounts/0/name',
    /Not found: "Data"/,
    claimNamed('data-1'),
  ],
];

describe('the server checks in the offline engine', () => {
  it.each(cases)('%s: refused as the server does, and the corrected object passes', async (...serverCase) => {
    await expect(expectServerVerdict(serverCase)).resolves.toBeUndefined();
  });
});

const shown = (problems: SchemaProblem[]): string[] => problems.map((problem) => `${problem.pointer}: ${problem.message}`);
const run = (check: TypeCheck, object: Record<string, unknown>): string[] => shown(check(object, '/x', { scalarAt: () => undefined }));
const LABEL = /a lowercase RFC 1123 label must consist of/;

describe('the name checks on their own', () => {
  it('labels: each key and string value checked, the key at the labels map and the value at its own key', () => {
    expect(run(objectMetaChecks, { labels: { 'a/b': 'ok', good: 'bad value', n: 5 } })).toEqual([
      expect.stringMatching(/^\/x\/labels\/good: Invalid value: "bad value": a valid label must be an empty string/),
    ]);
    expect(run(objectMetaChecks, { labels: { 'a b': 'v', 'c/d': 'x y' } })).toEqual([
      expect.stringMatching(/^\/x\/labels: Invalid value: "a b": name part /),
      expect.stringMatching(/^\/x\/labels\/c~1d: Invalid value: "x y": a valid label/),
    ]);
    expect(run(objectMetaChecks, { labels: ['a b'], annotations: 'x' })).toEqual([]);
  });

  it('annotations: keys lower-cased before the check, sizes of keys and values summed up to 256 KiB inclusive', () => {
    expect(run(objectMetaChecks, { annotations: { 'Example.COM/Key': 'v', 'a b': 'v' } })).toEqual([
      expect.stringMatching(/^\/x\/annotations: Invalid value: "a b": name part /),
    ]);
    const limit = 256 * 1024;
    expect(run(objectMetaChecks, { annotations: { a: 'x'.repeat(limit - 2), b: 5 } })).toEqual([]);
    expect(run(objectMetaChecks, { annotations: { a: 'x'.repeat(limit - 2), bb: 5 } })).toEqual([
      '/x/annotations: Too long: may not be more than 262144 bytes',
    ]);
    expect(run(objectMetaChecks, { annotations: { a: 'x'.repeat(limit - 3), bb: '', c: 'é' } })).toEqual([
      '/x/annotations: Too long: may not be more than 262144 bytes',
    ]);
    expect(run(objectMetaChecks, { annotations: { a: 'x'.repeat(limit - 1) } })).toEqual([]);
    expect(run(objectMetaChecks, { annotations: { a: 'x'.repeat(limit) } })).toEqual([
      '/x/annotations: Too long: may not be more than 262144 bytes',
    ]);
  });

  it.each([
    [
      'a container name',
      containerNameChecks,
      { name: 'App' },
      [expect.stringMatching(/^\/x\/name: Invalid value: "App": a lowercase RFC 1123 label/)],
    ],
    ['an empty container name (required elsewhere)', containerNameChecks, { name: '' }, []],
    ['a container name that is not a string', containerNameChecks, { name: 5 }, []],
    ['a volume name', volumeNameChecks, { name: 'a.b' }, [expect.stringMatching(LABEL)]],
    ['a good volume name', volumeNameChecks, { name: 'a-b' }, []],
    [
      'a port name',
      containerPortNameChecks,
      { name: 'Http' },
      ['/x/name: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ],
    ['an empty port name', containerPortNameChecks, { name: '' }, []],
    ['a port name that is not a string', containerPortNameChecks, { name: 80 }, []],
    ['an empty variable name', environmentVariableChecks, { name: '' }, ['/x/name: Required value']],
    [
      'a variable name with =',
      environmentVariableChecks,
      { name: 'A=B' },
      [expect.stringMatching(/^\/x\/name: Invalid value: "A=B": a valid environment variable name/)],
    ],
    ['a variable name that is not a string', environmentVariableChecks, { name: 1 }, []],
    ['a good variable name', environmentVariableChecks, { name: 'A.B-c' }, []],
  ] as const)('%s', (_name, check, object, expected) => {
    expect(run(check, object)).toEqual(expected);
  });

  it('port names of a container: a repeat of a valid name is a duplicate, each later one too; invalid and empty names are not compared', () => {
    expect(
      run(containerPortNamesUnique, {
        ports: [{ name: 'http' }, { name: 'HTTP' }, { name: 'HTTP' }, { name: '' }, { name: '' }, 'x', { name: 'http' }, { name: 'http' }],
      }),
    ).toEqual(['/x/ports/6/name: Duplicate value: "http"', '/x/ports/7/name: Duplicate value: "http"']);
    expect(run(containerPortNamesUnique, { ports: 'http' })).toEqual([]);
  });

  it('Service ports: one port needs no name; with more each needs one, a DNS-1123 label, unique', () => {
    expect(run(servicePortNameChecks, { ports: [{ port: 80 }] })).toEqual([]);
    expect(run(servicePortNameChecks, { ports: [{ port: 80, name: 'Web' }] })).toEqual([
      expect.stringMatching(/^\/x\/ports\/0\/name: Invalid value: "Web": a lowercase RFC 1123 label/),
    ]);
    expect(
      run(servicePortNameChecks, {
        ports: [{ port: 80 }, { port: 81, name: '' }, 'x', { port: 82, name: 'a' }, { port: 83, name: 'a' }, { port: 84, name: 5 }],
      }),
    ).toEqual(['/x/ports/0/name: Required value', '/x/ports/1/name: Required value', '/x/ports/4/name: Duplicate value: "a"']);
    expect(run(servicePortNameChecks, { ports: { a: 1 } })).toEqual([]);
    // one port may have an empty name, as it may have none
    expect(run(servicePortNameChecks, { ports: [{ port: 80, name: '' }] })).toEqual([]);
  });

  it.each([
    ['a DNS name', 'consul.example.com', []],
    ['a wildcard DNS name', '*.example.com', []],
    ['an IPv4 address', '192.0.2.10', ['/x/host: Invalid value: "192.0.2.10": must be a DNS name, not an IP address']],
    ['an IPv4 address with leading zeros', '010.0.0.255', ['/x/host: Invalid value: "010.0.0.255": must be a DNS name, not an IP address']],
    ['four numbers one of which is past 255 (a DNS name)', '10.0.0.256', []],
    [
      'an IPv6 address',
      '2001:db8::1',
      [
        '/x/host: Invalid value: "2001:db8::1": must be a DNS name, not an IP address',
        expect.stringMatching(/a lowercase RFC 1123 subdomain/),
      ],
    ],
    [
      'a name with a colon that is no IPv6 address',
      'a:b:g',
      [expect.stringMatching(/^\/x\/host: Invalid value: "a:b:g": a lowercase RFC 1123 subdomain/)],
    ],
    ['a DNS name of hex letters and dots only (no IP)', 'abc.de', []],
    [
      'a name with a colon whose tail is hex (no IPv6 address)',
      'zz:11',
      [expect.stringMatching(/^\/x\/host: Invalid value: "zz:11": a lowercase RFC 1123 subdomain/)],
    ],
    ['a wildcard inside', 'a.*.com', [expect.stringMatching(/a wildcard DNS-1123 subdomain must start with '\*\.'/)]],
    ['an empty host', '', []],
  ] as const)('an Ingress host: %s', (_name, host, expected) => {
    expect(run(ingressHostChecks, { host })).toEqual(expected);
    expect(run(ingressHostChecks, { host: 5 })).toEqual([]);
  });
});

describe('the name checks of a whole object', () => {
  it('the name by its kind, the namespace as a label; a built-in kind without a format is not checked, a custom one is a subdomain', () => {
    const object = { metadata: { name: 'a.b', namespace: 'team.a' } };
    expect(shown(nameKindProblems(object, 'v1/Service', true))).toEqual([
      expect.stringMatching(/^\/metadata\/name: Invalid value: "a.b": a lowercase RFC 1123 label/),
      expect.stringMatching(/^\/metadata\/namespace: Invalid value: "team.a": a lowercase RFC 1123 label/),
    ]);
    expect(shown(nameKindProblems(object, 'v1/ConfigMap', true))).toEqual([expect.stringMatching(/^\/metadata\/namespace: /)]);
    expect(nameKindProblems({ metadata: { name: 'A_B', namespace: 'A' } }, 'policy/v1/PodDisruptionBudget', true)).toEqual([]);
    expect(shown(nameKindProblems({ metadata: { name: 'A_B' } }, 'example.com/v1/Widget', false))).toEqual([
      expect.stringMatching(/^\/metadata\/name: Invalid value: "A_B": a lowercase RFC 1123 subdomain/),
    ]);
    expect(nameKindProblems({ metadata: { name: '', namespace: '' } }, 'v1/Service', true)).toEqual([]);
    expect(nameKindProblems({ metadata: 'x' }, 'v1/Service', true)).toEqual([]);
  });

  it('ConfigMap keys: data and binaryData, a key in both, 1 MiB of data and decoded binaryData inclusive', () => {
    const MiB = 1024 * 1024;
    expect(
      shown(nameKindProblems({ data: { 'a b': 'x', k: 'v' }, binaryData: { k: 'djE=', 'c d': 'eA==' } }, 'v1/ConfigMap', true)),
    ).toEqual([
      expect.stringMatching(/^\/data\/a b: Invalid value: "a b": a valid config key/),
      '/data/k: Invalid value: "k": duplicate of key present in binaryData',
      expect.stringMatching(/^\/binaryData\/c d: Invalid value: "c d": a valid config key/),
    ]);
    expect(nameKindProblems({ data: { a: 'x'.repeat(MiB - 3), n: 5 }, binaryData: { b: 'eHh4', c: 7 } }, 'v1/ConfigMap', true)).toEqual([]);
    expect(shown(nameKindProblems({ data: { a: 'x'.repeat(MiB - 2) }, binaryData: { b: 'eHh4' } }, 'v1/ConfigMap', true))).toEqual([
      ': Too long: may not be more than 1048576 bytes',
    ]);
    expect(nameKindProblems({ binaryData: { b: `${'eHh4'.repeat(MiB / 3 - 1)}eHg=\n` } }, 'v1/ConfigMap', true)).toEqual([]);
  });

  it('Secret keys: data and stringData (a key in both counted once, the later value), 1 MiB inclusive', () => {
    const MiB = 1024 * 1024;
    expect(shown(nameKindProblems({ data: { 'a b': 'eA==' }, stringData: { '..x': 'v' } }, 'v1/Secret', true))).toEqual([
      expect.stringMatching(/^\/data\/a b: Invalid value: "a b": a valid config key/),
      '/stringData/..x: Invalid value: "..x": must not start with \'..\'',
    ]);
    expect(nameKindProblems({ data: { a: 'eHh4'.repeat(MiB / 4) }, stringData: { a: 'x'.repeat(MiB) } }, 'v1/Secret', true)).toEqual([]);
    expect(shown(nameKindProblems({ data: { a: 'eHh4', b: 5 }, stringData: { c: 'x'.repeat(MiB - 2) } }, 'v1/Secret', true))).toEqual([
      '/data: Too long: may not be more than 1048576 bytes',
    ]);
    expect(nameKindProblems({ data: { a: 'eHh4', b: 5 }, stringData: { c: 'x'.repeat(MiB - 3) } }, 'v1/Secret', true)).toEqual([]);
  });
});
