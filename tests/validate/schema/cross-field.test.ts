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
