/** A helper of the client-agent rules (client-host-port, hostport-requires-tls-acl): the client DaemonSet of the render. */
import type { RenderedRule } from './rule.js';
import { isKind } from '../../model/k8s-objects.js';
import { COMPONENT } from '../../model/consul.js';

export function clientDaemonSet(context: Parameters<RenderedRule['check']>[0]) {
  return context.resources.find((resource) => isKind(resource, 'DaemonSet', 'apps') && resource.ref.name === COMPONENT.client);
}
