/** Checks the JSON Schema cannot express: per-tier server counts, required-after-defaults, destinations, risks. */
import type { SpecProblem } from '../model/errors.js';
import { closest } from '../model/did-you-mean.js';
import { isPlainObject, valueAt } from '../model/json.js';
import { RULE_IDS } from '../model/rule.js';
import type { EnvironmentDefaults, EnvironmentEntry, Tier } from './types.js';

/** One environment with the defaults merged in, before the loader knows every required key is set. */
export type MergedEnvironment = EnvironmentEntry & { name: string };

export type Locate = (path: readonly (string | number)[]) => { line?: number; col?: number };

const REQUIRED_AFTER_DEFAULTS = [
  'namespace',
  'storage.class',
  'storage.size',
  'zones',
  'minNodes',
  'images.consul',
  'images.controlPlane',
  'security.tls',
  'security.acls',
  'security.gossip',
  'resources.server',
  'resources.client',
  'resources.syncCatalog',
] as const;

/** Rules an accepted risk may name: every catalog rule except `suppression` itself. */
function acceptableRules(): string[] {
  return RULE_IDS.filter((id) => id !== 'suppression');
}

/** base/ is generated from the defaults, and pins both images: they must be set there. */
export function checkDefaults(defaults: EnvironmentDefaults, locate: Locate): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const key of ['consul', 'controlPlane'] as const) {
    if (!defaults.images?.[key]) {
      problems.push({
        path: `defaults.images.${key}`,
        message: 'required: base/ pins this image; set it under defaults (an environment may override it)',
        ...locate(['defaults', 'images', key]),
      });
    }
  }
  return problems;
}

/** One environment after the defaults are merged in. */
export function checkEnvironment(environment: MergedEnvironment, locate: Locate): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const at = (path: string, message: string): void => {
    problems.push({
      path: `environments.${environment.name}.${path}`,
      message,
      ...locate(path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key))),
    });
  };
  for (const required of REQUIRED_AFTER_DEFAULTS) {
    if (valueAt(environment, required.split('.')) === undefined) at(required, 'required: set it here or under defaults');
  }
  if (environment.namespace?.startsWith('kube-')) {
    at(
      'namespace',
      `"${environment.namespace}" is reserved for Kubernetes itself (kube-system, kube-public, kube-node-lease, and any kube- prefix): use a namespace of Consul's own, such as consul-${environment.name}`,
    );
  }
  const tier: Tier = environment.tier;
  const servers = environment.servers;
  // An even count is a transitional step of a scale-down (docs/day-2.md, "Day-2 changes"): allowed while accepted.
  const evenAccepted = (environment.acceptedRisks ?? []).some((risk) => risk.rule === 'quorum-even-servers');
  if (servers < 1) at('servers', 'must be at least 1: a Consul datacenter needs a server');
  else if (tier !== 'development' && (servers < 3 || (servers % 2 === 0 && !evenAccepted)))
    at(
      'servers',
      `must be an odd number >= 3 for tier ${tier}${servers % 2 === 0 ? ' (a transitional even count needs quorum-even-servers in acceptedRisks)' : ''}`,
    );
  else if (servers % 2 === 0 && !evenAccepted)
    at(
      'servers',
      'must be odd: an even count adds no fault tolerance over one server fewer (a transitional even count needs quorum-even-servers in acceptedRisks)',
    );
  if (environment.zones?.length === 0) at('zones', 'must list at least one zone');
  const destination = environment.destination;
  if (!destination || (destination.server === undefined) === (destination.name === undefined)) {
    at('destination', 'set exactly one of destination.server (API URL) or destination.name (Argo CD cluster name)');
  }
  if (tier !== 'development' && environment.security) {
    for (const key of ['tls', 'acls', 'gossip'] as const) {
      if (environment.security[key] === false)
        at(`security.${key}`, `must be true for tier ${tier}: client agents listen on host ports reachable from every node`);
    }
  }
  const seen = new Map<string, number>();
  const rules = acceptableRules();
  (environment.acceptedRisks ?? []).forEach((risk, index) => {
    if (!rules.includes(risk.rule)) {
      at(
        `acceptedRisks.${index}.rule`,
        `unknown rule "${risk.rule}"${risk.rule === 'suppression' ? ' (a suppression cannot be accepted)' : ''}: use one of ${rules.join(', ')}`,
      );
    }
    const key = `${risk.rule}/${risk.kind}/${risk.name}/${risk.severity}/${risk.match ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined)
      at(
        `acceptedRisks.${index}`,
        `accepts ${risk.rule} (${risk.severity}) on ${risk.kind}/${risk.name} again (first at acceptedRisks.${first}): keep one entry`,
      );
    else seen.set(key, index);
  });
  return problems;
}

/**
 * The rule ids of one severity map (`defaults.severity`, `tiers.<tier>.severity`, `environments.<env>.severity`):
 * an id no rule has would change nothing, so a typo would leave the rule at its default, unnoticed.
 */
export function checkSeverityKeys(severity: unknown, path: readonly string[], locate: Locate): SpecProblem[] {
  if (!isPlainObject(severity)) return [];
  return Object.keys(severity)
    .filter((id) => !(RULE_IDS as readonly string[]).includes(id))
    .map((id) => {
      const suggestion = closest(id, RULE_IDS);
      return {
        path: [...path, id].join('.'),
        message: `unknown rule "${id}": ${suggestion ? `did you mean "${suggestion}"?` : 'check its spelling'} (an override of a rule that does not exist changes nothing; \`consul-gitops rules\` lists the ids)`,
        ...(suggestion ? { suggestion } : {}),
        ...locate([...path, id]),
      };
    });
}
