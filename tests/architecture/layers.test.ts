/**
 * The layers of tools/src, bottom first. A module imports only from its own layer or a lower one, no
 * two folders import each other in a circle, and the stages above validate (report, diff, nx) do not
 * reach into validate for shared vocabulary (that lives in model/). Type-only imports count: they
 * couple the code as much as value imports do. The README's "Layers" section lists the same order.
 */
import { describe, expect, it } from 'vitest';
import { importsOf, sourceModules, type ImportEdge } from './source-graph.js';

interface Layer {
  /** Folders (`generate`, `validate/policies`; `validate` is its own files) and top-level files (`pipeline.ts`). */
  units: readonly string[];
  role: string;
}

const LAYERS: readonly Layer[] = [
  {
    units: ['model'],
    role: 'the shared vocabulary: findings, errors, rule ids and the Rule type, rule groups, suppressions, object readers, Consul and Argo CD facts, quorum math; imports nothing',
  },
  {
    units: ['owner.ts', 'pool.ts', 'boundary.ts', 'child-process.ts'],
    role: "process plumbing with no domain: who owns a lock, bounded concurrency, the repository's trust boundary",
  },
  {
    units: ['parse'],
    role: 'text to data: the one YAML reader, rendered YAML to objects with positions, kustomization files, and which source file defines each',
  },
  { units: ['spec'], role: 'environments.yaml loaded, defaulted and checked' },
  { units: ['generate'], role: 'the spec to base/, overlays/ and argocd/ (pure), and the edges that write or compare them' },
  { units: ['render'], role: 'kustomize build through the pinned Go binary' },
  {
    units: ['discover.ts', 'discover-files.ts'],
    role: 'which kustomization directories (or, with -f, which manifest files) a run covers, and how they are named',
  },
  { units: ['validate/schema'], role: 'the schema stage: every object against the Kubernetes, CRD and Argo CD schemas' },
  { units: ['validate/consul'], role: 'what the rendered Consul agents and control-plane commands are told' },
  { units: ['validate/policies'], role: 'the rules over the rendered objects' },
  { units: ['validate/kustomization'], role: 'the rules over the kustomization files' },
  { units: ['validate/argocd'], role: 'the Argo CD cross-checks against what the overlays render' },
  { units: ['validate'], role: 'the rules of the pipeline stages (build, parse, schema, spec, drift)' },
  { units: ['report'], role: 'a run result in text, json, junit, sarif and github formats' },
  { units: ['diff'], role: 'the Consul impact of a change between two trees' },
  { units: ['rule-catalog.ts'], role: "every rule's metadata, collected from validate/ and diff/ where it sits beside its code" },
  { units: ['pipeline.ts'], role: 'the one wiring of the stages: spec, render, parse, check, result' },
  { units: ['index.ts'], role: 'the library entry: the pipeline for programmatic use, which the CLI commands call' },
  { units: ['nx', 'cli'], role: 'entry points: the Nx plugin and the consul-gitops commands' },
];

/** Stages above validate that take nothing from it: what they share with it belongs in model/ (issue 15). */
const NOT_INTO_VALIDATE = ['report', 'diff', 'nx'];

/** The layer unit of a tools/src module: its folder (validate's sub-folders and cli/commands count as their parent's unit where said). */
function unitOf(path: string): string {
  const parts = path.replace(/^tools\/src\//, '').split('/');
  if (parts.length === 1) return parts[0] ?? path;
  if (parts[0] === 'validate' && parts.length > 2) return `validate/${parts[1]}`;
  return parts[0] ?? path;
}

function layerOf(unit: string): number {
  return LAYERS.findIndex((layer) => layer.units.includes(unit));
}

const edges = sourceModules().flatMap((file) => importsOf(file));
const crossUnit = edges.filter((edge) => unitOf(edge.from) !== unitOf(edge.to));

/** Why an import breaks the layers, or undefined when it is fine. */
function violation(edge: ImportEdge): string | undefined {
  const from = unitOf(edge.from);
  const to = unitOf(edge.to);
  if (layerOf(to) > layerOf(from)) return `${from} (layer ${layerOf(from)}) imports ${to} (layer ${layerOf(to)}), a higher layer`;
  if (NOT_INTO_VALIDATE.includes(from) && (to === 'validate' || to.startsWith('validate/')))
    return `${from} takes shared vocabulary from ${to}: move it to model/`;
  return undefined;
}

/** Folder cycles (strongly connected components of more than one unit), each as its sorted units. */
function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member !== undefined) component.push(member);
      } while (member !== undefined && member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

function unitGraph(list: readonly ImportEdge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const edge of list) graph.set(unitOf(edge.from), new Set([...(graph.get(unitOf(edge.from)) ?? []), unitOf(edge.to)]));
  return graph;
}

describe('tools/src imports run only downward', () => {
  it('every folder and top-level file of tools/src has a layer', () => {
    const units = [...new Set(sourceModules().map((file) => unitOf(file.replace(/^.*\/tools\/src\//, 'tools/src/'))))].sort();
    expect(units.filter((unit) => layerOf(unit) < 0)).toEqual([]);
  });

  it('no import goes to a higher layer, and report, diff and nx take nothing from validate', () => {
    const broken = crossUnit.filter((edge) => violation(edge) !== undefined);
    expect(broken.map((edge) => `${edge.from}:${edge.line} -> ${edge.to}: ${violation(edge)}`)).toEqual([]);
  });

  it('no two folders import each other in a circle', () => {
    expect(cycles(unitGraph(crossUnit))).toEqual([]);
  });

  it('no two modules import each other in a circle, inside a folder too (a registry and its entries, two halves of one reader)', () => {
    const graph = new Map<string, Set<string>>();
    for (const edge of edges) graph.set(edge.from, new Set([...(graph.get(edge.from) ?? []), edge.to]));
    expect(cycles(graph)).toEqual([]);
  });

  it('reads the graph it checks: a known downward import is seen, and a circle is found', () => {
    // Guards the reader and the cycle search themselves, so an empty result means a clean tree.
    expect(crossUnit.some((edge) => edge.from === 'tools/src/pipeline.ts' && edge.to === 'tools/src/render/render.ts')).toBe(true);
    expect(crossUnit.some((edge) => edge.from === 'tools/src/validate/kustomization/check.ts' && edge.typeOnly)).toBe(true);
    const circle = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(circle)).toEqual([['a', 'b', 'c']]);
  });
});
