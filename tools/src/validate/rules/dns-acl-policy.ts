import type { RenderedRule } from '../policies/rule.js';
import { configValue } from '../../model/consul-config.js';
import { asArray, get, selectorMatches } from '../../model/k8s-objects.js';
import { COMPONENT } from '../../model/consul.js';
import { controlPlaneInvocations } from '../consul/control-plane-invocation.js';

export const dnsAclPolicy: RenderedRule = {
  id: 'dns-acl-policy',
  scope: 'rendered',
  severity: 'error',
  summary:
    "With default-deny ACLs, a DNS Service in front of the agents comes with DNS read for the anonymous token: server-acl-init -allow-dns, or a DNS or default token in the agents' config.",
  reason:
    'DNS queries carry no token: under default_policy deny, the anonymous token must be allowed to read nodes and services, or consul-dns answers every query with nothing (NXDOMAIN), which looks like a broken network.',
  fix: 'Pass -allow-dns=true to server-acl-init (the generated bootstrap does), or give the agents acl.tokens.dns from a Secret.',
  check(context) {
    const servers = context.agents().find((agent) => agent.effective.server === true);
    if (
      !servers ||
      configValue(servers.effective, 'acl.enabled') !== true ||
      configValue(servers.effective, 'acl.default_policy') !== 'deny'
    )
      return [];
    const agentPods = context.agents().map((agent) => agent.invocation.resource);
    const dnsServices = context.all('Service').filter((service) => {
      const selector = get(service.object, 'spec', 'selector');
      const ports = asArray(get(service.object, 'spec', 'ports'));
      const dnsPort = ports.some(
        (port) =>
          get(port, 'targetPort') === 8600 ||
          get(port, 'targetPort') === 'dns-tcp' ||
          get(port, 'targetPort') === 'dns-udp' ||
          get(port, 'port') === 53,
      );
      const selectsAgent = agentPods.some((pod) =>
        selectorMatches(selector, (get(pod.object, 'spec', 'template', 'metadata', 'labels') ?? {}) as Record<string, string>),
      );
      return dnsPort && selectsAgent && !(service.ref.name === COMPONENT.server);
    });
    if (dnsServices.length === 0) return [];
    const allowDns = context.resources.some((resource) =>
      controlPlaneInvocations(resource).some(
        (invocation) => invocation.subcommand === 'server-acl-init' && invocation.words.some((word) => /^--?allow-dns(=true)?$/.test(word)),
      ),
    );
    const configured = context
      .agents()
      .some(
        (agent) =>
          typeof configValue(agent.effective, 'acl.tokens.dns') === 'string' ||
          typeof configValue(agent.effective, 'acl.tokens.default') === 'string',
      );
    if (allowDns || configured) return [];
    return dnsServices.map((service) => ({
      resource: service,
      path: '/spec',
      message: `ACLs deny by default, but nothing lets the anonymous token read DNS (no server-acl-init -allow-dns, no acl.tokens.dns): Service ${service.ref.name} answers every query with nothing`,
    }));
  },
};
