/** What a committed credential looks like: secret and token names, gossip key sizes, entropy, command-line words. */
import { describe, expect, it } from 'vitest';
import {
  credentialLike,
  credentialsInWords,
  gossipKeyBytes,
  isHighEntropy,
  isSecretName,
  isTokenName,
} from '../../tools/src/model/secret-shapes.js';

const key = (bytes: number): string => Buffer.from(Array.from({ length: bytes }, (_, index) => (index * 37 + 11) % 256)).toString('base64');
const UUID = '3b6f0f3e-3d1c-4a57-9c8e-2f9d4b1a7c55';
const PASSWORD = 'Xk9#mQ2$vL7!pR4';

describe('isSecretName', () => {
  it.each([
    'encrypt',
    'acl_token',
    'x.token',
    'x-token',
    'x/token',
    'GOSSIP_KEY',
    'gossipkey',
    'dbPassword',
    'password',
    'passwd',
    'pwd',
    'secret',
    'secret_id',
    'secret-id',
    'secretid',
    'credentials',
    'credential',
    'auth',
    'private_key',
    'api-key',
    'access.key',
    'encryption_key',
    'signing_key',
    'master_key',
    'root_key',
    'client_key',
    'tls_key',
    'apiToken',
    'userSecret',
    'gossipKey',
    'MasterKey',
    'xtoken',
    'myPrivateKey',
    'someApiKey',
    'anAccessKey',
    'theSecretKey',
    'anEncryptionKey',
    'aSigningKey',
    'Token',
  ])('%s is a secret name', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['key', 'cache_key', 'sort-key', 'monkey', 'author', 'tokenizer', 'name', 'keys', 'secrets', 'apikeys', 'mytoken2'])(
    '%s is not',
    (name) => {
      expect(isSecretName(name)).toBe(false);
    },
  );
});

describe('isTokenName', () => {
  it.each([
    'token',
    'acl_token',
    'acl-token',
    'acltoken',
    'master',
    'initial_management',
    'initial-management',
    'initialmanagement',
    'agent',
    'agent_master',
    'agent-recovery',
    'agentrecovery',
    'default',
    'dns',
    'replication',
    'config_file_service_registration',
    'config-file-service-registration',
    'secret_id',
    'secretid',
    'CONSUL_HTTP_TOKEN',
    'tokens.agent',
    'x/dns',
    'x-default',
    'myToken',
    'mytoken',
  ])('%s is a token name', (name) => {
    expect(isTokenName(name)).toBe(true);
  });

  it.each(['node_id', 'name', 'tokens', 'agents', 'defaults', 'uid', 'xagent', 'Token2'])('%s is not', (name) => {
    expect(isTokenName(name)).toBe(false);
  });
});

describe('gossipKeyBytes', () => {
  it.each([16, 24, 32])('a standard base64 key of %i bytes', (bytes) => {
    expect(gossipKeyBytes(key(bytes))).toBe(bytes);
  });

  it.each([
    ['20 bytes', key(20)],
    ['12 bytes (too short)', key(12)],
    ['48 bytes (too long)', key(48)],
    ['without its padding', key(32).replace(/=+$/, '')],
    ['URL-safe base64', key(32).replace(/\+/g, '-').replace(/\//g, '_').replace(/[A-Z]/, '-')],
    ['with a space', ` ${key(32).slice(1)}`],
    ['a padding in the middle', `${key(16).slice(0, 10)}=${key(16).slice(11)}`],
  ])('%s is not a gossip key', (_name, text) => {
    expect(gossipKeyBytes(text)).toBeUndefined();
  });
});

describe('isHighEntropy', () => {
  it('entropy of exactly 3 bits per character is enough (8 characters, twice each)', () => {
    expect(isHighEntropy('abcdefg1abcdefg1')).toBe(true);
  });

  it('a long, varied value of mixed classes', () => {
    expect(isHighEntropy(PASSWORD)).toBe(true);
    expect(isHighEntropy('aB3dE6gH9jK2')).toBe(true);
  });

  it.each([
    ['too short', 'aB3dE6gH9jK'],
    ['a space', 'aB3dE6 gH9jK2'],
    ['a variable reference', '$(CONSUL_TOKEN_X1)'],
    ['a shell variable', '${CONSUL_TOKEN_X1}'],
    ['a bare variable', '$CONSUL_TOKEN_X1'],
    ['a file reference', '@/etc/consul/token'],
    ['a path', '/etc/consul/Token1'],
    ['a file URL', 'file:Consul/Token1'],
    ['a URL', 'https://Example.com/1'],
    ['a Vault reference', 'vault:Secret/Data1'],
    ['a secret reference', 'secret:Consul/Token1'],
    ['a ref+ reference', 'ref+vault://Secret1'],
    ['a plain word', 'consul.server-config_x'],
    ['a number', '-12345678901.5'],
    ['one character class', 'abcdefghijkl9'.replace('9', 'm').toUpperCase()],
    ['low entropy', 'aaaaaaaaaaaaA1'],
    ['symbols only (one class)', '!@#$%^&*()_+=~'],
  ])('%s is not', (_name, text) => {
    expect(isHighEntropy(text)).toBe(false);
  });
});

describe('credentialLike', () => {
  it('empty text is nothing; a PEM private key is one whatever its name', () => {
    expect(credentialLike('  ', 'password')).toBeUndefined();
    expect(credentialLike('-----BEGIN PRIVATE KEY-----\nabc', 'sha256')).toBe('a PEM private key');
    expect(credentialLike('-----BEGIN EC PRIVATE KEY-----', '')).toBe('a PEM private key');
  });

  it('a 32-byte key standing alone, unless a digest name; nested only under a secret name', () => {
    expect(credentialLike(` ${key(32)} `)).toBe('a 32-byte base64 key (a gossip encryption key)');
    expect(credentialLike(key(32), 'sha256')).toBeUndefined();
    expect(credentialLike(key(32), 'nodeId')).toBeUndefined();
    expect(credentialLike(key(32), 'secret_id_checksum')).toBeUndefined();
    expect(credentialLike(key(32), 'value', { nested: true })).toBeUndefined();
    expect(credentialLike(key(32), 'encrypt', { nested: true })).toBe('a 32-byte base64 key (a gossip encryption key)');
  });

  it('a 16- or 24-byte key only under a secret name that is no digest name', () => {
    expect(credentialLike(key(16), 'encrypt')).toBe('a 16-byte base64 key (a gossip encryption key)');
    expect(credentialLike(key(24), 'gossip_key')).toBe('a 24-byte base64 key (a gossip encryption key)');
    expect(credentialLike(key(16), 'value')).toBeUndefined();
    expect(credentialLike(key(16), 'token_checksum')).toBeUndefined();
  });

  it('hex is never a gossip key', () => {
    const hex = 'ab'.repeat(16);
    expect(gossipKeyBytes(hex)).toBe(24);
    expect(credentialLike(hex, '')).toBeUndefined();
    expect(credentialLike('0123456789abcdef0123456789abcdef01234567abcd', '')).toBeUndefined();
  });

  it('a UUID only under a token name that is no digest name (secret_id is a token)', () => {
    expect(credentialLike(UUID, 'token')).toBe('a UUID under a token name (a Consul ACL token)');
    expect(credentialLike(UUID.toUpperCase(), 'secret_id')).toBe('a UUID under a token name (a Consul ACL token)');
    expect(credentialLike(UUID, 'node_id')).toBeUndefined();
    expect(credentialLike(UUID, 'traceID')).toBeUndefined();
    expect(credentialLike(UUID, 'secretId')).toBe('a UUID under a token name (a Consul ACL token)');
    expect(credentialLike(UUID, 'password')).toBeUndefined();
    expect(credentialLike(`${UUID}0`, 'token')).toBe('a high-entropy value under a secret-like name');
    expect(credentialLike(`${UUID}0`, 'agent')).toBeUndefined();
  });

  it('a high-entropy value only under a secret name that is no digest name', () => {
    expect(credentialLike(PASSWORD, 'password')).toBe('a high-entropy value under a secret-like name');
    expect(credentialLike(PASSWORD, 'password_hash')).toBeUndefined();
    expect(credentialLike(PASSWORD, 'greeting')).toBeUndefined();
    expect(credentialLike(PASSWORD)).toBeUndefined();
    expect(credentialLike('dc1', 'password')).toBeUndefined();
  });
});

describe('credentialsInWords', () => {
  it('a flag with =, a flag followed by its value, NAME=value, and a bare key', () => {
    expect(credentialsInWords(['consul', 'acl', `-token=${UUID}`])).toEqual([
      { index: 2, name: 'token', what: 'a UUID under a token name (a Consul ACL token)', value: UUID },
    ]);
    expect(credentialsInWords(['--token', UUID]).map((entry) => [entry.index, entry.name])).toEqual([[1, 'token']]);
    expect(credentialsInWords(['-token', UUID]).map((entry) => [entry.index, entry.name])).toEqual([[1, 'token']]);
    expect(credentialsInWords([`CONSUL_HTTP_TOKEN=${UUID}`]).map((entry) => entry.name)).toEqual(['CONSUL_HTTP_TOKEN']);
    expect(credentialsInWords(['agent', `-encrypt=${key(16)}`]).map((entry) => entry.what)).toEqual([
      'a 16-byte base64 key (a gossip encryption key)',
    ]);
    expect(credentialsInWords(['sh', key(32)])).toEqual([
      { index: 1, name: '', what: 'a 32-byte base64 key (a gossip encryption key)', value: key(32) },
    ]);
  });

  it('a UUID after a word that is no flag, or after ---flag, has no name', () => {
    expect(credentialsInWords(['agent', UUID])).toEqual([]);
    expect(credentialsInWords(['---token', UUID])).toEqual([]);
    expect(credentialsInWords(['-1token', UUID])).toEqual([]);
    expect(credentialsInWords([`---token=${UUID}`])).toEqual([]);
    expect(credentialsInWords([`-token=`])).toEqual([]);
    // -token=abc is a token by its position (the flag takes one), and the UUID after it is a plain word.
    expect(credentialsInWords(['-token=abc', UUID]).map((entry) => [entry.index, entry.what])).toEqual([
      [0, 'an ACL token (the value of -token)'],
    ]);
  });

  it('a flag value of no credential shape is found by its position alone, after -flag and --flag', () => {
    for (const flag of ['-token', '--token'])
      expect(credentialsInWords(['consul', 'acl', flag, 'abc']), flag).toEqual([
        { index: 3, name: 'token', what: 'an ACL token (the value of -token)', value: 'abc' },
      ]);
  });

  it('a word with = after a flag is read whole under that flag: -password a=b=<secret>, not under -x or no flag', () => {
    const value = 'a=b=Xk9mQ2vL7pR4wT8zN3bH6Yq1';
    expect(credentialsInWords(['app', '-password', value])).toEqual([
      { index: 2, name: 'password', what: 'a high-entropy value under a secret-like name', value },
    ]);
    expect(credentialsInWords(['app', '-x', value])).toEqual([]);
    expect(credentialsInWords(['app', value])).toEqual([]);
  });

  it('a value with line breaks after name= keeps its name', () => {
    expect(credentialsInWords(['-key=-----BEGIN PRIVATE KEY-----\nabc'])).toEqual([
      { index: 0, name: 'key', what: 'a PEM private key', value: '-----BEGIN PRIVATE KEY-----\nabc' },
    ]);
  });
});
