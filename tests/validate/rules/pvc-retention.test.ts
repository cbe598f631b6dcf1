/** pvc-retention: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/pvc-retention/). */
import { describe, expect, it } from 'vitest';
import { pvcRetention } from '../../../tools/src/validate/rules/pvc-retention.js';
import { found, OTHER, servers } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';

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

describeRuleFixtures('pvc-retention');
