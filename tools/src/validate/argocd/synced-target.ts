/** What several Argo CD cross-checks share: the validated directory an Application syncs, and how a list reads in a message. */
import { type AppTarget, isTemplated, normalizeSourcePath } from './objects.js';

export const list = (items: Iterable<string>): string => [...items].sort().join(', ') || '(none)';

/** The validated directory an Application syncs, when its (only) source points at one. */
export function syncedTarget(app: AppTarget, targets: ReadonlyMap<string, unknown>): string | undefined {
  const paths = app.sources.map((source) => source.path).filter((path): path is string => path !== undefined && !isTemplated(path));
  const path = paths.length === 1 && paths[0] !== undefined ? normalizeSourcePath(paths[0]) : undefined;
  return path !== undefined && targets.has(path) ? path : undefined;
}
