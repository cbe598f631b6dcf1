/** clusterKey: one key per cluster an Argo CD destination reaches, however its URL is spelt or the cluster named. */
import { describe, expect, it } from 'vitest';
import { clusterKey } from '../../tools/src/model/argocd.js';

describe('clusterKey', () => {
  it.each([
    ['a trailing slash', 'https://k8s.example.com/', 'https://k8s.example.com'],
    ['upper-case scheme and host', 'HTTPS://K8S.Example.com', 'https://k8s.example.com'],
    ['the default port of https', 'https://k8s.example.com:443', 'https://k8s.example.com'],
    ['the default port of http', 'http://k8s.example.com:80/', 'http://k8s.example.com'],
    ['a path with trailing slashes', 'https://rancher.example.com/k8s/clusters/c-1//', 'https://rancher.example.com/k8s/clusters/c-1'],
  ])('%s is the same cluster', (_name, a, b) => {
    expect(clusterKey({ server: a })).toBe(clusterKey({ server: b }));
  });

  it.each([
    ['another port', 'https://k8s.example.com:6443', 'https://k8s.example.com'],
    [
      'another path (case kept: paths are case-sensitive)',
      'https://rancher.example.com/k8s/clusters/C-1',
      'https://rancher.example.com/k8s/clusters/c-1',
    ],
    ['another scheme', 'http://k8s.example.com', 'https://k8s.example.com'],
  ])('%s is another cluster', (_name, a, b) => {
    expect(clusterKey({ server: a })).not.toBe(clusterKey({ server: b }));
  });

  it('in-cluster is https://kubernetes.default.svc; other names compare exactly, as Argo CD does', () => {
    expect(clusterKey({ name: 'in-cluster' })).toBe(clusterKey({ server: 'https://kubernetes.default.svc/' }));
    expect(clusterKey({ name: 'edge' })).toBe('name edge');
    expect(clusterKey({ name: 'Edge' })).not.toBe(clusterKey({ name: 'edge' }));
  });

  it('the key spells the cluster as Argo CD compares it: lower-case host, no default port, no trailing slash, trimmed', () => {
    expect(clusterKey({ server: 'https://k8s.example.com' })).toBe('server https://k8s.example.com');
    expect(clusterKey({ server: ' HTTPS://K8S.Example.com:443/ ' })).toBe('server https://k8s.example.com');
    expect(clusterKey({ server: 'https://k8s.example.com:6443/k8s/clusters/C-1//' })).toBe(
      'server https://k8s.example.com:6443/k8s/clusters/C-1',
    );
    // no URL: trimmed, trailing slashes dropped, inner ones kept
    expect(clusterKey({ server: ' not/a URL// ' })).toBe('server not/a url');
  });

  it('a server that is no URL is compared as lower-case text; no destination has no key', () => {
    expect(clusterKey({ server: 'not a URL/' })).toBe('server not a url');
    expect(clusterKey(undefined)).toBeUndefined();
    expect(clusterKey({})).toBeUndefined();
  });
});
