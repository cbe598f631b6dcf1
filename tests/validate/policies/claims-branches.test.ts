/**
 * Every branch of the claim-template rules on inline objects (no kustomize build): argocd-tracking-label-claims,
 * volume-claim-template-type and pvc-retention.
 */
import { describe, expect, it } from 'vitest';
import { argocdTrackingLabelClaims } from '../../../tools/src/validate/rules/argocd-tracking-label-claims.js';
import { pvcRetention } from '../../../tools/src/validate/rules/pvc-retention.js';
import { volumeClaimTemplateType } from '../../../tools/src/validate/rules/volume-claim-template-type.js';
import { found, OTHER, servers, type Body } from './inline.js';

const STS = 'StatefulSet/consul-server';
const TYPED = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' };
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

describe('volume-claim-template-type', () => {
  it('apiVersion v1 and kind PersistentVolumeClaim pass', () => {
    expect(found(volumeClaimTemplateType, [claims({ ...TYPED, metadata: { name: 'data' } })])).toEqual([]);
  });

  it.each([
    ['both missing', {}, 'claim template data lacks apiVersion: v1 (missing) and kind: PersistentVolumeClaim (missing)'],
    ['a wrong apiVersion', { ...TYPED, apiVersion: 'v2' }, 'claim template data lacks apiVersion: v1 (found "v2")'],
    ['a wrong kind', { ...TYPED, kind: 'Claim' }, 'claim template data lacks kind: PersistentVolumeClaim (found "Claim")'],
  ])('%s is an error', (_name, type, message) => {
    expect(found(volumeClaimTemplateType, [claims({ ...TYPED }, { ...type, metadata: { name: 'data' } })])).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/volumeClaimTemplates/1`,
        message: `${message}: Argo CD would report the StatefulSet OutOfSync forever`,
      },
    ]);
  });

  it('no server StatefulSet raises nothing', () => {
    expect(found(volumeClaimTemplateType, [OTHER])).toEqual([]);
  });
});

describe('pvc-retention', () => {
  const retention = (policy: unknown) => servers(3, { persistentVolumeClaimRetentionPolicy: policy });

  it('Retain, or no policy (Kubernetes retains by default), passes', () => {
    expect(found(pvcRetention, [retention({ whenDeleted: 'Retain', whenScaled: 'Retain' })])).toEqual([]);
    expect(found(pvcRetention, [servers(3)])).toEqual([]);
    expect(found(pvcRetention, [retention('Delete')])).toEqual([]);
  });

  it('Delete on delete or on scale-down is an error', () => {
    expect(found(pvcRetention, [retention({ whenDeleted: 'Delete', whenScaled: 'Delete' })])).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/persistentVolumeClaimRetentionPolicy/whenDeleted`,
        message:
          'persistentVolumeClaimRetentionPolicy.whenDeleted is Delete: deleting the StatefulSet deletes server claims (Raft data and node IDs); set Retain',
      },
      {
        severity: 'error',
        at: `${STS} /spec/persistentVolumeClaimRetentionPolicy/whenScaled`,
        message:
          'persistentVolumeClaimRetentionPolicy.whenScaled is Delete: scaling the servers down deletes server claims (Raft data and node IDs); set Retain',
      },
    ]);
  });

  it('no server StatefulSet raises nothing', () => {
    expect(found(pvcRetention, [OTHER])).toEqual([]);
  });
});
