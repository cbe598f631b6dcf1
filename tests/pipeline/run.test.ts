/**
 * A validate run over kustomization directories in process (tools/src/pipeline/run.ts and pipeline/argocd.ts), on a
 * temporary repository whose kustomize prints each folder's rendered.yaml: the targets in report order, argocd/
 * checked last against what the overlays render, and an invalid spec reported alone.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../tools/src/environments/load.js';
import { generate } from '../../tools/src/generate/index.js';
import type { OverlayResult } from '../../tools/src/report/result.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { validateOverlays } from '../../tools/src/pipeline/run.js';
import { configMap, FILE_KUSTOMIZE, kustomization, offlineSchema, tempRepo, under } from '../helpers/pipeline-repo.js';

/** An Application syncing `path` into namespace `other`. */
const APPLICATION = (path: string): string =>
  [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Application',
    'metadata:',
    '  name: app',
    '  namespace: argocd',
    'spec:',
    '  project: default',
    '  source:',
    '    repoURL: https://example.com/r.git',
    `    path: ${path}`,
    '    targetRevision: main',
    '  destination:',
    '    server: https://kubernetes.default.svc',
    '    namespace: other',
    '',
  ].join('\n');

let root: string;
let invalid: string;

beforeAll(async () => {
  root = await tempRepo({
    ...under('overlays/a', kustomization(configMap('a'))),
    ...under('overlays/b', kustomization(configMap('b', 'apps', '1'))),
    ...under('overlays/c', { ...kustomization(''), 'build-error.txt': 'boom\n' }),
    ...under('argocd', kustomization(APPLICATION('overlays/b'))),
  });
  invalid = await tempRepo({
    'environments.yaml': 'environments: 5\n',
    ...under('overlays/a', kustomization(configMap('a'))),
    ...under('argocd', kustomization('')),
  });
});

afterAll(async () => {
  await rm(root, { recursive: true });
  await rm(invalid, { recursive: true });
});

async function run(repoRoot: string, dirs: string[]): Promise<{ overlays: OverlayResult[]; seen: string[]; tool: unknown }> {
  const { engine, kubernetesVersion } = await offlineSchema();
  const seen: string[] = [];
  const result = await validateOverlays({
    repoRoot,
    dirs: dirs.map((dir) => join(repoRoot, dir)),
    kustomize: FILE_KUSTOMIZE,
    schema: engine,
    kubernetesVersion,
    concurrency: 2,
    onOverlay: (overlay) => seen.push(overlay.path),
  });
  return { ...result, seen };
}

const messages = (overlay: OverlayResult | undefined): string[] =>
  (overlay?.findings ?? []).map((finding) => `${finding.rule}: ${finding.message}`);

describe('validateOverlays', () => {
  it('checks every overlay, then argocd/ against their renders, in report order, each reported as it finishes', async () => {
    const { overlays, seen, tool } = await run(root, []);
    expect(overlays.map((overlay) => [overlay.path, overlay.ok, overlay.resources])).toEqual([
      ['overlays/a', true, 1],
      ['overlays/b', false, 1],
      ['overlays/c', false, 0],
      ['argocd', false, 1],
    ]);
    expect(seen).toHaveLength(4);
    expect(seen.at(-1)).toBe('argocd');
    expect(new Set(seen)).toEqual(new Set(['overlays/a', 'overlays/b', 'overlays/c', 'argocd']));
    expect(messages(overlays[1])).toEqual(['schema: data.a: must be a string, got number 1']);
    expect(messages(overlays[2])).toEqual([expect.stringMatching(/^kustomize-build: .*boom/)]);
    // the cross-checks read what overlays/b renders: objects in namespace apps, not other
    expect(messages(overlays[3])).toContain(
      'argocd-namespace: Application app has destination.namespace other, but overlays/b renders into apps',
    );
    expect(tool).toEqual({ kustomize: 'v5.8.1 (flag)', schemaBackend: 'offline', kubernetesVersion: expect.any(String) as unknown });
  });

  it('checks only the directories given; argocd/ alone renders the other overlays for its cross-checks, leaving out one that fails', async () => {
    const { overlays, seen } = await run(root, ['argocd']);
    expect(overlays.map((overlay) => overlay.path)).toEqual(['argocd']);
    expect(seen).toEqual(['argocd']);
    expect(messages(overlays[0])).toContain(
      'argocd-namespace: Application app has destination.namespace other, but overlays/b renders into apps',
    );
    const app = APPLICATION('overlays/zzz');
    const other = await tempRepo({
      ...under('overlays/a', kustomization(configMap('a'))),
      ...under('overlays/c', { ...kustomization(''), 'build-error.txt': 'boom\n' }),
      ...under('argocd', kustomization(app)),
    });
    try {
      const [argocd] = (await run(other, ['argocd', 'overlays/a'])).overlays.slice(-1);
      expect(messages(argocd).find((message) => message.startsWith('argocd-path:'))).toMatch(/\(validated: overlays\/a\)/);
      const [alone] = (await run(other, ['argocd'])).overlays;
      expect(messages(alone).find((message) => message.startsWith('argocd-path:'))).toMatch(/\(validated: overlays\/a\)/);
    } finally {
      await rm(other, { recursive: true });
    }
  });

  it("renders an overlay outside the run with a remote base the spec's remoteBases allows, for argocd/'s cross-checks", async () => {
    const spec = await readFile(join(REPO_ROOT, 'tests/fixtures/spec/valid.yaml'), 'utf8');
    const remote = {
      'kustomization.yaml': 'resources:\n  - https://github.com/example-org/base?ref=abc123\n',
      'rendered.yaml': configMap('r'),
    };
    const repo = await tempRepo({
      'environments.yaml': `${spec}remoteBases:\n  - https://github.com/example-org/\n`,
      ...under('overlays/r', remote),
      ...under('argocd', kustomization(APPLICATION('overlays/r'))),
    });
    try {
      const [argocd] = (await run(repo, ['argocd'])).overlays.slice(-1);
      expect(messages(argocd)).toContain(
        'argocd-namespace: Application app has destination.namespace other, but overlays/r renders into apps',
      );
    } finally {
      await rm(repo, { recursive: true });
    }
  });

  it('checks argocd/ named alone in a repository without overlays/, against no overlay', async () => {
    const lone = await tempRepo(under('argocd', kustomization(APPLICATION('overlays/a'))));
    try {
      const { overlays } = await run(lone, ['argocd']);
      expect(overlays.map((overlay) => [overlay.path, overlay.resources])).toEqual([['argocd', 1]]);
      expect(messages(overlays[0]).find((message) => message.startsWith('argocd-path:'))).toMatch(/overlays\/a/);
    } finally {
      await rm(lone, { recursive: true });
    }
  });

  it('checks argocd/ when no progress callback is given', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const result = await validateOverlays({ repoRoot: root, dirs: [], kustomize: FILE_KUSTOMIZE, schema: engine, kubernetesVersion });
    expect(result.overlays.map((overlay) => overlay.path)).toEqual(['overlays/a', 'overlays/b', 'overlays/c', 'argocd']);
  });

  it('leaves argocd/ out when only overlays are given', async () => {
    const { overlays } = await run(root, ['overlays/b', 'overlays/a']);
    expect(overlays.map((overlay) => overlay.path)).toEqual(['overlays/b', 'overlays/a']);
  });

  it('reports an invalid spec alone: its findings first, every target not checked', async () => {
    const { overlays, seen } = await run(invalid, []);
    expect(seen).toEqual([]);
    expect(overlays.map((overlay) => overlay.path)).toEqual(['environments.yaml', 'overlays/a', 'argocd']);
    expect(overlays[0]?.findings.map((finding) => finding.rule)).toContain('spec');
    expect(overlays[1]).toEqual({
      path: 'overlays/a',
      ok: false,
      resources: 0,
      findings: [],
      checked: [],
      notChecked: 'environments.yaml is invalid (fix the errors above, run `consul-gitops generate`, then validate again)',
    });
  });

  describe('on a generated tree', () => {
    let tree: string;

    beforeAll(async () => {
      tree = await tempRepo({});
      await copyFile(join(REPO_ROOT, 'tests/fixtures/spec/valid.yaml'), join(tree, 'environments.yaml'));
      const spec = await loadSpec(join(tree, 'environments.yaml'));
      for (const [path, text] of generate(spec, { localComponents: new Set() })) {
        await mkdir(dirname(join(tree, path)), { recursive: true });
        await writeFile(join(tree, path), text);
      }
      // what the fake kustomize prints: an Application per overlay into namespace other, and renders in namespace wrong
      await writeFile(
        join(tree, 'argocd/rendered.yaml'),
        `${APPLICATION('overlays/dev')}---\n${APPLICATION('overlays/prod').replace('name: app', 'name: app-prod')}`,
      );
      await writeFile(join(tree, 'overlays/dev/rendered.yaml'), configMap('a', 'wrong'));
      await writeFile(join(tree, 'overlays/prod/rendered.yaml'), configMap('a', 'wrong'));
      // a second kustomization file: kustomize would refuse the folder, so the model is not what it renders
      await writeFile(join(tree, 'overlays/prod/Kustomization'), 'resources: []\n');
    });

    afterAll(() => rm(tree, { recursive: true }));

    it("reads an overlay outside the run that is exactly as generated from the generator's model, without a build", async () => {
      const { overlays } = await run(tree, ['argocd']);
      expect(overlays.map((overlay) => overlay.path)).toEqual(['argocd']);
      const found = messages(overlays[0]).filter((message) => message.startsWith('argocd-namespace:'));
      expect(found).toContain(
        'argocd-namespace: Application app has destination.namespace other, but overlays/dev renders into consul-dev',
      );
      // overlays/prod holds two kustomization files: rendered instead
      expect(found).toContain(
        'argocd-namespace: Application app-prod has destination.namespace other, but overlays/prod renders into wrong',
      );
    });

    it("reads each overlay outside the run from its own environment's model, not the first environment's", async () => {
      // without its second kustomization file, overlays/prod (the spec's second environment) is exactly as generated too
      const second = join(tree, 'overlays/prod/Kustomization');
      await rm(second);
      try {
        const { overlays } = await run(tree, ['argocd']);
        const found = messages(overlays[0]).filter((message) => message.startsWith('argocd-namespace:'));
        expect(found).toContain(
          'argocd-namespace: Application app-prod has destination.namespace other, but overlays/prod renders into consul-prod',
        );
      } finally {
        await writeFile(second, 'resources: []\n');
      }
    });

    it("holds overlays/<env> to that environment's model, and a folder only named like one to none", async () => {
      const completeness = (overlay: OverlayResult | undefined): string[] =>
        messages(overlay).filter((message) => message.startsWith('environment-completeness:'));
      const { overlays } = await run(tree, ['overlays/dev']);
      expect(completeness(overlays.find((overlay) => overlay.path === 'overlays/dev'))).toEqual([
        expect.stringContaining('objects environment dev defines'),
      ]);
      // the same render in folders that are not overlays/<env> itself: no environment's model applies
      const others = ['overlays/dev/extra', 'nested/overlays/dev'];
      for (const dir of others) {
        await mkdir(join(tree, dir), { recursive: true });
        await writeFile(join(tree, dir, 'kustomization.yaml'), 'resources: []\n');
        await writeFile(join(tree, dir, 'rendered.yaml'), configMap('a', 'wrong'));
      }
      try {
        const outside = await run(tree, others);
        expect(outside.overlays.filter((overlay) => others.includes(overlay.path)).map(completeness)).toEqual([[], []]);
      } finally {
        await rm(join(tree, 'overlays/dev/extra'), { recursive: true });
        await rm(join(tree, 'nested'), { recursive: true });
      }
    });

    it("checks argocd/ against the run's own render of an overlay, never against the model of the same overlay again", async () => {
      const { overlays } = await run(tree, ['overlays/dev', 'argocd']);
      expect(overlays.map((overlay) => overlay.path)).toEqual(['overlays/dev', 'argocd']);
      const found = messages(overlays[1]).filter((message) => message.includes('overlays/dev'));
      expect(found).toEqual(['argocd-namespace: Application app has destination.namespace other, but overlays/dev renders into wrong']);
    });

    it('names a drift in base/ when only some overlays are checked', async () => {
      const file = join(tree, 'base/kustomization.yaml');
      const text = await readFile(file, 'utf8');
      await writeFile(file, `${text}# drift\n`);
      try {
        const [first] = (await run(tree, ['overlays/dev'])).overlays;
        expect(first?.path).toBe('environments.yaml');
        expect(messages(first)).toEqual([
          expect.stringMatching(/^generate-drift: 1 generated file\(s\) are not what .* generates: base\/kustomization\.yaml/),
        ]);
      } finally {
        await writeFile(file, text);
      }
    });

    it('names a drift outside base/, overlays/ and argocd/ (environments.schema.json) when every overlay is checked', async () => {
      const file = join(tree, 'environments.schema.json');
      const text = await readFile(file, 'utf8');
      await writeFile(file, `${text}\n`);
      try {
        const [first] = (await run(tree, [])).overlays;
        expect(first?.path).toBe('environments.yaml');
        expect(messages(first)).toEqual([
          expect.stringMatching(/^generate-drift: 1 generated file\(s\) are not what .* generates: environments\.schema\.json/),
        ]);
        // only the folders of the overlays given count: the schema file is not theirs
        expect((await run(tree, ['overlays/dev'])).overlays.map((overlay) => overlay.path)).toEqual(['overlays/dev']);
      } finally {
        await writeFile(file, text);
      }
    });

    it('renders an overlay that drifted from the spec, and names the drift only where it is checked', async () => {
      const file = join(tree, 'overlays/dev/kustomization.yaml');
      const text = await readFile(file, 'utf8');
      await writeFile(file, `${text}# drift\n`);
      try {
        const argocd = await run(tree, ['argocd']);
        // the drift is outside what argocd/ checks (base/ and argocd/): no finding, but overlays/dev is rendered now
        expect(argocd.overlays.map((overlay) => overlay.path)).toEqual(['argocd']);
        expect(messages(argocd.overlays[0])).toContain(
          'argocd-namespace: Application app has destination.namespace other, but overlays/dev renders into wrong',
        );
        const drift = (dirs: string[]): Promise<string[]> =>
          run(tree, dirs).then(({ overlays }) => overlays.map((overlay) => overlay.path));
        expect(await drift([])).toEqual(['environments.yaml', 'overlays/dev', 'overlays/prod', 'argocd']);
        expect(await drift(['overlays/dev'])).toEqual(['environments.yaml', 'overlays/dev']);
        expect(await drift(['overlays/prod'])).toEqual(['overlays/prod']);
        const [first] = (await run(tree, [])).overlays;
        expect(first?.findings.map((finding) => finding.rule)).toEqual(['generate-drift']);
      } finally {
        await writeFile(file, text);
      }
    });
  });
});
