/** server-resources: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/server-resources/). */
import { describe, expect, it } from 'vitest';
import type { Spec, Tier } from '../../../tools/src/environments/types.js';
import { quantityValue } from '../../../tools/src/model/quantity.js';
import { serverResources } from '../../../tools/src/validate/rules/server-resources.js';
import { found, servers, tierSpec, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describe('server-resources', () => {
  const sized = (resources?: Body, name = 'consul') =>
    servers(
      3,
      {},
      { initContainers: [{ name: 'init', image: 'x:1' }], containers: [{ name, image: 'x:1', ...(resources ? { resources } : {}) }] },
    );
  const at = (tier: Tier, resources?: Body, name?: string) =>
    found(serverResources, [sized(resources, name)], tierSpec(tier)).map((entry) => `${entry.at}: ${entry.message}`);

  it('at or above the floor passes, per tier', () => {
    expect(at('production', { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } })).toEqual([]);
    expect(at('production', { requests: { cpu: '1000m', memory: '2048Mi' } })).toEqual([]);
    expect(at('staging', { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } })).toEqual([]);
    expect(at('development', { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } })).toEqual([]);
  });

  it('below the floor is an error at each field; an unset request is below it, an unset limit is not', () => {
    expect(at('production', { requests: { cpu: '999m', memory: '2Gi' }, limits: { memory: '1Gi' } })).toEqual([
      'StatefulSet/consul-server /spec/template/spec/containers/0/resources/requests/cpu: server requests.cpu 999m is below the production floor 1 (the reference architecture sizes a production server at 8 cores, 32Gi)',
      'StatefulSet/consul-server /spec/template/spec/containers/0/resources/limits/memory: server limits.memory 1Gi is below the production floor 2Gi (the reference architecture sizes a production server at 8 cores, 32Gi)',
    ]);
    expect(at('staging')).toEqual([
      'StatefulSet/consul-server /spec/template/spec/containers/0/resources: server requests.cpu not set is below the staging floor 100m (the reference architecture sizes a production server at 8 cores, 32Gi)',
      'StatefulSet/consul-server /spec/template/spec/containers/0/resources: server requests.memory not set is below the staging floor 128Mi (the reference architecture sizes a production server at 8 cores, 32Gi)',
    ]);
    expect(at('development', { requests: { cpu: 'lots', memory: '64Mi' } })).toHaveLength(1);
  });

  it('the Consul container is found by name, else the first regular container; no tier or no servers: nothing', () => {
    expect(at('production', { requests: { cpu: '1', memory: '2Gi' } }, 'consul-server')).toEqual([]);
    expect(at('production', { requests: { cpu: '1', memory: '2Gi' } }, 'agent')).toEqual([]);
    expect(found(serverResources, [sized()], { environments: [], tierSeverity: {} } as unknown as Spec)).toEqual([]);
    expect(found(serverResources, [workload('Deployment', 'x', { containers: [{ name: 'consul' }] })], tierSpec('production'))).toEqual([]);
  });

  it('the Consul container is picked by its name over an earlier sidecar, never an init container of that name', () => {
    const ENOUGH = { requests: { cpu: '1', memory: '2Gi' } };
    const pod = (pod: Body) => found(serverResources, [servers(3, {}, pod)], tierSpec('production'));
    for (const name of ['consul', 'consul-server'])
      expect(
        pod({
          containers: [
            { name: 'exporter', image: 'x:1' },
            { name, image: 'x:1', resources: ENOUGH },
          ],
        }),
      ).toEqual([]);
    expect(
      pod({ initContainers: [{ name: 'consul', image: 'x:1' }], containers: [{ name: 'consul', image: 'x:1', resources: ENOUGH }] }),
    ).toEqual([]);
  });

  it('a first regular container of another name is checked too; a server pod with no regular container is not', () => {
    expect(at('production', { requests: { cpu: '500m', memory: '2Gi' } }, 'agent')).toEqual([
      'StatefulSet/consul-server /spec/template/spec/containers/0/resources/requests/cpu: server requests.cpu 500m is below the production floor 1 (the reference architecture sizes a production server at 8 cores, 32Gi)',
    ]);
    expect(
      found(serverResources, [servers(3, {}, { initContainers: [{ name: 'consul', image: 'x:1' }] })], tierSpec('production')),
    ).toEqual([]);
  });

  it("the memory limit is held against the tier's limit floor, not its request floor", () => {
    expect(at('staging', { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '200Mi' } })).toEqual([
      'StatefulSet/consul-server /spec/template/spec/containers/0/resources/limits/memory: server limits.memory 200Mi is below the staging floor 256Mi (the reference architecture sizes a production server at 8 cores, 32Gi)',
    ]);
  });
});
describe('quantityValue', () => {
  it.each([
    ['500m', 0.5],
    ['1', 1],
    ['2Gi', 2 ** 31],
    ['1.5k', 1500],
    ['1e3', 1000],
    ['.5', 0.5],
    [3, 3],
  ] as const)('%s is %s', (text, value) => expect(quantityValue(text)).toBe(value));
  it.each([['1x'], [''], [null], [Infinity], ['Gi']])('%s is not a quantity', (text) => expect(quantityValue(text)).toBeUndefined());
});

describeRuleFixtures('server-resources');
