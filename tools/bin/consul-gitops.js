#!/usr/bin/env -S node --max-semi-space-size=32
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (which `npm ci` runs through `prepare`).
// Two V8 settings (measured in `npm run bench`):
// - a 32 MiB young generation, in the shebang: parsing thousands of manifests makes many short-lived objects, and
//   with the default 16 MiB the scavenger takes about a sixth of the CPU time of a large `validate -f`. V8 sizes its
//   heap when it starts, so `node tools/bin/consul-gitops.js` runs without it (set at run time it changed nothing:
//   50 scavenges against 47 without it and 32 with the shebang, validate -f of 3,150 objects);
// - 8 times V8's default interrupt budget (67,584), set below before the CLI loads, so the Nx targets and
//   `npm run validate` (which run `node tools/bin/consul-gitops.js`) have it too: a function is optimized by
//   TurboFan only after 8 times as much work. Most runs last about a second, and optimizing code that then runs a
//   few more milliseconds cost a quarter of their CPU time (repository validate 1.30 s -> 0.98 s, median of 6 on a
//   loaded machine); a long run still optimizes its hot loops (validate -f of 3,150 objects: 5.3 s -> 4.4 s), where
//   --no-opt was 17% slower. Set here at run time it saves as much as on the command line (medians of 5
//   interleaved runs, loaded machine: repository validate 1.34 s CPU without it, 1.15 s either way; validate -f
//   3.34 s without it, 2.47 s here, 2.51 s on the command line).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { loadWithCodeCache } from './code-cache.js';

setFlagsFromString('--interrupt-budget=540672');

// The CLI bundled into one file by `npm run build` (tools/scripts/bundle-cli.mjs): one module to load, not some 200,
// compiled with V8's code cache of the last run (./code-cache.js; CONSUL_GITOPS_CODE_CACHE=off runs without it).
const entry = fileURLToPath(new URL('../dist/cli/main.bundle.cjs', import.meta.url));
const cacheDir = codeCacheDir();

/**
 * A folder of the user's cache ($XDG_CACHE_HOME, else ~/.cache), never a folder of the checkout: V8 runs what a code
 * cache holds, a generated tree there would hide drift, and a pull request can add files anywhere in the checkout,
 * ignored folders too (`git add -f`). `switchName` set to `off` in the environment turns that cache off.
 */
function userCacheDir(name, switchName) {
  if (process.env[switchName] === 'off') return undefined;
  const dir = resolve(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'consul-gitops', name);
  const checkout = fileURLToPath(new URL('../..', import.meta.url));
  return `${dir}${sep}`.startsWith(checkout) ? undefined : dir;
}
function codeCacheDir() {
  return userCacheDir('compile', 'CONSUL_GITOPS_CODE_CACHE');
}
if (!existsSync(entry)) {
  process.stderr.write(
    'consul-gitops: the tools are not built (no tools/dist). Run `npm run build` at the repository root (`npm ci` runs it too).\n',
  );
  process.exit(2);
}
// The Nx targets pass their arguments (folder names a pull request chooses) as a JSON array in
// CONSUL_GITOPS_ARGV, never in the shell command Nx runs: see tools/src/nx/plugin.ts.
const fromNx = process.env.CONSUL_GITOPS_ARGV;
delete process.env.CONSUL_GITOPS_ARGV;
let leading = [];
if (fromNx !== undefined) {
  try {
    leading = JSON.parse(fromNx);
  } catch {
    leading = undefined;
  }
  if (!Array.isArray(leading) || !leading.every((item) => typeof item === 'string')) {
    process.stderr.write('consul-gitops: CONSUL_GITOPS_ARGV must be a JSON array of strings (the Nx plugin sets it).\n');
    process.exit(2);
  }
}
const argv = [...leading, ...process.argv.slice(2)];
const bundle = loadWithCodeCache(entry, cacheDir, argv[0]);
// The drift check's generated trees (generate/generate-cache.ts), kept for this build of the bundle.
const generateDir = userCacheDir('generate', 'CONSUL_GITOPS_GENERATE_CACHE');
const launch = generateDir === undefined ? {} : { generateCache: { dir: generateDir, build: bundle.key } };
process.exitCode = await bundle.exports.main(argv, undefined, launch);
bundle.save();
