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
}

export interface JsonReport {
  overlays: { path: string; ok: boolean; resources: number; findings: JsonFinding[] }[];
  summary: { errors: number };
  tool: { schemaBackend: string; kubernetesVersion?: string };
}
