/** dns-acl-policy: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/dns-acl-policy/). */
import { describe, expect, it } from 'vitest';
import { dnsAclPolicy } from '../../../tools/src/validate/rules/dns-acl-policy.js';
import { command, type Body, found, object, servers, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const DENY = 'acl { enabled = true default_policy = "deny" }';
/** The server agent, started with `-hcl` blocks. */
const agent = (...hcl: string[]) =>
  servers(3, {}, { containers: [{ name: 'consul', command: ['consul', 'agent', '-server', ...hcl.map((block) => `-hcl=${block}`)] }] });
const service = (name: string, ports: Body[], selector: Body = { 'app.kubernetes.io/name': 'consul' }) =>
  object('v1', 'Service', name, { spec: { selector, ports } });
const DNS = service('consul-dns', [{ port: 53, targetPort: 'dns-tcp' }]);
const message = (name: string) =>
  `ACLs deny by default, but nothing lets the anonymous token read DNS (no server-acl-init -allow-dns, no acl.tokens.dns): Service ${name} answers every query with nothing`;

describe('dns-acl-policy', () => {
  it('a DNS Service in front of default-deny agents, with no DNS read for the anonymous token, is an error', () => {
    expect(found(dnsAclPolicy, [agent(DENY), DNS])).toEqual([
      { severity: 'error', at: 'Service/consul-dns /spec', message: message('consul-dns') },
    ]);
  });

  it.each([
    ['target port 8600', { port: 8053, targetPort: 8600 }],
    ['target port dns-tcp', { port: 8053, targetPort: 'dns-tcp' }],
    ['target port dns-udp', { port: 8053, targetPort: 'dns-udp' }],
    ['port 53', { port: 53, targetPort: 'other' }],
  ])('a Service is a DNS Service by its %s', (_, port) => {
    expect(found(dnsAclPolicy, [agent(DENY), service('dns', [port])]).map((finding) => finding.message)).toEqual([message('dns')]);
  });

  it('the server Service, a Service without a DNS port and a Service selecting no agent are not DNS Services', () => {
    expect(found(dnsAclPolicy, [agent(DENY), service('consul-server', [{ port: 8600, targetPort: 8600 }])])).toEqual([]);
    expect(found(dnsAclPolicy, [agent(DENY), service('consul-ui', [{ port: 80, targetPort: 8500 }])])).toEqual([]);
    expect(found(dnsAclPolicy, [agent(DENY), service('dns', [{ port: 53 }], { app: 'coredns' })])).toEqual([]);
  });

  it('server-acl-init -allow-dns, or a DNS or default token in the agents, lets the anonymous token read DNS', () => {
    for (const flag of ['-allow-dns', '-allow-dns=true', '--allow-dns'])
      expect(found(dnsAclPolicy, [agent(DENY), DNS, command(['server-acl-init', flag])])).toEqual([]);
    expect(found(dnsAclPolicy, [agent(DENY), DNS, command(['server-acl-init', '-allow-dns=false'])])).toHaveLength(1);
    expect(found(dnsAclPolicy, [agent(DENY), DNS, command(['acl-init', '-allow-dns'])])).toHaveLength(1);
    expect(found(dnsAclPolicy, [agent(DENY, 'acl { tokens { dns = "x" } }'), DNS])).toEqual([]);
    expect(found(dnsAclPolicy, [agent(DENY, 'acl { tokens { default = "x" } }'), DNS])).toEqual([]);
    expect(found(dnsAclPolicy, [agent(DENY, 'acl { tokens { agent = "x" } }'), DNS])).toHaveLength(1);
  });

  it('ACLs off, allowing by default, or no server agent: nothing to check', () => {
    expect(found(dnsAclPolicy, [agent('acl { enabled = false default_policy = "deny" }'), DNS])).toEqual([]);
    expect(found(dnsAclPolicy, [agent('acl { enabled = true default_policy = "allow" }'), DNS])).toEqual([]);
    expect(found(dnsAclPolicy, [agent(), DNS])).toEqual([]);
    expect(
      found(dnsAclPolicy, [servers(3, {}, { containers: [{ name: 'consul', command: ['consul', 'agent', `-hcl=${DENY}`] }] }), DNS]),
    ).toEqual([]);
  });

  it('one DNS port among others, and selecting one of several agents, make a DNS Service', () => {
    expect(
      found(dnsAclPolicy, [
        agent(DENY),
        service('consul-dns', [
          { port: 53, targetPort: 'dns-tcp' },
          { port: 8500, targetPort: 8500 },
        ]),
      ]),
    ).toHaveLength(1);
    const client = workload('DaemonSet', 'consul-client', { containers: [{ name: 'consul', command: ['consul', 'agent'] }] });
    ((client.object.spec as Body).template as { metadata: Body }).metadata.labels = { app: 'client' };
    const serversOnly = service('consul-dns', [{ port: 53 }], { 'app.kubernetes.io/component': 'server' });
    expect(found(dnsAclPolicy, [agent(DENY), client, serversOnly]).map((finding) => finding.message)).toEqual([message('consul-dns')]);
  });

  it('-allow-dns among other flags counts; a flag that only ends in allow-dns does not', () => {
    expect(found(dnsAclPolicy, [agent(DENY), DNS, command(['server-acl-init', '-resource-prefix=consul', '-allow-dns'])])).toEqual([]);
    expect(found(dnsAclPolicy, [agent(DENY), DNS, command(['server-acl-init', '-no-allow-dns'])])).toHaveLength(1);
  });

  it('a DNS token in one of the agents is enough', () => {
    const client = workload('DaemonSet', 'consul-client', { containers: [{ name: 'consul', command: ['consul', 'agent'] }] });
    expect(found(dnsAclPolicy, [agent(DENY, 'acl { tokens { dns = "x" } }'), client, DNS])).toEqual([]);
  });
});

describeRuleFixtures('dns-acl-policy');
