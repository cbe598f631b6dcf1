import type { Finding } from '../model/finding.js';

/** A resource an overlay checked. */
export interface CheckedResource {
  kind: string;
  name: string;
  namespace?: string;
}

export interface OverlayResult {
  /** The directory as given (repository-relative when possible). */
  path: string;
  environment?: string;
  /** No blocking (unsuppressed error) findings. */
  ok: boolean;
  resources: number;
  findings: Finding[];
  /** Set when the directory was not rendered or checked, saying why (an invalid spec). */
  notChecked?: string;
  /** Resource refs checked, for per-resource reports (junit). */
  checked: CheckedResource[];
}

export interface RunResult {
  /** `files`: plain manifests (validate -f), each entry one input; otherwise kustomization directories. */
  mode?: 'files';
  overlays: OverlayResult[];
  tool: { kustomize: string; schemaBackend: string; kubernetesVersion: string };
}
