/**
 * Autopilot settings applied by Git. `autopilot.min_quorum` in the server config takes effect only
 * when the datacenter first bootstraps; on a running datacenter it changes only through the
 * operator API. So a PostSync hook Job runs `consul operator autopilot set-config` after every sync
 * (set-config reads the running config, merges the flags given and check-and-sets it: idempotent),
 * with the values generated from the spec by the same quorum model as the ConfigMap.
 *
 * With ACLs the hook holds no long-lived token: its own ServiceAccount (no Kubernetes RBAC) logs in
 * through the component auth method that server-acl-init creates, and a Sync hook before it (wave
 * 2, after server-acl-init) gives that ServiceAccount, and only it, a role with `operator = "write"`.
 * That Job reads the bootstrap token by secretKeyRef (the kubelet reads it; its ServiceAccount has no
 * RBAC either), never on a command line. Policy, role and binding rule are created when absent and the
 * policy's rules updated otherwise, the way server-acl-init does for its components
 * (create_or_update.go at control-plane v1.9.11).
 */
import { WAVE } from '../../model/argocd-sync.js';
import { AUTOPILOT_SET_CONFIG } from '../../model/autopilot-hook.js';
import { COMPONENT, COMPONENT_AUTH_METHOD, PATHS, PORTS, SECRET } from '../../model/consul.js';
import { quorumSize } from '../../model/quorum-math.js';
import { containerSecurityContext, fieldEnv, podSecurityContext, secretEnv, TMP_MOUNT, TMP_VOLUME, valueEnv } from './agent.js';
import { hooked, type Hook } from './bootstrap.js';
import { CA_FILE, caCertMount, caCertVolume } from './control-plane.js';
import { metadata, selectorLabels } from './labels.js';
import { serviceAccount } from './rbac.js';
import type { DatacenterSettings } from './settings.js';

const ACL_SETUP: Hook = { phase: 'Sync', wave: WAVE.aclClients };
const POST_SYNC: Hook = { phase: 'PostSync', wave: 0 };

/** The Consul ACL objects the setup Job keeps: named after the ServiceAccount, as server-acl-init names its components'. */
const POLICY = `${COMPONENT.autopilotConfig}-policy`;
const ROLE = `${COMPONENT.autopilotConfig}-acl-role`;
const LOGIN_TOKEN = `${PATHS.login}/acl-token`;

/**
 * A failed step is retried every 5 s, 24 times (2 minutes), inside one pod; the Job retries the pod
 * (backoffLimit) within its deadline. On a first sync the servers have a leader before PostSync
 * starts (Argo CD waits for the Sync phase to be healthy), so retries cover only a leader election.
 */
const RETRY = 'attempt() { tries=0; until "$@"; do tries=$((tries + 1)); [ "$tries" -ge 24 ] && return 1; sleep 5; done; }';

/** The server API, over HTTPS with the CA when TLS is on (the scheme its port serves); NAMESPACE is defined first. */
function serverApiEnv(settings: DatacenterSettings): Record<string, unknown>[] {
  const tls = settings.security.tls;
  const port = tls ? PORTS.https.port : PORTS.http.port;
  return [
    fieldEnv('NAMESPACE', 'metadata.namespace'),
    valueEnv('CONSUL_HTTP_ADDR', `${tls ? 'https' : 'http'}://${COMPONENT.server}.$(NAMESPACE).svc:${port}`),
    ...(tls ? [valueEnv('CONSUL_CACERT', CA_FILE)] : []),
  ];
}

/** The flags the hook applies: min_quorum = the Raft quorum of the spec's server count, dead servers cleaned up. */
function autopilotFlags(servers: number): string[] {
  return [`-min-quorum=${quorumSize(servers)}`, '-cleanup-dead-servers=true'];
}

function applyScript(settings: DatacenterSettings): string {
  const apply = `attempt consul ${AUTOPILOT_SET_CONFIG} ${autopilotFlags(settings.servers).join(' ')}`;
  if (!settings.security.acls) return ['set -u', RETRY, apply].join('\n');
  return [
    'set -u',
    RETRY,
    // login ignores CONSUL_HTTP_TOKEN_FILE (command/login/login.go clears the token before it logs in).
    `attempt consul login -method=${COMPONENT_AUTH_METHOD} -bearer-token-file=${PATHS.serviceAccount}/token -token-sink-file=${LOGIN_TOKEN} || exit 1`,
    `${apply}; status=$?`,
    'consul logout || true',
    'exit $status',
  ].join('\n');
}

function setupScript(): string {
  return [
    'set -u',
    RETRY,
    `policy() { if consul acl policy read -name=${POLICY} >/dev/null 2>&1; then consul acl policy update -name=${POLICY} -rules="$RULES" >/dev/null; else consul acl policy create -name=${POLICY} -description="autopilot set-config after sync" -rules="$RULES" >/dev/null; fi; }`,
    `role() { consul acl role read -name=${ROLE} >/dev/null 2>&1 || consul acl role create -name=${ROLE} -description="ACL Role for ${COMPONENT.autopilotConfig}" -policy-name=${POLICY} >/dev/null; }`,
    `binding() { consul acl binding-rule list -method=${COMPONENT_AUTH_METHOD} -format=json > /tmp/rules.json && { grep -q '"BindName": *"${ROLE}"' /tmp/rules.json || consul acl binding-rule create -method=${COMPONENT_AUTH_METHOD} -bind-type=role -bind-name=${ROLE} -selector="$SELECTOR" -description="Binding Rule for ${COMPONENT.autopilotConfig}" >/dev/null; }; }`,
    'attempt policy && attempt role && attempt binding',
  ].join('\n');
}

interface JobParts {
  name: string;
  serviceAccount: string;
  hook: Hook;
  script: string;
  env: Record<string, unknown>[];
  /** Mount the pod's service-account token (the login's bearer token). */
  token: boolean;
  login: boolean;
}

function consulCliJob(parts: JobParts, settings: DatacenterSettings): Record<string, unknown> {
  const tls = settings.security.tls;
  const loginVolume = { emptyDir: { medium: 'Memory' }, name: 'consul-login' };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(parts.name, 'autopilot-config'),
    spec: {
      activeDeadlineSeconds: 900,
      backoffLimit: 4,
      template: {
        metadata: { labels: selectorLabels('autopilot-config') },
        spec: {
          automountServiceAccountToken: parts.token,
          containers: [
            {
              command: ['/bin/sh', '-c', parts.script],
              env: parts.env,
              image: settings.images.consul,
              imagePullPolicy: 'IfNotPresent',
              name: parts.name.replace(/^consul-/, ''),
              resources: { limits: { cpu: '50m', memory: '50Mi' }, requests: { cpu: '50m', memory: '50Mi' } },
              securityContext: containerSecurityContext(),
              volumeMounts: [
                ...(tls ? [caCertMount()] : []),
                ...(parts.login ? [{ mountPath: PATHS.login, name: 'consul-login' }] : []),
                { ...TMP_MOUNT },
              ],
            },
          ],
          restartPolicy: 'Never',
          securityContext: podSecurityContext(),
          serviceAccountName: parts.serviceAccount,
          volumes: [...(tls ? [caCertVolume()] : []), ...(parts.login ? [loginVolume] : []), { ...TMP_VOLUME }],
        },
      },
    },
  };
}

/**
 * The PostSync hook that applies the autopilot settings, its ServiceAccount, and (with ACLs) the Sync
 * hook that lets that ServiceAccount log in with operator:write.
 */
export function autopilotObjects(settings: DatacenterSettings): Record<string, unknown>[] {
  const acls = settings.security.acls;
  const apply = consulCliJob(
    {
      name: COMPONENT.autopilotConfig,
      serviceAccount: COMPONENT.autopilotConfig,
      hook: POST_SYNC,
      script: applyScript(settings),
      env: [...serverApiEnv(settings), ...(acls ? [valueEnv('CONSUL_HTTP_TOKEN_FILE', LOGIN_TOKEN)] : [])],
      token: acls,
      login: acls,
    },
    settings,
  );
  const objects = [
    hooked(serviceAccount(COMPONENT.autopilotConfig, 'autopilot-config'), POST_SYNC),
    hooked(apply, POST_SYNC),
  ];
  if (!acls) return objects;
  const setup = consulCliJob(
    {
      name: COMPONENT.autopilotAclJob,
      serviceAccount: COMPONENT.autopilotAclJob,
      hook: ACL_SETUP,
      script: setupScript(),
      env: [
        ...serverApiEnv(settings),
        secretEnv('CONSUL_HTTP_TOKEN', SECRET.bootstrapToken),
        valueEnv('RULES', 'operator = "write"'),
        valueEnv('SELECTOR', `serviceaccount.namespace=="$(NAMESPACE)" and serviceaccount.name=="${COMPONENT.autopilotConfig}"`),
      ],
      token: false,
      login: false,
    },
    settings,
  );
  return [hooked(serviceAccount(COMPONENT.autopilotAclJob, 'autopilot-config'), ACL_SETUP), hooked(setup, ACL_SETUP), ...objects];
}
