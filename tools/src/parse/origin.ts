/**
 * Point a finding at the line in base/ or overlays/ that set the field: the resource's origin file
 * (kustomize origin annotation) or a patch of the overlay that touches the same object and path.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { isPlainObject } from '../model/json.js';
import type { Finding } from '../model/finding.js';
import { readKustomization } from './kustomization.js';
import { parseRendered } from './documents.js';

interface SourceDocument {
  kind?: string;
  name?: string;
  lineOf(pointer: string): number | undefined;
}

export class SourceIndex {
  /** The most recently used files, oldest first: a fleet's run reads thousands, each overlay's own only while it is checked. */
  private readonly files = new Map<string, Promise<SourceDocument[]>>();
  /** `capacity`: how many files' parses are kept (the shared base/ files stay, being used by every overlay). */
  constructor(
    private readonly repoRoot: string,
    private readonly capacity = 256,
  ) {}

  private documents(file: string): Promise<SourceDocument[]> {
    let entry = this.files.get(file);
    if (entry) {
      // most recently used last
      this.files.delete(file);
      this.files.set(file, entry);
    } else {
      // the parser's fast path: base/ and overlays/ are written by generate in plain block YAML, so their
      // lines come from the block index, without a positional parse of every source file a finding names
      entry = readFile(resolve(this.repoRoot, file), 'utf8').then(
        (text) =>
          parseRendered({ yaml: text, file }).resources.map((resource) => {
            const { object } = resource;
            const metadata = isPlainObject(object.metadata) ? object.metadata : {};
            return {
              kind: typeof object.kind === 'string' ? object.kind : undefined,
              name: typeof metadata.name === 'string' ? metadata.name : undefined,
              lineOf: (pointer: string) => resource.lineOf(pointer),
            };
          }),
        () => [],
      );
      this.files.set(file, entry);
      if (this.files.size > this.capacity) this.files.delete(this.files.keys().next().value as string);
    }
    return entry;
  }

  /** The objects a source file defines, by kind and name (each file is read and parsed once per run). */
  async objects(file: string): Promise<{ kind: string; name: string }[]> {
    return (await this.documents(file)).flatMap((source) =>
      source.kind !== undefined && source.name !== undefined ? [{ kind: source.kind, name: source.name }] : [],
    );
  }

  /** Line of `pointer` in the document for kind/name in `file`, or undefined when the file does not set it. */
  async lineOf(file: string, kind: string, name: string, pointer: string): Promise<number | undefined> {
    for (const source of await this.documents(file)) {
      if (source.kind !== kind || source.name !== name) continue;
      const line = source.lineOf(pointer);
      if (line !== undefined) return line;
    }
    return undefined;
  }

  /** Repository-relative patch files listed by a kustomization directory (`patches[].path`). */
  async patchFiles(dir: string): Promise<string[]> {
    const absolute = resolve(dir);
    const kustomization = await readKustomization(absolute, relative(this.repoRoot, absolute).split('\\').join('/'));
    const patches = typeof kustomization === 'string' ? [] : kustomization.content.patches;
    if (!Array.isArray(patches)) return [];
    const files = patches.flatMap((patch) => (isPlainObject(patch) && typeof patch.path === 'string' ? [patch.path] : []));
    return files.map((file) => relative(this.repoRoot, resolve(absolute, file)).split('\\').join('/'));
  }
}

/** Fill in `origin.line` (and prefer an overlay patch that sets the field) for findings with a path. */
export async function locateInSources(findings: Finding[], index: SourceIndex, overlayDir: string): Promise<void> {
  const patches = await index.patchFiles(overlayDir);
  for (const finding of findings) {
    if (!finding.resource || !finding.path) continue;
    const { kind, name } = finding.resource;
    for (const patch of [...patches].reverse()) {
      const line = await index.lineOf(patch, kind, name, finding.path);
      if (line !== undefined) {
        finding.origin = { file: patch, line: line + (finding.embeddedLine ?? 0) };
        break;
      }
    }
    if (finding.origin && finding.origin.line === undefined) {
      const line = await index.lineOf(finding.origin.file, kind, name, finding.path);
      if (line !== undefined) finding.origin = { file: finding.origin.file, line: line + (finding.embeddedLine ?? 0) };
    }
  }
}
