import type { RenderedRule } from '../policies/rule.js';
import { get, intOrUndefined, podLabelsOf, selectorMatches } from '../../model/k8s-objects.js';
import { drainMargin, faultTolerance, quorumSize, recommendedPdbMaxUnavailable, seedPdbMaxUnavailable } from '../../model/quorum-math.js';
import { COMPONENT } from '../../model/consul.js';

export const pdbMaxUnavailable: RenderedRule = {
  id: 'pdb-max-unavailable',
  scope: 'rendered',
  severity: 'error',
  summary: 'The server PodDisruptionBudget selects the servers and keeps maxUnavailable within fault tolerance.',
  reason:
    'A drain that takes more servers than the fault tolerance breaks quorum by itself; the seed value floor(n/2)-1 leaves room for one unplanned failure during a drain.',
  fix: 'Set maxUnavailable to the value `consul-gitops quorum N` prints (generate does this), and select the server pod labels.',
  check(context) {
    const n = context.serverCount();
    const statefulSet = context.serverStatefulSet();
    if (n === undefined || !statefulSet) return [];
    const pdbs = context.all('PodDisruptionBudget');
    const labels = podLabelsOf(statefulSet);
    const pdb = pdbs.find((candidate) => selectorMatches(get(candidate.object, 'spec', 'selector'), labels));
    const q = quorumSize(n);
    const f = faultTolerance(n);
    const counts = `n=${n}, quorum q=${q}, tolerated failures f=${f}`;
    if (!pdb) {
      if (n <= 1) return [];
      const named = context.find('PodDisruptionBudget', COMPONENT.server);
      return [
        named
          ? {
              resource: named,
              path: '/spec/selector',
              message: `PodDisruptionBudget ${COMPONENT.server} does not select the server pods (labels ${JSON.stringify(labels)}): drains are unbounded (${counts})`,
            }
          : {
              resource: statefulSet,
              message: `no PodDisruptionBudget selects the ${n} server pods: a node drain may evict any number of them (${counts}); add one with maxUnavailable ${recommendedPdbMaxUnavailable(n)}`,
            },
      ];
    }
    const raw = get(pdb.object, 'spec', 'maxUnavailable');
    const minAvailable = get(pdb.object, 'spec', 'minAvailable');
    let maxUnavailable = intOrUndefined(raw);
    if (raw === undefined && intOrUndefined(minAvailable) !== undefined) maxUnavailable = n - (minAvailable as number);
    if (maxUnavailable === undefined) {
      return [
        {
          resource: pdb,
          path: '/spec/maxUnavailable',
          message: `maxUnavailable must be an integer count (got ${JSON.stringify(raw ?? minAvailable)}); a percentage hides the quorum math (${counts}); use ${recommendedPdbMaxUnavailable(n)}`,
        },
      ];
    }
    const seed = seedPdbMaxUnavailable(n);
    const margin = drainMargin(n, maxUnavailable);
    const facts = `${counts}, seed value floor(n/2)-1=${seed}, drain margin f-maxUnavailable=${margin}`;
    // With 3 servers both warnings below apply to every value: say so once, in either.
    const three =
      n === 3 ? ' With 3 servers no value avoids a warning: 0 blocks drains, 1 leaves no margin; use 5 servers to get both.' : '';
    if (maxUnavailable > f) {
      return [
        {
          resource: pdb,
          path: '/spec/maxUnavailable',
          message: `maxUnavailable ${maxUnavailable} > f: a drain alone can break quorum (${facts}); use ${recommendedPdbMaxUnavailable(n)}`,
        },
      ];
    }
    if (n > 1 && maxUnavailable === 0) {
      return [
        {
          resource: pdb,
          path: '/spec/maxUnavailable',
          severity: 'warning',
          message: `maxUnavailable 0 blocks every node drain and cluster upgrade (${facts}).${three}`,
        },
      ];
    }
    if (maxUnavailable > seed) {
      return [
        {
          resource: pdb,
          path: '/spec/maxUnavailable',
          severity: 'warning',
          message: `maxUnavailable ${maxUnavailable} > ${seed}: a drain plus one unplanned failure breaks quorum (${facts}).${three}`,
        },
      ];
    }
    return [];
  },
};
