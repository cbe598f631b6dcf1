/**
 * The one place that keeps secret values out of every output: stderr, every report format, the
 * gate's stderr, diff's output and kustomize's error text. It removes what the detector
 * (model/secret-shapes.ts) would flag, by shape, since the text reaching an output has lost its
 * structure: PEM private keys, gossip-key-shaped base64, UUIDs, and high-entropy values after a
 * secret-like name. Structured data (diff's field values) goes through redactField, which also knows
 * the Secret and env-var context. Pure.
 */
import { CREDENTIAL_FLAGS } from './generated-credential-flags.js';
import { credentialLike, gossipKeyBytes, isHighEntropy, isSecretName, isUrlCredential } from './secret-shapes.js';

/** @internal the one copy of the redaction marker the tests look for */
export const REDACTED = '[redacted]';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END ([A-Z0-9]+ )*PRIVATE KEY-----|$)/g;
const UUID_ANYWHERE = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const BASE64_RUN = /[A-Za-z0-9+/=]{22,}/g;
/** `name: value`, `name=value`, `"name": "value"`, Go's `name:value` inside map[...]. */
const NAMED_VALUE = /(^|[\s{[,;"'(])([A-Za-z_][\w.-]*)(["']?\s*[:=]\s*["']?)([^\s"',;{}[\]()]+)/g;
/** Go's dump of a Secret's maps in kustomize errors: `data:map[k:v ...]`, `stringData:map[...]`. */
const SECRET_MAP = /\b(data|stringData):map\[(?!\[redacted\]\])[^\]]*\]?/g;

/**
 * Random base64 of 16+ bytes carries upper case, lower case and digits (a key without all three is
 * about 1 in 60 for 16 bytes, 1 in 1,500 for 32); report text of that length rarely does: a JSON
 * pointer such as /spec/template/spec/containers/0 is valid base64 of 24 bytes.
 */
const isKeyShaped = (text: string): boolean =>
  /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text) && gossipKeyBytes(text) !== undefined;

/** A base64 run that is a gossip key, or ends with one after a `name=` prefix (or a bare `=` or `==`: `x =<key>`). */
function redactBase64(run: string): string {
  if (isKeyShaped(run)) return REDACTED;
  for (let equals = run.indexOf('='); equals >= 0 && equals < run.length - 2; equals = run.indexOf('=', equals + 1)) {
    if (isKeyShaped(run.slice(equals + 1))) return `${run.slice(0, equals + 1)}${REDACTED}`;
  }
  return run;
}

let flagValue: RegExp | undefined;
/**
 * The value after a flag that takes a key or token (`-install <key>`, `-token=<uuid>`), whatever its
 * shape, from the pinned flag tables; references expanded at run time ($VAR) are kept.
 */
function flagValuePattern(): RegExp {
  const names = [...CREDENTIAL_FLAGS.keys()].sort((a, b) => b.length - a.length).join('|');
  flagValue ??= new RegExp(`(^|[\\s"'(;\\[])(-{1,2}(?:${names}))(=|\\s+)(["']?)(?![$\\-"'\\s]|\\[redacted\\])([^\\s"';)\\]]+)`, 'g');
  return flagValue;
}

/** Credentials in URLs: `scheme://user:password@host` and `scheme://token@host` keep the scheme and host only. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@'"]+)@/gi;

/**
 * kustomize's errors about a generator's literals echo them whole, whatever their shape
 * (`literal sources [password hunter2]: invalid literal source password hunter2, expected key=value`).
 */
const LITERAL_SOURCES = /\b(literal sources? )(\[[^\]\n]*\]|[^\n]*?(?=, expected)|[^\s:,]+)/g;

/** Text with every credential-shaped value replaced by [redacted]. Idempotent. */
export function redactText(text: string): string {
  return text
    .replace(LITERAL_SOURCES, (match, label: string, value: string) => (value === REDACTED ? match : `${label}${REDACTED}`))
    .replace(URL_CREDENTIALS, (match, scheme: string, userinfo: string) => (isUrlCredential(userinfo) ? `${scheme}${REDACTED}@` : match))
    .replace(
      flagValuePattern(),
      (_match, before: string, flag: string, between: string, quote: string) => `${before}${flag}${between}${quote}${REDACTED}`,
    )
    .replace(PEM_BLOCK, `${REDACTED} private key`)
    .replace(SECRET_MAP, (_match, field: string) => `${field}:map[${REDACTED}]`)
    .replace(UUID_ANYWHERE, REDACTED)
    .replace(BASE64_RUN, redactBase64)
    .replace(NAMED_VALUE, (match, before: string, name: string, between: string, value: string) =>
      value !== REDACTED && isSecretName(name) && (isHighEntropy(value) || credentialLike(value, name) !== undefined)
        ? `${before}${name}${between}${REDACTED}`
        : match,
    );
}

export interface CapOptions {
  maxChars: number;
  maxLines: number;
  /** What to say about the part left out, after "cut: N more characters". */
  advice?: string;
}

/**
 * The first lines of a text, at most maxChars, saying what was cut.
 * @internal pure text capping, boundaries pinned directly; production reaches it through the redacting helpers
 */
export function capText(text: string, options: CapOptions): string {
  const lines = text.split('\n');
  let kept = lines.slice(0, options.maxLines).join('\n');
  if (kept.length > options.maxChars) kept = kept.slice(0, options.maxChars);
  const left = text.length - kept.length;
  return left > 0 ? `${kept} ... [cut: ${left} more characters${options.advice ? `; ${options.advice}` : ''}]` : kept;
}

/**
 * kustomize's error text made safe to print: the YAML it dumps after "node contents:" is the user's
 * data (possibly a Secret's stringData) and is dropped, credential-shaped values are redacted, and
 * the rest is capped (one error was 160 KB).
 */
export function safeToolError(stderr: string, options: CapOptions = { maxChars: 2000, maxLines: 20 }): string {
  const contents = stderr.indexOf('node contents:');
  const withoutData = contents < 0 ? stderr : `${stderr.slice(0, contents)}node contents: (not shown: they can hold Secret data)`;
  return capText(redactText(withoutData), options);
}

/** Whether a JSON pointer is inside a Secret's values (data or stringData). */
function isSecretDataPath(kind: string, path: string): boolean {
  return kind === 'Secret' && /^\/(data|stringData)(\/|$)/.test(path);
}

/**
 * A field value safe to show in a diff: a Secret's data is always hidden; a string the detector
 * flags under its name (the key, or for an env entry `{name, value}` the variable's name) is hidden;
 * other text is scrubbed by shape. Objects and lists are walked the same way.
 */
export function redactField(kind: string, path: string, value: unknown, name: string): unknown {
  if (value === undefined || value === null) return value;
  if (isSecretDataPath(kind, path)) return REDACTED;
  if (typeof value === 'string') return credentialLike(value, name) !== undefined ? REDACTED : redactText(value);
  if (Array.isArray(value)) return value.map((item, index) => redactField(kind, `${path}/${index}`, item, name));
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // An env entry: its value is named by the variable, not by the key "value".
    const envName = typeof object.name === 'string' && 'value' in object ? object.name : undefined;
    return Object.fromEntries(
      Object.entries(object).map(([key, item]) => [
        key,
        redactField(kind, `${path}/${key}`, item, key === 'value' && envName ? envName : key),
      ]),
    );
  }
  return value;
}
