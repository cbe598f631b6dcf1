import type { RenderedRule, Violation } from '../policies/rule.js';
import { SECRET } from '../../model/consul.js';
import { controlPlaneInvocations } from '../consul/control-plane-invocation.js';
import { asArray, get, podSpecOf } from '../../model/k8s-objects.js';

const KEY_LIKE = /(^|[._-])key$|\.key$|private/i;

/** Names of the CA-certificate Secrets: the tls-init Jobs' `<name-prefix>-ca-cert`, and consul-ca-cert. */
function caSecretNames(context: Parameters<RenderedRule['check']>[0]): Set<string> {
  const names = new Set<string>([SECRET.caCert.name]);
  for (const resource of context.resources) {
    for (const invocation of controlPlaneInvocations(resource)) {
      if (invocation.subcommand !== 'tls-init') continue;
      const prefix = invocation.words.find((word) => /^--?name-prefix=/.test(word))?.split('=')[1];
      if (prefix) names.add(`${prefix}-ca-cert`);
    }
  }
  return names;
}

export const caSecretProjection: RenderedRule = {
  id: 'ca-secret-projection',
  scope: 'rendered',
  severity: 'error',
  summary: 'Every pod mounts the CA Secret only as its certificate: a secret volume of it lists items, and none is a key.',
  reason:
    'Mounted whole, the CA Secret puts every key it holds into every agent and sync pod: a CA private key added to it (by a migration, or by hand) would reach every node, and with it the power to mint server certificates. The chart projects items: [{key: tls.crt, path: tls.crt}] and keeps the key in consul-ca-key, which only tls-init reads.',
  fix: 'Add items: [{key: tls.crt, path: tls.crt}] to the consul-ca-cert secret volume (the generated base does).',
  check(context) {
    const names = caSecretNames(context);
    const violations: Violation[] = [];
    for (const resource of context.resources) {
      const pod = podSpecOf(resource);
      if (!pod) continue;
      asArray(pod.spec.volumes).forEach((volume, index) => {
        const secret = get(volume, 'secret', 'secretName');
        if (typeof secret !== 'string' || !names.has(secret)) return;
        const path = `${pod.pointer}/volumes/${index}/secret`;
        const items = asArray(get(volume, 'secret', 'items'));
        if (items.length === 0) {
          violations.push({
            resource,
            path,
            message: `volume ${String(get(volume, 'name'))} mounts Secret ${secret} whole: a key added to it reaches this pod; project items: [{key: tls.crt, path: tls.crt}]`,
          });
        }
        items.forEach((item, itemIndex) => {
          if (KEY_LIKE.test(String(get(item, 'key')))) {
            violations.push({
              resource,
              path: `${path}/items/${itemIndex}`,
              message: `volume ${String(get(volume, 'name'))} projects ${String(get(item, 'key'))} of ${secret}, a private key: only tls-init may read the CA key`,
            });
          }
        });
      });
    }
    return violations;
  },
};
