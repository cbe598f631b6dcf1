/**
 * Parity: the real kubeconform (on PATH, or KUBECONFORM=/path) and the offline engine give every
 * resource of the corpus the same verdict: valid, or invalid with the same rules. Skipped, saying why,
 * when no kubeconform is installed. kubeconform fetches the core schemas from its registry (or
 * KUBECONFORM_SCHEMA_LOCATION, for example a local mirror).
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../tools/src/model/finding.js';
import { findKubeconform, kubeconformSchemaEngine } from '../../../tools/src/validate/schema/kubeconform.js';
import { offlineSchemaEngine } from '../../../tools/src/validate/schema/offline.js';
import { loadCorpus, parseCase, runCase, type CorpusCase } from './corpus.js';

// KUBECONFORM naming something that does not run fails this file (a broken setup is not a skip).
const binary = await findKubeconform(process.env, false);
if (!binary) console.info('kubeconform parity tests skipped: no kubeconform on PATH and KUBECONFORM is not set (install it, or set KUBECONFORM=/path/to/kubeconform, to run them)');

/**
 * Cases where the offline engine is stricter on purpose. The upstream Kubernetes JSON schemas that
 * kubeconform reads describe a Quantity as "a string or a number" with no pattern, so "lots" passes there.
 */
const OFFLINE_STRICTER: Record<string, string> = {
  'quantity-invalid': 'upstream JSON schemas have no quantity pattern',
  'quantity-invalid-claim-storage': 'upstream JSON schemas have no quantity pattern',
};

/** "Kind/name" -> sorted "rule (severity)" list; an empty list is a valid resource. */
function verdicts(corpusCase: CorpusCase, findings: readonly Finding[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const resource of parseCase(corpusCase).resources) result[`${resource.ref.kind}/${resource.ref.name}`] = [];
  for (const finding of findings) {
    const key = finding.resource ? `${finding.resource.kind}/${finding.resource.name}` : '(stream)';
    const entry = `${finding.rule} (${finding.severity})`;
    result[key] = [...new Set([...(result[key] ?? []), entry])].sort();
  }
  return result;
}

describe.skipIf(!binary)(`kubeconform (${binary ?? 'not installed'}) and the offline engine agree on the corpus`, () => {
  const offline = offlineSchemaEngine();
  const kubeconform = kubeconformSchemaEngine(binary ?? 'kubeconform');
  const corpus = loadCorpus();

  it.each(corpus.filter((corpusCase) => !OFFLINE_STRICTER[corpusCase.name]).map((corpusCase) => [corpusCase.name, corpusCase] as const))(
    '%s: same verdict and rules per resource',
    async (_name, corpusCase) => {
      const expected = verdicts(corpusCase, await runCase(offline, corpusCase));
      const actual = verdicts(corpusCase, await runCase(kubeconform, corpusCase));
      expect(actual).toEqual(expected);
    },
    120_000,
  );

  it.each(Object.entries(OFFLINE_STRICTER))('%s: kubeconform finds nothing the offline engine does not (offline is stricter: %s)', async (name) => {
    const corpusCase = corpus.find((candidate) => candidate.name === name)!;
    const offlineVerdicts = verdicts(corpusCase, await runCase(offline, corpusCase));
    const kubeconformVerdicts = verdicts(corpusCase, await runCase(kubeconform, corpusCase));
    for (const [resource, rules] of Object.entries(kubeconformVerdicts)) for (const rule of rules) expect(offlineVerdicts[resource], resource).toContain(rule);
  }, 120_000);
});
