/** Client agents: the node-local API on a host port, and only behind TLS and ACLs outside development. */
import type { RenderedRule } from './rule.js';
import { isKind } from '../../model/k8s-objects.js';
import { COMPONENT } from '../../model/consul.js';

export function clientDaemonSet(context: Parameters<RenderedRule['check']>[0]) {
  return context.resources.find((resource) => isKind(resource, 'DaemonSet', 'apps') && resource.ref.name === COMPONENT.client);
}
