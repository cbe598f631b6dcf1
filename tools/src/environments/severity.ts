/** The rule severities the spec sets for one environment: its tier's, then its own. */
import type { SeverityOverride } from '../model/rule.js';
import type { Spec } from './types.js';

/** Severity overrides for one environment: its tier's, then its own. */
export function severityOverrides(spec: Spec | undefined, environmentName: string | undefined): Record<string, SeverityOverride> {
  const environment = spec?.environments.find((candidate) => candidate.name === environmentName);
  if (!environment) return {};
  return { ...(spec?.tierSeverity[environment.tier] ?? {}), ...(environment.severity ?? {}) };
}
