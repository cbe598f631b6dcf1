/**
 * The Argo CD traps around the server claims (tracking labels, claim type meta, retention on delete and
 * scale-down), and the sync options and hooks that would delete or recreate the datacenter.
 */
import { get } from '../../model/k8s-objects.js';

export const claimName = (template: unknown, index: number): string => {
  const name = get(template, 'metadata', 'name');
  return typeof name === 'string' ? name : `#${index}`;
};
