/**
 * No secret value in the repository, wherever a value can sit: Secret data, container env values,
 * command and args (scripts included), annotations, ConfigMap data and binaryData, and the JSON and
 * HCL config (heredocs included) inside them. Messages name the place and the kind of credential,
 * never the value.
 */
import type { RenderedRule, Violation } from '../policies/rule.js';
import { secretSightings } from '../policies/secret-sightings.js';

export const plaintextSecret: RenderedRule = {
  id: 'plaintext-secret',
  scope: 'rendered',
  group: 'kubernetes',
  severity: 'error',
  summary:
    'No secret values in the repository: Secrets carry no data, and no container env value, command or args, annotation, ConfigMap data or binaryData (JSON and HCL config, heredocs included) holds a gossip key (base64 of 16, 24 or 32 bytes), an ACL token (a UUID under a token name or -token), a PEM private key, a high-entropy value under a secret-like name, the value of a flag that takes a key or token (consul keyring -install, -token, -encrypt...: the pinned flag tables), or credentials in a URL (user:password@).',
  reason:
    'Anything in git is readable by everyone with repo access and stays in history; an env value or flag is also shown by kubectl describe and every process listing. Gossip keys, ACL tokens and CA keys must come from a secret store. Detection goes by Consul’s shapes, so hashes, image digests, node IDs and Kubernetes UIDs are not flagged; every report redacts flagged values.',
  fix: 'Remove the value; create the Secret out of band (or let the bootstrap Jobs create it) and reference it by name: env valueFrom.secretKeyRef, a secret volume, or an auth-method login for ACL tokens.',
  check(context): Violation[] {
    return secretSightings(context.resources).map(({ resource, path, message, embeddedLine }) => ({
      resource,
      path,
      message,
      ...(embeddedLine !== undefined ? { embeddedLine } : {}),
    }));
  },
};
