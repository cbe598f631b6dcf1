import type { RenderedRule, Violation } from '../policies/rule.js';
import { configValue } from '../../model/consul-config.js';
import { asArray, get } from '../../model/k8s-objects.js';

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
