/**
 * Argo CD's pattern matching for AppProject fields (sourceRepos, destinations server/name/namespace):
 * glob syntax (`*`, `**`, `?`, `[abc]`, `[!a-z]`, `{a,b}`, `\` escapes), where `*` and `?` stop at the
 * given separators (`/` for repository URLs) and `**` does not. A leading `!` makes a deny pattern.
 * A pattern that does not compile matches nothing, as in Argo CD.
 */

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

class GlobSyntaxError extends Error {}

function compile(pattern: string, separators: readonly string[]): RegExp {
  const single = separators.length > 0 ? `[^${separators.map(escapeRegExp).join('')}]` : '[\\s\\S]';
  let index = 0;
  const sequence = (inBraces: boolean): string => {
    let out = '';
    while (index < pattern.length) {
      const char = pattern[index] ?? '';
      if (inBraces && (char === ',' || char === '}')) return out;
      index += 1;
      if (char === '\\') {
        if (index >= pattern.length) throw new GlobSyntaxError('trailing escape');
        out += escapeRegExp(pattern[index] ?? '');
        index += 1;
      } else if (char === '*') {
        if (pattern[index] === '*') {
          index += 1;
          out += '[\\s\\S]*';
        } else out += `${single}*`;
      } else if (char === '?') {
        out += single;
      } else if (char === '[') {
        const end = pattern.indexOf(']', index);
        if (end === -1) throw new GlobSyntaxError('unclosed [');
        let body = pattern.slice(index, end);
        index = end + 1;
        const negate = body.startsWith('!');
        if (negate) body = body.slice(1);
        if (body === '') throw new GlobSyntaxError('empty []');
        const ranges = [...body].map((item) => (item === '-' ? '-' : escapeRegExp(item))).join('');
        out += `[${negate ? '^' : ''}${ranges}]`;
      } else if (char === '{') {
        const alternatives: string[] = [];
        for (;;) {
          alternatives.push(sequence(true));
          const delimiter = pattern[index];
          index += 1;
          if (delimiter === '}') break;
          if (delimiter !== ',') throw new GlobSyntaxError('unclosed {');
        }
        out += `(?:${alternatives.join('|')})`;
      } else {
        out += escapeRegExp(char);
      }
    }
    if (inBraces) throw new GlobSyntaxError('unclosed {');
    return out;
  };
  return new RegExp(`^${sequence(false)}$`);
}

/** Plain glob match; a malformed pattern matches nothing. */
/**
 * Compiled patterns by separators and pattern (undefined: the pattern does not compile). Every Application is
 * matched against every destination of its project, so a fleet's project (one destination per environment)
 * would otherwise compile each pattern once per Application. Bounded: cleared when it grows past 10,000.
 */
const compiled = new Map<string, RegExp | undefined>();

function compiledGlob(pattern: string, separators: readonly string[]): RegExp | undefined {
  const key = `${separators.join('')}\0${pattern}`;
  if (compiled.has(key)) return compiled.get(key);
  let regExp: RegExp | undefined;
  try {
    regExp = compile(pattern, separators);
  } catch (error) {
    if (!(error instanceof GlobSyntaxError || error instanceof SyntaxError)) throw error;
  }
  if (compiled.size >= 10_000) compiled.clear();
  compiled.set(key, regExp);
  return regExp;
}

export function globMatch(pattern: string, value: string, separators: readonly string[] = []): boolean {
  if (pattern === '*' && separators.length === 0) return true;
  return compiledGlob(pattern, separators)?.test(value) ?? false;
}

export const isDenyPattern = (pattern: string | undefined): boolean => typeof pattern === 'string' && pattern.startsWith('!');

/** A project field match: `!pattern` matches every value the pattern does not. */
export function patternMatch(pattern: string | undefined, value: string, separators: readonly string[] = []): boolean {
  const text = pattern ?? '';
  if (isDenyPattern(text)) return !globMatch(text.slice(1), value, separators);
  return globMatch(text, value, separators);
}
