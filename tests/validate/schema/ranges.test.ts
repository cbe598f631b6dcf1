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

const cronJob = (spec: string): string =>
  `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j}\nspec:\n${spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: app, image: busybox}]\n`;
const schedule = (value: string): string => cronJob(`  schedule: ${JSON.stringify(value)}\n`);
const backend = (port: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ui}\nspec:\n  defaultBackend: {service: {name: ui, port: {${port}}}}\n`;
const CONSUL = 'containers: [{name: consul, image: consul}]';

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
  [
    'a liveness probe successThreshold of 2',
    probe('    tcpSocket: {port: 80}\n    successThreshold: 2'),
    '/spec/template/spec/containers/0/livenessProbe/successThreshold',
    /livenessProbe\.successThreshold: Invalid value: 2: must be 1/,
    probe('    tcpSocket: {port: 80}\n    successThreshold: 1'),
  ],
  [
    'a startup probe successThreshold of 3 (a readiness probe may have it)',
    deployment('containers:\n- name: app\n  image: nginx\n  startupProbe: {tcpSocket: {port: 80}, successThreshold: 3}'),
    '/spec/template/spec/containers/0/startupProbe/successThreshold',
    /startupProbe\.successThreshold: Invalid value: 3: must be 1/,
    deployment('containers:\n- name: app\n  image: nginx\n  readinessProbe: {tcpSocket: {port: 80}, successThreshold: 3}'),
  ],
  [
    'a negative StatefulSet partition',
    statefulSet(CONSUL, 'updateStrategy:\n  type: RollingUpdate\n  rollingUpdate: {partition: -1}'),
    '/spec/updateStrategy/rollingUpdate/partition',
    /partition: Invalid value: -1: must be greater than or equal to 0/,
    // The server checks no StatefulSet revisionHistoryLimit: a negative one is accepted.
    statefulSet(CONSUL, 'revisionHistoryLimit: -1\nupdateStrategy:\n  type: RollingUpdate\n  rollingUpdate: {partition: 0}'),
  ],
  [
    'a topology spread maxSkew of 0',
    statefulSet(`${CONSUL}\ntopologySpreadConstraints:\n- {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}`),
    '/spec/template/spec/topologySpreadConstraints/0/maxSkew',
    /maxSkew: Invalid value: 0: must be greater than zero/,
    statefulSet(`${CONSUL}\ntopologySpreadConstraints:\n- {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}`),
  ],
  [
    'a negative CronJob successfulJobsHistoryLimit',
    cronJob('  schedule: "0 * * * *"\n  successfulJobsHistoryLimit: -1\n'),
    '/spec/successfulJobsHistoryLimit',
    /successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0/,
    cronJob('  schedule: "0 * * * *"\n  successfulJobsHistoryLimit: 0\n'),
  ],
  [
    'a negative CronJob failedJobsHistoryLimit',
    cronJob('  schedule: "@hourly"\n  failedJobsHistoryLimit: -3\n'),
    '/spec/failedJobsHistoryLimit',
    /failedJobsHistoryLimit: Invalid value: -3/,
    cronJob('  schedule: "@every 1h30m"\n  failedJobsHistoryLimit: 1\n'),
  ],
  [
    'a CronJob schedule that is not a cron expression',
    schedule('every night'),
    '/spec/schedule',
    /schedule: Invalid value: "every night": expected exactly 5 fields, found 2: \[every night\]/,
    schedule('*/15 0-6,22 1 JAN-jun mon-FRI'),
  ],
  [
    'a CronJob schedule minute of 60',
    schedule('60 * * * *'),
    '/spec/schedule',
    /end of range \(60\) above maximum \(59\): 60/,
    schedule('59 23 31 12 6'),
  ],
  [
    'a CronJob schedule day of month 0',
    schedule('0 0 0 * *'),
    '/spec/schedule',
    /beginning of range \(0\) below minimum \(1\): 0/,
    schedule('0 0 ? * *'),
  ],
  [
    'a CronJob schedule range backwards',
    schedule('0 5-2 * * *'),
    '/spec/schedule',
    /beginning of range \(5\) beyond end of range \(2\): 5-2/,
    schedule('0 2-5/2 * * *'),
  ],
  [
    'a CronJob schedule step of 0',
    schedule('*/0 * * * *'),
    '/spec/schedule',
    /step of range should be a positive number: \*\/0/,
    schedule('5/10 * * * *'),
  ],
  [
    'a CronJob schedule with a word for a number',
    schedule('0 noon * * *'),
    '/spec/schedule',
    /failed to parse int from noon: strconv\.Atoi: parsing "noon": invalid syntax/,
    schedule('0 12 * * sun'),
  ],
  [
    'a CronJob schedule with too many hyphens and slashes',
    schedule('1-2-3 * * * */2/2'),
    '/spec/schedule',
    /too many hyphens: 1-2-3/,
    schedule('1-3 * * * */2'),
  ],
  [
    'a CronJob schedule descriptor that does not exist',
    schedule('@fortnightly'),
    '/spec/schedule',
    /unrecognized descriptor: @fortnightly/,
    schedule('@midnight'),
  ],
  [
    'a CronJob schedule @every with a bad duration',
    schedule('@every day'),
    '/spec/schedule',
    /failed to parse duration @every day/,
    schedule('@every 90s'),
  ],
  [
    'a CronJob schedule with a time zone',
    schedule('CRON_TZ=UTC 0 * * * *'),
    '/spec/schedule',
    /cannot use TZ or CRON_TZ in schedule, use timeZone field instead/,
    cronJob('  schedule: "0 * * * *"\n  timeZone: Etc/UTC\n'),
  ],
  [
    'an Ingress backend without a port',
    backend('number: 0'),
    '/spec/defaultBackend',
    /defaultBackend: Required value: port name or number is required/,
    backend('name: http'),
  ],
  [
    'an Ingress backend port of 65536',
    backend('number: 65536'),
    '/spec/defaultBackend/service/port/number',
    /Invalid value: 65536: must be between 1 and 65535, inclusive/,
    backend('number: 65535'),
  ],
  [
    'an Ingress backend port with both name and number',
    backend('number: 80, name: http'),
    '/spec/defaultBackend',
    /Invalid value: "": cannot set both port name & port number/,
    backend('number: 80'),
  ],
];

describe('numeric ranges', () => {
  it.each(cases)('%s: refused as the server does, and the corrected object passes', async (...serverCase) => {
    await expect(expectServerVerdict(serverCase)).resolves.toBeUndefined();
  });
});
