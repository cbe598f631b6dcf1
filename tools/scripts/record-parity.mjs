// Record the real API server's verdict on every manifest of the parity corpus (`npm run parity:record`):
// builds the corpus (tools/scripts/parity-corpus.mjs), runs each manifest through the `api-server` schema
// backend (the pinned kube-apiserver, one server for the whole corpus, server-side apply with dryRun=All
// and fieldValidation=Strict) and writes tests/fixtures/api-server-parity/verdicts.json, then prints
// every verdict that changed against the committed recording (a Kubernetes bump shows each one).
//   --check  write nothing; exit 1 when any verdict changed (what CI runs after building the server)
//   --known  no server: rewrite known-disagreements.yaml from the engines against the committed
//            recording, keeping the reasons already written and adding one for each new disagreement
// Exit codes: 0 done (or no change with --check), 1 verdicts changed with --check, 2 usage/environment.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { kustomizeFor } from '../dist/index.js';
import { parseRendered } from '../dist/parse/documents.js';
import { apiServerSchemaEngine } from '../dist/validate/schema/api-server.js';
import { offlineSchemaEngine } from '../dist/validate/schema/offline.js';
import { findKubeconform, kubeconformSchemaEngine } from '../dist/validate/schema/kubeconform.js';
import { buildParityCorpus, KNOWN_FILE, VERDICTS_FILE } from './parity-corpus.mjs';
import {
  compareVerdicts,
  defaultReason,
  engineVerdicts,
  readKnown,
  readVerdicts,
  verdictChanges,
  verdictsText,
} from './parity-verdicts.mjs';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WARNINGS_KEPT = 3;

/**
 * The server's verdict on each entry, in corpus order, on one server: each manifest parsed as the CLI
 * parses it, then the api-server engine with the entry's CRD folders. The server installs a folder's CRDs
 * once, for real, on the first manifest that names the folder; what it refuses there (a v1beta1 CRD,
 * which Kubernetes no longer serves) is about the folder, not the manifest: it goes to `crdFolders`.
 */
export async function recordVerdicts(entries, repoRoot, { progress = () => {} } = {}) {
  const engine = apiServerSchemaEngine({ progress });
  const manifests = {};
  const crdFolders = {};
  const every = Number(process.env.PARITY_PROGRESS_EVERY ?? 100);
  try {
    for (const [index, entry] of entries.entries()) {
      const parsed = parseRendered({ yaml: entry.text, file: entry.id });
      const findings = [];
      for (const finding of [
        ...parsed.findings,
        ...(await engine.validate(parsed.resources, { schemaDirs: entry.schemaDirs.map((dir) => join(repoRoot, dir)) })),
      ]) {
        const file = finding.location?.file;
        if (file === undefined || file === entry.id) findings.push(finding);
        else (crdFolders[relative(repoRoot, file)] ??= []).push(`${finding.location.line ?? ''}: ${finding.message}`);
      }
      const said = (severity) =>
        [...new Set(findings.filter((finding) => finding.severity === severity).map((finding) => finding.message))].sort();
      const messages = said('error');
      manifests[entry.id] = {
        sha256: entry.sha256,
        verdict: messages.length > 0 ? 'rejected' : 'accepted',
        messages,
        ...(said('warning').length > 0 ? { warnings: said('warning').slice(0, WARNINGS_KEPT) } : {}),
      };
      if ((index + 1) % every === 0) progress(`record-parity: ${index + 1}/${entries.length}`);
    }
    return { server: engine.name, method: 'server-side apply, dryRun=All, fieldValidation=Strict', crdFolders, manifests };
  } finally {
    await engine.close();
  }
}

/** The engines the parity test compares: the offline engine, and kubeconform where it is built. */
export async function parityEngines(env = process.env) {
  const kubeconform = await findKubeconform(env, false);
  return { offline: offlineSchemaEngine(), ...(kubeconform ? { kubeconform: kubeconformSchemaEngine(kubeconform, env) } : {}) };
}

/** known-disagreements.yaml from the current comparison; reasons already written are kept. */
async function writeKnown(entries, recording) {
  const known = readKnown(REPO_ROOT);
  const document = parseDocument(
    [
      '# The api-server parity suite (tests/validate/schema/api-server-parity.test.ts): every corpus manifest on which an',
      '# engine and the recorded server verdict (verdicts.json) differ, with why. The test fails on a disagreement missing',
      "# here and on an entry that is no longer one; `minimumAgreement` is the floor it holds (issue 20's target for the",
      '# offline engine is 0.98). Regenerate with `node tools/scripts/record-parity.mjs --known` (keeps written reasons).',
      '',
    ].join('\n'),
  );
  const content = {};
  for (const [name, engine] of Object.entries(await parityEngines())) {
    const comparison = compareVerdicts(entries, recording, await engineVerdicts(engine, entries, REPO_ROOT));
    const written = known[name].disagreements;
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    content[name] = {
      minimumAgreement: Math.floor(comparison.agreement * 1000) / 1000,
      disagreements: Object.fromEntries(
        comparison.disagreements.map((item) => [item.id, written[item.id] ?? defaultReason(byId.get(item.id), item, recording)]),
      ),
    };
    console.log(`${name}: ${comparison.agreed}/${comparison.total} agree, ${comparison.disagreements.length} disagreements`);
  }
  document.contents = document.createNode(content);
  writeFileSync(join(REPO_ROOT, KNOWN_FILE), document.toString({ lineWidth: 0 }));
  console.log(`wrote ${KNOWN_FILE}`);
}

async function main(args) {
  const unknown = args.filter((arg) => !['--check', '--known'].includes(arg));
  if (unknown.length > 0) {
    console.error(`record-parity: unknown argument ${unknown[0]}; usage: record-parity.mjs [--check | --known]`);
    return 2;
  }
  const progress = (line) => process.stderr.write(`${line}\n`);
  const { entries, skipped } = await buildParityCorpus({ repoRoot: REPO_ROOT, kustomize: await kustomizeFor() });
  progress(`record-parity: ${entries.length} manifests (${skipped.length} kustomizations that do not build left out)`);
  const committed = readVerdicts(REPO_ROOT);
  if (args.includes('--known')) {
    if (!committed) {
      console.error(`record-parity: no ${VERDICTS_FILE} yet: record first (npm run parity:record)`);
      return 2;
    }
    await writeKnown(entries, committed);
    return 0;
  }
  const started = Date.now();
  const recording = await recordVerdicts(entries, REPO_ROOT, { progress });
  progress(`record-parity: recorded with ${recording.server} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const changes = verdictChanges(committed, recording);
  for (const change of changes) console.log(change);
  console.log(`${changes.length} verdicts changed against the committed ${VERDICTS_FILE}`);
  if (args.includes('--check')) return changes.length > 0 ? 1 : 0;
  writeFileSync(join(REPO_ROOT, VERDICTS_FILE), verdictsText(recording));
  console.log(`wrote ${relative(process.cwd(), join(REPO_ROOT, VERDICTS_FILE))}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(`record-parity: ${error?.message ?? error}`);
      process.exitCode = 2;
    },
  );
}
