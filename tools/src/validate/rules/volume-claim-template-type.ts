import type { RenderedRule, Violation } from '../policies/rule.js';
import { asArray, get } from '../../model/k8s-objects.js';
import { claimName } from '../policies/claim-name.js';

export const volumeClaimTemplateType: RenderedRule = {
  id: 'volume-claim-template-type',
  scope: 'rendered',
  severity: 'error',
  summary: 'Every server claim template states apiVersion: v1 and kind: PersistentVolumeClaim.',
  reason:
    'The API server stores claim templates with apiVersion and kind filled in; a template without them differs from the live object forever, so Argo CD shows the StatefulSet OutOfSync and self-heal keeps re-applying it.',
  fix: 'Add apiVersion: v1 and kind: PersistentVolumeClaim to every spec.volumeClaimTemplates entry (the generated base and overlays do).',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const violations: Violation[] = [];
    asArray(get(statefulSet.object, 'spec', 'volumeClaimTemplates')).forEach((template, index) => {
      const missing: string[] = [];
      const found = (value: unknown): string => (value === undefined ? 'missing' : `found ${JSON.stringify(value)}`);
      if (get(template, 'apiVersion') !== 'v1') missing.push(`apiVersion: v1 (${found(get(template, 'apiVersion'))})`);
      if (get(template, 'kind') !== 'PersistentVolumeClaim') missing.push(`kind: PersistentVolumeClaim (${found(get(template, 'kind'))})`);
      if (missing.length === 0) return;
      violations.push({
        resource: statefulSet,
        path: `/spec/volumeClaimTemplates/${index}`,
        message: `claim template ${claimName(template, index)} lacks ${missing.join(' and ')}: Argo CD would report the StatefulSet OutOfSync forever`,
      });
    });
    return violations;
  },
};
