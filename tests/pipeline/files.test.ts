/** Files mode in process (tools/src/pipeline/files.ts): plain manifests, one report entry per -f argument. */
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../tools/src/discover-files.js';
import { checkShare } from '../../tools/src/pipeline/file-share.js';
import type { ShareRunner, ThreadHost } from '../../tools/src/pipeline/file-threads.js';
import { validateFiles } from '../../tools/src/pipeline/files.js';
import type { Finding } from '../../tools/src/model/finding.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';
import type { SchemaEngine } from '../../tools/src/validate/schema/engine.js';
import { configMap, offlineSchema, tempRepo, UNLABELLED_DEPLOYMENT } from '../helpers/pipeline-repo.js';

const input = (path: string, files: Record<string, string>): ManifestInput => ({
  path,
  files: Object.entries(files).map(([file, text]) => ({ path: file, text })),
});

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

  describe('on worker threads (their shares read in process here, cloned as a post would)', () => {
    const machine: ThreadHost = { workerBuilt: () => true, cores: () => 4, loadAverage: () => [0] };
    const threads = { CONSUL_GITOPS_FILE_THREADS: '3' };
    const inputs = (): ManifestInput[] => [
      input('m', {
        'm/a.yaml': configMap('a'),
        'm/b.yaml': `${configMap('b')}---\n${configMap('c', 'apps', '1')}`,
        'm/d.yaml': UNLABELLED_DEPLOYMENT,
      }),
      input('one.yaml', { 'one.yaml': 'a: [b\n' }),
      input('n', { 'n/e.yaml': configMap('e', 'apps', '2'), 'n/f.yaml': `${configMap('f')}__proto__: x\n`, 'n/g.yaml': configMap('g') }),
    ];

    it('writes the report of one thread, byte for byte, with every worker share read', async () => {
      const { engine, kubernetesVersion } = await offlineSchema();
      const options = { repoRoot: '/nonexistent-consul-gitops-root', schema: engine, kubernetesVersion };
      const shares: string[][] = [];
      const runShare: ShareRunner = async (share) => {
        shares.push(share.files.map((file) => file.path));
        return structuredClone(await checkShare(share));
      };
      const single = await validateFiles(inputs(), options, { env: {}, host: machine });
      const threaded = await validateFiles(inputs(), options, { env: threads, host: machine, runShare });
      expect(shares.length).toBe(2);
      expect(JSON.stringify(threaded)).toBe(JSON.stringify(single));
      expect(single.overlays.map((overlay) => [overlay.path, overlay.resources, overlay.findings.length > 0])).toEqual([
        ['m', 4, true],
        ['one.yaml', 0, true],
        ['n', 3, true],
      ]);
    });

    it("reports the schema findings the threads found and a thread's failure, with the input they belong to", async () => {
      const { engine, kubernetesVersion } = await offlineSchema();
      const options = { repoRoot: '/nonexistent-consul-gitops-root', schema: engine, kubernetesVersion, rules: 'none' as const };
      const found = (file: string): Finding => ({
        rule: 'schema',
        severity: 'error',
        message: `found on a thread in ${file}`,
        location: { file },
      });
      const runShare: ShareRunner = (share) =>
        Promise.resolve(
          share.files.map((file) =>
            file.path === 'q/a.yaml'
              ? { values: undefined, schema: [], schemaError: 'no schema data' }
              : { values: undefined, schema: [found(file.path)] },
          ),
        );
      // the large file is the main thread's share, read there with the offline engine; the others are the workers'
      const large = `${configMap('big')}# ${'x'.repeat(4000)}\n`;
      const shared = [
        input('big.yaml', { 'big.yaml': large }),
        input('p', { 'p/a.yaml': configMap('a'), 'p/b.yaml': configMap('b') }),
        input('q', { 'q/a.yaml': configMap('qa') }),
      ];
      const result = await validateFiles(shared, options, { env: threads, host: machine, runShare });
      expect(result.overlays.map((overlay) => overlay.findings.map((finding) => `${finding.location?.file}: ${finding.message}`))).toEqual([
        [],
        ['p/a.yaml: found on a thread in p/a.yaml', 'p/b.yaml: found on a thread in p/b.yaml'],
        ['q: schema validation could not run: no schema data'],
      ]);
      expect(result.overlays.map((overlay) => overlay.resources)).toEqual([1, 2, 1]);
    });

    it("gives the schema engine each input's objects together on one thread (kubeconform keeps state across them)", async () => {
      const { kubernetesVersion } = await offlineSchema();
      const calls: string[][] = [];
      const recording = {
        name: 'kubeconform',
        validate: (resources: readonly ParsedResource[]) => (
          calls.push(resources.map((resource) => resource.ref.name)),
          Promise.resolve([])
        ),
      } as SchemaEngine;
      const options = { repoRoot: '/nonexistent-consul-gitops-root', schema: recording, kubernetesVersion, rules: 'none' as const };
      await validateFiles(inputs(), options, { env: threads, host: machine });
      expect(calls).toEqual([['a', 'b', 'c', 'web'], [], ['e', 'f', 'g']]);
    });
  });
});
