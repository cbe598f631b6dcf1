/** Kustomize's reference forms, shared by the kustomization rules, the tree reader and the Nx inputs. */

/** A reference kustomize fetches over the network: a URL, an scp-like git address, or host.tld/org/repo. */
export function isRemoteReference(reference: string): boolean {
  return (
    /^(https?:\/\/|ssh:\/\/|git@|git::|file:\/\/)/.test(reference) ||
    /^[a-z0-9-]+(\.[a-z0-9-]+)+\.[a-z]{2,}\//i.test(reference) ||
    /^[a-z0-9-]+\.[a-z]{2,}\/[^/]+\/[^/]+/i.test(reference)
  );
}
