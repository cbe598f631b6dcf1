/** docs/guide.md, "Adding an environment", done on a repository copy: one spec entry, generate, validate. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoCopy, type RepoCopy } from './repo-copy.js';

const QA = `  qa:
    tier: staging
    namespace: consul-qa
    servers: 3
    storage: { class: qa-ssd, size: 5Gi }
    zones: [zone-a, zone-b, zone-c]
    minNodes: 3
    destination:
      server: https://qa.k8s.example.internal
`;

let repo: RepoCopy;
beforeAll(async () => {
  repo = await repoCopy();
  const spec = await repo.read('environments.yaml');
  await repo.write('environments.yaml', spec.replace('\nenvironments:\n', `\nenvironments:\n${QA}`));
});
afterAll(async () => {
  await repo.remove();
});

describe('a fourth environment, qa', () => {
  it('is reported by --check as overlays/qa files that would be created', async () => {
    const { code, stdout } = await repo.run(['generate', '--check']);
    expect(code).toBe(1);
    expect(stdout).toContain('--- /dev/null\n+++ b/overlays/qa/kustomization.yaml\n');
  });

  it('generates its overlay, and nothing else of the other environments changes', async () => {
    const { code, stdout } = await repo.run(['generate']);
    expect(code).toBe(0);
    const changed = stdout.split('\n').filter((line) => /^ {2}(created|updated|removed) /.test(line));
    expect(changed.length).toBeGreaterThan(5);
    for (const line of changed) expect(line).toMatch(/^ {2}(created overlays\/qa\/|(created|updated) argocd\/)/);
    const kustomization = await repo.read('overlays/qa/kustomization.yaml');
    expect(kustomization).toContain('namespace: consul-qa');
    expect(kustomization).toMatch(/replicas:\n {2}- name: consul-server\n {4}count: 3/);
    expect(await repo.read('overlays/qa/server-storage.yaml')).toContain('storageClassName: qa-ssd');
    expect((await repo.run(['generate', '--check'])).code).toBe(0);
  });

  it('validates with exit 0', async () => {
    const { code, stdout } = await repo.run(['validate', '--format', 'json']);
    expect(code, stdout).toBe(0);
    const report = JSON.parse(stdout) as { overlays: { path: string; environment?: string; ok: boolean }[] };
    expect(report.overlays.find((overlay) => overlay.path === 'overlays/qa')).toMatchObject({ environment: 'qa', ok: true });
  });
});
