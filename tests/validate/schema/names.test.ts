/** The API server's name formats (apimachinery v0.36.3), message for message. */
import { describe, expect, it } from 'vitest';
import {
  configMapKey,
  dns1123Label,
  dns1123Subdomain,
  environmentVariableName,
  labelValue,
  NAME_FORMATS,
  portName,
  qualifiedName,
  wildcardDns1123Subdomain,
} from '../../../tools/src/validate/schema/names.js';

/** RBAC names are path segment names (rbac validation's ValidateRBACName). */
const pathSegmentName = NAME_FORMATS['rbac.authorization.k8s.io/v1/Role']!;

describe('name formats', () => {
  it.each([
    [
      'a DNS-1123 label',
      dns1123Label,
      'consul-server',
      'Consul',
      /^a lowercase RFC 1123 label must consist of .*\(e\.g\. 'my-name', {2}or '123-abc', regex used/,
    ],
    ['a DNS-1123 label of 64 characters', dns1123Label, 'a'.repeat(63), 'a'.repeat(64), /^must be no more than 63 characters$/],
    ['a DNS-1123 subdomain', dns1123Subdomain, 'consul.server-1', 'consul_server', /^a lowercase RFC 1123 subdomain must consist of /],
    ['a DNS-1123 subdomain of 254 characters', dns1123Subdomain, 'a'.repeat(253), 'a'.repeat(254), /^must be no more than 253 characters$/],
    ['a path segment name (RBAC)', pathSegmentName, 'system:consul', 'a/b', /^may not contain '\/'$/],
    ['a path segment name that is ..', pathSegmentName, '...', '..', /^may not be '\.\.'$/],
    ['a path segment name with %', pathSegmentName, 'a', 'a%b', /^may not contain '%'$/],
    ['a label key', qualifiedName, 'app.kubernetes.io/name', 'app_', /^name part a lowercase|^name part must consist/],
    ['a label key with an empty prefix', qualifiedName, 'x/y', '/y', /^prefix part must be non-empty$/],
    ['a label key with a bad prefix', qualifiedName, 'example.com/y', 'Example.com/y', /^prefix part a lowercase RFC 1123 subdomain/],
    [
      'a label key with two slashes',
      qualifiedName,
      'a/b',
      'a/b/c',
      /^a valid label key must consist of .* with an optional DNS subdomain prefix/,
    ],
    ['a label key with an empty name', qualifiedName, 'a/b', 'a/', /^name part must be non-empty$/],
    ['a label key name of 64 characters', qualifiedName, 'a'.repeat(63), 'a'.repeat(64), /^name part must be no more than 63 characters$/],
    ['a label value', labelValue, '', 'no spaces', /^a valid label must be an empty string or consist of /],
    ['a label value of 64 characters', labelValue, 'v'.repeat(63), 'v'.repeat(64), /^must be no more than 63 characters$/],
    ['a port name with upper case', portName, 'http-api', 'HTTP', /^must contain only alpha-numeric characters/],
    ['a port name of 16 characters', portName, 'a'.repeat(15), 'a'.repeat(16), /^must be no more than 15 characters$/],
    ['a port name without a letter', portName, 'h2', '8500', /^must contain at least one letter/],
    ['a port name with two hyphens', portName, 'a-b', 'a--b', /^must not contain consecutive hyphens$/],
    ['a port name starting with a hyphen', portName, 'a-b', '-ab', /^must not begin or end with a hyphen$/],
    [
      'an environment variable name with =',
      environmentVariableName,
      'CONSUL.HTTP-ADDR 1',
      'A=B',
      /^a valid environment variable name must consist only of printable ASCII/,
    ],
    ['an environment variable name with a newline', environmentVariableName, '1ABC', 'A\nB', /printable ASCII/],
    ['a config key', configMapKey, 'server.hcl', 'server hcl', /^a valid config key must consist of alphanumeric characters/],
    ['a config key of ..', configMapKey, '.a', '..', /^must not be '\.\.'$/],
    ['a config key starting with ..', configMapKey, 'a..b', '..a', /^must not start with '\.\.'$/],
    ['a config key of .', configMapKey, 'a.', '.', /^must not be '\.'$/],
    ['a config key of 254 characters', configMapKey, 'k'.repeat(253), 'k'.repeat(254), /^must be no more than 253 characters$/],
  ] as const)('%s: the valid value passes, the other gets the server message', (_name, format, valid, wrong, message) => {
    expect(format(valid)).toEqual([]);
    expect(
      format(wrong).some((entry) => message.test(entry)),
      format(wrong).join(' | '),
    ).toBe(true);
  });
});

const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const KEY_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('name formats, every message of a value', () => {
  it.each([
    ['a label, exactly', dns1123Label, 'Consul', [LABEL_MESSAGE]],
    [
      'a label of 64 characters that is also malformed',
      dns1123Label,
      `-${'a'.repeat(63)}`,
      ['must be no more than 63 characters', LABEL_MESSAGE],
    ],
    ['a label counted in bytes', dns1123Label, 'é'.repeat(32), ['must be no more than 63 characters', LABEL_MESSAGE]],
    ['a label ending in a hyphen', dns1123Label, 'a-', [LABEL_MESSAGE]],
    ['a label with text around a valid one', dns1123Label, 'a b', [LABEL_MESSAGE]],
    ['a subdomain, exactly', dns1123Subdomain, 'a..b', [SUBDOMAIN_MESSAGE]],
    ['a subdomain starting with a dot', dns1123Subdomain, '.a', [SUBDOMAIN_MESSAGE]],
    ['a subdomain of labels', dns1123Subdomain, 'a-1.b-2.c', []],
    ['a wildcard subdomain', wildcardDns1123Subdomain, '*.a.example.com', []],
    [
      'a wildcard that is not the first label',
      wildcardDns1123Subdomain,
      'a.*.com',
      [
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    ['a wildcard of 254 bytes', wildcardDns1123Subdomain, `*.${'a'.repeat(252)}`, ['must be no more than 253 characters']],
    ['a wildcard of 253 bytes', wildcardDns1123Subdomain, `*.${'a'.repeat(251)}`, []],
    ['a wildcard alone', wildcardDns1123Subdomain, '*', [expect.stringMatching(/^a wildcard DNS-1123 subdomain/)]],
    ['a label key with an empty name', qualifiedName, 'example.com/', ['name part must be non-empty', KEY_NAME_MESSAGE]],
    ['a label key name of 64 bytes', qualifiedName, 'a'.repeat(64), ['name part must be no more than 63 characters']],
    ['a label key name of 63 bytes', qualifiedName, `example.com/${'a'.repeat(63)}`, []],
    [
      'a label key with an empty prefix and name',
      qualifiedName,
      '/',
      ['prefix part must be non-empty', 'name part must be non-empty', KEY_NAME_MESSAGE],
    ],
    ['a label key with a bad prefix only', qualifiedName, 'Example/name', [`prefix part ${SUBDOMAIN_MESSAGE}`]],
    ['a label key of mixed case, dots and dashes', qualifiedName, 'k8s.io/My_Name-1.x', []],
    ['a label key ending in a dot', qualifiedName, 'name.', [KEY_NAME_MESSAGE]],
    [
      'a label key with three parts',
      qualifiedName,
      'a/b/c',
      [
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
    ['a label value of 63 bytes', labelValue, 'v'.repeat(63), []],
    [
      'a label value of 64 bytes, malformed too',
      labelValue,
      `${'v'.repeat(63)}-`,
      [
        'must be no more than 63 characters',
        expect.stringMatching(
          /^a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '\.', and must start and end with an alphanumeric character \(e\.g\. 'MyValue', {2}or 'my_value', {2}or '12345', regex used for validation is '\(\(\[A-Za-z0-9\]/,
        ),
      ],
    ],
    ['a label value with an inner space', labelValue, 'a b', [expect.stringMatching(/^a valid label must be/)]],
    ['a port name of 15 bytes', portName, 'a'.repeat(15), []],
    [
      'a port name with every problem',
      portName,
      '-A--1-',
      [
        'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'must contain at least one letter (a-z)',
        'must not contain consecutive hyphens',
        'must not begin or end with a hyphen',
      ],
    ],
    ['a port name ending in a hyphen', portName, 'ab-', ['must not begin or end with a hyphen']],
    ['a port name with a space', portName, 'a b', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['an environment variable name of printable ASCII', environmentVariableName, ' !~"#.', []],
    [
      'an environment variable name with DEL',
      environmentVariableName,
      'A\u007f',
      ["a valid environment variable name must consist only of printable ASCII characters other than '='"],
    ],
    [
      'an environment variable name with a tab',
      environmentVariableName,
      'A\tB',
      ["a valid environment variable name must consist only of printable ASCII characters other than '='"],
    ],
    [
      'an environment variable name with é',
      environmentVariableName,
      'é',
      ["a valid environment variable name must consist only of printable ASCII characters other than '='"],
    ],
    ['a config key of 253 bytes', configMapKey, 'k'.repeat(253), []],
    ['a config key of ..', configMapKey, '..', ["must not be '..'"]],
    ['a config key of .', configMapKey, '.', ["must not be '.'"]],
    ['a config key of ..a', configMapKey, '..a', ["must not start with '..'"]],
    ['a config key of ...', configMapKey, '...', ["must not start with '..'"]],
    [
      'a config key with a slash',
      configMapKey,
      'a/b',
      [
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
    ['an empty config key', configMapKey, '', [expect.stringMatching(/^a valid config key/)]],
  ] as const)('%s', (_name, format, value, expected) => {
    expect(format(value)).toEqual(expected);
  });

  it('a path segment name (RBAC) may not be . or .., nor contain / or %', () => {
    expect(pathSegmentName('.')).toEqual(["may not be '.'"]);
    expect(pathSegmentName('a/%')).toEqual(["may not contain '/'", "may not contain '%'"]);
    expect(pathSegmentName('system:Consul_1.x')).toEqual([]);
  });

  it('each kind takes the name format the server gives it', () => {
    expect(
      Object.entries(NAME_FORMATS)
        .filter(([, format]) => format === dns1123Label)
        .map(([kind]) => kind),
    ).toEqual(['v1/Namespace', 'v1/Service', 'apps/v1/StatefulSet']);
    expect(Object.values(NAME_FORMATS).filter((format) => format === pathSegmentName)).toHaveLength(4);
    expect(NAME_FORMATS['apps/v1/Deployment']).toBe(dns1123Subdomain);
    expect(NAME_FORMATS['admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding']).toBe(dns1123Subdomain);
  });
});
