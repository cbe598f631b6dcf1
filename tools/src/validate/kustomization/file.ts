/** A kustomization file as the checks see it: its display path, its parsed content, and key lines. */
import type { Severity } from '../../model/finding.js';
import type { Rule } from '../../model/rule.js';

export interface KustomizationFile {
  /** Repository-relative path of the kustomization file (what a finding names). */
  path: string;
  /** The parsed top-level mapping (empty when the file is not a mapping). */
  content: Record<string, unknown>;
  /** 1-based line of each top-level key, and of each entry of list fields as `<key>/<index>`. */
  lines: Record<string, number>;
}

/** What a kustomization check returns: the pipeline adds the rule id, severity and fix. */
export interface KustomizationViolation {
  file: string;
  line?: number;
  message: string;
  severity?: Severity;
}

/** A rule over the kustomization files of an overlay's tree (scope `kustomization`): files in, violations out. */
export type KustomizationRule = Rule<readonly KustomizationFile[], KustomizationViolation> & { scope: 'kustomization' };
