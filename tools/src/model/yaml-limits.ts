/**
 * Limits on our own YAML parsing, and their messages. yaml stops an alias bomb by counting alias
 * expansions (maxAliasCount, 100 by default: a spec of 150 environments sharing one anchor is more),
 * and reports nesting deeper than its parser's stack as RESOURCE_EXHAUSTION; both become findings at
 * file:line here, never an internal error.
 */
import type { YAMLError } from 'yaml';

/**
 * yaml's maxAliasCount: alias expansions times the aliases inside each expanded node. 10,000 lets a file
 * use an anchor in thousands of places, while a billion-laughs file (10 aliases of 10 aliases ...) is
 * stopped at its third level, long before its expansion costs memory.
 */
export const MAX_ALIAS_COUNT = 10_000;

/** The message yaml's toJS throws when maxAliasCount is passed ("Excessive alias count ..."). */
function isAliasLimitError(error: unknown): boolean {
  return error instanceof ReferenceError && /excessive alias/i.test(error.message);
}

/** yaml's "Unresolved alias (the anchor must be set before the alias): <name>". */
function undefinedAliasName(error: unknown): string | undefined {
  if (!(error instanceof ReferenceError)) return undefined;
  return /unresolved alias[^:]*:\s*(\S+)/i.exec(error.message)?.[1];
}

/** Whether a conversion failure is an alias used before its anchor (a mistake to name, not a limit hit). */
export function isUndefinedAlias(error: unknown): boolean {
  return undefinedAliasName(error) !== undefined;
}

/** One clear phrase for a YAML limit that was hit (or for any other conversion failure). */
export function yamlLimitMessage(error: unknown): string {
  const alias = undefinedAliasName(error);
  if (alias !== undefined)
    return `undefined alias *${alias}: no anchor &${alias} comes before it (YAML needs the anchor first; move it up, or write the value out)`;
  if (isAliasLimitError(error))
    return `too many YAML alias expansions (more than ${MAX_ALIAS_COUNT}: an alias bomb, or anchors nested in anchors)`;
  if (error instanceof RangeError) return 'the YAML is nested too deep to read (too deep)';
  return `the YAML cannot be read (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * Nesting past the parser's stack: yaml's RESOURCE_EXHAUSTION, or, depending on how much of the JS stack
 * the caller already uses, the engine's own "Maximum call stack size exceeded" caught by yaml.
 */
export function isTooDeep(error: Pick<YAMLError, 'code' | 'message'>): boolean {
  return error.code === 'RESOURCE_EXHAUSTION' || error.message.includes('Maximum call stack size exceeded');
}

/** A parse error of yaml, worded for people: nesting past the parser's stack is "too deep", not "invalid YAML". */
export function yamlErrorMessage(error: Pick<YAMLError, 'code' | 'message'>): string {
  if (isTooDeep(error)) return 'nested too deep to read (too deep): flatten the document';
  if (error.code === 'DUPLICATE_KEY') return `duplicate key in one mapping: ${error.message.split('\n')[0]}`;
  return `invalid YAML: ${error.message.split('\n')[0]}`;
}
