/** quorum-bootstrap-expect: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/quorum-bootstrap-expect/). */
import { describe, expect, it } from 'vitest';
import { quorumBootstrapExpect } from '../../../tools/src/validate/rules/quorum-bootstrap-expect.js';
import { found, object, servers, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';
const config = (data: Body) => object('v1', 'ConfigMap', 'consul-server-config', { data });

describe('quorum-bootstrap-expect', () => {
  it('bootstrap_expect equal to the replicas passes; JSON files merge in order', () => {
    expect(found(quorumBootstrapExpect, [servers(3), config({ 'server.json': '{"bootstrap_expect": 3}' })])).toEqual([]);
    expect(
      found(quorumBootstrapExpect, [
        servers(5),
        config({ 'a.json': '{"bootstrap_expect": 3}', 'b.json': '{"bootstrap_expect": 5}', 'c.txt': 'x' }),
      ]),
    ).toEqual([]);
  });

  it('a different value, a missing one, or no server config are errors', () => {
    expect(found(quorumBootstrapExpect, [servers(5), config({ 'server.json': '{"bootstrap_expect": 3}' })])).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data',
        message: 'bootstrap_expect is 3 but the StatefulSet runs 5 servers',
      },
    ]);
    expect(
      found(quorumBootstrapExpect, [servers(3), config({ 'server.json': '{"bootstrap_expect": "3"}' })]).map((finding) => finding.message),
    ).toEqual(['bootstrap_expect is "3" but the StatefulSet runs 3 servers']);
    expect(found(quorumBootstrapExpect, [servers(3), config({ 'server.json': '{"server": true}' })])).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data',
        message: 'no bootstrap_expect in the server config; the 3 servers would wait forever to bootstrap',
      },
    ]);
    expect(found(quorumBootstrapExpect, [servers(3)])).toEqual([
      { severity: 'error', at: STS, message: 'no ConfigMap consul-server-config: bootstrap_expect cannot be checked' },
    ]);
  });

  it('a file that is not JSON, or not an object, is named with its key', () => {
    const findings = found(quorumBootstrapExpect, [
      servers(3),
      config({ 'a.json': '{bad', 'b.json': '[1]', 'c.json': '{"bootstrap_expect": 3}' }),
    ]);
    expect(findings).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data/a.json',
        message: expect.stringMatching(/^a\.json is not valid JSON \(.+\): Consul will refuse to start$/),
      },
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data/b.json',
        message: 'b.json is not valid JSON (not a JSON object): Consul will refuse to start',
      },
    ]);
  });

  it('no server StatefulSet, or replicas that are not an integer, raise nothing here', () => {
    expect(found(quorumBootstrapExpect, [config({ 'server.json': '{}' })])).toEqual([]);
    expect(found(quorumBootstrapExpect, [servers('3'), config({ 'server.json': '{}' })])).toEqual([]);
  });
});

describeRuleFixtures('quorum-bootstrap-expect');
