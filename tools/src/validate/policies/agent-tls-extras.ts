/**
 * Three facts of the chart's TLS and ACL setup that the manifests can get wrong while every object
 * stays valid: the client probe and the auto-encrypt certificate, the CA key kept out of pods, and
 * DNS under default-deny ACLs.
 */
import { COMPONENT, SECRET } from '../../model/consul.js';
import { controlPlaneInvocations } from '../consul/control-plane-invocation.js';
import { configValue } from '../../model/consul-config.js';
import type { RenderedRule, Violation } from './rule.js';
import { asArray, get, podSpecOf, selectorMatches } from '../../model/k8s-objects.js';

/**
 * A probe command that verifies the certificate against a CA file (curl --cacert/--capath, or
 * $CONSUL_CACERT for the consul CLI), unless it skips verification (curl -k, CONSUL_HTTP_SSL_VERIFY=false
 * in the command or the container's env).
 */
function pinsCa(command: string, env: Map<string, string | undefined>): boolean {
  if (!/--cacert|--capath|CONSUL_CACERT|CONSUL_CAPATH/.test(command)) return false;
  if (/(^|\s)(-k|--insecure)(\s|$)/.test(command)) return false;
  const curl = /(^|[\s/])curl(\s|$)/.test(command);
  const setting = /CONSUL_HTTP_SSL_VERIFY=(\w+)/.exec(command)?.[1] ?? env.get('CONSUL_HTTP_SSL_VERIFY');
  const sslVerifyOff = setting === 'false';
  return curl || !sslVerifyOff;
}

export const clientProbeCa: RenderedRule = {
  id: 'client-probe-ca',
  scope: 'rendered',
  severity: 'error',
  summary: "An auto-encrypt client agent's readiness probe does not verify the agent's HTTPS certificate against the agent-TLS CA.",
  reason:
    "A client's HTTPS listener presents its auto_encrypt certificate, which the servers' Connect CA signs, not the CA in consul-ca-cert: a probe that pins that CA fails on every run, the client never turns Ready, and consul-dns has no endpoints. The chart probes with curl -k.",
  fix: 'Probe with curl -k https://127.0.0.1:8501/v1/status/leader (the generated base does); the probe proves a leader, not the certificate.',
  check(context) {
    const violations: Violation[] = [];
    for (const agent of context.agents()) {
      if (agent.effective.server === true || configValue(agent.effective, 'auto_encrypt.tls') !== true) continue;
      const container = agent.invocation.container;
      const command = asArray(get(container.container, 'readinessProbe', 'exec', 'command'))
        .map(String)
        .join(' ');
      const env = new Map(
        asArray(container.container.env).map((entry) => [
          String(get(entry, 'name')),
          typeof get(entry, 'value') === 'string' ? String(get(entry, 'value')) : undefined,
        ]),
      );
      if (command && pinsCa(command, env)) {
        violations.push({
          resource: agent.invocation.resource,
          path: `${container.pointer}/readinessProbe/exec/command`,
          message: `${agent.invocation.resource.ref.name}: the readiness probe verifies the agent's HTTPS certificate with a CA file, but the certificate comes from auto_encrypt (signed by the Connect CA): the probe fails and the client never turns Ready`,
        });
      }
    }
    return violations;
  },
};

const KEY_LIKE = /(^|[._-])key$|\.key$|private/i;

/** Names of the CA-certificate Secrets: the tls-init Jobs' `<name-prefix>-ca-cert`, and consul-ca-cert. */
function caSecretNames(context: Parameters<RenderedRule['check']>[0]): Set<string> {
  const names = new Set<string>([SECRET.caCert.name]);
  for (const resource of context.resources) {
    for (const invocation of controlPlaneInvocations(resource)) {
      if (invocation.subcommand !== 'tls-init') continue;
      const prefix = invocation.words.find((word) => /^--?name-prefix=/.test(word))?.split('=')[1];
      if (prefix) names.add(`${prefix}-ca-cert`);
    }
  }
  return names;
}

export const caSecretProjection: RenderedRule = {
  id: 'ca-secret-projection',
  scope: 'rendered',
  severity: 'error',
  summary: 'Every pod mounts the CA Secret only as its certificate: a secret volume of it lists items, and none is a key.',
  reason:
    'Mounted whole, the CA Secret puts every key it holds into every agent and sync pod: a CA private key added to it (by a migration, or by hand) would reach every node, and with it the power to mint server certificates. The chart projects items: [{key: tls.crt, path: tls.crt}] and keeps the key in consul-ca-key, which only tls-init reads.',
  fix: 'Add items: [{key: tls.crt, path: tls.crt}] to the consul-ca-cert secret volume (the generated base does).',
  check(context) {
    const names = caSecretNames(context);
    const violations: Violation[] = [];
    for (const resource of context.resources) {
      const pod = podSpecOf(resource);
      if (!pod) continue;
      asArray(pod.spec.volumes).forEach((volume, index) => {
        const secret = get(volume, 'secret', 'secretName');
        if (typeof secret !== 'string' || !names.has(secret)) return;
        const path = `${pod.pointer}/volumes/${index}/secret`;
        const items = asArray(get(volume, 'secret', 'items'));
        if (items.length === 0) {
          violations.push({
            resource,
            path,
            message: `volume ${String(get(volume, 'name'))} mounts Secret ${secret} whole: a key added to it reaches this pod; project items: [{key: tls.crt, path: tls.crt}]`,
          });
        }
        items.forEach((item, itemIndex) => {
          if (KEY_LIKE.test(String(get(item, 'key')))) {
            violations.push({
              resource,
              path: `${path}/items/${itemIndex}`,
              message: `volume ${String(get(volume, 'name'))} projects ${String(get(item, 'key'))} of ${secret}, a private key: only tls-init may read the CA key`,
            });
          }
        });
      });
    }
    return violations;
  },
};

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
