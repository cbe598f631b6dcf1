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
  ['facts'],
  ['owner.ts', 'pool.ts', 'boundary.ts', 'child-process.ts', 'committed-outputs.ts'],
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
      name: 'model-is-pure',
      severity: 'error',
      comment:
        'model/ is vocabulary (types and pure functions): no file system, process, network or clock module; what it needs from files (facts) is passed in by an edge',
      from: { path: '^tools/src/model/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|child_process|worker_threads|cluster|net|http|https|http2|dgram|dns|dns/promises|tls|os|readline|process|inspector|timers|timers/promises|vm)$',
      },
    },
    {
      name: 'facts-at-the-edge',
      severity: 'error',
      comment:
        "the pinned facts are read by facts/ and handed to the rules as data (context.facts): only the runners (validate's run-policies.ts, diff's consul-impact.ts) and the wiring above them load them",
      from: {
        path: '^tools/src/',
        pathNot: [
          '^tools/src/facts/',
          '^tools/src/validate/run-policies\\.ts$',
          '^tools/src/diff/consul-impact\\.ts$',
          '^tools/src/pipeline/',
          '^tools/src/index\\.ts$',
          '^tools/src/cli/',
          '^tools/src/nx/',
        ],
      },
      to: { path: '^tools/src/facts/' },
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
