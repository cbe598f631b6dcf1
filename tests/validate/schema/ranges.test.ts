/**
 * The API server's numeric ranges in the offline engine (ranges.ts), through the CLI's path: a value the
 * server refuses, with its JSON path and wording, and a correct neighbour that passes.
 */
import { describe, expect, it } from 'vitest';
import { deployment, expectServerVerdict, statefulSet, type ServerCase } from './server-checks-helper.js';

const port = (fields: string): string => deployment(`containers:\n- name: app\n  image: nginx\n  ports:\n  - {${fields}}`);
const service = (ports: string, spec = ''): string =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: ${ports}\n${spec}`;
const configVolume = (fields: string): string =>
  deployment(`containers:\n- name: app\n  image: nginx\nvolumes:\n- name: config\n  configMap:\n    name: c\n${fields}`);
const probe = (fields: string): string => deployment(`containers:\n- name: app\n  image: nginx\n  livenessProbe:\n${fields}`);
const job = (spec: string): string =>
  `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n${spec}  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: app, image: busybox}]\n`;
const pdb = (spec: string): string =>
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec:\n  selector: {matchLabels: {app: c}}\n${spec}`;

const cases: ServerCase[] = [
  [
    'a containerPort of 70000',
    port('containerPort: 70000'),
    '/spec/template/spec/containers/0/ports/0/containerPort',
    /Invalid value: 70000: must be between 1 and 65535, inclusive/,
    port('containerPort: 65535'),
  ],
  [
    'a containerPort of 0',
    port('containerPort: 0'),
    '/spec/template/spec/containers/0/ports/0/containerPort',
    /containerPort: Required value$/,
    port('containerPort: 1'),
  ],
  [
    'a hostPort of -1',
    port('containerPort: 80, hostPort: -1'),
    '/spec/template/spec/containers/0/ports/0/hostPort',
    /Invalid value: -1: must be between 1 and 65535/,
    port('containerPort: 80, hostPort: 0'),
  ],
  [
    'a Service port of 0',
    service('[{port: 0}]'),
    '/spec/ports/0/port',
    /spec\.ports\[0\]\.port: Invalid value: 0: must be between 1 and 65535/,
    service('[{port: 80}]'),
  ],
  [
    'a targetPort of 65536',
    service('[{port: 80, targetPort: 65536}]'),
    '/spec/ports/0/targetPort',
    /Invalid value: 65536/,
    service('[{port: 80, targetPort: 0}]'),
  ],
  [
    'a nodePort of 70000',
    service('[{port: 80, nodePort: 70000}]', '  type: NodePort\n'),
    '/spec/ports/0/nodePort',
    /Invalid value: 70000/,
    service('[{port: 80, nodePort: 30080}]', '  type: NodePort\n'),
  ],
  [
    'a defaultMode of 0o1000',
    configVolume('    defaultMode: 512'),
    '/spec/template/spec/volumes/0/configMap/defaultMode',
    /Invalid value: 512: must be a number between 0 and 0777 \(octal\), both inclusive/,
    configVolume('    defaultMode: 511'),
  ],
  [
    'a plain 0644 is octal (420) as kubectl reads it, not 644',
    configVolume('    defaultMode: 0778'),
    '/spec/template/spec/volumes/0/configMap/defaultMode',
    /Invalid value: 778/,
    configVolume('    defaultMode: 0644'),
  ],
  [
    'an item mode of -1',
    configVolume('    items: [{key: a, path: a, mode: -1}]'),
    '/spec/template/spec/volumes/0/configMap/items/0/mode',
    /Invalid value: -1: must be a number between 0 and 0777/,
    configVolume('    items: [{key: a, path: a, mode: 0}]'),
  ],
  [
    'a negative probe timeout',
    probe('    exec: {command: [/bin/true]}\n    timeoutSeconds: -1'),
    '/spec/template/spec/containers/0/livenessProbe/timeoutSeconds',
    /Invalid value: -1: must be greater than or equal to 0/,
    probe('    exec: {command: [/bin/true]}\n    timeoutSeconds: 0'),
  ],
  [
    'a negative probe period',
    probe('    exec: {command: [/bin/true]}\n    periodSeconds: -5'),
    '/spec/template/spec/containers/0/livenessProbe/periodSeconds',
    /must be greater than or equal to 0/,
    probe('    exec: {command: [/bin/true]}\n    periodSeconds: 5'),
  ],
  [
    'a probe terminationGracePeriodSeconds of 0',
    probe('    exec: {command: [/bin/true]}\n    terminationGracePeriodSeconds: 0'),
    '/spec/template/spec/containers/0/livenessProbe/terminationGracePeriodSeconds',
    /Invalid value: 0: must be greater than 0/,
    probe('    exec: {command: [/bin/true]}\n    terminationGracePeriodSeconds: 1'),
  ],
  [
    'negative replicas',
    deployment('containers: [{name: app, image: nginx}]', '  replicas: -1\n'),
    '/spec/replicas',
    /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/,
    deployment('containers: [{name: app, image: nginx}]', '  replicas: 0\n'),
  ],
  [
    'a pod activeDeadlineSeconds of 0 (1 to 2^31-1; a negative terminationGracePeriodSeconds is no error: the server makes it 1)',
    deployment('activeDeadlineSeconds: 0\nterminationGracePeriodSeconds: -1\ncontainers: [{name: app, image: nginx}]'),
    '/spec/template/spec/activeDeadlineSeconds',
    /Invalid value: 0: must be between 1 and 2147483647, inclusive/,
    deployment('activeDeadlineSeconds: 2147483647\nterminationGracePeriodSeconds: -1\ncontainers: [{name: app, image: nginx}]'),
  ],
  [
    'a negative backoffLimit',
    job('  backoffLimit: -1\n'),
    '/spec/backoffLimit',
    /Invalid value: -1: must be greater than or equal to 0/,
    job('  backoffLimit: 0\n'),
  ],
  [
    'a negative ttlSecondsAfterFinished',
    job('  ttlSecondsAfterFinished: -1\n'),
    '/spec/ttlSecondsAfterFinished',
    /must be greater than or equal to 0/,
    job('  ttlSecondsAfterFinished: 0\n'),
  ],
  [
    'a PDB minAvailable of 101%',
    pdb('  minAvailable: 101%\n'),
    '/spec/minAvailable',
    /Invalid value: "101%": must not be greater than 100%/,
    pdb('  minAvailable: 100%\n'),
  ],
  [
    'a PDB maxUnavailable of -1',
    pdb('  maxUnavailable: -1\n'),
    '/spec/maxUnavailable',
    /Invalid value: -1: must be greater than or equal to 0/,
    pdb('  maxUnavailable: 0\n'),
  ],
  [
    'a PDB percent that is not a number',
    pdb('  maxUnavailable: "one"\n'),
    '/spec/maxUnavailable',
    /a valid percent string must be a numeric string followed by an ending '%'/,
    pdb('  maxUnavailable: "10%"\n'),
  ],
  [
    'a maxSurge of 200% is allowed, a negative one is not',
    deployment('containers: [{name: app, image: nginx}]', '  strategy:\n    rollingUpdate: {maxSurge: -1}\n'),
    '/spec/strategy/rollingUpdate/maxSurge',
    /must be greater than or equal to 0/,
    deployment('containers: [{name: app, image: nginx}]', '  strategy:\n    rollingUpdate: {maxSurge: 2}\n'),
  ],
  [
    'a negative memory request',
    deployment('containers:\n- name: app\n  image: nginx\n  resources: {requests: {memory: -1Gi}}'),
    '/spec/template/spec/containers/0/resources/requests/memory',
    /Invalid value: "-1Gi": must be greater than or equal to 0/,
    deployment('containers:\n- name: app\n  image: nginx\n  resources: {requests: {memory: 1Gi}}'),
  ],
  [
    'a claim template storage of 0',
    statefulSet(
      'containers: [{name: consul, image: consul}]',
      'volumeClaimTemplates:\n- metadata: {name: data}\n  spec:\n    accessModes: [ReadWriteOnce]\n    resources: {requests: {storage: 0}}',
    ),
    '/spec/volumeClaimTemplates/0/spec/resources/requests/storage',
    /Invalid value: "0": must be greater than zero/,
    statefulSet(
      'containers: [{name: consul, image: consul}]',
      'volumeClaimTemplates:\n- metadata: {name: data}\n  spec:\n    accessModes: [ReadWriteOnce]\n    resources: {requests: {storage: 10Gi}}',
    ),
  ],
];

describe('numeric ranges', () => {
  it.each(cases)('%s: refused as the server does, and the corrected object passes', async (...serverCase) => {
    await expect(expectServerVerdict(serverCase)).resolves.toBeUndefined();
  });
});
