/** Every rule over the rendered objects, in report order. The rules reference (docs/rules.md) and SARIF rule metadata come from the catalog. */
import { consulConfig } from './agent-config.js';
import { controlPlaneContract } from './control-plane-contract.js';
import { controlPlaneRbac } from './control-plane-rbac.js';
import { controlPlaneApiSecret } from './control-plane-api-secret.js';
import { caSecretProjection, clientProbeCa, dnsAclPolicy } from './agent-tls-extras.js';
import { syncOrder, unresolvedReference } from './references.js';
import { argocdDestructiveSync, argocdTrackingLabelClaims, pvcRetention, volumeClaimTemplateType } from './argocd.js';
import { clientHostPort, hostPortRequiresTlsAcl } from './client.js';
import { consulAcl, consulDatacenter, consulGossip, consulRetryJoin } from './consistency.js';
import { deprecatedApi } from './deprecated-api.js';
import { environmentLabel } from './environment.js';
import { environmentCompleteness } from './completeness.js';
import { envReferenceOrder } from './env-references.js';
import { noPrivileged, podNonRoot, rbacNoWildcard, serviceAccountToken } from './hardening.js';
import { consulClientPorts, serviceTargetPort } from './ports.js';
import { pdbMaxUnavailable, quorumBootstrapExpect, quorumEvenServers, quorumMinServers } from './quorum.js';
import type { RenderedRule } from './rule.js';
import { rolloutQuorum } from './rollout.js';
import { configRollout } from './config-rollout.js';
import { autopilotHook } from './autopilot-hook.js';
import { plaintextSecret } from './plaintext-secret.js';
import { imagePinned } from './security.js';
import { serverAntiAffinity, serverReadinessLeader, serverServicePublishNotReady, storageClass } from './server.js';
import { consulTls } from './tls.js';
import { zoneQuorum } from './zones.js';
import { serverGracePeriod } from './grace-period.js';
import { nodeTopologyLabels } from './node-labels.js';
import { serverResources } from './server-resources.js';
import { consulAddressScheme } from './address-scheme.js';
import { podSecurity } from './pod-security.js';
import { hostPortCollision, storageBinding } from './cluster-fit.js';
import { versionCompatibility } from './version-compatibility.js';

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
