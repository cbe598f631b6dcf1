/** Ports that must line up across objects: Service targets and pod ports, client host ports and agent config. */
import { asArray, asObject } from '../../model/k8s-objects.js';
import { configValue, httpPort, httpsPort } from '../../model/consul-config.js';

interface ContainerPort {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  protocol: string;
  index: number;
}

export function portsOf(container: Record<string, unknown>): ContainerPort[] {
  return asArray(container.ports).map((entry, index) => {
    const port = asObject(entry) ?? {};
    return {
      ...(typeof port.name === 'string' ? { name: port.name } : {}),
      ...(typeof port.containerPort === 'number' ? { containerPort: port.containerPort } : {}),
      ...(typeof port.hostPort === 'number' ? { hostPort: port.hostPort } : {}),
      protocol: typeof port.protocol === 'string' ? port.protocol : 'TCP',
      index,
    };
  });
}

/**
 * Ports the agent config serves, by config key; -1 (or absent where Consul's default is off) is off.
 */
export function servedPorts(config: Record<string, unknown>): { key: string; port: number }[] {
  const numeric = (key: string, fallback: number): number => {
    const value = configValue(config, `ports.${key}`);
    return typeof value === 'number' ? value : fallback;
  };
  return [
    { key: 'http', port: httpPort(config) },
    { key: 'https', port: httpsPort(config) },
    { key: 'grpc', port: numeric('grpc', -1) },
    { key: 'grpc_tls', port: numeric('grpc_tls', -1) },
    { key: 'dns', port: numeric('dns', 8600) },
    { key: 'serf_lan', port: numeric('serf_lan', 8301) },
  ].filter((entry) => entry.port > 0);
}
