#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (which `npm ci` runs through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('consul-gitops: the tools are not built (no tools/dist). Run `npm run build` at the repository root (`npm ci` runs it too).\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
