/** The schema corpus (tests/fixtures/schema): case files, their expected verdicts, and one run of a case. */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { Finding } from '../../../tools/src/model/finding.js';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import type { SchemaEngine, SchemaOptions } from '../../../tools/src/validate/schema/engine.js';
import { REPO_ROOT } from '../../helpers/repo.js';

export const CORPUS_DIR = resolve(REPO_ROOT, 'tests/fixtures/schema');
export const CASES_DIR = resolve(CORPUS_DIR, 'cases');
export const CRD_DIR = resolve(CORPUS_DIR, 'crds');

/** A finding reduced to what the corpus pins down. */
export interface ExpectedFinding {
  rule: string;
  severity: string;
  resource?: string;
  path: string;
  line?: number;
}

export interface CorpusCase {
  name: string;
  file: string;
  ignoreMissingSchemas: boolean;
  /** JSON pointers of offline findings kubeconform does not make (formats its validator does not know). */
  kubeconformIgnores: string[];
  /** Empty for a valid case. */
  findings: ExpectedFinding[];
}

type RawExpectation = 'valid' | { ignoreMissingSchemas?: boolean; kubeconformIgnores?: string[]; findings?: Partial<ExpectedFinding>[] };

export function caseFiles(): string[] {
  return readdirSync(CASES_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

export function loadCorpus(): CorpusCase[] {
  const raw = parse(readFileSync(resolve(CORPUS_DIR, 'expected.yaml'), 'utf8')) as { cases: Record<string, RawExpectation> };
  return Object.entries(raw.cases).map(([name, expectation]) => ({
    name,
    file: resolve(CASES_DIR, `${name}.yaml`),
    ignoreMissingSchemas: expectation !== 'valid' && expectation.ignoreMissingSchemas === true,
    kubeconformIgnores: expectation === 'valid' ? [] : (expectation.kubeconformIgnores ?? []),
    findings:
      expectation === 'valid'
        ? []
        : (expectation.findings ?? []).map((finding) => ({
            rule: finding.rule ?? '(missing rule)',
            severity: finding.severity ?? 'error',
            ...(finding.resource ? { resource: finding.resource } : {}),
            path: finding.path ?? '',
            ...(finding.line !== undefined ? { line: finding.line } : {}),
          })),
  }));
}

export function caseOptions(corpusCase: CorpusCase): SchemaOptions {
  return { schemaDirs: [CRD_DIR], ignoreMissingSchemas: corpusCase.ignoreMissingSchemas };
}

/** Parse a case file as the CLI parses a render. */
export function parseCase(corpusCase: CorpusCase): { resources: ParsedResource[]; findings: Finding[] } {
  return parseRendered({ yaml: readFileSync(corpusCase.file, 'utf8'), file: `${corpusCase.name}.yaml` });
}

/** The same path as the CLI: parse, then the schema engine; parse findings first. */
export async function runCase(engine: SchemaEngine, corpusCase: CorpusCase): Promise<Finding[]> {
  const parsed = parseCase(corpusCase);
  return [...parsed.findings, ...(await engine.validate(parsed.resources, caseOptions(corpusCase)))];
}

export function reduceFinding(finding: Finding): ExpectedFinding {
  return {
    rule: finding.rule,
    severity: finding.severity,
    ...(finding.resource ? { resource: `${finding.resource.kind}/${finding.resource.name}` } : {}),
    path: finding.path ?? '',
    ...(finding.location?.line !== undefined ? { line: finding.location.line } : {}),
  };
}

const order = (a: ExpectedFinding, b: ExpectedFinding): number =>
  `${a.resource ?? ''} ${a.path} ${a.rule}`.localeCompare(`${b.resource ?? ''} ${b.path} ${b.rule}`);

export function sortExpected(findings: readonly ExpectedFinding[]): ExpectedFinding[] {
  return [...findings].sort(order);
}
