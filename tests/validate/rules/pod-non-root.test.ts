/** pod-non-root: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/pod-non-root/). */
import { describe, expect, it } from 'vitest';
import { podNonRoot } from '../../../tools/src/validate/rules/pod-non-root.js';
import { found, object, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const SAFE = { allowPrivilegeEscalation: false };
const container = (extra: Body = {}): Body => ({ name: 'consul', image: 'hashicorp/consul:1.22.7', securityContext: SAFE, ...extra });
const deployment = (pod: Body) => workload('Deployment', 'app', pod);
const CONTAINER = 'Deployment/app /spec/template/spec/containers/0';

describe('pod-non-root', () => {
  const check = (pod: Body) => found(podNonRoot, [deployment(pod)]);

  it('runAsNonRoot on the pod covers its containers', () => {
    expect(check({ securityContext: { runAsNonRoot: true }, containers: [container()] })).toEqual([]);
    expect(check({ containers: [container({ securityContext: { ...SAFE, runAsNonRoot: true } })] })).toEqual([]);
  });

  it('pod-level runAsUser 0 is root even with runAsNonRoot', () => {
    expect(check({ securityContext: { runAsNonRoot: true, runAsUser: 0 }, containers: [container()] })).toEqual([
      { severity: 'error', at: 'Deployment/app /spec/template/spec/securityContext/runAsUser', message: 'the pod runs as user 0 (root)' },
    ]);
    expect(check({ securityContext: { runAsNonRoot: true, runAsUser: 1000 }, containers: [container()] })).toEqual([]);
  });

  it('container runAsUser 0 is root', () => {
    expect(
      check({ securityContext: { runAsNonRoot: true }, containers: [container({ securityContext: { ...SAFE, runAsUser: 0 } })] }),
    ).toEqual([{ severity: 'error', at: `${CONTAINER}/securityContext/runAsUser`, message: 'container consul runs as user 0 (root)' }]);
  });

  it('runAsNonRoot unset everywhere, or false on the container, may run as root', () => {
    expect(check({ containers: [container()] })).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/runAsNonRoot`,
        message: 'container consul may run as root: runAsNonRoot is not set on the container or the pod',
      },
    ]);
    expect(
      check({ securityContext: { runAsNonRoot: true }, containers: [container({ securityContext: { ...SAFE, runAsNonRoot: false } })] }),
    ).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/runAsNonRoot`,
        message: 'container consul may run as root: runAsNonRoot is false on the container',
      },
    ]);
    expect(check({ securityContext: { runAsNonRoot: false }, containers: [container({ securityContext: SAFE })] })).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/runAsNonRoot`,
        message: 'container consul may run as root: runAsNonRoot is not set on the container or the pod',
      },
    ]);
  });

  it.each([
    ['unset', {}],
    ['true', { allowPrivilegeEscalation: true }],
  ])('allowPrivilegeEscalation %s is an error', (_name, security) => {
    expect(check({ securityContext: { runAsNonRoot: true }, containers: [container({ securityContext: security })] })).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/allowPrivilegeEscalation`,
        message: 'container consul does not set allowPrivilegeEscalation: false (it defaults to true)',
      },
    ]);
  });

  it('init containers, unnamed containers, CronJobs and bare Pods are checked at their own pointers', () => {
    expect(
      check({
        securityContext: { runAsNonRoot: true },
        initContainers: [{ securityContext: { runAsUser: 0, allowPrivilegeEscalation: false } }],
        containers: [container()],
      }),
    ).toEqual([
      {
        severity: 'error',
        at: 'Deployment/app /spec/template/spec/initContainers/0/securityContext/runAsUser',
        message: 'container (unnamed) runs as user 0 (root)',
      },
    ]);
    const cron = object('batch/v1', 'CronJob', 'job', {
      spec: { jobTemplate: { spec: { template: { spec: { securityContext: { runAsUser: 0, runAsNonRoot: true } } } } } },
    });
    expect(found(podNonRoot, [cron])).toEqual([
      {
        severity: 'error',
        at: 'CronJob/job /spec/jobTemplate/spec/template/spec/securityContext/runAsUser',
        message: 'the pod runs as user 0 (root)',
      },
    ]);
    expect(found(podNonRoot, [workload('Pod', 'pod', { securityContext: { runAsUser: 0, runAsNonRoot: true } })])).toEqual([
      { severity: 'error', at: 'Pod/pod /spec/securityContext/runAsUser', message: 'the pod runs as user 0 (root)' },
    ]);
  });

  it('objects without a pod template are not checked', () => {
    expect(
      found(podNonRoot, [object('v1', 'ConfigMap', 'c', { spec: { template: { spec: { securityContext: { runAsUser: 0 } } } } })]),
    ).toEqual([]);
  });
});

describeRuleFixtures('pod-non-root');
