/**
 * credentialsInText on its own: which text is read as JSON, as HCL or line by line, the dotted path and 1-based line
 * of each hit, and the hits a text must not give (plaintext-secret's sightings are built from these).
 */
import { describe, expect, it } from 'vitest';
import { credentialsInText } from '../../../tools/src/validate/policies/secret-text.js';

const TOKEN = '6c1e9f52-7a0b-4d3e-9f1a-2b3c4d5e6f70';
const GOSSIP_32 = 'pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
const UUID_TOKEN = 'a UUID under a token name (a Consul ACL token)';
const KEY_32 = 'a 32-byte base64 key (a gossip encryption key)';

describe('config text read by its structure', () => {
  it('gives the dotted path and the line of a JSON value', () => {
    const text = `{\n  "datacenter": "dc1",\n  "acl": {\n    "tokens": {\n      "agent": "${TOKEN}"\n    }\n  }\n}\n`;
    expect(credentialsInText(text, 'config.json')).toEqual([{ path: 'acl.tokens.agent', what: UUID_TOKEN, line: 5, value: TOKEN }]);
  });

  it('reads a JSON array by its content, not its name, and keeps the key path through it', () => {
    expect(credentialsInText(`[\n  {"name": "a"},\n  {"token": "${TOKEN}"}\n]`, 'list')).toEqual([
      { path: 'token', what: UUID_TOKEN, line: 3, value: TOKEN },
    ]);
  });

  it('gives the line of the first non-blank line of a multi-line value', () => {
    const text = `{\n  "note": "x",\n  "tls": ${JSON.stringify(`\n\n${PEM}`)}\n}`;
    expect(credentialsInText(text, 'c.json')).toEqual([{ path: 'tls', what: 'a PEM private key', line: 3, value: `\n\n${PEM}` }]);
  });

  it('finds the line of a value by its first non-blank line, trimmed, and gives none when the text escapes it', () => {
    const text = `{\n  "x-note": "-",\n  "tls": ${JSON.stringify(` \n\t${PEM}`)}\n}`;
    expect(credentialsInText(text, 'c.json')).toStrictEqual([{ path: 'tls', what: 'a PEM private key', value: ` \n\t${PEM}`, line: 3 }]);
    const escaped = `{\n  "tls": ${JSON.stringify(`-----BEGIN RSA PRIVATE KEY----- "x"\nMIIE\n-----END RSA PRIVATE KEY-----`)}\n}`;
    expect(credentialsInText(escaped, 'c.json')).toStrictEqual([
      { path: 'tls', what: 'a PEM private key', value: `-----BEGIN RSA PRIVATE KEY----- "x"\nMIIE\n-----END RSA PRIVATE KEY-----` },
    ]);
  });

  it('counts the lines of an embedded file from the line its first line is on, and gives no line when either is unknown', () => {
    // the embedded JSON's first line, `{`, is the outer text's first character: line 1
    const inner = `{\n  "token": "${TOKEN}"\n}`;
    expect(credentialsInText(JSON.stringify({ file: inner }), 'a.json')).toStrictEqual([
      { path: 'file.token', what: UUID_TOKEN, value: TOKEN, line: 3 },
    ]);
    // the embedded file's first line holds an escaped tab: its own line is unknown, so the hit has no line (not its line inside)
    const tabbed = `# tab\there\nCONSUL_HTTP_TOKEN=${TOKEN}`;
    expect(credentialsInText(JSON.stringify({ file: tabbed }), 'a.json')).toStrictEqual([
      { path: 'file.CONSUL_HTTP_TOKEN', what: UUID_TOKEN, value: TOKEN },
    ]);
    // the embedded JSON's value holds an escaped quote: its line inside is unknown, the embedded file's is not
    const quoted = `{\n  "password": "Zx9\\"qW7!pL3#vB"\n}`;
    expect(credentialsInText(JSON.stringify({ file: quoted }), 'a.json')).toStrictEqual([
      { path: 'file.password', what: 'a high-entropy value under a secret-like name', value: 'Zx9"qW7!pL3#vB' },
    ]);
  });

  it('reads a JSON text with leading spaces as JSON', () => {
    expect(credentialsInText(` {"token": "${TOKEN}"}`, 'x')).toStrictEqual([{ path: 'token', what: UUID_TOKEN, value: TOKEN, line: 1 }]);
  });

  it('reads a .json file that is a single JSON string as JSON (its decoded value)', () => {
    expect(credentialsInText(JSON.stringify(PEM), 'key.json')).toEqual([{ path: '', what: 'a PEM private key', line: 1, value: PEM }]);
  });

  it('reads a quoted text under another name whole, as it is (a JSON string is not parsed)', () => {
    const text = JSON.stringify(`{ ${PEM}`);
    expect(credentialsInText(text, 'key')).toEqual([{ path: '', what: 'a PEM private key', line: 1, value: text }]);
  });

  it('reads HCL by its content: blocks with and without spaces give the dotted path', () => {
    expect(credentialsInText(`acl {\n  tokens {\n    agent = "${TOKEN}"\n  }\n}\n`, 'agent-config')).toEqual([
      { path: 'acl.tokens.agent', what: UUID_TOKEN, line: 3, value: TOKEN },
    ]);
    expect(credentialsInText(`acl{\n  tokens{\n    agent="${TOKEN}"\n  }\n}\n`, 'agent-config')).toEqual([
      { path: 'acl.tokens.agent', what: UUID_TOKEN, line: 3, value: TOKEN },
    ]);
    expect(credentialsInText(`ports.grpc_tls = 8503\nacl_x-y {\n  tokens {\n    agent = "${TOKEN}"\n  }\n}\n`, 'cfg')).toEqual([
      { path: 'acl_x-y.tokens.agent', what: UUID_TOKEN, line: 4, value: TOKEN },
    ]);
  });

  it('reads a .hcl file as HCL even when no line starts with a key, and other names line by line', () => {
    const text = `# agent\n  acl {\n    agent = "${TOKEN}"\n  }\n`;
    expect(credentialsInText(text, 'a.hcl')).toEqual([{ path: 'acl.agent', what: UUID_TOKEN, line: 3, value: TOKEN }]);
    expect(credentialsInText(text, 'notes')).toEqual([{ path: 'agent', what: UUID_TOKEN, line: 3, value: TOKEN }]);
  });

  it('reads an empty HCL file (comments only) line by line', () => {
    expect(credentialsInText(`# nothing set here\n# CONSUL_HTTP_TOKEN=${TOKEN}\n`, 'a.hcl')).toEqual([]);
    expect(credentialsInText(`// retired\n\n`, 'a.hcl')).toEqual([]);
    expect(credentialsInText(`// CONSUL_HTTP_TOKEN=${TOKEN}\n`, 'a.hcl')).toEqual([
      { path: 'CONSUL_HTTP_TOKEN', what: UUID_TOKEN, line: 1, value: TOKEN },
    ]);
  });

  it('adds the line of a heredoc key to the line inside it, and the path inside it to the key', () => {
    const text = `service {\n  name = "web"\n  script = <<EOF\nset -e\nexport CONSUL_HTTP_TOKEN=${TOKEN}\nEOF\n}\n`;
    expect(credentialsInText(text, 'b.hcl')).toEqual([
      { path: 'service.script.CONSUL_HTTP_TOKEN', what: UUID_TOKEN, line: 5, value: TOKEN },
    ]);
  });

  it('gives a heredoc holding a whole PEM key the path of its key', () => {
    const text = `tls {\n  key_pem = <<EOF\n${PEM}\nEOF\n}\n`;
    expect(credentialsInText(text, 'c.hcl')).toEqual([{ path: 'tls.key_pem', what: 'a PEM private key', line: 2, value: `${PEM}\n` }]);
  });

  it('reads embedded files three levels deep, not four', () => {
    const level = (inner: string) => JSON.stringify({ file: `${inner}\n` });
    const deepest = `x = 1\nCONSUL_HTTP_TOKEN=${TOKEN}`;
    expect(credentialsInText(level(level(level(deepest))), 'a.json').map((hit) => hit.path)).toEqual(['file.file.file.CONSUL_HTTP_TOKEN']);
    expect(credentialsInText(level(level(level(level(deepest)))), 'a.json')).toEqual([]);
  });

  it('flags a config that holds no credential nothing, and does not read its lines again', () => {
    expect(credentialsInText(`{\n  "datacenter": "dc1",\n  "ports": {"grpc": 8502}\n}`, 'c.json')).toEqual([]);
    expect(credentialsInText(`{"args": "-token=${TOKEN}"}`, 'c.json')).toEqual([]);
  });
});

describe('text read whole', () => {
  it('gives a one-line value line 1 and its trimmed value', () => {
    expect(credentialsInText(`  ${GOSSIP_32}\n`, 'gossip')).toEqual([{ path: '', what: KEY_32, line: 1, value: GOSSIP_32 }]);
  });

  it('gives a multi-line value no line', () => {
    expect(credentialsInText(`\n${PEM}\n`, 'tls.key')).toEqual([{ path: '', what: 'a PEM private key', value: PEM }]);
  });
});

describe('text read line by line', () => {
  it('finds a flag value among a command line, after a command without one, on its line', () => {
    expect(credentialsInText(`set -e\necho hi; consul keyring -install ${GOSSIP_32}\n`, 'run.sh')).toEqual([
      { path: 'install', what: KEY_32, line: 2, value: GOSSIP_32 },
    ]);
  });

  it('keeps only the value of a credential flag on a single line', () => {
    expect(credentialsInText(`consul keyring -install ${GOSSIP_32}`, 'cmd')).toEqual([
      { path: 'install', what: KEY_32, line: 1, value: GOSSIP_32 },
    ]);
    expect(credentialsInText(`CONSUL_HTTP_TOKEN=${TOKEN}`, 'cmd')).toEqual([]);
  });

  it.each([
    ['token: TOKEN', 'token'],
    ['  token: TOKEN', 'token'],
    ['token:TOKEN', 'token'],
    ['token :  TOKEN', 'token'],
    ['"acl.token": "TOKEN"', 'acl.token'],
    ["'acl/token' = 'TOKEN'", 'acl/token'],
    ['export token: TOKEN', 'token'],
    ['export  token: TOKEN', 'token'],
    ['\texport\ttoken\t=\tTOKEN # set by hand', 'token'],
    ['agent_token = "TOKEN"', 'agent_token'],
  ])('reads the assignment %s under its name', (line, path) => {
    expect(credentialsInText(`# settings\n${line.replace('TOKEN', TOKEN)}\n`, 'settings')).toEqual([
      { path, what: UUID_TOKEN, line: 2, value: TOKEN },
    ]);
  });

  it.each([
    ['a commented-out assignment', `# token: ${TOKEN}`],
    ['a name that is no token name', `node_id: ${TOKEN}`],
    ['a quoted 32-byte key under a plain name (in a config file the name must say secret)', `build: "${GOSSIP_32}"#`],
    ['a reference expanded at run time', 'token: $(ACL_TOKEN)'],
  ])('flags nothing for %s', (_name, line) => {
    expect(credentialsInText(`# settings\n${line}\n`, 'settings')).toEqual([]);
  });
});
