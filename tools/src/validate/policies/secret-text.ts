/**
 * Credentials inside a text value: a JSON or HCL config file (heredocs included), an env file or
 * script, or a single value. Each hit names its dotted path inside the text and its 1-based line.
 */
import { parseHcl } from '../../parse/hcl.js';
import { credentialLike, credentialsInWords } from '../../model/secret-shapes.js';
import { shellCommands } from '../../parse/shell-words.js';
import { CREDENTIAL_FLAGS } from '../../model/generated-credential-flags.js';

export interface TextCredential {
  /** Dotted key path inside the text ('' for the text as a whole). */
  path: string;
  what: string;
  /** 1-based line inside the text, when known. */
  line?: number;
  /** The flagged value, for callers that must hide it: never put it in a message. */
  value: string;
}

/** The 1-based line of the first occurrence of `value` (its first line) in `text`. */
function lineOf(text: string, value: string): number | undefined {
  const first = value
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim();
  const at = first ? text.indexOf(first) : -1;
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

/** Walk parsed config: every string under its key; a multi-line string is scanned as text again. */
function walk(
  value: unknown,
  path: string[],
  lines: ReadonlyMap<string, number> | undefined,
  text: string,
  depth: number,
): TextCredential[] {
  if (Array.isArray(value)) return value.flatMap((item) => walk(item, path, lines, text, depth));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => walk(item, [...path, key], lines, text, depth));
  }
  if (typeof value !== 'string') return [];
  const name = path[path.length - 1] ?? '';
  // the path and line only for a hit: a config file holds many strings and few credentials, and finding a
  // string's line reads the text up to it
  const where = () => {
    const dotted = path.join('.');
    return { dotted, line: lines?.get(dotted) ?? lineOf(text, value) };
  };
  const what = credentialLike(value, name, { nested: true });
  if (what) {
    const { dotted, line } = where();
    return [{ path: dotted, what, value, ...(line !== undefined ? { line } : {}) }];
  }
  if (!value.includes('\n') || depth > 2) return [];
  // A heredoc or an embedded file: its own hits, at the line of the key plus their line inside it (none if either is unknown).
  const inner = credentialsInText(value, name, depth + 1);
  if (inner.length === 0) return [];
  const { dotted, line } = where();
  return inner.map(({ line: innerLine, ...hit }) => ({
    ...hit,
    path: hit.path ? `${dotted}.${hit.path}` : dotted,
    ...(line !== undefined && innerLine !== undefined ? { line: line + innerLine } : {}),
  }));
}

function parsedConfig(text: string, name: string): { value: unknown; lines?: Map<string, number> } | undefined {
  const trimmed = text.trim();
  if (name.endsWith('.json') || /^[{[]/.test(trimmed)) {
    try {
      return { value: JSON.parse(text) };
    } catch {
      // not JSON after all: try HCL, then lines
    }
  }
  if (name.endsWith('.hcl') || /^[A-Za-z_][\w.-]*\s*(=|\{|")/m.test(trimmed)) {
    try {
      const parsed = parseHcl(text);
      return Object.keys(parsed.value).length > 0 ? { value: parsed.value, lines: parsed.lines } : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The first credential among a line's words as sh splits them, by position or shape (`consul keyring -install <key>`). */
function commandCredential(line: string): { name: string; what: string; value: string } | undefined {
  for (const command of shellCommands(line)) {
    const [hit] = credentialsInWords(command.words);
    if (hit) return hit;
  }
  return undefined;
}

/** `name = "value"`, `name: value`, `export NAME=value`, command words and bare words, line by line (env files, scripts, INI). */
function lineCredentials(text: string): TextCredential[] {
  const found: TextCredential[] = [];
  text.split('\n').forEach((line, index) => {
    const command = commandCredential(line);
    if (command) {
      found.push({ path: command.name, what: command.what, line: index + 1, value: command.value });
      return;
    }
    const assignment = /^\s*(?:export\s+)?["']?([A-Za-z_][\w.\-/]*)["']?\s*[:=]\s*["']?([^"'\s#]+)/.exec(line);
    const candidates = assignment ? [{ name: assignment[1] ?? '', value: assignment[2] ?? '' }] : [];
    for (const word of line.split(/[\s"'`,;()[\]{}]+/)) candidates.push({ name: '', value: word.replace(/^[^=]*=/, '') });
    for (const candidate of candidates) {
      const what = credentialLike(candidate.value, candidate.name, { nested: true });
      if (what) {
        found.push({ path: candidate.name, what, line: index + 1, value: candidate.value });
        return;
      }
    }
  });
  return found;
}

/** Every credential in a text value that sits under `name` (a ConfigMap key, env var, annotation). */
export function credentialsInText(text: string, name: string, depth = 0): TextCredential[] {
  const config = parsedConfig(text, name);
  const inConfig = config ? walk(config.value, [], config.lines, text, depth) : [];
  if (inConfig.length > 0) return inConfig;
  const whole = credentialLike(text, name);
  if (whole) return [{ path: '', what: whole, value: text.trim(), ...(text.trim().includes('\n') ? {} : { line: 1 }) }];
  if (config) return [];
  // One line is scanned only for the value of a flag that takes a key or token (`consul keyring -install <key>`).
  return text.includes('\n') ? lineCredentials(text) : lineCredentials(text).filter((hit) => CREDENTIAL_FLAGS.has(hit.path));
}
