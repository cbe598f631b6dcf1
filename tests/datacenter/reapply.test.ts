/**
 * A second apply of each render changes nothing: applied twice to a real kube-apiserver v1.36.3 with
 * kubectl's client-side apply (what Argo CD runs), no object's resourceVersion moves, and kubectl reports
 * every object unchanged. The one exception kubectl prints is the PodDisruptionBudget: its selector has
 * patchStrategy replace, so kubectl's three-way patch always carries it ("configured"), while the server
 * finds nothing to change (the resourceVersion stays). Fields the server fills in (the claim template's
 * volumeMode and status, a downward-API fieldRef's apiVersion) are written in the manifests, or the
 * atomic lists that hold them would differ on every sync. The one-shot Jobs of day2/gossip-key-rotation are
 * applied the same way, and pass `validate` (api-server backend) together with the prod overlay.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goToolPath } from '../../tools/src/render/go-tools.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { startApiServer, type ApiServerProcess } from '../../tools/src/validate/schema/api-server-process.js';
import { repoCopy } from '../generate/repo-copy.js';
import { pinnedApiServer, pinnedKustomize } from '../helpers/go-tools.js';
import { REPO_ROOT } from '../helpers/repo.js';

const binary = pinnedApiServer();
const ENVIRONMENTS = ['dev', 'staging', 'prod'];

describe.skipIf(!binary)('a second apply of every render to a real API server', () => {
  let server: ApiServerProcess;
  let dir: string;
  const kubectl = (args: readonly string[], input?: string) =>
    execa(goToolPath('kubectl'), ['--kubeconfig', join(dir, 'kubeconfig'), ...args], { ...(input ? { input } : {}), timeout: 120_000 });

  beforeAll(async () => {
    server = await startApiServer({ binary: binary!, version: 'v1.36.3' });
    dir = await mkdtemp(join(tmpdir(), 'consul-gitops-reapply-'));
    await writeFile(join(dir, 'ca.pem'), server.ca);
    await writeFile(
      join(dir, 'kubeconfig'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'test', cluster: { server: server.url, 'certificate-authority': join(dir, 'ca.pem') } }],
        users: [{ name: 'test', user: { token: server.token } }],
        contexts: [{ name: 'test', context: { cluster: 'test', user: 'test' } }],
        'current-context': 'test',
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(ENVIRONMENTS)(
    'overlays/%s: nothing changes, and kubectl says so for all but the PDB',
    async (environment) => {
      const kustomize = (await pinnedKustomize())!;
      const { yaml } = await renderKustomization(kustomize, join(REPO_ROOT, 'overlays', environment));
      await kubectl(['create', 'namespace', `consul-${environment}`]);
      const first = await kubectl(['apply', '-f', '-'], yaml);
      expect(first.stdout).toMatch(/statefulset\.apps\/consul-server created/);
      const versions = async () =>
        (
          await kubectl(
            ['get', '-f', '-', '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}{"\\n"}{end}'],
            yaml,
          )
        ).stdout;
      const before = await versions();
      const second = await kubectl(['apply', '-f', '-'], yaml);
      expect(await versions()).toBe(before);
      const changed = second.stdout.split('\n').filter((line) => line && !line.endsWith(' unchanged'));
      expect(changed).toEqual(['poddisruptionbudget.policy/consul-server configured']);
    },
    180_000,
  );

  it('day2/gossip-key-rotation: the API server creates its render in a namespace, a second apply changes nothing, and validate passes it with the prod overlay', async () => {
    const kustomize = (await pinnedKustomize())!;
    const { yaml } = await renderKustomization(kustomize, join(REPO_ROOT, 'day2/gossip-key-rotation'));
    await kubectl(['create', 'namespace', 'consul-rotation']);
    const first = await kubectl(['apply', '-n', 'consul-rotation', '-f', '-'], yaml);
    expect(first.stdout.split('\n').sort()).toEqual(
      ['job.batch', 'role.rbac.authorization.k8s.io', 'rolebinding.rbac.authorization.k8s.io', 'serviceaccount']
        .flatMap((kind) => ['consul-gossip-key-next', 'consul-gossip-key-rotate'].map((name) => `${kind}/${name} created`))
        .sort(),
    );
    const second = await kubectl(['apply', '-n', 'consul-rotation', '-f', '-'], yaml);
    expect(second.stdout.split('\n').filter((line) => !line.endsWith(' unchanged'))).toEqual([]);
    // the script's Secret swap (a merge patch of stringData, the body it writes with printf) as the real API server takes it
    await kubectl(['create', 'secret', 'generic', 'consul-gossip-encryption-key', '-n', 'consul-rotation', '--from-file=key=/dev/null']);
    const newKey = Buffer.alloc(32, 7).toString('base64');
    await writeFile(join(dir, 'patch.json'), JSON.stringify({ stringData: { key: newKey } }));
    await kubectl([
      'patch',
      'secret',
      'consul-gossip-encryption-key',
      '-n',
      'consul-rotation',
      '--type',
      'merge',
      '--patch-file',
      join(dir, 'patch.json'),
    ]);
    const data = await kubectl(['get', 'secret', 'consul-gossip-encryption-key', '-n', 'consul-rotation', '-o', 'jsonpath={.data.key}']);
    expect(Buffer.from(data.stdout, 'base64').toString()).toBe(newKey);
    // and the authorizer lets each Job do what it does, and nothing on other Secrets
    const can = async (account: string, ...what: string[]) =>
      (
        await kubectl(['auth', 'can-i', '-n', 'consul-rotation', `--as=system:serviceaccount:consul-rotation:${account}`, ...what]).catch(
          (error) => error,
        )
      ).stdout;
    expect(await can('consul-gossip-key-rotate', 'patch', 'secret/consul-gossip-encryption-key')).toBe('yes');
    expect(await can('consul-gossip-key-rotate', 'delete', 'secret/consul-gossip-encryption-key-next')).toBe('yes');
    expect(await can('consul-gossip-key-rotate', 'get', 'secret/consul-bootstrap-acl-token')).toBe('no');
    expect(await can('consul-gossip-key-rotate', 'delete', 'secret/consul-gossip-encryption-key')).toBe('no');
    expect(await can('consul-gossip-key-next', 'create', 'secrets')).toBe('yes');
    expect(await can('consul-gossip-key-next', 'get', 'secret/consul-gossip-encryption-key')).toBe('no');
    // validate, with every rule, checks the folder together with the datacenter it rotates, as docs/day-2.md says
    const copy = await repoCopy();
    try {
      await cp(join(REPO_ROOT, 'day2'), join(copy.dir, 'day2'), { recursive: true });
      await mkdir(join(copy.dir, 'rotation'));
      await copy.write(
        'rotation/kustomization.yaml',
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: consul-prod\nlabels:\n  - pairs:\n      environment: prod\nresources:\n  - ../overlays/prod\n  - ../day2/gossip-key-rotation\n',
      );
      const result = await copy.run(['validate', '--schema-backend', 'api-server', 'rotation']);
      expect(result.stdout).toMatch(/ok {6}rotation \(environment prod\): \d+ resources; 0 errors/);
      expect(result.stdout).toMatch(/schemas: kube-apiserver v1\.36\.3/);
      expect(result.code).toBe(0);
    } finally {
      await copy.remove();
    }
  }, 180_000);
});
