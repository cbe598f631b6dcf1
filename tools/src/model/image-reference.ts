/**
 * One reading of a container image reference, `[registry[:port]/]path[:tag][@digest]`, split the way
 * the container runtimes split it (distribution/reference): the digest follows `@`; the tag follows
 * the last `:` after the last `/` (so a registry port is never a tag); the first path segment is a
 * registry when it has a `.` or a `:`, is `localhost`, or has an upper-case letter (a repository
 * cannot). Case is kept as written: tags are case-sensitive. Pure.
 */
export interface ImageReference {
  /** Everything before the tag and digest (`registry.local:5000/hashicorp/consul`): what kustomize `images[].name` matches. */
  name: string;
  /** `registry.local:5000`, when the reference names one. */
  registry?: string;
  /** The path without the registry: `hashicorp/consul`. */
  repository: string;
  /** The last path segment: `consul`. */
  baseName: string;
  tag?: string;
  /** `sha256:<hex>`, as written after `@`. */
  digest?: string;
}

function isRegistry(segment: string): boolean {
  return segment.includes('.') || segment.includes(':') || segment === 'localhost' || segment !== segment.toLowerCase();
}

export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const name = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = colon > slash ? withoutDigest.slice(colon + 1) : undefined;
  const firstSlash = name.indexOf('/');
  const first = firstSlash >= 0 ? name.slice(0, firstSlash) : undefined;
  const registry = first !== undefined && isRegistry(first) ? first : undefined;
  const repository = registry === undefined ? name : name.slice(firstSlash + 1);
  return {
    name,
    ...(registry !== undefined ? { registry } : {}),
    repository,
    baseName: repository.slice(repository.lastIndexOf('/') + 1),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}
