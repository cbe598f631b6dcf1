import { LABEL } from '../../model/consul.js';

/** Values of the app.kubernetes.io/component label: the agents, catalog sync and the bootstrap pieces. */
export type Component = 'server' | 'client' | 'sync-catalog' | 'auth-method' | 'gossip-encryption-autogenerate' | 'tls-init' | 'server-acl-init' | 'autopilot-config';

/** Selector labels of one component's pods: stable, never environment-specific. */
export function selectorLabels(component: Component): Record<string, string> {
  return { [LABEL.app]: 'consul', [LABEL.component]: component };
}

function objectLabels(component?: Component): Record<string, string> {
  return { [LABEL.app]: 'consul', [LABEL.partOf]: 'consul', ...(component ? { [LABEL.component]: component } : {}) };
}

export function metadata(name: string, component?: Component): { name: string; labels: Record<string, string> } {
  return { name, labels: objectLabels(component) };
}
