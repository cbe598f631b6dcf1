/** Images are pinned (plaintext-secret lives in plaintext-secret.ts). */
import type { RenderedRule, Violation } from '../policies/rule.js';
import { containersOf, WORKLOAD_KINDS } from '../../model/k8s-objects.js';
import { parseImageReference } from '../../model/image-reference.js';

export const imagePinned: RenderedRule = {
  id: 'image-pinned',
  scope: 'rendered',
  group: 'kubernetes',
  kinds: WORKLOAD_KINDS,
  severity: 'error',
  summary: 'Every image names a tag other than latest; production also pins a digest.',
  reason:
    'An unpinned image changes under a running cluster on the next pull; Consul servers of mixed versions can break the Raft log format.',
  fix: 'Pin the image as repository:tag (not latest), with @sha256:<digest> in production; for the Consul images of this repository, set images.consul and images.controlPlane in environments.yaml and regenerate.',
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
        const { tag, digest } = parseImageReference(image);
        if (!digest && (!tag || tag === 'latest')) {
          violations.push({ resource, path, message: `image ${image} is not pinned: ${tag ? 'latest moves' : 'no tag means latest'}` });
        } else if (!digest && context.environment?.tier === 'production') {
          violations.push({
            resource,
            path,
            severity: 'warning',
            message: `image ${image} has a tag but no digest in production: a re-pushed tag changes what runs`,
          });
        }
      }
    }
    return violations;
  },
};
