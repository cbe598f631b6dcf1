/** no-privileged: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/no-privileged/). */
import { describe, expect, it } from 'vitest';
import { noPrivileged } from '../../../tools/src/validate/rules/no-privileged.js';
import { found, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const SAFE = { allowPrivilegeEscalation: false };
const container = (extra: Body = {}): Body => ({ name: 'consul', image: 'hashicorp/consul:1.22.7', securityContext: SAFE, ...extra });
const deployment = (pod: Body) => workload('Deployment', 'app', pod);
const CONTAINER = 'Deployment/app /spec/template/spec/containers/0';

describe('no-privileged', () => {
  const check = (security: Body) => found(noPrivileged, [deployment({ containers: [container({ securityContext: security })] })]);

  it('privileged: true is an error; false is fine', () => {
    expect(check({ privileged: true })).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/privileged`,
        message: "container consul is privileged: it has every capability and access to the node's devices",
      },
    ]);
    expect(check({ privileged: false })).toEqual([]);
  });

  it.each([
    ['NET_ADMIN', 'NET_ADMIN'],
    ['the CAP_ prefix', 'CAP_SYS_ADMIN'],
    ['lower case', 'sys_admin'],
    ['lower case with the prefix', 'cap_net_raw'],
    ['ALL', 'ALL'],
    ['CAP_ inside the name (only a prefix is dropped)', 'NET_BIND_CAP_SERVICE'],
  ])('an added capability is an error: %s', (_name, capability) => {
    expect(check({ capabilities: { add: ['NET_BIND_SERVICE', capability] } })).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/capabilities/add/1`,
        message: `container consul adds capability ${capability} (allowed: NET_BIND_SERVICE)`,
      },
    ]);
  });

  it.each(['NET_BIND_SERVICE', 'CAP_NET_BIND_SERVICE', 'net_bind_service', 'cap_net_bind_service'])('%s may be added', (capability) => {
    expect(check({ capabilities: { add: [capability], drop: ['ALL'] } })).toEqual([]);
  });

  it('init containers are checked too', () => {
    expect(
      found(noPrivileged, [
        deployment({ initContainers: [container({ name: 'init', securityContext: { privileged: true } })], containers: [container()] }),
      ]),
    ).toEqual([
      {
        severity: 'error',
        at: 'Deployment/app /spec/template/spec/initContainers/0/securityContext/privileged',
        message: "container init is privileged: it has every capability and access to the node's devices",
      },
    ]);
  });
});

describeRuleFixtures('no-privileged');
