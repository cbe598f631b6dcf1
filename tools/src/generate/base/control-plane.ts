/**
 * How consul-k8s-control-plane 1.x containers reach the servers. They talk to the servers (not to a
 * node-local agent), reading only the CONSUL_* variables of control-plane/subcommand/flags/consul.go:
 * the server Service's DNS name, the gRPC and HTTP ports, TLS with the CA file, and, with ACLs, a
 * login through the Kubernetes auth method that server-acl-init creates.
 */
import { COMPONENT, COMPONENT_AUTH_METHOD, PATHS, PORTS, SECRET } from '../../model/consul.js';
import type { SecuritySpec } from '../../environments/types.js';
import { fieldEnv, valueEnv } from './agent.js';

/** `$(NAMESPACE)` expands to the pod's namespace: NAMESPACE is always defined before it is used. */
const SERVER_ADDRESS = `${COMPONENT.server}.$(NAMESPACE).svc`;

/** The CA certificate only: the projection leaves any other key of the Secret (a CA key) out of the pod. */
export function caCertVolume(): Record<string, unknown> {
  return { name: 'consul-ca-cert', secret: { items: [{ key: SECRET.caCert.key, path: 'tls.crt' }], secretName: SECRET.caCert.name } };
}

export function caCertMount(): Record<string, unknown> {
  return { mountPath: PATHS.ca, name: 'consul-ca-cert', readOnly: true };
}

export const CA_FILE = `${PATHS.ca}/tls.crt`;

export interface ConnectionOptions {
  datacenter: string;
  security: Pick<SecuritySpec, 'tls' | 'acls'>;
  /** Log in through the component auth method as this component (meta component=<name>). */
  login?: string;
}

/**
 * NAMESPACE and POD_NAME first (the downward API), then everything that refers to them: Kubernetes
 * expands $(VAR) only for variables defined earlier in the same container.
 */
export function serverConnectionEnv(options: ConnectionOptions): Record<string, unknown>[] {
  const { tls, acls } = options.security;
  const env = [
    fieldEnv('NAMESPACE', 'metadata.namespace'),
    fieldEnv('POD_NAME', 'metadata.name'),
    valueEnv('CONSUL_ADDRESSES', SERVER_ADDRESS),
    valueEnv('CONSUL_GRPC_PORT', String(PORTS.grpc.port)),
    valueEnv('CONSUL_HTTP_PORT', String(tls ? PORTS.https.port : PORTS.http.port)),
    valueEnv('CONSUL_DATACENTER', options.datacenter),
    valueEnv('CONSUL_API_TIMEOUT', '5s'),
  ];
  if (tls) env.push(valueEnv('CONSUL_USE_TLS', 'true'), valueEnv('CONSUL_CACERT_FILE', CA_FILE));
  if (acls && options.login !== undefined) {
    env.push(
      valueEnv('CONSUL_LOGIN_AUTH_METHOD', COMPONENT_AUTH_METHOD),
      valueEnv('CONSUL_LOGIN_DATACENTER', options.datacenter),
      valueEnv('CONSUL_LOGIN_META', `component=${options.login},pod=$(NAMESPACE)/$(POD_NAME)`),
    );
  }
  return env;
}

/** The flags every control-plane subcommand takes for its logs. */
export const LOG_FLAGS = ['-log-level=info', '-log-json=false'] as const;
