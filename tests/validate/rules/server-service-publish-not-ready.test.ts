/** server-service-publish-not-ready: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/server-service-publish-not-ready/). */
import { describe, expect, it } from 'vitest';
import { serverServicePublishNotReady } from '../../../tools/src/validate/rules/server-service-publish-not-ready.js';
import { found, object, servers, SERVER_POD_LABELS, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';

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

describeRuleFixtures('server-service-publish-not-ready');
