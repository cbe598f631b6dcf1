// The api-server schema backend: its one-time build (measured when it runs, else the stamp's recorded
// figure), a cold start to /readyz, one whole check of the repository's renders through it (start, Argo
// CD's CRDs, namespaces, a dry-run apply of every object of every kustomization, stop), and the server's
// peak resident memory (VmHWM of the supervisor, which holds etcd and kube-apiserver), and the RBAC step of
// control-plane-rbac on that server (each overlay's RBAC applied, one SubjectAccessReview per call, removed
// again) in CPU seconds of this process and of the server together.
import { readFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);

export async function runApiServerBench({ repoRoot }) {
  const build = await import(new URL('render/apiserver-build.js', dist).href);
  const { startApiServer } = await import(new URL('validate/schema/api-server-process.js', dist).href);
  const { apiServerSchemaEngine } = await import(new URL('validate/schema/api-server.js', dist).href);
  const { validate, discoverOverlays, renderKustomization, resolveKustomize, parseRendered } = await import(new URL('index.js', dist).href);
  const permissions = await import(new URL('validate/policies/control-plane-permissions.js', dist).href);
  const { pinnedFacts } = await import(new URL('facts/pinned.js', dist).href);

  const built = await build.buildApiServer({ onBuildStart: () => process.stderr.write(`${build.buildingLine()}\n`) });
  if (!built.ok) return { ok: false, reason: built.reason };
  const pins = built.pins;

  const cold = await startApiServer({ binary: build.apiServerBinary(built.binDir), version: pins.kubernetes });
  const coldStartS = cold.startSeconds;
  const coldRssMb = (cold.memory().rss ?? 0) / 2 ** 20;
  await cold.stop();

  const engine = apiServerSchemaEngine({ progress: (line) => process.stderr.write(`${line}\n`) });
  const started = performance.now();
  let result;
  let peakMb;
  let rbac;
  try {
    result = await validate({ repoRoot, schema: { engine, kubernetesVersion: pins.kubernetes.slice(1) }, rules: 'none' });
    peakMb = (engine.server()?.memory().peak ?? 0) / 2 ** 20;
    rbac = await rbacStep(engine);
  } finally {
    await engine.close();
  }
  const wholeCheckS = (performance.now() - started) / 1000;
  const objects = result.overlays.reduce((sum, overlay) => sum + overlay.resources, 0);
  const errors = result.overlays.flatMap((overlay) => overlay.findings).filter((finding) => finding.severity === 'error').length;
  return {
    ok: true,
    version: pins.kubernetes,
    etcd: pins.etcd,
    built: built.built,
    buildSeconds: built.buildSeconds,
    coldStartS,
    coldRssMb,
    wholeCheckS,
    kustomizations: result.overlays.length,
    objects,
    errors,
    peakMb,
    rbac,
  };

  /** The RBAC review of every overlay's render on the started server: CPU seconds (this process and the server), requests, denials. */
  async function rbacStep(engine) {
    const kustomize = await resolveKustomize();
    const renders = [];
    for (const dir of await discoverOverlays(repoRoot, [])) {
      const rendered = await renderKustomization(kustomize, dir);
      renders.push(parseRendered({ yaml: rendered.yaml, file: dir }).resources);
    }
    const serverTicks = () => {
      const fields = readFileSync(`/proc/${engine.server().pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]);
    };
    const ticksBefore = serverTicks();
    const cpuBefore = process.cpuUsage();
    let requests = 0;
    let denied = 0;
    for (const resources of renders) {
      const needs = permissions.controlPlanePermissions(resources, pinnedFacts());
      const decisions = await engine.reviewAccess(resources, needs.map(permissions.accessRequestOf));
      requests += needs.length;
      denied += decisions.filter((decision) => !decision.allowed).length;
    }
    const cpu = process.cpuUsage(cpuBefore);
    // Linux clock ticks: 100 per second (USER_HZ).
    const cpuS = (cpu.user + cpu.system) / 1e6 + (serverTicks() - ticksBefore) / 100;
    return { renders: renders.length, requests, denied, cpuS };
  }
}
