/** Version skew: the Consul, consul-k8s-control-plane and Kubernetes versions of a render, against the compatibility matrix. */
import type { ParsedResource } from '../../parse/resource.js';
import { type ContainerRef, containersOf } from '../../model/k8s-objects.js';
import { parseImageReference } from '../../model/image-reference.js';
import { compareVersions, versionOf } from '../../model/version.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import type { CompatibilityRow } from '../../model/facts.js';

interface Versioned {
  resource: ParsedResource;
  container: ContainerRef;
  version: string;
  minor: string;
}

/** Containers running an image of `baseName` with a version tag (1.22.7, 1.22.7-ent): tag and major.minor. */
function versioned(resources: readonly ParsedResource[], baseName: string): Versioned[] {
  return resources.flatMap((resource) =>
    containersOf(resource).flatMap((container) => {
      const image = container.container.image;
      if (typeof image !== 'string') return [];
      const reference = parseImageReference(image);
      const version = versionOf(reference.tag);
      if (reference.baseName !== baseName || !version) return [];
      return [{ resource, container, version: version.version, minor: `${version.major}.${version.minor}` }];
    }),
  );
}

export const versionCompatibility: RenderedRule = {
  id: 'version-compatibility',
  scope: 'rendered',
  severity: 'error',
  summary:
    "Consul, consul-k8s-control-plane and the cluster's Kubernetes are a combination the consul-k8s compatibility matrix lists (tools/facts/consul-k8s/compatibility.json).",
  reason:
    'Reported: a Consul image rolled back to 1.13.9 under control plane 1.9.11; the agents reject configuration keys they do not know and the control plane talks to a Consul it was not built for, while `diff` shows only a downgrade. The table is HashiCorp\'s "Consul on Kubernetes version compatibility" matrix (developer.hashicorp.com/consul/docs/k8s/compatibility): one consul-k8s minor per Consul minor, and a Kubernetes range for each.',
  fix: 'Move images.consul and images.controlPlane in environments.yaml together, to a pair of one row of the matrix, on a cluster whose Kubernetes version (clusters.<name>.kubernetesVersion) is in its range.',
  check(context) {
    const consuls = versioned(context.resources, 'consul');
    const planes = versioned(context.resources, 'consul-k8s-control-plane');
    const rows = context.facts.compatibility.rows;
    const violations: Violation[] = [];
    const reportedKubernetes = new Set<string>();
    for (const consul of consuls) {
      const at = { resource: consul.resource, path: `${consul.container.pointer}/image` };
      const row: CompatibilityRow | undefined = rows.find((candidate) => candidate.consul === consul.minor);
      if (!row) {
        violations.push({
          ...at,
          severity: 'warning',
          message: `Consul ${consul.version} has no row in the compatibility table (${rows.map((entry) => entry.consul).join(', ')}): its control plane and Kubernetes versions are not checked`,
        });
        continue;
      }
      const skewed = planes.filter((plane) => !row.controlPlane.includes(plane.minor));
      const versions = [...new Set(skewed.map((plane) => plane.version))];
      if (versions.length > 0) {
        const where = skewed[0] ? `${skewed[0].resource.ref.kind}/${skewed[0].resource.ref.name}` : '';
        violations.push({
          ...at,
          message: `Consul ${consul.version} with consul-k8s-control-plane ${versions.join(', ')} (${where}${skewed.length > 1 ? ` and ${skewed.length - 1} more` : ''}): the compatibility matrix pairs Consul ${row.consul}.x with consul-k8s ${row.controlPlane.map((minor) => `${minor}.x`).join(', ')}`,
        });
      }
      const kubernetes = context.cluster?.kubernetesVersion;
      if (
        kubernetes !== undefined &&
        !reportedKubernetes.has(consul.minor) &&
        (compareVersions(kubernetes, row.kubernetes.min) < 0 || compareVersions(kubernetes, row.kubernetes.max) > 0)
      ) {
        reportedKubernetes.add(consul.minor);
        violations.push({
          ...at,
          message: `Kubernetes ${kubernetes} (cluster "${context.cluster?.name ?? ''}") is outside ${row.kubernetes.min}-${row.kubernetes.max}, the range the compatibility matrix gives Consul ${row.consul}.x`,
        });
      }
    }
    return violations;
  },
};
