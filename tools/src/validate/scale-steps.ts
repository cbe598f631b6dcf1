/**
 * The intermediate states of a server count change, checked in memory before `diff` prints them as a
 * plan: each step's environment is built by the generator's own builders (as its overlay renders it),
 * and the spec's environment checks and the rendered rules run over it with the environment's
 * accepted risks plus the step's transitional ones. A plan step is only printed as a commit to make
 * when that commit would pass `validate`. Pure.
 */
import { acceptedRiskPatches } from '../generate/accepted-risks.js';
import { renderedEnvironmentModel } from '../generate/environment-model.js';
import { LABEL } from '../model/consul.js';
import { isBlocking, type Finding } from '../model/finding.js';
import type { ParsedResource } from '../model/resource.js';
import { ACCEPTED_RISKS_ANNOTATION, applySuppressions } from '../model/suppression.js';
import { checkEnvironment } from '../environments/checks.js';
import type { AcceptedRisk, EnvironmentSpec, Spec } from '../environments/types.js';
import { runPolicies } from './run-policies.js';

const CLUSTER_SCOPED: ReadonlySet<unknown> = new Set(['ClusterRole', 'ClusterRoleBinding', 'Namespace']);

type ModelObject = Record<string, unknown> & { metadata: Record<string, unknown> & { name: string } };

/** The environment's objects as its overlay renders them, as parsed resources (no kustomize run). */
function stepResources(env: EnvironmentSpec, file: string): ParsedResource[] {
  const objects = renderedEnvironmentModel(env) as ModelObject[];
  const annotations = new Map(
    acceptedRiskPatches(
      env,
      objects.map((object) => ({ apiVersion: String(object.apiVersion), kind: String(object.kind), name: object.metadata.name })),
      file,
    ).map(({ document }) => {
      const { kind, metadata } = document as { kind: string; metadata: { name: string; annotations: Record<string, string> } };
      return [`${kind}/${metadata.name}`, metadata.annotations[ACCEPTED_RISKS_ANNOTATION]];
    }),
  );
  return objects.map((original) => {
    const namespaced = !CLUSTER_SCOPED.has(original.kind);
    const risks = annotations.get(`${String(original.kind)}/${original.metadata.name}`);
    const metadata = {
      ...original.metadata,
      ...(namespaced ? { namespace: env.namespace } : {}),
      labels: { ...(original.metadata.labels as Record<string, string> | undefined), [LABEL.environment]: env.name },
      ...(risks
        ? { annotations: { ...(original.metadata.annotations as Record<string, string> | undefined), [ACCEPTED_RISKS_ANNOTATION]: risks } }
        : {}),
    };
    // kustomize's namespace transformer moves ServiceAccount subjects of bindings into the namespace too.
    const subjects = Array.isArray(original.subjects)
      ? {
          subjects: (original.subjects as Record<string, unknown>[]).map((subject) =>
            subject.kind === 'ServiceAccount' ? { ...subject, namespace: env.namespace } : subject,
          ),
        }
      : {};
    const object: Record<string, unknown> = { ...original, metadata, ...subjects };
    return {
      ref: {
        apiVersion: String(original.apiVersion),
        kind: String(original.kind),
        name: metadata.name,
        ...(namespaced ? { namespace: env.namespace } : {}),
      },
      object,
      // the overlay as the step's commit would render it: built in memory, no file and no line to point at
      location: { file: `overlays/${env.name}`, rendered: true },
      lineOf: () => undefined,
    };
  });
}

/** The change a step's commit makes to the environment besides its server count. */
interface StepChange {
  minNodes?: number;
  /** Accepted on top of the environment's own acceptedRisks. */
  acceptedRisks: readonly AcceptedRisk[];
}

/**
 * The check of one environment's scale steps (diff's ScaleStepCheck), or undefined when the spec does
 * not declare it: the blocking findings of the environment at `servers` with the step's change.
 */
export function scaleStepChecker(spec: Spec, environment: string): ((servers: number, change: StepChange) => Finding[]) | undefined {
  const env = spec.environments.find((candidate) => candidate.name === environment);
  if (!env) return undefined;
  // A plan and its re-checks ask for the same step more than once: each distinct commit is built once.
  const checked = new Map<string, Finding[]>();
  return (servers, change) => {
    const key = JSON.stringify([servers, change.minNodes, change.acceptedRisks]);
    const known = checked.get(key);
    if (known) return known;
    const step: EnvironmentSpec = {
      ...env,
      servers,
      ...(change.minNodes !== undefined ? { minNodes: change.minNodes } : {}),
      acceptedRisks: [...(env.acceptedRisks ?? []), ...change.acceptedRisks],
    };
    const specFindings: Finding[] = checkEnvironment(step, () => ({})).map((problem) => ({
      rule: 'spec',
      severity: 'error',
      message: `${problem.path}: ${problem.message}`,
      location: { file: spec.file },
    }));
    const resources = stepResources(step, spec.file);
    const stepSpec: Spec = { ...spec, environments: spec.environments.map((candidate) => (candidate === env ? step : candidate)) };
    const blocking = [...specFindings, ...applySuppressions(runPolicies(resources, stepSpec), resources)].filter(isBlocking);
    checked.set(key, blocking);
    return blocking;
  };
}
