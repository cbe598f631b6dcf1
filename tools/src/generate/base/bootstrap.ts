/**
 * The bootstrap, in Git, as Argo CD hooks: consul-k8s-control-plane's own subcommands, as the
 * chart runs them (gossip-encryption-autogenerate and tls-init before install, server-acl-init once
 * the servers run). Each Job comes with its own ServiceAccount and a Role on exactly the Secrets it
 * reads and writes; all of them are hooks, deleted when the sync succeeds. Every Job is idempotent:
 * an existing gossip key, CA or bootstrap token is kept (the control-plane source says so, see
 * docs/guide.md, "First sync").
 */
import { HOOK_ANNOTATION, HOOK_DELETE_POLICY, HOOK_DELETE_POLICY_ANNOTATION, SYNC_WAVE_ANNOTATION, WAVE, type SyncPhase } from '../../model/argocd-sync.js';
import { COMPONENT, CONSUL_DOMAIN, RESOURCE_PREFIX, SECRET } from '../../model/consul.js';
import type { DatacenterSettings } from './settings.js';
import { containerSecurityContext, fieldEnv, podSecurityContext, TMP_MOUNT, TMP_VOLUME } from './agent.js';
import { caCertMount, caCertVolume, LOG_FLAGS, serverConnectionEnv } from './control-plane.js';
import { metadata, selectorLabels, type Component } from './labels.js';
import { serviceAccount } from './rbac.js';

export interface Hook {
  phase: SyncPhase;
  wave: number;
}

const PRE_SYNC: Hook = { phase: 'PreSync', wave: 0 };
const ACL_BOOTSTRAP: Hook = { phase: 'Sync', wave: WAVE.aclBootstrap };

function hookAnnotations(hook: Hook): Record<string, string> {
  return {
    [HOOK_ANNOTATION]: hook.phase,
    [HOOK_DELETE_POLICY_ANNOTATION]: HOOK_DELETE_POLICY,
    ...(hook.wave !== 0 ? { [SYNC_WAVE_ANNOTATION]: String(hook.wave) } : {}),
  };
}

export function hooked(object: Record<string, unknown>, hook: Hook): Record<string, unknown> {
  const meta = object.metadata as Record<string, unknown>;
  return { ...object, metadata: { ...meta, annotations: { ...(meta.annotations as Record<string, string> | undefined), ...hookAnnotations(hook) } } };
}

/** A Role rule on Secrets: `create` cannot be limited to names (the name is unknown when it is authorized). */
interface SecretAccess {
  create: boolean;
  get: readonly string[];
  update?: readonly string[];
}

function secretRules(access: SecretAccess): Record<string, unknown>[] {
  return [
    ...(access.create ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }] : []),
    { apiGroups: [''], resourceNames: [...access.get], resources: ['secrets'], verbs: ['get'] },
    ...(access.update?.length ? [{ apiGroups: [''], resourceNames: [...access.update], resources: ['secrets'], verbs: ['update'] }] : []),
  ];
}

interface JobSpec {
  name: string;
  component: Component;
  hook: Hook;
  container: string;
  args: string[];
  env: Record<string, unknown>[];
  rules: Record<string, unknown>[];
  tls: boolean;
  workingDir?: string;
}

function hookJob(spec: JobSpec, settings: DatacenterSettings): Record<string, unknown>[] {
  const rbac = 'rbac.authorization.k8s.io';
  return [
    serviceAccount(spec.name, spec.component, true),
    { apiVersion: `${rbac}/v1`, kind: 'Role', metadata: metadata(spec.name, spec.component), rules: spec.rules },
    {
      apiVersion: `${rbac}/v1`,
      kind: 'RoleBinding',
      metadata: metadata(spec.name, spec.component),
      roleRef: { apiGroup: rbac, kind: 'Role', name: spec.name },
      subjects: [{ kind: 'ServiceAccount', name: spec.name }],
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metadata(spec.name, spec.component),
      spec: {
        backoffLimit: 6,
        template: {
          metadata: { labels: selectorLabels(spec.component) },
          spec: {
            automountServiceAccountToken: true,
            containers: [
              {
                args: spec.args,
                command: ['consul-k8s-control-plane'],
                env: spec.env,
                image: settings.images.controlPlane,
                imagePullPolicy: 'IfNotPresent',
                name: spec.container,
                resources: { limits: { cpu: '50m', memory: '50Mi' }, requests: { cpu: '50m', memory: '50Mi' } },
                securityContext: containerSecurityContext(),
                volumeMounts: [...(spec.tls ? [caCertMount()] : []), { ...TMP_MOUNT }],
                ...(spec.workingDir ? { workingDir: spec.workingDir } : {}),
              },
            ],
            restartPolicy: 'Never',
            securityContext: podSecurityContext(),
            serviceAccountName: spec.name,
            volumes: [...(spec.tls ? [caCertVolume()] : []), { ...TMP_VOLUME }],
          },
        },
      },
    },
  ].map((object) => hooked(object, spec.hook));
}

/** Creates the gossip key Secret when it does not exist; exits 0 when it does. */
export function gossipJob(settings: DatacenterSettings): Record<string, unknown>[] {
  return hookJob(
    {
      name: COMPONENT.gossipJob,
      component: 'gossip-encryption-autogenerate',
      hook: PRE_SYNC,
      container: 'gossip-encryption-autogen',
      args: ['gossip-encryption-autogenerate', '-namespace=$(NAMESPACE)', `-secret-name=${SECRET.gossipKey.name}`, `-secret-key=${SECRET.gossipKey.key}`, ...LOG_FLAGS],
      env: [fieldEnv('NAMESPACE', 'metadata.namespace')],
      rules: secretRules({ create: true, get: [SECRET.gossipKey.name] }),
      tls: false,
    },
    settings,
  );
}

/** The server certificate's DNS names (the chart's tls-init-job.yaml); tls-init adds server.<dc>.<domain>, localhost and 127.0.0.1. */
function serverCertDnsNames(datacenter: string): string[] {
  const server = COMPONENT.server;
  return [
    server,
    `*.${server}`,
    `*.${server}.$(NAMESPACE)`,
    `${server}.$(NAMESPACE)`,
    `*.${server}.$(NAMESPACE).svc`,
    `${server}.$(NAMESPACE).svc`,
    `*.server.${datacenter}.${CONSUL_DOMAIN}`,
  ];
}

/**
 * Creates the CA (consul-ca-cert, consul-ca-key) when absent and keeps it otherwise; issues the
 * server certificate (consul-server-cert) from it on every run.
 */
export function tlsInitJob(settings: DatacenterSettings): Record<string, unknown>[] {
  return hookJob(
    {
      name: COMPONENT.tlsInitJob,
      component: 'tls-init',
      hook: PRE_SYNC,
      container: 'tls-init',
      args: [
        'tls-init',
        ...LOG_FLAGS,
        `-domain=${CONSUL_DOMAIN}`,
        '-days=730',
        `-name-prefix=${RESOURCE_PREFIX}`,
        '-k8s-namespace=$(NAMESPACE)',
        ...serverCertDnsNames(settings.datacenter).map((name) => `-additional-dnsname=${name}`),
        `-dc=${settings.datacenter}`,
      ],
      env: [fieldEnv('NAMESPACE', 'metadata.namespace')],
      rules: secretRules({ create: true, get: [SECRET.caCert.name, SECRET.caKey.name, SECRET.serverCert.name], update: [SECRET.serverCert.name] }),
      tls: false,
      workingDir: '/tmp',
    },
    settings,
  );
}

/**
 * Bootstraps ACLs once the servers have a leader and keeps the bootstrap token in
 * consul-bootstrap-acl-token (an existing one is reused); sets the servers' agent tokens; creates the
 * Kubernetes auth method for clients and catalog sync, and lets the anonymous token read DNS.
 */
export function serverAclInitJob(settings: DatacenterSettings): Record<string, unknown>[] {
  return hookJob(
    {
      name: COMPONENT.aclInitJob,
      component: 'server-acl-init',
      hook: ACL_BOOTSTRAP,
      container: 'server-acl-init-job',
      args: [
        'server-acl-init',
        ...LOG_FLAGS,
        `-resource-prefix=${RESOURCE_PREFIX}`,
        '-k8s-namespace=$(NAMESPACE)',
        '-set-server-tokens=true',
        '-secrets-backend=kubernetes',
        '-client=true',
        '-sync-catalog=true',
        '-allow-dns=true',
      ],
      env: serverConnectionEnv({ datacenter: settings.datacenter, security: settings.security }),
      rules: [
        ...secretRules({ create: true, get: [SECRET.bootstrapToken.name, SECRET.authMethodToken.name] }),
        { apiGroups: [''], resourceNames: [COMPONENT.authMethod], resources: ['serviceaccounts'], verbs: ['get'] },
      ],
      tls: settings.security.tls,
    },
    settings,
  );
}
