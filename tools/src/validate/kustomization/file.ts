/** What the kustomization checks take (a kustomization file, read by parse/kustomization.ts) and return. */
import type { Severity } from '../../model/finding.js';

export type { KustomizationFile } from '../../parse/kustomization.js';

/** What a kustomization check returns: the pipeline adds the rule id, severity and fix. */
export interface KustomizationViolation {
  file: string;
  line?: number;
  message: string;
  severity?: Severity;
}
