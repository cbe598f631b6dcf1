import { COMPONENT, PORTS, SERVER_PORTS } from '../../model/consul.js';
import { metadata, selectorLabels } from './labels.js';
import type { DatacenterSettings } from './settings.js';

/** The server ports the pods declare: HTTPS only with TLS, plain HTTP only without. */
function servicePorts(tls: boolean): Record<string, unknown>[] {
  return SERVER_PORTS.filter((port) => port !== (tls ? PORTS.http : PORTS.https)).flatMap((port) =>
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
export function serverService(settings: Pick<DatacenterSettings, 'security'>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(COMPONENT.server, 'server'),
    spec: { clusterIP: 'None', ports: servicePorts(settings.security.tls), publishNotReadyAddresses: true, selector: selectorLabels('server') },
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

/** The UI on the servers: 443 -> 8501 with TLS (plain HTTP is off), 80 -> 8500 without. */
function uiPorts(tls: boolean): Record<string, unknown>[] {
  return tls
    ? [{ name: 'https', port: 443, protocol: 'TCP', targetPort: PORTS.https.port }]
    : [{ name: 'http', port: 80, protocol: 'TCP', targetPort: PORTS.http.port }];
}

export function uiService(settings: Pick<DatacenterSettings, 'security'>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(COMPONENT.ui, 'server'),
    spec: { ports: uiPorts(settings.security.tls), selector: selectorLabels('server'), type: 'ClusterIP' },
  };
}
