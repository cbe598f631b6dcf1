/**
 * Consul refuses to start on a configuration key it does not know ("invalid config key") or on a
 * value of the wrong type; it accepts deprecated keys with a warning and translates a few aliases.
 * This checks a decoded config fragment against the key table of the pinned Consul release, with
 * Consul's own leniencies: keys match case-insensitively, and an HCL block (a one-element list)
 * stands wherever an object is expected.
 */
import { isPlainObject } from '../../model/json.js';
import type { AgentConfigFacts, ConfigKey } from '../../model/facts.js';
import { closest } from '../../model/did-you-mean.js';

export interface ConfigProblem {
  /** Dotted path of the key in the fragment (list items as their index). */
  path: string[];
  message: string;
  severity: 'error' | 'warning';
}

/** A Go time.ParseDuration string (Consul and the control plane parse durations with it). */
export const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+)$/;

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (isPlainObject(value)) return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const TYPE_NAMES: Record<ConfigKey['type'], string> = {
  object: 'an object',
  string: 'a string',
  bool: 'a boolean',
  list: 'a list',
  map: 'an object of values',
  int: 'an integer',
  float: 'a number',
  any: 'any value',
};

/**
 * The key-table node at a path such as `services[].check` or `node_meta.*`: `a[]` is an item of list
 * a, `*` any value of a map (any name below a map or an `any` node resolves to that node's values).
 * @internal the fact-table lookup the key coverage test walks; the config-key rules reach it
 */
export function configKeyAt(facts: AgentConfigFacts, tablePath: string): ConfigKey | undefined {
  let node: ConfigKey | undefined = { type: 'object', keys: facts.keys };
  for (const part of tablePath.split('.')) {
    if (node?.type === 'any') return node;
    const list = part.endsWith('[]');
    const name = list ? part.slice(0, -2) : part;
    node = node?.type === 'map' || name === '*' ? node?.values : node?.keys?.[name];
    if (list) node = node?.items;
    if (node?.sameAs) node = configKeyAt(facts, node.sameAs);
  }
  return node;
}

class Checker {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly facts: AgentConfigFacts) {}

  /** The key-table node at a table path such as `services[].check`. */
  private nodeAt(tablePath: string): ConfigKey | undefined {
    return configKeyAt(this.facts, tablePath);
  }

  private alias(tablePath: string, key: string): string | undefined {
    const wanted = (tablePath ? `${tablePath}.${key}` : key).toLowerCase();
    const entry = Object.entries(this.facts.aliases).find(([alias]) => alias.toLowerCase() === wanted);
    return entry?.[1];
  }

  private deprecated(tablePath: string, key: string): { replacement?: string } | undefined {
    const wanted = (tablePath ? `${tablePath}.${key}` : key).toLowerCase();
    return Object.entries(this.facts.deprecated).find(([path]) => path.toLowerCase() === wanted)?.[1];
  }

  object(value: Record<string, unknown>, node: ConfigKey | undefined, tablePath: string, path: string[]): void {
    const keys = node?.keys ?? {};
    for (const [key, item] of Object.entries(value)) {
      const here = [...path, key];
      const known = Object.keys(keys).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
      const childPath = tablePath ? `${tablePath}.${known ?? key}` : (known ?? key);
      if (known) {
        this.value(item, keys[known] as ConfigKey, childPath, here);
        continue;
      }
      const canonical = this.alias(tablePath, key);
      if (canonical) {
        const target = this.nodeAt(canonical);
        if (target) this.value(item, target, canonical, here);
        continue;
      }
      const deprecated = this.deprecated(tablePath, key);
      if (deprecated) {
        this.problems.push({
          path: here,
          severity: 'warning',
          message: `${here.join('.')} is deprecated in Consul ${this.facts.version}${deprecated.replacement ? `: use ${deprecated.replacement}` : ''}`,
        });
        continue;
      }
      const suggestion = closest(key, Object.keys(keys));
      this.problems.push({
        path: here,
        severity: 'error',
        message: `unknown configuration key ${here.join('.')}: Consul ${this.facts.version} refuses to start ("invalid config key")${suggestion ? `; did you mean ${[...path, suggestion].join('.')}?` : ''}`,
      });
    }
  }

  value(value: unknown, node: ConfigKey, tablePath: string, path: string[]): void {
    const wrong = () =>
      this.problems.push({
        path,
        severity: 'error',
        message: `${path.join('.')} must be ${TYPE_NAMES[node.type]}, not ${describeValue(value)}: Consul ${this.facts.version} refuses to start`,
      });
    switch (node.type) {
      case 'any':
        return;
      case 'object': {
        const object = Array.isArray(value) && value.length === 1 && isPlainObject(value[0]) ? value[0] : value;
        if (!isPlainObject(object)) return void wrong();
        const resolved = node.sameAs ? this.nodeAt(node.sameAs) : node;
        return this.object(object, resolved, node.sameAs ?? tablePath, path);
      }
      case 'list': {
        if (!Array.isArray(value)) return void wrong();
        if (!node.items) return;
        value.forEach((item, index) => this.value(item, node.items as ConfigKey, `${tablePath}[]`, [...path, String(index)]));
        return;
      }
      case 'map': {
        if (!isPlainObject(value)) return void wrong();
        if (!node.values) return;
        for (const [key, item] of Object.entries(value)) this.value(item, node.values, `${tablePath}.*`, [...path, key]);
        return;
      }
      case 'string':
        if (typeof value !== 'string') return void wrong();
        if (node.format === 'duration' && !GO_DURATION.test(value) && !value.includes('$')) {
          this.problems.push({
            path,
            severity: 'error',
            message: `${path.join('.')} must be a duration such as "10s" or "1h30m", not ${JSON.stringify(value)}`,
          });
        }
        return;
      case 'int':
        if (typeof value !== 'number' || !Number.isInteger(value)) wrong();
        return;
      case 'float':
        if (typeof value !== 'number') wrong();
        return;
      case 'bool':
        if (typeof value !== 'boolean') wrong();
        return;
    }
  }
}

/** Problems of one decoded config fragment (a file, an -hcl flag, or the flags as a whole). */
export function checkAgentConfig(value: Record<string, unknown>, facts: AgentConfigFacts): ConfigProblem[] {
  const checker = new Checker(facts);
  checker.object(value, { type: 'object', keys: facts.keys }, '', []);
  return checker.problems;
}
