/**
 * Parity: every case of the schema corpus through the real kubeconform (the pinned Go build, or
 * KUBECONFORM) and through the offline engine, on the CLI's path (parseRendered, then the engine). Both
 * read the same data (kubeconform a layout generated from tools/schemas/kubernetes.json, fully offline),
 * so they must agree on every resource: the same rules, severities and failing JSON paths. Any
 * disagreement is a failure. The one list of accepted differences is `kubeconformIgnores` in
 * expected.yaml: findings of the int32, int64 and byte formats, which kubeconform's validator does not
 * know (it asserts date-time, and the offline engine matches it there). Skipped (saying why) only where
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

  it('leaves out of the comparison only findings of formats kubeconform does not know, each one made by the offline engine', async () => {
    const ignoring = corpus.filter((corpusCase) => corpusCase.kubeconformIgnores.length > 0);
    expect(ignoring.map((corpusCase) => corpusCase.name).sort()).toEqual([
      'byte-invalid',
      'int-or-string-out-of-range',
      'range-container-port-int32',
      'range-int64-overflow',
      'range-replicas-int32',
    ]);
    for (const corpusCase of ignoring) {
      const findings = await runCase(offline, corpusCase);
      for (const pointer of corpusCase.kubeconformIgnores) {
        const finding = findings.find((candidate) => candidate.path === pointer);
        expect(finding?.message, `${corpusCase.name} ${pointer}`).toMatch(
          /must be (an int32|an int64|a base64 string|an integer \(int32\) or a string)/,
        );
      }
      // kubeconform really says nothing there: it passes the resource.
      expect(Object.values(verdicts(corpusCase, await runCase(kubeconform!, corpusCase))).flat(), corpusCase.name).toEqual([]);
    }
  });

  it.each(corpus.map((corpusCase) => [corpusCase.name, corpusCase] as const))(
    '%s: same rules, severities, JSON paths and lines per resource',
    async (_name, corpusCase) => {
      const offlineFindings = (await runCase(offline, corpusCase)).filter(
        (finding) => !corpusCase.kubeconformIgnores.includes(finding.path ?? ''),
      );
      const expected = verdicts(corpusCase, offlineFindings);
      const actual = verdicts(corpusCase, await runCase(kubeconform!, corpusCase));
      expect(actual).toEqual(expected);
    },
  );
});
