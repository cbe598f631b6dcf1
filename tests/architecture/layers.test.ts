/**
 * The layers of tools/src are configuration: .dependency-cruiser.cjs lists them bottom first (docs/architecture.md,
 * "Layers", says the same) and forbids an import to a higher layer, report/diff/nx taking anything from validate,
 * a module outside every layer, any circle of imports, an I/O module (node:fs, ...) in model/, and a rule loading
 * the facts itself (only the runners and the wiring read them); type-only imports count. `npm run lint` runs it too.
 * Here: the repository is clean, and the configuration fails a tree that breaks each rule.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';

const run = promisify(execFile);
const DEPCRUISE = join(REPO_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(REPO_ROOT, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** dependency-cruiser's violations over `tools/src` of a tree, with the repository's configuration. */
async function violations(cwd: string): Promise<Violation[]> {
  const result = await run(process.execPath, [DEPCRUISE, 'tools/src', '--config', CONFIG, '--output-type', 'json'], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string; code?: number }) => {
    if (error.stdout === undefined || error.stdout === '') throw error;
    return { stdout: error.stdout };
  });
  return (JSON.parse(result.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A throwaway tree of tools/src modules (path -> source), with the tsconfig dependency-cruiser resolves through. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'consul-gitops-layers-'));
  scratch.push(root);
  const all = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
      include: ['tools/src'],
    }),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe('tools/src imports run only downward (.dependency-cruiser.cjs)', () => {
  it('the repository breaks no rule', async () => {
    expect(await violations(REPO_ROOT)).toEqual([]);
  }, 60_000);

  it('fails a tree that breaks each rule once, naming the rule and the import', async () => {
    // One throwaway tree, one run: each pair of files below breaks one rule.
    const root = await tree({
      // a lower layer importing a higher one, type-only
      'tools/src/model/finding.ts': "import type { Args } from '../cli/args.js';\nexport type F = Args;\n",
      'tools/src/cli/args.ts': 'export type Args = string[];\n',
      // report taking vocabulary from validate, a lower layer
      'tools/src/report/text.ts': "import { SEVERITIES } from '../validate/stage-rules.js';\nexport const s = SEVERITIES;\n",
      'tools/src/validate/stage-rules.ts': 'export const SEVERITIES = [];\n',
      // the Nx plugin importing the CLI (the two entry points of one layer)
      'tools/src/nx/plugin.ts': "import { main } from '../cli/main.js';\nexport const m = main;\n",
      'tools/src/cli/main.ts': 'export const main = 1;\n',
      // a folder with no layer
      'tools/src/extra/helper.ts': "import { a } from '../model/a.js';\nexport const b = a;\n",
      // a circle of two modules inside one folder
      'tools/src/model/a.ts': "import { c } from './c.js';\nexport const a = (): number => c();\n",
      'tools/src/model/c.ts': "import { a } from './a.js';\nexport const c = (): number => a();\n",
      // model/ reading a file (and node:url, which is pure, allowed)
      'tools/src/model/io.ts':
        "import { readFileSync } from 'node:fs';\nimport { fileURLToPath } from 'node:url';\nexport const r = [readFileSync, fileURLToPath];\n",
      // a rule loading the facts itself instead of taking context.facts; the runner may
      'tools/src/facts/pinned.ts': 'export const pinnedFacts = (): object => ({});\n',
      'tools/src/validate/rules/some-rule.ts': "import { pinnedFacts } from '../../facts/pinned.js';\nexport const f = pinnedFacts;\n",
      'tools/src/validate/run-policies.ts': "import { pinnedFacts } from '../facts/pinned.js';\nexport const f = pinnedFacts;\n",
    });
    const found = (await violations(root)).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual([
      'facts-at-the-edge: tools/src/validate/rules/some-rule.ts -> tools/src/facts/pinned.ts',
      'layer-model: tools/src/model/finding.ts -> tools/src/cli/args.ts',
      'model-is-pure: tools/src/model/io.ts -> fs',
      'no-circular-folders: tools/src/nx/plugin.ts -> tools/src/cli/main.ts',
      'no-circular: tools/src/model/a.ts -> tools/src/model/c.ts',
      'no-layer: tools/src/extra/helper.ts -> tools/src/model/a.ts',
      'not-into-validate: tools/src/report/text.ts -> tools/src/validate/stage-rules.ts',
    ]);
  }, 60_000);
});
