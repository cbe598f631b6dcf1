import { COMPONENT, PORTS, SERVER_PORTS } from '../../model/consul.js';
import { metadata, selectorLabels } from './labels.js';

function servicePorts(): Record<string, unknown>[] {
  return SERVER_PORTS.flatMap((port) =>
    port.protocols.map((protocol) => ({
      name: port.protocols.length > 1 ? `${port.name}-${protocol.toLowerCase()}` : port.name,
      port: port.port,
      protocol,
      targetPort: port.port,
    })),
  );
}

/**
 * Headless, and publishing not-ready addresses: servers turn Ready only once a leader exists, and a
 * leader exists only once they have joined each other through this Service's DNS.
 */
export function serverService(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(COMPONENT.server, 'server'),
    spec: { clusterIP: 'None', ports: servicePorts(), publishNotReadyAddresses: true, selector: selectorLabels('server') },
  };
}

/** DNS on port 53 in front of the node agents' 8600. */
export function dnsService(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(COMPONENT.dns, 'client'),
    spec: {
      ports: [
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: PORTS.dns.port },
        { name: 'dns-udp', port: 53, protocol: 'UDP', targetPort: PORTS.dns.port },
      ],
      selector: selectorLabels('client'),
      type: 'ClusterIP',
    },
  };
}

export function uiPorts(plainHttp: boolean, tls: boolean): Record<string, unknown>[] {
  return [
    ...(plainHttp ? [{ name: 'http', port: 80, protocol: 'TCP', targetPort: PORTS.http.port }] : []),
    ...(tls ? [{ name: 'https', port: 443, protocol: 'TCP', targetPort: PORTS.https.port }] : []),
  ];
}

export function uiService(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(COMPONENT.ui, 'server'),
    spec: { ports: uiPorts(true, false), selector: selectorLabels('server'), type: 'ClusterIP' },
  };
}
