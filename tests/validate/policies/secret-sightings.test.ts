/**
 * secretSightings on its own, with in-process objects: each place a committed value can sit, the path and embedded
 * line it is reported at, the exact message (which never holds the value), and the places that give no sighting.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import { secretSightings, type SecretSighting } from '../../../tools/src/validate/policies/secret-sightings.js';

const TOKEN = '6c1e9f52-7a0b-4d3e-9f1a-2b3c4d5e6f70';
const GOSSIP_32 = 'pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
const UUID_TOKEN = 'a UUID under a token name (a Consul ACL token)';
const KEY_32 = 'a 32-byte base64 key (a gossip encryption key)';

function sightingsOf(...objects: Record<string, unknown>[]) {
  const { resources } = parseRendered({ yaml: objects.map((object) => stringify(object)).join('---\n'), file: 'test', rendered: true });
  return secretSightings(resources);
}

/** What a sighting says, without its resource; and that no message holds a secret value. */
function summary(found: SecretSighting[]) {
  for (const entry of found) for (const value of [TOKEN, GOSSIP_32, PEM, 'MIIEowIBAAKCAQEA']) expect(entry.message).not.toContain(value);
  return found.map(({ resource, ...rest }) => ({ kind: resource.ref.kind, ...rest }));
}

const pod = (spec: Record<string, unknown>, annotations: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', annotations },
  spec,
});
const configMap = (fields: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' }, ...fields });

describe('Secrets', () => {
  it('reports each of data and stringData that commits values, with their count', () => {
    const found = sightingsOf({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'eA==', b: 'eQ==' },
      stringData: { c: 'z' },
    });
    expect(summary(found)).toStrictEqual([
      { kind: 'Secret', path: '/data', message: 'Secret s commits 2 value(s) in data: reference it by name instead' },
      { kind: 'Secret', path: '/stringData', message: 'Secret s commits 1 value(s) in stringData: reference it by name instead' },
    ]);
  });

  it('reports no Secret whose data and stringData are empty, and no data of another kind', () => {
    expect(sightingsOf({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: {}, type: 'Opaque' })).toEqual([]);
    expect(sightingsOf({ apiVersion: 'example.com/v1', kind: 'Vault', metadata: { name: 'v' }, data: { gossip: GOSSIP_32 } })).toEqual([]);
  });
});

describe('annotations', () => {
  it('names the annotation, its key path and the kind, with no embedded line for a one-line value', () => {
    expect(summary(sightingsOf(pod({ containers: [] }, { 'example.com/acl-token': TOKEN, token: TOKEN })))).toStrictEqual([
      {
        kind: 'Pod',
        path: '/metadata/annotations/example.com~1acl-token',
        message: `annotation example.com/acl-token holds ${UUID_TOKEN}: annotations are stored in git and shown by kubectl`,
        value: TOKEN,
      },
      {
        kind: 'Pod',
        path: '/metadata/annotations/token',
        message: `annotation token holds ${UUID_TOKEN}: annotations are stored in git and shown by kubectl`,
        value: TOKEN,
      },
    ]);
  });

  it('names the key inside a config held by an annotation, and its line when the value spans lines', () => {
    const config = `{\n  "acl": {\n    "tokens": {"agent": "${TOKEN}"}\n  }\n}`;
    expect(summary(sightingsOf(pod({ containers: [] }, { 'example.com/config': config })))).toStrictEqual([
      {
        kind: 'Pod',
        path: '/metadata/annotations/example.com~1config',
        message: `annotation example.com/config sets acl.tokens.agent to ${UUID_TOKEN}: annotations are stored in git and shown by kubectl`,
        value: TOKEN,
        embeddedLine: 3,
      },
    ]);
  });

  it('skips annotations that are not strings', () => {
    expect(sightingsOf(pod({ containers: [] }, { 'example.com/replicas': 3, 'example.com/on': true }))).toEqual([]);
  });

  it('reads the pod template annotations of a workload at their own path', () => {
    const found = sightingsOf({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { metadata: { annotations: { 'example.com/acl-token': TOKEN } }, spec: { containers: [] } } },
    });
    expect(summary(found).map(({ path, message }) => ({ path, message }))).toStrictEqual([
      {
        path: '/spec/template/metadata/annotations/example.com~1acl-token',
        message: `annotation example.com/acl-token holds ${UUID_TOKEN}: annotations are stored in git and shown by kubectl`,
      },
    ]);
  });

  it('reads the pod template annotations of a CronJob under its job template', () => {
    const found = sightingsOf({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: { spec: { template: { metadata: { annotations: { token: TOKEN } }, spec: { containers: [] } } } },
      },
    });
    expect(found.map((entry) => entry.path)).toEqual(['/spec/jobTemplate/spec/template/metadata/annotations/token']);
  });
});

describe('container env', () => {
  it('names the container, the variable and the kind', () => {
    expect(summary(sightingsOf(pod({ containers: [{ name: 'c', env: [{ name: 'CONSUL_HTTP_TOKEN', value: TOKEN }] }] })))).toStrictEqual([
      {
        kind: 'Pod',
        path: '/spec/containers/0/env/0/value',
        message: `container c sets env CONSUL_HTTP_TOKEN to ${UUID_TOKEN}: read it from a Secret with valueFrom.secretKeyRef`,
        value: TOKEN,
      },
    ]);
  });

  it('names the key inside a config held by an env value, and the line inside it', () => {
    const value = `{\n  "token": "${TOKEN}"\n}`;
    expect(summary(sightingsOf(pod({ containers: [{ name: 'c', env: [{ name: 'CONFIG', value }] }] })))).toStrictEqual([
      {
        kind: 'Pod',
        path: '/spec/containers/0/env/0/value',
        message: `container c sets env CONFIG to ${UUID_TOKEN} (at token): read it from a Secret with valueFrom.secretKeyRef`,
        value: TOKEN,
        embeddedLine: 2,
      },
    ]);
  });

  it('gives a whole multi-line value (a PEM key) no embedded line', () => {
    const [found] = sightingsOf(pod({ containers: [{ name: 'c', env: [{ name: 'TLS_KEY', value: PEM }] }] }));
    expect(found?.value).toBe(PEM);
    expect(found && 'embeddedLine' in found).toBe(false);
  });

  it('skips variables read from a reference', () => {
    const env = [{ name: 'CONSUL_HTTP_TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'token' } } }, { value: TOKEN }];
    expect(sightingsOf(pod({ containers: [{ name: 'c', env }] }))).toEqual([]);
  });
});

describe('container command and args', () => {
  it('names the flag, the field and the item, with no embedded line for a one-line item', () => {
    expect(summary(sightingsOf(pod({ containers: [{ name: 'c', args: ['agent', `-token ${TOKEN}`] }] })))).toStrictEqual([
      {
        kind: 'Pod',
        path: '/spec/containers/0/args/1',
        message: `container c passes ${UUID_TOKEN} on its args (token): the command line is in git and in every process listing; pass it from a Secret through an env var or a file`,
        value: TOKEN,
      },
    ]);
  });

  it('names no flag for a bare key', () => {
    expect(summary(sightingsOf(pod({ containers: [{ name: 'c', command: ['keygen', GOSSIP_32] }] })))).toStrictEqual([
      {
        kind: 'Pod',
        path: '/spec/containers/0/command/1',
        message: `container c passes ${KEY_32} on its command: the command line is in git and in every process listing; pass it from a Secret through an env var or a file`,
        value: GOSSIP_32,
      },
    ]);
  });

  it('takes an item without spaces literally, as the program gets it (no shell unquoting)', () => {
    const [found] = sightingsOf(pod({ containers: [{ name: 'c', args: [`-token="${TOKEN}"`] }] }));
    expect(found).toMatchObject({ path: '/spec/containers/0/args/0', value: `"${TOKEN}"` });
  });

  it('gives the line inside a multi-line script item', () => {
    const script = `set -e\necho start\nexport CONSUL_HTTP_TOKEN=${TOKEN}\nconsul members`;
    const found = sightingsOf(pod({ initContainers: [{ name: 'i', command: ['/bin/sh', '-ec', script] }] }));
    expect(summary(found).map(({ path, embeddedLine, value }) => ({ path, embeddedLine, value }))).toStrictEqual([
      { path: '/spec/initContainers/0/command/2', embeddedLine: 3, value: TOKEN },
    ]);
  });
});

describe('ConfigMaps', () => {
  it('names the key inside a data file and its line', () => {
    expect(
      summary(sightingsOf(configMap({ data: { 'agent.env': `CONSUL_HTTP_ADDR=https://localhost:8501\nCONSUL_HTTP_TOKEN=${TOKEN}\n` } }))),
    ).toStrictEqual([
      {
        kind: 'ConfigMap',
        path: '/data/agent.env',
        message: `ConfigMap key agent.env sets CONSUL_HTTP_TOKEN to ${UUID_TOKEN}: keep it in a Secret referenced by name`,
        value: TOKEN,
        embeddedLine: 2,
      },
    ]);
  });

  it('reports binaryData whose text holds a key with the encoded value, and skips non-strings and undecodable bytes', () => {
    const encoded = Buffer.from(`${PEM}\n`).toString('base64');
    const found = sightingsOf(
      configMap({
        binaryData: { 'server.pem': encoded, 'blob.bin': Buffer.from([0xff, 0xfe, 0x41, 0x42, 0xc3]).toString('base64'), n: 7 },
      }),
    );
    expect(summary(found)).toStrictEqual([
      {
        kind: 'ConfigMap',
        path: '/binaryData/server.pem',
        message: 'ConfigMap binaryData server.pem holds a PEM private key: keep it in a Secret referenced by name',
        value: encoded,
      },
    ]);
    expect(found[0]?.message).not.toContain(encoded);
  });
});
