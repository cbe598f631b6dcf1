// dependency-cruiser (`npm run lint`, `depcruise tools/src`): the layers of tools/src, bottom first, as
// docs/architecture.md ("Layers") lists them. A module imports only from its own layer or a lower one; report,
// diff and nx take nothing from validate (what they share with it lives in model/); no two modules import each
// other in a circle, inside one folder too. Type-only imports count: they couple the code as much as value
// imports do. A unit is a folder (validate's sub-folders are units of their own; `validate` alone is the
// files directly in validate/) or a top-level file.

/** @param {string} unit */
const pattern = (unit) =>
  unit.endsWith('.ts')
    ? `^tools/src/${unit.replace(/\./g, '\\.')}$`
    : unit === 'validate'
      ? '^tools/src/validate/[^/]+$'
      : `^tools/src/${unit}/`;

const LAYERS = [
  ['model'],
  ['owner.ts', 'pool.ts', 'boundary.ts', 'child-process.ts'],
  ['parse'],
  ['environments'],
  ['generate'],
  ['render'],
  ['discover.ts', 'discover-files.ts'],
  ['validate/schema'],
  ['validate/consul'],
  ['validate/policies'],
  ['validate/rules'],
  ['validate/kustomization'],
  ['validate/argocd'],
  ['validate'],
  ['report'],
  ['diff'],
  ['rule-catalog.ts'],
  ['pipeline'],
  ['index.ts'],
  ['nx', 'cli'],
];

const ALL_UNITS = LAYERS.flat().map(pattern);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...LAYERS.slice(0, -1).map((units, index) => ({
      name: `layer-${units.join('+')}`,
      severity: 'error',
      comment: `${units.join(', ')} (layer ${index}) imports only from its own layer or a lower one (docs/architecture.md, Layers)`,
      from: { path: units.map(pattern) },
      to: {
        path: LAYERS.slice(index + 1)
          .flat()
          .map(pattern),
      },
    })),
    {
      name: 'not-into-validate',
      severity: 'error',
      comment: 'report, diff and nx take nothing from validate: what they share with it belongs in model/',
      from: { path: ['^tools/src/report/', '^tools/src/diff/', '^tools/src/nx/'] },
      to: { path: '^tools/src/validate/' },
    },
    {
      name: 'no-layer',
      severity: 'error',
      comment: 'every folder and top-level file of tools/src has a layer: add it to LAYERS here and to docs/architecture.md',
      from: { path: '^tools/src/', pathNot: ALL_UNITS },
      to: {},
    },
    {
      name: 'no-layer-target',
      severity: 'error',
      comment: 'every folder and top-level file of tools/src has a layer: add it to LAYERS here and to docs/architecture.md',
      from: { path: '^tools/src/' },
      to: { path: '^tools/src/', pathNot: ALL_UNITS },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'no two modules import each other in a circle, inside a folder too (a registry and its entries, two halves of one reader)',
      from: { path: '^tools/src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'no two units of one layer import each other in a circle (nx and cli)',
      from: { path: '^tools/src/nx/' },
      to: { path: '^tools/src/cli/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'an import that resolves to nothing (a typo, or a module that was removed)',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
