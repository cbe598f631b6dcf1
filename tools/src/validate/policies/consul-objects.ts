/**
 * Which objects the Consul rules look at: recognised by what they say they are (labels) or what they run
 * (images), never by kind alone. A metrics-exporter DaemonSet on host ports or a plain nginx Deployment
 * next to Consul is none of Consul's business. Pure.
 */
import { LABEL } from '../../model/consul.js';
import { parseImageReference } from '../../model/image-reference.js';
import type { ParsedResource } from '../../parse/resource.js';
import { asObject, containersOf, get, podLabelsOf } from '../../model/k8s-objects.js';

/** Label keys whose value `consul` marks an object as part of Consul: the recommended labels, and the chart's `app`. */
const CONSUL_LABEL_KEYS = [LABEL.app, LABEL.partOf, 'app'] as const;

/** Image names (last path segment, without tag or digest) that run Consul or its Kubernetes control plane. */
const CONSUL_IMAGE_NAMES = ['consul', 'consul-enterprise', 'consul-k8s-control-plane', 'consul-dataplane'] as const;

function hasConsulLabel(labels: unknown): boolean {
  const object = asObject(labels);
  return object !== undefined && CONSUL_LABEL_KEYS.some((key) => object[key] === 'consul');
}

/**
 * Consul's own labels on the object or its pod template, a selector for Consul pods (a Service or a
 * PodDisruptionBudget of the servers), or a container running a Consul image.
 */
export function isConsulObject(resource: ParsedResource): boolean {
  const object = resource.object;
  const labelSets = [
    get(object, 'metadata', 'labels'),
    podLabelsOf(resource),
    get(object, 'spec', 'selector', 'matchLabels'),
    resource.ref.kind === 'Service' ? get(object, 'spec', 'selector') : undefined,
  ];
  if (labelSets.some(hasConsulLabel)) return true;
  return containersOf(resource).some(
    ({ container }) =>
      typeof container.image === 'string' &&
      (CONSUL_IMAGE_NAMES as readonly string[]).includes(parseImageReference(container.image).baseName),
  );
}
