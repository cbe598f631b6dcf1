/** Pod and RBAC hardening: non-root, no privilege, API tokens only where needed, no wildcard grants. */

export function containerName(container: Record<string, unknown>): string {
  return typeof container.name === 'string' ? container.name : '(unnamed)';
}
