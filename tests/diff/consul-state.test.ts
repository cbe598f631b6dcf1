/** The server facts diff reads from one render (diff/consul-state.ts), on small renders written out here. */
import { describe, expect, it } from 'vitest';
import { consulVersionOf, gossipKeyRef, serverStateOf, serverStatefulSetOf } from '../../tools/src/diff/consul-state.js';
import { parseRendered } from '../../tools/src/parse/documents.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';

const parse = (...documents: object[]): ParsedResource[] =>
  parseRendered({ yaml: documents.map((document) => JSON.stringify(document)).join('\n---\n'), file: 'render', rendered: true }).resources;

const statefulSet = (spec: Record<string, unknown>, name = 'consul-server', apiVersion = 'apps/v1') => ({
  apiVersion,
  kind: 'StatefulSet',
  metadata: { name, namespace: 'ns' },
  spec,
});
const config = (files: Record<string, unknown>, name = 'consul-server-config') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns' },
  data: Object.fromEntries(Object.entries(files).map(([file, value]) => [file, JSON.stringify(value)])),
});
const pdb = (spec: Record<string, unknown>, name = 'consul-server') => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: 'ns' },
  spec,
});

describe('serverStatefulSetOf', () => {
  it('the apps StatefulSet named consul-server, nothing else', () => {
    const resources = parse(
      statefulSet({}, 'consul-client'),
      statefulSet({}, 'consul-server', 'example.com/v1'),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'consul-server' } },
      statefulSet({ replicas: 3 }),
    );
    expect(serverStatefulSetOf(resources)?.object).toMatchObject({ spec: { replicas: 3 } });
    expect(serverStatefulSetOf(resources.slice(0, 3))).toBeUndefined();
  });
});

describe('serverStateOf', () => {
  it('none without a server StatefulSet', () => {
    expect(serverStateOf(parse(config({ 'a.json': { datacenter: 'dc1' } })))).toBeUndefined();
  });

  it('a bare StatefulSet: one server, no claims, every switch off', () => {
    expect(serverStateOf(parse(statefulSet({ replicas: 'three' })))).toStrictEqual({
      replicas: 1,
      claims: [],
      tls: false,
      acls: false,
      gossip: false,
    });
  });

  it('reads count, claims, image, datacenter, bootstrap_expect, verify_incoming, PDB and the switches', () => {
    const state = serverStateOf(
      parse(
        statefulSet({
          replicas: 5,
          volumeClaimTemplates: [
            { metadata: { name: 'data' }, spec: { storageClassName: 'ssd', resources: { requests: { storage: '10Gi' } } } },
            { spec: { resources: { requests: { storage: 1024 } } } },
            { metadata: { name: 'logs' }, spec: { storageClassName: 7 } },
          ],
          template: {
            spec: {
              containers: [
                { name: 'sidecar', image: 'busybox:1' },
                { name: 'consul', image: 'hashicorp/consul:1.22.7', env: [{ name: 'X', value: 'y' }] },
              ],
            },
          },
        }),
        config({
          '10-a.json': { datacenter: 'dc1', bootstrap_expect: 5, encrypt: 'c2VjcmV0' },
          '20-tls.json': {
            tls: {
              defaults: { ca_file: '/ca.pem', verify_outgoing: true, verify_incoming: true },
              internal_rpc: { verify_incoming: false },
            },
          },
          '30-acl.json': { acl: { enabled: true, default_policy: 'deny' } },
        }),
        pdb({ maxUnavailable: 1, minAvailable: '50%' }),
      ),
    );
    expect(state).toStrictEqual({
      replicas: 5,
      claims: [
        { name: 'data', storageClass: 'ssd', size: '10Gi' },
        { name: '#1', storageClass: null, size: '1024' },
        { name: 'logs', storageClass: null },
      ],
      image: 'hashicorp/consul:1.22.7',
      bootstrapExpect: 5,
      datacenter: 'dc1',
      verifyIncoming: false,
      pdb: { maxUnavailable: 1, minAvailable: '50%' },
      tls: true,
      acls: true,
      gossip: true,
    });
  });

  it('the first container when none is named consul; no image when it has none', () => {
    const image = (containers: object[]) => serverStateOf(parse(statefulSet({ template: { spec: { containers } } })))?.image;
    expect(
      image([
        { name: 'server', image: 'hashicorp/consul:1.21.0' },
        { name: 'other', image: 'x:1' },
      ]),
    ).toBe('hashicorp/consul:1.21.0');
    expect(image([{ name: 'consul' }])).toBeUndefined();
    expect(image([])).toBeUndefined();
  });

  it('verify_incoming from tls.internal_rpc, else tls.defaults, else the top level; none when not a boolean', () => {
    const verify = (files: Record<string, unknown>) => serverStateOf(parse(statefulSet({}), config(files)))?.verifyIncoming;
    expect(verify({ 'a.json': { tls: { defaults: { verify_incoming: true } }, verify_incoming: false } })).toBe(true);
    expect(verify({ 'a.json': { verify_incoming: false } })).toBe(false);
    expect(verify({ 'a.json': { verify_incoming: 'yes' } })).toBeUndefined();
    expect(verify({ 'a.json': {} })).toBeUndefined();
  });

  it('only the server config counts, and only its typed values', () => {
    const state = serverStateOf(
      parse(
        statefulSet({}),
        config({ 'a.json': { datacenter: 'other', bootstrap_expect: 9 } }, 'consul-client-config'),
        config({ 'a.json': { datacenter: 7, bootstrap_expect: '3' } }),
        pdb({ maxUnavailable: 2 }, 'consul-client'),
      ),
    );
    expect(state).not.toHaveProperty('datacenter');
    expect(state).not.toHaveProperty('bootstrapExpect');
    expect(state).not.toHaveProperty('pdb');
  });

  it('a PDB with one of its fields keeps only that one', () => {
    expect(serverStateOf(parse(statefulSet({}), pdb({ minAvailable: 2 })))?.pdb).toStrictEqual({ minAvailable: 2 });
    expect(serverStateOf(parse(statefulSet({}), pdb({ maxUnavailable: 0 })))?.pdb).toStrictEqual({ maxUnavailable: 0 });
    expect(serverStateOf(parse(statefulSet({}), pdb({})))?.pdb).toStrictEqual({});
  });

  it.each([
    {
      behaviour: 'the key Secret named anywhere in the pod template',
      spec: { template: { spec: { volumes: [{ name: 'k', secret: { secretName: 'consul-gossip-encryption-key' } }] } } },
      files: {},
      gossip: true,
    },
    {
      behaviour: 'an env reading a gossip key from any Secret',
      spec: {
        template: {
          spec: { containers: [{ name: 'consul', env: [{ name: 'GOSSIP_KEY', valueFrom: { secretKeyRef: { name: 'k2', key: 'k' } } }] }] },
        },
      },
      files: {},
      gossip: true,
    },
    { behaviour: 'a non-empty encrypt in the config', spec: {}, files: { 'a.json': { encrypt: 'abc' } }, gossip: true },
    { behaviour: 'an empty encrypt', spec: {}, files: { 'a.json': { encrypt: '' } }, gossip: false },
    {
      behaviour: 'a Secret whose name only contains the key name',
      spec: { template: { spec: { volumes: [{ secret: { secretName: 'old-consul-gossip-encryption-key' } }] } } },
      files: {},
      gossip: false,
    },
  ])('gossip is on with $behaviour: $gossip', ({ spec, files, gossip }) => {
    expect(serverStateOf(parse(statefulSet(spec), config(files)))?.gossip).toBe(gossip);
  });
});

describe('consulVersionOf', () => {
  it.each([
    ['hashicorp/consul:1.20.2', { major: 1, minor: 20, patch: 2, text: '1.20.2' }],
    ['registry:5000/hashicorp/consul:1.22.7@sha256:' + 'a'.repeat(64), { major: 1, minor: 22, patch: 7, text: '1.22.7' }],
    ['hashicorp/consul', undefined],
    ['hashicorp/consul:latest', undefined],
    [undefined, undefined],
    ['', undefined],
  ])('%s', (image, expected) => {
    expect(consulVersionOf(image)).toEqual(expected);
  });
});

describe('gossipKeyRef', () => {
  const workload = (spec: Record<string, unknown>) => parse(statefulSet({ template: { spec } }))[0];
  it('name/key of the first env named like GOSSIP that reads a Secret, init containers first', () => {
    expect(
      gossipKeyRef(
        workload({
          initContainers: [
            { name: 'init', env: [{ name: 'consul_gossip_key', valueFrom: { secretKeyRef: { name: 'init-secret', key: 'k1' } } }] },
          ],
          containers: [{ name: 'consul', env: [{ name: 'CONSUL_GOSSIP_KEY', valueFrom: { secretKeyRef: { name: 'main', key: 'k2' } } }] }],
        }),
      ),
    ).toBe('init-secret/k1');
  });

  it('none for a gossip env with a plain value, a Secret env not named GOSSIP, or no workload', () => {
    expect(
      gossipKeyRef(
        workload({
          containers: [
            {
              name: 'consul',
              env: [
                { name: 'GOSSIP', value: 'literal' },
                { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
              ],
            },
          ],
        }),
      ),
    ).toBeUndefined();
    expect(gossipKeyRef(undefined)).toBeUndefined();
  });
});

describe('serverStateOf and gossipKeyRef: values of the wrong type', () => {
  it('an image that is not a string is no image; the server config is found wherever it sits in the render', () => {
    const state = serverStateOf(
      parse(
        statefulSet({ template: { spec: { containers: [{ name: 'consul', image: 7 }] } } }),
        config({ 'a.json': { datacenter: 'dc1' } }),
      ),
    );
    expect(state).not.toHaveProperty('image');
    expect(state?.datacenter).toBe('dc1');
    const secret = { ...config({ 'a.json': { datacenter: 'from-a-secret' } }), apiVersion: 'v1', kind: 'Secret' };
    expect(serverStateOf(parse(statefulSet({}), secret, config({ 'a.json': { datacenter: 'dc1' } })))?.datacenter).toBe('dc1');
  });

  it('an env whose name is not a string is not read, even one that prints like GOSSIP', () => {
    const workload = parse(
      statefulSet({
        template: {
          spec: { containers: [{ name: 'consul', env: [{ name: ['GOSSIP'], valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] },
        },
      }),
    )[0];
    expect(gossipKeyRef(workload)).toBeUndefined();
  });
});
