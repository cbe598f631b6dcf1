// Loads the bundled CLI (CommonJS, tools/dist/cli/main.bundle.cjs) through V8 with a code cache: V8's compiled code
// of the last run, kept in the user's cache folder (~/.cache/consul-gitops/compile, never the checkout: see
// tools/bin/consul-gitops.js), so a run deserializes the functions it needs instead of parsing and compiling 1.7 MB
// of JavaScript again (Node 20 has no module.enableCompileCache; docs/performance.md).
// The cache is a speed-up only: it is keyed by the file's content and Node's version, V8 checks it again (flags,
// version) and runs without it when it does not fit, a file of another user is not read, and any file system error
// leaves the run as it is.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';

/**
 * Runs the CommonJS file `file` as Node would (exports, require, module, __filename, __dirname), compiled with the
 * code cache in `cacheDir` when there is one that fits (`cacheDir` undefined: no cache). `save()`, called when the
 * run is over, writes V8's code for every function the run compiled, when the cache was missing or did not fit.
 * V8 caches only what a run compiled, so each `variant` (the CLI's command: validate, gate, diff...) has its own.
 */
export function loadWithCodeCache(file, cacheDir, variant = 'default') {
  const source = readFileSync(file, 'utf8');
  const name = basename(file);
  const key = createHash('sha256').update(`${process.version}\0${process.arch}\0`).update(source).digest('hex').slice(0, 16);
  const kind = /^[a-z][a-z0-9-]{0,30}$/.test(variant) ? variant : 'default';
  const cacheFile = cacheDir === undefined ? undefined : join(cacheDir, `${name}.${key}.${kind}.v8`);
  let cachedData;
  try {
    // V8 runs what the cache holds: only a file this user wrote
    if (cacheFile !== undefined && statSync(cacheFile).uid === process.getuid?.()) cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  // one line, so that the file's line numbers stay those of stack traces
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const used = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    // the file's identity as this cache knows it (its content and Node's version), for the bundle's own caches
    key,
    used,
    cacheFile,
    save() {
      if (used || cacheFile === undefined) return false;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
        // the caches of earlier builds of the same file
        for (const entry of readdirSync(cacheDir))
          if (entry.startsWith(`${name}.`) && entry.endsWith('.v8') && !entry.startsWith(`${name}.${key}.`))
            rmSync(join(cacheDir, entry), { force: true });
        return true;
      } catch {
        return false; // a read-only checkout runs without the cache
      }
    },
  };
}
