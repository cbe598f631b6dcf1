// The mutations of the api-server parity corpus (issue 20): each one a broken shape (`bad`, which the
// API server is expected to reject) and its correct neighbour (`good`, expected to be accepted), applied
// to a copy of one object of the prod render (or of a seed object, for kinds prod does not render). A
// check that under-rejects misses a `bad`; one that over-rejects fails a `good`. The expectation is only
// the intent: the verdict that counts is the server's, recorded by `npm run parity:record`.
// A mutation has `class` (issue 20's list), `name`, `what` (the server's rule, one line), `targets`
// (Kind/name of the objects it applies to), `bad` and `good` (each edits a copy in place).
import { parse } from 'yaml';

const WORKLOADS = ['StatefulSet/consul-server', 'DaemonSet/consul-client', 'Deployment/consul-sync-catalog', 'Job/consul-tls-init'];
const LONG_RUNNING = WORKLOADS.slice(0, 3);
const STS = ['StatefulSet/consul-server'];
const DEPLOYMENT = ['Deployment/consul-sync-catalog'];
const JOB = ['Job/consul-tls-init'];
const DNS_SERVICE = ['Service/consul-dns'];
const CONFIG_MAP = ['ConfigMap/consul-server-config'];
const SECRET = ['Secret/consul-auth-method'];
const PDB = ['PodDisruptionBudget/consul-server'];
const LABELLED = ['ConfigMap/consul-server-config', 'Service/consul-dns', 'StatefulSet/consul-server'];

/** A plain text the serializer writes unquoted, replaced by raw YAML after serializing (see rawValue). */
export const RAW_PREFIX = 'zz-parity-raw-';
const raws = [];
/** A value written as this exact YAML text (a number JavaScript cannot hold, a quoted scalar). */
export function rawValue(text) {
  let index = raws.indexOf(text);
  if (index < 0) index = raws.push(text) - 1;
  return `${RAW_PREFIX}${index}`;
}
/** The serialized text with every raw placeholder replaced by its YAML text. */
export function withRawValues(text) {
  return text.replace(new RegExp(`${RAW_PREFIX}(\\d+)`, 'g'), (_match, index) => raws[Number(index)]);
}

export const podSpec = (object) => (object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec);
export const container = (object) => podSpec(object).containers[0];
const templateLabels = (object) => object.spec.template.metadata.labels;
const name63 = (prefix, length) => (prefix + 'x'.repeat(length)).slice(0, length);
const withScratchVolume = (object) => {
  podSpec(object).volumes = [...(podSpec(object).volumes ?? []), { name: 'scratch', emptyDir: {} }];
  container(object).volumeMounts = [...(container(object).volumeMounts ?? []), { name: 'scratch', mountPath: '/scratch' }];
};
const scratchVolume = (object) => podSpec(object).volumes.find((volume) => volume.name === 'scratch');
const scratchMount = (object) => container(object).volumeMounts.find((mount) => mount.name === 'scratch');
const setProbe = (object, probe) => {
  container(object).livenessProbe = probe;
};
const tcpProbe = { tcpSocket: { port: 8500 }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 };
const extraContainer = (object, name, env = []) => {
  const first = container(object);
  podSpec(object).containers.push({ name, image: first.image, command: ['sleep', 'infinity'], env, resources: first.resources });
};
const bytes = (count) => 'a'.repeat(count);
/** A mutated CRD gets a group of its own: the server installs CRDs for real, and the Widget CRD must stay as committed. */
const ownGroup = (crd, name) => {
  crd.spec.group = `${name}.parity.example.com`;
  crd.metadata.name = `widgets.${crd.spec.group}`;
};
const KIB = 1024;

/** Mutations of fields every pod template has: one bad/good pair per workload in `targets`. */
// prettier-ignore
const POD_MUTATIONS = [
  // names
  ['names', 'container-name-uppercase', 'a container name is an RFC 1123 label', WORKLOADS, (o) => (container(o).name = 'Consul'), (o) => (container(o).name = 'consul-agent')],
  ['names', 'container-name-dot', 'a container name has no dots', WORKLOADS, (o) => (container(o).name = 'consul.agent'), (o) => (container(o).name = 'consul-agent2')],
  ['names', 'container-name-64', 'a container name has at most 63 characters', WORKLOADS, (o) => (container(o).name = name63('c', 64)), (o) => (container(o).name = name63('c', 63))],
  ['names', 'port-name-16', 'a port name (IANA service name) has at most 15 characters', WORKLOADS, (o) => (container(o).ports = [{ containerPort: 9000, name: 'metrics-endpoint', protocol: 'TCP' }]), (o) => (container(o).ports = [{ containerPort: 9000, name: 'metrics-endpoin', protocol: 'TCP' }])],
  ['names', 'port-name-uppercase', 'a port name is lower case', WORKLOADS, (o) => (container(o).ports = [{ containerPort: 9000, name: 'Metrics', protocol: 'TCP' }]), (o) => (container(o).ports = [{ containerPort: 9000, name: 'metrics', protocol: 'TCP' }])],
  ['names', 'port-name-digits', 'a port name has at least one letter', WORKLOADS, (o) => (container(o).ports = [{ containerPort: 9000, name: '9000', protocol: 'TCP' }]), (o) => (container(o).ports = [{ containerPort: 9000, name: 'p9000', protocol: 'TCP' }])],
  ['names', 'port-name-double-hyphen', 'a port name has no two hyphens in a row', WORKLOADS, (o) => (container(o).ports = [{ containerPort: 9000, name: 'http--alt', protocol: 'TCP' }]), (o) => (container(o).ports = [{ containerPort: 9000, name: 'http-alt', protocol: 'TCP' }])],
  ['names', 'volume-name-uppercase', 'a volume name is an RFC 1123 label', WORKLOADS, (o) => { withScratchVolume(o); scratchVolume(o).name = 'Scratch'; scratchMount(o).name = 'Scratch'; }, (o) => { withScratchVolume(o); scratchVolume(o).name = 'scratch-2'; scratchMount(o).name = 'scratch-2'; }],
  ['names', 'env-name-equals', 'an env name has no "="', WORKLOADS, (o) => container(o).env.push({ name: 'FOO=BAR', value: 'x' }), (o) => container(o).env.push({ name: 'FOO_BAR', value: 'x' })],
  ['names', 'env-name-empty', 'an env name is not empty', WORKLOADS, (o) => container(o).env.push({ name: '', value: 'x' }), (o) => container(o).env.push({ name: 'E', value: 'x' })],
  ['names', 'env-name-digit-first', 'an env name may start with a digit since the relaxed env validation (GA in 1.34)', WORKLOADS, (o) => container(o).env.push({ name: '1FOO', value: 'x' }), (o) => container(o).env.push({ name: 'FOO1', value: 'x' })],
  ['names', 'template-label-value-64', 'a label value has at most 63 characters', WORKLOADS, (o) => (templateLabels(o)['example.com/tier'] = name63('v', 64)), (o) => (templateLabels(o)['example.com/tier'] = name63('v', 63))],
  // enums
  ['enums', 'image-pull-policy', 'imagePullPolicy is Always, IfNotPresent or Never', WORKLOADS, (o) => (container(o).imagePullPolicy = 'Sometimes'), (o) => (container(o).imagePullPolicy = 'Always')],
  ['enums', 'dns-policy', 'dnsPolicy is ClusterFirstWithHostNet, ClusterFirst, Default or None', WORKLOADS, (o) => (podSpec(o).dnsPolicy = 'ClusterFirstAlways'), (o) => (podSpec(o).dnsPolicy = 'Default')],
  ['enums', 'protocol-lowercase', 'protocol is TCP, UDP or SCTP', WORKLOADS, (o) => (container(o).ports = [{ containerPort: 9000, name: 'p', protocol: 'tcp' }]), (o) => (container(o).ports = [{ containerPort: 9000, name: 'p', protocol: 'SCTP' }])],
  ['enums', 'toleration-operator', 'a toleration operator is Exists or Equal', WORKLOADS, (o) => (podSpec(o).tolerations = [{ key: 'dedicated', operator: 'Eq', value: 'consul', effect: 'NoSchedule' }]), (o) => (podSpec(o).tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'consul', effect: 'NoSchedule' }])],
  ['enums', 'toleration-effect', 'a toleration effect is NoSchedule, PreferNoSchedule or NoExecute', WORKLOADS, (o) => (podSpec(o).tolerations = [{ operator: 'Exists', effect: 'NoRun' }]), (o) => (podSpec(o).tolerations = [{ operator: 'Exists', effect: 'NoExecute' }])],
  ['enums', 'seccomp-type', 'a seccomp profile type is RuntimeDefault, Unconfined or Localhost', WORKLOADS, (o) => (podSpec(o).securityContext = { ...podSpec(o).securityContext, seccompProfile: { type: 'Default' } }), (o) => (podSpec(o).securityContext = { ...podSpec(o).securityContext, seccompProfile: { type: 'Unconfined' } })],
  ['enums', 'termination-message-policy', 'terminationMessagePolicy is File or FallbackToLogsOnError', WORKLOADS, (o) => (container(o).terminationMessagePolicy = 'Logs'), (o) => (container(o).terminationMessagePolicy = 'FallbackToLogsOnError')],
  // ranges
  ['ranges', 'container-port-0', 'a containerPort is 1-65535', WORKLOADS, (o) => (container(o).ports = [{ containerPort: 0, name: 'p', protocol: 'TCP' }]), (o) => (container(o).ports = [{ containerPort: 1, name: 'p', protocol: 'TCP' }])],
  ['ranges', 'container-port-65536', 'a containerPort is 1-65535', WORKLOADS, (o) => (container(o).ports = [{ containerPort: 65536, name: 'p', protocol: 'TCP' }]), (o) => (container(o).ports = [{ containerPort: 65535, name: 'p', protocol: 'TCP' }])],
  ['ranges', 'default-mode-1000', 'a volume defaultMode is 0-0777', WORKLOADS, (o) => { withScratchVolume(o); podSpec(o).volumes.push({ name: 'extra-config', configMap: { name: 'consul-server-config', defaultMode: 0o1000 } }); }, (o) => { withScratchVolume(o); podSpec(o).volumes.push({ name: 'extra-config', configMap: { name: 'consul-server-config', defaultMode: 0o777 } }); }],
  ['ranges', 'probe-timeout-negative', 'probe timeoutSeconds is not negative', LONG_RUNNING, (o) => setProbe(o, { ...tcpProbe, timeoutSeconds: -1 }), (o) => setProbe(o, { ...tcpProbe, timeoutSeconds: 1 })],
  ['ranges', 'probe-period-negative', 'probe periodSeconds is not negative', LONG_RUNNING, (o) => setProbe(o, { ...tcpProbe, periodSeconds: -5 }), (o) => setProbe(o, { ...tcpProbe, periodSeconds: 5 })],
  ['ranges', 'probe-failure-threshold-negative', 'probe failureThreshold is not negative', LONG_RUNNING, (o) => setProbe(o, { ...tcpProbe, failureThreshold: -1 }), (o) => setProbe(o, { ...tcpProbe, failureThreshold: 1 })],
  ['ranges', 'liveness-success-threshold-2', 'a liveness probe successThreshold is 1', LONG_RUNNING, (o) => setProbe(o, { ...tcpProbe, successThreshold: 2 }), (o) => setProbe(o, { ...tcpProbe, successThreshold: 1 })],
  ['ranges', 'termination-grace-negative', 'terminationGracePeriodSeconds is not negative (a negative value is set to 1 with a warning)', WORKLOADS, (o) => (podSpec(o).terminationGracePeriodSeconds = -1), (o) => (podSpec(o).terminationGracePeriodSeconds = 0)],
  ['ranges', 'cpu-request-negative', 'a resource quantity is not negative', WORKLOADS, (o) => (container(o).resources = { requests: { cpu: '-100m' } }), (o) => (container(o).resources = { requests: { cpu: '100m' } })],
  // cross-field
  ['cross-field', 'requests-over-limits', 'a request does not exceed its limit', WORKLOADS, (o) => (container(o).resources = { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }), (o) => (container(o).resources = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } })],
  ['cross-field', 'memory-requests-over-limits', 'a memory request does not exceed its limit', WORKLOADS, (o) => (container(o).resources = { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } }), (o) => (container(o).resources = { requests: { memory: '1Gi' }, limits: { memory: '2Gi' } })],
  ['cross-field', 'mount-without-volume', 'a volumeMount names a volume of the pod', WORKLOADS, (o) => container(o).volumeMounts.push({ name: 'missing', mountPath: '/missing' }), (o) => withScratchVolume(o)],
  ['cross-field', 'probe-without-handler', 'a probe has a handler', LONG_RUNNING, (o) => setProbe(o, { periodSeconds: 10 }), (o) => setProbe(o, { httpGet: { path: '/v1/status/leader', port: 8500 }, periodSeconds: 10 })],
  ['cross-field', 'probe-two-handlers', 'a probe has exactly one handler', LONG_RUNNING, (o) => setProbe(o, { ...tcpProbe, exec: { command: ['true'] } }), (o) => setProbe(o, { exec: { command: ['true'] }, periodSeconds: 10 })],
  ['cross-field', 'env-value-and-value-from', 'an env var has value or valueFrom, not both', WORKLOADS, (o) => container(o).env.push({ name: 'BOTH', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }), (o) => container(o).env.push({ name: 'BOTH', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } })],
  ['cross-field', 'privileged-without-escalation', 'privileged: true with allowPrivilegeEscalation: false is refused', WORKLOADS, (o) => (container(o).securityContext = { ...container(o).securityContext, privileged: true, allowPrivilegeEscalation: false }), (o) => (container(o).securityContext = { ...container(o).securityContext, privileged: false, allowPrivilegeEscalation: false })],
  ['cross-field', 'sub-path-absolute', 'a volumeMount subPath is relative', WORKLOADS, (o) => { withScratchVolume(o); scratchMount(o).subPath = '/abs'; }, (o) => { withScratchVolume(o); scratchMount(o).subPath = 'rel'; }],
  ['cross-field', 'template-labels-miss-selector', 'the selector matches the template labels', WORKLOADS.slice(0, 3), (o) => delete templateLabels(o)['app.kubernetes.io/component'], (o) => (templateLabels(o)['example.com/extra'] = 'yes-extra')],
  // list-map keys
  ['list-map', 'duplicate-container-name', 'container names are unique in a pod', WORKLOADS, (o) => extraContainer(o, container(o).name), (o) => extraContainer(o, 'sidecar')],
  ['list-map', 'duplicate-env-name', 'env is a list map keyed by name', WORKLOADS, (o) => container(o).env.push({ name: container(o).env[0].name, value: 'again' }), (o) => container(o).env.push({ name: 'ANOTHER', value: 'again' })],
  ['list-map', 'duplicate-container-port', 'container ports are a list map keyed by containerPort and protocol', WORKLOADS, (o) => (container(o).ports = [{ containerPort: 9000, name: 'a', protocol: 'TCP' }, { containerPort: 9000, name: 'b', protocol: 'TCP' }]), (o) => (container(o).ports = [{ containerPort: 9000, name: 'a', protocol: 'TCP' }, { containerPort: 9000, name: 'b', protocol: 'UDP' }])],
  ['list-map', 'duplicate-port-name', 'container port names are unique', WORKLOADS, (o) => (container(o).ports = [{ containerPort: 9000, name: 'a', protocol: 'TCP' }, { containerPort: 9001, name: 'a', protocol: 'TCP' }]), (o) => (container(o).ports = [{ containerPort: 9000, name: 'a', protocol: 'TCP' }, { containerPort: 9001, name: 'b', protocol: 'TCP' }])],
  ['list-map', 'duplicate-mount-path', 'mountPaths are unique in a container', WORKLOADS, (o) => { withScratchVolume(o); container(o).volumeMounts.push({ name: 'scratch', mountPath: '/scratch' }); }, (o) => { withScratchVolume(o); container(o).volumeMounts.push({ name: 'scratch', mountPath: '/scratch2' }); }],
  ['list-map', 'duplicate-volume-name', 'volume names are unique in a pod', WORKLOADS, (o) => { withScratchVolume(o); podSpec(o).volumes.push({ name: 'scratch', emptyDir: {} }); }, (o) => { withScratchVolume(o); podSpec(o).volumes.push({ name: 'scratch-b', emptyDir: {} }); }],
  // YAML 1.1
  ['yaml-1.1', 'node-selector-yes', 'a YAML 1.1 parser reads an unquoted yes as a boolean where a string is required', WORKLOADS, (o) => (podSpec(o).nodeSelector = { 'example.com/consul': 'yes' }), (o) => (podSpec(o).nodeSelector = { 'example.com/consul': rawValue('"yes"') })],
  ['yaml-1.1', 'env-value-on', 'a YAML 1.1 parser reads an unquoted on as a boolean where a string is required', WORKLOADS, (o) => container(o).env.push({ name: 'FEATURE', value: 'on' }), (o) => container(o).env.push({ name: 'FEATURE', value: rawValue('"on"') })],
  // int64
  ['int64', 'active-deadline-2-63', 'an int64 of 2^63 overflows', JOB, (o) => (o.spec.activeDeadlineSeconds = rawValue('9223372036854775808')), (o) => (o.spec.activeDeadlineSeconds = rawValue('9223372036854775807'))],
  ['int64', 'termination-grace-2-63', 'an int64 of 2^63 overflows', WORKLOADS, (o) => (podSpec(o).terminationGracePeriodSeconds = rawValue('9223372036854775808')), (o) => (podSpec(o).terminationGracePeriodSeconds = rawValue('9223372036854775807'))],
  ['int64', 'pod-active-deadline-2-63', 'an int64 of 2^63 overflows', JOB, (o) => (podSpec(o).activeDeadlineSeconds = rawValue('9223372036854775808')), (o) => (podSpec(o).activeDeadlineSeconds = 3600)],
];

/** Mutations of one kind's own fields. */
// prettier-ignore
const KIND_MUTATIONS = [
  // names
  ['names', 'service-name-64', 'a Service name is an RFC 1035 label of at most 63 characters', DNS_SERVICE, (o) => (o.metadata.name = name63('consul-dns-', 64)), (o) => (o.metadata.name = name63('consul-dns-', 63))],
  ['names', 'service-name-digit-first', 'a Service name starts with a letter', DNS_SERVICE, (o) => (o.metadata.name = '1-consul-dns'), (o) => (o.metadata.name = 'consul-dns-1')],
  ['names', 'service-name-dot', 'a Service name has no dots', DNS_SERVICE, (o) => (o.metadata.name = 'consul.dns'), (o) => (o.metadata.name = 'consul-dns2')],
  ['names', 'service-port-name-uppercase', 'a Service port name is an RFC 1123 label', DNS_SERVICE, (o) => (o.spec.ports[0].name = 'DNS-tcp'), (o) => (o.spec.ports[0].name = 'dns-tcp2')],
  ['names', 'statefulset-name-dot', 'a StatefulSet name is a DNS label (no dots)', STS, (o) => (o.metadata.name = 'consul.server'), (o) => (o.metadata.name = 'consul-server-b')],
  ['names', 'statefulset-name-64', 'a StatefulSet name has at most 63 characters', STS, (o) => (o.metadata.name = name63('consul-server-', 64)), (o) => (o.metadata.name = name63('consul-server-', 63))],
  ['names', 'configmap-name-uppercase', 'an object name is a DNS subdomain', CONFIG_MAP, (o) => (o.metadata.name = 'Consul-Server-Config'), (o) => (o.metadata.name = 'consul.server.config')],
  ['names', 'configmap-name-underscore', 'an object name has no underscores', CONFIG_MAP, (o) => (o.metadata.name = 'consul_server_config'), (o) => (o.metadata.name = 'consul-server-config-2')],
  ['names', 'label-key-two-slashes', 'a label key is [prefix/]name', LABELLED, (o) => (o.metadata.labels['example.com/a/b'] = 'x'), (o) => (o.metadata.labels['example.com/a-b'] = 'x')],
  ['names', 'label-key-name-64', 'a label key name has at most 63 characters', LABELLED, (o) => (o.metadata.labels[name63('k', 64)] = 'x'), (o) => (o.metadata.labels[name63('k', 63)] = 'x')],
  ['names', 'label-key-prefix-uppercase', 'a label key prefix is a DNS subdomain', LABELLED, (o) => (o.metadata.labels['Example.COM/tier'] = 'x'), (o) => (o.metadata.labels['example.com/tier'] = 'x')],
  ['names', 'label-value-64', 'a label value has at most 63 characters', LABELLED, (o) => (o.metadata.labels.tier = name63('v', 64)), (o) => (o.metadata.labels.tier = name63('v', 63))],
  ['names', 'label-value-space', 'a label value has no spaces', LABELLED, (o) => (o.metadata.labels.tier = 'back end'), (o) => (o.metadata.labels.tier = 'back_end')],
  ['names', 'label-value-hyphen-edge', 'a label value starts and ends with an alphanumeric', LABELLED, (o) => (o.metadata.labels.tier = '-backend'), (o) => (o.metadata.labels.tier = 'back-end')],
  ['names', 'annotation-key-space', 'an annotation key is a qualified name', LABELLED, (o) => (o.metadata.annotations = { ...o.metadata.annotations, 'bad key': 'x' }), (o) => (o.metadata.annotations = { ...o.metadata.annotations, 'example.com/good-key': 'x' })],
  ['names', 'annotation-key-prefix-underscore', 'an annotation key prefix is a DNS subdomain', LABELLED, (o) => (o.metadata.annotations = { ...o.metadata.annotations, 'example_com/key': 'x' }), (o) => (o.metadata.annotations = { ...o.metadata.annotations, 'example.com/key_1': 'x' })],
  ['names', 'configmap-data-key-slash', 'a ConfigMap data key is [-._a-zA-Z0-9]+', CONFIG_MAP, (o) => (o.data['conf/extra.json'] = '{}'), (o) => (o.data['conf.extra.json'] = '{}')],
  ['names', 'configmap-data-key-space', 'a ConfigMap data key has no spaces', CONFIG_MAP, (o) => (o.data['extra config.json'] = '{}'), (o) => (o.data['extra_config.json'] = '{}')],
  ['names', 'secret-data-key-slash', 'a Secret data key is [-._a-zA-Z0-9]+', SECRET, (o) => (o.stringData = { 'tls/key': 'x' }), (o) => (o.stringData = { 'tls.key': 'x' })],
  ['names', 'volume-claim-template-name-uppercase', 'a claim template name is a DNS subdomain', STS, (o) => { o.spec.volumeClaimTemplates[0].metadata.name = 'Data'; container(o).volumeMounts.find((m) => m.name === 'data').name = 'Data'; }, (o) => { o.spec.volumeClaimTemplates[0].metadata.name = 'data2'; container(o).volumeMounts.find((m) => m.name === 'data').name = 'data2'; }],
  // enums
  ['enums', 'pod-management-policy', 'podManagementPolicy is OrderedReady or Parallel', STS, (o) => (o.spec.podManagementPolicy = 'Serial'), (o) => (o.spec.podManagementPolicy = 'OrderedReady')],
  ['enums', 'statefulset-update-strategy', 'a StatefulSet updateStrategy type is RollingUpdate or OnDelete', STS, (o) => (o.spec.updateStrategy = { type: 'Rolling' }), (o) => (o.spec.updateStrategy = { type: 'OnDelete' })],
  ['enums', 'restart-policy-daemonset', 'a DaemonSet pod restartPolicy is Always', ['DaemonSet/consul-client'], (o) => (podSpec(o).restartPolicy = 'OnFailure'), (o) => (podSpec(o).restartPolicy = 'Always')],
  ['enums', 'restart-policy-job-always', 'a Job pod restartPolicy is OnFailure or Never, not Always', JOB, (o) => (podSpec(o).restartPolicy = 'Always'), (o) => (podSpec(o).restartPolicy = 'OnFailure')],
  ['enums', 'restart-policy-unknown', 'restartPolicy is Always, OnFailure or Never', JOB, (o) => (podSpec(o).restartPolicy = 'Sometimes'), (o) => (podSpec(o).restartPolicy = 'Never')],
  ['enums', 'access-modes', 'an access mode is ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod', STS, (o) => (o.spec.volumeClaimTemplates[0].spec.accessModes = ['ReadWriteAlways']), (o) => (o.spec.volumeClaimTemplates[0].spec.accessModes = ['ReadWriteOncePod'])],
  ['enums', 'service-type', 'a Service type is ClusterIP, NodePort, LoadBalancer or ExternalName', DNS_SERVICE, (o) => (o.spec.type = 'Internal'), (o) => (o.spec.type = 'LoadBalancer')],
  ['enums', 'session-affinity', 'sessionAffinity is ClientIP or None', DNS_SERVICE, (o) => (o.spec.sessionAffinity = 'Sticky'), (o) => (o.spec.sessionAffinity = 'ClientIP')],
  ['enums', 'service-protocol', 'a Service port protocol is TCP, UDP or SCTP', DNS_SERVICE, (o) => (o.spec.ports[0].protocol = 'HTTP'), (o) => (o.spec.ports[0].protocol = 'SCTP')],
  ['enums', 'external-traffic-policy', 'externalTrafficPolicy is Cluster or Local', DNS_SERVICE, (o) => Object.assign(o.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Global' }), (o) => Object.assign(o.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' })],
  ['enums', 'ip-family-policy', 'ipFamilyPolicy is SingleStack, PreferDualStack or RequireDualStack', DNS_SERVICE, (o) => (o.spec.ipFamilyPolicy = 'DualStack'), (o) => (o.spec.ipFamilyPolicy = 'SingleStack')],
  ['enums', 'role-ref-kind', 'roleRef.kind is Role or ClusterRole', ['RoleBinding/consul-tls-init'], (o) => (o.roleRef.kind = 'Group'), (o) => (o.roleRef.kind = 'Role')],
  ['enums', 'subject-kind', 'a subject kind is ServiceAccount, User or Group', ['RoleBinding/consul-tls-init'], (o) => o.subjects.push({ kind: 'Robot', name: 'ci' }), (o) => o.subjects.push({ kind: 'User', name: 'ci', apiGroup: 'rbac.authorization.k8s.io' })],
  ['enums', 'cluster-role-ref-kind', 'a ClusterRoleBinding refers to a ClusterRole', ['ClusterRoleBinding/consul-sync-catalog-prod'], (o) => (o.roleRef.kind = 'Role'), (o) => (o.roleRef.kind = 'ClusterRole')],
  ['enums', 'when-deleted', 'persistentVolumeClaimRetentionPolicy.whenDeleted is Retain or Delete', STS, (o) => (o.spec.persistentVolumeClaimRetentionPolicy.whenDeleted = 'Keep'), (o) => (o.spec.persistentVolumeClaimRetentionPolicy.whenDeleted = 'Delete')],
  ['enums', 'when-scaled', 'persistentVolumeClaimRetentionPolicy.whenScaled is Retain or Delete', STS, (o) => (o.spec.persistentVolumeClaimRetentionPolicy.whenScaled = 'Remove'), (o) => (o.spec.persistentVolumeClaimRetentionPolicy.whenScaled = 'Delete')],
  ['enums', 'unhealthy-pod-eviction-policy', 'unhealthyPodEvictionPolicy is IfHealthyBudget or AlwaysAllow', PDB, (o) => (o.spec.unhealthyPodEvictionPolicy = 'Never'), (o) => (o.spec.unhealthyPodEvictionPolicy = 'AlwaysAllow')],
  ['enums', 'deployment-strategy', 'a Deployment strategy type is Recreate or RollingUpdate', DEPLOYMENT, (o) => (o.spec.strategy = { type: 'BlueGreen' }), (o) => (o.spec.strategy = { type: 'Recreate' })],
  ['enums', 'daemonset-update-strategy', 'a DaemonSet updateStrategy type is RollingUpdate or OnDelete', ['DaemonSet/consul-client'], (o) => (o.spec.updateStrategy = { type: 'Recreate' }), (o) => (o.spec.updateStrategy = { type: 'OnDelete' })],
  ['enums', 'job-completion-mode', 'completionMode is NonIndexed or Indexed', JOB, (o) => (o.spec.completionMode = 'Ordered'), (o) => (o.spec.completionMode = 'NonIndexed')],
  ['enums', 'when-unsatisfiable', 'whenUnsatisfiable is DoNotSchedule or ScheduleAnyway', STS, (o) => (podSpec(o).topologySpreadConstraints[0].whenUnsatisfiable = 'Never'), (o) => (podSpec(o).topologySpreadConstraints[0].whenUnsatisfiable = 'ScheduleAnyway')],
  // ranges
  ['ranges', 'replicas-negative', 'replicas is not negative', ['StatefulSet/consul-server', 'Deployment/consul-sync-catalog'], (o) => (o.spec.replicas = -1), (o) => (o.spec.replicas = 0)],
  ['ranges', 'replicas-int32', 'replicas is an int32', STS, (o) => (o.spec.replicas = 2147483648), (o) => (o.spec.replicas = 2147483647)],
  ['ranges', 'backoff-limit-negative', 'backoffLimit is not negative', JOB, (o) => (o.spec.backoffLimit = -1), (o) => (o.spec.backoffLimit = 0)],
  ['ranges', 'ttl-negative', 'ttlSecondsAfterFinished is not negative', JOB, (o) => (o.spec.ttlSecondsAfterFinished = -1), (o) => (o.spec.ttlSecondsAfterFinished = 0)],
  ['ranges', 'active-deadline-zero', 'activeDeadlineSeconds is positive', JOB, (o) => (o.spec.activeDeadlineSeconds = 0), (o) => (o.spec.activeDeadlineSeconds = 1)],
  ['ranges', 'revision-history-negative', 'revisionHistoryLimit is not negative', ['StatefulSet/consul-server', 'Deployment/consul-sync-catalog', 'DaemonSet/consul-client'], (o) => (o.spec.revisionHistoryLimit = -1), (o) => (o.spec.revisionHistoryLimit = 0)],
  ['ranges', 'min-ready-negative', 'minReadySeconds is not negative', ['StatefulSet/consul-server', 'Deployment/consul-sync-catalog', 'DaemonSet/consul-client'], (o) => (o.spec.minReadySeconds = -1), (o) => (o.spec.minReadySeconds = 0)],
  ['ranges', 'service-port-0', 'a Service port is 1-65535', DNS_SERVICE, (o) => (o.spec.ports[0].port = 0), (o) => (o.spec.ports[0].port = 1)],
  ['ranges', 'service-port-65536', 'a Service port is 1-65535', DNS_SERVICE, (o) => (o.spec.ports[0].port = 65536), (o) => (o.spec.ports[0].port = 65535)],
  ['ranges', 'target-port-65536', 'a Service targetPort number is 1-65535', DNS_SERVICE, (o) => (o.spec.ports[0].targetPort = 65536), (o) => (o.spec.ports[0].targetPort = 65535)],
  ['ranges', 'host-port-65536', 'a hostPort is 1-65535', ['DaemonSet/consul-client'], (o) => (container(o).ports.find((p) => p.hostPort).hostPort = 65536), (o) => (container(o).ports.find((p) => p.hostPort).hostPort = 65535)],
  ['ranges', 'storage-zero', 'a claim template requests more than 0 storage', STS, (o) => (o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '0'), (o) => (o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1')],
  ['ranges', 'storage-negative', 'storage is not negative', STS, (o) => (o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '-1Gi'), (o) => (o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1Gi')],
  ['ranges', 'pdb-percent-150', 'a PDB percentage is at most 100%', PDB, (o) => (o.spec.maxUnavailable = '150%'), (o) => (o.spec.maxUnavailable = '100%')],
  ['ranges', 'pdb-min-available-negative', 'minAvailable is not negative', PDB, (o) => { delete o.spec.maxUnavailable; o.spec.minAvailable = -1; }, (o) => { delete o.spec.maxUnavailable; o.spec.minAvailable = 0; }],
  ['ranges', 'rolling-max-unavailable-150', 'a rolling update percentage is at most 100%', DEPLOYMENT, (o) => (o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%' } }), (o) => (o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%' } })],
  ['ranges', 'topology-max-skew-zero', 'maxSkew is positive', STS, (o) => (podSpec(o).topologySpreadConstraints[0].maxSkew = 0), (o) => (podSpec(o).topologySpreadConstraints[0].maxSkew = 2)],
  ['ranges', 'partition-negative', 'rollingUpdate.partition is not negative', STS, (o) => (o.spec.updateStrategy.rollingUpdate.partition = -1), (o) => (o.spec.updateStrategy.rollingUpdate.partition = 1)],
  // cross-field
  ['cross-field', 'pdb-both-bounds', 'a PDB sets minAvailable or maxUnavailable, not both', PDB, (o) => (o.spec.minAvailable = 3), (o) => { delete o.spec.maxUnavailable; o.spec.minAvailable = 3; }],
  ['cross-field', 'recreate-with-rolling-update', 'a Recreate strategy has no rollingUpdate', DEPLOYMENT, (o) => (o.spec.strategy = { type: 'Recreate', rollingUpdate: { maxUnavailable: 1 } }), (o) => (o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } })],
  ['cross-field', 'rolling-update-both-zero', 'maxSurge and maxUnavailable are not both 0', DEPLOYMENT, (o) => (o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } }), (o) => (o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } })],
  ['cross-field', 'progress-deadline-under-min-ready', 'progressDeadlineSeconds exceeds minReadySeconds', DEPLOYMENT, (o) => Object.assign(o.spec, { minReadySeconds: 700, progressDeadlineSeconds: 600 }), (o) => Object.assign(o.spec, { minReadySeconds: 500, progressDeadlineSeconds: 600 })],
  ['cross-field', 'external-traffic-local-cluster-ip', 'externalTrafficPolicy: Local needs a NodePort or LoadBalancer Service', DNS_SERVICE, (o) => Object.assign(o.spec, { type: 'ClusterIP', externalTrafficPolicy: 'Local' }), (o) => Object.assign(o.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Local' })],
  ['cross-field', 'claim-template-without-storage', 'a claim template requests storage', STS, (o) => delete o.spec.volumeClaimTemplates[0].spec.resources, (o) => (o.spec.volumeClaimTemplates[0].spec.resources = { requests: { storage: '1Gi' } })],
  ['cross-field', 'selector-mismatch', 'the selector matches the template labels', ['StatefulSet/consul-server', 'Deployment/consul-sync-catalog', 'DaemonSet/consul-client', 'PodDisruptionBudget/consul-server'], (o) => (o.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'other'), (o) => (o.spec.selector = { matchLabels: { ...o.spec.selector.matchLabels }, matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['consul'] }] })],
  ['cross-field', 'selector-operator-values', 'a selector Exists expression has no values', ['StatefulSet/consul-server', 'PodDisruptionBudget/consul-server'], (o) => (o.spec.selector.matchExpressions = [{ key: 'app.kubernetes.io/name', operator: 'Exists', values: ['consul'] }]), (o) => (o.spec.selector.matchExpressions = [{ key: 'app.kubernetes.io/name', operator: 'Exists' }])],
  ['cross-field', 'host-port-host-network', 'with hostNetwork a hostPort equals its containerPort', ['DaemonSet/consul-client'], (o) => { podSpec(o).hostNetwork = true; container(o).ports = [{ containerPort: 8500, hostPort: 18500, name: 'http', protocol: 'TCP' }]; }, (o) => { podSpec(o).hostNetwork = true; container(o).ports = [{ containerPort: 8500, hostPort: 8500, name: 'http', protocol: 'TCP' }]; }],
  ['cross-field', 'headless-load-balancer', 'a LoadBalancer Service is not headless', ['Service/consul-server'], (o) => (o.spec.type = 'LoadBalancer'), (o) => (o.spec.publishNotReadyAddresses = false)],
  ['cross-field', 'secret-data-and-string-data-types', 'Secret data values are base64', SECRET, (o) => (o.data = { token: 'not base64!' }), (o) => (o.data = { token: 'bm90IGJhc2U2NCE=' })],
  // list-map keys
  ['list-map', 'duplicate-service-port', 'Service ports are a list map keyed by port and protocol', DNS_SERVICE, (o) => o.spec.ports.push({ name: 'dns-tcp-2', port: 53, protocol: 'TCP', targetPort: 8600 }), (o) => o.spec.ports.push({ name: 'dns-tcp-2', port: 54, protocol: 'TCP', targetPort: 8600 })],
  ['list-map', 'duplicate-service-port-name', 'Service port names are unique', DNS_SERVICE, (o) => o.spec.ports.push({ name: 'dns-tcp', port: 5353, protocol: 'TCP', targetPort: 8600 }), (o) => o.spec.ports.push({ name: 'mdns-tcp', port: 5353, protocol: 'TCP', targetPort: 8600 })],
  ['list-map', 'duplicate-toleration-is-fine', 'tolerations are an atomic list: duplicates are accepted', WORKLOADS.slice(0, 1), (o) => (podSpec(o).tolerations = [{ operator: 'Exists', effect: 'NoExecute' }, { operator: 'Exists', effect: 'NoExecute' }]), (o) => (podSpec(o).tolerations = [{ operator: 'Exists', effect: 'NoExecute' }])],
  // sizes
  ['sizes', 'annotations-over-256k', 'annotations total at most 256 KiB', ['ConfigMap/consul-server-config', 'StatefulSet/consul-server'], (o) => (o.metadata.annotations = { ...o.metadata.annotations, 'example.com/blob': bytes(256 * KIB + 1) }), (o) => (o.metadata.annotations = { ...o.metadata.annotations, 'example.com/blob': bytes(250 * KIB) })],
  ['sizes', 'configmap-over-1mib', 'ConfigMap data total at most 1 MiB', CONFIG_MAP, (o) => (o.data['blob.txt'] = bytes(1024 * KIB + 1)), (o) => (o.data['blob.txt'] = bytes(1000 * KIB))],
  ['sizes', 'secret-over-1mib', 'Secret data total at most 1 MiB', SECRET, (o) => (o.stringData = { blob: bytes(1024 * KIB + 1) }), (o) => (o.stringData = { blob: bytes(1000 * KIB) })],
  // YAML 1.1
  ['yaml-1.1', 'configmap-value-on', 'a YAML 1.1 parser reads an unquoted on as a boolean where a string is required', CONFIG_MAP, (o) => (o.data.enabled = 'on'), (o) => (o.data.enabled = rawValue('"on"'))],
  ['yaml-1.1', 'configmap-value-y', 'a YAML 1.1 parser reads an unquoted y as a boolean', CONFIG_MAP, (o) => (o.data.answer = 'y'), (o) => (o.data.answer = rawValue("'y'"))],
  ['yaml-1.1', 'label-value-yes', 'a YAML 1.1 parser reads an unquoted yes as a boolean where a label value (string) is required', LABELLED, (o) => (o.metadata.labels.canary = 'yes'), (o) => (o.metadata.labels.canary = rawValue('"yes"'))],
  ['yaml-1.1', 'annotation-value-off', 'a YAML 1.1 parser reads an unquoted off as a boolean', LABELLED, (o) => (o.metadata.annotations = { ...o.metadata.annotations, 'example.com/feature': 'off' }), (o) => (o.metadata.annotations = { ...o.metadata.annotations, 'example.com/feature': rawValue('"off"') })],
  ['yaml-1.1', 'service-port-name-no', 'a YAML 1.1 parser reads an unquoted no as a boolean', DNS_SERVICE, (o) => (o.spec.ports[0].name = 'no'), (o) => (o.spec.ports[0].name = rawValue('"no"'))],
  // int64
  ['int64', 'ttl-2-63', 'an int32 field given 2^63', JOB, (o) => (o.spec.ttlSecondsAfterFinished = rawValue('9223372036854775808')), (o) => (o.spec.ttlSecondsAfterFinished = 100)],
];

const seed = (apiVersion, kind, name, spec, extra = {}) => ({
  apiVersion,
  kind,
  metadata: {
    name,
    labels: { 'app.kubernetes.io/name': 'consul', environment: 'prod' },
    ...(extra.namespaced === false ? {} : { namespace: 'consul-prod' }),
  },
  ...spec,
});

/**
 * Objects of kinds the prod render does not have, as it would write them; the mutations below start from
 * these. The Widget CRD is the committed file (`crdText`), which the server installs and the engines read.
 */
export function seedObjects(crdText) {
  const widgetsCrd = parse(crdText);
  return {
    'StorageClass/premium-ssd': seed(
      'storage.k8s.io/v1',
      'StorageClass',
      'premium-ssd',
      { provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Retain' },
      { namespaced: false },
    ),
    'Ingress/consul-ui': seed('networking.k8s.io/v1', 'Ingress', 'consul-ui', {
      spec: {
        rules: [
          {
            host: 'consul.example.com',
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'consul-ui', port: { number: 443 } } } }] },
          },
        ],
      },
    }),
    'PersistentVolumeClaim/consul-backup': seed('v1', 'PersistentVolumeClaim', 'consul-backup', {
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'premium-ssd' },
    }),
    'CustomResourceDefinition/widgets.parity.example.com': widgetsCrd,
    'Widget/sample': seed('parity.example.com/v1', 'Widget', 'sample', { spec: { replicas: 1, maxReplicas: 3 } }),
    'ValidatingAdmissionPolicy/consul-replicas': seed(
      'admissionregistration.k8s.io/v1',
      'ValidatingAdmissionPolicy',
      'consul-replicas',
      {
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: {
            resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['statefulsets'] }],
          },
          validations: [{ expression: 'object.spec.replicas % 2 == 1', message: 'Consul servers come in odd numbers' }],
        },
      },
      { namespaced: false },
    ),
    'CronJob/consul-snapshot': seed('batch/v1', 'CronJob', 'consul-snapshot', {
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'OnFailure',
                containers: [
                  { name: 'snapshot', image: 'hashicorp/consul:1.22.7', command: ['consul', 'snapshot', 'save', '/tmp/s.snap'] },
                ],
              },
            },
          },
        },
      },
    }),
  };
}

// prettier-ignore
const SEED_MUTATIONS = [
  ['enums', 'volume-binding-mode', 'volumeBindingMode is Immediate or WaitForFirstConsumer', ['StorageClass/premium-ssd'], (o) => (o.volumeBindingMode = 'Lazy'), (o) => (o.volumeBindingMode = 'Immediate')],
  ['enums', 'reclaim-policy', 'a StorageClass reclaimPolicy is Delete or Retain', ['StorageClass/premium-ssd'], (o) => (o.reclaimPolicy = 'Recycle'), (o) => (o.reclaimPolicy = 'Delete')],
  ['enums', 'ingress-path-type', 'an Ingress pathType is Exact, Prefix or ImplementationSpecific', ['Ingress/consul-ui'], (o) => (o.spec.rules[0].http.paths[0].pathType = 'Regex'), (o) => (o.spec.rules[0].http.paths[0].pathType = 'ImplementationSpecific')],
  ['enums', 'pvc-access-mode', 'an access mode is one of the four', ['PersistentVolumeClaim/consul-backup'], (o) => (o.spec.accessModes = ['ReadOnce']), (o) => (o.spec.accessModes = ['ReadWriteMany'])],
  ['enums', 'pvc-volume-mode', 'volumeMode is Filesystem or Block', ['PersistentVolumeClaim/consul-backup'], (o) => (o.spec.volumeMode = 'Raw'), (o) => (o.spec.volumeMode = 'Block')],
  ['enums', 'cronjob-concurrency-policy', 'concurrencyPolicy is Allow, Forbid or Replace', ['CronJob/consul-snapshot'], (o) => (o.spec.concurrencyPolicy = 'Queue'), (o) => (o.spec.concurrencyPolicy = 'Forbid')],
  ['enums', 'cronjob-restart-always', 'a CronJob pod restartPolicy is OnFailure or Never', ['CronJob/consul-snapshot'], (o) => (podSpec(o).restartPolicy = 'Always'), (o) => (podSpec(o).restartPolicy = 'Never')],
  ['enums', 'vap-failure-policy', 'failurePolicy is Ignore or Fail', ['ValidatingAdmissionPolicy/consul-replicas'], (o) => (o.spec.failurePolicy = 'Retry'), (o) => (o.spec.failurePolicy = 'Ignore')],
  ['ranges', 'pvc-storage-zero', 'a claim requests more than 0 storage', ['PersistentVolumeClaim/consul-backup'], (o) => (o.spec.resources.requests.storage = '0'), (o) => (o.spec.resources.requests.storage = '1Mi')],
  ['ranges', 'cronjob-schedule', 'a CronJob schedule is a cron expression', ['CronJob/consul-snapshot'], (o) => (o.spec.schedule = 'every night'), (o) => (o.spec.schedule = '@daily')],
  ['ranges', 'cronjob-history-negative', 'successfulJobsHistoryLimit is not negative', ['CronJob/consul-snapshot'], (o) => (o.spec.successfulJobsHistoryLimit = -1), (o) => (o.spec.successfulJobsHistoryLimit = 0)],
  ['ranges', 'ingress-backend-port-0', 'an Ingress backend port number is 1-65535', ['Ingress/consul-ui'], (o) => (o.spec.rules[0].http.paths[0].backend.service.port.number = 0), (o) => (o.spec.rules[0].http.paths[0].backend.service.port.number = 8501)],
  ['names', 'ingress-host-uppercase', 'an Ingress host is a lower-case DNS name', ['Ingress/consul-ui'], (o) => (o.spec.rules[0].host = 'Consul.Example.com'), (o) => (o.spec.rules[0].host = '*.example.com')],
  ['cross-field', 'ingress-path-relative', 'an Ingress Prefix path is absolute', ['Ingress/consul-ui'], (o) => (o.spec.rules[0].http.paths[0].path = 'ui'), (o) => (o.spec.rules[0].http.paths[0].path = '/ui')],
  ['cross-field', 'pvc-limit-under-request', 'a claim storage limit is not under its request', ['PersistentVolumeClaim/consul-backup'], (o) => (o.spec.resources.limits = { storage: '1Gi' }), (o) => (o.spec.resources.limits = { storage: '10Gi' })],
  ['crd-cel', 'crd-name-not-plural-group', 'a CRD is named <plural>.<group>', ['CustomResourceDefinition/widgets.parity.example.com'], (o) => (ownGroup(o, 'crd-name-not-plural-group'), (o.metadata.name = `widget.${o.spec.group}`)), (o) => ownGroup(o, 'crd-name-not-plural-group')],
  ['crd-cel', 'crd-rule-does-not-compile', 'an x-kubernetes-validations rule compiles', ['CustomResourceDefinition/widgets.parity.example.com'], (o) => (ownGroup(o, 'crd-rule-does-not-compile'), o.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'][0].rule = 'self.replicas <='), (o) => (ownGroup(o, 'crd-rule-does-not-compile'), o.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'][0].rule = 'self.replicas >= 0')],
  ['crd-cel', 'crd-rule-unknown-field', 'an x-kubernetes-validations rule names fields of its schema', ['CustomResourceDefinition/widgets.parity.example.com'], (o) => (ownGroup(o, 'crd-rule-unknown-field'), o.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'][0].rule = 'self.minReplicas <= self.maxReplicas'), (o) => (ownGroup(o, 'crd-rule-unknown-field'), o.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'][0].rule = 'self.maxReplicas >= 1')],
  ['crd-cel', 'crd-no-storage-version', 'a CRD has exactly one storage version', ['CustomResourceDefinition/widgets.parity.example.com'], (o) => (ownGroup(o, 'crd-no-storage-version'), o.spec.versions[0].storage = false), (o) => (ownGroup(o, 'crd-no-storage-version'), o.spec.versions[0].served = true)],
  ['crd-cel', 'crd-not-structural', 'a CRD schema is structural (every field has a type)', ['CustomResourceDefinition/widgets.parity.example.com'], (o) => (ownGroup(o, 'crd-not-structural'), delete o.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.replicas.type), (o) => (ownGroup(o, 'crd-not-structural'), o.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.replicas.minimum = 0)],
  ['crd-cel', 'cel-rule-violated', 'a custom object satisfies its CRD x-kubernetes-validations', ['Widget/sample'], (o) => (o.spec.replicas = 5), (o) => (o.spec.replicas = 3)],
  ['crd-cel', 'cr-unknown-field', 'a custom object has only its schema fields (strict)', ['Widget/sample'], (o) => (o.spec.minReplicas = 1), (o) => (o.spec.maxReplicas = 4)],
  ['crd-cel', 'vap-does-not-compile', 'a ValidatingAdmissionPolicy expression compiles', ['ValidatingAdmissionPolicy/consul-replicas'], (o) => (o.spec.validations[0].expression = 'object.spec.replicas %% 2 == 1'), (o) => (o.spec.validations[0].expression = 'object.spec.replicas >= 1')],
  ['crd-cel', 'vap-not-boolean', 'a ValidatingAdmissionPolicy validation is a boolean expression', ['ValidatingAdmissionPolicy/consul-replicas'], (o) => (o.spec.validations[0].expression = 'object.spec.replicas'), (o) => (o.spec.validations[0].expression = 'has(object.spec.replicas)')],
  ['int64', 'cronjob-deadline-2-63', 'an int64 of 2^63 overflows', ['CronJob/consul-snapshot'], (o) => (o.spec.startingDeadlineSeconds = rawValue('9223372036854775808')), (o) => (o.spec.startingDeadlineSeconds = rawValue('9223372036854775807'))],
];

/** Every mutation, one record each: class, name, what, targets, bad, good. */
export const MUTATIONS = [...POD_MUTATIONS, ...KIND_MUTATIONS, ...SEED_MUTATIONS].map(([kind, name, what, targets, bad, good]) => ({
  class: kind,
  name,
  what,
  targets,
  bad,
  good,
}));

/** The classes of issue 20's list; the corpus test requires each to have mutations. */
export const MUTATION_CLASSES = ['names', 'enums', 'ranges', 'cross-field', 'list-map', 'crd-cel', 'sizes', 'yaml-1.1', 'int64'];
