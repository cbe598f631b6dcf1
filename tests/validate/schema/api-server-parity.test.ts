/**
 * api-server parity (issue 20): the schema engines against a real kube-apiserver's recorded verdicts.
 * The corpus (tools/scripts/parity-corpus.mjs) is built here as the recorder builds it: the repository's
 * renders, the test fixtures' renders and plain manifests, seeds, and a bad/good pair per mutation of the
 * prod render. The recorded verdicts (tests/fixtures/api-server-parity/verdicts.json, `npm run
 * parity:record`) must be of the current texts. Each engine (offline, and kubeconform where built) runs
 * every manifest on the `validate -f --rules none` path; the agreement and the confusion table are
 * printed, every disagreement must be listed with a reason in known-disagreements.yaml, every listed one
 * must still be one, and the agreement must reach the file's floor. Where the pinned server is built (CI:
 * `npm test` builds it), the whole corpus is re-recorded and every changed verdict is a failure, listed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServerBinary } from '../../../tools/src/render/apiserver-build.js';
// @ts-expect-error: plain JavaScript module without types
import { buildParityCorpus, KNOWN_FILE, VERDICTS_FILE } from '../../../tools/scripts/parity-corpus.mjs';
// @ts-expect-error: plain JavaScript module without types
import { MUTATION_CLASSES } from '../../../tools/scripts/parity-mutations.mjs';
// @ts-expect-error: plain JavaScript module without types
import * as parity from '../../../tools/scripts/parity-verdicts.mjs';
// @ts-expect-error: plain JavaScript module without types
import { parityEngines, recordVerdicts } from '../../../tools/scripts/record-parity.mjs';
import { GO_TOOLS_REQUIRED, pinnedKubeconform, pinnedKustomize } from '../../helpers/go-tools.js';
import { REPO_ROOT, renderYaml } from '../../helpers/repo.js';

interface Entry {
  id: string;
  source: string;
  class?: string;
  intent?: string;
  sha256: string;
  text: string;
  schemaDirs: string[];
}

const kustomize = await pinnedKustomize();
const kubeconform = await pinnedKubeconform();
const serverBuilt = existsSync(apiServerBinary());
if (!serverBuilt) {
  const message = 'the pinned kube-apiserver is not built: run `node tools/scripts/go-tools.mjs --api-server` to re-record here';
  if (GO_TOOLS_REQUIRED) throw new Error(`${message}; CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 makes this a failure, not a skip`);
  console.info(`skipped (re-recording only): ${message}`);
}
interface Recording {
  server: string;
  manifests: Record<string, { sha256: string; verdict: 'accepted' | 'rejected'; messages: string[] }>;
}
type Known = Record<'offline' | 'kubeconform', { minimumAgreement: number; disagreements: Record<string, string> }>;
const recording = parity.readVerdicts(REPO_ROOT) as Recording | undefined;
const known = parity.readKnown(REPO_ROOT) as Known;
let corpus: Entry[] = [];

describe.skipIf(!kustomize)('api-server parity', () => {
  beforeAll(async () => {
    // through the suite's render cache: rules.test.ts builds the same rule fixtures with the same binary
    corpus = (
      await buildParityCorpus({ repoRoot: REPO_ROOT, kustomize, render: (dir: string) => renderYaml(join(REPO_ROOT, dir), kustomize) })
    ).entries as Entry[];
  }, 900_000);

  it('covers the renders, the fixtures and every class of issue 20 with a broken shape and its correct neighbour, 600 manifests or more', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(600);
    const ids = corpus.map((entry) => entry.id);
    for (const render of ['render/base', 'render/overlays/dev', 'render/overlays/staging', 'render/overlays/prod'])
      expect(ids).toContain(render);
    expect(corpus.filter((entry) => entry.source === 'fixture').length).toBeGreaterThan(200);
    expect(corpus.filter((entry) => entry.id.startsWith('file/schema/cases/')).length).toBeGreaterThan(50);
    for (const kind of MUTATION_CLASSES) {
      const mutations = corpus.filter((entry) => entry.class === kind);
      expect(mutations.filter((entry) => entry.intent === 'rejected').length, kind).toBeGreaterThan(0);
      expect(mutations.filter((entry) => entry.intent === 'accepted').length, kind).toBeGreaterThan(0);
    }
    const bad = ids.filter((id) => id.startsWith('mutation/') && id.endsWith('/bad'));
    expect(bad.filter((id) => !ids.includes(id.replace(/\/bad$/, '/good')))).toEqual([]);
  });

  it(`has a verdict in ${VERDICTS_FILE} for every manifest, recorded from its current text`, () => {
    expect(recording, `no ${VERDICTS_FILE}: run \`npm run parity:record\``).toBeDefined();
    const recorded = recording!.manifests;
    const missing = corpus.filter((entry) => !recorded[entry.id]).map((entry) => entry.id);
    const stale = corpus.filter((entry) => recorded[entry.id] && recorded[entry.id]?.sha256 !== entry.sha256).map((entry) => entry.id);
    const gone = Object.keys(recorded).filter((id) => !corpus.some((entry) => entry.id === id));
    expect({ missing, stale, gone }, 'the corpus changed: run `npm run parity:record` and commit verdicts.json').toEqual({
      missing: [],
      stale: [],
      gone: [],
    });
  });

  it(`gives every known disagreement in ${KNOWN_FILE} a reason`, () => {
    for (const engine of Object.values(known))
      for (const [id, reason] of Object.entries(engine.disagreements)) expect(String(reason).length, id).toBeGreaterThanOrEqual(10);
  });

  const engines: ('offline' | 'kubeconform')[] = ['offline', ...(kubeconform ? (['kubeconform'] as const) : [])];
  it.each(engines)(
    '%s engine: prints its agreement and confusion table; every disagreement is known, every known one is real, the floor holds',
    async (name) => {
      expect(recording).toBeDefined();
      const engine = (await parityEngines())[name];
      expect(engine, name).toBeDefined();
      const comparison = parity.compareVerdicts(corpus, recording!, await parity.engineVerdicts(engine, corpus, REPO_ROOT));
      const listed = known[name];
      console.info(
        `${name} vs ${recording!.server}: ${comparison.agreed}/${comparison.total} agree (${parity.percent(comparison.agreement)}; ` +
          `floor ${parity.percent(listed.minimumAgreement)}, target ${parity.percent(parity.TARGET_AGREEMENT)})\n${parity.confusionMarkdown(name, comparison)}`,
      );
      expect(comparison.total).toBe(corpus.length);
      const found = comparison.disagreements.map((item: { id: string; server: string; engine: string }) => item.id);
      const unlisted = comparison.disagreements
        .filter((item: { id: string }) => !(item.id in listed.disagreements))
        .map((item: { id: string; server: string; engine: string }) => `${item.id}: server ${item.server}, ${name} ${item.engine}`);
      const noLonger = Object.keys(listed.disagreements).filter((id) => !found.includes(id));
      expect({ unlisted, noLonger }, `update ${KNOWN_FILE} (node tools/scripts/record-parity.mjs --known)`).toEqual({
        unlisted: [],
        noLonger: [],
      });
      expect(comparison.agreement).toBeGreaterThanOrEqual(listed.minimumAgreement);
    },
    600_000,
  );

  it.skipIf(!serverBuilt)(
    're-recorded on the pinned server built here, every verdict is the committed one (a Kubernetes bump lists each change)',
    async () => {
      const fresh = await recordVerdicts(corpus, REPO_ROOT);
      expect(fresh.server).toBe(recording?.server);
      expect(parity.verdictChanges(recording, fresh), 'run `npm run parity:record` and commit verdicts.json').toEqual([]);
    },
    1_800_000,
  );
});
