/** The catalog sync Deployment for given datacenter settings. */
import { describe, expect, it } from 'vitest';
import { syncCatalogDeployment } from '../../../tools/src/generate/base/sync-catalog.js';
import { CA_MOUNT, CA_VOLUME, CONTAINER_SECURITY, container, objectLabels, POD_SECURITY, podSpec, selector, settingsOf, TMP_MOUNT, TMP_VOLUME, type Json } from './fixture.js';

const build = (input: Parameters<typeof settingsOf>[0] = {}): Json => syncCatalogDeployment(settingsOf(input));
const probe = (failureThreshold: number, initialDelaySeconds: number) => ({
  failureThreshold,
  httpGet: { path: '/health/ready', port: 8080, scheme: 'HTTP' },
  initialDelaySeconds,
  periodSeconds: 5,
  successThreshold: 1,
  timeoutSeconds: 5,
});

describe('syncCatalogDeployment', () => {
  it('is one replica in the ACL clients wave, with its own token-mounting ServiceAccount', () => {
    const deployment = build();
    expect(deployment).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(deployment.metadata).toEqual({
      name: 'consul-sync-catalog',
      labels: objectLabels('sync-catalog'),
      annotations: { 'argocd.argoproj.io/sync-wave': '2' },
    });
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.selector).toEqual({ matchLabels: selector('sync-catalog') });
    expect(deployment.spec.template.metadata).toEqual({ labels: selector('sync-catalog') });
    expect(podSpec(deployment)).toMatchObject({ automountServiceAccountToken: true, serviceAccountName: 'consul-sync-catalog', securityContext: POD_SECURITY });
  });

  it('syncs Kubernetes Services of every namespace but the system ones into Consul, never back', () => {
    const sync = container(build());
    expect(sync).toMatchObject({
      command: ['consul-k8s-control-plane'],
      image: 'hashicorp/consul-k8s-control-plane:1.9.11',
      imagePullPolicy: 'IfNotPresent',
      name: 'sync-catalog',
      securityContext: CONTAINER_SECURITY,
    });
    expect(sync.args).toEqual([
      'sync-catalog',
      '-log-level=info',
      '-log-json=false',
      '-k8s-default-sync=true',
      '-to-k8s=false',
      '-consul-domain=consul',
      '-allow-k8s-namespace=*',
      '-deny-k8s-namespace=kube-system',
      '-deny-k8s-namespace=kube-public',
      '-k8s-write-namespace=$(NAMESPACE)',
      '-node-port-sync-type=ExternalFirst',
      '-add-k8s-namespace-suffix',
    ]);
  });

  it('is live after 30 s and Ready after 10 s on /health/ready', () => {
    expect(container(build()).livenessProbe).toEqual(probe(3, 30));
    expect(container(build()).readinessProbe).toEqual(probe(5, 10));
  });

  it('takes the catalog sync resources, and logs in as sync-catalog in its datacenter', () => {
    const sync = container(build({ datacenter: 'dc-west' }));
    expect(sync.resources).toEqual({ limits: { cpu: '120m', memory: '144Mi' }, requests: { cpu: '40m', memory: '48Mi' } });
    expect(sync.env).toContainEqual({ name: 'CONSUL_DATACENTER', value: 'dc-west' });
    expect(sync.env).toContainEqual({ name: 'CONSUL_LOGIN_META', value: 'component=sync-catalog,pod=$(NAMESPACE)/$(POD_NAME)' });
  });

  it('mounts the CA only with TLS, and /tmp always', () => {
    expect(container(build()).volumeMounts).toEqual([CA_MOUNT, TMP_MOUNT]);
    expect(podSpec(build()).volumes).toEqual([CA_VOLUME, TMP_VOLUME]);
    expect(container(build({ security: { tls: false } })).volumeMounts).toEqual([TMP_MOUNT]);
    expect(podSpec(build({ security: { tls: false } })).volumes).toEqual([TMP_VOLUME]);
  });
});
