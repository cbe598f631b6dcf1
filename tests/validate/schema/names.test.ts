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
