/** One manifest through the CLI's own path (parseRendered, then the offline engine): its schema findings, reduced. */
import { parseRendered } from '../../../tools/src/parse/documents.js';
import { offlineSchemaEngine } from '../../../tools/src/validate/schema/offline.js';

export interface Reduced {
  rule: string;
  path: string;
  message: string;
  line: number | undefined;
}

const engine = offlineSchemaEngine();

export async function schemaFindings(yaml: string): Promise<Reduced[]> {
  const parsed = parseRendered({ yaml, file: 'case.yaml' });
  const findings = [...parsed.findings, ...(await engine.validate(parsed.resources, {}))];
  return findings.map((finding) => ({
    rule: finding.rule,
    path: finding.path ?? '',
    message: finding.message,
    line: finding.location?.line,
  }));
}

/** A Deployment whose pod spec is the given YAML (indented under `spec:` of the template). */
export function deployment(podSpec: string, extra = ''): string {
  const indented = podSpec
    .trim()
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
${extra}  template:
    metadata:
      labels: {app: web}
    spec:
${indented}
`;
}

/** name, manifest the server refuses, JSON path, message, a corrected manifest. */
export type ServerCase = readonly [string, string, string, RegExp, string];

/** The refused manifest has exactly one schema finding at the path with the message; the corrected one has none. */
export async function expectServerVerdict([, wrong, path, message, right]: ServerCase): Promise<void> {
  const findings = await schemaFindings(wrong);
  const found = findings.filter((finding) => finding.path === path && message.test(finding.message));
  if (found.length !== 1 || found[0]!.rule !== 'schema')
    throw new Error(`expected one schema finding at "${path}" matching ${message}, got ${JSON.stringify(findings).slice(0, 1500)}`);
  const passing = await schemaFindings(right);
  if (passing.length > 0) throw new Error(`expected the corrected manifest to pass, got ${JSON.stringify(passing).slice(0, 1500)}`);
}

/** A StatefulSet around a pod spec and claim templates (YAML, indented under `spec:`). */
export function statefulSet(podSpec: string, specExtra = ''): string {
  const indent = (text: string, by: string): string =>
    text
      .trim()
      .split('\n')
      .map((line) => `${by}${line}`)
      .join('\n');
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: consul-server}
spec:
  serviceName: consul-server
  selector: {matchLabels: {app: consul}}
${specExtra ? `${indent(specExtra, '  ')}\n` : ''}  template:
    metadata: {labels: {app: consul}}
    spec:
${indent(podSpec, '      ')}
`;
}
