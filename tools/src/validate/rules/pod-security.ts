/**
 * Pod Security admission, before the sync: every pod template against the level its namespace enforces,
 * control by control, from the table under tools/facts/kubernetes/pod-security-<version>.json.
 */
import type { PolicyContext } from '../policies/context.js';
import { asArray, asObject, get, podSpecOf } from '../../model/k8s-objects.js';
import { compareVersions } from '../../model/version.js';
import type { PodSecurityControl, PodSecurityFacts } from '../../model/facts.js';
import type { ParsedResource } from '../../parse/resource.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import { jsonText } from '../../model/json.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

const LEVELS = ['privileged', 'baseline', 'restricted'];

type Json = Record<string, unknown>;

/** The level and version the namespace enforces: a rendered Namespace's labels win over the spec's podSecurity. */
function namespaceLevel(context: PolicyContext): { level: string; version: string; source: string } | undefined {
  const name = context.environment?.namespace;
  const namespace = context.resources.find(
    (resource) => resource.ref.kind === 'Namespace' && (name === undefined || resource.ref.name === name),
  );
  const labels = asObject(get(namespace?.object, 'metadata', 'labels')) ?? {};
  const clusterVersion = context.cluster?.kubernetesVersion ?? 'latest';
  if (namespace && typeof labels[ENFORCE] === 'string') {
    const version = labels[`${ENFORCE}-version`];
    return {
      level: labels[ENFORCE],
      version: typeof version === 'string' ? version.replace(/^v/, '') : clusterVersion,
      source: `Namespace/${namespace.ref.name}`,
    };
  }
  if (!context.environment) return undefined;
  return { level: context.environment.podSecurity ?? 'privileged', version: clusterVersion, source: `environments.yaml podSecurity` };
}

function minorAtLeast(version: string, since: string): boolean {
  if (version === 'latest') return true;
  return compareVersions(version, since) >= 0;
}

interface Container {
  object: Json;
  pointer: string;
}

function containersIn(pod: Json, pointer: string): Container[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((key) =>
    asArray(pod[key]).flatMap((entry, index) => {
      const object = asObject(entry);
      return object ? [{ object, pointer: `${pointer}/${key}/${index}` }] : [];
    }),
  );
}

const at = (object: unknown, path: readonly string[]): unknown => get(object, ...path);

const pointerOf = (base: string, path: readonly string[]): string => `${base}/${path.join('/')}`;

const matches = (value: unknown, allowed: readonly unknown[]): boolean =>
  allowed.some(
    (entry) =>
      entry === value ||
      (typeof entry === 'string' && entry.endsWith('*') && typeof value === 'string' && value.startsWith(entry.slice(0, -1))),
  );

/** Where one control fails in one pod template: the first offending pointer and what was found there. */
function violations(control: PodSecurityControl, pod: Json, podPointer: string, metadata: Json): { pointer: string; found: string }[] {
  const check = control.check;
  const containers = containersIn(pod, podPointer);
  const out: { pointer: string; found: string }[] = [];
  const scopes = (scope: string | undefined): { object: unknown; pointer: string }[] => [
    ...(scope === 'pod' || scope === 'podAndContainer' ? [{ object: pod, pointer: podPointer }] : []),
    ...(scope === 'container' || scope === 'podAndContainer'
      ? containers.map((entry) => ({ object: entry.object, pointer: entry.pointer }))
      : []),
  ];
  switch (check.kind) {
    case 'notTrue':
      for (const target of scopes(check.scope))
        for (const field of check.fields ?? [])
          if (at(target.object, field) === true) out.push({ pointer: pointerOf(target.pointer, field), found: `${field.join('.')}: true` });
      break;
    case 'notValue':
      for (const target of scopes(check.scope))
        if (check.field && at(target.object, check.field) === check.value)
          out.push({ pointer: pointerOf(target.pointer, check.field), found: `${check.field.join('.')}: ${String(check.value)}` });
      break;
    case 'allowedValues':
      for (const target of scopes(check.scope)) {
        const value = check.field ? at(target.object, check.field) : undefined;
        if (check.field && value !== undefined && !matches(value, check.values ?? []))
          out.push({ pointer: pointerOf(target.pointer, check.field), found: `${check.field.join('.')}: ${jsonText(value)}` });
        for (const field of check.emptyFields ?? []) {
          const other = at(target.object, field);
          if (other !== undefined && other !== '')
            out.push({ pointer: pointerOf(target.pointer, field), found: `${field.join('.')}: ${jsonText(other)}` });
        }
      }
      if (check.annotationPrefix)
        for (const [key, value] of Object.entries(asObject(metadata.annotations) ?? {}))
          if (key.startsWith(check.annotationPrefix) && !matches(value, check.annotationValues ?? []))
            out.push({ pointer: `${podPointer.replace(/\/spec$/, '')}/metadata/annotations`, found: `${key}: ${String(value)}` });
      break;
    case 'subset':
      for (const target of scopes(check.scope)) {
        const bad = asArray(check.field ? at(target.object, check.field) : undefined).filter(
          (value) => !matches(value, check.values ?? []),
        );
        if (bad.length > 0 && check.field)
          out.push({ pointer: pointerOf(target.pointer, check.field), found: `${check.field.join('.')}: ${bad.map(String).join(', ')}` });
      }
      break;
    case 'volumes':
      asArray(pod.volumes).forEach((volume, index) => {
        const types = Object.keys(asObject(volume) ?? {}).filter((key) => key !== 'name');
        const bad = types.filter((type) => (check.forbidden ? check.forbidden.includes(type) : !(check.allowed ?? []).includes(type)));
        if (bad.length > 0)
          out.push({ pointer: `${podPointer}/volumes/${index}`, found: `volume ${String(get(volume, 'name'))} of type ${bad.join(', ')}` });
      });
      break;
    case 'hostPorts':
      for (const container of containers)
        asArray(container.object.ports).forEach((port, index) => {
          const hostPort = get(port, 'hostPort');
          if (typeof hostPort === 'number' && hostPort !== 0)
            out.push({ pointer: `${container.pointer}/ports/${index}/hostPort`, found: `hostPort ${hostPort}` });
        });
      break;
    case 'sysctls':
      asArray(get(pod, 'securityContext', 'sysctls')).forEach((sysctl, index) => {
        const name = get(sysctl, 'name');
        if (!matches(name, check.values ?? []))
          out.push({ pointer: `${podPointer}/securityContext/sysctls/${index}`, found: `sysctl ${String(name)}` });
      });
      break;
    case 'emptyHost':
      for (const container of containers)
        for (const field of check.fields ?? []) {
          const host = at(container.object, field);
          if (host !== undefined && host !== '')
            out.push({ pointer: pointerOf(container.pointer, field), found: `${field.join('.')}: ${jsonText(host)}` });
        }
      break;
    case 'requiredValue':
      for (const container of containers) {
        if (!check.field) break;
        const own = at(container.object, check.field);
        const effective = own ?? (check.scope === 'containerOrPod' ? at(pod, check.field) : undefined);
        const allowed = check.values ?? [check.value];
        if (!allowed.includes(effective))
          out.push({
            pointer: pointerOf(container.pointer, check.field),
            found: `${check.field.join('.')}: ${effective === undefined ? 'not set' : jsonText(effective)}`,
          });
      }
      break;
    case 'capabilitiesRestricted':
      for (const container of containers) {
        const drop = asArray(get(container.object, 'securityContext', 'capabilities', 'drop'));
        const add = asArray(get(container.object, 'securityContext', 'capabilities', 'add')).filter(
          (value) => !(check.mayAdd ?? []).includes(value as string),
        );
        if (!drop.includes(check.mustDrop))
          out.push({
            pointer: `${container.pointer}/securityContext/capabilities`,
            found: `capabilities.drop without ${String(check.mustDrop)}`,
          });
        if (add.length > 0)
          out.push({
            pointer: `${container.pointer}/securityContext/capabilities/add`,
            found: `capabilities.add: ${add.map(String).join(', ')}`,
          });
      }
      break;
    default:
      throw new Error(`pod-security facts: unknown check kind ${check.kind} of ${control.id}`);
  }
  return out;
}

/** The control as `version` checks it: a value a later check added (`valuesAddedIn`) is not allowed before that minor. */
function atVersion(control: PodSecurityControl, version: string): PodSecurityControl {
  const added = control.check.valuesAddedIn;
  if (!added) return control;
  const values = (control.check.values ?? []).filter((value) => {
    const since = typeof value === 'string' ? added[value] : undefined;
    return since === undefined || minorAtLeast(version, since);
  });
  return { ...control, check: { ...control.check, values } };
}

/**
 * The controls a level enforces at a version, as that version checks them: baseline's for baseline, baseline's and
 * restricted's for restricted, less those a newer control overrides. Worked out once per run, not per pod.
 */
function controlsAt(facts: PodSecurityFacts, level: string, version: string): PodSecurityControl[] {
  const rank = LEVELS.indexOf(level);
  const active = facts.controls.filter((control) => LEVELS.indexOf(control.level) <= rank && minorAtLeast(version, control.since));
  const overridden = new Set(active.flatMap((control) => control.overrides ?? []));
  return active.filter((control) => !overridden.has(control.id)).map((control) => atVersion(control, version));
}

function podSecurityViolations(
  controls: readonly PodSecurityControl[],
  resource: ParsedResource,
  version: string,
): { control: PodSecurityControl; pointer: string; found: string[] }[] {
  const pod = podSpecOf(resource);
  if (!pod) return [];
  const metadata =
    asObject(
      get(
        resource.object,
        ...pod.pointer
          .replace(/\/spec$/, '/metadata')
          .split('/')
          .slice(1),
      ),
    ) ?? {};
  // the kinds of pod some controls let pass (pod-security-admission: relaxPolicyForUserNamespacePod, podSpec.OS windows)
  const kinds = {
    userNamespacePods: pod.spec.hostUsers === false,
    windowsPods: get(pod.spec, 'os', 'name') === 'windows',
  };
  const relaxed = (control: PodSecurityControl): boolean =>
    (Object.keys(kinds) as (keyof typeof kinds)[]).some((kind) => {
      const since = control.relaxedFor?.[kind];
      return kinds[kind] && since !== undefined && minorAtLeast(version, since);
    });
  return controls
    .filter((control) => !relaxed(control))
    .flatMap((control) => {
      const found = violations(control, pod.spec, pod.pointer, metadata);
      return found[0] ? [{ control, pointer: found[0].pointer, found: found.map((entry) => entry.found) }] : [];
    });
}

export const podSecurity: RenderedRule = {
  id: 'pod-security',
  scope: 'rendered',
  group: 'kubernetes',
  severity: 'error',
  summary:
    "Every pod template passes the Pod Security level its namespace enforces (the Pod Security Standards' baseline and restricted controls).",
  reason:
    "Reported: `violates PodSecurity \"baseline:latest\": hostPort`, and no client pod is ever created: admission refuses the pods, not the DaemonSet, so the sync looks healthy while the datacenter has no clients. The controls are pod-security-admission v0.36.3's, kept as data (tools/facts/kubernetes/pod-security-1.36.json); the level is a rendered Namespace's pod-security.kubernetes.io/enforce label, else the environment's podSecurity (Argo CD's managedNamespaceMetadata).",
  fix: 'Keep the namespace privileged (podSecurity in environments.yaml; the client host ports need it), or change the pod template so that it passes the level the namespace enforces.',
  check(context) {
    const level = namespaceLevel(context);
    if (!level || !LEVELS.includes(level.level) || level.level === 'privileged') return [];
    const result: Violation[] = [];
    const controls = controlsAt(context.facts.podSecurity, level.level, level.version);
    for (const resource of context.resources) {
      for (const violation of podSecurityViolations(controls, resource, level.version)) {
        result.push({
          resource,
          path: violation.pointer,
          message: `violates PodSecurity "${level.level}:${level.version === 'latest' ? 'latest' : `v${level.version}`}" (${level.source}), control ${violation.control.title} (${violation.control.id}): ${violation.found.join('; ')}; admission would refuse its pods`,
        });
      }
    }
    return result;
  },
};
