/** The server, DNS and UI Services for given security settings. */
import { describe, expect, it } from 'vitest';
import { dnsService, serverService, uiService } from '../../../tools/src/generate/base/services.js';
import { objectLabels, selector, type Json } from './fixture.js';

const security = (tls: boolean) => ({ security: { tls, acls: true, gossip: true } });
const port = (name: string, number: number, protocol = 'TCP') => ({ name, port: number, protocol, targetPort: number });
const OTHER_PORTS = [
  port('grpc', 8502),
  port('server', 8300),
  port('serflan-tcp', 8301),
  port('serflan-udp', 8301, 'UDP'),
  port('serfwan-tcp', 8302),
  port('serfwan-udp', 8302, 'UDP'),
  port('dns-tcp', 8600),
  port('dns-udp', 8600, 'UDP'),
];

describe('serverService', () => {
  it('is headless, publishes not-ready servers, and selects the server pods', () => {
    const service: Json = serverService(security(true));
    expect(service).toMatchObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'consul-server', labels: objectLabels('server') } });
    expect(service.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: selector('server') });
  });

  it('has HTTPS with TLS and HTTP without, and every other server port per protocol', () => {
    expect((serverService(security(true)) as Json).spec.ports).toEqual([port('https', 8501), ...OTHER_PORTS]);
    expect((serverService(security(false)) as Json).spec.ports).toEqual([port('http', 8500), ...OTHER_PORTS]);
  });
});

describe('dnsService', () => {
  it('answers on 53 (TCP and UDP) from the client agents on 8600', () => {
    expect(dnsService()).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'consul-dns', labels: objectLabels('client') },
      spec: {
        ports: [
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 8600 },
          { name: 'dns-udp', port: 53, protocol: 'UDP', targetPort: 8600 },
        ],
        selector: selector('client'),
        type: 'ClusterIP',
      },
    });
  });
});

describe('uiService', () => {
  it('serves the servers UI on 443 -> 8501 with TLS and 80 -> 8500 without', () => {
    const spec = (ports: unknown[]) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'consul-ui', labels: objectLabels('server') },
      spec: { ports, selector: selector('server'), type: 'ClusterIP' },
    });
    expect(uiService(security(true))).toEqual(spec([{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8501 }]));
    expect(uiService(security(false))).toEqual(spec([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8500 }]));
  });
});
