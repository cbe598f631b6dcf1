/**
 * API versions that Kubernetes removed or deprecated by the version this repository targets, after the
 * Kubernetes "Deprecated API Migration Guide" (kubernetes.io/docs/reference/using-api/deprecation-guide).
 */
import type { RenderedRule, Violation } from '../policies/rule.js';
import { apiVersionChange, TARGET_KUBERNETES, unservedApi, versionAtMost } from '../policies/api-versions.js';
import { schemaData } from '../schema/catalog.js';

export const deprecatedApi: RenderedRule = {
  id: 'deprecated-api',
  scope: 'rendered',
  group: 'kubernetes',
  severity: 'error',
  summary: `No apiVersion that Kubernetes ${TARGET_KUBERNETES} no longer serves (error) or has deprecated (warning), per the Deprecated API Migration Guide and the API versions the ${TARGET_KUBERNETES} OpenAPI spec serves.`,
  reason:
    'A removed apiVersion is rejected at sync, so Argo CD applies nothing of the change; a deprecated one works until an upgrade removes it, usually unnoticed until then.',
  fix: 'Change apiVersion to the replacement named in the message (the fields usually carry over; see the migration guide for the few that changed).',
  check(context) {
    const violations: Violation[] = [];
    const served = schemaData().kinds;
    for (const resource of context.resources) {
      const apiVersion = resource.ref.apiVersion ?? '';
      const change = apiVersionChange(apiVersion, resource.ref.kind);
      if (!change) {
        const unserved = apiVersion ? unservedApi(apiVersion, resource.ref.kind, served) : undefined;
        if (unserved) {
          const versions =
            unserved.servedVersions.length > 0
              ? `it serves ${resource.ref.kind} as ${unserved.servedVersions.join(', ')}`
              : `it serves no ${resource.ref.kind} in that group`;
          violations.push({
            resource,
            path: '/apiVersion',
            message: `${apiVersion} ${resource.ref.kind} is not served by Kubernetes ${TARGET_KUBERNETES}: ${versions}`,
          });
        }
        continue;
      }
      if (change.removedIn && versionAtMost(change.removedIn, TARGET_KUBERNETES)) {
        violations.push({
          resource,
          path: '/apiVersion',
          message: `${apiVersion} ${resource.ref.kind} was removed in Kubernetes ${change.removedIn} (deprecated in ${change.deprecatedIn}): use ${change.replacement}`,
        });
      } else if (versionAtMost(change.deprecatedIn, TARGET_KUBERNETES)) {
        violations.push({
          resource,
          path: '/apiVersion',
          severity: 'warning',
          message: `${apiVersion} ${resource.ref.kind} is deprecated since Kubernetes ${change.deprecatedIn}${change.removedIn ? ` and removed in ${change.removedIn}` : ''}: use ${change.replacement}`,
        });
      }
    }
    return violations;
  },
};
