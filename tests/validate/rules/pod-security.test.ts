/** pod-security: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/pod-security/). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Spec } from '../../../tools/src/environments/types.js';
import { podSecurity } from '../../../tools/src/validate/rules/pod-security.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import { found, object, onCluster, tierSpec, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';
import { pinnedApiServer } from '../../helpers/go-tools.js';
import { goToolPath } from '../../../tools/src/render/go-tools.js';
import { startApiServer, type ApiServerProcess } from '../../../tools/src/validate/schema/api-server-process.js';

/** A container with a name and an image, and whatever `more` sets. */
const c = (more: Body = {}) => ({ name: 'c', image: 'x:1', ...more });

describe('pod-security', () => {
  const at = (level: string, version = '1.33') => onCluster('production', { kubernetesVersion: version }, { podSecurity: level });
  const pod = (spec: Body, annotations?: Body) => {
    const resource = workload('Deployment', 'app', spec);
    if (annotations) (resource.object as { spec: { template: { metadata: Body } } }).spec.template.metadata.annotations = annotations;
    return resource;
  };
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

  describe('pods in a user namespace (hostUsers: false) or on Windows (spec.os.name), and procMount at 1.35 (pod-security-admission v0.36.3)', () => {
    const ROOT_OK = {
      securityContext: {
        allowPrivilegeEscalation: false,
        runAsUser: 0,
        seccompProfile: { type: 'RuntimeDefault' },
        capabilities: { drop: ['ALL'] },
      },
    };
    const unmasked = (more: Body = {}) => c({ securityContext: { ...more, procMount: 'Unmasked' } });

    it('from 1.35 (and at latest), a pod with hostUsers false passes runAsNonRoot and runAsUser; before, it fails both', () => {
      expect(controls({ hostUsers: false, containers: [c(ROOT_OK)] }, 'restricted', undefined, '1.35')).toEqual([]);
      expect(controls({ hostUsers: false, containers: [c(ROOT_OK)] }, 'restricted', undefined, 'latest')).toEqual([]);
      expect(controls({ hostUsers: false, containers: [c(ROOT_OK)] }, 'restricted', undefined, '1.34')).toEqual([
        'runAsNonRoot',
        'runAsUser',
      ]);
    });

    it('hostUsers true or not set: no relaxation at 1.35', () => {
      expect(controls({ hostUsers: true, containers: [c(ROOT_OK)] }, 'restricted', undefined, '1.35')).toEqual([
        'runAsNonRoot',
        'runAsUser',
      ]);
      expect(controls({ containers: [c(ROOT_OK)] }, 'restricted', undefined, '1.35')).toEqual(['runAsNonRoot', 'runAsUser']);
    });

    it('baseline: an unmasked /proc passes from 1.35 in a user namespace only', () => {
      expect(controls({ hostUsers: false, containers: [unmasked()] }, 'baseline', undefined, '1.35')).toEqual([]);
      expect(controls({ hostUsers: false, containers: [unmasked()] }, 'baseline', undefined, '1.34')).toEqual(['procMount_baseline']);
      expect(controls({ containers: [unmasked()] }, 'baseline', undefined, '1.35')).toEqual(['procMount_baseline']);
    });

    it('from 1.25, a pod with spec.os.name windows passes allowPrivilegeEscalation, seccompProfile and capabilities (restricted)', () => {
      const windows = (name: string) => ({ os: { name }, securityContext: { runAsNonRoot: true }, containers: [c()] });
      expect(controls(windows('windows'), 'restricted', undefined, '1.25')).toEqual([]);
      expect(controls(windows('windows'), 'restricted', undefined, 'latest')).toEqual([]);
      expect(controls(windows('windows'), 'restricted', undefined, '1.24')).toEqual([
        'allowPrivilegeEscalation',
        'seccompProfile_restricted',
        'capabilities_restricted',
      ]);
      expect(controls(windows('linux'), 'restricted', undefined, '1.25')).toEqual([
        'allowPrivilegeEscalation',
        'seccompProfile_restricted',
        'capabilities_restricted',
      ]);
      // the relaxations are per kind of pod: a Windows pod is not let off runAsNonRoot, a user-namespace pod not off seccomp
      expect(controls({ os: { name: 'windows' }, containers: [c()] }, 'restricted', undefined, 'latest')).toEqual(['runAsNonRoot']);
      expect(controls({ hostUsers: false, containers: [c()] }, 'restricted', undefined, 'latest')).toEqual([
        'allowPrivilegeEscalation',
        'seccompProfile_restricted',
        'capabilities_restricted',
      ]);
    });

    it('allowed values by version: a sysctl or SELinux type a later check added is refused before that minor', () => {
      const sysctl = (name: string) => ({ securityContext: { sysctls: [{ name, value: '1' }] }, containers: [c()] });
      expect(controls(sysctl('net.ipv4.ip_local_reserved_ports'), 'baseline', undefined, '1.26')).toEqual(['sysctls']);
      expect(controls(sysctl('net.ipv4.ip_local_reserved_ports'), 'baseline', undefined, '1.27')).toEqual([]);
      expect(controls(sysctl('net.ipv4.tcp_keepalive_time'), 'baseline', undefined, '1.28')).toEqual(['sysctls']);
      expect(controls(sysctl('net.ipv4.tcp_keepalive_time'), 'baseline', undefined, '1.29')).toEqual([]);
      expect(controls(sysctl('net.ipv4.tcp_wmem'), 'baseline', undefined, '1.31')).toEqual(['sysctls']);
      expect(controls(sysctl('net.ipv4.tcp_wmem'), 'baseline', undefined, 'latest')).toEqual([]);
      // a value of the first check is allowed at every version
      expect(controls(sysctl('net.ipv4.tcp_syncookies'), 'baseline', undefined, '1.0')).toEqual([]);
      const selinux = { securityContext: { seLinuxOptions: { type: 'container_engine_t' } }, containers: [c()] };
      expect(controls(selinux, 'baseline', undefined, '1.30')).toEqual(['seLinuxOptions']);
      expect(controls(selinux, 'baseline', undefined, '1.31')).toEqual([]);
    });

    it('restricted from 1.35: procMount_restricted, never relaxed, in place of procMount_baseline (reported once)', () => {
      const spec = (hostUsers?: boolean) => ({
        ...(hostUsers === undefined ? {} : { hostUsers }),
        containers: [unmasked(RESTRICTED_OK.securityContext)],
      });
      expect(controls(spec(false), 'restricted', undefined, '1.35')).toEqual(['procMount_restricted']);
      expect(controls(spec(), 'restricted', undefined, '1.35')).toEqual(['procMount_restricted']);
      expect(controls(spec(), 'restricted', undefined, '1.34')).toEqual(['procMount_baseline']);
      const [finding] = found(podSecurity, [pod(spec())], at('restricted', '1.35'));
      expect(finding).toMatchObject({
        at: 'Deployment/app /spec/template/spec/containers/0/securityContext/procMount',
        message: expect.stringMatching(/control \/proc Mount Type \(procMount_restricted\): securityContext\.procMount: Unmasked;/),
      });
    });
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

describe('pod-security: where each kind of check points and what it names (inline)', () => {
  const P = '/spec/template/spec';
  const at = (level: string, version = '1.36') => onCluster('production', { kubernetesVersion: version }, { podSecurity: level });
  const pod = (spec: Body, annotations?: Body) => {
    const resource = workload('Deployment', 'app', spec);
    if (annotations) (resource.object as { spec: { template: { metadata: Body } } }).spec.template.metadata.annotations = annotations;
    return resource;
  };
  const RESTRICTED_OK = {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
    capabilities: { drop: ['ALL'] },
  };
  /** [control id, pointer, what was found] of each finding. */
  const findings = (spec: Body, level: string, annotations?: Body) =>
    found(podSecurity, [pod(spec, annotations)], at(level)).map((entry) => {
      const match =
        /^violates PodSecurity "[^"]+" \(environments\.yaml podSecurity\), control [^(]+\(([^)]+)\): (.*); admission would refuse its pods$/.exec(
          entry.message,
        );
      return [match?.[1], entry.at.replace(/^Deployment\/app /, ''), match?.[2]];
    });

  it('boolean fields: the pod and each container kind (init, regular, ephemeral), by their dotted path', () => {
    expect(
      findings(
        {
          securityContext: { windowsOptions: { hostProcess: true } },
          hostNetwork: true,
          hostIPC: true,
          initContainers: [c({ securityContext: { privileged: true } })],
          containers: [c({ securityContext: { windowsOptions: { hostProcess: true } } })],
          ephemeralContainers: [c({ name: 'debug', securityContext: { privileged: true } })],
        },
        'baseline',
      ),
    ).toEqual([
      ['hostNamespaces', `${P}/hostNetwork`, 'hostNetwork: true; hostIPC: true'],
      [
        'privileged',
        `${P}/initContainers/0/securityContext/privileged`,
        'securityContext.privileged: true; securityContext.privileged: true',
      ],
      [
        'windowsHostProcess',
        `${P}/securityContext/windowsOptions/hostProcess`,
        'securityContext.windowsOptions.hostProcess: true; securityContext.windowsOptions.hostProcess: true',
      ],
    ]);
  });

  it('a pod-only control ignores containers and a container-only control ignores the pod, and entries that are not objects are skipped', () => {
    expect(findings({ securityContext: { privileged: true }, containers: [c({ hostPID: true }), null] }, 'baseline')).toEqual([]);
    expect(findings({ containers: [c({ securityContext: RESTRICTED_OK }), 'not-a-container'] }, 'restricted')).toEqual([]);
  });

  it('allowed values: the value found, every non-empty SELinux user and role, and AppArmor annotations under the pod metadata', () => {
    expect(
      findings(
        {
          containers: [
            c({ securityContext: { seLinuxOptions: { type: 'container_t', user: 'system_u', role: 'r' } } }),
            c({ name: 'd', securityContext: { seLinuxOptions: { type: 'spc_t' }, procMount: 'Unmasked' } }),
          ],
        },
        'baseline',
        {
          'container.apparmor.security.beta.kubernetes.io/c': 'localfoo',
          'container.apparmor.security.beta.kubernetes.io/d': 1,
          'container.apparmor.security.beta.kubernetes.io/e': 'localhost/profile',
          'undefined.example.com/x': 'not read by any control',
        },
      ),
    ).toEqual([
      [
        'appArmorProfile',
        '/spec/template/metadata/annotations',
        'container.apparmor.security.beta.kubernetes.io/c: localfoo; container.apparmor.security.beta.kubernetes.io/d: 1',
      ],
      [
        'seLinuxOptions',
        `${P}/containers/0/securityContext/seLinuxOptions/user`,
        'securityContext.seLinuxOptions.user: system_u; securityContext.seLinuxOptions.role: r; securityContext.seLinuxOptions.type: spc_t',
      ],
      ['procMount_baseline', `${P}/containers/1/securityContext/procMount`, 'securityContext.procMount: Unmasked'],
    ]);
  });

  it('lists, volumes, host ports, sysctls and probe hosts: the offending entry and what it holds', () => {
    expect(
      findings(
        {
          securityContext: {
            sysctls: [
              { name: 'net.ipv4.tcp_syncookies', value: '1' },
              { name: 'kernel.msgmax', value: '1' },
            ],
          },
          containers: [
            c({
              securityContext: { capabilities: { add: ['NET_ADMIN', 'CHOWN', 'SYS_TIME'] } },
              ports: [{ containerPort: 80 }, { containerPort: 8500, hostPort: 8500 }],
              readinessProbe: { tcpSocket: { host: '', port: 1 } },
              lifecycle: { preStop: { httpGet: { host: 'example.com', port: 80 } } },
            }),
          ],
          volumes: [
            { name: 'e', emptyDir: {} },
            { name: 'h', hostPath: { path: '/' }, nfs: { server: 's', path: '/' } },
          ],
        },
        'baseline',
      ),
    ).toEqual([
      [
        'capabilities_baseline',
        `${P}/containers/0/securityContext/capabilities/add`,
        'securityContext.capabilities.add: NET_ADMIN, SYS_TIME',
      ],
      ['hostPathVolumes', `${P}/volumes/1`, 'volume h of type hostPath'],
      ['hostPorts', `${P}/containers/0/ports/1/hostPort`, 'hostPort 8500'],
      ['sysctls', `${P}/securityContext/sysctls/1`, 'sysctl kernel.msgmax'],
      ['hostProbesAndHostLifecycle', `${P}/containers/0/lifecycle/preStop/httpGet/host`, 'lifecycle.preStop.httpGet.host: example.com'],
    ]);
  });

  it('restricted: required values (not set, or the value found), runAsUser 0, volume types and capabilities, each where it is', () => {
    expect(
      findings(
        {
          securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' }, allowPrivilegeEscalation: false },
          containers: [
            c({
              securityContext: { runAsNonRoot: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_TIME', 'CHOWN'] } },
            }),
            c({ name: 'd', securityContext: { allowPrivilegeEscalation: false } }),
          ],
          volumes: [
            { name: 's', secret: { secretName: 's' } },
            { name: 'n', nfs: { server: 's', path: '/' }, gitRepo: { repository: 'r' } },
          ],
        },
        'restricted',
      ),
    ).toEqual([
      ['capabilities_baseline', `${P}/containers/0/securityContext/capabilities/add`, 'securityContext.capabilities.add: SYS_TIME'],
      ['restrictedVolumes', `${P}/volumes/1`, 'volume n of type nfs, gitRepo'],
      [
        'allowPrivilegeEscalation',
        `${P}/containers/0/securityContext/allowPrivilegeEscalation`,
        'securityContext.allowPrivilegeEscalation: not set',
      ],
      [
        'runAsNonRoot',
        `${P}/containers/0/securityContext/runAsNonRoot`,
        'securityContext.runAsNonRoot: false; securityContext.runAsNonRoot: not set',
      ],
      ['runAsUser', `${P}/securityContext/runAsUser`, 'securityContext.runAsUser: 0'],
      [
        'capabilities_restricted',
        `${P}/containers/0/securityContext/capabilities/add`,
        'capabilities.add: SYS_TIME, CHOWN; capabilities.drop without ALL',
      ],
    ]);
  });

  it('restricted: capabilities that do not drop ALL point at the capabilities', () => {
    expect(
      findings(
        { containers: [c({ securityContext: { ...RESTRICTED_OK, capabilities: { drop: ['NET_RAW'], add: ['NET_BIND_SERVICE'] } } })] },
        'restricted',
      ),
    ).toEqual([['capabilities_restricted', `${P}/containers/0/securityContext/capabilities`, 'capabilities.drop without ALL']]);
  });

  it('restricted passes allowed volume types, NET_BIND_SERVICE added after dropping ALL, and a non-zero runAsUser', () => {
    const spec = {
      securityContext: { runAsUser: 1000 },
      containers: [c({ securityContext: { ...RESTRICTED_OK, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } })],
      volumes: [
        { name: 's', secret: { secretName: 's' } },
        { name: 'm', configMap: { name: 'm' } },
      ],
    };
    expect(findings(spec, 'restricted')).toEqual([]);
  });

  it('a control of an unknown kind in the facts table is an error naming it', () => {
    const facts = pinnedFacts();
    const control = { id: 'made-up', title: 'Made up', level: 'baseline' as const, since: '1.0', check: { kind: 'noSuchKind' } };
    expect(() =>
      found(podSecurity, [pod({ containers: [c()] })], at('baseline'), {
        ...facts,
        podSecurity: { ...facts.podSecurity, controls: [control] },
      }),
    ).toThrow('pod-security facts: unknown check kind noSuchKind of made-up');
  });
});

describe('pod-security: which Namespace sets the level (inline)', () => {
  const hostPort = workload('Deployment', 'app', { containers: [{ name: 'c', image: 'x:1', ports: [{ containerPort: 1, hostPort: 1 }] }] });
  const BASELINE = { 'pod-security.kubernetes.io/enforce': 'baseline' };
  const namespace = (name: string) => object('v1', 'Namespace', name, { metadata: { name, labels: BASELINE } });
  const sources = (resources: Parameters<typeof found>[1], spec: Spec) =>
    found(podSecurity, [hostPort, ...resources], spec).map((entry) => /"([^"]+)" \(([^)]+)\)/.exec(entry.message)?.slice(1));

  it("the environment's namespace only, by kind and name", () => {
    const privileged = onCluster('production', { kubernetesVersion: '1.33' }, { podSecurity: 'privileged' });
    const sameName = object('v1', 'ConfigMap', 'consul-env', { metadata: { name: 'consul-env', labels: {} } });
    expect(sources([sameName, namespace('consul-env')], privileged)).toEqual([['baseline:v1.33', 'Namespace/consul-env']]);
    expect(sources([namespace('other')], privileged)).toEqual([]);
  });

  it('an environment without a namespace takes the rendered Namespace, whatever its name', () => {
    const spec = onCluster('production', { kubernetesVersion: '1.33' }, { podSecurity: 'privileged', namespace: undefined });
    expect(sources([namespace('other')], spec)).toEqual([['baseline:v1.33', 'Namespace/other']]);
  });
});

/**
 * The version-dependent verdicts against the real judge: kube-apiserver 1.36.3's Pod Security admission, a Pod
 * created with --dry-run=server in a Namespace labelled with the level and enforce-version. Each case states the
 * verdict, and the rule must give the same one (no finding where the server admits, a finding where it refuses).
 */
const apiServer = pinnedApiServer();
describe.skipIf(!apiServer)('pod-security against kube-apiserver 1.36.3 (Pod Security admission, dry-run)', () => {
  let server: ApiServerProcess;
  let dir: string;
  const kubectl = (args: readonly string[], input?: string) =>
    execa(goToolPath('kubectl'), ['--kubeconfig', join(dir, 'kubeconfig'), ...args], {
      ...(input ? { input } : {}),
      reject: false,
      timeout: 60_000,
    });
  const DROP_ALL = { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } };
  const CASES: { name: string; level: string; version: string; spec: Body; admitted: boolean }[] = [
    {
      name: 'user namespace, root',
      level: 'restricted',
      version: '1.35',
      spec: { hostUsers: false, containers: [c({ securityContext: { ...DROP_ALL, runAsUser: 0 } })] },
      admitted: true,
    },
    {
      name: 'user namespace, root, before 1.35',
      level: 'restricted',
      version: '1.34',
      spec: { hostUsers: false, containers: [c({ securityContext: { ...DROP_ALL, runAsUser: 0 } })] },
      admitted: false,
    },
    {
      name: 'windows',
      level: 'restricted',
      version: '1.35',
      spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [c()] },
      admitted: true,
    },
    {
      name: 'windows, before 1.25',
      level: 'restricted',
      version: '1.24',
      spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [c()] },
      admitted: false,
    },
    {
      name: 'sysctl of 1.27',
      level: 'baseline',
      version: '1.27',
      spec: { securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_reserved_ports', value: '1' }] }, containers: [c()] },
      admitted: true,
    },
    {
      name: 'sysctl of 1.27, at 1.26',
      level: 'baseline',
      version: '1.26',
      spec: { securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_reserved_ports', value: '1' }] }, containers: [c()] },
      admitted: false,
    },
    {
      name: 'SELinux type of 1.31',
      level: 'baseline',
      version: '1.31',
      spec: { securityContext: { seLinuxOptions: { type: 'container_engine_t' } }, containers: [c()] },
      admitted: true,
    },
    {
      name: 'SELinux type of 1.31, at 1.30',
      level: 'baseline',
      version: '1.30',
      spec: { securityContext: { seLinuxOptions: { type: 'container_engine_t' } }, containers: [c()] },
      admitted: false,
    },
  ];
  const namespaceOf = (level: string, version: string) => `${level}-v${version.replace('.', '-')}`;

  beforeAll(async () => {
    server = await startApiServer({ binary: apiServer!, version: 'v1.36.3' });
    dir = await mkdtemp(join(tmpdir(), 'consul-gitops-pss-'));
    await writeFile(join(dir, 'ca.pem'), server.ca);
    await writeFile(
      join(dir, 'kubeconfig'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'test', cluster: { server: server.url, 'certificate-authority': join(dir, 'ca.pem') } }],
        users: [{ name: 'admin', user: { token: server.token } }],
        contexts: [{ name: 'admin', context: { cluster: 'test', user: 'admin' } }],
        'current-context': 'admin',
      }),
    );
    const namespaces = [...new Set(CASES.map((entry) => `${entry.level} ${entry.version}`))]
      .map((key) => {
        const [level = '', version = ''] = key.split(' ');
        const labels = { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': `v${version}` };
        const name = namespaceOf(level, version);
        // no controller manager here: the ServiceAccount admission needs the namespace's default account made by hand
        return [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } },
          { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } },
        ];
      })
      .flat();
    const created = await kubectl(['create', '-f', '-'], namespaces.map((namespace) => JSON.stringify(namespace)).join('\n'));
    expect(created.exitCode, created.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(CASES)('$name ($level:v$version): the server and the rule agree', async ({ level, version, spec, admitted }) => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: namespaceOf(level, version) }, spec };
    const result = await kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(pod));
    if (admitted) expect(result.exitCode, result.stderr).toBe(0);
    else expect(result.stderr).toMatch(/violates PodSecurity/);
    const resource = workload('Deployment', 'app', spec);
    const ours = found(podSecurity, [resource], onCluster('production', { kubernetesVersion: version }, { podSecurity: level }));
    expect(ours.length === 0, ours.map((finding) => finding.message).join('\n')).toBe(admitted);
  });
});

describeRuleFixtures('pod-security');
