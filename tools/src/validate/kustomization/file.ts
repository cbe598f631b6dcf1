/** What the kustomization checks take (a kustomization file, read by parse/kustomization.ts) and return. */
import type { Severity } from '../../model/finding.js';
import type { KustomizationRuleId, Rule } from '../../model/rule.js';

import type { KustomizationFile } from '../../parse/kustomization.js';

export type { KustomizationFile };

/** What a kustomization check returns: the pipeline adds the rule id, severity and fix. */
export interface KustomizationViolation {
  file: string;
  line?: number;
  message: string;
  severity?: Severity;
}

/** A rule over the kustomization files of an overlay's tree (scope `kustomization`): files in, violations out. */
export type KustomizationRule = Rule<readonly KustomizationFile[], KustomizationViolation> & {
  id: KustomizationRuleId;
  scope: 'kustomization';
};
