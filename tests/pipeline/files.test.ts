/** Files mode in process (tools/src/pipeline/files.ts): plain manifests, one report entry per -f argument. */
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../tools/src/discover-files.js';
import { validateFiles } from '../../tools/src/pipeline/files.js';
import { configMap, offlineSchema, tempRepo } from '../helpers/pipeline-repo.js';

const input = (path: string, files: Record<string, string>): ManifestInput => ({
  path,
  files: Object.entries(files).map(([file, text]) => ({ path: file, text })),
});

const UNLABELLED_DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: apps',
  'spec:',
  '  selector: { matchLabels: { app: web } }',
  '  template:',
  '    metadata: { labels: { app: web } }',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx',
  '',
].join('\n');

describe('validateFiles', () => {
  it('reports each input as one entry, its files parsed one by one and named in findings, in order', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const seen: string[] = [];
    const result = await validateFiles(
      [
        input('m', { 'm/a.yaml': configMap('a'), 'm/b.yaml': `${configMap('b')}---\n${configMap('c', 'apps', '1')}` }),
        input('one.yaml', { 'one.yaml': 'a: [b\n' }),
      ],
      { repoRoot: '/nonexistent-consul-gitops-root', schema: engine, kubernetesVersion, onOverlay: (overlay) => seen.push(overlay.path) },
    );
    expect(result.mode).toBe('files');
    expect(result.tool).toEqual({ kustomize: 'none (files mode)', schemaBackend: 'offline', kubernetesVersion });
    expect(seen).toEqual(['m', 'one.yaml']);
    expect(result.overlays.map((overlay) => [overlay.path, overlay.ok, overlay.resources])).toEqual([
      ['m', false, 3],
      ['one.yaml', false, 0],
    ]);
    expect(result.overlays[0]?.findings.map((finding) => [finding.rule, finding.location?.file, finding.location?.line])).toEqual([
      ['schema', 'm/b.yaml', 15],
    ]);
    expect(result.overlays[1]?.findings.map((finding) => finding.location?.file)).toEqual(['one.yaml']);
  });

  it('runs the rules across the objects of one input, without the overlay-only rules, and only the selected groups', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const options = { repoRoot: '/nonexistent-consul-gitops-root', schema: engine, kubernetesVersion };
    const all = await validateFiles([input('d.yaml', { 'd.yaml': UNLABELLED_DEPLOYMENT })], options);
    const rules = new Set(all.overlays[0]?.findings.map((finding) => finding.rule));
    expect(rules.size).toBeGreaterThan(0);
    expect(rules.has('environment-label')).toBe(false);
    expect(rules.has('environment-completeness')).toBe(false);
    const none = await validateFiles([input('d.yaml', { 'd.yaml': UNLABELLED_DEPLOYMENT })], { ...options, rules: 'none' });
    expect(none.overlays[0]?.findings).toEqual([]);
  });

  it('puts the findings of an invalid spec beside the run first', async () => {
    const root = await tempRepo({ 'environments.yaml': 'environments: 5\n' });
    try {
      const { engine, kubernetesVersion } = await offlineSchema();
      const result = await validateFiles([input('a.yaml', { 'a.yaml': configMap('a') })], {
        repoRoot: root,
        schema: engine,
        kubernetesVersion,
      });
      expect(result.overlays.map((overlay) => [overlay.path, overlay.ok])).toEqual([
        ['environments.yaml', false],
        ['a.yaml', true],
      ]);
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('passes the schema options to the engine', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const custom = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n';
    const strict = await validateFiles([input('w.yaml', { 'w.yaml': custom })], {
      repoRoot: '/nonexistent',
      schema: engine,
      kubernetesVersion,
    });
    const lenient = await validateFiles([input('w.yaml', { 'w.yaml': custom })], {
      repoRoot: '/nonexistent',
      schema: engine,
      kubernetesVersion,
      schemaOptions: { ignoreMissingSchemas: true },
    });
    expect(strict.overlays[0]?.findings.map((finding) => finding.severity)).toEqual(['error']);
    expect(lenient.overlays[0]?.findings.map((finding) => finding.severity)).toEqual(['warning']);
  });
});
