/** client-probe-ca: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/client-probe-ca/). */
import { describe, expect, it } from 'vitest';
import { clientProbeCa } from '../../../tools/src/validate/rules/client-probe-ca.js';
import { type Body, found, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const AUTO_ENCRYPT = '-hcl=auto_encrypt { tls = true }';
/** A client agent started with `flags`, probed with `probe` (a shell line, or the exec command itself), with `env`. */
const agent = (probe: string | string[], flags: string[] = [AUTO_ENCRYPT], env: Body[] = []) =>
  workload('DaemonSet', 'consul-client', {
    containers: [
      {
        name: 'consul',
        command: ['consul', 'agent', ...flags],
        env,
        ...(probe.length > 0
          ? { readinessProbe: { exec: { command: typeof probe === 'string' ? ['/bin/sh', '-ec', probe] : probe } } }
          : {}),
      },
    ],
  });
const MESSAGE =
  "consul-client: the readiness probe verifies the agent's HTTPS certificate with a CA file, but the certificate comes from auto_encrypt (signed by the Connect CA): the probe fails and the client never turns Ready";

describe('client-probe-ca', () => {
  it('curl pinning the CA file on an auto-encrypt client is an error at its probe command', () => {
    expect(found(clientProbeCa, [agent('curl --cacert /consul/tls/ca/tls.crt https://127.0.0.1:8501/v1/status/leader')])).toEqual([
      { severity: 'error', at: 'DaemonSet/consul-client /spec/template/spec/containers/0/readinessProbe/exec/command', message: MESSAGE },
    ]);
    expect(found(clientProbeCa, [agent('/usr/bin/curl --capath /ca https://127.0.0.1:8501')])).toHaveLength(1);
  });

  it('curl -k or --insecure, or no CA at all, passes', () => {
    for (const probe of [
      'curl -k https://127.0.0.1:8501/v1/status/leader',
      'curl --insecure --cacert /ca https://127.0.0.1:8501',
      'curl https://127.0.0.1:8501',
      '',
    ])
      expect(found(clientProbeCa, [agent(probe)])).toEqual([]);
  });

  it('the consul CLI with CONSUL_CACERT verifies unless CONSUL_HTTP_SSL_VERIFY is false, in the command or the env', () => {
    expect(found(clientProbeCa, [agent('CONSUL_CACERT=/ca consul members')])).toHaveLength(1);
    expect(found(clientProbeCa, [agent('CONSUL_CAPATH=/ca consul members')])).toHaveLength(1);
    expect(found(clientProbeCa, [agent('CONSUL_HTTP_SSL_VERIFY=false CONSUL_CACERT=/ca consul members')])).toEqual([]);
    expect(found(clientProbeCa, [agent('CONSUL_HTTP_SSL_VERIFY=true CONSUL_CACERT=/ca consul members')])).toHaveLength(1);
    expect(found(clientProbeCa, [agent('consul members', [AUTO_ENCRYPT], [{ name: 'CONSUL_CACERT', value: '/ca' }])])).toEqual([]);
    const sslOff = [{ name: 'CONSUL_HTTP_SSL_VERIFY', value: 'false' }];
    expect(found(clientProbeCa, [agent('CONSUL_CACERT=/ca consul members', [AUTO_ENCRYPT], sslOff)])).toEqual([]);
    expect(
      found(clientProbeCa, [agent('CONSUL_HTTP_SSL_VERIFY=true CONSUL_CACERT=/ca consul members', [AUTO_ENCRYPT], sslOff)]),
    ).toHaveLength(1);
    // curl verifies whatever the consul CLI's setting says
    expect(found(clientProbeCa, [agent('curl --cacert /ca https://127.0.0.1:8501', [AUTO_ENCRYPT], sslOff)])).toHaveLength(1);
  });

  it('-k or --insecure anywhere in the command, first or last, passes', () => {
    expect(found(clientProbeCa, [agent('curl --cacert /ca https://127.0.0.1:8501 -k')])).toEqual([]);
    expect(found(clientProbeCa, [agent('curl --cacert /ca https://127.0.0.1:8501 --insecure')])).toEqual([]);
    expect(found(clientProbeCa, [agent(['-k', '--cacert', '/ca', 'https://127.0.0.1:8501'])])).toEqual([]);
  });

  it('curl exec-ed without a shell, or named last, still verifies whatever the consul CLI setting says', () => {
    const sslOff = [{ name: 'CONSUL_HTTP_SSL_VERIFY', value: 'false' }];
    expect(found(clientProbeCa, [agent(['curl', '--cacert', '/ca', 'https://127.0.0.1:8501'], [AUTO_ENCRYPT], sslOff)])).toHaveLength(1);
    expect(found(clientProbeCa, [agent('CURL_OPTS="--cacert /ca" exec /usr/bin/curl', [AUTO_ENCRYPT], sslOff)])).toHaveLength(1);
  });

  it('an env value that is not a string (a YAML boolean false) does not turn verification off', () => {
    const notText = [{ name: 'CONSUL_HTTP_SSL_VERIFY', value: false }];
    expect(found(clientProbeCa, [agent('CONSUL_CACERT=/ca consul members', [AUTO_ENCRYPT], notText)])).toHaveLength(1);
  });

  it('a server, or a client without auto_encrypt, may pin the CA', () => {
    expect(found(clientProbeCa, [agent('curl --cacert /ca https://127.0.0.1:8501', ['-server', AUTO_ENCRYPT])])).toEqual([]);
    expect(found(clientProbeCa, [agent('curl --cacert /ca https://127.0.0.1:8501', [])])).toEqual([]);
    expect(found(clientProbeCa, [agent('curl --cacert /ca https://127.0.0.1:8501', ['-hcl=auto_encrypt { tls = false }'])])).toEqual([]);
  });
});

describeRuleFixtures('client-probe-ca');
