/**
 * The API server's own validation that the OpenAPI schema does not carry, as data: which checks run on
 * the objects of each type (by the schema data's type names, so a template's ObjectMeta or a claim
 * template's spec is checked wherever it sits), and which run on a whole object of a kind. Ported from
 * the k8s.io/kubernetes v1.36.3 validation packages; see names.ts, name-checks.ts, ranges.ts,
 * cross-field.ts and server-enums.ts. (List-map keys, enums and YAML 1.1 are the walk's: walker.ts.)
 */
import {
  claimSpec,
  deploymentStrategy,
  disruptionBudgetBounds,
  externalTrafficPolicy,
  probeHandler,
  readinessProbeGrace,
  requestsWithinLimits,
  workloadKindProblems,
} from './cross-field.js';
import {
  containerNameChecks,
  containerPortNameChecks,
  containerPortNamesUnique,
  environmentVariableChecks,
  nameKindProblems,
  objectMetaChecks,
  servicePortNameChecks,
  volumeNameChecks,
} from './name-checks.js';
import type { SchemaProblem, TypeCheck } from './problem.js';
import { bindingKindProblems, claimRetentionPolicy } from './server-enums.js';
import {
  containerPortRanges,
  defaultModeRange,
  disruptionBudgetRanges,
  jobSpecRanges,
  modeRange,
  podSpecRanges,
  probeRanges,
  resourceQuantityRanges,
  rollingUpdateRanges,
  servicePortRanges,
  workloadSpecRanges,
} from './ranges.js';

const CONTAINER = [containerNameChecks, containerPortNamesUnique, readinessProbeGrace];

const TYPE_CHECKS: Readonly<Record<string, readonly TypeCheck[]>> = {
  'meta.v1.ObjectMeta': [objectMetaChecks],
  'core.v1.Container': CONTAINER,
  'core.v1.EphemeralContainer': CONTAINER,
  'core.v1.ContainerPort': [containerPortNameChecks, containerPortRanges],
  'core.v1.EnvVar': [environmentVariableChecks],
  'core.v1.Volume': [volumeNameChecks],
  'core.v1.ServiceSpec': [servicePortNameChecks, externalTrafficPolicy],
  'core.v1.ServicePort': [servicePortRanges],
  'core.v1.ConfigMapVolumeSource': [defaultModeRange],
  'core.v1.SecretVolumeSource': [defaultModeRange],
  'core.v1.DownwardAPIVolumeSource': [defaultModeRange],
  'core.v1.ProjectedVolumeSource': [defaultModeRange],
  'core.v1.KeyToPath': [modeRange],
  'core.v1.DownwardAPIVolumeFile': [modeRange],
  'core.v1.Probe': [probeHandler, probeRanges],
  'core.v1.PodSpec': [podSpecRanges],
  'core.v1.ResourceRequirements': [resourceQuantityRanges, requestsWithinLimits],
  'core.v1.PersistentVolumeClaimSpec': [claimSpec],
  'apps.v1.DeploymentSpec': [workloadSpecRanges],
  'apps.v1.StatefulSetSpec': [workloadSpecRanges],
  'apps.v1.ReplicaSetSpec': [workloadSpecRanges],
  'apps.v1.DaemonSetSpec': [workloadSpecRanges],
  'apps.v1.DeploymentStrategy': [deploymentStrategy],
  'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': [claimRetentionPolicy],
  'apps.v1.RollingUpdateDeployment': [rollingUpdateRanges],
  'batch.v1.JobSpec': [jobSpecRanges],
  'policy.v1.PodDisruptionBudgetSpec': [disruptionBudgetRanges, disruptionBudgetBounds],
};

/** The checks of one type's objects (none for a type without any, and for CRD and Argo CD types). */
export function typeChecks(name: string): readonly TypeCheck[] {
  return TYPE_CHECKS[name] ?? [];
}

/** The checks of a whole object: its name per kind, ConfigMap and Secret keys and sizes, the workload rules, RBAC bindings. */
export function kindProblems(object: Record<string, unknown>, key: string, builtIn: boolean): SchemaProblem[] {
  return [...nameKindProblems(object, key, builtIn), ...workloadKindProblems(object, key), ...bindingKindProblems(object, key)];
}
