/** A helper of the pod hardening rules (pod-non-root, no-privileged). */

export function containerName(container: Record<string, unknown>): string {
  return typeof container.name === 'string' ? container.name : '(unnamed)';
}
