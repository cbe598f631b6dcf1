/** The shape of `consul-gitops validate --format json` that the CLI tests read (the report's own type is report/json). */
export interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  kind?: string;
  name?: string;
  file?: string;
  line?: number;
  path?: string;
  /** file and line are a place in the render (the overlay's kustomize output), not a file on disk. */
  fileRendered?: boolean;
}

export interface JsonReport {
  overlays: {
    path: string;
    ok: boolean;
    resources: number;
    /** Each checked resource with its status (valid, invalid, error, skipped). */
    checked?: { kind: string; name: string; namespace: string | null; status: string }[];
    findings: JsonFinding[];
  }[];
  summary: { errors: number; statuses?: Record<string, number> };
  tool: { schemaBackend: string; kubernetesVersion?: string };
}
