/**
 * The API server's checks across fields (core, apps, batch and policy validation, 1.36.3): a probe has one
 * handler, requests stay within limits, a claim asks for storage, Recreate has no rollingUpdate,
 * externalTrafficPolicy only on external Services, a PDB sets one of its two bounds, and per workload kind
 * the selector matches the template, the restart policy fits, and every volume mount names a volume.
 */
import { isPlainObject, jsonText, pointerSegment } from '../../model/json.js';
import { selectorMatches } from '../../model/k8s-objects.js';
import { dns1123Label } from './names.js';
import { forbidden, invalid, invalidEach, notSupported, required, type SchemaProblem, type TypeCheck } from './problem.js';
import { QUANTITY_PATTERN } from './walker.js';
import { quantityValue } from '../../model/quantity.js';

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/** validateHandler: exactly one handler. */
export const probeHandler: TypeCheck = (probe, pointer) => {
  const set = PROBE_HANDLERS.filter((handler) => probe[handler] !== undefined && probe[handler] !== null);
  if (set.length === 0) return [required(pointer, 'must specify a handler type')];
  return set.slice(1).map((handler) => forbidden(`${pointer}/${handler}`, 'may not specify more than 1 handler type'));
};

/** validateReadinessProbe: a readiness probe has no terminationGracePeriodSeconds (the container is not restarted). */
export const readinessProbeGrace: TypeCheck = (container, pointer) => {
  const probe = isPlainObject(container.readinessProbe) ? container.readinessProbe : {};
  const grace = probe.terminationGracePeriodSeconds;
  return grace === undefined || grace === null
    ? []
    : [invalid(`${pointer}/readinessProbe/terminationGracePeriodSeconds`, grace, 'must not be set for readinessProbes')];
};

/** A quantity's value (precise enough to compare two of them), or undefined for one the walk refuses. */
function quantityOf(value: unknown): number | undefined {
  if (typeof value === 'string' && !QUANTITY_PATTERN.test(value)) return undefined;
  return quantityValue(value);
}

/** The resources a request may not exceed the limit of (the overcommittable ones; others must be equal: not ported). */
const COMPARED = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** ValidateResourceRequirements: each request at most its limit. */
export const requestsWithinLimits: TypeCheck = (requirements, pointer) => {
  const requests = isPlainObject(requirements.requests) ? requirements.requests : {};
  const limits = isPlainObject(requirements.limits) ? requirements.limits : {};
  const problems: SchemaProblem[] = [];
  for (const [name, request] of Object.entries(requests)) {
    if (!COMPARED.has(name) || !(name in limits)) continue;
    const [wanted, allowed] = [quantityOf(request), quantityOf(limits[name])];
    if (wanted !== undefined && allowed !== undefined && wanted > allowed)
      problems.push(
        invalid(`${pointer}/requests`, String(request), `must be less than or equal to ${name} limit of ${String(limits[name])}`),
      );
  }
  return problems;
};

/** ValidatePersistentVolumeClaimSpec: an access mode, and a storage request above zero. */
export const claimSpec: TypeCheck = (spec, pointer) => {
  const problems: SchemaProblem[] = [];
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0)
    problems.push(required(`${pointer}/accessModes`, 'at least 1 access mode is required'));
  const resources = isPlainObject(spec.resources) ? spec.resources : {};
  const requests = isPlainObject(resources.requests) ? resources.requests : {};
  const storage = requests.storage;
  const path = `${pointer}/resources/requests/storage`;
  if (storage === undefined || storage === null) problems.push(required(path));
  else {
    const value = quantityOf(storage);
    if (value !== undefined && value <= 0) problems.push(invalid(path, jsonText(storage), 'must be greater than zero'));
  }
  return problems;
};

/** ValidateDeploymentStrategy: Recreate takes no rollingUpdate. */
export const deploymentStrategy: TypeCheck = (strategy, pointer) =>
  strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null
    ? [forbidden(`${pointer}/rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")]
    : [];

/** validateServiceExternalTrafficPolicy: only an externally accessible Service (NodePort, LoadBalancer, or external IPs) has one. */
export const externalTrafficPolicy: TypeCheck = (spec, pointer) => {
  const policy = spec.externalTrafficPolicy;
  if (policy === undefined || policy === null || policy === '') return [];
  const type = spec.type ?? 'ClusterIP';
  const external =
    type === 'NodePort' ||
    type === 'LoadBalancer' ||
    (type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  return external ? [] : [invalid(`${pointer}/externalTrafficPolicy`, policy, 'may only be set for externally-accessible services')];
};

/** ValidatePodDisruptionBudgetSpec: not both bounds. */
export const disruptionBudgetBounds: TypeCheck = (spec, pointer) =>
  spec.minAvailable !== undefined && spec.minAvailable !== null && spec.maxUnavailable !== undefined && spec.maxUnavailable !== null
    ? [invalid(pointer, spec, 'minAvailable and maxUnavailable cannot be both set')]
    : [];

/** Go's %v of a label map, as the server prints it in "`selector` does not match template `labels`". */
const goMap = (labels: Record<string, unknown>): string =>
  `map[string]string{${Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join(', ')}}`;

/** Workload kinds: where the pod template is, and what its restart policy may be. */
const WORKLOADS: Record<string, { template: string[]; restart: 'always' | 'job'; selector: boolean }> = {
  'apps/v1/Deployment': { template: ['spec', 'template'], restart: 'always', selector: true },
  'apps/v1/ReplicaSet': { template: ['spec', 'template'], restart: 'always', selector: true },
  'apps/v1/StatefulSet': { template: ['spec', 'template'], restart: 'always', selector: true },
  'apps/v1/DaemonSet': { template: ['spec', 'template'], restart: 'always', selector: true },
  'batch/v1/Job': { template: ['spec', 'template'], restart: 'job', selector: false },
  'batch/v1/CronJob': { template: ['spec', 'jobTemplate', 'spec', 'template'], restart: 'job', selector: false },
  'v1/Pod': { template: [], restart: 'always', selector: false },
};

function objectAt(object: unknown, path: readonly string[]): Record<string, unknown> | undefined {
  let current: unknown = object;
  for (const key of path) current = isPlainObject(current) ? current[key] : undefined;
  return isPlainObject(current) ? current : undefined;
}

/** validateContainers: each volumeMount (and volumeDevice) names a volume of the pod (or, in a StatefulSet, a claim template). */
function mountProblems(podSpec: Record<string, unknown>, pointer: string, claimNames: readonly string[]): SchemaProblem[] {
  const volumes = new Set(claimNames);
  for (const volume of Array.isArray(podSpec.volumes) ? podSpec.volumes : [])
    if (isPlainObject(volume) && typeof volume.name === 'string') volumes.add(volume.name);
  const problems: SchemaProblem[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    (Array.isArray(podSpec[list]) ? podSpec[list] : []).forEach((container: unknown, index) => {
      if (!isPlainObject(container)) return;
      for (const field of ['volumeMounts', 'volumeDevices']) {
        (Array.isArray(container[field]) ? container[field] : []).forEach((mount: unknown, mountIndex) => {
          if (isPlainObject(mount) && typeof mount.name === 'string' && mount.name !== '' && !volumes.has(mount.name))
            problems.push({
              pointer: `${pointer}/${list}/${index}/${field}/${mountIndex}/name`,
              message: `Not found: ${JSON.stringify(mount.name)}`,
            });
        });
      }
    });
  }
  return problems;
}

/** The workload checks of a whole object by "apiVersion/Kind". */
export function workloadKindProblems(object: Record<string, unknown>, key: string): SchemaProblem[] {
  const workload = WORKLOADS[key];
  if (!workload) return [];
  const template = workload.template.length === 0 ? object : objectAt(object, workload.template);
  if (!template) return [];
  const templatePointer = workload.template.map((segment) => `/${pointerSegment(segment)}`).join('');
  const podSpec = objectAt(template, ['spec']);
  const problems: SchemaProblem[] = [];
  const spec = objectAt(object, ['spec']) ?? {};
  if (
    workload.selector &&
    isPlainObject(spec.selector) &&
    (spec.selector.matchLabels !== undefined || spec.selector.matchExpressions !== undefined)
  ) {
    const labels = objectAt(template, ['metadata', 'labels']) ?? {};
    if (!selectorMatches(spec.selector, labels as Record<string, string>))
      problems.push({
        pointer: `${templatePointer}/metadata/labels`,
        message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``,
      });
  }
  if (!podSpec) return problems;
  const restart = podSpec.restartPolicy;
  const restartPointer = `${templatePointer}/spec/restartPolicy`;
  if (workload.restart === 'job') {
    // The pod template's restartPolicy defaults to Always, which a Job refuses.
    if (restart === undefined || restart === null || restart === '' || restart === 'Always')
      problems.push(required(restartPointer, 'valid values: "OnFailure", "Never"'));
  } else if (key !== 'v1/Pod' && typeof restart === 'string' && restart !== 'Always')
    problems.push(notSupported(restartPointer, restart, ['Always']));
  // The server adds each claim template to the pod as a volume (volumesToAddForTemplates), so its name is a
  // volume name, an RFC 1123 label; one it refuses is no volume, and a mount of it is not found.
  const claims: string[] = [];
  if (key === 'apps/v1/StatefulSet' && Array.isArray(spec.volumeClaimTemplates))
    spec.volumeClaimTemplates.forEach((claim: unknown, index) => {
      const name = isPlainObject(claim) && isPlainObject(claim.metadata) ? claim.metadata.name : undefined;
      if (typeof name !== 'string') return;
      const errors = dns1123Label(name);
      if (errors.length === 0) claims.push(name);
      else problems.push(...invalidEach(`/spec/volumeClaimTemplates/${index}/metadata/name`, name, errors));
    });
  problems.push(...mountProblems(podSpec, `${templatePointer}/spec`, claims));
  return problems;
}

/** ValidateSecurityContext: allowPrivilegeEscalation false and privileged true contradict each other. */
export const privilegeEscalation: TypeCheck = (context, pointer) =>
  context.allowPrivilegeEscalation === false && context.privileged === true
    ? [invalid(pointer, context, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true')]
    : [];

const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];

/** validateEnvVarValueFrom: a non-empty value with a valueFrom source. */
export const environmentValueSource: TypeCheck = (variable, pointer) => {
  const from = variable.valueFrom;
  if (!isPlainObject(from) || typeof variable.value !== 'string' || variable.value === '') return [];
  const sources = VALUE_SOURCES.filter((source) => from[source] !== undefined && from[source] !== null);
  return sources.length > 0 ? [invalid(`${pointer}/valueFrom`, '', 'may not be specified when `value` is not empty')] : [];
};

/** validateLocalDescendingPath: relative, without a `..` element (the server's path has no mount index). */
function descendingPathProblems(path: string, pointer: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (path.startsWith('/')) problems.push(invalid(pointer, path, 'must be a relative path'));
  if (path.split('/').includes('..')) problems.push(invalid(pointer, path, "must not contain '..'"));
  return problems;
}

/** ValidateVolumeMounts: subPath and subPathExpr are relative paths that do not step out of the volume. */
export const mountSubPaths: TypeCheck = (container, pointer) => {
  const problems: SchemaProblem[] = [];
  for (const mount of Array.isArray(container.volumeMounts) ? container.volumeMounts : []) {
    if (!isPlainObject(mount)) continue;
    for (const field of ['subPath', 'subPathExpr'])
      if (typeof mount[field] === 'string' && mount[field] !== '')
        problems.push(...descendingPathProblems(mount[field], `${pointer}/volumeMounts/${field}`));
  }
  return problems;
};

/** ValidateLabelSelectorRequirement: In and NotIn need values, Exists and DoesNotExist take none. */
export const selectorRequirement: TypeCheck = (requirement, pointer) => {
  const values = Array.isArray(requirement.values) ? requirement.values : [];
  switch (requirement.operator) {
    case 'In':
    case 'NotIn':
      return values.length === 0 ? [required(`${pointer}/values`, "must be specified when `operator` is 'In' or 'NotIn'")] : [];
    case 'Exists':
    case 'DoesNotExist':
      return values.length > 0
        ? [forbidden(`${pointer}/values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")]
        : [];
    default:
      return typeof requirement.operator === 'string'
        ? [invalid(`${pointer}/operator`, requirement.operator, 'not a valid selector operator')]
        : [];
  }
};

/** ValidateService: a LoadBalancer or NodePort Service is not headless. */
export const headlessServiceType: TypeCheck = (spec, pointer) => {
  const type = spec.type;
  if (type !== 'LoadBalancer' && type !== 'NodePort') return [];
  const ips = Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0 ? spec.clusterIPs : [spec.clusterIP];
  return ips.length === 1 && ips[0] === 'None'
    ? [invalid(`${pointer}/clusterIPs/0`, 'None', `may not be set to 'None' for ${type} services`)]
    : [];
};

/**
 * validateHostNetwork: with hostNetwork, a container port's hostPort (when set: an unset one defaults to
 * the containerPort) equals its containerPort.
 */
export const hostNetworkPorts: TypeCheck = (spec, pointer) => {
  if (spec.hostNetwork !== true) return [];
  const problems: SchemaProblem[] = [];
  (Array.isArray(spec.containers) ? spec.containers : []).forEach((container: unknown, index) => {
    if (!isPlainObject(container)) return;
    (Array.isArray(container.ports) ? container.ports : []).forEach((port: unknown, portIndex) => {
      if (!isPlainObject(port) || typeof port.hostPort !== 'number' || port.hostPort === 0 || port.hostPort === port.containerPort) return;
      problems.push(
        invalid(
          `${pointer}/containers/${index}/ports/${portIndex}/hostPort`,
          port.hostPort,
          'must match `containerPort` when `hostNetwork` is true',
        ),
      );
    });
  });
  return problems;
};

/** strconv.Atoi with its error dropped, as intstr's IntValue uses it: 0 for a string that is no integer. */
const atoiOrZero = (text: string): number => (/^[+-]?\d+$/.test(text) ? Number(text) : 0);

/**
 * getIntOrPercentValue: the number of an int or of a percent string, and any other string's IntValue (so 0 for
 * "0" and for a string that is no number, which the percent check also refuses). Unset is 25% by default: not 0.
 */
const intOrPercentValue = (value: unknown): number | undefined =>
  typeof value === 'number'
    ? value
    : typeof value === 'string'
      ? atoiOrZero(/^[0-9]+%$/.test(value) ? value.slice(0, -1) : value)
      : undefined;

/** ValidateRollingUpdateDeployment: maxSurge and maxUnavailable are not both 0. */
export const rollingUpdateNotBothZero: TypeCheck = (rollingUpdate, pointer) =>
  intOrPercentValue(rollingUpdate.maxUnavailable) === 0 && intOrPercentValue(rollingUpdate.maxSurge) === 0
    ? [invalid(`${pointer}/maxUnavailable`, rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0')]
    : [];

/** ValidateDeploymentSpec: progressDeadlineSeconds (when set) above minReadySeconds. */
export const progressDeadline: TypeCheck = (spec, pointer) => {
  const deadline = spec.progressDeadlineSeconds;
  const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
  return typeof deadline === 'number' && deadline <= minReady
    ? [invalid(`${pointer}/progressDeadlineSeconds`, deadline, 'must be greater than minReadySeconds')]
    : [];
};

/** validateHTTPIngressPath: an Exact or Prefix path is absolute, as is an ImplementationSpecific one when set. */
export const ingressPathAbsolute: TypeCheck = (path, pointer) => {
  const value = typeof path.path === 'string' ? path.path : '';
  const checked = path.pathType === 'Exact' || path.pathType === 'Prefix' || (path.pathType === 'ImplementationSpecific' && value !== '');
  return checked && !value.startsWith('/') ? [invalid(`${pointer}/path`, value, 'must be an absolute path')] : [];
};

/**
 * ValidateCustomResourceDefinition (apiextensions validation, 0.36.3): the name is
 * <spec.names.plural>.<spec.group>, and exactly one version is the storage version.
 */
export function customResourceDefinitionProblems(object: Record<string, unknown>, key: string): SchemaProblem[] {
  if (key !== 'apiextensions.k8s.io/v1/CustomResourceDefinition') return [];
  const problems: SchemaProblem[] = [];
  const spec = objectAt(object, ['spec']) ?? {};
  const names = objectAt(spec, ['names']) ?? {};
  const name = objectAt(object, ['metadata'])?.name;
  // the name it must be is built from the fields as they are, '' when unset (an empty name, which the server refuses
  // as required instead, is refused here with this message: the engine has no check of a required name)
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  if (typeof name === 'string' && name !== `${text(names.plural)}.${text(spec.group)}`)
    problems.push(invalid('/metadata/name', name, 'must be spec.names.plural+"."+spec.group'));
  if (Array.isArray(spec.versions) && spec.versions.length > 0) {
    const storage = spec.versions.filter((version: unknown) => isPlainObject(version) && version.storage === true).length;
    if (storage !== 1) problems.push(invalid('/spec/versions', spec.versions, 'must have exactly one version marked as storage version'));
  }
  return problems;
}
