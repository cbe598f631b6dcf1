/**
 * Temporary repositories for in-process tests of the pipeline's wiring (tests/pipeline/, tests/cli/): each
 * kustomization holds the render it stands for (`rendered.yaml`), which tests/fixtures/bin/file-kustomize.sh
 * prints for `kustomize build` in a few milliseconds, without the Go tools (the mutation sandbox has none).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { KustomizeBinary } from '../../tools/src/render/kustomize-binary.js';
import { selectSchemaEngine } from '../../tools/src/validate/schema/select.js';
import { REPO_ROOT } from './repo.js';

export const FILE_KUSTOMIZE_SCRIPT = join(REPO_ROOT, 'tests/fixtures/bin/file-kustomize.sh');

/** The fake kustomize, run through /bin/sh (so that it needs no execute bit). */
export const FILE_KUSTOMIZE: KustomizeBinary = { command: '/bin/sh', prefix: [FILE_KUSTOMIZE_SCRIPT], source: 'flag', version: 'v5.8.1' };

/** A ConfigMap as kustomize prints it; `value` other than a quoted string is a schema error. */
export function configMap(name: string, namespace = 'apps', value = '"b"'): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n  a: ${value}\n`;
}

/** A kustomization folder's files: its kustomization.yaml and the render it stands for. */
export function kustomization(rendered: string): Record<string, string> {
  return { 'kustomization.yaml': 'resources: []\n', 'rendered.yaml': rendered };
}

/** A temporary folder holding `files` (paths relative to it). */
export async function tempRepo(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'consul-gitops-pipeline-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

/** `files` placed under `folder`. */
export function under(folder: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [`${folder}/${path}`, text]));
}

export const offlineSchema = (): ReturnType<typeof selectSchemaEngine> => selectSchemaEngine('offline', {});

/** A Deployment that carries no Consul or environment label: the Kubernetes rules have something to say of it. */
export const UNLABELLED_DEPLOYMENT = [
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
