/** Stage: rendered YAML stream -> resources with positions. Origin annotations are read, then removed. */
import { relative, resolve } from 'node:path';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Finding } from '../model/finding.js';
import { lineNodeAt } from './yaml-pointer.js';
import type { ParsedResource } from './resource.js';

const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

export interface ParseInput {
  yaml: string;
  /** Display name of the stream (an overlay path, or a file). */
  file: string;
  /** Directory that origin paths are relative to (the render's wrapper), and the repository root. */
  originRoot?: string;
  repoRoot?: string;
}

export interface ParseOutput {
  resources: ParsedResource[];
  findings: Finding[];
}


function readOrigin(object: Record<string, unknown>, input: ParseInput): string | undefined {
  const metadata = object.metadata as { annotations?: Record<string, unknown> } | undefined;
  const annotations = metadata?.annotations;
  const value = annotations?.[ORIGIN_ANNOTATION];
  if (annotations && value !== undefined) {
    delete annotations[ORIGIN_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete metadata!.annotations;
  }
  if (typeof value !== 'string' || !input.originRoot) return undefined;
  const path = /^path:\s*(.+)$/m.exec(value)?.[1]?.trim();
  if (!path) return undefined;
  return relative(input.repoRoot ?? process.cwd(), resolve(input.originRoot, path)).split('\\').join('/');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseRendered(input: ParseInput): ParseOutput {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(input.yaml, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const resources: ParsedResource[] = [];
  const findings: Finding[] = [];
  const list = Array.isArray(documents) ? documents : [];
  if (!Array.isArray(documents)) {
    findings.push({ rule: 'yaml-parse', severity: 'error', message: 'not a YAML stream', location: { file: input.file } });
  }
  for (const document of list) {
    const start = document.range[0];
    const line = lineCounter.linePos(start).line;
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const position = lineCounter.linePos(error.pos[0]);
        findings.push({
          rule: 'yaml-parse',
          severity: 'error',
          message: `${error.code === 'DUPLICATE_KEY' ? 'duplicate key in one mapping' : 'invalid YAML'}: ${error.message.split('\n')[0]}`,
          hint: 'fix the YAML syntax at this line',
          location: { file: input.file, line: position.line, col: position.col },
        });
      }
      continue;
    }
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    const lineOf = (pointer: string): number | undefined => {
      const node = lineNodeAt(document, pointer);
      return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    };
    if (!isObject(value)) {
      findings.push({ rule: 'yaml-parse', severity: 'error', message: 'document is not a mapping (a Kubernetes object)', location: { file: input.file, line } });
      continue;
    }
    const items = typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items) ? value.items : undefined;
    const objects = items ? items.map((item, index) => ({ item, prefix: `/items/${index}` })) : [{ item: value as unknown, prefix: '' }];
    for (const { item, prefix } of objects) {
      if (!isObject(item)) {
        findings.push({ rule: 'yaml-parse', severity: 'error', message: `List item ${prefix} is not an object`, location: { file: input.file, line: lineOf(prefix) ?? line } });
        continue;
      }
      const originFile = readOrigin(item, input);
      const metadata = isObject(item.metadata) ? item.metadata : {};
      const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
      resources.push({
        ref: {
          ...(typeof item.apiVersion === 'string' ? { apiVersion: item.apiVersion } : {}),
          kind: typeof item.kind === 'string' ? item.kind : '(no kind)',
          name: typeof metadata.name === 'string' ? metadata.name : '(no name)',
          ...(namespace ? { namespace } : {}),
        },
        object: item,
        location: { file: input.file, line: lineOf(prefix) ?? line },
        ...(originFile ? { origin: { file: originFile } } : {}),
        lineOf: (pointer: string) => lineOf(prefix + pointer),
      });
    }
  }
  return { resources, findings };
}
