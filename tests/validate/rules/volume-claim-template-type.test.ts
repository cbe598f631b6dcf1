/** volume-claim-template-type: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/volume-claim-template-type/). */
import { describe, expect, it } from 'vitest';
import { volumeClaimTemplateType } from '../../../tools/src/validate/rules/volume-claim-template-type.js';
import { found, OTHER, servers, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';
const TYPED = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' };
const claims = (...templates: Body[]) => servers(3, { volumeClaimTemplates: templates });

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

describeRuleFixtures('volume-claim-template-type');
