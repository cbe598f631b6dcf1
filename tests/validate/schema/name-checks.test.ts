/**
 * The API server's name, key and size checks in the offline engine (names.ts, name-checks.ts), through
 * the CLI's path: each has a case the server refuses (the rule, the JSON path and the server's wording)
 * and a correct neighbour that passes.
 */
import { describe, expect, it } from 'vitest';
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
