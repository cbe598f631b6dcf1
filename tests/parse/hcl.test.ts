import { describe, expect, it } from 'vitest';
import { HclError, parseHcl } from '../../tools/src/parse/hcl.js';
import { invocationsOf, shellCommands } from '../../tools/src/parse/shell-words.js';

describe('HCL as Consul config uses it', () => {
  it.each([
    ['an attribute', 'bootstrap_expect = 3', { bootstrap_expect: 3 }],
    ['a block', 'ports { http = -1\n https = 8501 }', { ports: { http: -1, https: 8501 } }],
    ['an inline object with commas', 'ports { grpc = -1, grpc_tls = 8502 }', { ports: { grpc: -1, grpc_tls: 8502 } }],
    ['nested blocks', 'tls { grpc { use_auto_cert = true } }', { tls: { grpc: { use_auto_cert: true } } }],
    [
      'an object value with a list',
      'auto_encrypt = {ip_san = ["$HOST_IP","$POD_IP"]}',
      { auto_encrypt: { ip_san: ['$HOST_IP', '$POD_IP'] } },
    ],
    ['a labelled block', 'service "web" { port = 80 }', { service: { web: { port: 80 } } }],
    ['a block given twice', 'check { id = "a" }\ncheck { id = "b" }', { check: [{ id: 'a' }, { id: 'b' }] }],
    ['string escapes', 'acl { tokens { agent = "a\\"b" } }', { acl: { tokens: { agent: 'a"b' } } }],
    ['comments of the three kinds', '# one\n// two\n/* three\n */ server = true', { server: true }],
    ['a heredoc', 'node_meta {\n  note = <<EOF\nline one\nline two\nEOF\n}', { node_meta: { note: 'line one\nline two\n' } }],
    ['an indented heredoc', 'x = <<-EOT\n    a\n      b\n    EOT\n', { x: 'a\n  b\n' }],
    ['a float and a negative number', 'a = 1.5\nb = -1', { a: 1.5, b: -1 }],
  ])('%s', (_name, text, expected) => {
    expect(parseHcl(text).value).toEqual(expected);
  });

  it('records the line of every key by dotted path', () => {
    const { lines } = parseHcl('server = true\nports {\n  https = 8501\n}\n');
    expect(lines.get('server')).toBe(1);
    expect(lines.get('ports')).toBe(2);
    expect(lines.get('ports.https')).toBe(3);
  });

  it.each([
    ['an unterminated string', 'a = "x', /line 1: unterminated string/],
    ['a missing brace', 'ports {\n http = 1\n', /line 3: missing "}"/],
    ['a value without "="', 'a 1', /expected "=" or "\{"/],
    ['an unclosed heredoc', 'a = <<EOF\nx\n', /heredoc EOF is not closed/],
  ])('reports %s with its line', (_name, text, message) => {
    expect(() => parseHcl(text)).toThrowError(HclError);
    expect(() => parseHcl(text)).toThrowError(message);
  });
});

describe('shell words of an agent start script', () => {
  const script = [
    'exec /bin/consul agent \\',
    '  -node="${NODE}" \\',
    '  -hcl="auto_encrypt = {ip_san = [\\"$HOST_IP\\",\\"$POD_IP\\"]}" \\',
    "  -hcl='leave_on_terminate = true' \\",
    '  -config-dir=/consul/config',
    'echo $(hostname) && true',
  ].join('\n');

  it('joins continued lines, removes quotes and keeps expansions', () => {
    const [agent, echo] = shellCommands(script);
    expect(agent?.words).toEqual([
      'exec',
      '/bin/consul',
      'agent',
      '-node=${NODE}',
      '-hcl=auto_encrypt = {ip_san = ["$HOST_IP","$POD_IP"]}',
      '-hcl=leave_on_terminate = true',
      '-config-dir=/consul/config',
    ]);
    expect(echo?.words).toEqual(['echo', '$(hostname)']);
  });

  it('finds the words after a program and its subcommand, by path or name', () => {
    const words = shellCommands(script)[0]?.words ?? [];
    expect(invocationsOf(words, 'consul', 'agent')).toEqual([words.slice(3)]);
    expect(invocationsOf(['consul-k8s-control-plane', 'sync-catalog', '-to-k8s=false'], 'consul-k8s-control-plane')).toEqual([
      ['sync-catalog', '-to-k8s=false'],
    ]);
    expect(invocationsOf(words, 'consul', 'members')).toEqual([]);
  });
});
