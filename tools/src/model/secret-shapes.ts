/**
 * What a committed credential looks like, by Consul's own shapes rather than by length: a gossip key
 * (standard base64 of 16, 24 or 32 bytes, the sizes memberlist's keyring accepts; `consul keygen`
 * writes 32), an ACL token (a UUID, but only under a token-like name or after a -token flag: node,
 * trace and Kubernetes UIDs are UUIDs too), a PEM private key, and a high-entropy value under a
 * secret-like name (password, secret, token, key, encrypt...). Pure; used by plaintext-secret and by
 * the redaction of every output.
 */
import { CREDENTIAL_FLAGS } from './generated-credential-flags.js';

/**
 * Names whose value is a credential, by the last word of the key (`acl_token`, `GOSSIP_KEY`,
 * `dbPassword`). A bare `key` is not one: cache, sort and partition keys are everywhere; a key is a
 * secret when a secret word qualifies it (gossip_key, private_key, api_key, encryption_key...).
 */
const SECRET_NAME =
  /(^|[_.\-/])(encrypt|token|password|passwd|pwd|secret|secret[_-]?id|credentials?|auth|(gossip|private|api|access|secret|encryption|signing|master|root|client|tls)[_.-]?key)$|[a-z](Token|Password|Secret|(Gossip|Private|Api|Access|Secret|Encryption|Signing)Key)$/i;
/**
 * Names under which a UUID is an ACL token: Consul's acl.tokens entries (agent, default, dns,
 * initial_management and its old name master, agent_recovery, replication, config_file_service_registration),
 * the CLI's variables and flags (CONSUL_HTTP_TOKEN, CONSUL_ACL_TOKEN, -token) and anything called *token.
 */
const TOKEN_NAME =
  /(^|[_.\-/])(token|acl[_-]?token|master|initial[_-]?management|agent|agent[_-]?master|agent[_-]?recovery|default|dns|replication|config[_-]?file[_-]?service[_-]?registration|secret[_-]?id)$|[a-z]Token$/i;
/** Names that announce a hash or an identifier, whose base64 or UUID value is no credential. */
const DIGEST_NAME = /(sha1|sha256|sha512|md5|digest|checksum|hash|integrity|etag|fingerprint|(^|[_.\-/])(uid|id))$/i;
/** camelCase identifiers: nodeId, traceID, sourceUid. */
const CAMEL_ID_NAME = /[a-z](Id|ID|Uid|UID)$/;

const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Standard base64 with its padding, as Consul decodes `encrypt` (base64.StdEncoding). */
const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Values that name something rather than hold it: references, paths, URLs, plain words. */
const NOT_A_VALUE =
  /^(\$\(|\$\{|\$[A-Za-z_]|@\/|\/|file:|https?:\/\/|vault:|secret:|ref\+)|^[a-z][a-z.\-_]*$|^(true|false|null|none|yes|no|-?\d+(\.\d+)?)$/i;

function isDigestName(name: string): boolean {
  return (DIGEST_NAME.test(name) || CAMEL_ID_NAME.test(name)) && !/secret[_-]?id$/i.test(name);
}

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function isTokenName(name: string): boolean {
  return TOKEN_NAME.test(name);
}

/** The byte length a gossip key of this text decodes to (16, 24 or 32), or undefined. */
export function gossipKeyBytes(text: string): number | undefined {
  if (text.length < 24 || text.length > 44 || !PADDED_BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64').length;
  return bytes === 16 || bytes === 24 || bytes === 32 ? bytes : undefined;
}

/** Shannon entropy in bits per character. */
function entropyOf(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A value a person or a generator made to be guessed by nobody: long, varied, mixed classes, no spaces. */
export function isHighEntropy(text: string): boolean {
  if (text.length < 12 || /\s/.test(text) || NOT_A_VALUE.test(text)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(text)).length;
  return classes >= 2 && entropyOf(text) >= 3;
}

/** `scheme://userinfo@`: the userinfo of every URL in a text. */
const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/?#@'"]+)@/gi;

/**
 * Whether a URL's userinfo is a credential: a password (`user:password`), or a user that is a token
 * (high entropy, as `ghp_...` or `glpat-...`); a plain user name (`git`) and a reference (`$(TOKEN)`) are not.
 */
export function isUrlCredential(userinfo: string): boolean {
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  const password = colon < 0 ? '' : userinfo.slice(colon + 1);
  if (password !== '') return !password.startsWith('$');
  return !user.startsWith('$') && isHighEntropy(user);
}

/** Whether a text holds a URL with credentials in it (`https://user:password@host`, `https://<token>@host`). */
export function hasUrlCredential(text: string): boolean {
  // every word of every command and config passes here, and a URL needs `://`: no regular expression without it
  if (!text.includes('://')) return false;
  return [...text.matchAll(URL_USERINFO)].some((match) => isUrlCredential(match[1] ?? ''));
}

/**
 * What a literal value is when it is a credential, or undefined. `name` is the key, variable, flag
 * or annotation it sits under (its last segment decides).
 */
export function credentialLike(value: string, name = '', options: { nested?: boolean } = {}): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (PEM_PRIVATE_KEY.test(text)) return 'a PEM private key';
  if (hasUrlCredential(text)) return 'a credential in a URL (user:password@ or token@ before the host)';
  const digestName = isDigestName(name);
  // Hex is never a gossip key (base64 of random bytes is all-hex with odds below 1e-15); MD5 and SHA sums are.
  const bytes = /^[0-9a-f]+$/i.test(text) ? undefined : gossipKeyBytes(text);
  // A value standing alone (an env value, a flag, a whole ConfigMap entry) that is a 32-byte key is
  // flagged unless its name says digest; inside a config file or a list of hashes (`nested`) the name must
  // say secret, as it must for 16 and 24 bytes (older keys, but also the size of MD5 sums and short IDs).
  if (bytes === 32 && !digestName && !options.nested) return 'a 32-byte base64 key (a gossip encryption key)';
  if (bytes !== undefined && isSecretName(name) && !digestName) return `a ${bytes}-byte base64 key (a gossip encryption key)`;
  if (UUID.test(text)) return isTokenName(name) && !digestName ? 'a UUID under a token name (a Consul ACL token)' : undefined;
  if (isSecretName(name) && !digestName && isHighEntropy(text)) return 'a high-entropy value under a secret-like name';
  return undefined;
}

/** A reference Kubernetes or a shell expands at run time: `$(VAR)`, `${VAR}`, `$VAR`. */
const REFERENCE = /\$[({A-Za-z_]/;

/** `-flag=value`, `--flag=value`, `NAME=value`: the name and the value of one word, when it has both. */
function assignmentOf(word: string): { name: string; value: string } | undefined {
  const match = /^-{0,2}([A-Za-z_][A-Za-z0-9_.-]*)=([\s\S]*)$/.exec(word);
  return match ? { name: match[1] ?? '', value: match[2] ?? '' } : undefined;
}

/** A literal flag value: not empty, not another flag, not a reference expanded at run time ($VAR, $(VAR), ${VAR}). */
function isLiteral(value: string): boolean {
  return value.trim() !== '' && !value.startsWith('-') && !value.startsWith('$');
}

/**
 * The credential a word holds by its position: the value of a flag that takes a key or token
 * (`-install <key>`, `-token=<uuid>`), whatever its shape; the flag's command words (`keyring`) must
 * come before it. From the pinned flag tables (model/facts.ts).
 */
function credentialByPosition(words: readonly string[], index: number): { name: string; what: string; value: string } | undefined {
  const word = words[index] ?? '';
  const prior = words[index - 1] ?? '';
  // a flag's value is in the flag word or follows one: most words of a script are neither
  if (!word.startsWith('-') && !prior.startsWith('-')) return undefined;
  const inline = /^-{1,2}([A-Za-z][A-Za-z0-9_-]*)=([\s\S]*)$/.exec(word);
  const previous = /^-{1,2}([A-Za-z][A-Za-z0-9_-]*)$/.exec(prior)?.[1];
  const [name, value] = inline ? [inline[1] ?? '', inline[2] ?? ''] : previous ? [previous, word] : [undefined, ''];
  const flag = name === undefined ? undefined : CREDENTIAL_FLAGS.get(name);
  if (!flag || !isLiteral(value)) return undefined;
  const before = words.slice(0, index);
  if (!flag.after.every((command) => before.includes(command))) return undefined;
  return {
    name: name ?? '',
    what: credentialLike(value, name) ?? `${/^[AEIOU]/i.test(flag.takes) ? 'an' : 'a'} ${flag.takes} (the value of -${name ?? ''})`,
    value,
  };
}

/**
 * Credentials among command-line words: by position (`-install <key>`, `-token <uuid>`: the value of a
 * flag that takes one), then by shape (`CONSUL_HTTP_TOKEN=<uuid>`, a bare key or PEM). A key whose
 * base64 reads as `NAME=` (no `+` or `/`, `=` padding) is looked at whole as well.
 */
export function credentialsInWords(words: readonly string[]): { index: number; name: string; what: string; value: string }[] {
  const found: { index: number; name: string; what: string; value: string }[] = [];
  words.forEach((word, index) => {
    const positional = credentialByPosition(words, index);
    if (positional) {
      found.push({ index, ...positional });
      return;
    }
    const assignment = assignmentOf(word);
    const previous = words[index - 1] ?? '';
    const flag = /^-{1,2}([A-Za-z][A-Za-z0-9_-]*)$/.exec(previous)?.[1];
    const name = assignment?.name ?? flag ?? '';
    const value = assignment?.value ?? word;
    const byValue = credentialLike(value, name);
    if (byValue) {
      found.push({ index, name, what: byValue, value });
      return;
    }
    // A word with `=` read whole, under the flag before it: the flag's value may hold `=` (`-password x=<secret>`),
    // and `NAME=` with nothing after it may be a whole key whose base64 has no `+` or `/`. A word that expands a
    // reference at run time (`x=$(PASSWORD)`) holds no literal secret.
    const whole = assignment && !REFERENCE.test(word) ? credentialLike(word, flag ?? '') : undefined;
    if (whole) found.push({ index, name: flag ?? '', what: whole, value: word });
  });
  return found;
}
