/** argocd-tracking-label-claims: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/argocd-tracking-label-claims/). */
import { describe, expect, it } from 'vitest';
import { argocdTrackingLabelClaims } from '../../../tools/src/validate/rules/argocd-tracking-label-claims.js';
import { found, OTHER, servers, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';
const claims = (...templates: Body[]) => servers(3, { volumeClaimTemplates: templates });

describe('argocd-tracking-label-claims', () => {
  it('claim templates without a tracking label pass', () => {
    expect(found(argocdTrackingLabelClaims, [claims({ metadata: { name: 'data', labels: { app: 'consul' } } }, {})])).toEqual([]);
    expect(found(argocdTrackingLabelClaims, [servers(3)])).toEqual([]);
  });

  it('each tracking label on each claim template is an error at its escaped pointer; an unnamed template is #index', () => {
    const labels = { 'app.kubernetes.io/instance': 'consul-prod', 'argocd.argoproj.io/instance': 'consul-prod' };
    expect(found(argocdTrackingLabelClaims, [claims({ metadata: { name: 'data' } }, { metadata: { labels } })])).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/volumeClaimTemplates/1/metadata/labels/app.kubernetes.io~1instance`,
        message:
          'claim template #1 carries the tracking label app.kubernetes.io/instance=consul-prod: Argo CD would treat the claims as its own and prune them',
      },
      {
        severity: 'error',
        at: `${STS} /spec/volumeClaimTemplates/1/metadata/labels/argocd.argoproj.io~1instance`,
        message:
          'claim template #1 carries the tracking label argocd.argoproj.io/instance=consul-prod: Argo CD would treat the claims as its own and prune them',
      },
    ]);
  });

  it('no server StatefulSet raises nothing', () => {
    expect(found(argocdTrackingLabelClaims, [OTHER])).toEqual([]);
  });
});

describeRuleFixtures('argocd-tracking-label-claims');
