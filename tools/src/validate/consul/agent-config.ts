/**
 * Everything one `consul agent` loads, as Consul loads it (agent/config/builder.go): the config
 * files of every -config-dir (*.json and *.hcl, in lexical order) and -config-file, in flag order,
 * then the -hcl fragments, then the flags themselves, later sources overriding earlier ones field by
 * field. Files come from the ConfigMap mounted at the directory; a directory on an emptyDir is
 * written at run time and cannot be read here.
 */
import { isPlainObject, mergeJson, pointerSegment } from '../../model/json.js';
import type { AgentConfigFacts } from '../../model/facts.js';
import { HclError, parseHcl } from '../../parse/hcl.js';
import type { ParsedResource } from '../../parse/resource.js';
import { readKeyLines } from '../../parse/yaml-reader.js';
import { asArray, get } from '../../model/k8s-objects.js';
import type { AgentInvocation } from './agent-invocation.js';

export interface ConfigFragment {
  /** For people: `consul-server-config/20-tls.json`, `-hcl flag 1`, `flags`. */
  source: string;
  resource: ParsedResource;
  /** JSON pointer of the text inside the resource (the ConfigMap key, or the script). */
  pointer: string;
  value: Record<string, unknown>;
  /** Dotted key path -> 1-based line inside the text at `pointer`. */
  lines: Map<string, number>;
}

export interface FragmentProblem {
  resource: ParsedResource;
  pointer: string;
  line?: number;
  message: string;
}

export interface AgentConfiguration {
  invocation: AgentInvocation;
  fragments: ConfigFragment[];
  /** Every fragment merged in Consul's order. */
  effective: Record<string, unknown>;
  /** Files that do not parse, flags Consul does not know, words after the flags. */
  problems: FragmentProblem[];
  /** -config-dir directories written at run time (emptyDir), whose content is unknown here. */
  runtimeDirs: string[];
}

/** Key lines of a JSON text, read through the YAML reader (JSON is YAML 1.2) for its positions; JSON.parse keeps a duplicate's last value. */
function jsonKeyLines(text: string): Map<string, number> {
  return readKeyLines(text, { duplicateKeys: 'last' });
}

function decodeFile(
  name: string,
  text: string,
): { value: Record<string, unknown>; readLines: () => Map<string, number> } | { error: string; line?: number } {
  if (name.endsWith('.hcl')) {
    try {
      const parsed = parseHcl(text);
      return { value: parsed.value, readLines: () => parsed.lines };
    } catch (error) {
      if (!(error instanceof HclError)) throw error; // the reader's own bug, not the file's
      return { error: error.message, line: error.line };
    }
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!isPlainObject(value)) return { error: 'the file is not a JSON object' };
    // A JSON file's key lines take a positional parse of its text, which only a finding needs: read on first use.
    return { value, readLines: () => jsonKeyLines(text) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The ConfigMap a directory of the container is mounted from, or undefined (emptyDir, missing). */
function configMapAt(
  invocation: AgentInvocation,
  resources: readonly ParsedResource[],
  dir: string,
): { configMap?: ParsedResource; runtime: boolean } {
  const normalized = dir.replace(/\/+$/, '');
  const mount = asArray(invocation.container.container.volumeMounts).find(
    (entry) => String(get(entry, 'mountPath')).replace(/\/+$/, '') === normalized,
  );
  if (!mount) return { runtime: false };
  const pod = get(invocation.resource.object, 'spec', 'template', 'spec') ?? get(invocation.resource.object, 'spec');
  const volume = asArray(get(pod, 'volumes')).find((entry) => get(entry, 'name') === get(mount, 'name'));
  const name = get(volume, 'configMap', 'name');
  if (typeof name !== 'string') return { runtime: true };
  return { configMap: resources.find((resource) => resource.ref.kind === 'ConfigMap' && resource.ref.name === name), runtime: false };
}

function fileFragments(configMap: ParsedResource, keys: readonly string[], problems: FragmentProblem[]): ConfigFragment[] {
  const data = (get(configMap.object, 'data') ?? {}) as Record<string, unknown>;
  return keys.flatMap((key) => {
    const text = data[key];
    const pointer = `/data/${pointerSegment(key)}`;
    if (typeof text !== 'string') return [];
    const decoded = decodeFile(key, text);
    if ('error' in decoded) {
      problems.push({
        resource: configMap,
        pointer,
        ...(decoded.line ? { line: decoded.line } : {}),
        message: `${configMap.ref.name}/${key} does not parse: ${decoded.error}: Consul refuses to start`,
      });
      return [];
    }
    let lines: Map<string, number> | undefined;
    const fragment: ConfigFragment = {
      source: `${configMap.ref.name}/${key}`,
      resource: configMap,
      pointer,
      value: decoded.value,
      get lines() {
        return (lines ??= decoded.readLines());
      },
    };
    return [fragment];
  });
}

/** The decoded configuration of one `consul agent` invocation. */
export function agentConfiguration(
  invocation: AgentInvocation,
  resources: readonly ParsedResource[],
  facts: AgentConfigFacts,
): AgentConfiguration {
  const fragments: ConfigFragment[] = [];
  const hcl: ConfigFragment[] = [];
  const problems: FragmentProblem[] = [];
  const runtimeDirs: string[] = [];
  const flagValues: Record<string, unknown> = {};
  const flagLines = new Map<string, number>();
  const here = { resource: invocation.resource, pointer: invocation.pointer, line: invocation.line };
  for (const flag of invocation.flags) {
    const known = facts.flags[flag.name];
    if (!known) {
      const near = Object.keys(facts.flags).find((name) => name.toLowerCase() === flag.name.toLowerCase().replace(/_/g, '-'));
      problems.push({
        ...here,
        message: `consul agent has no flag -${flag.name}: Consul ${facts.version} exits on it${near ? `; did you mean -${near}?` : ''}`,
      });
      continue;
    }
    if (flag.value === undefined && known.type !== 'bool') {
      // Go's flag package: a flag that takes a value, last on the command line without one ("flag needs an argument")
      problems.push({ ...here, message: `consul agent flag -${flag.name} needs a value: Consul ${facts.version} exits on it` });
      continue;
    }
    // a flag other than a boolean has its value here
    const text = flag.value ?? '';
    if (flag.name === 'config-dir' || flag.name === 'config-file') {
      const path = text;
      const dir = flag.name === 'config-dir' ? path : path.slice(0, path.lastIndexOf('/'));
      const { configMap, runtime } = configMapAt(invocation, resources, dir);
      if (runtime) runtimeDirs.push(dir);
      if (!configMap) continue;
      const data = (get(configMap.object, 'data') ?? {}) as Record<string, unknown>;
      const keys =
        flag.name === 'config-dir'
          ? Object.keys(data)
              .filter((key) => key.endsWith('.json') || key.endsWith('.hcl'))
              .sort()
          : [path.slice(dir.length + 1)];
      fragments.push(...fileFragments(configMap, keys, problems));
    } else if (flag.name === 'hcl') {
      try {
        const parsed = parseHcl(text);
        hcl.push({
          source: `-hcl flag ${hcl.length + 1}`,
          resource: invocation.resource,
          pointer: invocation.pointer,
          value: parsed.value,
          lines: new Map([...parsed.lines.keys()].map((key) => [key, invocation.line])),
        });
      } catch (error) {
        problems.push({
          ...here,
          message: `-hcl='${text}' does not parse: ${(error as Error).message}: Consul refuses to start`,
        });
      }
    } else if (known.configKey) {
      const value =
        known.type === 'bool'
          ? flag.value === undefined || flag.value === 'true'
          : known.type === 'int' && /^-?\d+$/.test(text)
            ? Number(text)
            : known.type === 'list'
              ? [text]
              : text;
      let target = flagValues;
      const parts = known.configKey.split('.');
      parts.forEach((part, index) => {
        if (index === parts.length - 1) {
          target[part] = Array.isArray(target[part]) && Array.isArray(value) ? [...(target[part] as unknown[]), ...value] : value;
        } else {
          target = target[part] = isPlainObject(target[part]) ? target[part] : {};
        }
      });
      flagLines.set(known.configKey, invocation.line);
    }
  }
  for (const word of invocation.extra) problems.push({ ...here, message: `consul agent does not take the argument "${word}": it exits` });
  const flagsFragment: ConfigFragment = {
    source: 'flags',
    resource: invocation.resource,
    pointer: invocation.pointer,
    value: flagValues,
    lines: flagLines,
  };
  const ordered = [...fragments, ...hcl, flagsFragment];
  // Consul's merge: objects field by field, lists and scalars replaced.
  const effective = ordered.reduce<Record<string, unknown>>(
    (merged, fragment) => mergeJson(merged, fragment.value) as Record<string, unknown>,
    {},
  );
  return { invocation, fragments: ordered, effective, problems, runtimeDirs };
}
