/**
 * Which schema backend a run gets (selectSchemaEngine), for the backends that need no Go build: offline, auto without
 * KUBECONFORM, and a KUBECONFORM that names a kubeconform (a recorded stand-in) or nothing that runs. The kubeconform
 * and api-server backends themselves run in kubeconform.test.ts and api-server.test.ts.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { EnvironmentError } from '../../../tools/src/model/errors.js';
import { KUBERNETES_VERSION } from '../../../tools/src/validate/schema/catalog.js';
import { selectSchemaEngine } from '../../../tools/src/validate/schema/select.js';

/** Where the Go build would be: an empty folder while set, so that no kubeconform is found there; tools/go/bin otherwise. */
const goBin = vi.hoisted(() => ({ dir: undefined as string | undefined }));
vi.mock('../../../tools/src/validate/schema/kubeconform.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../tools/src/validate/schema/kubeconform.js')>();
  return {
    ...original,
    findKubeconform: (env: NodeJS.ProcessEnv, required: boolean, goBinDir?: string) =>
      original.findKubeconform(env, required, goBin.dir ?? goBinDir),
  };
});

const scratch = mkdtempSync(join(tmpdir(), 'schema-select-'));
const fake = join(scratch, 'kubeconform');
writeFileSync(fake, '#!/bin/sh\necho v0.7.0\n');
chmodSync(fake, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('selectSchemaEngine', () => {
  it.each([
    ['offline', {}],
    ['auto', {}],
    ['offline', { KUBECONFORM: fake }],
  ] as const)('%s with %j is the offline engine, at the pinned Kubernetes version', async (backend, env) => {
    const selected = await selectSchemaEngine(backend, env);
    expect(selected.engine.name).toBe('offline');
    expect(selected.kubernetesVersion).toBe(KUBERNETES_VERSION);
  });

  it.each(['auto', 'kubeconform'] as const)('%s with KUBECONFORM set is that kubeconform', async (backend) => {
    const selected = await selectSchemaEngine(backend, { KUBECONFORM: fake });
    expect(selected.engine.name).toMatch(/kubeconform/);
    expect(selected.kubernetesVersion).toBe(KUBERNETES_VERSION);
  });

  it.each(['auto', 'kubeconform'] as const)('%s with a KUBECONFORM that does not run is an environment error', async (backend) => {
    const missing = join(scratch, 'no-kubeconform');
    const selected = selectSchemaEngine(backend, { KUBECONFORM: missing });
    await expect(selected).rejects.toBeInstanceOf(EnvironmentError);
    await expect(selected).rejects.toThrow(`kubeconform not found at KUBECONFORM=${missing}: build the pinned kubeconform`);
  });

  it('kubeconform without KUBECONFORM, with none built nor on PATH, is an environment error, not the offline engine', async () => {
    goBin.dir = join(scratch, 'empty-go-bin');
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const selected = selectSchemaEngine('kubeconform', {});
      await expect(selected).rejects.toBeInstanceOf(EnvironmentError);
      await expect(selected).rejects.toThrow(/^kubeconform not found \(looked in .*empty-go-bin.* and on PATH\)/);
    } finally {
      process.env.PATH = path;
      goBin.dir = undefined;
    }
  });
});
