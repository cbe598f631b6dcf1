/**
 * The import graph of tools/src, read with the TypeScript compiler API: each file is parsed on its own
 * (no program, no type-check), so the architecture tests see exactly what is written in the sources.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../helpers/repo.js';

export const SRC = join(REPO_ROOT, 'tools/src');

/** Repository-relative path with forward slashes: `tools/src/pipeline.ts`. */
export function repoPath(file: string): string {
  return relative(REPO_ROOT, file).split('\\').join('/');
}

/** Every file under `dir` whose name ends with one of `extensions`, sorted, as absolute paths. */
export function filesUnder(dir: string, extensions: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.some((extension) => entry.name.endsWith(extension)) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.split('/').includes('node_modules'))
    .sort();
}

export function parseSource(file: string): ts.SourceFile {
  const kind = /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, kind);
}

/** One import (or re-export) of a tools/src module. */
export interface ImportEdge {
  /** Repository-relative importing file. */
  from: string;
  /** Repository-relative imported tools/src module. */
  to: string;
  /** Imported or re-exported names; `*` for a namespace import or `export *`, none for a side-effect import. */
  names: string[];
  /** `import type` / `export type`, or every named element marked `type`. */
  typeOnly: boolean;
  line: number;
}

/** The tools/src module a relative specifier `./x.js` of `file` names, or undefined (a package, a missing file). */
export function resolveSpecifier(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
  return existsSync(target) && target.startsWith(`${SRC}/`) ? target : undefined;
}

/** Every static import and `export … from` of a tools/src module in one TypeScript file. */
export function importsOf(file: string): ImportEdge[] {
  const source = parseSource(file);
  const edges: ImportEdge[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const to = resolveSpecifier(file, statement.moduleSpecifier.text);
      if (!to) continue;
      const clause = statement.importClause;
      const names: string[] = [];
      let allTypes = true;
      if (clause?.name) {
        names.push('default');
        allTypes = false;
      }
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        names.push('*');
        allTypes = false;
      } else if (bindings) {
        for (const element of bindings.elements) {
          names.push((element.propertyName ?? element.name).text);
          if (!element.isTypeOnly) allTypes = false;
        }
      }
      edges.push({
        from: repoPath(file),
        to: repoPath(to),
        names,
        typeOnly: clause !== undefined && (clause.isTypeOnly || (names.length > 0 && allTypes)),
        line: line(statement),
      });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const to = resolveSpecifier(file, statement.moduleSpecifier.text);
      if (!to) continue;
      const clause = statement.exportClause;
      const elements = clause && ts.isNamedExports(clause) ? clause.elements : undefined;
      const names = elements ? elements.map((element) => (element.propertyName ?? element.name).text) : ['*'];
      const typeOnly =
        statement.isTypeOnly || (elements !== undefined && elements.length > 0 && elements.every((element) => element.isTypeOnly));
      edges.push({ from: repoPath(file), to: repoPath(to), names, typeOnly, line: line(statement) });
    }
  }
  return edges;
}

/** Every tools/src TypeScript module, as absolute paths. */
export function sourceModules(): string[] {
  return filesUnder(SRC, ['.ts']);
}
