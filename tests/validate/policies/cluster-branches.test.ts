/** Every branch of the rules over the render and the cluster facts, on inline objects (no kustomize build). */
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, Spec, Tier } from '../../../tools/src/environments/types.js';
import { hostPortCollision } from '../../../tools/src/validate/rules/host-port-collision.js';
import { storageBinding } from '../../../tools/src/validate/rules/storage-binding.js';
import { consulAddressScheme } from '../../../tools/src/validate/rules/consul-address-scheme.js';
import { quantityValue } from '../../../tools/src/model/quantity.js';
import { serverResources } from '../../../tools/src/validate/rules/server-resources.js';
import { nodeTopologyLabels } from '../../../tools/src/validate/rules/node-topology-labels.js';
import { serverGracePeriod } from '../../../tools/src/validate/rules/server-grace-period.js';
import { podSecurity } from '../../../tools/src/validate/rules/pod-security.js';
import { versionCompatibility } from '../../../tools/src/validate/rules/version-compatibility.js';
import { consulConfig } from '../../../tools/src/validate/rules/consul-config.js';
import { found, object, servers, tierSpec, workload, type Body } from './inline.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import type { Facts } from '../../../tools/src/model/facts.js';

/** The pinned facts with some tables replaced: what a rule sees is what it is passed, not what tools/facts holds. */
const withFacts = (tables: Partial<Facts>): Facts => ({ ...pinnedFacts(), ...tables });

const CLUSTER: ClusterSpec = {
  name: 'c',
  kubernetesVersion: '1.33',
  storageClasses: [
    {
      name: 'zonal-wffc',
      provisioner: 'pd.csi.storage.gke.io',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      zonal: true,
    },
    {
      name: 'zonal-immediate',
      provisioner: 'pd.csi.storage.gke.io',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: false,
      zonal: true,
    },
    { name: 'regional', provisioner: 'pd.csi.storage.gke.io', volumeBindingMode: 'Immediate', allowVolumeExpansion: true, zonal: false },
  ],
  nodePools: [
    { name: 'general', count: 3, zones: ['zone-a', 'zone-b', 'zone-c'], labels: {}, taints: [], allocatable: { cpu: '4', memory: '16Gi' } },
  ],
  hostPorts: [{ port: 9100, protocol: 'TCP', owner: 'monitoring/node-exporter' }],
};

/** A spec whose environment `env` (tier, extra keys) runs on `cluster`. */
function onCluster(tier: Tier, cluster: Partial<ClusterSpec> = {}, extra: Body = {}): Spec {
  const spec = tierSpec(tier, { cluster: 'c', ...extra });
  return { ...spec, clusters: [{ ...CLUSTER, ...cluster }] };
}

const container = (name: string, image: string, more: Body = {}) => ({ name, image, ...more });

describe('version-compatibility', () => {
  const server = (image: string) => workload('StatefulSet', 'consul-server', { containers: [container('consul', image)] });
  const plane = (image: string) => workload('Deployment', 'consul-sync-catalog', { containers: [container('sync', image)] });

  it('a pair of one row, on a Kubernetes in its range, passes; so does a patch release and a -ent tag', () => {
    for (const tag of ['1.22.7', '1.22.0-ent', 'v1.22.1'])
      expect(
        found(
          versionCompatibility,
          [server(`hashicorp/consul:${tag}`), plane('hashicorp/consul-k8s-control-plane:1.9.11')],
          onCluster('production'),
        ),
      ).toEqual([]);
  });

  it('a control plane of another row is an error at the Consul image, naming the control plane and the row', () => {
    expect(
      found(
        versionCompatibility,
        [server('hashicorp/consul:1.13.9'), plane('hashicorp/consul-k8s-control-plane:1.9.11')],
        tierSpec('production'),
      ),
    ).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/containers/0/image',
        message:
          'Consul 1.13.9 with consul-k8s-control-plane 1.9.11 (Deployment/consul-sync-catalog): the compatibility matrix pairs Consul 1.13.x with consul-k8s 0.49.x',
      },
    ]);
  });

  it('several skewed control-plane containers are counted, each version named once', () => {
    const [finding] = found(
      versionCompatibility,
      [
        server('hashicorp/consul:1.21.0'),
        plane('hashicorp/consul-k8s-control-plane:1.9.11'),
        plane('hashicorp/consul-k8s-control-plane:1.9.11'),
      ],
      tierSpec('production'),
    );
    expect(finding?.message).toBe(
      'Consul 1.21.0 with consul-k8s-control-plane 1.9.11 (Deployment/consul-sync-catalog and 1 more): the compatibility matrix pairs Consul 1.21.x with consul-k8s 1.8.x',
    );
  });

  it("the cluster's Kubernetes outside the row's range is an error, once per Consul minor, at either end", () => {
    for (const version of ['1.29', '1.35', '1.9']) {
      const findings = found(
        versionCompatibility,
        [
          server('hashicorp/consul:1.22.7'),
          workload('DaemonSet', 'consul-client', { containers: [container('consul', 'hashicorp/consul:1.22.7')] }),
        ],
        onCluster('production', { kubernetesVersion: version }),
      );
      expect(findings).toEqual([
        {
          severity: 'error',
          at: 'StatefulSet/consul-server /spec/template/spec/containers/0/image',
          message: `Kubernetes ${version} (cluster "c") is outside 1.30-1.34, the range the compatibility matrix gives Consul 1.22.x`,
        },
      ]);
    }
    for (const version of ['1.30', '1.34'])
      expect(
        found(versionCompatibility, [server('hashicorp/consul:1.22.7')], onCluster('production', { kubernetesVersion: version })),
      ).toEqual([]);
  });

  it('a Consul minor without a row is a warning that nothing was checked', () => {
    expect(found(versionCompatibility, [server('hashicorp/consul:1.19.2')], onCluster('production'))).toEqual([
      {
        severity: 'warning',
        at: 'StatefulSet/consul-server /spec/template/spec/containers/0/image',
        message:
          'Consul 1.19.2 has no row in the compatibility table (1.22, 1.21, 1.17, 1.16, 1.15, 1.14, 1.13): its control plane and Kubernetes versions are not checked',
      },
    ]);
  });

  it('checks against the matrix it is passed: a row for 1.19 makes it checked, a 1.22 row of another control plane makes 1.9.11 skewed', () => {
    const pinned = pinnedFacts().compatibility;
    const row19 = { consul: '1.19', controlPlane: ['1.6'], kubernetes: { min: '1.28', max: '1.31' } };
    const with19 = withFacts({ compatibility: { ...pinned, rows: [...pinned.rows, row19] } });
    expect(
      found(versionCompatibility, [server('hashicorp/consul:1.19.2')], onCluster('production', { kubernetesVersion: '1.30' }), with19),
    ).toEqual([]);
    const skewed = withFacts({
      compatibility: { ...pinned, rows: pinned.rows.map((row) => (row.consul === '1.22' ? { ...row, controlPlane: ['1.8'] } : row)) },
    });
    const pair = [server('hashicorp/consul:1.22.7'), plane('hashicorp/consul-k8s-control-plane:1.9.11')];
    expect(found(versionCompatibility, pair, onCluster('production'))).toEqual([]);
    expect(found(versionCompatibility, pair, onCluster('production'), skewed).map((entry) => entry.message)).toEqual([
      'Consul 1.22.7 with consul-k8s-control-plane 1.9.11 (Deployment/consul-sync-catalog): the compatibility matrix pairs Consul 1.22.x with consul-k8s 1.8.x',
    ]);
  });

  it('images without a version tag, other images and containers without an image are not read', () => {
    const others = workload('StatefulSet', 'consul-server', {
      containers: [
        container('a', 'hashicorp/consul:latest'),
        container('b', `hashicorp/consul@sha256:${'a'.repeat(64)}`),
        container('c', 'example/not-consul:1.13.9'),
        { name: 'd' },
      ],
    });
    expect(found(versionCompatibility, [others, plane('hashicorp/consul-k8s-control-plane:0.49.0')], onCluster('production'))).toEqual([]);
  });
});

describe('storage-binding', () => {
  const claims = (...classes: (string | undefined)[]) =>
    servers(3, { volumeClaimTemplates: classes.map((name) => ({ spec: name === undefined ? {} : { storageClassName: name } })) });

  it('a zonal class binding WaitForFirstConsumer, or a regional one binding Immediate, passes', () => {
    expect(found(storageBinding, [claims('zonal-wffc', 'regional')], onCluster('production'))).toEqual([]);
  });

  it('a zonal class binding Immediate under servers spread over several zones is an error at the claim', () => {
    expect(found(storageBinding, [claims('zonal-wffc', 'zonal-immediate')], onCluster('production'))).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/volumeClaimTemplates/1/spec/storageClassName',
        message:
          'StorageClass zonal-immediate binds Immediate with zonal disks (pd.csi.storage.gke.io), and the servers spread over zone-a,zone-b,zone-c: a disk created before scheduling pins its server to a zone the spread may not allow ("had volume node affinity conflict"); use WaitForFirstConsumer or a regional class',
      },
    ]);
  });

  it('in one zone, Immediate binding cannot conflict with the spread', () => {
    expect(found(storageBinding, [claims('zonal-immediate')], onCluster('production', {}, { zones: ['zone-a'] }))).toEqual([]);
  });

  it('a class the cluster does not have is an error, with a suggestion when one is near, the list otherwise', () => {
    expect(found(storageBinding, [claims('zonal-wfc')], onCluster('production'))[0]?.message).toBe(
      'StorageClass zonal-wfc does not exist on cluster "c" (it has zonal-wffc, zonal-immediate, regional): the claims would stay Pending; did you mean zonal-wffc?',
    );
    expect(found(storageBinding, [claims('fast')], onCluster('production', { storageClasses: [] }))[0]?.message).toBe(
      'StorageClass fast does not exist on cluster "c" (it has none): the claims would stay Pending',
    );
  });

  it('no class named (the cluster default), no cluster described, or no server StatefulSet: nothing to check', () => {
    expect(found(storageBinding, [claims(undefined)], onCluster('production'))).toEqual([]);
    expect(found(storageBinding, [claims('zonal-immediate')], tierSpec('production'))).toEqual([]);
    expect(
      found(
        storageBinding,
        [workload('StatefulSet', 'other', {}, { volumeClaimTemplates: [{ spec: { storageClassName: 'nope' } }] })],
        onCluster('production'),
      ),
    ).toEqual([]);
  });
});

describe('host-port-collision', () => {
  const ports = (kind: string, name: string, ...entries: Body[]) =>
    workload(kind, name, { containers: [{ name: 'c', image: 'x:1', ports: entries }] });
  const CLIENT = ports('DaemonSet', 'consul-client', { containerPort: 8501, hostPort: 8501 }, { containerPort: 8502, hostPort: 8502 });

  it('a workload claiming a DaemonSet host port is an error at its hostPort; the DaemonSet is not reported again', () => {
    expect(found(hostPortCollision, [CLIENT, ports('StatefulSet', 'consul-server', { containerPort: 8501, hostPort: 8501 })])).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/containers/0/ports/0/hostPort',
        message:
          'hostPort 8501/TCP is also claimed by DaemonSet/consul-client (/spec/template/spec/containers/0/ports/0/hostPort), which runs on every node: pods of StatefulSet/consul-server find no node with the port free ("didn\'t have free ports for the requested pod ports")',
      },
    ]);
  });

  it('two DaemonSets on one port: the later one is reported, once', () => {
    const other = ports('DaemonSet', 'agent', { containerPort: 1, hostPort: 8502 });
    expect(found(hostPortCollision, [CLIENT, other]).map((entry) => entry.at)).toEqual([
      'DaemonSet/agent /spec/template/spec/containers/0/ports/0/hostPort',
    ]);
  });

  it('another protocol, another host address, two non-DaemonSet workloads, or no hostPort do not collide', () => {
    expect(
      found(hostPortCollision, [
        CLIENT,
        ports('Deployment', 'udp', { containerPort: 8501, hostPort: 8501, protocol: 'UDP' }),
        ports('Deployment', 'a', { containerPort: 9000, hostPort: 9000, hostIP: '10.0.0.1' }),
        ports('Deployment', 'b', { containerPort: 9000, hostPort: 9000 }),
        ports('Deployment', 'c', { containerPort: 8502 }),
      ]),
    ).toEqual([]);
  });

  it('host addresses overlap when equal or when either is every address (empty or 0.0.0.0)', () => {
    const daemon = ports('DaemonSet', 'agent', { containerPort: 1, hostPort: 7000, hostIP: '10.0.0.1' });
    for (const hostIP of ['10.0.0.1', '0.0.0.0', undefined])
      expect(
        found(hostPortCollision, [daemon, ports('Deployment', 'app', { containerPort: 1, hostPort: 7000, ...(hostIP ? { hostIP } : {}) })]),
      ).toHaveLength(1);
    expect(
      found(hostPortCollision, [daemon, ports('Deployment', 'app', { containerPort: 1, hostPort: 7000, hostIP: '10.0.0.2' })]),
    ).toEqual([]);
  });

  it('a host port another DaemonSet of the cluster holds is an error on whatever claims it, naming the holder', () => {
    const exporter = ports('DaemonSet', 'consul-client', { containerPort: 9100, hostPort: 9100 });
    expect(found(hostPortCollision, [exporter], onCluster('production'))).toEqual([
      {
        severity: 'error',
        at: 'DaemonSet/consul-client /spec/template/spec/containers/0/ports/0/hostPort',
        message:
          'hostPort 9100/TCP is already taken on every node of cluster "c" by monitoring/node-exporter: no pod of DaemonSet/consul-client could be scheduled',
      },
    ]);
    expect(
      found(
        hostPortCollision,
        [ports('DaemonSet', 'x', { containerPort: 9100, hostPort: 9100, protocol: 'UDP' })],
        onCluster('production'),
      ),
    ).toEqual([]);
  });
});

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

describe('consul-address-scheme', () => {
  const config = (name: string, ports: Body) => object('v1', 'ConfigMap', name, { data: { 'config.json': JSON.stringify({ ports }) } });
  const HTTPS_ONLY = config('consul-client-config', { http: -1, https: 8501 });
  const withEnv = (kind: string, name: string, ...env: Body[]) => workload(kind, name, { containers: [{ name: 'c', image: 'x:1', env }] });
  const addr = (value: unknown) => ({ name: 'CONSUL_HTTP_ADDR', value });
  const messages = (resources: Parameters<typeof found>[1]) =>
    found(consulAddressScheme, resources).map((entry) => `${entry.at}: ${entry.message}`);

  it('https:// on the HTTPS port, and a port that is neither (another service), pass', () => {
    expect(messages([HTTPS_ONLY, withEnv('DaemonSet', 'consul-client', addr('https://localhost:8501'), addr('10.0.0.1:9999'))])).toEqual(
      [],
    );
  });

  it('no scheme on the HTTPS port is http: an error at the value; CONSUL_HTTP_SSL=true makes it https', () => {
    expect(messages([HTTPS_ONLY, withEnv('DaemonSet', 'consul-client', addr('127.0.0.1:8501'))])).toEqual([
      "DaemonSet/consul-client /spec/template/spec/containers/0/env/0/value: CONSUL_HTTP_ADDR=127.0.0.1:8501: port 8501 is the client agent's HTTPS port (its HTTP port is off), but the address has no scheme (so http): the CLI speaks plain HTTP to a TLS listener and every call fails",
    ]);
    expect(
      messages([HTTPS_ONLY, withEnv('DaemonSet', 'consul-client', addr('127.0.0.1:8501'), { name: 'CONSUL_HTTP_SSL', value: 'TRUE' })]),
    ).toEqual([]);
  });

  it('http:// on the HTTPS port with HTTP also on; https:// on the plain HTTP port', () => {
    const both = config('consul-client-config', { http: 8500, https: 8501 });
    expect(messages([both, withEnv('Job', 'consul-server-acl-init', addr('http://$(HOST_IP):8501'), addr('https://[::1]:8500/'))])).toEqual(
      [
        "Job/consul-server-acl-init /spec/template/spec/containers/0/env/0/value: CONSUL_HTTP_ADDR=http://$(HOST_IP):8501: port 8501 is the client agent's HTTPS port, but the address has http://: the CLI speaks plain HTTP to a TLS listener and every call fails",
        "Job/consul-server-acl-init /spec/template/spec/containers/0/env/1/value: CONSUL_HTTP_ADDR=https://[::1]:8500/: port 8500 is the client agent's plain HTTP port, but the address has https://: the TLS handshake fails",
      ],
    );
  });

  it("the server pods are held to the server agent's ports, every other pod to the client's", () => {
    const serverConfig = config('consul-server-config', { http: 8500, https: -1 });
    expect(messages([HTTPS_ONLY, serverConfig, withEnv('StatefulSet', 'consul-server', addr('localhost:8500'))])).toEqual([]);
    expect(messages([HTTPS_ONLY, serverConfig, withEnv('StatefulSet', 'consul-server', addr('https://localhost:8500'))])).toHaveLength(1);
  });

  it('other variables, values from references, unparsable values, or no agent config: nothing to check', () => {
    expect(
      messages([
        HTTPS_ONLY,
        withEnv(
          'DaemonSet',
          'consul-client',
          { name: 'CONSUL_GRPC_ADDR', value: '127.0.0.1:8501' },
          { name: 'CONSUL_HTTP_ADDR', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
          addr('not an address'),
        ),
      ]),
    ).toEqual([]);
    expect(messages([withEnv('DaemonSet', 'consul-client', addr('127.0.0.1:8501'))])).toEqual([]);
  });
});

describe('server-resources', () => {
  const sized = (resources?: Body, name = 'consul') =>
    servers(
      3,
      {},
      { initContainers: [{ name: 'init', image: 'x:1' }], containers: [{ name, image: 'x:1', ...(resources ? { resources } : {}) }] },
    );
  const at = (tier: Tier, resources?: Body, name?: string) =>
    found(serverResources, [sized(resources, name)], tierSpec(tier)).map((entry) => `${entry.at}: ${entry.message}`);

  it('at or above the floor passes, per tier', () => {
    expect(at('production', { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } })).toEqual([]);
    expect(at('production', { requests: { cpu: '1000m', memory: '2048Mi' } })).toEqual([]);
    expect(at('staging', { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } })).toEqual([]);
    expect(at('development', { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } })).toEqual([]);
  });

  it('below the floor is an error at each field; an unset request is below it, an unset limit is not', () => {
    expect(at('production', { requests: { cpu: '999m', memory: '2Gi' }, limits: { memory: '1Gi' } })).toEqual([
      'StatefulSet/consul-server /spec/template/spec/containers/0/resources/requests/cpu: server requests.cpu 999m is below the production floor 1 (the reference architecture sizes a production server at 8 cores, 32Gi)',
      'StatefulSet/consul-server /spec/template/spec/containers/0/resources/limits/memory: server limits.memory 1Gi is below the production floor 2Gi (the reference architecture sizes a production server at 8 cores, 32Gi)',
    ]);
    expect(at('staging')).toEqual([
      'StatefulSet/consul-server /spec/template/spec/containers/0/resources: server requests.cpu not set is below the staging floor 100m (the reference architecture sizes a production server at 8 cores, 32Gi)',
      'StatefulSet/consul-server /spec/template/spec/containers/0/resources: server requests.memory not set is below the staging floor 128Mi (the reference architecture sizes a production server at 8 cores, 32Gi)',
    ]);
    expect(at('development', { requests: { cpu: 'lots', memory: '64Mi' } })).toHaveLength(1);
  });

  it('the Consul container is found by name, else the first regular container; no tier or no servers: nothing', () => {
    expect(at('production', { requests: { cpu: '1', memory: '2Gi' } }, 'consul-server')).toEqual([]);
    expect(at('production', { requests: { cpu: '1', memory: '2Gi' } }, 'agent')).toEqual([]);
    expect(found(serverResources, [sized()], { environments: [], tierSeverity: {} } as unknown as Spec)).toEqual([]);
    expect(found(serverResources, [workload('Deployment', 'x', { containers: [{ name: 'consul' }] })], tierSpec('production'))).toEqual([]);
  });
});

describe('quantityValue', () => {
  it.each([
    ['500m', 0.5],
    ['1', 1],
    ['2Gi', 2 ** 31],
    ['1.5k', 1500],
    ['1e3', 1000],
    ['.5', 0.5],
    [3, 3],
  ] as const)('%s is %s', (text, value) => expect(quantityValue(text)).toBe(value));
  it.each([['1x'], [''], [null], [Infinity], ['Gi']])('%s is not a quantity', (text) => expect(quantityValue(text)).toBeUndefined());
});

describe('node-topology-labels', () => {
  const placed = (pod: Body) => servers(3, {}, pod);
  const spread = (topologyKey: string, whenUnsatisfiable?: string) => ({
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey, ...(whenUnsatisfiable ? { whenUnsatisfiable } : {}) }],
  });
  const anti = (topologyKey: string) => ({
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey }] } },
  });
  const pool = (more: Body) => ({
    name: 'p',
    count: 3,
    zones: [],
    labels: {},
    taints: [],
    allocatable: { cpu: '4', memory: '16Gi' },
    ...more,
  });

  it('the zone and hostname keys on a pool with zones pass; a custom key passes when a pool carries it', () => {
    expect(
      found(
        nodeTopologyLabels,
        [placed({ ...spread('topology.kubernetes.io/zone'), ...anti('kubernetes.io/hostname') })],
        onCluster('production'),
      ),
    ).toEqual([]);
    const custom = onCluster('production', { nodePools: [pool({ labels: { rack: 'r1' } })] } as Partial<ClusterSpec>);
    expect(found(nodeTopologyLabels, [placed(spread('rack'))], custom)).toEqual([]);
  });

  it('a key no usable node carries is an error at it, for a hard spread and for required anti-affinity', () => {
    const noZones = onCluster('production', { nodePools: [pool({})] } as Partial<ClusterSpec>);
    expect(
      found(nodeTopologyLabels, [placed({ ...spread('topology.kubernetes.io/zone', 'DoNotSchedule'), ...anti('rack') })], noZones),
    ).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/topologySpreadConstraints/0/topologyKey',
        message:
          'no node the servers can use on cluster "c" carries topology.kubernetes.io/zone (untainted pools with nodes: p): every server stays Pending',
      },
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey',
        message: 'no node the servers can use on cluster "c" carries rack (untainted pools with nodes: p): every server stays Pending',
      },
    ]);
  });

  it('tainted and empty pools do not count; a soft spread and a missing key are not checked', () => {
    const tainted = onCluster('production', {
      nodePools: [
        pool({ zones: ['zone-a'], taints: [{ key: 'gpu', effect: 'NoSchedule' }] }),
        pool({ name: 'empty', zones: ['zone-a'], count: 0 }),
      ],
    } as Partial<ClusterSpec>);
    expect(found(nodeTopologyLabels, [placed(spread('topology.kubernetes.io/zone'))], tainted)[0]?.message).toBe(
      'no node the servers can use on cluster "c" carries topology.kubernetes.io/zone (untainted pools with nodes: none): every server stays Pending',
    );
    expect(found(nodeTopologyLabels, [placed(spread('rack', 'ScheduleAnyway'))], onCluster('production'))).toEqual([]);
    expect(found(nodeTopologyLabels, [placed({ topologySpreadConstraints: [{ maxSkew: 1 }] })], onCluster('production'))).toEqual([]);
    expect(found(nodeTopologyLabels, [placed(spread('rack'))], tierSpec('production'))).toEqual([]);
  });
});

describe('server-grace-period', () => {
  const serverConfig = (config: Body) =>
    object('v1', 'ConfigMap', 'consul-server-config', { data: { 'server.json': JSON.stringify(config) } });
  const grace = (seconds?: unknown) => servers(3, {}, seconds === undefined ? {} : { terminationGracePeriodSeconds: seconds });
  const run = (config: Body, seconds?: unknown) => found(serverGracePeriod, [serverConfig(config), grace(seconds)]);

  it('at or above the 15s graceful-leave timeout, or the Kubernetes default 30, passes', () => {
    expect(run({ server: true, leave_on_terminate: true }, 15)).toEqual([]);
    expect(run({ server: true, leave_on_terminate: true })).toEqual([]);
  });

  it('below it, with leave_on_terminate, is an error at the field, naming the drain time in use', () => {
    expect(run({ server: true, leave_on_terminate: true }, 14)).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/terminationGracePeriodSeconds',
        message:
          'terminationGracePeriodSeconds 14 is shorter than the graceful leave the servers run on SIGTERM (leave_on_terminate): up to 15s (serf leave, leave_drain_time 5s, up to 5s to leave Raft); the kubelet kills them mid-leave and they stay as failed voters',
      },
    ]);
    expect(run({ server: true, leave_on_terminate: true, performance: { leave_drain_time: '10s' } }, 5)[0]?.message).toContain(
      'leave_drain_time 10s',
    );
  });

  it("without leave_on_terminate a server does not leave (Consul's server default); a client-mode agent does by default", () => {
    expect(run({ server: true }, 5)).toEqual([]);
    expect(run({ server: true, leave_on_terminate: false }, 5)).toEqual([]);
    expect(run({}, 5)).toHaveLength(1);
  });

  it('holds the servers to the shutdown facts it is passed: a 30s graceful leave makes 15s too short', () => {
    const slower = withFacts({ shutdown: { ...pinnedFacts().shutdown, gracefulTimeoutSeconds: 30, leaveDrainTimeDefault: '20s' } });
    const resources = [serverConfig({ server: true, leave_on_terminate: true }), grace(15)];
    expect(found(serverGracePeriod, resources)).toEqual([]);
    expect(found(serverGracePeriod, resources, tierSpec('development'), slower).map((entry) => entry.message)).toEqual([
      'terminationGracePeriodSeconds 15 is shorter than the graceful leave the servers run on SIGTERM (leave_on_terminate): up to 30s (serf leave, leave_drain_time 20s, up to 5s to leave Raft); the kubelet kills them mid-leave and they stay as failed voters',
    ]);
  });

  it('no server config or no server StatefulSet: nothing to check', () => {
    expect(found(serverGracePeriod, [grace(5)])).toEqual([]);
    expect(found(serverGracePeriod, [serverConfig({ leave_on_terminate: true })])).toEqual([]);
  });
});

describe('consul-config, against the agent facts it is passed', () => {
  const agent = (...flags: string[]) =>
    servers(3, {}, { containers: [{ name: 'consul', image: 'hashicorp/consul:1.22.7', command: ['consul', 'agent', ...flags] }] });
  const flagMessages = (flags: string[], facts?: Facts) =>
    found(consulConfig, [agent(...flags)], tierSpec('development'), facts)
      .map((entry) => entry.message)
      .filter((message) => message.startsWith('consul agent has no flag'));

  it('a flag the release lacks is an error; the same flag in the facts passed is none, and a flag taken out of them is one', () => {
    const pinned = pinnedFacts().agentConfig;
    expect(flagMessages(['-server', '-bootstrap-expect=3', '-new-flag=1'])).toEqual([
      'consul agent has no flag -new-flag: Consul 1.22.7 exits on it',
    ]);
    const added = withFacts({ agentConfig: { ...pinned, flags: { ...pinned.flags, 'new-flag': { type: 'string' } } } });
    expect(flagMessages(['-server', '-bootstrap-expect=3', '-new-flag=1'], added)).toEqual([]);
    const { server: _server, ...withoutServer } = pinned.flags;
    const removed = withFacts({ agentConfig: { ...pinned, version: '9.9.9', flags: withoutServer } });
    expect(flagMessages(['-server', '-bootstrap-expect=3'], removed)).toEqual([
      'consul agent has no flag -server: Consul 9.9.9 exits on it',
    ]);
  });
});
