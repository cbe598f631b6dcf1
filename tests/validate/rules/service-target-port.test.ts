/** service-target-port: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/service-target-port/). */
import { describe, expect, it } from 'vitest';
import { servedPorts } from '../../../tools/src/validate/policies/ports.js';
import { serviceTargetPort } from '../../../tools/src/validate/rules/service-target-port.js';
import { found, object, SERVER_POD_LABELS, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const service = (spec: Body, name = 'consul-ui') => object('v1', 'Service', name, { spec: { selector: SERVER_POD_LABELS, ...spec } });
const pods = (ports: Body[], init: Body[] = []) =>
  workload('StatefulSet', 'consul-server', { initContainers: [{ name: 'init', ports: init }], containers: [{ name: 'consul', ports }] });
const HTTP = { name: 'http', containerPort: 8500 };

describe('service-target-port', () => {
  it('numeric and named targets of a declared port pass; targetPort defaults to port', () => {
    expect(
      found(serviceTargetPort, [
        pods([HTTP]),
        service({ ports: [{ name: 'a', port: 80, targetPort: 8500 }, { name: 'b', port: 81, targetPort: 'http' }, { port: 8500 }] }),
      ]),
    ).toEqual([]);
  });

  it.each([
    [
      'an undeclared number',
      { name: 'https', port: 443, targetPort: 8443 },
      'port https targets container port 8443/TCP, which StatefulSet consul-server does not declare',
    ],
    [
      'an undeclared name',
      { name: 'https', port: 443, targetPort: 'htps' },
      'port https targets port name "htps"/TCP, which StatefulSet consul-server does not declare',
    ],
    [
      'another protocol',
      { port: 8500, protocol: 'UDP' },
      'port 8500 targets container port 8500/UDP, which StatefulSet consul-server does not declare',
    ],
  ])('%s is an error', (_name, port, message) => {
    expect(found(serviceTargetPort, [pods([HTTP]), service({ ports: [{ port: 1, targetPort: 8500 }, port] })])).toEqual([
      { severity: 'error', at: 'Service/consul-ui /spec/ports/1/targetPort', message },
    ]);
  });

  it('a port only an init container declares is not served', () => {
    expect(found(serviceTargetPort, [pods([], [HTTP]), service({ ports: [{ port: 8500 }] })]).map((finding) => finding.at)).toEqual([
      'Service/consul-ui /spec/ports/0/targetPort',
    ]);
  });

  it('every selected workload must declare the port', () => {
    const other = workload('Deployment', 'other', { containers: [{ name: 'x', ports: [] }] });
    expect(found(serviceTargetPort, [pods([HTTP]), other, service({ ports: [{ port: 8500 }] })]).map((finding) => finding.message)).toEqual(
      ['port 8500 targets container port 8500/TCP, which Deployment other does not declare'],
    );
  });

  it('a selector that matches no pod template is an error', () => {
    expect(
      found(serviceTargetPort, [
        pods([HTTP]),
        service(
          { selector: { 'app.kubernetes.io/name': 'consul', 'app.kubernetes.io/component': 'dns' }, ports: [{ port: 53 }] },
          'consul-dns',
        ),
      ]),
    ).toEqual([
      {
        severity: 'error',
        at: 'Service/consul-dns /spec/selector',
        message:
          'selector {"app.kubernetes.io/name":"consul","app.kubernetes.io/component":"dns"} matches no pod template in the render: the Service has no endpoints',
      },
    ]);
    expect(
      found(serviceTargetPort, [service({ selector: { matchLabels: SERVER_POD_LABELS }, ports: [{ port: 53 }] })]).map(
        (finding) => finding.at,
      ),
    ).toEqual(['Service/consul-ui /spec/selector']);
  });

  it('ExternalName Services and Services without a selector are not checked', () => {
    expect(
      found(serviceTargetPort, [
        service({ type: 'ExternalName', selector: { app: 'none' }, ports: [{ port: 1 }] }),
        service({ selector: undefined, ports: [{ port: 1 }] }),
        service({ selector: {}, ports: [{ port: 1 }] }),
      ]),
    ).toEqual([]);
  });
});
describe('servedPorts', () => {
  it('Consul defaults: HTTP 8500, DNS 8600 and Serf LAN 8301; gRPC and HTTPS off', () => {
    expect(servedPorts({})).toEqual([
      { key: 'http', port: 8500 },
      { key: 'dns', port: 8600 },
      { key: 'serf_lan', port: 8301 },
    ]);
  });

  it('configured ports, with -1 and 0 off', () => {
    expect(servedPorts({ ports: { http: -1, https: 8501, grpc: 8502, grpc_tls: 0, dns: -1, serf_lan: 9301 } })).toEqual([
      { key: 'https', port: 8501 },
      { key: 'grpc', port: 8502 },
      { key: 'serf_lan', port: 9301 },
    ]);
    expect(servedPorts({ ports: { grpc_tls: 8503, grpc: '8502' } }).map((entry) => entry.key)).toEqual([
      'http',
      'grpc_tls',
      'dns',
      'serf_lan',
    ]);
  });
});

describe('service-target-port: which pods a Service selects (inline)', () => {
  const app = (name: string, labels: Body, ports: Body[]) =>
    object('apps/v1', 'Deployment', name, {
      spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'c', ports }] } } },
    });
  const svc = (selector: Body) =>
    object('v1', 'Service', 'web', { spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });

  it('every workload carrying the selected label is checked, not only the last one read', () => {
    expect(
      found(serviceTargetPort, [
        app('first', { app: 'web' }, []),
        app('second', { app: 'web' }, [{ containerPort: 8080 }]),
        svc({ app: 'web' }),
      ]).map((finding) => finding.message),
    ).toEqual(['port http targets container port 8080/TCP, which Deployment first does not declare']);
  });

  it('a pod must carry every label of the selector, whichever label narrows the search', () => {
    const resources = [
      app('a', { app: 'web', tier: 'db' }, [{ containerPort: 8080 }]),
      app('b', { app: 'api', tier: 'web' }, [{ containerPort: 8080 }]),
    ];
    expect(found(serviceTargetPort, [...resources, svc({ app: 'web', tier: 'web' })]).map((finding) => finding.message)).toEqual([
      'selector {"app":"web","tier":"web"} matches no pod template in the render: the Service has no endpoints',
    ]);
  });

  it('a selector written as a label selector (matchLabels) selects by its labels', () => {
    expect(found(serviceTargetPort, [app('a', { app: 'web' }, [{ containerPort: 8080 }]), svc({ matchLabels: { app: 'web' } })])).toEqual(
      [],
    );
  });
});

describeRuleFixtures('service-target-port');
