/** What the kustomization-file rules stand on: the fields that pull other files in, remote pins, the line of a key. */
import type { KustomizationFile } from './file.js';

/** Fields that pull other kustomizations or files in. */
export const REFERENCE_FIELDS = ['resources', 'components', 'bases', 'generators', 'transformers', 'validators'] as const;

const COMMIT = /^[0-9a-f]{40}$/i;

/**
 * The commit a remote reference is pinned to (?ref= or ?version= with 40 hex digits, or a commit in a raw file URL).
 */
export function pinnedCommit(reference: string): string | undefined {
  const query = reference.includes('?') ? reference.slice(reference.indexOf('?') + 1) : '';
  for (const pair of query.split('&')) {
    const [key, value = ''] = pair.split('=');
    if ((key === 'ref' || key === 'version') && COMMIT.test(value)) return value;
  }
  const path = reference.split('?')[0] ?? '';
  return path.split('/').find((segment) => COMMIT.test(segment));
}

/** The line of `key` (a field, or field/index) in the file, else of `fallback`: spread into a violation. */
export function lineOf(file: KustomizationFile, key: string, fallback: string): { line?: number } {
  const line = file.lines[key] ?? file.lines[fallback];
  return line === undefined ? {} : { line };
}
