/**
 * What the regenerated schema data and the walk add (walker.ts, yaml11.ts): the enums the API server
 * serves, duplicate keys in x-kubernetes-list-type map lists, YAML 1.1 booleans in string fields, and the
 * digits of an int64 near 2^63. Each through the CLI's path, refused and corrected.
 */
import { describe, expect, it, vi } from 'vitest';
import { int64InRange, yaml11Integer } from '../../../tools/src/validate/schema/yaml11.js';
import { deployment, expectServerVerdict, statefulSet, type ServerCase } from './server-checks-helper.js';

const container = (fields: string): string => deployment(`containers:\n- name: app\n  image: nginx\n${fields}`);
const service = (spec: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n${spec}`;
const claim = (modes: string): string =>
  statefulSet(
    'containers: [{name: consul, image: consul}]',
    `volumeClaimTemplates:\n- metadata: {name: data}\n  spec:\n    accessModes: ${modes}\n    resources: {requests: {storage: 1Gi}}`,
  );
const quota = (hard: string): string => `apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec:\n  hard: {${hard}}\n`;

const cases: ServerCase[] = [
  [
    'an imagePullPolicy that is not one of the three',
    container('  imagePullPolicy: Sometimes'),
    '/spec/template/spec/containers/0/imagePullPolicy',
    /imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"/,
    container('  imagePullPolicy: IfNotPresent'),
  ],
  [
    'a Service type in lower case',
    service('  type: nodeport\n'),
    '/spec/type',
    /Unsupported value: "nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"/,
    service('  type: NodePort\n'),
  ],
  [
    'an access mode in a list',
    claim('[ReadWriteOnce, ReadWriteSometimes]'),
    '/spec/volumeClaimTemplates/0/spec/accessModes/1',
    /Unsupported value: "ReadWriteSometimes"/,
    claim('[ReadWriteOnce, ReadOnlyMany]'),
  ],
  [
    'an empty toleration effect is unset (all effects), not a value outside the enum',
    deployment('containers: [{name: app, image: nginx}]\ntolerations: [{key: k, operator: Exists, effect: NoRun}]'),
    '/spec/template/spec/tolerations/0/effect',
    /Unsupported value: "NoRun": supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"/,
    deployment('containers: [{name: app, image: nginx}]\ntolerations: [{key: k, operator: Exists, effect: ""}]'),
  ],
  [
    'a protocol in lower case',
    container('  ports: [{containerPort: 53, protocol: udp}]'),
    '/spec/template/spec/containers/0/ports/0/protocol',
    /Unsupported value: "udp"/,
    container('  ports: [{containerPort: 53, protocol: UDP}]'),
  ],
  [
    'an enum field that is not a string',
    container('  imagePullPolicy: 1'),
    '/spec/template/spec/containers/0/imagePullPolicy',
    /must be a string, got number 1/,
    container('  imagePullPolicy: Never'),
  ],
  [
    'two containers with one name (list-map key name)',
    deployment('containers:\n- {name: app, image: nginx}\n- {name: app, image: busybox}'),
    '/spec/template/spec/containers/1',
    /containers\[1\]: duplicate entries for key \[name="app"\] \(the same key as item 0\)/,
    deployment('containers:\n- {name: app, image: nginx}\n- {name: sidecar, image: busybox}'),
  ],
  [
    'two env entries with one name',
    container('  env: [{name: A, value: "1"}, {name: A, value: "2"}]'),
    '/spec/template/spec/containers/0/env/1',
    /duplicate entries for key \[name="A"\]/,
    container('  env: [{name: A, value: "1"}, {name: B, value: "2"}]'),
  ],
  [
    'two ports on one number, one with the default protocol TCP',
    container('  ports: [{containerPort: 8500}, {containerPort: 8500, protocol: TCP}]'),
    '/spec/template/spec/containers/0/ports/1',
    /duplicate entries for key \[containerPort=8500,protocol="TCP"\]/,
    container('  ports: [{containerPort: 8500}, {containerPort: 8500, protocol: UDP}]'),
  ],
  [
    'two mounts on one path',
    deployment(
      'containers:\n- name: app\n  image: nginx\n  volumeMounts: [{name: a, mountPath: /data}, {name: b, mountPath: /data}]\nvolumes: [{name: a, emptyDir: {}}, {name: b, emptyDir: {}}]',
    ),
    '/spec/template/spec/containers/0/volumeMounts/1',
    /duplicate entries for key \[mountPath="\/data"\]/,
    deployment(
      'containers:\n- name: app\n  image: nginx\n  volumeMounts: [{name: a, mountPath: /data}, {name: b, mountPath: /logs}]\nvolumes: [{name: a, emptyDir: {}}, {name: b, emptyDir: {}}]',
    ),
  ],
  [
    'a plain on in a string field (kubectl and Argo CD read a YAML 1.1 boolean)',
    container('  env: [{name: FLAG, value: on}]'),
    '/spec/template/spec/containers/0/env/0/value',
    /value: cannot unmarshal bool into a string field: a YAML 1\.1 reader \(kubectl, Argo CD\) reads the plain scalar on as a boolean; quote it: "on"/,
    container('  env: [{name: FLAG, value: "on"}]'),
  ],
  [
    'a plain Yes as a label value',
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {enabled: Yes}\n`,
    '/metadata/labels/enabled',
    /reads the plain scalar Yes as a boolean/,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {enabled: 'Yes'}\n`,
  ],
  ['a plain n in a quantity field', quota('pods: n'), '/spec/hard/pods', /reads the plain scalar n as a boolean/, quota('pods: "10"')],
];

// An int64 field: a Job's activeDeadlineSeconds (a Pod's is an int64 limited to 2^31-1 by the server).
const job = (seconds: string): string =>
  `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  activeDeadlineSeconds: ${seconds}\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: app, image: nginx}]\n`;
cases.push(
  [
    'an int64 of exactly 2^63',
    job('9223372036854775808'),
    '/spec/activeDeadlineSeconds',
    /must be an int64 \(an integer from -2\^63 to 2\^63-1\), got number 9223372036854776000/,
    job('9223372036854775807'),
  ],
  ['an int64 of 1e19 written as a float', job('1e19'), '/spec/activeDeadlineSeconds', /must be an int64/, job('9007199254740993')],
);

describe('the served schema: enums, list-map keys, YAML 1.1 and int64 digits', () => {
  it.each(cases)('%s: refused as the server does, and the corrected object passes', async (...serverCase) => {
    await expect(expectServerVerdict(serverCase)).resolves.toBeUndefined();
  });

  it.each([
    ['2^63 from its digits', 2 ** 63, '9223372036854775808', false],
    ['2^63-1 from its digits, the same double', 2 ** 63, '9223372036854775807', true],
    ['-2^63 from its digits', -(2 ** 63), '-9223372036854775808', true],
    ['-2^63-1 from its digits', -(2 ** 63), '-9223372036854775809', false],
    ['2^63 without digits (a float)', 2 ** 63, '9.3e18', false],
    ['2^63 without a source', 2 ** 63, undefined, false],
    ['-2^63 without a source', -(2 ** 63), undefined, true],
    ['-1e19 without a source', -1e19, undefined, false],
    ['2^63-1 from its digits with spaces around them', 2 ** 63, ' 9223372036854775807 ', true],
    ['a small integer', 5, undefined, true],
  ] as const)('int64 range: %s', (_name, value, source, expected) => {
    expect(int64InRange(value, () => source)).toBe(expected);
  });

  it('int64 range: the source digits are not looked up for an integer below 2^53 (a second parse of the document)', () => {
    const sourceOf = vi.fn(() => '5');
    expect(int64InRange(2 ** 53 - 1, sourceOf)).toBe(true);
    expect(sourceOf).not.toHaveBeenCalled();
  });

  it.each([
    ['a plain 0644 is octal', 644, { plain: true, text: '0644' }, 420],
    ['a quoted 0644 is not a number at all; as a number it stays', 644, { plain: false, text: '0644' }, 644],
    ['a plain 0o644 is already read', 420, { plain: true, text: '0o644' }, 420],
    ['a plain 0 stays 0', 0, { plain: true, text: '0' }, 0],
    ['a plain decimal with a 0 inside is decimal', 10644, { plain: true, text: '10644' }, 10644],
    ['a plain 0644.0 is a float, not octal', 644, { plain: true, text: '0644.0' }, 644],
    ['no source', 644, undefined, 644],
  ] as const)('YAML 1.1 integers: %s', (_name, value, source, expected) => {
    expect(yaml11Integer(value, () => source)).toBe(expected);
  });

  it.each([
    ['a value with an 8 or a 9 in it', 493],
    ['a negative value', -1],
  ])('YAML 1.1 integers: the source is not looked up for %s (it cannot have been written in octal)', (_name, value) => {
    const sourceOf = vi.fn(() => ({ plain: true, text: '0644' }));
    expect(yaml11Integer(value, sourceOf)).toBe(value);
    expect(sourceOf).not.toHaveBeenCalled();
  });
});
