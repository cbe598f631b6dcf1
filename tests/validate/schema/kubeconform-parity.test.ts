/**
 * Parity: every case of the schema corpus through the real kubeconform (the pinned Go build, or
 * KUBECONFORM) and through the offline engine, on the CLI's path (parseRendered, then the engine). Both
 * read the same data (kubeconform a layout generated from tools/schemas/kubernetes.json, fully offline),
 * so they must agree on every resource: the same rules, severities and failing JSON paths. Any
 * disagreement is a failure; there is no list of accepted differences. Skipped (saying why) only where
 * Go is missing; CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 (CI) turns that into a failure.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../tools/src/model/finding.js';
import { kubeconformSchemaEngine } from '../../../tools/src/validate/schema/kubeconform.js';
import { offlineSchemaEngine } from '../../../tools/src/validate/schema/offline.js';
import { pinnedKubeconform } from '../../helpers/go-tools.js';
import { loadCorpus, parseCase, runCase, type CorpusCase } from './corpus.js';

const binary = await pinnedKubeconform();

/** "Kind/name" -> sorted "rule (severity) at path" list; an empty list is a valid resource. */
export function verdicts(corpusCase: CorpusCase, findings: readonly Finding[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const resource of parseCase(corpusCase).resources) result[`${resource.ref.kind}/${resource.ref.name}`] = [];
  for (const finding of findings) {
    const key = finding.resource ? `${finding.resource.kind}/${finding.resource.name}` : '(stream)';
    const entry = `${finding.rule} (${finding.severity}) at ${finding.path || '(object)'} line ${finding.location?.line ?? '?'}`;
    result[key] = [...new Set([...(result[key] ?? []), entry])].sort();
  }
  return result;
}

describe.skipIf(!binary)(`kubeconform ${binary?.version ?? '(not built)'} and the offline engine agree on the whole corpus`, () => {
  const offline = offlineSchemaEngine();
  const kubeconform = binary ? kubeconformSchemaEngine(binary) : undefined;
  const corpus = loadCorpus();

  it('runs every case, valid and invalid ones', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(45);
    expect(corpus.filter((corpusCase) => corpusCase.findings.length > 0).length).toBeGreaterThan(25);
  });

  it.each(corpus.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s: same rules, severities, JSON paths and lines per resource', async (_name, corpusCase) => {
    const expected = verdicts(corpusCase, await runCase(offline, corpusCase));
    const actual = verdicts(corpusCase, await runCase(kubeconform!, corpusCase));
    expect(actual).toEqual(expected);
  });
});
