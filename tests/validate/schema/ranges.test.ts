/**
 * The API server's numeric ranges in the offline engine (ranges.ts), through the CLI's path: a value the
 * server refuses, with its JSON path and wording, and a correct neighbour that passes. Also the CronJob
 * schedule (cron.ts): through the CLI's path here, and on its own at the end, where every expected message
 * was read from robfig/cron v3's ParseStandard run on the same schedule.
 */
import { describe, expect, it } from 'vitest';
import type { ScalarSource } from '../../../tools/src/model/resource.js';
import { cronJobSchedule } from '../../../tools/src/validate/schema/cron.js';
import type { TypeCheck } from '../../../tools/src/validate/schema/problem.js';
import {
  containerPortRanges,
  cronJobSpecRanges,
  defaultModeRange,
  disruptionBudgetRanges,
  ingressBackendPort,
  jobSpecRanges,
  modeRange,
  podSpecRanges,
  probeRanges,
  probeSuccessThreshold,
  resourceQuantityRanges,
  rollingUpdateRanges,
  servicePortRanges,
  statefulSetRollingUpdateRanges,
  statefulSetSpecRanges,
  topologySpreadRanges,
  workloadSpecRanges,
} from '../../../tools/src/validate/schema/ranges.js';
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
    deployment('containers: [{name: app, image: nginx}]', '  strategy:\n    rollingUpdate: {maxSurge: 200%}\n'),
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

/** One check on one object at /x, its problems as "pointer: message". */
function run(check: TypeCheck, object: Record<string, unknown>, scalars: Record<string, ScalarSource> = {}): string[] {
  return check(object, '/x', { scalarAt: (pointer) => scalars[pointer] }).map((problem) => `${problem.pointer}: ${problem.message}`);
}

const PORT = 'must be between 1 and 65535, inclusive';
const NEGATIVE = 'must be greater than or equal to 0';

describe('numeric ranges at their boundaries (each check on its own)', () => {
  it.each([
    ['containerPort 1', containerPortRanges, { containerPort: 1 }, []],
    ['containerPort 65535', containerPortRanges, { containerPort: 65535 }, []],
    ['containerPort 0', containerPortRanges, { containerPort: 0 }, ['/x/containerPort: Required value']],
    ['containerPort 65536', containerPortRanges, { containerPort: 65536 }, [`/x/containerPort: Invalid value: 65536: ${PORT}`]],
    ['containerPort -1', containerPortRanges, { containerPort: -1 }, [`/x/containerPort: Invalid value: -1: ${PORT}`]],
    ['containerPort not an integer', containerPortRanges, { containerPort: 'x' }, []],
    ['hostPort 0 (unset)', containerPortRanges, { containerPort: 80, hostPort: 0 }, []],
    ['hostPort 1 and 65535', containerPortRanges, { containerPort: 65535, hostPort: 1 }, []],
    ['hostPort 65536', containerPortRanges, { containerPort: 80, hostPort: 65536 }, [`/x/hostPort: Invalid value: 65536: ${PORT}`]],
    ['hostPort -1', containerPortRanges, { containerPort: 80, hostPort: -1 }, [`/x/hostPort: Invalid value: -1: ${PORT}`]],
    ['Service port 0', servicePortRanges, { port: 0 }, [`/x/port: Invalid value: 0: ${PORT}`]],
    ['Service port 1 and 65535', servicePortRanges, { port: 1, targetPort: 65535, nodePort: 65535 }, []],
    ['Service port 65536', servicePortRanges, { port: 65536 }, [`/x/port: Invalid value: 65536: ${PORT}`]],
    ['targetPort 0 (defaults to port) and a name', servicePortRanges, { port: 80, targetPort: 0 }, []],
    ['targetPort a name', servicePortRanges, { port: 80, targetPort: 'http' }, []],
    ['targetPort -1', servicePortRanges, { port: 80, targetPort: -1 }, [`/x/targetPort: Invalid value: -1: ${PORT}`]],
    ['targetPort 65536', servicePortRanges, { port: 80, targetPort: 65536 }, [`/x/targetPort: Invalid value: 65536: ${PORT}`]],
    ['nodePort 0 (unset)', servicePortRanges, { port: 80, nodePort: 0 }, []],
    ['nodePort 1', servicePortRanges, { port: 80, nodePort: 1 }, []],
    ['nodePort -1', servicePortRanges, { port: 80, nodePort: -1 }, [`/x/nodePort: Invalid value: -1: ${PORT}`]],
    ['nodePort 65536', servicePortRanges, { port: 80, nodePort: 65536 }, [`/x/nodePort: Invalid value: 65536: ${PORT}`]],
    ['maxSkew 1', topologySpreadRanges, { maxSkew: 1 }, []],
    ['maxSkew 0', topologySpreadRanges, { maxSkew: 0 }, ['/x/maxSkew: Invalid value: 0: must be greater than zero']],
    ['maxSkew -1', topologySpreadRanges, { maxSkew: -1 }, ['/x/maxSkew: Invalid value: -1: must be greater than zero']],
    ['activeDeadlineSeconds 1', podSpecRanges, { activeDeadlineSeconds: 1 }, []],
    ['activeDeadlineSeconds 2^31-1', podSpecRanges, { activeDeadlineSeconds: 2 ** 31 - 1 }, []],
    [
      'activeDeadlineSeconds 0',
      podSpecRanges,
      { activeDeadlineSeconds: 0 },
      ['/x/activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
    ],
    [
      'activeDeadlineSeconds 2^31',
      podSpecRanges,
      { activeDeadlineSeconds: 2 ** 31 },
      ['/x/activeDeadlineSeconds: Invalid value: 2147483648: must be between 1 and 2147483647, inclusive'],
    ],
    [
      'probe values of 0',
      probeRanges,
      { initialDelaySeconds: 0, timeoutSeconds: 0, periodSeconds: 0, successThreshold: 0, failureThreshold: 0 },
      [],
    ],
    [
      'probe values of -1',
      probeRanges,
      { initialDelaySeconds: -1, timeoutSeconds: -1, periodSeconds: -1, successThreshold: -1, failureThreshold: -1 },
      ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'].map(
        (field) => `/x/${field}: Invalid value: -1: ${NEGATIVE}`,
      ),
    ],
    ['probe grace 1', probeRanges, { terminationGracePeriodSeconds: 1 }, []],
    [
      'probe grace 0',
      probeRanges,
      { terminationGracePeriodSeconds: 0 },
      ['/x/terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0'],
    ],
    [
      'probe grace -1',
      probeRanges,
      { terminationGracePeriodSeconds: -1 },
      ['/x/terminationGracePeriodSeconds: Invalid value: -1: must be greater than 0'],
    ],
    [
      'workload spec fields of -1',
      workloadSpecRanges,
      { replicas: -1, minReadySeconds: -1, revisionHistoryLimit: -1 },
      ['replicas', 'minReadySeconds', 'revisionHistoryLimit'].map((field) => `/x/${field}: Invalid value: -1: ${NEGATIVE}`),
    ],
    ['workload spec fields of 0', workloadSpecRanges, { replicas: 0, minReadySeconds: 0, revisionHistoryLimit: 0 }, []],
    [
      'a StatefulSet checks no revisionHistoryLimit',
      statefulSetSpecRanges,
      { replicas: -1, minReadySeconds: -1, revisionHistoryLimit: -1 },
      ['replicas', 'minReadySeconds'].map((field) => `/x/${field}: Invalid value: -1: ${NEGATIVE}`),
    ],
    ['a partition of -1', statefulSetRollingUpdateRanges, { partition: -1 }, [`/x/partition: Invalid value: -1: ${NEGATIVE}`]],
    ["a negative non-integer is the walk's", statefulSetRollingUpdateRanges, { partition: -1.5 }, []],
    [
      'CronJob fields of -1',
      cronJobSpecRanges,
      { successfulJobsHistoryLimit: -1, failedJobsHistoryLimit: -1, startingDeadlineSeconds: -1 },
      ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'startingDeadlineSeconds'].map(
        (field) => `/x/${field}: Invalid value: -1: ${NEGATIVE}`,
      ),
    ],
    [
      'Job fields of -1',
      jobSpecRanges,
      {
        parallelism: -1,
        completions: -1,
        activeDeadlineSeconds: -1,
        backoffLimit: -1,
        ttlSecondsAfterFinished: -1,
        backoffLimitPerIndex: -1,
      },
      ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex'].map(
        (field) => `/x/${field}: Invalid value: -1: ${NEGATIVE}`,
      ),
    ],
    [
      'liveness and startup successThreshold 0 and 1',
      probeSuccessThreshold,
      { livenessProbe: { successThreshold: 1 }, startupProbe: { successThreshold: 0 } },
      [],
    ],
    [
      'liveness and startup successThreshold 2',
      probeSuccessThreshold,
      { livenessProbe: { successThreshold: 2 }, startupProbe: { successThreshold: 2 }, readinessProbe: { successThreshold: 2 } },
      ['/x/livenessProbe/successThreshold: Invalid value: 2: must be 1', '/x/startupProbe/successThreshold: Invalid value: 2: must be 1'],
    ],
    ['a probe that is not an object', probeSuccessThreshold, { livenessProbe: 2 }, []],
    ['a backend without a service', ingressBackendPort, { resource: { kind: 'Bucket', name: 'b' } }, []],
    ['a backend port by name', ingressBackendPort, { service: { name: 's', port: { name: 'http' } } }, []],
    ['a backend port 1', ingressBackendPort, { service: { name: 's', port: { number: 1 } } }, []],
    ['a backend port 65535', ingressBackendPort, { service: { name: 's', port: { number: 65535 } } }, []],
    [
      'a backend port -1',
      ingressBackendPort,
      { service: { name: 's', port: { number: -1 } } },
      [`/x/service/port/number: Invalid value: -1: ${PORT}`],
    ],
    [
      'a backend port with an empty name and no number',
      ingressBackendPort,
      { service: { name: 's', port: { name: '', number: 0 } } },
      ['/x: Required value: port name or number is required'],
    ],
    ['a backend without a port', ingressBackendPort, { service: { name: 's' } }, ['/x: Required value: port name or number is required']],
    [
      'a backend port with both',
      ingressBackendPort,
      { service: { name: 's', port: { name: 'http', number: 80 } } },
      ['/x: Invalid value: "": cannot set both port name & port number'],
    ],
  ] as const)('%s', (_name, check, object, expected) => {
    expect(run(check, object as Record<string, unknown>)).toEqual(expected);
  });

  it.each([
    ['0', 0, undefined, []],
    ['0777 as a decimal 511', 511, undefined, []],
    ['512', 512, undefined, ['/x/defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive']],
    ['-1', -1, undefined, ['/x/defaultMode: Invalid value: -1: must be a number between 0 and 0777 (octal), both inclusive']],
    ['a plain 0777, octal', 777, { plain: true, text: '0777' }, []],
    [
      'a plain 01000, octal 512',
      1000,
      { plain: true, text: '01000' },
      ['/x/defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive'],
    ],
    [
      '777 written in decimal',
      777,
      { plain: true, text: '777' },
      ['/x/defaultMode: Invalid value: 777: must be a number between 0 and 0777 (octal), both inclusive'],
    ],
    ['not an integer', 'x', undefined, []],
    ['not an integer, past 0777 (the walk refuses it)', 1000.5, undefined, []],
  ] as const)('a defaultMode of %s', (_name, value, source, expected) => {
    expect(run(defaultModeRange, { defaultMode: value }, source ? { '/x/defaultMode': source } : {})).toEqual(expected);
  });

  it('an item mode is read as its own field', () => {
    expect(run(modeRange, { mode: 1000, defaultMode: 1 }, { '/x/mode': { plain: true, text: '01000' } })).toEqual([
      '/x/mode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
    ]);
    expect(run(modeRange, { defaultMode: 1000 })).toEqual([]);
  });

  it.each([
    ['0 and 100%', { minAvailable: 0, maxUnavailable: '100%' }, []],
    ['0%', { minAvailable: '0%' }, []],
    ['-1', { minAvailable: -1 }, [`/x/minAvailable: Invalid value: -1: ${NEGATIVE}`]],
    ['101%', { maxUnavailable: '101%' }, ['/x/maxUnavailable: Invalid value: "101%": must not be greater than 100%']],
    [
      'a number in a string',
      { minAvailable: '50' },
      [
        "/x/minAvailable: Invalid value: \"50\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    [
      'a negative percent',
      { minAvailable: '-5%' },
      [expect.stringMatching(/^\/x\/minAvailable: Invalid value: "-5%": a valid percent string/)],
    ],
    [
      'a percent with text after it',
      { minAvailable: '5%x' },
      [expect.stringMatching(/^\/x\/minAvailable: Invalid value: "5%x": a valid percent string/)],
    ],
  ] as const)('a PDB bound of %s', (_name, object, expected) => {
    expect(run(disruptionBudgetRanges, object)).toEqual(expected);
  });

  it('a rolling update: both fields are positive ints or percents, and only maxUnavailable is capped at 100%', () => {
    expect(run(rollingUpdateRanges, { maxUnavailable: -1, maxSurge: -2 })).toEqual([
      `/x/maxUnavailable: Invalid value: -1: ${NEGATIVE}`,
      `/x/maxSurge: Invalid value: -2: ${NEGATIVE}`,
    ]);
    expect(run(rollingUpdateRanges, { maxUnavailable: '100%', maxSurge: '200%' })).toEqual([]);
    expect(run(rollingUpdateRanges, { maxUnavailable: '101%', maxSurge: '20' })).toEqual([
      '/x/maxUnavailable: Invalid value: "101%": must not be greater than 100%',
      expect.stringMatching(/^\/x\/maxSurge: Invalid value: "20": a valid percent string/),
    ]);
  });

  it.each([
    ['a negative number', { requests: { cpu: -1 } }, [`/x/requests/cpu: Invalid value: "-1": ${NEGATIVE}`]],
    ['a negative string after spaces', { limits: { memory: ' -1Gi' } }, [`/x/limits/memory: Invalid value: " -1Gi": ${NEGATIVE}`]],
    ['zero and positive ones', { requests: { cpu: 0, memory: '1Gi' }, limits: { cpu: '0' } }, []],
    ['a key with a slash', { limits: { 'example.com/gpu': -1 } }, [`/x/limits/example.com~1gpu: Invalid value: "-1": ${NEGATIVE}`]],
    ['a key with a tilde', { limits: { 'a~b': '-1' } }, [`/x/limits/a~0b: Invalid value: "-1": ${NEGATIVE}`]],
    ['requests that are not a map', { requests: [-1] }, []],
    ['a quantity that is a list (the walk refuses it)', { requests: { cpu: [-1] } }, []],
  ] as const)('resource quantities: %s', (_name, object, expected) => {
    expect(run(resourceQuantityRanges, object as Record<string, unknown>)).toEqual(expected);
  });
});

const TZ_REFUSED = 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';

/** The problems of a CronJob spec at /spec, as "pointer: message". */
const scheduleProblems = (spec: Record<string, unknown>): string[] =>
  cronJobSchedule(spec, '/spec', { scalarAt: () => undefined }).map((problem) => `${problem.pointer}: ${problem.message}`);

/** What the server says of a schedule: each parser or TZ message as an Invalid value of /spec/schedule. */
const refusals = (schedule: string, messages: string[]): string[] =>
  messages.map((message) => `/spec/schedule: Invalid value: ${JSON.stringify(schedule)}: ${message}`);

describe('the CronJob schedule check on its own (cron.ts): each schedule with the problems robfig/cron v3, as the API server 1.36.3 runs it, gives it', () => {
  it.each([
    // numbers: strconv.Atoi, then the parser's refusal of a negative one
    ['a number written with a plus sign is a number', '+5 */+2 * * *', []],
    [
      'a number with letters after it is no number',
      '5x * * * *',
      ['failed to parse int from 5x: strconv.Atoi: parsing "5x": invalid syntax'],
    ],
    [
      'a number with letters before it is no number',
      'x5 * * * *',
      ['failed to parse int from x5: strconv.Atoi: parsing "x5": invalid syntax'],
    ],
    ['a negative step', '*/-5 * * * *', ['negative number (-5) not allowed: -5']],
    ['a step of minus zero is a step of zero', '*/-0 * * * *', ['step of range should be a positive number: */-0']],
    [
      'a number one past Go int64 is out of range',
      '9223372036854775808 * * * *',
      ['failed to parse int from 9223372036854775808: strconv.Atoi: parsing "9223372036854775808": value out of range'],
    ],
    [
      'a step just below Go int64 is out of range',
      '*/-9223372036854775809 * * * *',
      ['failed to parse int from -9223372036854775809: strconv.Atoi: parsing "-9223372036854775809": value out of range'],
    ],
    [
      'a step at the bottom of Go int64 is a negative number',
      '*/-9223372036854775808 * * * *',
      ['negative number (-9223372036854775808) not allowed: -9223372036854775808'],
    ],
    [
      'a number past Go int64 is out of range',
      '99999999999999999999 * * * *',
      ['failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range'],
    ],
    [
      'a number within Go int64 is printed with all its digits',
      '9223372036854775807 * * * *',
      ['end of range (9223372036854775807) above maximum (59): 9223372036854775807'],
    ],
    // names: only the month and day names, in any case
    ['month and day names in any case', '0 0 * JAN-jun mon-FRI', []],
    [
      'a month named after a property every JavaScript object has is no month',
      '0 0 1 constructor *',
      ['failed to parse int from constructor: strconv.Atoi: parsing "constructor": invalid syntax'],
    ],
    [
      'a day named __proto__ is no day',
      '0 0 1 * __proto__',
      ['failed to parse int from __proto__: strconv.Atoi: parsing "__proto__": invalid syntax'],
    ],
    // ranges and steps
    ['a range with a step keeps its own end', '0 5-2/2 * * *', ['beginning of range (5) beyond end of range (2): 5-2/2']],
    ['a start with a step runs to the maximum of the field', '0 30/10 * * *', ['beginning of range (30) beyond end of range (23): 30/10']],
    ['two slashes', '*/2/2 * * * *', ['too many slashes: */2/2']],
    // fields: split on any run of whitespace, lists on commas, empty items dropped
    ['whitespace around and between the fields', '  0\t*  * * * ', []],
    ['empty items of a list', '0,,30 * * * *', []],
    // a time zone: refused, and the rest of the schedule parsed as the server parses it
    ['a TZ= prefix: refused for the zone alone', 'TZ=UTC 0 * * * *', [TZ_REFUSED]],
    [
      'a CRON_TZ= prefix: the rest of the schedule still parsed',
      'CRON_TZ=UTC 60 * * * *',
      ['end of range (60) above maximum (59): 60', TZ_REFUSED],
    ],
    ['a TZ= prefix before a descriptor', 'TZ=UTC @hourly', [TZ_REFUSED]],
    [
      'a TZ= prefix with nothing after it: the panic the server recovers',
      'TZ=UTC',
      ['invalid schedule format: runtime error: slice bounds out of range [:-1]', TZ_REFUSED],
    ],
    // descriptors and @every with Go's time.ParseDuration
    ['a descriptor that ends like a duration', '@abcdef1h', ['unrecognized descriptor: @abcdef1h']],
    ['an @every in days', '@every 1d', ['failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"']],
    ['an @every without a unit', '@every 5', ['failed to parse duration @every 5: time: missing unit in duration "5"']],
    ['an @every without digits', '@every .h', ['failed to parse duration @every .h: time: invalid duration ".h"']],
    [
      'an @every past int64 nanoseconds',
      '@every 3000000h',
      ['failed to parse duration @every 3000000h: time: invalid duration "3000000h"'],
    ],
    ['an @every of the longest duration Go has', '@every 2562047h47m16.854775807s', []],
    [
      'an @every one nanosecond past the longest duration',
      '@every 2562047h47m16.854775808s',
      ['failed to parse duration @every 2562047h47m16.854775808s: time: invalid duration "2562047h47m16.854775808s"'],
    ],
    ['a negative @every one nanosecond past it, which int64 holds', '@every -2562047h47m16.854775808s', []],
    [
      'an @every of more nanoseconds than int64 holds, leading zeros aside',
      '@every 00000000000000000000009223372036854775808ns',
      [
        'failed to parse duration @every 00000000000000000000009223372036854775808ns: time: invalid duration "00000000000000000000009223372036854775808ns"',
      ],
    ],
    [
      'an @every of more nanoseconds than uint64 steps allow',
      '@every 9223372036854775809ns',
      ['failed to parse duration @every 9223372036854775809ns: time: invalid duration "9223372036854775809ns"'],
    ],
    [
      'an @every whose second part takes it past int64 before any wrap',
      '@every 9223372036854775808ns1ns',
      ['failed to parse duration @every 9223372036854775808ns1ns: time: invalid duration "9223372036854775808ns1ns"'],
    ],
    ['an @every whose fraction of a nanosecond is cut, not rounded, at the longest duration', '@every 9223372036854775807.5ns', []],
    [
      // 5124096h is 2^64 ns and some 25 minutes: past int64 in one part, whatever a uint64 sum would wrap it to
      'an @every of one part past int64 that a uint64 sum would wrap to a small duration',
      '@every 5124096h',
      ['failed to parse duration @every 5124096h: time: invalid duration "5124096h"'],
    ],
    [
      'an @every of more digits than uint64 holds before an unknown unit',
      '@every 99999999999999999999x',
      ['failed to parse duration @every 99999999999999999999x: time: invalid duration "99999999999999999999x"'],
    ],
    [
      'an @every with a sign after its first part: part of the unit',
      '@every 1h-2m',
      ['failed to parse duration @every 1h-2m: time: unknown unit "h-" in duration "1h-2m"'],
    ],
    [
      'an @every unit with a space, which Go quotes as is',
      '@every 1h ',
      ['failed to parse duration @every 1h : time: unknown unit "h " in duration "1h "'],
    ],
    ['an @every with a fraction of 400 digits, past what a float64 scale holds', `@every 1.${'1'.repeat(400)}h`, []],
    ['an @every of signed zeros', '@every -0', []],
    ['an @every of a plus zero', '@every +0', []],
    ['an @every with a bare point before its unit, and twice the same unit', '@every 1.h1.5h', []],
    ['an @every with nothing after it', '@every ', ['failed to parse duration @every : time: invalid duration ""']],
    ['an @every of a sign alone', '@every -', ['failed to parse duration @every -: time: invalid duration "-"']],
    [
      'an @every unit with a backslash, escaped',
      '@every 1\\h',
      ['failed to parse duration @every 1\\h: time: unknown unit "\\\\h" in duration "1\\\\h"'],
    ],
    [
      'an @every unit with a control character, quoted as a byte',
      '@every 1\th',
      ['failed to parse duration @every 1\th: time: unknown unit "\\x09h" in duration "1\\x09h"'],
    ],
    [
      'an @every whose fraction takes it past the longest duration',
      '@every 2562047.9h',
      ['failed to parse duration @every 2562047.9h: time: invalid duration "2562047.9h"'],
    ],
    ['an @every with a fraction within it, and more digits than a uint64 holds', '@every 2562047.1h0.1234567890123456789012345ns', []],
    ['an @every in microseconds written with the micro sign', '@every 1.5µs', []],
    ['two durations whose uint64 sum wraps to zero, which Go accepts', '@every 9223372036854775808ns9223372036854775808ns', []],
    [
      'an @every unit that is not ASCII, quoted byte by byte',
      '@every 1é',
      ['failed to parse duration @every 1é: time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
    ],
    [
      'an @every unit with a quote, escaped',
      '@every 1"q',
      ['failed to parse duration @every 1"q: time: unknown unit "\\"q" in duration "1\\"q"'],
    ],
  ])('%s: %j', (_behaviour, schedule, messages) => {
    expect(scheduleProblems({ schedule })).toEqual(refusals(schedule, messages));
  });

  it('an @every unit of U+0080, the first rune past ASCII, is quoted byte by byte in the parser message', () => {
    expect(scheduleProblems({ schedule: '@every 1\u0080' })).toEqual([
      expect.stringMatching(/: failed to parse duration @every 1\u0080: time: unknown unit "\\xc2\\x80" in duration "1\\xc2\\x80"$/),
    ]);
  });

  it('an empty schedule is a required value, as validateCronJobSpec says before it parses anything', () => {
    expect(scheduleProblems({ schedule: '' })).toEqual(['/spec/schedule: Required value']);
  });

  it('a missing schedule, or one that is not a string, is left to the schema walk (required field, type)', () => {
    expect(scheduleProblems({})).toEqual([]);
    expect(scheduleProblems({ schedule: 5 })).toEqual([]);
  });
});
