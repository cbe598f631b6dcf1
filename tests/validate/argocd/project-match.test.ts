/** Argo CD's pattern semantics for AppProject fields, as plain tables. */
import { describe, expect, it } from 'vitest';
import { globMatch, patternMatch } from '../../../tools/src/validate/argocd/glob.js';
import { clusterFormDiffers, clusterKindPermitted, destinationPermitted, sourcePermitted } from '../../../tools/src/validate/argocd/project-match.js';

describe('globMatch', () => {
  it.each([
    ['a star matches any text', '*', 'consul-dev', [], true],
    ['a prefix star matches the rest', 'consul-*', 'consul-prod', [], true],
    ['a prefix star needs the prefix', 'consul-*', 'vault-prod', [], false],
    ['a question mark matches one character', 'consul-de?', 'consul-dev', [], true],
    ['a class matches one of its characters', 'zone-[abc]', 'zone-b', [], true],
    ['a negated class excludes its characters', 'zone-[!abc]', 'zone-b', [], false],
    ['a range matches inside it', 'node-[0-9]', 'node-7', [], true],
    ['alternatives match either side', 'consul-{dev,staging}', 'consul-staging', [], true],
    ['alternatives match nothing else', 'consul-{dev,staging}', 'consul-prod', [], false],
    ['an escaped star is a literal star', 'a\\*', 'a*', [], true],
    ['an escaped star does not match other text', 'a\\*', 'ab', [], false],
    ['dots are literal', 'a.b', 'axb', [], false],
    ['a star stops at a separator', 'https://github.com/*', 'https://github.com/org/repo', ['/'], false],
    ['a double star crosses separators', 'https://github.com/**', 'https://github.com/org/repo', ['/'], true],
    ['a malformed pattern matches nothing', 'zone-[abc', 'zone-[abc', [], false],
    ['an unclosed brace matches nothing', 'consul-{dev', 'consul-{dev', [], false],
    ['a trailing escape makes the pattern malformed', 'consul\\', 'consul', [], false],
    ['an empty negated class makes the pattern malformed', 'zone-[!]', 'zone-a', [], false],
  ] as const)('%s', (_name, pattern, value, separators, expected) => {
    expect(globMatch(pattern, value, separators)).toBe(expected);
  });

  it('a pattern compiled once answers the same later, and per separators: with and without, in either order', () => {
    for (let round = 0; round < 2; round++) {
      expect(globMatch('https://github.com/*', 'https://github.com/org/repo', ['/'])).toBe(false);
      expect(globMatch('https://github.com/*', 'https://github.com/org/repo')).toBe(true);
      expect(globMatch('zone-[abc', 'zone-[abc')).toBe(false);
    }
  });

  it('a leading ! denies what the rest matches', () => {
    expect(patternMatch('!kube-system', 'kube-system')).toBe(false);
    expect(patternMatch('!kube-system', 'consul-dev')).toBe(true);
  });

  it('a missing pattern matches only the empty value', () => {
    expect(patternMatch(undefined, '')).toBe(true);
    expect(patternMatch(undefined, 'consul-dev')).toBe(false);
  });
});

describe('sourcePermitted', () => {
  const url = 'https://github.com/example-org/consul-gitops.git';
  it.each([
    ['the exact URL', [url], true],
    ['the URL without .git and in another case', ['https://GitHub.com/Example-Org/consul-gitops'], true],
    ['a star for every repository', ['*'], true],
    ['a star inside one organisation', ['https://github.com/example-org/*'], true],
    ['a star that would have to cross a slash', ['https://github.com/*'], false],
    ['another repository', ['https://github.com/example-org/other.git'], false],
    ['an allow entry and a deny entry for this repository', ['*', `!${url}`], false],
    ['an allow entry and a deny entry for another repository', ['*', '!https://github.com/example-org/other'], true],
    ['an allow entry and a deny entry whose star stops at a slash', ['*', '!https://github.com/*'], true],
    ['another repository before this one', ['https://github.com/other-org/*', url], true],
    ['no entries', [], false],
  ] as const)('%s: %s', (_name, sourceRepos, expected) => {
    expect(sourcePermitted({ sourceRepos: [...sourceRepos] }, url)).toBe(expected);
  });
});

describe('destinationPermitted', () => {
  const dev = { server: 'https://kubernetes.default.svc', namespace: 'consul-dev' };
  it.each([
    ['the same server and namespace', [{ server: dev.server, namespace: 'consul-dev' }], dev, true],
    ['a namespace glob', [{ server: dev.server, namespace: 'consul-*' }], dev, true],
    ['another namespace', [{ server: dev.server, namespace: 'consul-prod' }], dev, false],
    ['another server', [{ server: 'https://prod.example', namespace: '*' }], dev, false],
    ['a server glob', [{ server: 'https://*.default.svc', namespace: '*' }], dev, true],
    ['a deny namespace next to allow-all', [{ server: '*', namespace: '*' }, { server: '*', namespace: '!consul-dev' }], dev, false],
    ['a deny namespace for another namespace', [{ server: '*', namespace: '*' }, { server: '*', namespace: '!kube-system' }], dev, true],
    ['a deny server next to allow-all', [{ server: '*', namespace: '*' }, { server: `!${dev.server}`, namespace: '*' }], dev, false],
    ['a cluster name for a name destination', [{ name: 'in-cluster', namespace: 'consul-dev' }], { name: 'in-cluster', namespace: 'consul-dev' }, true],
    ['a cluster name glob', [{ name: 'prod-*', namespace: 'consul-prod' }], { name: 'prod-eu', namespace: 'consul-prod' }, true],
    ['a server entry for a name destination (not resolvable offline)', [{ server: dev.server, namespace: 'consul-dev' }], { name: 'in-cluster', namespace: 'consul-dev' }, false],
    ['another server before the matching entry', [{ server: 'https://prod.example', namespace: '*' }, { server: dev.server, namespace: 'consul-dev' }], dev, true],
    ['another namespace before the matching entry', [{ server: dev.server, namespace: 'kube-system' }, { server: dev.server, namespace: 'consul-dev' }], dev, true],
    ['a deny server in an entry for another namespace', [{ server: '*', namespace: '*' }, { server: '!https://prod.example', namespace: 'kube-system' }], dev, true],
    ['a deny namespace in an entry for another server', [{ server: '*', namespace: '*' }, { server: 'https://prod.example', namespace: '!consul-dev' }], dev, true],
    ['a deny cluster name next to allow-all', [{ name: '*', namespace: '*' }, { name: '!in-cluster', namespace: '*' }], { name: 'in-cluster', namespace: 'consul-dev' }, false],
    ['a deny cluster name for a server destination', [{ server: '*', namespace: '*' }, { name: '!other', namespace: '*' }], dev, true],
    ['a deny server for a name destination', [{ name: '*', namespace: '*' }, { server: '!https://prod.example', namespace: '*' }], { name: 'in-cluster', namespace: 'consul-dev' }, true],
    ['an empty namespace entry for a destination without a namespace', [{ server: '*', namespace: '' }], { server: dev.server }, true],
    ['no entries', [], dev, false],
  ] as const)('%s', (_name, destinations, destination, expected) => {
    expect(destinationPermitted({ destinations: destinations.map((entry) => ({ ...entry })) }, destination)).toBe(expected);
  });
});

describe('clusterKindPermitted', () => {
  it('needs a whitelist entry for the kind; an empty list allows none', () => {
    expect(clusterKindPermitted({ clusterResourceWhitelist: [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }] }, 'ClusterRole')).toBe(true);
    expect(clusterKindPermitted({ clusterResourceWhitelist: [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }] }, 'ClusterRoleBinding')).toBe(false);
    expect(clusterKindPermitted({ clusterResourceWhitelist: [{ group: '*', kind: '*' }] }, 'Namespace')).toBe(true);
    expect(clusterKindPermitted({ clusterResourceWhitelist: [] }, 'Namespace')).toBe(false);
    expect(clusterKindPermitted({ clusterResourceWhitelist: [{ group: '', kind: '' }] }, 'Namespace')).toBe(false);
  });
});

describe('clusterFormDiffers', () => {
  it('is true only when every entry names the cluster the other way', () => {
    const server = { server: 'https://kubernetes.default.svc', namespace: 'consul-dev' };
    const name = { name: 'in-cluster', namespace: 'consul-dev' };
    expect(clusterFormDiffers({ destinations: [{ name: 'in-cluster', namespace: '*' }] }, server)).toBe(true);
    expect(clusterFormDiffers({ destinations: [{ server: '*', namespace: '*' }] }, name)).toBe(true);
    expect(clusterFormDiffers({ destinations: [{ server: '*', namespace: '*' }] }, server)).toBe(false);
    expect(clusterFormDiffers({ destinations: [{ name: 'in-cluster', namespace: '*' }] }, name)).toBe(false);
    expect(clusterFormDiffers({ destinations: [{ name: 'in-cluster', namespace: '*' }, { server: '*', namespace: '*' }] }, server)).toBe(false);
    expect(clusterFormDiffers({ destinations: [] }, server)).toBe(false);
  });
});
