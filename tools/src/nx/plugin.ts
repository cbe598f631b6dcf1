/**
 * Nx inferred-targets plugin (createNodes, the v2 signature Nx 24 uses): every
 * `overlays/<name>/kustomization.yaml` becomes a project `overlay-<name>`, and
 * `argocd/kustomization.yaml` a project `argocd`, each with cached `render` and `validate`
 * targets. Inputs are the kustomization's transitive local inputs (base/, components, patch
 * files) from `resolveKustomizeInputs`, plus the tools and the spec, so an edit to base/ makes
 * every overlay's hash change and `nx affected` select it. A thin adapter: the targets run the CLI.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { RESOLVED_ENVIRONMENT_FILE } from '../generate/resolved-environment.js';
import { readKustomizationSync } from '../parse/kustomization.js';
import { SPEC_FILE } from '../environments/load.js';
import { resolveKustomizeInputs, type KustomizeFileView } from './kustomize-inputs.js';

export interface OverlayPluginOptions {
  renderTargetName?: string;
  validateTargetName?: string;
  /** The target that validates into a SARIF report (the workflow's shards run it). */
  reportTargetName?: string;
  /** Where `report` writes, workspace-relative. */
  reportDir?: string;
  /** The CLI, workspace-relative. */
  cli?: string;
  /** Where `render` writes, workspace-relative. */
  renderDir?: string;
}

/** The structural subset of Nx's types this plugin fills in (no runtime dependency on nx). */
export interface InferredTarget {
  executor: 'nx:run-commands';
  /** `env.CONSUL_GITOPS_ARGV`: the CLI's arguments as a JSON array; `command` holds no folder name. */
  options: { command: string; cwd: string; env: Record<string, string> };
  dependsOn?: { projects: string[]; target: string }[];
  cache: boolean;
  inputs: (string | { env: string })[];
  outputs?: string[];
  metadata: { description: string; technologies: string[] };
}

export interface InferredProject {
  root: string;
  name: string;
  projectType: 'application';
  tags: string[];
  implicitDependencies?: string[];
  targets: Record<string, InferredTarget>;
}

export interface CreateNodesContext {
  readonly workspaceRoot: string;
}

export type CreateNodesResultArray = Array<readonly [string, { projects?: Record<string, InferredProject> }]>;

/** The files that become projects: one per overlay folder's kustomization, argocd/'s, and the spec. */
export const KUSTOMIZATION_PATTERN =
  '{overlays/*/kustomization.yaml,overlays/*/kustomization.yml,argocd/kustomization.yaml,argocd/kustomization.yml,environments.yaml}';

/** Where the targets pass the CLI's arguments (read by tools/bin/consul-gitops.js). */
const ARGV_ENV = 'CONSUL_GITOPS_ARGV';

/** Inputs every target shares: the CLI that runs, its schemas, the spec and the locked kustomize version. */
const TOOL_INPUTS = [
  '{workspaceRoot}/tools/src/**/*',
  '{workspaceRoot}/tools/schemas/**/*',
  '{workspaceRoot}/tools/facts/**/*',
  '{workspaceRoot}/tools/go/go.mod',
  '{workspaceRoot}/tools/bin/**/*',
  '{workspaceRoot}/package-lock.json',
];

/** The project that checks the spec once per run (`generate --check`); every validate target depends on it. */
const SPEC_PROJECT = 'environments';

/** How a project sees the spec. */
export interface SpecInput {
  /** The spec file, workspace-relative. */
  file: string;
  /** The project's part of the spec is a generated file inside its root, so the spec file is no input. */
  resolvedInRoot?: boolean;
  /** The project whose validate target checks the spec, run first. */
  project?: string;
}

/**
 * `overlays/prod` -> `overlay-prod`, `argocd` -> `argocd`.
 * @internal pure naming of inferred projects; createNodesV2 reaches it
 */
export function projectNameFor(root: string): string {
  const [top, ...rest] = root.split('/');
  if (top === 'overlays') return `overlay-${rest.join('-')}`;
  return [top, ...rest].join('-');
}

/**
 * The disk as a `KustomizeFileView`; an unreadable kustomization counts as one without references.
 * @internal the disk-backed file view, tested on temporary folders; createNodesV2 reaches it
 */
export function diskView(workspaceRoot: string): KustomizeFileView {
  return {
    kustomization(dir) {
      const found = readKustomizationSync(join(workspaceRoot, dir), dir);
      return found === 'none' ? undefined : found === 'unreadable' ? {} : found.content;
    },
    isDirectory(path) {
      try {
        return statSync(join(workspaceRoot, path)).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

/**
 * The project for one kustomization directory. Pure given the view. `contextRoots` are other
 * kustomizations its validation renders too (argocd/ is cross-checked against every overlay), so
 * their inputs are this project's inputs as well.
 * @internal one inferred project from a file view, pinned without an Nx workspace; createNodesV2 reaches it
 */
export function overlayProject(
  root: string,
  view: KustomizeFileView,
  options: OverlayPluginOptions = {},
  hasToolsProject = true,
  contextRoots: readonly string[] = [],
  spec: SpecInput = { file: SPEC_FILE },
): InferredProject {
  const renderTarget = options.renderTargetName ?? 'render';
  const validateTarget = options.validateTargetName ?? 'validate';
  const cli = options.cli ?? 'tools/bin/consul-gitops.js';
  const renderDir = options.renderDir ?? 'dist/rendered';
  const reportTarget = options.reportTargetName ?? 'report';
  const reportDir = options.reportDir ?? 'dist/reports';
  const name = projectNameFor(root);
  const resolved = [root, ...contextRoots].map((start) => resolveKustomizeInputs(start, view));
  const directories = [...new Set(resolved.flatMap((item) => item.directories))].filter((dir) => dir !== root);
  const files = [...new Set(resolved.flatMap((item) => item.files))];
  const inputs = [
    '{projectRoot}/**/*',
    ...directories.map((dir) => `{workspaceRoot}/${dir}/**/*`),
    ...files.map((file) => `{workspaceRoot}/${file}`),
    ...TOOL_INPUTS,
    // An overlay's part of the spec lies inside its own root ({projectRoot}/**/*); only without it, or
    // for argocd/ (which lists every environment), the whole spec file is an input.
    ...(spec.resolvedInRoot ? [] : [`{workspaceRoot}/${spec.file}`]),
    { env: 'KUSTOMIZE' },
  ];
  const output = posix.join(renderDir, `${name}.yaml`);
  const report = posix.join(reportDir, `${name}.sarif`);
  // nx:run-commands hands `command` to a shell. Folder names come from pull requests (`a;touch pwned;b`),
  // so they never enter it: the arguments travel as a JSON array in an environment variable, which the
  // launcher (tools/bin/consul-gitops.js) puts in front of whatever the user forwards.
  const command = (args: readonly string[]) => ({
    command: `node ${cli}`,
    cwd: '{workspaceRoot}',
    env: { [ARGV_ENV]: JSON.stringify(args) },
  });
  // The CLI runs from tools/dist: build it first, or a changed rule would run (and be cached) as the old build.
  const dependsOnBuild = hasToolsProject ? { dependsOn: [{ projects: ['tools'], target: 'build' }] } : {};
  // The spec is checked once per run, by the spec project: an invalid spec fails that one task, and Nx
  // runs no overlay's validate to print the same errors again.
  const dependsOnSpec = [
    ...(dependsOnBuild.dependsOn ?? []),
    ...(spec.project ? [{ projects: [spec.project], target: validateTarget }] : []),
  ];
  return {
    root,
    name,
    projectType: 'application',
    tags: ['type:kustomization', root.startsWith('overlays/') ? `environment:${root.slice('overlays/'.length)}` : `kustomization:${name}`],
    ...(hasToolsProject ? { implicitDependencies: ['tools'] } : {}),
    targets: {
      [renderTarget]: {
        executor: 'nx:run-commands',
        options: command(['render', root, '--output', output]),
        ...dependsOnBuild,
        cache: true,
        inputs,
        outputs: [`{workspaceRoot}/${output}`],
        metadata: {
          description: `Render ${root} with kustomize into ${output} (origin annotations removed).`,
          technologies: ['kustomize'],
        },
      },
      [validateTarget]: {
        executor: 'nx:run-commands',
        options: command(['validate', root]),
        ...(dependsOnSpec.length > 0 ? { dependsOn: dependsOnSpec } : {}),
        cache: true,
        inputs,
        metadata: {
          description: `Render ${root} and check it: Kubernetes schema and the Consul rules (consul-gitops validate).`,
          technologies: ['kustomize'],
        },
      },
      [reportTarget]: {
        executor: 'nx:run-commands',
        options: command(['validate', root, '--format', 'sarif', '--output', report]),
        ...(dependsOnSpec.length > 0 ? { dependsOn: dependsOnSpec } : {}),
        cache: true,
        inputs,
        outputs: [`{workspaceRoot}/${report}`],
        metadata: {
          description: `Validate ${root} into ${report} (SARIF; the folder must exist). The workflow's shards run it; tools/scripts/merge-reports.mjs merges the reports.`,
          technologies: ['kustomize'],
        },
      },
    },
  };
}

/** Every `overlays/<name>` holding a kustomization. */
function overlayRoots(workspaceRoot: string, view: KustomizeFileView): string[] {
  try {
    return readdirSync(join(workspaceRoot, 'overlays'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && view.kustomization(`overlays/${entry.name}`) !== undefined)
      .map((entry) => `overlays/${entry.name}`)
      .sort();
  } catch {
    return [];
  }
}

/** The spec's own project (root `.`): `generate --check` once per run, which every overlay's validate waits for. */
function specProject(options: OverlayPluginOptions = {}, hasToolsProject = true): InferredProject {
  const validateTarget = options.validateTargetName ?? 'validate';
  const cli = options.cli ?? 'tools/bin/consul-gitops.js';
  return {
    root: '.',
    name: SPEC_PROJECT,
    projectType: 'application',
    tags: ['type:spec'],
    targets: {
      [validateTarget]: {
        executor: 'nx:run-commands',
        options: { command: `node ${cli}`, cwd: '{workspaceRoot}', env: { [ARGV_ENV]: JSON.stringify(['generate', '--check']) } },
        ...(hasToolsProject ? { dependsOn: [{ projects: ['tools'], target: 'build' }] } : {}),
        cache: true,
        inputs: [
          `{workspaceRoot}/${SPEC_FILE}`,
          '{workspaceRoot}/environments.schema.json',
          '{workspaceRoot}/base/**/*',
          '{workspaceRoot}/overlays/**/*',
          '{workspaceRoot}/argocd/**/*',
          ...TOOL_INPUTS,
          { env: 'KUSTOMIZE' },
        ],
        metadata: {
          description: `Check ${SPEC_FILE} and that every generated file is what it generates (consul-gitops generate --check), once per run.`,
          technologies: ['kustomize'],
        },
      },
    },
  };
}

function createOverlayNodes(
  files: readonly string[],
  options: OverlayPluginOptions | undefined,
  context: CreateNodesContext,
): CreateNodesResultArray {
  const view = diskView(context.workspaceRoot);
  const hasToolsProject = existsSync(join(context.workspaceRoot, 'tools', 'project.json'));
  const hasSpec = existsSync(join(context.workspaceRoot, SPEC_FILE));
  const overlays = overlayRoots(context.workspaceRoot, view);
  return files.map((file) => {
    if (file === SPEC_FILE) return [file, { projects: { '.': specProject(options ?? {}, hasToolsProject) } }] as const;
    const root = posix.dirname(file.split('\\').join('/'));
    const spec: SpecInput = {
      file: SPEC_FILE,
      resolvedInRoot: root !== 'argocd' && existsSync(join(context.workspaceRoot, root, RESOLVED_ENVIRONMENT_FILE)),
      ...(hasSpec ? { project: SPEC_PROJECT } : {}),
    };
    const project = overlayProject(root, view, options ?? {}, hasToolsProject, root === 'argocd' ? overlays : [], spec);
    return [file, { projects: { [root]: project } }] as const;
  });
}

export const createNodes = [KUSTOMIZATION_PATTERN, createOverlayNodes] as const;
/**
 * The name Nx 17-20 used for the same signature; Nx 24 reads `createNodes` first.
 * @alias Nx looks the plugin up by either name
 */
export const createNodesV2 = createNodes;
export const name = 'consul-gitops/overlays';
