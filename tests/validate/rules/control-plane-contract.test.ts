/** control-plane-contract: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/control-plane-contract/). */
import { describe, expect, it } from 'vitest';
import { controlPlaneContract } from '../../../tools/src/validate/rules/control-plane-contract.js';
import { command, found, servers } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

/** The server agent, started with `-hcl` blocks. */
const agent = (...hcl: string[]) =>
  servers(3, {}, { containers: [{ name: 'consul', command: ['consul', 'agent', '-server', ...hcl.map((block) => `-hcl=${block}`)] }] });
const ARGS = 'Job/job /spec/template/spec/containers/0/args';
const ENV = 'Job/job /spec/template/spec/containers/0/env';
const SYNC = ['sync-catalog', '-allow-k8s-namespace=*', '-addresses=consul-server', '-http-port=8500', '-grpc-port=8502'];
const messages = (resources: Parameters<typeof found>[1]) => found(controlPlaneContract, resources).map((finding) => finding.message);

describe('control-plane-contract', () => {
  it('a sync-catalog with the servers, their ports and a namespace allow-list passes', () => {
    expect(found(controlPlaneContract, [agent('ports { grpc = 8502 }'), command(SYNC)])).toEqual([]);
  });

  it('an unknown subcommand is an error at the command, with the nearest one', () => {
    expect(found(controlPlaneContract, [command(['sync-katalog'])])).toEqual([
      {
        severity: 'error',
        at: ARGS,
        message: 'Job/job c: consul-k8s-control-plane 1.9.11 has no subcommand "sync-katalog"; did you mean sync-catalog?',
      },
    ]);
  });

  it('an unknown flag is an error at its argument, with the nearest flag when there is one', () => {
    expect(found(controlPlaneContract, [command(['acl-init', '-secret-nam=x', '-bogus'])])).toEqual([
      {
        severity: 'error',
        at: `${ARGS}/1`,
        message: 'Job/job c: acl-init 1.9.11 has no flag -secret-nam: the command exits with a usage error; did you mean -secret-name?',
      },
      {
        severity: 'error',
        at: `${ARGS}/2`,
        message: 'Job/job c: acl-init 1.9.11 has no flag -bogus: the command exits with a usage error',
      },
    ]);
  });

  it('a flag value of the wrong type is an error at its argument', () => {
    expect(found(controlPlaneContract, [agent('ports { grpc = 8502 }'), command([...SYNC, '-log-json=maybe'])])).toEqual([
      { severity: 'error', at: `${ARGS}/5`, message: 'Job/job c: -log-json=maybe must be a boolean (true or false)' },
    ]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC, '-log-json=true', '-consul-write-interval=30s'])])).toEqual([]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC, '-consul-write-interval=30'])])).toEqual([
      'Job/job c: -consul-write-interval=30 must be a duration such as 5s',
    ]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC, '-consul-write-interval=$(INTERVAL)'])])).toEqual([]);
  });

  it('an argument besides flags is an error: Go stops reading flags there', () => {
    expect(messages([command(['sync-catalog', 'extra', '-allow-k8s-namespace=*'])])).toEqual([
      'Job/job c: sync-catalog takes no arguments besides flags, got "extra -allow-k8s-namespace=*": it exits',
      'Job/job c: no server address (CONSUL_ADDRESSES or -addresses): sync-catalog waits for servers it cannot find, before its health endpoint starts',
      'Job/job c: no -allow-k8s-namespace (nor -k8s-source-namespace): sync-catalog syncs no Service at all',
    ]);
  });

  it('a CONSUL_* variable the command does not read is an error at it; the 0.x contract says what replaced it', () => {
    const env = [
      { name: 'CONSUL_HTTP_ADDR', value: 'x' },
      { name: 'CONSUL_ADRESSES', value: 'y' },
      { name: 'OTHER', value: 'z' },
    ];
    expect(found(controlPlaneContract, [command(['acl-init', '-secret-name=x'], { env })])).toEqual([
      {
        severity: 'error',
        at: `${ENV}/1`,
        message:
          'Job/job c: acl-init 1.9.11 reads no CONSUL_HTTP_ADDR (did you mean CONSUL_HTTP_PORT?): the setting has no effect; since control plane 1.0 it talks to the servers through CONSUL_ADDRESSES, CONSUL_USE_TLS, CONSUL_CACERT_FILE and a login',
      },
      {
        severity: 'error',
        at: `${ENV}/2`,
        message: 'Job/job c: acl-init 1.9.11 reads no CONSUL_ADRESSES (did you mean CONSUL_ADDRESSES?): the setting has no effect',
      },
    ]);
  });

  it('with ACLs on, acl-init needs a login or -secret-name, and sync-catalog a token or a login', () => {
    expect(found(controlPlaneContract, [agent('acl { enabled = true }'), command(['acl-init'])])).toEqual([
      {
        severity: 'error',
        at: ENV,
        message:
          'Job/job c: ACLs are on, but acl-init has neither a login (CONSUL_LOGIN_AUTH_METHOD) nor -secret-name: it waits forever for a token Secret with no name',
      },
    ]);
    expect(messages([agent('acl { enabled = true }'), command(['acl-init', '-secret-name=s'])])).toEqual([]);
    expect(messages([agent(), command(['acl-init'])])).toEqual([]);
    const acls = agent('acl { enabled = true }', 'ports { grpc = 8502 }');
    expect(messages([acls, command(SYNC)])).toEqual([
      'Job/job c: ACLs are on, but it has no token (CONSUL_ACL_TOKEN, CONSUL_ACL_TOKEN_FILE) and no login (CONSUL_LOGIN_AUTH_METHOD): the servers refuse it',
    ]);
    expect(messages([acls, command(SYNC, { env: [{ name: 'CONSUL_ACL_TOKEN_FILE', value: '/t' }] })])).toEqual([]);
    expect(messages([acls, command([...SYNC, '-auth-method-name=m'])])).toEqual([]);
  });

  it('acl-init with a login talks to the servers: it needs their address and HTTP port, but no gRPC port', () => {
    expect(messages([agent(), command(['acl-init'], { env: [{ name: 'CONSUL_LOGIN_AUTH_METHOD', value: 'm' }] })])).toEqual([
      'Job/job c: no server address (CONSUL_ADDRESSES or -addresses): acl-init waits for servers it cannot find, before its health endpoint starts',
      'Job/job c: no HTTP port (CONSUL_HTTP_PORT or -http-port): it defaults to 0; the servers serve HTTP on 8500',
    ]);
  });

  it("ports other than the servers' are errors; a port from a variable is not checked", () => {
    expect(messages([agent(), command(SYNC)])).toEqual([
      'Job/job c: CONSUL_GRPC_PORT is 8502, but the servers serve gRPC (ports.grpc) on -1',
    ]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC.slice(0, 3), '-http-port=8501', '-grpc-port=8502'])])).toEqual([
      'Job/job c: CONSUL_HTTP_PORT is 8501, but the servers serve HTTP on 8500',
    ]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC.slice(0, 3), '-grpc-port=8502'])])).toEqual([
      'Job/job c: no HTTP port (CONSUL_HTTP_PORT or -http-port): it defaults to 0; the servers serve HTTP on 8500',
    ]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC.slice(0, 3), '-http-port=8500'])])).toEqual([
      'Job/job c: no gRPC port (CONSUL_GRPC_PORT or -grpc-port): it defaults to 0; the servers serve gRPC on 8502',
    ]);
    expect(messages([agent(), command([...SYNC.slice(0, 3), '-http-port=$(PORT)', '-grpc-port=$(PORT)'])])).toEqual([]);
  });
});

describeRuleFixtures('control-plane-contract');
