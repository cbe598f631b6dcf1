/** config-rollout: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/config-rollout/). */
import { describe, expect, it } from 'vitest';
import { configChecksum, mountedConfigMapNames } from '../../../tools/src/model/config-checksum.js';
import { configRollout } from '../../../tools/src/validate/rules/config-rollout.js';
import { found, object, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const CONFIG = object('v1', 'ConfigMap', 'consul-server-config', { data: { 'server.json': '{"log_level":"INFO"}' } });
const SUM = configChecksum([{ name: 'consul-server-config', data: { 'server.json': '{"log_level":"INFO"}' } }]);
const mounting = (name: string, annotations?: Body, kind = 'StatefulSet') => {
  const resource = workload(kind, name, { volumes: [{ name: 'config', configMap: { name: 'consul-server-config' } }] });
  if (annotations) (resource.object as { spec: { template: { metadata: Body } } }).spec.template.metadata.annotations = annotations;
  return resource;
};
const KEY = 'consul.hashicorp.com/config-checksum';

describe('config-rollout', () => {
  it('a template whose checksum matches its ConfigMap passes', () => {
    expect(found(configRollout, [CONFIG, mounting('consul-server', { [KEY]: SUM })])).toEqual([]);
  });

  it('binaryData counts in the checksum, and every mounted ConfigMap is named', () => {
    const binary = object('v1', 'ConfigMap', 'consul-server-config', {
      data: { 'server.json': '{"log_level":"INFO"}' },
      binaryData: { 'ca.der': 'AAEC' },
    });
    expect(found(configRollout, [binary, mounting('consul-server', { [KEY]: SUM })])).toHaveLength(1);
    const extra = object('v1', 'ConfigMap', 'extra', { data: { a: 'b' } });
    const both = workload('StatefulSet', 'consul-server', {
      volumes: [
        { name: 'config', configMap: { name: 'consul-server-config' } },
        { name: 'extra', configMap: { name: 'extra' } },
      ],
    });
    expect(found(configRollout, [CONFIG, extra, both]).map((finding) => finding.message)).toEqual([
      expect.stringMatching(/^the pod template mounts ConfigMap\/consul-server-config, ConfigMap\/extra but carries no /),
    ]);
  });

  it('a stale checksum is an error at the annotation, with the value to set', () => {
    expect(found(configRollout, [CONFIG, mounting('consul-server', { [KEY]: 'abc' })])).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/metadata/annotations/consul.hashicorp.com~1config-checksum',
        message: `${KEY} "abc" is stale: ConfigMap/consul-server-config renders as ${SUM}, so this config change would sync without restarting a pod; set it to ${SUM}`,
      },
    ]);
  });

  it('a missing checksum is an error at the template metadata', () => {
    expect(found(configRollout, [CONFIG, mounting('consul-client', undefined, 'DaemonSet')])).toEqual([
      {
        severity: 'error',
        at: 'DaemonSet/consul-client /spec/template/metadata',
        message: `the pod template mounts ConfigMap/consul-server-config but carries no ${KEY}: a config change syncs without restarting a pod, and the agents keep their old config; set it to ${SUM}`,
      },
    ]);
  });

  it('a ConfigMap the render does not hold (created elsewhere) is not its to check', () => {
    expect(found(configRollout, [mounting('consul-server')])).toEqual([]);
  });

  it("a workload that is not one of Consul's is left alone", () => {
    expect(found(configRollout, [CONFIG, mounting('my-app', undefined, 'Deployment')])).toEqual([]);
  });
});
describe('configChecksum and mountedConfigMapNames', () => {
  it('key order does not change the checksum, content does', () => {
    const a = configChecksum([{ name: 'x', data: { a: '1', b: '2' } }]);
    expect(configChecksum([{ name: 'x', data: { b: '2', a: '1' } }])).toBe(a);
    expect(configChecksum([{ name: 'x', data: { a: '1', b: '3' } }])).not.toBe(a);
    expect(configChecksum([{ name: 'x', data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }])).not.toBe(a);
    expect(configChecksum([{ name: 'y', data: { a: '1', b: '2' } }])).not.toBe(a);
  });

  it('the order of the ConfigMaps does not change the checksum', () => {
    const one = { name: 'a', data: { k: '1' } };
    const two = { name: 'b', data: { k: '2' } };
    expect(configChecksum([one, two])).toBe(configChecksum([two, one]));
  });

  it('reads plain and projected ConfigMap volumes, sorted, once each', () => {
    expect(
      mountedConfigMapNames({
        volumes: [
          { name: 'b', configMap: { name: 'cfg-b' } },
          {
            name: 'p',
            projected: { sources: [{ configMap: { name: 'cfg-a' } }, { secret: { name: 's' } }, { configMap: { name: 'cfg-b' } }] },
          },
          { name: 'e', emptyDir: {} },
        ],
      }),
    ).toEqual(['cfg-a', 'cfg-b']);
    expect(mountedConfigMapNames(undefined)).toEqual([]);
  });
});

describeRuleFixtures('config-rollout');
