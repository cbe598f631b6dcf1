/**
 * The table of the deprecated-api rule: API versions that Kubernetes removed or deprecated by the version
 * this repository targets, after the Kubernetes "Deprecated API Migration Guide"
 * (kubernetes.io/docs/reference/using-api/deprecation-guide).
 */
import { compareVersions } from '../../model/version.js';

/**
 * The Kubernetes minor version the render is checked against (the schema stage uses the same).
 */
export const TARGET_KUBERNETES = '1.36';

export interface ApiVersionChange {
  apiVersion: string;
  /** Kinds affected; all kinds of the group version when omitted. */
  kinds?: readonly string[];
  deprecatedIn: string;
  /** The release that stopped serving it; absent while it is only deprecated. */
  removedIn?: string;
  replacement: string;
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'];

const RBAC = ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];

const API_VERSION_CHANGES: readonly ApiVersionChange[] = [
  {
    apiVersion: 'extensions/v1beta1',
    kinds: [...WORKLOADS, 'NetworkPolicy', 'PodSecurityPolicy'],
    deprecatedIn: '1.8',
    removedIn: '1.16',
    replacement: 'apps/v1 (workloads), networking.k8s.io/v1 (NetworkPolicy)',
  },
  { apiVersion: 'apps/v1beta1', kinds: WORKLOADS, deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: WORKLOADS, deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress', 'IngressClass'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    deprecatedIn: '1.16',
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1',
    kinds: ['CustomResourceDefinition'],
    deprecatedIn: '1.16',
    removedIn: '1.22',
    replacement: 'apiextensions.k8s.io/v1',
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1',
    kinds: ['APIService'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'apiregistration.k8s.io/v1',
  },
  {
    apiVersion: 'authentication.k8s.io/v1beta1',
    kinds: ['TokenReview'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'authentication.k8s.io/v1',
  },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'authorization.k8s.io/v1',
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'certificates.k8s.io/v1',
  },
  {
    apiVersion: 'coordination.k8s.io/v1beta1',
    kinds: ['Lease'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'coordination.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: RBAC,
    deprecatedIn: '1.17',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1alpha1',
    kinds: RBAC,
    deprecatedIn: '1.17',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1beta1',
    kinds: ['PriorityClass'],
    deprecatedIn: '1.14',
    removedIn: '1.22',
    replacement: 'scheduling.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
  },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'batch/v1' },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    deprecatedIn: '1.21',
    removedIn: '1.25',
    replacement: 'discovery.k8s.io/v1',
  },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], deprecatedIn: '1.19', removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    deprecatedIn: '1.22',
    removedIn: '1.25',
    replacement: 'autoscaling/v2',
  },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'policy/v1' },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecatedIn: '1.21',
    removedIn: '1.25',
    replacement: 'none: use Pod Security Admission (namespace labels)',
  },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], deprecatedIn: '1.20', removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    deprecatedIn: '1.23',
    removedIn: '1.26',
    replacement: 'autoscaling/v2',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.23',
    removedIn: '1.26',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    deprecatedIn: '1.24',
    removedIn: '1.27',
    replacement: 'storage.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.26',
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.29',
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  { apiVersion: 'v1', kinds: ['Endpoints'], deprecatedIn: '1.33', replacement: 'discovery.k8s.io/v1 EndpointSlice' },
  { apiVersion: 'v1', kinds: ['ComponentStatus'], deprecatedIn: '1.19', replacement: 'the kube-apiserver /livez and /readyz endpoints' },
];

/**
 * Compare "1.25" and "1.36" as versions (1.9 before 1.36).
 */
export function versionAtMost(version: string, target: string): boolean {
  return compareVersions(version, target) <= 0;
}

/** The removal table entry of an apiVersion and kind, if it has one. */
export function apiVersionChange(apiVersion: string, kind: string): ApiVersionChange | undefined {
  return API_VERSION_CHANGES.find((change) => change.apiVersion === apiVersion && (!change.kinds || change.kinds.includes(kind)));
}

/**
 * A built-in group (one the pinned Kubernetes serves some version of: "", apps, resource.k8s.io, ...) at a
 * group version or kind the pinned Kubernetes does not serve. The served set is the schema data, built
 * from the POST paths of the pinned k8s.io/kubernetes OpenAPI v3 documents (see
 * tools/scripts/build-schemas.mjs). A CRD cannot add kinds to these groups, so anything else there is a
 * version the API server would refuse, such as resource.k8s.io/v1alpha2 (last served by 1.30).
 */
export function unservedApi(
  apiVersion: string,
  kind: string,
  served: Readonly<Record<string, string>>,
): { servedVersions: string[] } | undefined {
  if (served[`${apiVersion}/${kind}`]) return undefined;
  // "v1 List" is kubectl's wrapper, not a served kind; a version without a group is the core group only
  // when it looks like one ("builtin" is kustomize's own pseudo-group for transformer configs).
  if (kind === 'List' || (!apiVersion.includes('/') && !/^v\d+((alpha|beta)\d+)?$/.test(apiVersion))) return undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const keys = Object.keys(served);
  const groupOf = (key: string): string => (key.split('/').length === 3 ? key.slice(0, key.indexOf('/')) : '');
  if (group === 'argoproj.io' || !keys.some((key) => groupOf(key) === group)) return undefined;
  const servedVersions = keys
    .filter((key) => groupOf(key) === group && key.endsWith(`/${kind}`))
    .map((key) => key.slice(0, -kind.length - 1));
  return { servedVersions };
}
