/**
 * plaintext-secret's detector on its own: each shape it knows, each place a value can sit, and the
 * false-positive rate on a large ConfigMap of realistic non-secret data (zero findings).
 */
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { credentialLike } from '../../../tools/src/model/secret-shapes.js';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import { secretSightings } from '../../../tools/src/validate/policies/secret-sightings.js';

const GOSSIP_32 = 'pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=';
const GOSSIP_16 = 'cg8StVXbQJ0gPvMd9o7yrg==';
const GOSSIP_24 = 'q1Zr0yC0m2xlE2pQk9s7yY0bX3rW5tUv';
const TOKEN = '6c1e9f52-7a0b-4d3e-9f1a-2b3c4d5e6f70';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';

function resources(...objects: Record<string, unknown>[]) {
  return parseRendered({ yaml: objects.map((object) => stringify(object)).join('---\n'), file: 'test', rendered: true }).resources;
}

describe('credential shapes', () => {
  it.each([
    [GOSSIP_32, 'anything', 'a 32-byte base64 key (a gossip encryption key)'],
    [GOSSIP_32, 'sha256', undefined],
    [GOSSIP_32, 'BUILD_SHA256', undefined],
    [TOKEN, 'nodeId', undefined],
    [GOSSIP_16, 'encrypt', 'a 16-byte base64 key (a gossip encryption key)'],
    [GOSSIP_24, 'GOSSIP_KEY', 'a 24-byte base64 key (a gossip encryption key)'],
    [GOSSIP_16, 'md5', undefined],
    [GOSSIP_16, 'checksum', undefined],
    ['5d41402abc4b2a76b9719d911017c592', 'encrypt', 'a high-entropy value under a secret-like name'],
    [TOKEN, 'CONSUL_HTTP_TOKEN', 'a UUID under a token name (a Consul ACL token)'],
    [TOKEN, 'initial_management', 'a UUID under a token name (a Consul ACL token)'],
    [TOKEN, 'master', 'a UUID under a token name (a Consul ACL token)'],
    [TOKEN, 'secret_id', 'a UUID under a token name (a Consul ACL token)'],
    [TOKEN, 'node_id', undefined],
    [TOKEN, 'trace-id', undefined],
    [TOKEN, 'uid', undefined],
    [TOKEN, 'datacenter', undefined],
    [PEM, '', 'a PEM private key'],
    ['-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----', 'tls.crt', undefined],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key', 'a high-entropy value under a secret-like name'],
    ['ghp_R4nd0mT0k3nV4lu3xYz', 'githubToken', 'a high-entropy value under a secret-like name'],
    ['consul-gossip-encryption-key', 'secret', undefined],
    ['/consul/login/acl-token', 'token', undefined],
    ['$(GOSSIP_KEY)', 'encrypt', undefined],
    ['5d41402abc4b2a76b9719d911017c592', 'cache_key', undefined],
  ])('%s under "%s"', (value, name, expected) => {
    expect(credentialLike(value, name)).toBe(expected);
  });
});

describe('every place a value can sit', () => {
  const pod = (spec: Record<string, unknown>, annotations: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations },
    spec,
  });
  it.each([
    [
      'a container env value',
      pod({ containers: [{ name: 'c', env: [{ name: 'CONSUL_HTTP_TOKEN', value: TOKEN }] }] }),
      '/spec/containers/0/env/0/value',
    ],
    [
      'an init container env value',
      pod({ initContainers: [{ name: 'i', env: [{ name: 'GOSSIP_KEY', value: GOSSIP_32 }] }] }),
      '/spec/initContainers/0/env/0/value',
    ],
    [
      'an ephemeral container env value',
      pod({ ephemeralContainers: [{ name: 'e', env: [{ name: 'ACL_TOKEN', value: TOKEN }] }] }),
      '/spec/ephemeralContainers/0/env/0/value',
    ],
    ['-flag=value in args', pod({ containers: [{ name: 'c', args: ['agent', `-encrypt=${GOSSIP_32}`] }] }), '/spec/containers/0/args/1'],
    ['-token value as two args', pod({ containers: [{ name: 'c', args: ['-token', TOKEN] }] }), '/spec/containers/0/args/1'],
    [
      'an export in a command script',
      pod({ containers: [{ name: 'c', command: ['/bin/sh', '-ec', `export CONSUL_HTTP_TOKEN=${TOKEN}\nconsul members`] }] }),
      '/spec/containers/0/command/2',
    ],
    ['an annotation', pod({ containers: [] }, { 'example.com/acl-token': TOKEN }), '/metadata/annotations/example.com~1acl-token'],
    [
      'JSON inside an annotation',
      pod({ containers: [] }, { 'example.com/config': JSON.stringify({ acl: { tokens: { agent: TOKEN } } }) }),
      '/metadata/annotations/example.com~1config',
    ],
    [
      'ConfigMap data, whole value',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' }, data: { gossip: GOSSIP_32 } },
      '/data/gossip',
    ],
    [
      'ConfigMap binaryData of a raw 32-byte key',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'm' },
        binaryData: { 'gossip.key': Buffer.from(GOSSIP_32, 'base64').toString('base64') },
      },
      '/binaryData/gossip.key',
    ],
    [
      'an HCL heredoc',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'm' },
        data: { 'a.hcl': `tls {\n  defaults {\n    key_pem = <<EOF\n${PEM}\nEOF\n  }\n}\n` },
      },
      '/data/a.hcl',
    ],
    [
      'a token in a script inside an HCL heredoc',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'm' },
        data: {
          'b.hcl': `service {\n  name = "web"\n  check {\n    args = ["sh", "-c", "true"]\n  }\n  script = <<EOF\nexport CONSUL_HTTP_TOKEN=${TOKEN}\nconsul members\nEOF\n}\n`,
        },
      },
      '/data/b.hcl',
    ],
    [
      'an env file',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'm' },
        data: { 'agent.env': `CONSUL_HTTP_ADDR=https://localhost:8501\nCONSUL_HTTP_TOKEN=${TOKEN}\n` },
      },
      '/data/agent.env',
    ],
  ])('%s', (_name, object, path) => {
    const found = secretSightings(resources(object));
    expect(found.map((entry) => entry.path)).toEqual([path]);
    // The message names the place and the kind, never the value.
    for (const entry of found) for (const value of [TOKEN, GOSSIP_32, PEM, 'MIIEowIBAAKCAQEA']) expect(entry.message).not.toContain(value);
  });

  it('gives the line inside an embedded file', () => {
    const [found] = secretSightings(
      resources({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'm' },
        data: { 'a.hcl': `datacenter = "dc1"\n\nacl {\n  tokens {\n    agent = "${TOKEN}"\n  }\n}\n` },
      }),
    );
    expect(found).toMatchObject({ path: '/data/a.hcl', embeddedLine: 5, value: TOKEN });
  });
});

/** Deterministic bytes, so the measured figure is the same on every run. */
function bytesFor(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0, round = 0; offset < length; round++)
    offset += createHash('sha512').update(`${seed}/${round}`).digest().copy(out, offset);
  return out;
}
const uuidFor = (seed: string): string => {
  const hex = bytesFor(seed, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** A large ConfigMap of realistic, non-secret values: the kinds of data the old length-only detector flagged. */
function inventoryConfigMap(entries: number): Record<string, unknown> {
  const files: Record<string, string> = {};
  const sums: string[] = [];
  const nodes: unknown[] = [];
  const images: string[] = [];
  const objects: string[] = [];
  for (let index = 0; index < entries; index++) {
    const name = `static/chunk-${index}.js`;
    files[name] = bytesFor(`sha256/${index}`, 32).toString('base64');
    sums.push(
      `${bytesFor(`sha256hex/${index}`, 32).toString('hex')}  ${name}`,
      `${bytesFor(`md5/${index}`, 16).toString('hex')}  ${name}.map`,
    );
    nodes.push({
      node_id: uuidFor(`node/${index}`),
      trace_id: uuidFor(`trace/${index}`),
      uid: uuidFor(`uid/${index}`),
      request_id: uuidFor(`req/${index}`),
      etag: bytesFor(`etag/${index}`, 16).toString('base64'),
      sha512: bytesFor(`sha512/${index}`, 64).toString('base64'),
      payload: bytesFor(`blob/${index}`, 48 + (index % 50)).toString('base64'),
    });
    images.push(`registry.example.com/team/app-${index}@sha256:${bytesFor(`image/${index}`, 32).toString('hex')}`);
    objects.push(
      `{"kind":"Pod","metadata":{"name":"app-${index}","uid":"${uuidFor(`k8s/${index}`)}","resourceVersion":"${100000 + index}"}}`,
    );
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'release-inventory',
      annotations: { 'example.com/inventory-sha256': bytesFor('annotation', 32).toString('base64'), 'example.com/run-id': randomUUID() },
    },
    data: {
      'integrity.json': JSON.stringify({ algorithm: 'sha256', files }),
      SHA256SUMS: `${sums.join('\n')}\n`,
      'nodes.json': JSON.stringify({ nodes }),
      'images.txt': `${images.join('\n')}\n`,
      'objects.jsonl': `${objects.join('\n')}\n`,
      'bundle.sha256': bytesFor('bundle', 32).toString('base64'),
      'settings.hcl': nodes
        .slice(0, 500)
        .map(
          (node, index) =>
            `service "web-${index}" {\n  id = "${(node as { node_id: string }).node_id}"\n  meta {\n    build_sha = "${bytesFor(`build/${index}`, 20).toString('hex')}"\n  }\n}\n`,
        )
        .join(''),
    },
  };
}

describe('false positives on realistic non-secret data', () => {
  it('flags nothing in a ConfigMap of 2,000 files, sums, nodes, images and objects (about 30,000 random-looking values)', () => {
    const configMap = inventoryConfigMap(2000);
    const text = JSON.stringify(configMap);
    const candidates = text.match(/[A-Za-z0-9+/=:@._-]{16,}/g) ?? [];
    expect(candidates.length).toBeGreaterThan(25_000);
    expect(secretSightings(resources(configMap))).toEqual([]);
  });

  it('still flags one real key planted among them', () => {
    const configMap = inventoryConfigMap(200);
    (configMap.data as Record<string, string>)['settings.hcl'] += `encrypt = "${GOSSIP_32}"\n`;
    expect(secretSightings(resources(configMap)).map((entry) => [entry.path, entry.message])).toEqual([
      [
        '/data/settings.hcl',
        'ConfigMap key settings.hcl sets encrypt to a 32-byte base64 key (a gossip encryption key): keep it in a Secret referenced by name',
      ],
    ]);
  });
});
