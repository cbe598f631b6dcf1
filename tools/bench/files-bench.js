// Files mode end to end: `consul-gitops validate -f DIR` on 3,000 plain objects (the size) (read, parse with
// positions, schema, rules) against kubeconform on the same files, in the same run. The objects are the
// prod render cloned (its 13 kinds), renamed per copy and stripped of everything Consul (labels, images,
// the environment label), so they are what the issue calls plain manifests; 10 objects per file.
// Both sides are timed as processes with /usr/bin/time: objects/s per core = objects / CPU seconds
// (user + sys), which does not depend on how busy the machine's other cores are. Ours runs twice per round:
// as users run it (worker threads on idle cores, pipeline/file-threads.ts) against kubeconform's default 4
// workers, in one thread (CONSUL_GITOPS_FILE_THREADS=1) against kubeconform's 1 worker, like for like, and
// with a thread per core whatever the load.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseRendered } from '../dist/parse/documents.js';
import { resolveKustomize } from '../dist/render/kustomize-binary.js';
import { renderKustomization } from '../dist/render/render.js';
import { findKubeconform, kubeconformArgs } from '../dist/validate/schema/kubeconform.js';
import { ensureKubeconformSchemas } from '../dist/validate/schema/kubeconform-schemas.js';
import { median, timedProcess } from './timed.js';

/** `count` plain objects: copy r of the render gets its own app name in place of every "consul". */
export function plainObjects(resources, count) {
  return Array.from({ length: count }, (_, index) => {
    const source = resources[index % resources.length];
    const copy = Math.floor(index / resources.length);
    const text = JSON.stringify(source.object).replaceAll('consul', `shop${copy}`).replaceAll('"environment":"prod"', '"team":"bench"');
    return JSON.parse(text);
  });
}

/** Write the objects as YAML streams of `perFile` documents; returns the folder. */
export function writeManifestFolder(objects, perFile = 10) {
  const dir = mkdtempSync(join(tmpdir(), 'consul-gitops-files-bench-'));
  for (let start = 0; start < objects.length; start += perFile) {
    const text = objects
      .slice(start, start + perFile)
      .map((object) => stringify(object, { lineWidth: 0 }))
      .join('---\n');
    writeFileSync(join(dir, `objects-${String(start / perFile).padStart(5, '0')}.yaml`), text);
  }
  return dir;
}

function figures(samples, objects) {
  const wallS = median(samples.map((sample) => sample.wallS));
  const cpuS = median(samples.map((sample) => sample.cpuS));
  return { wallS, cpuS, objectsPerSecond: objects / wallS, objectsPerCpuSecond: objects / cpuS };
}

/** The figures of docs/performance.md's files-mode table (`npm run docs` writes it from this file). */
export function writeFilesResults(result) {
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  const record = { node: process.version, cores: availableParallelism(), ...result };
  writeFileSync(new URL('results/files.json', import.meta.url), `${JSON.stringify(record, null, 2)}\n`);
}

export async function runFilesBench({ repoRoot, overlay = 'overlays/prod', objects = 3_000, perFile = 10, runs = 5 } = {}) {
  const kustomize = await resolveKustomize({ env: process.env });
  const rendered = await renderKustomization(kustomize, join(repoRoot, overlay));
  const parsed = parseRendered({ yaml: rendered.yaml, file: overlay });
  const dir = writeManifestFolder(plainObjects(parsed.resources, objects), perFile);
  try {
    const cli = join(repoRoot, 'tools/bin/consul-gitops.js');
    // The same check kubeconform does, plus the rules: the offline engine, every rule group.
    // Run as `npx consul-gitops` runs it: the launcher itself, so its shebang's V8 flags apply.
    const args = ['validate', '-f', dir, '--format', 'json', '--schema-backend', 'offline', '--output', '/dev/null'];
    const binary = await findKubeconform(process.env, false);
    const base = binary
      ? kubeconformArgs({}, {}, [ensureKubeconformSchemas()], dir).filter((arg) => !['-verbose', '-output', 'json'].includes(arg))
      : [];
    // Rounds in alternation (ours, kubeconform with 1 worker, kubeconform with its default 4), so load
    // from other processes falls on every side alike.
    const ours = [];
    const oursOneThread = [];
    const oursThreads = [];
    const oneWorker = [];
    const withWorkers = [];
    const oneThread = { env: { ...process.env, CONSUL_GITOPS_FILE_THREADS: '1' } };
    // a thread per core whatever the load (the default takes one per idle core, pipeline/file-threads.ts)
    const perCore = { env: { ...process.env, CONSUL_GITOPS_FILE_THREADS: String(availableParallelism()) } };
    for (let index = 0; index < runs; index++) {
      ours.push(await timedProcess(cli, args));
      oursOneThread.push(await timedProcess(cli, args, oneThread));
      oursThreads.push(await timedProcess(cli, args, perCore));
      if (!binary) continue;
      oneWorker.push(await timedProcess(binary.command, ['-n', '1', '-summary', ...base]));
      withWorkers.push(await timedProcess(binary.command, ['-summary', ...base]));
    }
    const kubeconform = binary && {
      version: binary.version,
      workers: figures(withWorkers, objects),
      oneWorker: figures(oneWorker, objects),
    };
    return {
      objects,
      files: Math.ceil(objects / perFile),
      runs,
      consulGitops: figures(ours, objects),
      oneThread: figures(oursOneThread, objects),
      threadPerCore: figures(oursThreads, objects),
      loadAverage: loadavg()[0],
      kubeconform,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { fileURLToPath } = await import('node:url');
  const result = await runFilesBench({
    repoRoot: fileURLToPath(new URL('../..', import.meta.url)),
    runs: Number(process.env.RUNS ?? 5),
    objects: Number(process.env.OBJECTS ?? 3000),
  });
  console.log(JSON.stringify(result, null, 2));
  if (process.env.OBJECTS === undefined) writeFilesResults(result);
}
