/** pod-security: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/pod-security/). */
import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../tools/src/environments/types.js';
import { podSecurity } from '../../../tools/src/validate/rules/pod-security.js';
import { found, object, onCluster, tierSpec, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describe('pod-security', () => {
  const at = (level: string, version = '1.33') => onCluster('production', { kubernetesVersion: version }, { podSecurity: level });
  const pod = (spec: Body, annotations?: Body) => {
    const resource = workload('Deployment', 'app', spec);
    if (annotations) (resource.object as { spec: { template: { metadata: Body } } }).spec.template.metadata.annotations = annotations;
    return resource;
  };
  const c = (more: Body = {}) => ({ name: 'c', image: 'x:1', ...more });
  const RESTRICTED_OK = {
    securityContext: {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
      capabilities: { drop: ['ALL'] },
    },
  };
  const controls = (spec: Body, level: string, annotations?: Body, version?: string) =>
    found(podSecurity, [pod(spec, annotations)], at(level, version)).map((entry) => /control [^(]+\(([^)]+)\)/.exec(entry.message)?.[1]);

  it('privileged checks nothing; a plain container passes baseline and fails restricted control by control', () => {
    expect(controls({ containers: [c({ ports: [{ containerPort: 1, hostPort: 1 }] })], hostNetwork: true }, 'privileged')).toEqual([]);
    expect(controls({ containers: [c()] }, 'baseline')).toEqual([]);
    expect(controls({ containers: [c()] }, 'restricted')).toEqual([
      'allowPrivilegeEscalation',
      'runAsNonRoot',
      'seccompProfile_restricted',
      'capabilities_restricted',
    ]);
    expect(controls({ containers: [c(RESTRICTED_OK)] }, 'restricted')).toEqual([]);
  });

  it('each baseline control, at the field it reads', () => {
    const cases: [string, Body, Body?][] = [
      ['hostNamespaces', { hostPID: true, containers: [c()] }],
      ['privileged', { containers: [c({ securityContext: { privileged: true } })] }],
      ['capabilities_baseline', { containers: [c({ securityContext: { capabilities: { add: ['NET_ADMIN', 'CHOWN'] } } })] }],
      ['hostPathVolumes', { containers: [c()], volumes: [{ name: 'h', hostPath: { path: '/' } }] }],
      ['hostPorts', { containers: [c({ ports: [{ containerPort: 8501, hostPort: 8501 }] })] }],
      ['appArmorProfile', { containers: [c({ securityContext: { appArmorProfile: { type: 'Unconfined' } } })] }],
      ['appArmorProfile', { containers: [c()] }, { 'container.apparmor.security.beta.kubernetes.io/c': 'unconfined' }],
      ['seLinuxOptions', { securityContext: { seLinuxOptions: { type: 'spc_t' } }, containers: [c()] }],
      ['seLinuxOptions', { containers: [c({ securityContext: { seLinuxOptions: { user: 'system_u' } } })] }],
      ['procMount_baseline', { containers: [c({ securityContext: { procMount: 'Unmasked' } })] }],
      ['seccompProfile_baseline', { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [c()] }],
      ['sysctls', { securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] }, containers: [c()] }],
      ['windowsHostProcess', { containers: [c({ securityContext: { windowsOptions: { hostProcess: true } } })] }],
      ['hostProbesAndHostLifecycle', { containers: [c({ livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } } })] }],
    ];
    for (const [control, spec, annotations] of cases) expect(controls(spec, 'baseline', annotations, '1.36'), control).toEqual([control]);
  });

  it('allowed values pass: a listed capability, a localhost/ AppArmor profile, container_t, Default, RuntimeDefault, a safe sysctl, hostPort 0, an empty probe host', () => {
    const spec = {
      securityContext: {
        sysctls: [{ name: 'net.ipv4.tcp_keepalive_time', value: '60' }],
        seccompProfile: { type: 'RuntimeDefault' },
        seLinuxOptions: { type: 'container_t', user: '' },
      },
      initContainers: [c({ securityContext: { capabilities: { add: ['CHOWN'] }, procMount: 'Default', privileged: false } })],
      containers: [c({ ports: [{ containerPort: 1, hostPort: 0 }], readinessProbe: { tcpSocket: { host: '', port: 1 } } })],
      volumes: [{ name: 'e', emptyDir: {} }],
    };
    expect(controls(spec, 'baseline', { 'container.apparmor.security.beta.kubernetes.io/c': 'localhost/mine', other: 'x' })).toEqual([]);
  });

  it('a control newer than the enforced version is not checked (host probes since 1.34)', () => {
    const spec = { containers: [c({ livenessProbe: { httpGet: { host: 'h', port: 80 } } })] };
    expect(controls(spec, 'baseline', undefined, '1.33')).toEqual([]);
    expect(controls(spec, 'baseline', undefined, '1.34')).toEqual(['hostProbesAndHostLifecycle']);
  });

  it('restricted: volume types, runAsUser 0, the pod-level runAsNonRoot and seccomp inherited, capabilities added', () => {
    const pod1 = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Localhost' }, runAsUser: 0 },
      containers: [
        c({ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_TIME'] } } }),
      ],
      volumes: [
        { name: 'n', nfs: { server: 's', path: '/' } },
        { name: 's', secret: { secretName: 'x' } },
      ],
    };
    expect(controls(pod1, 'restricted')).toEqual(['capabilities_baseline', 'restrictedVolumes', 'runAsUser', 'capabilities_restricted']);
    // a container's own false wins over the pod's true
    const pod2 = {
      securityContext: { runAsNonRoot: true },
      containers: [c({ ...RESTRICTED_OK, securityContext: { ...RESTRICTED_OK.securityContext, runAsNonRoot: false } })],
    };
    expect(controls(pod2, 'restricted')).toEqual(['runAsNonRoot']);
  });

  it('the message names the level, version, source and what was found, at the first offending field', () => {
    expect(
      found(
        podSecurity,
        [
          pod({
            containers: [
              c({
                ports: [
                  { containerPort: 8501, hostPort: 8501 },
                  { containerPort: 8502, hostPort: 8502 },
                ],
              }),
            ],
          }),
        ],
        at('baseline'),
      ),
    ).toEqual([
      {
        severity: 'error',
        at: 'Deployment/app /spec/template/spec/containers/0/ports/0/hostPort',
        message:
          'violates PodSecurity "baseline:v1.33" (environments.yaml podSecurity), control Host Ports (hostPorts): hostPort 8501; hostPort 8502; admission would refuse its pods',
      },
    ]);
  });

  it("a rendered Namespace's labels win over the spec, with its version or the cluster's; latest without either", () => {
    const namespace = (labels: Body) => object('v1', 'Namespace', 'consul-env', { metadata: { name: 'consul-env', labels } });
    const hostPort = pod({ containers: [c({ ports: [{ containerPort: 1, hostPort: 1 }] })] });
    const messages = (labels: Body, spec: Spec) =>
      found(podSecurity, [hostPort, namespace(labels)], spec).map((entry) => /"([^"]+)" \(([^)]+)\)/.exec(entry.message)?.slice(1));
    expect(
      messages(
        { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.30' },
        at('privileged'),
      ),
    ).toEqual([['baseline:v1.30', 'Namespace/consul-env']]);
    expect(messages({ 'pod-security.kubernetes.io/enforce': 'baseline' }, at('privileged'))).toEqual([
      ['baseline:v1.33', 'Namespace/consul-env'],
    ]);
    expect(messages({ 'pod-security.kubernetes.io/enforce': 'privileged' }, at('baseline'))).toEqual([]);
    expect(messages({}, tierSpec('production', { podSecurity: 'baseline' }))).toEqual([
      ['baseline:latest', 'environments.yaml podSecurity'],
    ]);
    expect(messages({ 'pod-security.kubernetes.io/enforce': 'unknown-level' }, at('privileged'))).toEqual([]);
    expect(found(podSecurity, [hostPort], { environments: [], tierSeverity: {} } as unknown as Spec)).toEqual([]);
  });
});

describeRuleFixtures('pod-security');
