/** Secrets stay out of the repo; images are pinned. */
import { pointerSegment } from '../../parse/yaml-pointer.js';
import type { Rule, Violation } from './rule.js';
import { asObject, containersOf, get } from './k8s.js';

const SECRET_KEY = /(^|[_.-])(encrypt|token|password|passwd|secret|private[_-]?key|gossip[_-]?key|api[_-]?key)$/i;
/** A gossip key is 32 bytes in base64 (44 characters); tokens and keys are long runs of base64. */
const BASE64_KEY = /^[A-Za-z0-9+/]{42,}={0,2}$/;

const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a literal value looks like when it is a credential: a PEM private key, a gossip key, an ACL token. */
export function credentialLike(value: string, key = ''): string | undefined {
  const text = value.trim();
  if (PEM_PRIVATE_KEY.test(text)) return 'a PEM private key';
  if (/^[A-Za-z0-9+/]{43}=$/.test(text) && Buffer.from(text, 'base64').length === 32) return 'a 32-byte base64 key (a gossip encryption key)';
  // Consul ACL tokens (SecretIDs) are UUIDs; node and datacenter IDs are UUIDs too, but under *_id keys.
  if (UUID.test(text) && !/(^|[_.-])id$/i.test(key)) return 'a UUID (the format of a Consul ACL token)';
  return undefined;
}

/** Walk JSON config for secret-looking keys, anything under acl.tokens, and credential-looking values. */
function secretValuesIn(value: unknown, path: string[] = []): { path: string; what: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => secretValuesIn(item, [...path, String(index)]));
  const object = asObject(value);
  if (!object) return [];
  return Object.entries(object).flatMap(([key, item]) => {
    const here = [...path, key];
    if (typeof item === 'string' && item.length > 0) {
      if (SECRET_KEY.test(key) || path[path.length - 1] === 'tokens') return [{ path: here.join('.'), what: 'a literal value' }];
      const what = credentialLike(item, key);
      return what ? [{ path: here.join('.'), what }] : [];
    }
    return secretValuesIn(item, here);
  });
}

/** Quoted strings in a non-JSON config file (HCL, env files): the literals a credential would be. */
function quotedStrings(text: string): string[] {
  return [...text.matchAll(/"([^"\n]{20,})"/g)].map((match) => match[1] ?? '');
}

export const plaintextSecret: Rule = {
  id: 'plaintext-secret',
  severity: 'error',
  summary: 'No secret values in the repository: Secrets are referenced by name, never committed with data, and no ConfigMap holds a gossip key, ACL token or private key.',
  reason: 'Anything in git is readable by everyone with repo access and stays in history; gossip keys, ACL tokens and CA keys must come from a secret store.',
  fix: 'Remove the value; create the Secret out of band (or through a secrets operator) and reference it by name with secretKeyRef or a secret volume.',
  check(context) {
    const violations: Violation[] = [];
    for (const secret of context.all('Secret')) {
      for (const field of ['data', 'stringData']) {
        const values = asObject(get(secret.object, field));
        if (values && Object.keys(values).length > 0) {
          violations.push({ resource: secret, path: `/${field}`, message: `Secret ${secret.ref.name} commits ${Object.keys(values).length} value(s) in ${field}: reference it by name instead` });
        }
      }
    }
    for (const configMap of context.all('ConfigMap')) {
      const data = asObject(get(configMap.object, 'data')) ?? {};
      for (const [key, text] of Object.entries(data)) {
        if (typeof text !== 'string') continue;
        let parsed: unknown;
        try {
          parsed = key.endsWith('.json') ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        const pointer = `/data/${pointerSegment(key)}`;
        for (const found of secretValuesIn(parsed)) {
          violations.push({ resource: configMap, path: pointer, message: `${key} sets ${found.path} to ${found.what}: pass it from a Secret at start-up` });
        }
        const whole = credentialLike(text);
        if (SECRET_KEY.test(key) || BASE64_KEY.test(text.trim()) || whole) {
          violations.push({ resource: configMap, path: pointer, message: `ConfigMap key ${key} looks like ${whole ?? 'a key or token'}: keep it in a Secret referenced by name` });
        } else if (parsed === undefined) {
          const what = quotedStrings(text).map((literal) => credentialLike(literal)).find((entry) => entry !== undefined);
          if (what) violations.push({ resource: configMap, path: pointer, message: `ConfigMap key ${key} contains ${what}: keep it in a Secret referenced by name` });
        }
      }
    }
    return violations;
  },
};

export const imagePinned: Rule = {
  id: 'image-pinned',
  severity: 'error',
  summary: 'Every image names a tag other than latest; production also pins a digest.',
  reason: 'An unpinned image changes under a running cluster on the next pull; Consul servers of mixed versions can break the Raft log format.',
  fix: 'Pin the image in environments.yaml (images.consul / images.controlPlane) as repository:tag, and add @sha256:<digest> for production.',
  check(context) {
    const violations: Violation[] = [];
    for (const resource of context.resources) {
      for (const entry of containersOf(resource)) {
        const image = entry.container.image;
        const path = `${entry.pointer}/image`;
        if (typeof image !== 'string' || image === '') {
          violations.push({ resource, path, message: `container ${String(entry.container.name)} has no image` });
          continue;
        }
        const [reference = image, digest] = image.split('@');
        const slash = reference.lastIndexOf('/');
        const colon = reference.lastIndexOf(':');
        const tag = colon > slash ? reference.slice(colon + 1) : undefined;
        if (!digest && (!tag || tag === 'latest')) {
          violations.push({ resource, path, message: `image ${image} is not pinned: ${tag ? 'latest moves' : 'no tag means latest'}` });
        } else if (!digest && context.environment?.tier === 'production') {
          violations.push({ resource, path, severity: 'warning', message: `image ${image} has a tag but no digest in production: a re-pushed tag changes what runs` });
        }
      }
    }
    return violations;
  },
};
