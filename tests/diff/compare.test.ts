/**
 * compareOverlays on two small trees in a temporary folder: which overlays it compares, how an overlay on one side
 * only reads, what a failed render of each side becomes, and which Argo CD Application goes with an overlay. The
 * render is the function the CLI passes kustomize through; here it parses the tree's `render.yaml`, so no build runs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareOverlays, type RenderResources } from '../../tools/src/diff/compare.js';
import { RenderError, UsageError } from '../../tools/src/model/errors.js';
import { parseRendered } from '../../tools/src/parse/documents.js';

let root: string;
let baseRoot: string;
let headRoot: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'consul-gitops-compare-'));
  baseRoot = join(root, 'base-side');
  headRoot = join(root, 'head-side');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** The server StatefulSet of an environment, labelled with it, at a replica count. */
const server = (environment: string, replicas: number, namespace = `consul-${environment}`): string =>
  `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: consul-server
  namespace: ${namespace}
  labels:
    environment: ${environment}
spec:
  replicas: ${replicas}
`;

/** An overlay folder with a kustomization and the render the fake build returns for it. */
function overlay(side: string, dir: string, render: string): void {
  write(join(side, dir, 'kustomization.yaml'), 'resources: []\n');
  write(join(side, dir, 'render.yaml'), render);
}

const application = (path: string, server = 'https://kubernetes.default.svc'): string =>
  `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: app
spec:
  source:
    path: ${path}
  destination:
    server: ${server}
    namespace: consul-prod
`;

const render: RenderResources = async (dir, displayPath) =>
  parseRendered({ yaml: await readFile(join(dir, 'render.yaml'), 'utf8'), file: displayPath, rendered: true }).resources;

const compare = (dirs: string[] = [], options: { render?: RenderResources } = {}) =>
  compareOverlays({ baseRoot, headRoot, dirs, render: options.render ?? render, concurrency: 1 });

describe('compareOverlays', () => {
  it('compares every overlay with a kustomization on either side, sorted, each once', async () => {
    overlay(baseRoot, 'overlays/prod', server('prod', 3));
    overlay(headRoot, 'overlays/prod', server('prod', 3));
    overlay(baseRoot, 'overlays/old', server('old', 1));
    overlay(headRoot, 'overlays/added', server('added', 1));
    // a folder without a kustomization and a plain file are not overlays
    write(join(headRoot, 'overlays/notes/README.md'), 'not an overlay\n');
    write(join(headRoot, 'overlays/stray.yaml'), 'kind: ConfigMap\n');
    const impacts = await compare();
    expect(impacts.map((impact) => [impact.path, impact.environment, impact.status])).toEqual([
      ['overlays/added', 'added', 'added'],
      ['overlays/old', 'old', 'removed'],
      ['overlays/prod', 'prod', 'unchanged'],
    ]);
  });

  it('compares only the directories it is given, in their order', async () => {
    overlay(baseRoot, 'overlays/prod', server('prod', 3));
    overlay(headRoot, 'overlays/prod', server('prod', 5));
    overlay(headRoot, 'overlays/dev', server('dev', 1));
    const impacts = await compare(['overlays/prod']);
    expect(impacts.map((impact) => [impact.path, impact.status, impact.before?.replicas, impact.after?.replicas])).toEqual([
      ['overlays/prod', 'changed', 3, 5],
    ]);
  });

  it('finds nothing to compare when neither side has an overlays folder', async () => {
    mkdirSync(baseRoot);
    mkdirSync(headRoot);
    expect(await compare()).toEqual([]);
  });

  it('a directory with a kustomization on neither side is a usage error that names it', async () => {
    mkdirSync(baseRoot);
    mkdirSync(headRoot);
    const failure = compare(['overlays/nowhere']);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(compare(['overlays/nowhere'])).rejects.toThrow(
      'overlays/nowhere: no kustomization there, neither in the working tree nor at the base ref',
    );
  });

  it('names the environment by its label, and by the folder when no resource carries one', async () => {
    overlay(baseRoot, 'overlays/eu', server('prod-eu', 3));
    overlay(headRoot, 'overlays/eu', server('prod-eu', 3));
    overlay(headRoot, 'overlays/bare', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n');
    const impacts = await compare();
    expect(impacts.map((impact) => [impact.path, impact.environment])).toEqual([
      ['overlays/bare', 'bare'],
      ['overlays/eu', 'prod-eu'],
    ]);
  });

  it("a failed head render is an error finding with kustomize's message; a failed base render a warning that says the diff compares against nothing", async () => {
    overlay(baseRoot, 'overlays/prod', server('prod', 3));
    overlay(headRoot, 'overlays/prod', server('prod', 3));
    const failing =
      (failSide: string): RenderResources =>
      async (dir, displayPath) => {
        if (dir.startsWith(failSide))
          throw new RenderError(`kustomize build ${displayPath} exited with 1: boom`, {
            command: 'kustomize',
            args: [],
            cwd: dir,
            stderr: 'boom',
            durationMs: 1,
          });
        return render(dir, displayPath);
      };
    const [head] = await compare([], { render: failing(headRoot) });
    expect(head?.status).toBe('removed');
    expect(head?.findings[0]).toEqual({
      rule: 'kustomize-build',
      severity: 'error',
      message: 'kustomize build overlays/prod exited with 1: boom',
      location: { file: 'overlays/prod' },
    });
    const [base] = await compare([], { render: failing(baseRoot) });
    expect(base?.status).toBe('added');
    expect(base?.findings).toEqual([
      {
        rule: 'kustomize-build',
        severity: 'warning',
        message: 'the base render failed, so this diff compares against nothing: kustomize build overlays/prod exited with 1: boom',
        location: { file: 'overlays/prod' },
      },
    ]);
  });

  it('the render findings come before the impact findings, base first', async () => {
    overlay(baseRoot, 'overlays/prod', server('prod', 3));
    overlay(headRoot, 'overlays/prod', server('prod', 3));
    const failingBoth: RenderResources = (dir, displayPath) =>
      Promise.reject(
        new RenderError(`${dir.startsWith(baseRoot) ? 'base' : 'head'} ${displayPath}`, {
          command: 'k',
          args: [],
          cwd: dir,
          stderr: '',
          durationMs: 1,
        }),
      );
    const [impact] = await compare([], { render: failingBoth });
    expect(impact?.findings.map((finding) => `${finding.severity} ${finding.message}`)).toEqual([
      'warning the base render failed, so this diff compares against nothing: base overlays/prod',
      'error head overlays/prod',
    ]);
  });

  it('an error other than a failed render is not a finding: it ends the comparison', async () => {
    overlay(headRoot, 'overlays/prod', server('prod', 3));
    mkdirSync(baseRoot);
    const broken: RenderResources = () => Promise.reject(new TypeError('a bug'));
    await expect(compare([], { render: broken })).rejects.toThrow('a bug');
  });

  it('pairs each overlay with the Argo CD Application whose source path names it (a trailing slash aside), on each side', async () => {
    overlay(baseRoot, 'overlays/prod', server('prod', 3));
    overlay(headRoot, 'overlays/prod', server('prod', 3));
    write(join(baseRoot, 'argocd/applications/prod.yaml'), application('overlays/prod/', 'https://old.example'));
    // a .yml file counts, another kind or another path does not, and a file that is not YAML is not read
    write(
      join(headRoot, 'argocd/applications/prod.yml'),
      `${application('overlays/prod', 'https://new.example')}---\nkind: AppProject\nspec:\n  source:\n    path: overlays/prod\n---\n${application('overlays/dev', 'https://dev.example')}`,
    );
    write(join(headRoot, 'argocd/applications/notes.txt'), 'kind: Application\n');
    const [impact] = await compare();
    expect(impact?.findings.map((finding) => `${finding.rule}: ${finding.message.split(':')[0]}`)).toEqual([
      'destination-change: Argo CD destination https',
    ]);
    expect(impact?.findings[0]?.message).toMatch(
      /^Argo CD destination https:\/\/old\.example -> https:\/\/new\.example \(argocd\/applications\/prod\.yml\)/,
    );
  });

  it('reads only .yaml and .yml files, takes a path with several trailing slashes, and passes over empty documents and Applications without one path', async () => {
    overlay(baseRoot, 'overlays/prod', server('prod', 3));
    overlay(headRoot, 'overlays/prod', server('prod', 3));
    write(join(baseRoot, 'argocd/applications/prod.yaml'), `---\n${application('overlays/prod//', 'https://old.example')}`);
    write(
      join(headRoot, 'argocd/applications/prod.yaml'),
      `${application('overlays/prod', 'https://new.example')}---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  sources: []\n`,
    );
    // these would put the old destination back if they were read
    write(join(headRoot, 'argocd/applications/prod.yaml.bak'), application('overlays/prod', 'https://old.example'));
    write(join(headRoot, 'argocd/applications/zz-notes.txt'), application('overlays/prod', 'https://old.example'));
    const [impact] = await compare();
    expect(impact?.findings.map((finding) => finding.message.split(' (')[0])).toEqual([
      'Argo CD destination https://old.example -> https://new.example',
    ]);
  });

  it('names the environment by the head render when both sides have one', async () => {
    overlay(baseRoot, 'overlays/eu', server('old-name', 3));
    overlay(headRoot, 'overlays/eu', server('new-name', 3));
    expect((await compare()).map((impact) => impact.environment)).toEqual(['new-name']);
  });

  it('an Application gone on the head side is an environment removal, though the overlay stays', async () => {
    overlay(baseRoot, 'overlays/prod', server('prod', 3));
    overlay(headRoot, 'overlays/prod', server('prod', 3));
    write(join(baseRoot, 'argocd/applications/prod.yaml'), application('overlays/prod'));
    const [impact] = await compare();
    expect(impact?.findings.map((finding) => finding.rule)).toEqual(['environment-removal']);
    expect(impact?.findings[0]?.message).toMatch(/\(its Argo CD Application \(argocd\/applications\/prod\.yaml\)\)/);
  });

  it("applies the spec's settings of the environment it names", async () => {
    overlay(baseRoot, 'overlays/prod', server('prod', 3));
    mkdirSync(headRoot);
    const asked: string[] = [];
    const impacts = await compareOverlays({
      baseRoot,
      headRoot,
      dirs: [],
      render,
      settingsOf: (environment) => {
        asked.push(environment);
        return { tier: 'development' };
      },
    });
    expect(asked).toEqual(['prod']);
    expect(impacts[0]?.findings.map((finding) => `${finding.severity} ${finding.rule}`)).toEqual(['warning environment-removal']);
  });
});
