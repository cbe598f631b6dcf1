/**
 * One YAML reader (issue 26): no module outside tools/src/parse/ imports a YAML parser for reading. Outside
 * parse/, the yaml package may give only types, node guards (to walk or edit a document the reader returned)
 * and `stringify` (writing); inside parse/, only yaml-reader.ts parses with yaml, and the fast path with
 * js-yaml: documents.ts, and block-index.ts for the scalars its block reader leaves to js-yaml.
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { parseSource, repoPath, sourceModules } from './source-graph.js';

const YAML_PACKAGES = new Set(['yaml', 'js-yaml']);
/** What a module may take from a YAML package without reading YAML with it. */
const NOT_READING = new Set(['stringify', 'isMap', 'isSeq', 'isScalar', 'isPair', 'isNode', 'isCollection', 'isDocument', 'isAlias']);
/** The modules that read YAML text themselves. */
const READERS = new Set(['tools/src/parse/yaml-reader.ts', 'tools/src/parse/documents.ts', 'tools/src/parse/block-index.ts']);

/** Every value import of a YAML package in one source text that could read YAML: `file:line name from pkg`. */
function readingImports(path: string, source: ts.SourceFile): string[] {
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const from = statement.moduleSpecifier.text;
    if (!YAML_PACKAGES.has(from) || statement.importClause?.isTypeOnly) continue;
    const clause = statement.importClause;
    const bindings = clause?.namedBindings;
    const names = [
      ...(clause?.name ? ['default'] : []),
      ...(bindings && ts.isNamespaceImport(bindings) ? ['*'] : []),
      ...(bindings && ts.isNamedImports(bindings)
        ? bindings.elements.filter((element) => !element.isTypeOnly).map((element) => (element.propertyName ?? element.name).text)
        : []),
      ...(clause ? [] : ['(side effect)']),
    ];
    const line = source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
    for (const name of names.filter((entry) => !NOT_READING.has(entry))) found.push(`${path}:${line} ${name} from ${from}`);
  }
  return found;
}

describe('one YAML reader', () => {
  it('no module but parse/yaml-reader.ts (and the js-yaml fast path of parse/documents.ts and block-index.ts) imports a YAML parser for reading', () => {
    const offending = sourceModules().flatMap((file) => {
      const path = repoPath(file);
      return READERS.has(path) ? [] : readingImports(path, parseSource(file));
    });
    expect(offending).toEqual([]);
  });

  it('sees what it checks: the readers themselves parse, and a parse import elsewhere would be reported', () => {
    const reader = sourceModules().find((file) => repoPath(file) === 'tools/src/parse/yaml-reader.ts')!;
    expect(readingImports('reader', parseSource(reader))).toEqual([
      expect.stringMatching(/ LineCounter from yaml$/),
      expect.stringMatching(/ parseAllDocuments from yaml$/),
      expect.stringMatching(/ parseDocument from yaml$/),
    ]);
    const text = [
      "import { parseDocument, stringify, type Document } from 'yaml';",
      "import type { YAMLError } from 'yaml';",
      "import * as jsYaml from 'js-yaml';",
      "import YAML from 'yaml';",
    ].join('\n');
    const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    expect(readingImports('x.ts', source)).toEqual(['x.ts:1 parseDocument from yaml', 'x.ts:3 * from js-yaml', 'x.ts:4 default from yaml']);
  });
});
