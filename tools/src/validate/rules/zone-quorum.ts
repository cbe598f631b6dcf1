/** Zone outages: losing the zone that holds the most servers must leave a Raft quorum. */
import type { ParsedResource } from '../../parse/resource.js';
import { asArray, asObject, get, intOrUndefined, podLabelsOf, selectorMatches } from '../../model/k8s-objects.js';
import { TOPOLOGY } from '../../model/consul.js';
import { quorumSize, survivorsOfPlacement, worstZonePlacement } from '../../model/quorum-math.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import type { Severity } from '../../model/finding.js';

const POD_SPEC = '/spec/template/spec';

function zoneSpreadOf(statefulSet: ParsedResource): ZoneSpread {
  const spec = asObject(get(statefulSet.object, 'spec', 'template', 'spec')) ?? {};
  const labels = podLabelsOf(statefulSet);
  const selects = (term: unknown): boolean =>
    get(term, 'topologyKey') === TOPOLOGY.zone && selectorMatches(get(term, 'labelSelector'), labels);
  const constraints = asArray(spec.topologySpreadConstraints);
  const hard = constraints.findIndex((entry) => selects(entry) && (get(entry, 'whenUnsatisfiable') ?? 'DoNotSchedule') === 'DoNotSchedule');
  if (hard >= 0)
    return {
      kind: 'spread',
      maxSkew: intOrUndefined(get(constraints[hard], 'maxSkew')) ?? 1,
      pointer: `${POD_SPEC}/topologySpreadConstraints/${hard}`,
    };
  const required = asArray(get(spec, 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'));
  const antiAffinity = required.findIndex(selects);
  if (antiAffinity >= 0)
    return {
      kind: 'anti-affinity',
      pointer: `${POD_SPEC}/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/${antiAffinity}`,
    };
  const soft = constraints.findIndex(selects);
  if (soft >= 0)
    return {
      kind: 'soft',
      how: 'a topology spread with whenUnsatisfiable ScheduleAnyway',
      pointer: `${POD_SPEC}/topologySpreadConstraints/${soft}`,
    };
  const preferred = asArray(get(spec, 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'));
  const preference = preferred.findIndex((entry) => selects(get(entry, 'podAffinityTerm')));
  if (preference >= 0)
    return {
      kind: 'soft',
      how: 'preferred (not required) zone anti-affinity',
      pointer: `${POD_SPEC}/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/${preference}`,
    };
  return { kind: 'none' };
}

/** Zones the pods may use: the declared ones, narrowed by a nodeSelector or required node affinity on the zone label. */
function allowedZones(statefulSet: ParsedResource, declared: readonly string[]): string[] {
  const spec = asObject(get(statefulSet.object, 'spec', 'template', 'spec')) ?? {};
  let allowed = [...declared];
  const selected = get(spec, 'nodeSelector', TOPOLOGY.zone);
  if (typeof selected === 'string') allowed = allowed.filter((zone) => zone === selected);
  const terms = asArray(get(spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'));
  // Terms are ORed: only when every term pins the zone label is the set narrowed.
  const perTerm = terms.map((term) => {
    const expression = asArray(get(term, 'matchExpressions')).find(
      (entry) => get(entry, 'key') === TOPOLOGY.zone && get(entry, 'operator') === 'In',
    );
    return expression ? asArray(get(expression, 'values')).filter((value): value is string => typeof value === 'string') : undefined;
  });
  if (perTerm.length > 0 && perTerm.every((values) => values !== undefined)) {
    const union = new Set(perTerm.flat());
    allowed = allowed.filter((zone) => union.has(zone));
  }
  return allowed;
}

function describePlacement(n: number, zones: readonly string[], placement: readonly number[]): string {
  const q = quorumSize(n);
  const left = survivorsOfPlacement(placement);
  return `${n} server(s) over zones ${zones.join(',')}: ${placement.join('+')}; losing ${zones[0]} leaves ${left} ${left >= q ? '>=' : '<'} quorum ${q}`;
}

/** How the rendered StatefulSet spreads servers over zones. */
type ZoneSpread =
  | { kind: 'spread'; maxSkew: number; pointer: string }
  | { kind: 'anti-affinity'; pointer: string }
  | { kind: 'soft'; how: string; pointer: string }
  | { kind: 'none' };

export const zoneQuorum: RenderedRule = {
  id: 'zone-quorum',
  scope: 'rendered',
  severity: 'error',
  summary: 'Losing the zone that holds the most servers still leaves a Raft quorum (staging and production).',
  reason:
    'A zone outage takes every server in it at once. Only a hard spread (topology spread with DoNotSchedule, or required zone anti-affinity) bounds how many servers share a zone; preferences do not. Staging and production with more than one zone fail on this (error); one declared zone cannot survive its own loss (production warning, staging info); development is skipped unless it declares several zones (info).',
  fix: 'Keep the generated topologySpreadConstraints on topology.kubernetes.io/zone (maxSkew 1, DoNotSchedule) and declare at least 3 zones in environments.yaml; `consul-gitops quorum N --zones Z` shows the placement.',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    const environment = context.environment;
    const n = context.serverCount();
    if (!statefulSet || !environment || n === undefined || n < 1) return [];
    const tier = environment.tier;
    const zones = allowedZones(statefulSet, environment.zones);
    const narrowed = zones.length < environment.zones.length ? ` (node selection narrows the declared ${environment.zones.join(',')})` : '';
    if (tier === 'development' && environment.zones.length <= 1) return [];
    const failing: Severity = tier === 'development' ? 'info' : 'error';
    if (zones.length <= 1) {
      if (tier === 'development') return [];
      const where = zones.length === 1 ? `zone ${zones[0]}` : 'no declared zone';
      return [
        {
          resource: statefulSet,
          path: '/spec/replicas',
          severity: tier === 'production' ? 'warning' : 'info',
          message: `${n} server(s) in ${where}${narrowed}: a zone outage stops the datacenter (quorum ${quorumSize(n)}); declare 3 zones to survive one`,
        },
      ];
    }
    const spread = zoneSpreadOf(statefulSet);
    const violations: Violation[] = [];
    const even = worstZonePlacement(n, zones.length, 1);
    if (survivorsOfPlacement(even) < quorumSize(n)) {
      violations.push({
        resource: statefulSet,
        path: '/spec/replicas',
        severity: failing,
        message: `${describePlacement(n, zones, even)}${narrowed}, even with a perfect spread: add zones or servers`,
      });
      return violations;
    }
    if (spread.kind === 'none') {
      violations.push({
        resource: statefulSet,
        path: `${POD_SPEC}/topologySpreadConstraints`,
        severity: failing,
        message: `servers are not spread over zones: all ${n} may share one zone, and losing it leaves 0 < quorum ${quorumSize(n)} (zones ${zones.join(',')}${narrowed})`,
      });
    } else if (spread.kind === 'soft') {
      violations.push({
        resource: statefulSet,
        path: spread.pointer,
        severity: tier === 'development' ? 'info' : 'warning',
        message: `${spread.how} does not bound servers per zone: if the scheduler packs them, losing one zone leaves 0 < quorum ${quorumSize(n)}; an even spread would be ${even.join('+')}`,
      });
    } else if (spread.kind === 'anti-affinity' && n > zones.length) {
      violations.push({
        resource: statefulSet,
        path: spread.pointer,
        severity: failing,
        message: `required zone anti-affinity allows one server per zone: ${n} servers over ${zones.length} zone(s) (${zones.join(',')}${narrowed}) leave ${n - zones.length} Pending; use a topology spread with maxSkew 1`,
      });
    } else if (spread.kind === 'spread') {
      const worst = worstZonePlacement(n, zones.length, spread.maxSkew);
      if (survivorsOfPlacement(worst) < quorumSize(n)) {
        violations.push({
          resource: statefulSet,
          path: `${spread.pointer}/maxSkew`,
          severity: failing,
          message: `maxSkew ${spread.maxSkew} allows ${describePlacement(n, zones, worst)}${narrowed}: use maxSkew 1 (${even.join('+')})`,
        });
      }
    }
    return violations;
  },
};
