import type { RenderedRule, Violation } from '../policies/rule.js';
import { TRACKING_LABELS } from '../../model/argocd.js';
import { asArray, asObject, get } from '../../model/k8s-objects.js';
import { pointerSegment } from '../../model/json.js';
import { claimName } from '../policies/claim-name.js';

export const argocdTrackingLabelClaims: RenderedRule = {
  id: 'argocd-tracking-label-claims',
  scope: 'rendered',
  severity: 'error',
  summary: `No server claim template carries an Argo CD tracking label (${TRACKING_LABELS.join(', ')}).`,
  reason:
    'The StatefulSet controller copies template labels onto every claim it creates. With a tracking label Argo CD takes the claims for its own resources that are missing from git, and prune (or app deletion) deletes the server data and node IDs.',
  fix: `Remove ${TRACKING_LABELS.join(' and ')} from spec.volumeClaimTemplates[].metadata.labels (do not use commonLabels or labels with includeTemplates for them).`,
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const violations: Violation[] = [];
    asArray(get(statefulSet.object, 'spec', 'volumeClaimTemplates')).forEach((template, index) => {
      const labels = asObject(get(template, 'metadata', 'labels')) ?? {};
      for (const label of TRACKING_LABELS) {
        if (!(label in labels)) continue;
        violations.push({
          resource: statefulSet,
          path: `/spec/volumeClaimTemplates/${index}/metadata/labels/${pointerSegment(label)}`,
          message: `claim template ${claimName(template, index)} carries the tracking label ${label}=${String(labels[label])}: Argo CD would treat the claims as its own and prune them`,
        });
      }
    });
    return violations;
  },
};
