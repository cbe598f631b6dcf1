/**
 * The API server's cross-field checks in the offline engine (cross-field.ts), through the CLI's path: a
 * case the server refuses, with its JSON path and wording, and a correct neighbour that passes.
 */
import { describe, expect, it } from 'vitest';
import {
  claimSpec,
  customResourceDefinitionProblems,
  deploymentStrategy,
  disruptionBudgetBounds,
  environmentValueSource,
  externalTrafficPolicy,
  headlessServiceType,
  hostNetworkPorts,
  ingressPathAbsolute,
  mountSubPaths,
  privilegeEscalation,
  probeHandler,
  progressDeadline,
  readinessProbeGrace,
  requestsWithinLimits,
  rollingUpdateNotBothZero,
  selectorRequirement,
  workloadKindProblems,
} from '../../../tools/src/validate/schema/cross-field.js';
import type { SchemaProblem, TypeCheck } from '../../../tools/src/validate/schema/problem.js';
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

const container = (fields: string): string => deployment(`containers:\n- name: app\n  image: nginx\n${fields}`);
const ingress = (rule: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ui}\nspec:\n  rules:\n  - ${rule}\n`;
const ingressPath = (path: string): string =>
  ingress(`http:\n      paths:\n      - {${path}, backend: {service: {name: ui, port: {number: 80}}}}`);
const selectorPdb = (expression: string): string =>
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec:\n  maxUnavailable: 1\n  selector: {matchExpressions: [${expression}]}\n`;
const rolling = (fields: string): string => deployment(APP, `  strategy:\n    rollingUpdate: {${fields}}\n`);
const deploymentSpec = (fields: string): string => deployment(APP, fields);
const crd = (name: string, versions: string): string =>
  `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ${name}}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {plural: widgets, singular: widget, kind: Widget}\n  versions:\n${versions}`;
const crdVersion = (name: string, storage: boolean): string =>
  `  - name: ${name}\n    served: true\n    storage: ${storage}\n    schema: {openAPIV3Schema: {type: object}}\n`;

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
  [
    'allowPrivilegeEscalation false with privileged true',
    container('  securityContext: {privileged: true, allowPrivilegeEscalation: false}'),
    '/spec/template/spec/containers/0/securityContext',
    /securityContext: Invalid value: .*: cannot set `allowPrivilegeEscalation` to false and `privileged` to true/,
    container('  securityContext: {privileged: true, allowPrivilegeEscalation: true}'),
  ],
  [
    'an env var with both value and valueFrom',
    container('  env:\n  - name: A\n    value: x\n    valueFrom: {fieldRef: {fieldPath: metadata.name}}'),
    '/spec/template/spec/containers/0/env/0/valueFrom',
    /env\[0\]\.valueFrom: Invalid value: "": may not be specified when `value` is not empty/,
    container('  env:\n  - name: A\n    value: ""\n    valueFrom: {fieldRef: {fieldPath: metadata.name}}'),
  ],
  [
    'an absolute volumeMount subPath',
    mounted('volumes: [{name: config, emptyDir: {}}]').replace('mountPath: /etc/app}', 'mountPath: /etc/app, subPath: /abs}'),
    // The server's path has no mount index (fldPath.Child("subPath") in ValidateVolumeMounts).
    '/spec/template/spec/containers/0/volumeMounts/subPath',
    /volumeMounts\.subPath: Invalid value: "\/abs": must be a relative path/,
    mounted('volumes: [{name: config, emptyDir: {}}]').replace('mountPath: /etc/app}', 'mountPath: /etc/app, subPath: abs/x}'),
  ],
  [
    'a volumeMount subPathExpr that steps out with ..',
    mounted('volumes: [{name: config, emptyDir: {}}]').replace('mountPath: /etc/app}', 'mountPath: /etc/app, subPathExpr: a/../..}'),
    '/spec/template/spec/containers/0/volumeMounts/subPathExpr',
    /subPathExpr: Invalid value: "a\/..\/..": must not contain '\.\.'/,
    mounted('volumes: [{name: config, emptyDir: {}}]').replace('mountPath: /etc/app}', 'mountPath: /etc/app, subPathExpr: a..b/$(POD)}'),
  ],
  [
    'a selector Exists expression with values (PDB)',
    selectorPdb('{key: app, operator: Exists, values: [c]}'),
    '/spec/selector/matchExpressions/0/values',
    /values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'/,
    selectorPdb('{key: app, operator: DoesNotExist}'),
  ],
  [
    'a selector In expression without values',
    selectorPdb('{key: app, operator: NotIn, values: []}'),
    '/spec/selector/matchExpressions/0/values',
    /values: Required value: must be specified when `operator` is 'In' or 'NotIn'/,
    selectorPdb('{key: app, operator: NotIn, values: [c]}'),
  ],
  [
    'a selector with an unknown operator',
    selectorPdb('{key: app, operator: Equals, values: [c]}'),
    '/spec/selector/matchExpressions/0/operator',
    /operator: Invalid value: "Equals": not a valid selector operator/,
    selectorPdb('{key: app, operator: In, values: [c]}'),
  ],
  [
    'a headless LoadBalancer Service',
    service('  type: LoadBalancer\n  clusterIP: None\n'),
    '/spec/clusterIPs/0',
    /clusterIPs\[0\]: Invalid value: "None": may not be set to 'None' for LoadBalancer services/,
    service('  type: LoadBalancer\n'),
  ],
  [
    'a headless NodePort Service (by clusterIPs)',
    service('  type: NodePort\n  clusterIPs: [None]\n'),
    '/spec/clusterIPs/0',
    /may not be set to 'None' for NodePort services/,
    service('  clusterIPs: [None]\n'),
  ],
  [
    'with hostNetwork, a hostPort other than the containerPort',
    deployment('hostNetwork: true\n' + APP.replace('image: nginx}', 'image: nginx, ports: [{containerPort: 8500, hostPort: 18500}]}')),
    '/spec/template/spec/containers/0/ports/0/hostPort',
    /hostPort: Invalid value: 18500: must match `containerPort` when `hostNetwork` is true/,
    deployment(
      'hostNetwork: true\n' +
        APP.replace('image: nginx}', 'image: nginx, ports: [{containerPort: 8500}, {containerPort: 8600, hostPort: 8600}]}'),
    ),
  ],
  [
    'maxSurge and maxUnavailable both 0',
    rolling('maxSurge: 0, maxUnavailable: "0%"'),
    '/spec/strategy/rollingUpdate/maxUnavailable',
    /maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0/,
    rolling('maxSurge: 1, maxUnavailable: 0'),
  ],
  [
    'progressDeadlineSeconds not above minReadySeconds',
    deploymentSpec('  minReadySeconds: 600\n  progressDeadlineSeconds: 600\n'),
    '/spec/progressDeadlineSeconds',
    /progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds/,
    deploymentSpec('  minReadySeconds: 600\n  progressDeadlineSeconds: 601\n'),
  ],
  [
    'a relative Prefix path in an Ingress',
    ingressPath('path: ui, pathType: Prefix'),
    '/spec/rules/0/http/paths/0/path',
    /path: Invalid value: "ui": must be an absolute path/,
    ingressPath('path: /ui, pathType: Prefix'),
  ],
  [
    'a relative ImplementationSpecific path in an Ingress',
    ingressPath('path: ui, pathType: ImplementationSpecific'),
    '/spec/rules/0/http/paths/0/path',
    /must be an absolute path/,
    ingressPath('pathType: ImplementationSpecific'),
  ],
  [
    'a CRD not named <plural>.<group>',
    crd('widget.example.com', crdVersion('v1', true)),
    '/metadata/name',
    /metadata\.name: Invalid value: "widget\.example\.com": must be spec\.names\.plural\+"\."\+spec\.group/,
    crd('widgets.example.com', crdVersion('v1', true)),
  ],
  [
    'a CRD without a storage version',
    crd('widgets.example.com', crdVersion('v1', false)),
    '/spec/versions',
    /spec\.versions: Invalid value: .*: must have exactly one version marked as storage version/,
    crd('widgets.example.com', crdVersion('v1', true) + crdVersion('v1beta1', false)),
  ],
  [
    'a CRD with two storage versions',
    crd('widgets.example.com', crdVersion('v1', true) + crdVersion('v2', true)),
    '/spec/versions',
    /must have exactly one version marked as storage version/,
    crd('widgets.example.com', crdVersion('v1', false) + crdVersion('v2', true)),
  ],
];

describe('cross-field checks', () => {
  it.each(cases)('%s: refused as the server does, and the corrected object passes', async (...serverCase) => {
    await expect(expectServerVerdict(serverCase)).resolves.toBeUndefined();
  });
});

const shown = (problems: SchemaProblem[]): string[] => problems.map((problem) => `${problem.pointer}: ${problem.message}`);
/** One check on one object at /x. */
const run = (check: TypeCheck, object: Record<string, unknown>): string[] => shown(check(object, '/x', { scalarAt: () => undefined }));

describe('cross-field checks on their own, branch by branch', () => {
  it.each([
    ['a probe with one handler', probeHandler, { grpc: { port: 1 } }, []],
    ['a probe whose handlers are null', probeHandler, { exec: null, httpGet: null }, ['/x: Required value: must specify a handler type']],
    [
      'a probe with three handlers: all but the first in exec, httpGet, tcpSocket, grpc order',
      probeHandler,
      { grpc: { port: 1 }, exec: { command: ['a'] }, httpGet: { port: 1 } },
      ['/x/httpGet: Forbidden: may not specify more than 1 handler type', '/x/grpc: Forbidden: may not specify more than 1 handler type'],
    ],
    [
      'a readiness probe grace of 0',
      readinessProbeGrace,
      { readinessProbe: { terminationGracePeriodSeconds: 0 } },
      ['/x/readinessProbe/terminationGracePeriodSeconds: Invalid value: 0: must not be set for readinessProbes'],
    ],
    ['a readiness probe grace of null', readinessProbeGrace, { readinessProbe: { terminationGracePeriodSeconds: null } }, []],
    ['a readiness probe that is not an object', readinessProbeGrace, { readinessProbe: 'x', terminationGracePeriodSeconds: 1 }, []],
    ['a liveness probe grace', readinessProbeGrace, { livenessProbe: { terminationGracePeriodSeconds: 1 } }, []],
    [
      'requests equal to the limits',
      requestsWithinLimits,
      { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1024Mi' } },
      [],
    ],
    [
      'a request above its limit, as numbers',
      requestsWithinLimits,
      { requests: { cpu: 2 }, limits: { cpu: 1 } },
      ['/x/requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ],
    [
      'an ephemeral-storage request above its limit',
      requestsWithinLimits,
      { requests: { 'ephemeral-storage': '2Gi' }, limits: { 'ephemeral-storage': '1Gi' } },
      ['/x/requests: Invalid value: "2Gi": must be less than or equal to ephemeral-storage limit of 1Gi'],
    ],
    [
      'an extended resource is not compared',
      requestsWithinLimits,
      { requests: { 'example.com/gpu': 2 }, limits: { 'example.com/gpu': 1 } },
      [],
    ],
    ['a request without a limit', requestsWithinLimits, { requests: { cpu: '2' }, limits: { memory: '1Gi' } }, []],
    ['a quantity the walk refuses is not compared', requestsWithinLimits, { requests: { cpu: 'lots' }, limits: { cpu: '1' } }, []],
    ['a limit the walk refuses is not compared', requestsWithinLimits, { requests: { cpu: '2' }, limits: { cpu: 'few' } }, []],
    ['limits that are not a map', requestsWithinLimits, { requests: { cpu: '2' }, limits: ['1'] }, []],
    [
      'a claim spec with a mode and storage',
      claimSpec,
      { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      [],
    ],
    [
      'a claim spec with no modes and a storage of null',
      claimSpec,
      { accessModes: [], resources: { requests: { storage: null } } },
      ['/x/accessModes: Required value: at least 1 access mode is required', '/x/resources/requests/storage: Required value'],
    ],
    [
      'a claim spec whose modes are not a list and whose resources are not a map',
      claimSpec,
      { accessModes: 'ReadWriteOnce', resources: 'x' },
      ['/x/accessModes: Required value: at least 1 access mode is required', '/x/resources/requests/storage: Required value'],
    ],
    [
      'a claim of 0',
      claimSpec,
      { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: 0 } } },
      ['/x/resources/requests/storage: Invalid value: "0": must be greater than zero'],
    ],
    [
      'a claim of -1Gi',
      claimSpec,
      { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '-1Gi' } } },
      ['/x/resources/requests/storage: Invalid value: "-1Gi": must be greater than zero'],
    ],
    ['a claim of 1m', claimSpec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1m' } } }, []],
    [
      'a claim of a quantity the walk refuses',
      claimSpec,
      { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: 'lots' } } },
      [],
    ],
    ['Recreate without rollingUpdate', deploymentStrategy, { type: 'Recreate', rollingUpdate: null }, []],
    ['RollingUpdate with rollingUpdate', deploymentStrategy, { type: 'RollingUpdate', rollingUpdate: {} }, []],
    [
      'Recreate with an empty rollingUpdate',
      deploymentStrategy,
      { type: 'Recreate', rollingUpdate: {} },
      ["/x/rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ],
    ['an empty externalTrafficPolicy', externalTrafficPolicy, { externalTrafficPolicy: '' }, []],
    ['externalTrafficPolicy on a NodePort', externalTrafficPolicy, { type: 'NodePort', externalTrafficPolicy: 'Local' }, []],
    ['externalTrafficPolicy on a LoadBalancer', externalTrafficPolicy, { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }, []],
    [
      'externalTrafficPolicy on a default-type Service with external IPs',
      externalTrafficPolicy,
      { externalIPs: ['192.0.2.1'], externalTrafficPolicy: 'Cluster' },
      [],
    ],
    [
      'externalTrafficPolicy on a default-type Service without external IPs',
      externalTrafficPolicy,
      { externalIPs: [], externalTrafficPolicy: 'Cluster' },
      ['/x/externalTrafficPolicy: Invalid value: "Cluster": may only be set for externally-accessible services'],
    ],
    [
      'externalTrafficPolicy on an ExternalName Service with external IPs',
      externalTrafficPolicy,
      { type: 'ExternalName', externalIPs: ['192.0.2.1'], externalTrafficPolicy: 'Local' },
      ['/x/externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
    ],
    ['a PDB with one bound', disruptionBudgetBounds, { minAvailable: 1, maxUnavailable: null }, []],
    ['a PDB with the other bound', disruptionBudgetBounds, { minAvailable: null, maxUnavailable: 1 }, []],
    [
      'a PDB with both bounds of 0',
      disruptionBudgetBounds,
      { minAvailable: 0, maxUnavailable: 0 },
      ['/x: Invalid value: {"minAvailable":0,"maxUnavailable":0}: minAvailable and maxUnavailable cannot be both set'],
    ],
    ['privileged alone', privilegeEscalation, { privileged: true }, []],
    ['no escalation, not privileged', privilegeEscalation, { allowPrivilegeEscalation: false, privileged: false }, []],
    [
      'no escalation but privileged',
      privilegeEscalation,
      { allowPrivilegeEscalation: false, privileged: true },
      [
        '/x: Invalid value: {"allowPrivilegeEscalation":false,"privileged":true}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
      ],
    ],
    ['an empty value with valueFrom', environmentValueSource, { name: 'A', value: '', valueFrom: { fieldRef: { fieldPath: 'x' } } }, []],
    ['a value with a valueFrom of no source', environmentValueSource, { name: 'A', value: 'v', valueFrom: { fieldRef: null } }, []],
    ['a value with a valueFrom that is not an object', environmentValueSource, { name: 'A', value: 'v', valueFrom: 'x' }, []],
    ...['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].map(
      (source) =>
        [
          `a value with valueFrom.${source}`,
          environmentValueSource,
          { name: 'A', value: 'v', valueFrom: { [source]: {} } },
          ['/x/valueFrom: Invalid value: "": may not be specified when `value` is not empty'],
        ] as const,
    ),
    ['relative mount paths', mountSubPaths, { volumeMounts: [{ subPath: 'a/b..c', subPathExpr: '' }, 'x', { subPath: '..a' }] }, []],
    [
      'mount paths that are absolute or step out',
      mountSubPaths,
      { volumeMounts: [{ subPath: '/..' }, { subPathExpr: 'a/../b' }, { subPath: '..' }] },
      [
        '/x/volumeMounts/subPath: Invalid value: "/..": must be a relative path',
        '/x/volumeMounts/subPath: Invalid value: "/..": must not contain \'..\'',
        '/x/volumeMounts/subPathExpr: Invalid value: "a/../b": must not contain \'..\'',
        '/x/volumeMounts/subPath: Invalid value: "..": must not contain \'..\'',
      ],
    ],
    ['mounts that are not a list', mountSubPaths, { volumeMounts: { subPath: '/a' } }, []],
    ['In with values', selectorRequirement, { key: 'a', operator: 'In', values: ['x'] }, []],
    [
      'NotIn without values',
      selectorRequirement,
      { key: 'a', operator: 'NotIn', values: 'x' },
      ["/x/values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    ],
    ['Exists without values', selectorRequirement, { key: 'a', operator: 'Exists', values: [] }, []],
    [
      'DoesNotExist with values',
      selectorRequirement,
      { key: 'a', operator: 'DoesNotExist', values: ['x'] },
      ["/x/values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    ],
    ['an operator that is not a string', selectorRequirement, { key: 'a', operator: 1 }, []],
    ['a ClusterIP Service that is headless', headlessServiceType, { type: 'ClusterIP', clusterIP: 'None' }, []],
    ['a NodePort Service with a cluster IP', headlessServiceType, { type: 'NodePort', clusterIP: '10.0.0.1' }, []],
    [
      'a LoadBalancer Service headless by clusterIP',
      headlessServiceType,
      { type: 'LoadBalancer', clusterIP: 'None', clusterIPs: [] },
      ['/x/clusterIPs/0: Invalid value: "None": may not be set to \'None\' for LoadBalancer services'],
    ],
    [
      'a NodePort Service with None and another cluster IP',
      headlessServiceType,
      { type: 'NodePort', clusterIPs: ['None', '10.0.0.1'] },
      [],
    ],
    [
      'hostPorts without hostNetwork',
      hostNetworkPorts,
      { hostNetwork: false, containers: [{ ports: [{ containerPort: 1, hostPort: 2 }] }] },
      [],
    ],
    [
      'hostPorts with hostNetwork: unset, 0, equal, and another one in the second container',
      hostNetworkPorts,
      {
        hostNetwork: true,
        containers: [
          { ports: [{ containerPort: 1 }, { containerPort: 2, hostPort: 0 }, { containerPort: 3, hostPort: 3 }, 'x'] },
          'x',
          {
            ports: [
              { containerPort: 4, hostPort: '5' },
              { containerPort: 4, hostPort: 5 },
            ],
          },
        ],
      },
      ['/x/containers/2/ports/1/hostPort: Invalid value: 5: must match `containerPort` when `hostNetwork` is true'],
    ],
    [
      'maxUnavailable 0% and maxSurge 0',
      rollingUpdateNotBothZero,
      { maxUnavailable: '0%', maxSurge: 0 },
      ['/x/maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0'],
    ],
    ['maxUnavailable 0 and maxSurge 1%', rollingUpdateNotBothZero, { maxUnavailable: 0, maxSurge: '1%' }, []],
    ['maxUnavailable 1 and maxSurge 0%', rollingUpdateNotBothZero, { maxUnavailable: 1, maxSurge: '0%' }, []],
    ['maxUnavailable unset and maxSurge 0', rollingUpdateNotBothZero, { maxSurge: 0 }, []],
    // a string that is no percent is intstr's IntValue: strconv.Atoi, 0 when that fails (the percent check refuses it too)
    [
      'maxUnavailable 0x% and maxSurge 0: no percent, so IntValue 0',
      rollingUpdateNotBothZero,
      { maxUnavailable: '0x%', maxSurge: 0 },
      ['/x/maxUnavailable: Invalid value: "0x%": may not be 0 when `maxSurge` is 0'],
    ],
    [
      'maxUnavailable x0% and maxSurge 0: no percent, so IntValue 0',
      rollingUpdateNotBothZero,
      { maxUnavailable: 'x0%', maxSurge: 0 },
      ['/x/maxUnavailable: Invalid value: "x0%": may not be 0 when `maxSurge` is 0'],
    ],
    [
      'maxUnavailable "0" and maxSurge "0" as strings',
      rollingUpdateNotBothZero,
      { maxUnavailable: '0', maxSurge: '0' },
      ['/x/maxUnavailable: Invalid value: "0": may not be 0 when `maxSurge` is 0'],
    ],
    ['maxUnavailable "1" as a string and maxSurge 0', rollingUpdateNotBothZero, { maxUnavailable: '1', maxSurge: 0 }, []],
    [
      'maxUnavailable "+1", which strconv.Atoi reads as 1, and maxSurge 0',
      rollingUpdateNotBothZero,
      { maxUnavailable: '+1', maxSurge: 0 },
      [],
    ],
    [
      'maxUnavailable "x1", no number, and maxSurge 0',
      rollingUpdateNotBothZero,
      { maxUnavailable: 'x1', maxSurge: 0 },
      ['/x/maxUnavailable: Invalid value: "x1": may not be 0 when `maxSurge` is 0'],
    ],
    [
      'maxUnavailable "1x", no number, and maxSurge 0',
      rollingUpdateNotBothZero,
      { maxUnavailable: '1x', maxSurge: 0 },
      ['/x/maxUnavailable: Invalid value: "1x": may not be 0 when `maxSurge` is 0'],
    ],
    ['maxUnavailable 10% and maxSurge 0', rollingUpdateNotBothZero, { maxUnavailable: '10%', maxSurge: 0 }, []],
    ['maxUnavailable 01% and maxSurge 0: all the digits count', rollingUpdateNotBothZero, { maxUnavailable: '01%', maxSurge: 0 }, []],
    [
      'maxUnavailable 00% and maxSurge 0',
      rollingUpdateNotBothZero,
      { maxUnavailable: '00%', maxSurge: 0 },
      ['/x/maxUnavailable: Invalid value: "00%": may not be 0 when `maxSurge` is 0'],
    ],
    ['maxUnavailable null and maxSurge 0', rollingUpdateNotBothZero, { maxUnavailable: null, maxSurge: 0 }, []],
    [
      'a deadline of 0 and no minReadySeconds, which is 0',
      progressDeadline,
      { progressDeadlineSeconds: 0 },
      ['/x/progressDeadlineSeconds: Invalid value: 0: must be greater than minReadySeconds'],
    ],
    ['a deadline of null', progressDeadline, { progressDeadlineSeconds: null }, []],
    // a quantity the walk refuses (spaces, no number) is not compared
    [
      'a request the walk refuses for its space is not compared',
      requestsWithinLimits,
      { requests: { cpu: ' 2' }, limits: { cpu: '1' } },
      [],
    ],
    [
      'a request written as a large number is compared',
      requestsWithinLimits,
      { requests: { cpu: 1e21 }, limits: { cpu: 1 } },
      ['/x/requests: Invalid value: "1e+21": must be less than or equal to cpu limit of 1'],
    ],
    ['a null externalTrafficPolicy is unset', externalTrafficPolicy, { externalTrafficPolicy: null }, []],
    ['a valueFrom without a value', environmentValueSource, { name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, []],
    [
      'an empty value beside a valueFrom is no value',
      environmentValueSource,
      { name: 'A', value: '', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      [],
    ],
    [
      'a volumeMount that is null is skipped',
      mountSubPaths,
      { volumeMounts: [null, { name: 'v', subPath: '/abs' }] },
      ['/x/volumeMounts/subPath: Invalid value: "/abs": must be a relative path'],
    ],
    [
      'a container that is null is skipped with hostNetwork',
      hostNetworkPorts,
      { hostNetwork: true, containers: [null, { ports: [{ containerPort: 80, hostPort: 81 }] }] },
      ['/x/containers/1/ports/0/hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true'],
    ],
    ['a deadline above minReadySeconds', progressDeadline, { progressDeadlineSeconds: 11, minReadySeconds: 10 }, []],
    ['a deadline of 1 without minReadySeconds', progressDeadline, { progressDeadlineSeconds: 1 }, []],
    [
      'a deadline of 0 without minReadySeconds',
      progressDeadline,
      { progressDeadlineSeconds: 0, minReadySeconds: '5' },
      ['/x/progressDeadlineSeconds: Invalid value: 0: must be greater than minReadySeconds'],
    ],
    [
      'a deadline below minReadySeconds',
      progressDeadline,
      { progressDeadlineSeconds: 5, minReadySeconds: 10 },
      ['/x/progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds'],
    ],
    ['no deadline', progressDeadline, { minReadySeconds: 10 }, []],
    ['an Exact path that is absolute', ingressPathAbsolute, { path: '/a', pathType: 'Exact' }, []],
    [
      'an Exact path that is relative',
      ingressPathAbsolute,
      { path: 'a', pathType: 'Exact' },
      ['/x/path: Invalid value: "a": must be an absolute path'],
    ],
    ['a Prefix path that is empty', ingressPathAbsolute, { pathType: 'Prefix' }, ['/x/path: Invalid value: "": must be an absolute path']],
    ['an ImplementationSpecific path that is empty', ingressPathAbsolute, { path: '', pathType: 'ImplementationSpecific' }, []],
    ['a relative path without a pathType', ingressPathAbsolute, { path: 'a' }, []],
  ] as const)('%s', (_name, check, object, expected) => {
    expect(run(check, object as Record<string, unknown>)).toEqual(expected);
  });
});

describe('the workload checks of a whole object', () => {
  const pod = (spec: Record<string, unknown>) => ({ template: { metadata: { labels: { app: 'a' } }, spec } });

  it('a kind without a pod template, or an object without its template, has none', () => {
    expect(workloadKindProblems({ spec: pod({ restartPolicy: 'Never' }) }, 'v1/ConfigMap')).toEqual([]);
    expect(workloadKindProblems({ spec: { selector: { matchLabels: { app: 'b' } } } }, 'apps/v1/Deployment')).toEqual([]);
  });

  it('the selector is checked when it has matchLabels or matchExpressions; the labels printed sorted as Go prints a map', () => {
    const object = {
      spec: { selector: { matchLabels: { app: 'b' } }, template: { metadata: { labels: { z: '1', app: 'a' } }, spec: {} } },
    };
    expect(shown(workloadKindProblems(object, 'apps/v1/ReplicaSet'))).toEqual([
      '/spec/template/metadata/labels: Invalid value: map[string]string{"app":"a", "z":"1"}: `selector` does not match template `labels`',
    ]);
    expect(
      shown(
        workloadKindProblems(
          { spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, template: { spec: {} } } },
          'apps/v1/DaemonSet',
        ),
      ),
    ).toEqual(['/spec/template/metadata/labels: Invalid value: map[string]string{}: `selector` does not match template `labels`']);
    expect(workloadKindProblems({ spec: { selector: {}, template: { spec: {} } } }, 'apps/v1/Deployment')).toEqual([]);
    expect(workloadKindProblems({ spec: { selector: { matchLabels: { app: 'b' } }, template: { spec: {} } } }, 'batch/v1/Job')).toEqual([
      { pointer: '/spec/template/spec/restartPolicy', message: 'Required value: valid values: "OnFailure", "Never"' },
    ]);
  });

  it.each([
    ['apps/v1/StatefulSet', 'Never', ['/spec/template/spec/restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['apps/v1/Deployment', 'Always', []],
    ['apps/v1/Deployment', 5, []],
    ['batch/v1/Job', 'OnFailure', []],
    ['batch/v1/Job', 'Never', []],
    ['batch/v1/Job', '', ['/spec/template/spec/restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ['batch/v1/Job', null, ['/spec/template/spec/restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ['batch/v1/Job', 'Always', ['/spec/template/spec/restartPolicy: Required value: valid values: "OnFailure", "Never"']],
  ] as const)('a %s with restartPolicy %j', (key, restartPolicy, expected) => {
    expect(shown(workloadKindProblems({ spec: pod({ restartPolicy }) }, key))).toEqual(expected);
  });

  it('a CronJob template is under jobTemplate; a Pod is its own template and may have any restart policy', () => {
    expect(shown(workloadKindProblems({ spec: { jobTemplate: { spec: pod({ restartPolicy: 'Always' }) } } }, 'batch/v1/CronJob'))).toEqual([
      '/spec/jobTemplate/spec/template/spec/restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    const podObject = { spec: { restartPolicy: 'Never', containers: [{ name: 'a', volumeMounts: [{ name: 'v', mountPath: '/v' }] }] } };
    expect(shown(workloadKindProblems(podObject, 'v1/Pod'))).toEqual(['/spec/containers/0/volumeMounts/0/name: Not found: "v"']);
  });

  it('every container list and volumeDevices name a volume of the pod; an empty name or a mount that is not an object is not checked', () => {
    const spec = {
      volumes: [{ name: 'data' }, 'x', { name: 5 }],
      initContainers: [{ volumeMounts: [{ name: 'data' }, { name: 'init' }] }],
      containers: ['x', { volumeDevices: [{ name: 'dev' }], volumeMounts: [{ name: '' }, 'x'] }],
      ephemeralContainers: [{ volumeMounts: [{ name: 'debug' }] }],
    };
    expect(shown(workloadKindProblems({ spec: pod(spec) }, 'apps/v1/Deployment'))).toEqual([
      '/spec/template/spec/initContainers/0/volumeMounts/1/name: Not found: "init"',
      '/spec/template/spec/containers/1/volumeDevices/0/name: Not found: "dev"',
      '/spec/template/spec/ephemeralContainers/0/volumeMounts/0/name: Not found: "debug"',
    ]);
  });

  it("a volume, container, mount or claim template that is null or has no metadata is skipped, and a mount name that is no string is the walk's", () => {
    const spec = {
      volumeClaimTemplates: [null, { spec: {} }, { metadata: { name: 'data' } }],
      template: {
        spec: {
          volumes: [null, { name: 'config' }],
          containers: [null, { volumeMounts: [null, { name: 5 }, { name: 'data' }, { name: 'config' }, { name: 'cache' }] }],
        },
      },
    };
    expect(shown(workloadKindProblems({ spec }, 'apps/v1/StatefulSet'))).toEqual([
      '/spec/template/spec/containers/1/volumeMounts/4/name: Not found: "cache"',
    ]);
  });

  it('a template without a pod spec has only the selector checked', () => {
    const object = { spec: { selector: { matchLabels: { app: 'b' } }, template: { metadata: { labels: { c: '3', a: '1', b: '2' } } } } };
    expect(shown(workloadKindProblems(object, 'apps/v1/Deployment'))).toEqual([
      '/spec/template/metadata/labels: Invalid value: map[string]string{"a":"1", "b":"2", "c":"3"}: `selector` does not match template `labels`',
    ]);
  });

  it("a StatefulSet's claim templates are volumes when their names are labels; a name the server refuses is reported and is no volume", () => {
    const object = {
      spec: {
        volumeClaimTemplates: [{ metadata: { name: 'data' } }, { metadata: { name: 'Logs' } }, { metadata: {} }, 'x'],
        template: { spec: { containers: [{ volumeMounts: [{ name: 'data' }, { name: 'Logs' }] }] } },
      },
    };
    expect(shown(workloadKindProblems(object, 'apps/v1/StatefulSet'))).toEqual([
      expect.stringMatching(/^\/spec\/volumeClaimTemplates\/1\/metadata\/name: Invalid value: "Logs": a lowercase RFC 1123 label/),
      '/spec/template/spec/containers/0/volumeMounts/1/name: Not found: "Logs"',
    ]);
    expect(shown(workloadKindProblems(object, 'apps/v1/Deployment'))).toEqual([
      '/spec/template/spec/containers/0/volumeMounts/0/name: Not found: "data"',
      '/spec/template/spec/containers/0/volumeMounts/1/name: Not found: "Logs"',
    ]);
  });
});

describe('the CustomResourceDefinition checks', () => {
  const KEY = 'apiextensions.k8s.io/v1/CustomResourceDefinition';
  const crdObject = (name: unknown, versions: unknown, names: Record<string, unknown> = { plural: 'widgets' }) => ({
    metadata: { name },
    spec: { group: 'example.com', names, versions },
  });

  it.each([
    ['the right name and one storage version', crdObject('widgets.example.com', [{ storage: true }, { storage: false }]), []],
    ['another kind', crdObject('x', [{ storage: false }]), []],
    [
      'no plural: the name it must be is ".example.com", as the server builds it',
      crdObject('x', [], {}),
      ['/metadata/name: Invalid value: "x": must be spec.names.plural+"."+spec.group'],
    ],
    [
      'no group: the name it must be is "widgets."',
      { metadata: { name: 'widgets.example.com' }, spec: { names: { plural: 'widgets' }, versions: [] } },
      ['/metadata/name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group'],
    ],
    ['no group, and the name that makes', { metadata: { name: 'widgets.' }, spec: { names: { plural: 'widgets' }, versions: [] } }, []],
    ['no name', crdObject(undefined, []), []],
    ['no metadata', { spec: { group: 'example.com', names: { plural: 'widgets' }, versions: [{ storage: true }] } }, []],
    ['no versions', crdObject('widgets.example.com', 'v1'), []],
    [
      'a wrong name',
      crdObject('widget.example.com', []),
      ['/metadata/name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group'],
    ],
    [
      'no storage version, a version that is not an object',
      crdObject('widgets.example.com', ['v1', { storage: 'true' }]),
      ['/spec/versions: Invalid value: ["v1",{"storage":"true"}]: must have exactly one version marked as storage version'],
    ],
  ] as const)('%s', (name, object, expected) => {
    expect(
      shown(
        customResourceDefinitionProblems(object, name === 'another kind' ? 'apiextensions.k8s.io/v1beta1/CustomResourceDefinition' : KEY),
      ),
    ).toEqual(expected);
  });
});
