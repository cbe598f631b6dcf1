/** The validate run a caller asks for and its report (tools/src/pipeline/validate.ts), in process. */
import { chmod, copyFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kustomizeFor, report, schemaFolders, validate } from '../../tools/src/pipeline/validate.js';
import { UsageError } from '../../tools/src/model/errors.js';
import type { RunResult } from '../../tools/src/report/result.js';
import { RULE_CATALOG } from '../../tools/src/rule-catalog.js';
import {
  configMap,
  FILE_KUSTOMIZE,
  FILE_KUSTOMIZE_SCRIPT,
  kustomization,
  offlineSchema,
  tempRepo,
  under,
} from '../helpers/pipeline-repo.js';

let root: string;
let script: string;

beforeAll(async () => {
  root = await tempRepo({
    ...under('overlays/a', kustomization(configMap('a'))),
  });
  script = join(root, 'kustomize.sh');
  await copyFile(FILE_KUSTOMIZE_SCRIPT, script);
  await chmod(script, 0o755);
});

afterAll(() => rm(root, { recursive: true }));

const RESULT: RunResult = {
  overlays: [
    {
      path: 'overlays/a',
      ok: false,
      resources: 1,
      findings: [{ rule: 'schema', severity: 'error', message: 'data.a: bad', location: { file: 'overlays/a', line: 3 } }],
      checked: [{ kind: 'ConfigMap', name: 'a' }],
    },
  ],
  tool: { kustomize: 'v5 (flag)', schemaBackend: 'offline', kubernetesVersion: '1.36' },
};

describe('kustomizeFor', () => {
  it('finds the kustomize named, with the limits of the render timeout', async () => {
    const binary = await kustomizeFor({ kustomize: script, renderTimeout: '7', env: {} });
    expect(binary).toMatchObject({ command: script, source: 'flag', version: 'v5.8.1' });
    expect(binary.limits?.timeoutMs).toBe(7000);
  });

  it('reads the limits from the environment given', async () => {
    const binary = await kustomizeFor({ kustomize: script, env: { CONSUL_GITOPS_RENDER_TIMEOUT: '9' } });
    expect(binary.limits?.timeoutMs).toBe(9000);
  });

  it('refuses a bad render timeout', async () => {
    await expect(kustomizeFor({ kustomize: script, renderTimeout: '0', env: {} })).rejects.toThrow(UsageError);
  });
});

describe('validate', () => {
  it('checks kustomization directories with the kustomize and schema given', async () => {
    const result = await validate({
      repoRoot: root,
      dirs: [join(root, 'overlays/a')],
      kustomize: FILE_KUSTOMIZE,
      schema: await offlineSchema(),
      concurrency: 1,
    });
    expect(result.mode).toBeUndefined();
    expect(result.overlays.map((overlay) => [overlay.path, overlay.ok])).toEqual([['overlays/a', true]]);
    expect(result.tool.schemaBackend).toBe('offline');
  });

  it('checks every overlay when no directory is given', async () => {
    const result = await validate({ repoRoot: root, kustomize: FILE_KUSTOMIZE, schema: await offlineSchema() });
    expect(result.overlays.map((overlay) => [overlay.path, overlay.ok])).toEqual([['overlays/a', true]]);
  });

  it('checks plain manifests instead when files are given, with the options given', async () => {
    const seen: string[] = [];
    const result = await validate({
      repoRoot: root,
      files: [{ path: 'w.yaml', files: [{ path: 'w.yaml', text: 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n' }] }],
      schema: await offlineSchema(),
      schemaOptions: { ignoreMissingSchemas: true },
      rules: 'none',
      onOverlay: (overlay) => seen.push(overlay.path),
    });
    expect(result.mode).toBe('files');
    expect(seen).toEqual(['w.yaml']);
    expect(result.overlays[0]?.findings.map((finding) => finding.severity)).toEqual(['warning']);
  });

  it('selects the schema engine (auto: offline without KUBECONFORM) when none is given', async () => {
    const result = await validate({ repoRoot: root, files: [{ path: 'a.yaml', files: [{ path: 'a.yaml', text: configMap('a') }] }] });
    expect(result.tool.schemaBackend).toBe('offline');
  });
});

describe('report', () => {
  it('renders a run as text by default, with its counts', () => {
    const { text, summary } = report(RESULT);
    expect(text).toContain('data.a: bad');
    expect(summary.errors).toBe(1);
  });

  it('renders another format by name, with the options given', () => {
    const json = JSON.parse(report(RESULT, 'json').text) as unknown;
    expect(json).toMatchObject({ summary: { errors: 1 } });
    const sarif = JSON.parse(report(RESULT, 'sarif', { tool: { name: 'x', version: '9.9.9' } }).text) as {
      runs: { tool: { driver: { version: string; rules: unknown[] } } }[];
    };
    expect(sarif.runs[0]?.tool.driver.version).toBe('9.9.9');
    expect(sarif.runs[0]?.tool.driver.rules.length).toBe(RULE_CATALOG.length);
    const fewer = JSON.parse(report(RESULT, 'sarif', { rules: RULE_CATALOG.slice(0, 2) }).text) as typeof sarif;
    expect(fewer.runs[0]?.tool.driver.rules.length).toBe(2);
  });

  it('refuses an unknown format', () => {
    expect(() => report(RESULT, 'yaml')).toThrow(UsageError);
  });
});

describe('schemaFolders', () => {
  it('resolves the folders against the working directory', () => {
    expect(schemaFolders(root, [])).toEqual([]);
    expect(schemaFolders(root, ['overlays/a'])).toEqual([join(root, 'overlays/a')]);
  });

  it('turns a folder that cannot be read into a usage error', () => {
    expect(() => schemaFolders(root, ['nope'])).toThrow(
      new UsageError(
        `--schemas ${join(root, 'nope')}: cannot read the folder (ENOENT); pass a folder of CustomResourceDefinition YAML files`,
      ),
    );
  });

  it('turns a schema file that does not parse into a usage error naming it', async () => {
    await mkdir(join(root, 'bad-crds'), { recursive: true });
    await writeFile(join(root, 'bad-crds/x.yaml'), 'a: [b\n');
    expect(() => schemaFolders(root, ['bad-crds'])).toThrow(UsageError);
    expect(() => schemaFolders(root, ['bad-crds'])).toThrow(/bad-crds\/x\.yaml:2: invalid YAML in a schema folder/);
  });

  it('turns a schema file that cannot be read (a dangling link) into a usage error naming it', async () => {
    await mkdir(join(root, 'linked-crds'), { recursive: true });
    await rm(join(root, 'linked-crds/gone.yaml'), { force: true });
    await symlink(join(root, 'no-such-file.yaml'), join(root, 'linked-crds/gone.yaml'));
    expect(() => schemaFolders(root, ['linked-crds'])).toThrow(
      new UsageError(
        `${join(root, 'linked-crds/gone.yaml')}: cannot read the schema file (ENOENT); fix its permissions or link, or remove it`,
      ),
    );
  });

  it('passes over a folder named like a schema file, reading the files beside it', async () => {
    await mkdir(join(root, 'nested-crds/more.yaml'), { recursive: true });
    await writeFile(join(root, 'nested-crds/x.yaml'), 'a: [b\n');
    // the folder is not read (no EISDIR); the broken file beside it still is
    expect(() => schemaFolders(root, ['nested-crds'])).toThrow(/nested-crds\/x\.yaml:2: invalid YAML in a schema folder/);
    await writeFile(join(root, 'nested-crds/x.yaml'), 'kind: ConfigMap\n');
    expect(schemaFolders(root, ['nested-crds'])).toEqual([join(root, 'nested-crds')]);
  });
});
