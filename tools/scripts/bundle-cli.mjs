// `npm run build`, after tsc: the CLI as one ES module, tools/dist/cli/main.bundle.js, so that a run
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
const bundle = (entry, outfile) =>
  build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // ajv and js-yaml are CommonJS: their require() calls of Node's own modules need a real require.
    banner: {
      js: "import { createRequire as bundleCreateRequire } from 'node:module'; const require = bundleCreateRequire(import.meta.url);",
    },
    // loaded on demand by the JUnit reporter (report/junit.ts), from node_modules
    external: ['xmlbuilder2'],
    legalComments: 'none',
    logLevel: 'warning',
  });
await bundle(`${tools}/dist/cli/main.js`, `${tools}/dist/cli/main.bundle.js`);
// files mode's worker thread (pipeline/file-threads.ts), in the same folder so its data paths resolve the same
await bundle(`${tools}/dist/pipeline/file-worker.js`, `${tools}/dist/cli/file-worker.bundle.js`);

const ajv = new Ajv({ ...SPEC_AJV_OPTIONS, code: { source: true } });
const code = standalone.default(ajv, ajv.compile(specJsonSchema));
writeFileSync(COMPILED_SPEC_SCHEMA_FILE, `${code}\nmodule.exports.schemaKey = ${JSON.stringify(specSchemaKey())};\n`);
