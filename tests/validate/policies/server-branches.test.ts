/**
 * Every branch of the server rules on inline objects (no kustomize build): server-anti-affinity,
 * server-readiness-leader, server-service-publish-not-ready and storage-class.
 */
import { describe, expect, it } from 'vitest';
import { serverAntiAffinity } from '../../../tools/src/validate/rules/server-anti-affinity.js';
import { serverReadinessLeader } from '../../../tools/src/validate/rules/server-readiness-leader.js';
import { serverServicePublishNotReady } from '../../../tools/src/validate/rules/server-service-publish-not-ready.js';
import { storageClass } from '../../../tools/src/validate/rules/storage-class.js';
import { found, OTHER, object, servers, SERVER_POD_LABELS, tierSpec, type Body } from './inline.js';

const STS = 'StatefulSet/consul-server';
const AFFINITY = '/spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution';
const hostTerm = (topologyKey = 'kubernetes.io/hostname', matchLabels: Body = SERVER_POD_LABELS) => ({
  topologyKey,
  labelSelector: { matchLabels },
});
const withTerms = (replicas: number, ...terms: Body[]) =>
  servers(replicas, {}, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });

describe('server-anti-affinity', () => {
  const NONE = {
    severity: 'error',
    at: `${STS} ${AFFINITY}`,
    message: 'no required pod anti-affinity on kubernetes.io/hostname selecting the server pods: two servers may share a node',
  };

  it('a required host term selecting the servers passes', () => {
    expect(
      found(
        serverAntiAffinity,
        [withTerms(3, hostTerm('topology.kubernetes.io/zone'), hostTerm())],
        tierSpec('production', { minNodes: 3 }),
      ),
    ).toEqual([]);
  });

  it.each([
    ['no affinity', servers(3)],
    ['a zone term only', withTerms(3, hostTerm('topology.kubernetes.io/zone'))],
    ['a host term selecting other pods', withTerms(3, hostTerm(undefined, { app: 'other' }))],
    [
      'a preferred term only',
      servers(
        3,
        {},
        {
          affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: hostTerm() }] } },
        },
      ),
    ],
  ])('%s is an error', (_name, statefulSet) => {
    expect(found(serverAntiAffinity, [statefulSet])).toEqual([NONE]);
  });

  it('fewer declared nodes than servers leaves servers Pending; as many passes', () => {
    expect(found(serverAntiAffinity, [withTerms(7, hostTerm())], tierSpec('production', { minNodes: 5 }))).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/replicas`,
        message:
          '7 servers with required host anti-affinity need 7 nodes, but environment env declares minNodes 5: 2 server(s) would stay Pending',
      },
    ]);
    expect(found(serverAntiAffinity, [withTerms(5, hostTerm())], tierSpec('production', { minNodes: 5 }))).toEqual([]);
    expect(found(serverAntiAffinity, [withTerms(7, hostTerm())])).toEqual([]);
    expect(found(serverAntiAffinity, [withTerms(7, hostTerm())], { environments: [], tierSeverity: {} } as never)).toEqual([]);
    expect(found(serverAntiAffinity, [servers(7)], tierSpec('production', { minNodes: 5 }))).toEqual([NONE]);
  });

  it('no server StatefulSet raises nothing', () => {
    expect(found(serverAntiAffinity, [OTHER])).toEqual([]);
  });
});

describe('server-readiness-leader', () => {
  const withProbe = (probe: unknown, extra: Body = {}) =>
    servers(3, {}, { containers: [{ name: 'consul', readinessProbe: probe }], ...extra });
  const LEADER = 'query /v1/status/leader and require a non-empty answer';

  it('an exec probe querying the leader endpoint passes, after init containers', () => {
    const probe = { exec: { command: ['sh', '-c', 'curl -s http://127.0.0.1:8500/v1/status/leader | grep -q .'] } };
    expect(found(serverReadinessLeader, [withProbe(probe, { initContainers: [{ name: 'init' }] })])).toEqual([]);
  });

  it.each([
    ['tcpSocket', { tcpSocket: { port: 8500 } }],
    ['httpGet', { httpGet: { path: '/v1/status/leader', port: 8500 } }],
    ['grpc', { grpc: { port: 8502 } }],
    ['non-exec', { periodSeconds: 3 }],
    ['non-exec', { exec: { command: [] } }],
  ])('a %s probe passes without a leader: an error', (kind, probe) => {
    expect(found(serverReadinessLeader, [withProbe(probe)])).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/template/spec/containers/0/readinessProbe`,
        message: `${kind} readiness probe: it passes without a leader; ${LEADER}`,
      },
    ]);
  });

  it('an exec probe that does not query the leader endpoint is an error', () => {
    expect(found(serverReadinessLeader, [withProbe({ exec: { command: ['consul', 'members'] } })])).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/template/spec/containers/0/readinessProbe/exec/command`,
        message: 'the exec readiness probe does not query /v1/status/leader',
      },
    ]);
  });

  it('no probe, or no container, is an error', () => {
    expect(found(serverReadinessLeader, [withProbe(undefined)])).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/template/spec/containers/0`,
        message: 'the server container has no readiness probe: pods turn Ready before a leader exists',
      },
    ]);
    expect(found(serverReadinessLeader, [servers(3, {}, { initContainers: [{ name: 'init' }] })])).toEqual([
      { severity: 'error', at: `${STS} /spec/template/spec/containers`, message: 'the server pod has no container' },
    ]);
    expect(found(serverReadinessLeader, [OTHER])).toEqual([]);
  });
});

describe('server-service-publish-not-ready', () => {
  const service = (spec: Body) =>
    object('v1', 'Service', 'consul-server', {
      spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector: SERVER_POD_LABELS, ...spec },
    });
  const named = (serviceName: unknown = 'consul-server') => servers(3, { serviceName });

  it('a headless Service publishing not-ready servers, named by the StatefulSet, passes', () => {
    expect(found(serverServicePublishNotReady, [named(), service({})])).toEqual([]);
  });

  it.each([
    [
      'a cluster IP',
      { clusterIP: '10.0.0.1' },
      '/spec/clusterIP',
      'not headless (clusterIP must be None): DNS would return one virtual IP, not every server',
    ],
    [
      'no clusterIP',
      { clusterIP: undefined },
      '/spec/clusterIP',
      'not headless (clusterIP must be None): DNS would return one virtual IP, not every server',
    ],
    [
      'not-ready addresses hidden',
      { publishNotReadyAddresses: false },
      '/spec/publishNotReadyAddresses',
      'publishNotReadyAddresses is not true: servers cannot find each other before a leader exists',
    ],
    ['another selector', { selector: { app: 'other' } }, '/spec/selector', 'the selector does not match the server pod labels'],
    ['no selector', { selector: undefined }, '/spec/selector', 'the selector does not match the server pod labels'],
  ])('%s is an error', (_name, spec, path, message) => {
    expect(found(serverServicePublishNotReady, [named(), service(spec)])).toEqual([
      { severity: 'error', at: `Service/consul-server ${path}`, message },
    ]);
  });

  it('a StatefulSet naming another Service, or none, is an error', () => {
    expect(found(serverServicePublishNotReady, [named('consul'), service({})])).toEqual([
      { severity: 'error', at: `${STS} /spec/serviceName`, message: 'serviceName is "consul", not consul-server' },
    ]);
    expect(found(serverServicePublishNotReady, [servers(3), service({})]).map((finding) => finding.message)).toEqual([
      'serviceName is undefined, not consul-server',
    ]);
  });

  it('no Service consul-server is an error on the StatefulSet; no StatefulSet raises nothing', () => {
    expect(found(serverServicePublishNotReady, [named()])).toEqual([
      { severity: 'error', at: STS, message: 'no Service consul-server: retry_join has nothing to resolve' },
    ]);
    expect(found(serverServicePublishNotReady, [service({})])).toEqual([]);
  });
});

describe('storage-class', () => {
  const claim = (storageClassName: unknown) => ({
    metadata: { name: 'data' },
    spec: { ...(storageClassName === undefined ? {} : { storageClassName }) },
  });
  const withClaims = (...templates: Body[]) => servers(3, { volumeClaimTemplates: templates });
  const premium = tierSpec('production', { storage: { class: 'premium-ssd', size: '10Gi' } });
  const PATH = `${STS} /spec/volumeClaimTemplates/1/spec/storageClassName`;

  it('the declared class passes', () => {
    expect(found(storageClass, [withClaims(claim('premium-ssd'))], premium)).toEqual([]);
  });

  it('another class is an error, at the claim template that names it', () => {
    expect(found(storageClass, [withClaims(claim('premium-ssd'), claim('standard'))], premium)).toEqual([
      { severity: 'error', at: PATH, message: 'storage class standard, but environment env declares premium-ssd' },
    ]);
  });

  it.each([
    ['no class', undefined],
    ['an empty class', ''],
    ['a class that is not text', 5],
  ])('%s is an error (the cluster default would be used)', (_name, value) => {
    expect(found(storageClass, [withClaims(claim('premium-ssd'), claim(value))], premium)).toEqual([
      {
        severity: 'error',
        at: PATH,
        message: 'claim template data names no storage class (the cluster default would be used); expected premium-ssd',
      },
    ]);
  });

  it('without a declared class, any class passes and a missing one says nothing of what was expected', () => {
    const undeclared = { environments: [], tierSeverity: {} } as never;
    expect(found(storageClass, [withClaims(claim('standard'))], undeclared)).toEqual([]);
    expect(found(storageClass, [withClaims(claim('standard'), claim(undefined))], undeclared).map((finding) => finding.message)).toEqual([
      'claim template data names no storage class (the cluster default would be used)',
    ]);
  });

  it('no claim templates is an error; no StatefulSet raises nothing', () => {
    expect(found(storageClass, [servers(3)], premium)).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/volumeClaimTemplates`,
        message: 'no volumeClaimTemplates: server data (and the node ID) would not survive a reschedule',
      },
    ]);
    expect(found(storageClass, [OTHER])).toEqual([]);
  });
});
