import { COMPONENT } from '../../model/consul.js';
import { recommendedPdbMaxUnavailable } from '../../model/quorum-math.js';
import { metadata, selectorLabels } from './labels.js';

export function serverPdb(servers: number): Record<string, unknown> {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(COMPONENT.server, 'server'),
    spec: { maxUnavailable: recommendedPdbMaxUnavailable(servers), selector: { matchLabels: selectorLabels('server') } },
  };
}
