/**
 * The library entry as a user imports it: by its package name, which resolves through the workspace
 * link in node_modules and tools/package.json's `exports` to the built tools/dist/index.js. It runs
 * the real kustomize on this repository's overlays, as the CLI does.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as library from '@consul-gitops/tools';
import { gate, generate, loadSpec, render, report, validate } from '@consul-gitops/tools';
import { REPO_ROOT } from '../helpers/repo.js';

const TOOLS = join(REPO_ROOT, 'tools');
const manifest = JSON.parse(readFileSync(join(TOOLS, 'package.json'), 'utf8')) as {
  main: string;
  types: string;
  exports: Record<string, string | Record<string, string>>;
};

describe('tools/package.json points at what the build produces', () => {
  it.each([
    ['main', manifest.main],
    ['types', manifest.types],
    ['exports["."].types', (manifest.exports['.'] as Record<string, string>).types],
    ['exports["."].default', (manifest.exports['.'] as Record<string, string>).default],
  ])('%s (%s) exists after the build', (_field, path) => {
    expect(path).toBeDefined();
    expect(existsSync(join(TOOLS, path ?? '')), `${path} is not in tools/`).toBe(true);
  });

  it('the package name and the main file are one module', async () => {
    const byPath = (await import(join(TOOLS, manifest.main))) as Record<string, unknown>;
    expect(Object.keys(library).sort()).toEqual(Object.keys(byPath).sort());
    expect(library.validate).toBe(byPath.validate);
  });

  it('exports each stage of the pipeline', () => {
    const stages = ['loadSpec', 'generate', 'renderKustomization', 'parseRendered', 'validateOverlays', 'validateFiles', 'checkRendered'];
    for (const name of [...stages, 'validate', 'gate', 'render', 'diff', 'report', 'getReporter', 'summarize']) {
      expect(typeof (library as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});

describe('the library on this repository', () => {
  it('validates overlays/prod: one overlay, no error, the production image warnings suppressed as accepted risks', async () => {
    const result = await validate({ repoRoot: REPO_ROOT, dirs: [join(REPO_ROOT, 'overlays/prod')] });
    expect(result.overlays.map((overlay) => [overlay.path, overlay.environment, overlay.ok])).toEqual([['overlays/prod', 'prod', true]]);
    const { summary, text } = report(result, 'json');
    expect(summary).toMatchObject({ overlays: 1, errors: 0, warnings: 0 });
    expect(summary.resources).toBeGreaterThan(20);
    const suppressed = result.overlays[0]?.findings.filter((finding) => finding.suppressed) ?? [];
    expect(suppressed.length).toBe(summary.suppressed);
    expect(suppressed.every((finding) => finding.rule === 'image-pinned')).toBe(true);
    expect((JSON.parse(text) as { summary: { errors: number } }).summary.errors).toBe(0);
  });

  it('generates the committed tree from environments.yaml', async () => {
    const spec = await loadSpec(join(REPO_ROOT, 'environments.yaml'));
    const files = generate(spec, { localComponents: new Set() });
    const overlays = spec.environments.map((environment) => `overlays/${environment.name}/kustomization.yaml`);
    expect(overlays.filter((path) => !files.has(path))).toEqual([]);
    expect(files.get('base/kustomization.yaml')).toBe(readFileSync(join(REPO_ROOT, 'base/kustomization.yaml'), 'utf8'));
  });

  it('gates overlays/dev: synced, with the render it checked; render gives the same objects', async () => {
    const result = await gate('overlays/dev', { cwd: REPO_ROOT });
    expect(result).toMatchObject({ path: 'overlays/dev', verdict: 'synced' });
    expect(result.run.overlays.map((overlay) => overlay.path)).toEqual(['overlays/dev']);
    expect(result.yaml).toContain('kind: StatefulSet');
    expect(await render('overlays/dev', { cwd: REPO_ROOT })).toBe(result.yaml);
  });
});

describe('the library on a temporary repository', () => {
  it('locates a finding in the overlay patch that sets the field (read through the kustomization.yml)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'consul-gitops-library-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const folder = (dir: string, files: Record<string, string>): string => {
      mkdirSync(join(root, dir), { recursive: true });
      for (const [file, text] of Object.entries(files)) writeFileSync(join(root, dir, file), text);
      return join(root, dir);
    };
    folder('base', {
      'kustomization.yaml': 'resources:\n  - web.yaml\n',
      'web.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: web }',
        'spec:',
        '  selector: { matchLabels: { app: web } }',
        '  template:',
        '    metadata: { labels: { app: web } }',
        '    spec:',
        '      containers:',
        '        - { name: web, image: nginx:1.27.0 }',
        '',
      ].join('\n'),
    });
    const overlay = folder('overlay', {
      'kustomization.yml': 'resources:\n  - ../base\npatches:\n  - path: web-image.yaml\n',
      'web-image.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: web',
        '          image: nginx:latest', // line 10
        '',
      ].join('\n'),
    });
    const result = await validate({ repoRoot: root, dirs: [overlay], rules: 'kubernetes' });
    const pinned = result.overlays[0]?.findings.filter((finding) => finding.rule === 'image-pinned') ?? [];
    expect(pinned.map((finding) => [finding.path, finding.origin])).toEqual([
      ['/spec/template/spec/containers/0/image', { file: 'overlay/web-image.yaml', line: 10 }],
    ]);
  });
});
