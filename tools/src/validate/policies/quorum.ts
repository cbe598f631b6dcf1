/** Raft quorum rules: server count, bootstrap_expect, and the PodDisruptionBudget against fault tolerance. */
import { COMPONENT } from '../../model/consul.js';
import { drainMargin, faultTolerance, quorumSize, recommendedPdbMaxUnavailable, seedPdbMaxUnavailable } from '../../model/quorum-math.js';
import type { RenderedRule, Violation } from './rule.js';
import { get, intOrUndefined, podLabelsOf, selectorMatches } from '../../model/k8s-objects.js';

export const quorumEvenServers: RenderedRule = {
  id: 'quorum-even-servers',
  scope: 'rendered',
  severity: 'error',
  summary: 'The server count is odd.',
  reason: 'An even count tolerates no more failures than one server fewer (4 tolerates 1, like 3) and makes split votes more likely.',
  fix: 'Set the server count to the odd number below or above it in environments.yaml, then run `consul-gitops generate`.',
  check(context) {
    const n = context.serverCount();
    const statefulSet = context.serverStatefulSet();
    if (n === undefined || !statefulSet || n === 0 || n % 2 === 1) return [];
    return [
      {
        resource: statefulSet,
        path: '/spec/replicas',
        message: `${n} servers tolerate ${faultTolerance(n)} failure(s), no more than ${n - 1}: use ${n - 1} or ${n + 1}`,
      },
    ];
  },
};

export const quorumMinServers: RenderedRule = {
  id: 'quorum-min-servers',
  scope: 'rendered',
  severity: 'error',
  summary: 'Staging and production run at least 3 servers; every environment runs at least 1.',
  reason: 'Fewer than 3 servers tolerate no failure: one lost node stops the datacenter.',
  fix: 'Raise `servers` for the environment in environments.yaml to 3 or 5.',
  check(context) {
    const n = context.serverCount();
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) {
      return [{ message: `no StatefulSet ${COMPONENT.server} in the render: a Consul datacenter needs its servers` }];
    }
    if (n === undefined) return [{ resource: statefulSet, path: '/spec/replicas', message: 'spec.replicas is not an integer' }];
    const tier = context.environment?.tier;
    if (n < 1) return [{ resource: statefulSet, path: '/spec/replicas', message: `${n} servers: a datacenter needs at least 1` }];
    if ((tier === 'staging' || tier === 'production') && n < 3) {
      return [
        {
          resource: statefulSet,
          path: '/spec/replicas',
          message: `${n} server(s) in tier ${tier}: at least 3 are needed to tolerate one failure`,
        },
      ];
    }
    return [];
  },
};

export const quorumBootstrapExpect: RenderedRule = {
  id: 'quorum-bootstrap-expect',
  scope: 'rendered',
  severity: 'error',
  summary: 'bootstrap_expect in the server config equals the server replica count.',
  reason: 'Too high and the datacenter never bootstraps; too low and it can bootstrap twice (split brain).',
  fix: 'Generate the overlay from the spec, or set bootstrap_expect in consul-server-config to the StatefulSet replicas.',
  check(context) {
    const n = context.serverCount();
    const config = context.agentConfig('server');
    if (n === undefined || !context.serverStatefulSet()) return [];
    if (!config)
      return [
        { resource: context.serverStatefulSet(), message: `no ConfigMap ${COMPONENT.serverConfig}: bootstrap_expect cannot be checked` },
      ];
    const violations: Violation[] = config.invalid.map((file) => ({
      resource: config.resource,
      path: `/data/${file.key}`,
      message: `${file.key} is not valid JSON (${file.error}): Consul will refuse to start`,
    }));
    const expected = config.config.bootstrap_expect;
    if (expected === undefined) {
      violations.push({
        resource: config.resource,
        path: '/data',
        message: `no bootstrap_expect in the server config; the ${n} servers would wait forever to bootstrap`,
      });
    } else if (expected !== n) {
      violations.push({
        resource: config.resource,
        path: '/data',
        message: `bootstrap_expect is ${JSON.stringify(expected)} but the StatefulSet runs ${n} servers`,
      });
    }
    return violations;
  },
};

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
