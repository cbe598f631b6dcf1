/** storage-binding: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/storage-binding/). */
import { describe, expect, it } from 'vitest';
import { storageBinding } from '../../../tools/src/validate/rules/storage-binding.js';
import { found, onCluster, servers, tierSpec, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describe('storage-binding', () => {
  const claims = (...classes: (string | undefined)[]) =>
    servers(3, { volumeClaimTemplates: classes.map((name) => ({ spec: name === undefined ? {} : { storageClassName: name } })) });

  it('a zonal class binding WaitForFirstConsumer, or a regional one binding Immediate, passes', () => {
    expect(found(storageBinding, [claims('zonal-wffc', 'regional')], onCluster('production'))).toEqual([]);
  });

  it('a zonal class binding Immediate under servers spread over several zones is an error at the claim', () => {
    expect(found(storageBinding, [claims('zonal-wffc', 'zonal-immediate')], onCluster('production'))).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/volumeClaimTemplates/1/spec/storageClassName',
        message:
          'StorageClass zonal-immediate binds Immediate with zonal disks (pd.csi.storage.gke.io), and the servers spread over zone-a,zone-b,zone-c: a disk created before scheduling pins its server to a zone the spread may not allow ("had volume node affinity conflict"); use WaitForFirstConsumer or a regional class',
      },
    ]);
  });

  it('in one zone, Immediate binding cannot conflict with the spread', () => {
    expect(found(storageBinding, [claims('zonal-immediate')], onCluster('production', {}, { zones: ['zone-a'] }))).toEqual([]);
  });

  it('a class the cluster does not have is an error, with a suggestion when one is near, the list otherwise', () => {
    expect(found(storageBinding, [claims('zonal-wfc')], onCluster('production'))[0]?.message).toBe(
      'StorageClass zonal-wfc does not exist on cluster "c" (it has zonal-wffc, zonal-immediate, regional): the claims would stay Pending; did you mean zonal-wffc?',
    );
    expect(found(storageBinding, [claims('fast')], onCluster('production', { storageClasses: [] }))[0]?.message).toBe(
      'StorageClass fast does not exist on cluster "c" (it has none): the claims would stay Pending',
    );
  });

  it('no class named (the cluster default), no cluster described, or no server StatefulSet: nothing to check', () => {
    expect(found(storageBinding, [claims(undefined)], onCluster('production'))).toEqual([]);
    expect(found(storageBinding, [claims('zonal-immediate')], tierSpec('production'))).toEqual([]);
    expect(
      found(
        storageBinding,
        [workload('StatefulSet', 'other', {}, { volumeClaimTemplates: [{ spec: { storageClassName: 'nope' } }] })],
        onCluster('production'),
      ),
    ).toEqual([]);
  });
});

describeRuleFixtures('storage-binding');
