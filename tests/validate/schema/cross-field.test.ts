/**
 * The API server's cross-field checks in the offline engine (cross-field.ts), through the CLI's path: a
 * case the server refuses, with its JSON path and wording, and a correct neighbour that passes.
 */
import { describe, expect, it } from 'vitest';
import { deployment, expectServerVerdict, statefulSet, type ServerCase } from './server-checks-helper.js';

const APP = 'containers: [{name: app, image: nginx}]';
const probe = (handlers: string): string => deployment(`containers:\n- name: app\n  image: nginx\n  readinessProbe:\n${handlers}`);
const resources = (text: string): string => deployment(`containers:\n- name: app\n  image: nginx\n  resources: ${text}`);
const service = (spec: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n${spec}`;
const pdb = (spec: string): string =>
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec:\n  selector: {matchLabels: {app: c}}\n${spec}`;
const job = (restart: string): string =>
  `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n${restart}      containers: [{name: app, image: busybox}]\n`;
const cronJob = (restart: string): string =>
  `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j}\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${restart}          containers: [{name: app, image: busybox}]\n`;
const claim = (spec: string): string => `volumeClaimTemplates:\n- metadata: {name: data}\n  spec:\n${spec}`;
const mounted = (volumes: string): string =>
  deployment(`containers:\n- name: app\n  image: nginx\n  volumeMounts: [{name: config, mountPath: /etc/app}]\n${volumes}`);

const cases: ServerCase[] = [
  [
    'a probe without a handler',
    probe('    periodSeconds: 5'),
    '/spec/template/spec/containers/0/readinessProbe',
    /readinessProbe: Required value: must specify a handler type/,
    probe('    tcpSocket: {port: 80}'),
  ],
  [
    'a probe with two handlers',
    probe('    tcpSocket: {port: 80}\n    httpGet: {port: 80, path: /}'),
    // The server takes exec, httpGet, tcpSocket, grpc in that order: the second one found is refused.
    '/spec/template/spec/containers/0/readinessProbe/tcpSocket',
    /tcpSocket: Forbidden: may not specify more than 1 handler type/,
    probe('    httpGet: {port: 80, path: /}'),
  ],
  [
    'a readiness probe with terminationGracePeriodSeconds',
    probe('    tcpSocket: {port: 80}\n    terminationGracePeriodSeconds: 10'),
    '/spec/template/spec/containers/0/readinessProbe/terminationGracePeriodSeconds',
    /Invalid value: 10: must not be set for readinessProbes/,
    deployment(
      'containers:\n- name: app\n  image: nginx\n  livenessProbe:\n    tcpSocket: {port: 80}\n    terminationGracePeriodSeconds: 10',
    ),
  ],
  [
    'a cpu request above its limit',
    resources('{requests: {cpu: 2}, limits: {cpu: 500m}}'),
    '/spec/template/spec/containers/0/resources/requests',
    /requests: Invalid value: "2": must be less than or equal to cpu limit of 500m/,
    resources('{requests: {cpu: 500m}, limits: {cpu: "0.5"}}'),
  ],
  [
    'a memory request above its limit, in other units',
    resources('{requests: {memory: 2Gi}, limits: {memory: 2000M}}'),
    '/spec/template/spec/containers/0/resources/requests',
    /must be less than or equal to memory limit of 2000M/,
    resources('{requests: {memory: 1e9, cpu: 999m}, limits: {memory: 2000M, cpu: 1}}'),
  ],
  [
    'a claim template without a storage request',
    statefulSet(APP, claim('    accessModes: [ReadWriteOnce]')),
    '/spec/volumeClaimTemplates/0/spec/resources/requests/storage',
    /Required value$/,
    statefulSet(APP, claim('    accessModes: [ReadWriteOnce]\n    resources: {requests: {storage: 1Gi}}')),
  ],
  [
    'a claim template without an access mode',
    statefulSet(APP, claim('    resources: {requests: {storage: 1Gi}}')),
    '/spec/volumeClaimTemplates/0/spec/accessModes',
    /Required value: at least 1 access mode is required/,
    statefulSet(APP, claim('    accessModes: [ReadWriteOncePod]\n    resources: {requests: {storage: 1Gi}}')),
  ],
  [
    'Recreate with rollingUpdate',
    deployment(APP, '  strategy:\n    type: Recreate\n    rollingUpdate: {maxSurge: 1}\n'),
    '/spec/strategy/rollingUpdate',
    /Forbidden: may not be specified when strategy `type` is 'Recreate'/,
    deployment(APP, '  strategy:\n    type: Recreate\n'),
  ],
  [
    'externalTrafficPolicy on a ClusterIP Service',
    service('  externalTrafficPolicy: Local\n'),
    '/spec/externalTrafficPolicy',
    /Invalid value: "Local": may only be set for externally-accessible services/,
    service('  type: NodePort\n  externalTrafficPolicy: Local\n'),
  ],
  [
    'externalTrafficPolicy on a headless Service without external IPs',
    service('  clusterIP: None\n  externalTrafficPolicy: Cluster\n'),
    '/spec/externalTrafficPolicy',
    /may only be set for externally-accessible services/,
    service('  externalIPs: [192.0.2.10]\n  externalTrafficPolicy: Cluster\n'),
  ],
  [
    'a PDB with both bounds',
    pdb('  minAvailable: 1\n  maxUnavailable: 1\n'),
    '/spec',
    /^spec: Invalid value: .*minAvailable and maxUnavailable cannot be both set/,
    pdb('  maxUnavailable: 1\n'),
  ],
  [
    'a selector that does not match the template labels',
    deployment(APP).replace('labels: {app: web}', 'labels: {app: api}'),
    '/spec/template/metadata/labels',
    /Invalid value: map\[string\]string\{"app":"api"\}: `selector` does not match template `labels`/,
    deployment(APP).replace('labels: {app: web}', 'labels: {app: web, tier: front}'),
  ],
  [
    'a selector expression that does not match',
    statefulSet(APP).replace(
      'selector: {matchLabels: {app: consul}}',
      'selector: {matchExpressions: [{key: app, operator: In, values: [other]}]}',
    ),
    '/spec/template/metadata/labels',
    /`selector` does not match template `labels`/,
    statefulSet(APP).replace(
      'selector: {matchLabels: {app: consul}}',
      'selector: {matchExpressions: [{key: app, operator: In, values: [consul]}]}',
    ),
  ],
  [
    'a Deployment with restartPolicy Never',
    deployment(`restartPolicy: Never\n${APP}`),
    '/spec/template/spec/restartPolicy',
    /Unsupported value: "Never": supported values: "Always"/,
    deployment(`restartPolicy: Always\n${APP}`),
  ],
  [
    'a Job with restartPolicy Always',
    job('      restartPolicy: Always\n'),
    '/spec/template/spec/restartPolicy',
    /Required value: valid values: "OnFailure", "Never"/,
    job('      restartPolicy: OnFailure\n'),
  ],
  [
    'a Job without restartPolicy (it defaults to Always)',
    job(''),
    '/spec/template/spec/restartPolicy',
    /Required value: valid values: "OnFailure", "Never"/,
    job('      restartPolicy: Never\n'),
  ],
  [
    'a CronJob with restartPolicy Always',
    cronJob('          restartPolicy: Always\n'),
    '/spec/jobTemplate/spec/template/spec/restartPolicy',
    /Required value/,
    cronJob('          restartPolicy: Never\n'),
  ],
  [
    'a volumeMount naming no volume',
    mounted('volumes: [{name: other, emptyDir: {}}]'),
    '/spec/template/spec/containers/0/volumeMounts/0/name',
    /volumeMounts\[0\]\.name: Not found: "config"/,
    mounted('volumes: [{name: config, emptyDir: {}}]'),
  ],
  [
    'a StatefulSet mount of a claim template is a defined volume',
    statefulSet(
      `containers:\n- name: consul\n  image: consul\n  volumeMounts: [{name: date, mountPath: /data}]`,
      claim('    accessModes: [ReadWriteOnce]\n    resources: {requests: {storage: 1Gi}}'),
    ),
    '/spec/template/spec/containers/0/volumeMounts/0/name',
    /Not found: "date"/,
    statefulSet(
      `containers:\n- name: consul\n  image: consul\n  volumeMounts: [{name: data, mountPath: /data}]`,
      claim('    accessModes: [ReadWriteOnce]\n    resources: {requests: {storage: 1Gi}}'),
    ),
  ],
];

describe('cross-field checks', () => {
  it.each(cases)('%s: refused as the server does, and the corrected object passes', async (...serverCase) => {
    await expect(expectServerVerdict(serverCase)).resolves.toBeUndefined();
  });
});
