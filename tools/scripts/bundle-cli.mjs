// `npm run build`, after tsc: the CLI as one file, tools/dist/cli/main.bundle.cjs, so that a run
// loads one file instead of some 200 modules of tools/dist and node_modules (module loading was about a
// quarter of the CPU time of `consul-gitops validate`; see docs/performance.md). The launcher
// tools/bin/consul-gitops.js imports it; the library (tools/dist/index.js) and the Nx plugin stay unbundled.
// It sits two folders below tools/, like every module of dist/, so data paths resolve the same
// (model/tools-root.ts).
// It also writes the spec schema's validator as code (environments/compiled-schema.ts), stamped with its key.
import { writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { COMPILED_SPEC_SCHEMA_FILE, SPEC_AJV_OPTIONS, specSchemaKey } from '../dist/environments/compiled-schema.js';
import { specJsonSchema } from '../dist/environments/schema.js';

const tools = fileURLToPath(new URL('..', import.meta.url));
const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // loaded on demand by the JUnit reporter (report/junit.ts), from node_modules
  external: ['xmlbuilder2'],
  legalComments: 'none',
  logLevel: 'warning',
};
// The CLI as CommonJS, so that the launcher can compile it with V8's code cache (tools/bin/code-cache.js: Node 20
// caches no ES module's code). Strict, as the ES modules it is made of; import.meta.url is the bundle's own URL.
await build({
  ...shared,
  entryPoints: [`${tools}/dist/cli/main.js`],
  outfile: `${tools}/dist/cli/main.bundle.cjs`,
  format: 'cjs',
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "'use strict'; const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// files mode's worker thread (pipeline/file-threads.ts), in the same folder so its data paths resolve the same; an
// ES module (a worker loads it by URL). ajv and js-yaml are CommonJS: their require() calls of Node's own modules
// need a real require.
await build({
  ...shared,
  entryPoints: [`${tools}/dist/pipeline/file-worker.js`],
  outfile: `${tools}/dist/cli/file-worker.bundle.js`,
  format: 'esm',
  banner: {
    js: "import { createRequire as bundleCreateRequire } from 'node:module'; const require = bundleCreateRequire(import.meta.url);",
  },
});

const ajv = new Ajv({ ...SPEC_AJV_OPTIONS, code: { source: true } });
const code = standalone.default(ajv, ajv.compile(specJsonSchema));
writeFileSync(COMPILED_SPEC_SCHEMA_FILE, `${code}\nmodule.exports.schemaKey = ${JSON.stringify(specSchemaKey())};\n`);
