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
import { mapPool } from '../dist/pool.js';
import { apiServerSchemaEngine } from '../dist/validate/schema/api-server.js';
import { identityFinding, offlineSchemaEngine } from '../dist/validate/schema/offline.js';
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
/** Objects in flight at once (the engine's agent keeps 8 connections). */
const PARALLEL = 8;

/**
 * The server's verdict on each entry, in corpus order, on one server: each manifest parsed as the CLI
 * parses it, then the api-server engine with the entry's CRD folders. The server installs a folder's CRDs
 * once, for real, on the first manifest that names the folder; what it refuses there (a v1beta1 CRD,
 * which Kubernetes no longer serves) is about the folder, not the manifest: it goes to `crdFolders`.
 *
 * A dry-run changes nothing on the server, so between two manifests that do change it each distinct
 * object (its text and its parsed value) is sent once, `PARALLEL` at a time, and every manifest that
 * holds it gets its findings: the mutations of one render share most of their objects (about 8,900
 * objects, 1,300 distinct). A manifest that changes the server (it names a CRD folder not installed yet,
 * or holds a CustomResourceDefinition or a Namespace, which are applied for real) runs whole, alone,
 * after every manifest before it and before any after it. Each object so meets the server as the
 * one-manifest-at-a-time run left it, and the verdicts are that run's (the parity test re-records them
 * against the committed file).
 */
export async function recordVerdicts(entries, repoRoot, { progress = () => {} } = {}) {
  const engine = apiServerSchemaEngine({ progress });
  const every = Number(process.env.PARITY_PROGRESS_EVERY ?? 100);
  const installed = new Set();
  let done = 0;
  const verdictOf = (entry, findings, folderFindings) => {
    const said = (severity) =>
      [...new Set(findings.filter((finding) => finding.severity === severity).map((finding) => finding.message))].sort();
    const messages = said('error');
    done += 1;
    if (done % every === 0) progress(`record-parity: ${done}/${entries.length}`);
    return {
      verdict: {
        sha256: entry.sha256,
        verdict: messages.length > 0 ? 'rejected' : 'accepted',
        messages,
        ...(said('warning').length > 0 ? { warnings: said('warning').slice(0, WARNINGS_KEPT) } : {}),
      },
      folderFindings,
    };
  };
  /** Findings about the manifest itself, and those about a file of a CRD folder (`file: line: message`). */
  const split = (findings, file) => {
    const own = [];
    const folder = [];
    for (const finding of findings) {
      const at = finding.location?.file;
      if (at === undefined || at === file) own.push(finding);
      else folder.push([relative(repoRoot, at), `${finding.location.line ?? ''}: ${finding.message}`]);
    }
    return { own, folder };
  };
  /** A manifest run whole, as one validate call (CRD folders, CRDs and namespaces for real first). */
  const whole = async ({ entry, parsed }) => {
    const findings = await engine.validate(parsed.resources, { schemaDirs: entry.schemaDirs.map((dir) => join(repoRoot, dir)) });
    const { own, folder } = split([...parsed.findings, ...findings], entry.id);
    return verdictOf(entry, own, folder);
  };
  /** Manifests that only dry-run: each distinct object once, then each manifest's findings from its objects'. */
  const shared = async (group) => {
    const keyOf = (resource) => JSON.stringify([resource.source?.() ?? null, resource.object]);
    const objects = new Map();
    for (const { parsed } of group)
      for (const resource of parsed.resources) if (!objects.has(keyOf(resource))) objects.set(keyOf(resource), resource);
    const distinct = [...objects.values()];
    const results = await mapPool(
      distinct,
      async (resource) => split(await engine.validate([resource], {}), resource.location.file),
      PARALLEL,
    );
    const byKey = new Map(distinct.map((resource, index) => [keyOf(resource), results[index]]));
    return group.map(({ entry, parsed }) => {
      const own = split(parsed.findings, entry.id);
      const found = parsed.resources.map((resource) => byKey.get(keyOf(resource)));
      return verdictOf(
        entry,
        [...own.own, ...found.flatMap((result) => result.own)],
        [...own.folder, ...found.flatMap((result) => result.folder)],
      );
    });
  };
  /** True when the manifest changes the server: a CRD folder not installed yet, a CRD or a Namespace of its own. */
  const changesServer = ({ entry, parsed }) => {
    // The engine installs a manifest's CRD folders only when it has an object to check.
    const checked = parsed.resources.some((resource) => !identityFinding(resource));
    const fresh = entry.schemaDirs.filter((dir) => !installed.has(dir));
    if (checked) for (const dir of fresh) installed.add(dir);
    return (
      (checked && fresh.length > 0) ||
      parsed.resources.some((resource) => resource.object.kind === 'CustomResourceDefinition' || resource.object.kind === 'Namespace')
    );
  };
  try {
    const results = [];
    let group = [];
    for (const entry of entries) {
      const item = { entry, parsed: parseRendered({ yaml: entry.text, file: entry.id }) };
      if (!changesServer(item)) {
        group.push(item);
        continue;
      }
      results.push(...(await shared(group)), await whole(item));
      group = [];
    }
    results.push(...(await shared(group)));
    const manifests = {};
    const crdFolders = {};
    results.forEach((result, index) => {
      manifests[entries[index].id] = result.verdict;
      for (const [file, line] of result.folderFindings) (crdFolders[file] ??= []).push(line);
    });
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
