/**
 * The API server's own validation that the OpenAPI schema does not carry, as data: which checks run on
 * the objects of each type (by the schema data's type names, so a template's ObjectMeta or a claim
 * template's spec is checked wherever it sits), and which run on a whole object of a kind. Ported from
 * the k8s.io/kubernetes v1.36.3 validation packages; see names.ts, name-checks.ts, ranges.ts, cron.ts,
 * cross-field.ts and server-enums.ts. (List-map keys, enums and YAML 1.1 are the walk's: walker.ts.)
 */
import { cronJobSchedule } from './cron.js';
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
} from './cross-field.js';
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
} from './name-checks.js';
import type { SchemaProblem, TypeCheck } from './problem.js';
import { bindingKindProblems, claimRetentionPolicy, storageClassReclaimPolicy } from './server-enums.js';
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
} from './ranges.js';

const CONTAINER = [containerNameChecks, containerPortNamesUnique, readinessProbeGrace, probeSuccessThreshold, mountSubPaths];

const TYPE_CHECKS: Readonly<Record<string, readonly TypeCheck[]>> = {
  'meta.v1.ObjectMeta': [objectMetaChecks],
  'core.v1.Container': CONTAINER,
  'core.v1.EphemeralContainer': CONTAINER,
  'core.v1.ContainerPort': [containerPortNameChecks, containerPortRanges],
  'core.v1.EnvVar': [environmentVariableChecks, environmentValueSource],
  'core.v1.SecurityContext': [privilegeEscalation],
  'core.v1.TopologySpreadConstraint': [topologySpreadRanges],
  'meta.v1.LabelSelectorRequirement': [selectorRequirement],
  'core.v1.Volume': [volumeNameChecks],
  'core.v1.ServiceSpec': [servicePortNameChecks, externalTrafficPolicy, headlessServiceType],
  'core.v1.ServicePort': [servicePortRanges],
  'core.v1.ConfigMapVolumeSource': [defaultModeRange],
  'core.v1.SecretVolumeSource': [defaultModeRange],
  'core.v1.DownwardAPIVolumeSource': [defaultModeRange],
  'core.v1.ProjectedVolumeSource': [defaultModeRange],
  'core.v1.KeyToPath': [modeRange],
  'core.v1.DownwardAPIVolumeFile': [modeRange],
  'core.v1.Probe': [probeHandler, probeRanges],
  'core.v1.PodSpec': [podSpecRanges, hostNetworkPorts],
  'core.v1.ResourceRequirements': [resourceQuantityRanges, requestsWithinLimits],
  'core.v1.PersistentVolumeClaimSpec': [claimSpec],
  'apps.v1.DeploymentSpec': [workloadSpecRanges, progressDeadline],
  'apps.v1.StatefulSetSpec': [statefulSetSpecRanges],
  'apps.v1.RollingUpdateStatefulSetStrategy': [statefulSetRollingUpdateRanges],
  'apps.v1.ReplicaSetSpec': [workloadSpecRanges],
  'apps.v1.DaemonSetSpec': [workloadSpecRanges],
  'apps.v1.DeploymentStrategy': [deploymentStrategy],
  'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': [claimRetentionPolicy],
  'apps.v1.RollingUpdateDeployment': [rollingUpdateRanges, rollingUpdateNotBothZero],
  'batch.v1.JobSpec': [jobSpecRanges],
  'batch.v1.CronJobSpec': [cronJobSpecRanges, cronJobSchedule],
  'networking.v1.IngressRule': [ingressHostChecks],
  'networking.v1.HTTPIngressPath': [ingressPathAbsolute],
  'networking.v1.IngressBackend': [ingressBackendPort],
  'storage.v1.StorageClass': [storageClassReclaimPolicy],
  'policy.v1.PodDisruptionBudgetSpec': [disruptionBudgetRanges, disruptionBudgetBounds],
};

/** The checks of one type's objects (none for a type without any, and for CRD and Argo CD types). */
export function typeChecks(name: string): readonly TypeCheck[] {
  return TYPE_CHECKS[name] ?? [];
}

/** The checks of a whole object: its name per kind, ConfigMap and Secret keys and sizes, the workload rules, RBAC bindings, a CRD's name and storage version. */
export function kindProblems(object: Record<string, unknown>, key: string, builtIn: boolean): SchemaProblem[] {
  return [
    ...nameKindProblems(object, key, builtIn),
    ...workloadKindProblems(object, key),
    ...bindingKindProblems(object, key),
    ...customResourceDefinitionProblems(object, key),
  ];
}
