/** quorum-even-servers: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/quorum-even-servers/). */
import { describe, expect, it } from 'vitest';
import { quorumEvenServers } from '../../../tools/src/validate/rules/quorum-even-servers.js';
import { found, OTHER, servers } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';

describe('quorum-even-servers', () => {
  it.each([
    [2, '2 servers tolerate 0 failure(s), no more than 1: use 1 or 3'],
    [4, '4 servers tolerate 1 failure(s), no more than 3: use 3 or 5'],
  ])('%i servers is an error', (n, message) => {
    expect(found(quorumEvenServers, [servers(n)])).toEqual([{ severity: 'error', at: `${STS} /spec/replicas`, message }]);
  });

  it.each([[0], [1], [3], [5], [undefined], ['3']])('%s servers raise nothing (0: quorum-min-servers; not an integer: unknown)', (n) => {
    expect(found(quorumEvenServers, [servers(n)])).toEqual([]);
  });

  it('no server StatefulSet raises nothing', () => {
    expect(found(quorumEvenServers, [OTHER])).toEqual([]);
  });
});

describeRuleFixtures('quorum-even-servers');
