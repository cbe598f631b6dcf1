/** A helper of the rules over the server claims (argocd-tracking-label-claims, argocd-destructive-sync, volume-claim-template-type). */
import { get } from '../../model/k8s-objects.js';

export const claimName = (template: unknown, index: number): string => {
  const name = get(template, 'metadata', 'name');
  return typeof name === 'string' ? name : `#${index}`;
};
