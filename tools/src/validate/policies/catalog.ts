/** Every rule over the rendered objects, in report order. The rules reference (docs/rules.md) and SARIF rule metadata come from the catalog. */
import { consulConfig } from '../rules/consul-config.js';
import { controlPlaneContract } from '../rules/control-plane-contract.js';
import { controlPlaneRbac } from '../rules/control-plane-rbac.js';
import { controlPlaneApiSecret } from '../rules/control-plane-api-secret.js';
import { caSecretProjection } from '../rules/ca-secret-projection.js';
import { clientProbeCa } from '../rules/client-probe-ca.js';
import { dnsAclPolicy } from '../rules/dns-acl-policy.js';
import { syncOrder } from '../rules/sync-order.js';
import { unresolvedReference } from '../rules/unresolved-reference.js';
import { argocdDestructiveSync } from '../rules/argocd-destructive-sync.js';
import { argocdTrackingLabelClaims } from '../rules/argocd-tracking-label-claims.js';
import { pvcRetention } from '../rules/pvc-retention.js';
import { volumeClaimTemplateType } from '../rules/volume-claim-template-type.js';
import { clientHostPort } from '../rules/client-host-port.js';
import { hostPortRequiresTlsAcl } from '../rules/hostport-requires-tls-acl.js';
import { consulAcl } from '../rules/consul-acl.js';
import { consulDatacenter } from '../rules/consul-datacenter.js';
import { consulGossip } from '../rules/consul-gossip.js';
import { consulRetryJoin } from '../rules/consul-retry-join.js';
import { deprecatedApi } from '../rules/deprecated-api.js';
import { environmentLabel } from '../rules/environment-label.js';
import { environmentCompleteness } from '../rules/environment-completeness.js';
import { envReferenceOrder } from '../rules/env-reference-order.js';
import { noPrivileged } from '../rules/no-privileged.js';
import { podNonRoot } from '../rules/pod-non-root.js';
import { rbacNoWildcard } from '../rules/rbac-no-wildcard.js';
import { serviceAccountToken } from '../rules/service-account-token.js';
import { consulClientPorts } from '../rules/consul-client-ports.js';
import { serviceTargetPort } from '../rules/service-target-port.js';
import { pdbMaxUnavailable } from '../rules/pdb-max-unavailable.js';
import { quorumBootstrapExpect } from '../rules/quorum-bootstrap-expect.js';
import { quorumEvenServers } from '../rules/quorum-even-servers.js';
import { quorumMinServers } from '../rules/quorum-min-servers.js';
import type { RenderedRule } from './rule.js';
import { rolloutQuorum } from '../rules/rollout-quorum.js';
import { configRollout } from '../rules/config-rollout.js';
import { autopilotHook } from '../rules/autopilot-hook.js';
import { plaintextSecret } from '../rules/plaintext-secret.js';
import { imagePinned } from '../rules/image-pinned.js';
import { serverAntiAffinity } from '../rules/server-anti-affinity.js';
import { serverReadinessLeader } from '../rules/server-readiness-leader.js';
import { serverServicePublishNotReady } from '../rules/server-service-publish-not-ready.js';
import { storageClass } from '../rules/storage-class.js';
import { consulTls } from '../rules/consul-tls.js';
import { zoneQuorum } from '../rules/zone-quorum.js';
import { serverGracePeriod } from '../rules/server-grace-period.js';
import { nodeTopologyLabels } from '../rules/node-topology-labels.js';
import { serverResources } from '../rules/server-resources.js';
import { consulAddressScheme } from '../rules/consul-address-scheme.js';
import { podSecurity } from '../rules/pod-security.js';
import { hostPortCollision } from '../rules/host-port-collision.js';
import { storageBinding } from '../rules/storage-binding.js';
import { versionCompatibility } from '../rules/version-compatibility.js';

export const POLICY_RULES: readonly RenderedRule[] = [
  quorumEvenServers,
  quorumMinServers,
  quorumBootstrapExpect,
  pdbMaxUnavailable,
  serverAntiAffinity,
  zoneQuorum,
  nodeTopologyLabels,
  versionCompatibility,
  rolloutQuorum,
  configRollout,
  autopilotHook,
  serverResources,
  serverGracePeriod,
  serverReadinessLeader,
  serverServicePublishNotReady,
  storageClass,
  storageBinding,
  volumeClaimTemplateType,
  argocdTrackingLabelClaims,
  pvcRetention,
  argocdDestructiveSync,
  clientHostPort,
  hostPortRequiresTlsAcl,
  hostPortCollision,
  consulDatacenter,
  consulGossip,
  consulTls,
  consulAcl,
  consulConfig,
  controlPlaneContract,
  controlPlaneRbac,
  controlPlaneApiSecret,
  clientProbeCa,
  caSecretProjection,
  dnsAclPolicy,
  unresolvedReference,
  syncOrder,
  serviceTargetPort,
  consulClientPorts,
  consulAddressScheme,
  consulRetryJoin,
  plaintextSecret,
  imagePinned,
  podNonRoot,
  noPrivileged,
  podSecurity,
  serviceAccountToken,
  rbacNoWildcard,
  envReferenceOrder,
  deprecatedApi,
  environmentLabel,
  environmentCompleteness,
];
