/** redactText, capText and redactField case by case: each shape, each separator, each context, and what stays. */
import { describe, expect, it } from 'vitest';
import { capText, REDACTED, redactField, redactText, safeToolError } from '../../tools/src/model/redact.js';

const KEY = 'pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=';
const TOKEN = '6c1e9f52-7a0b-4d3e-9f1a-2b3c4d5e6f70';
const PASSWORD = 'Zx8qHunter2Canary9';

describe('redactText shapes', () => {
  it.each([
    ['an unterminated PEM key, to the end', 'a\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQ\nrest', `a\n${REDACTED} private key`],
    [
      'two PEM keys, each on its own',
      '-----BEGIN PRIVATE KEY-----\nA\n-----END PRIVATE KEY----- mid -----BEGIN PRIVATE KEY-----\nB\n-----END PRIVATE KEY-----',
      `${REDACTED} private key mid ${REDACTED} private key`,
    ],
    ['an upper-case UUID', `t=${TOKEN.toUpperCase()}`, `t=${REDACTED}`],
    ['a key after name=', `x GOSSIP=${KEY}`, `x GOSSIP=${REDACTED}`],
    ['a key after a bare =', `x =${KEY}`, `x =${REDACTED}`],
    ['a key after ==', `a==${KEY}`, `a==${REDACTED}`],
    ['a key after name==', `--foo==${KEY} y`, `--foo==${REDACTED} y`],
    ['a Secret data map without its closing bracket', 'Secret data:map[key:c2VjcmV0', `Secret data:map[${REDACTED}]`],
    ['name=value', `password=${PASSWORD} next`, `password=${REDACTED} next`],
    ['name: value after (', `(secret: ${PASSWORD})`, `(secret: ${REDACTED})`],
    ['after ;', `a;token='${PASSWORD}'`, `a;token='${REDACTED}'`],
    ['after [', `[api_key:${PASSWORD}]`, `[api_key:${REDACTED}]`],
    ['a credential that is no high-entropy text', 'encrypt: cg8StVXbQJ0gPvMd9o7yrg==', `encrypt: ${REDACTED}`],
    ['a low-entropy key under a secret name', 'encrypt: AAAAAAAAAAAAAAAAAAAAAA==', `encrypt: ${REDACTED}`],
  ])('hides %s', (_name, text, expected) => {
    expect(redactText(text)).toBe(expected);
    expect(redactText(expected)).toBe(expected);
  });

  it.each([
    ['a UUID inside a word', `x${TOKEN}y`],
    ['a base64 run shorter than a key', 'abcdefghijABCDEFGHIJ12'],
    ['base64 of key length without digits', 'abcdefghijABCDEFGHIJklmnopqrstuvwxyzABCDEFG='],
    ['base64 of key length without upper case', KEY.toLowerCase()],
    ['base64 of key length without lower case', KEY.toUpperCase()],
    ['a high-entropy value under an ordinary name', `greeting: ${PASSWORD}`],
    ['a plain value under a secret name', 'password: changeme'],
    ['a reference under a secret name', 'token: ${CONSUL_HTTP_TOKEN}'],
    ['name = before a key-shaped run too short after it', 'x=abcdefghijklmnopqrstuvwxyz12'],
    [
      'a longer base64 blob after name= (a certificate), though its tail has the shape of a key',
      'cert=' + Buffer.from(Array.from({ length: 62 }, (_, index) => (index * 53 + 7) % 256)).toString('base64'),
    ],
  ])('keeps %s', (_name, text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('capText', () => {
  it('keeps short text whole, cuts at maxChars, and adds the advice', () => {
    expect(capText('abc', { maxChars: 3, maxLines: 1 })).toBe('abc');
    expect(capText('abcdef', { maxChars: 4, maxLines: 5 })).toBe('abcd ... [cut: 2 more characters]');
    expect(capText('abcdef', { maxChars: 4, maxLines: 5, advice: 'run with --debug' })).toBe(
      'abcd ... [cut: 2 more characters; run with --debug]',
    );
    expect(capText('a\nb', { maxChars: 10, maxLines: 1 })).toBe('a ... [cut: 2 more characters]');
  });

  it('safeToolError keeps 20 lines by default, and its text without node contents', () => {
    const lines = Array.from({ length: 25 }, (_, index) => `line ${index}`).join('\n');
    expect(safeToolError(lines)).toMatch(/^line 0\n(?:line \d+\n){18}line 19 \.\.\. \[cut: \d+ more characters\]$/);
    expect(safeToolError(`a password=${PASSWORD}`)).toBe(`a password=${REDACTED}`);
    expect(safeToolError('node contents:\nhunter2')).toBe('node contents: (not shown: they can hold Secret data)');
    expect(safeToolError('x'.repeat(30), { maxChars: 10, maxLines: 1 })).toBe('xxxxxxxxxx ... [cut: 20 more characters]');
  });
});

describe('redactField contexts', () => {
  it('a Secret hides data and stringData, at any depth, but not its other fields', () => {
    expect(redactField('Secret', '/data', { a: 'b' }, 'data')).toBe(REDACTED);
    expect(redactField('Secret', '/stringData/x', 'plain', 'x')).toBe(REDACTED);
    expect(redactField('Secret', '/metadata/name', 'consul-gossip', 'name')).toBe('consul-gossip');
    expect(redactField('Secret', '/dataset', 'plain', 'dataset')).toBe('plain');
    expect(redactField('Secret', '/metadata/data', 'plain', 'data')).toBe('plain');
    expect(redactField('ConfigMap', '/data/x', 'plain', 'x')).toBe('plain');
  });

  it('null and undefined pass through; other text is scrubbed by shape', () => {
    expect(redactField('ConfigMap', '/data/x', null, 'x')).toBeNull();
    expect(redactField('ConfigMap', '/data/x', undefined, 'x')).toBeUndefined();
    expect(redactField('ConfigMap', '/data/x', `join ${TOKEN} now`, 'x')).toBe(`join ${REDACTED} now`);
    expect(redactField('ConfigMap', '/data/x', true, 'x')).toBe(true);
  });

  it('lists and objects are walked with their keys as names', () => {
    expect(redactField('ConfigMap', '/data', { password: PASSWORD, list: ['a', KEY], n: 1 }, 'data')).toEqual({
      password: REDACTED,
      list: ['a', REDACTED],
      n: 1,
    });
  });

  it('a whole Secret walked from its root hides its data', () => {
    expect(redactField('Secret', '', { metadata: { name: 'x' }, data: { key: 'c2VjcmV0' } }, '')).toEqual({
      metadata: { name: 'x' },
      data: REDACTED,
    });
  });

  it('an entry names its value only when it has a name and a value', () => {
    expect(redactField('Pod', '/env/0', { name: 'DB_PASSWORD', value: 'x', description: PASSWORD }, '0')).toEqual({
      name: 'DB_PASSWORD',
      value: 'x',
      description: PASSWORD,
    });
    expect(redactField('Pod', '/env/0', { name: 'DB_PASSWORD', valueFrom: PASSWORD }, '0')).toEqual({
      name: 'DB_PASSWORD',
      valueFrom: PASSWORD,
    });
    expect(redactField('Pod', '/env/0', { name: 7, value: PASSWORD }, '0')).toEqual({ name: 7, value: PASSWORD });
    expect(redactField('Pod', '/env/0', { name: 'GREETING', value: PASSWORD }, '0')).toEqual({ name: 'GREETING', value: PASSWORD });
  });
});
