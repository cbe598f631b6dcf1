import { COMPONENT, LABEL } from '../../model/consul.js';

export type Component = 'server' | 'client' | 'sync-catalog';

/** Selector labels of one component's pods: stable, never environment-specific. */
export function selectorLabels(component: Component): Record<string, string> {
  return { [LABEL.app]: 'consul', [LABEL.component]: component };
}

export function objectLabels(component?: Component): Record<string, string> {
  return { [LABEL.app]: 'consul', [LABEL.partOf]: 'consul', ...(component ? { [LABEL.component]: component } : {}) };
}

export function metadata(name: string, component?: Component): { name: string; labels: Record<string, string> } {
  return { name, labels: objectLabels(component) };
}

export const COMPONENT_OF = {
  [COMPONENT.server]: 'server',
  [COMPONENT.client]: 'client',
  [COMPONENT.syncCatalog]: 'sync-catalog',
} as const satisfies Record<string, Component>;
