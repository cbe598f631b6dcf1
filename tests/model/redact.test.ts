/** The redaction every output goes through: by shape in text, by context in diff values, capped for tool errors. */
import { describe, expect, it } from 'vitest';
import { capText, REDACTED, redactField, redactText, safeToolError } from '../../tools/src/model/redact.js';

const KEY = 'pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=';
const TOKEN = '6c1e9f52-7a0b-4d3e-9f1a-2b3c4d5e6f70';

describe('redactText', () => {
  it.each([
    [
      'a PEM private key',
      'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\nafter',
      `key:\n${REDACTED} private key\nafter`,
    ],
    ['a gossip key alone', `encrypt is ${KEY}.`, `encrypt is ${REDACTED}.`],
    ['a gossip key after a flag', `-encrypt=${KEY} -x`, `-encrypt=${REDACTED} -x`],
    ['a 16-byte key', 'k cg8StVXbQJ0gPvMd9o7yrg== k', `k ${REDACTED} k`],
    ['a UUID', `token ${TOKEN}`, `token ${REDACTED}`],
    ['a high-entropy value after a secret name', 'map[password:Zx8qHunter2Canary9 user:admin]', `map[password:${REDACTED} user:admin]`],
    [
      'a Secret map in a Go dump',
      'resource map[kind:Secret stringData:map[a:b c:d] type:Opaque]',
      `resource map[kind:Secret stringData:map[${REDACTED}] type:Opaque]`,
    ],
    ['JSON with a secret name', '{"db_password": "Zx8qHunter2Canary9"}', `{"db_password": "${REDACTED}"}`],
  ])('hides %s', (_name, text, expected) => {
    expect(redactText(text)).toBe(expected);
    expect(redactText(expected)).toBe(expected);
  });

  it.each([
    'error   plaintext-secret   ConfigMap/consul-client-config: ConfigMap key 40-gossip.json sets encrypt to a 32-byte base64 key',
    'Secret/consul-gossip-encryption-key: reference it by name',
    'hashicorp/consul@sha256:7a9f4c1e2b3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccdd',
    'token: /consul/login/acl-token',
    'StatefulSet/consul-server at /spec/template/spec/containers/0 and /spec/template/spec/volumes/0',
    'fix: Pass the key from Secret consul-gossip-encryption-key (key `key`) through an env var',
  ])('leaves ordinary report text alone: %s', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('tool errors', () => {
  it('drops the node contents kustomize dumps and keeps the message', () => {
    expect(safeToolError('wrong node kind: expected MappingNode but got ScalarNode: node contents:\nhunter2\nmore')).toBe(
      'wrong node kind: expected MappingNode but got ScalarNode: node contents: (not shown: they can hold Secret data)',
    );
  });

  it('caps a 160 KB error to its start and says how much was cut', () => {
    const huge = `accumulating resources: map[${'x'.repeat(160_000)}]`;
    const safe = safeToolError(huge);
    expect(safe.length).toBeLessThan(2_100);
    expect(safe).toMatch(/^accumulating resources: map\[x+ \.\.\. \[cut: 158\d{3} more characters\]$/);
  });

  it('keeps the first lines only', () => {
    expect(capText('a\nb\nc\nd', { maxChars: 100, maxLines: 2 })).toBe('a\nb ... [cut: 4 more characters]');
  });
});

describe('redactField (diff values)', () => {
  it.each([
    ['Secret data', 'Secret', '/data/key', 'c2VjcmV0', 'key', REDACTED],
    [
      'a token env value, named by its variable',
      'Deployment',
      '/spec/template/spec/containers/0/env/3/value',
      'plain-looking-Value-9x8y7z',
      'CONSUL_HTTP_TOKEN',
      REDACTED,
    ],
    ['an ordinary value', 'Deployment', '/spec/replicas', 3, 'replicas', 3],
    ['an ordinary string', 'ConfigMap', '/data/datacenter', 'dc1', 'datacenter', 'dc1'],
  ])('%s', (_name, kind, path, value, name, expected) => {
    expect(redactField(kind, path, value, name)).toEqual(expected);
  });

  it('walks an added env entry and hides its value by the variable name', () => {
    expect(
      redactField('DaemonSet', '/spec/template/spec/containers/0/env/9', { name: 'DB_PASSWORD', value: 'Zx8qHunter2Canary9' }, '9'),
    ).toEqual({ name: 'DB_PASSWORD', value: REDACTED });
  });
});
