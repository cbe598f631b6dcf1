/** Entry point: parse, dispatch, map the outcome to an exit code. Stack traces only with --debug. */
import { EXIT } from '../model/exit-code.js';
import { EnvironmentError, RenderError, SpecError, ToolError, UsageError } from '../model/errors.js';
import { commandHelp, parseCli, USAGE, type CliArgs, type CommandName } from './args.js';
import { clusterCommand } from './commands/cluster.js';
import { diffCommand } from './commands/diff.js';
import { gateCommand } from './commands/gate.js';
import { generateCommand } from './commands/generate.js';
import { quorumCommand } from './commands/quorum.js';
import { renderCommand } from './commands/render.js';
import { rulesCommand } from './commands/rules.js';
import { validateCommand } from './commands/validate.js';
import type { CommandIo } from './io.js';
import { processIo, redactingIo } from './io.js';
import { versionText } from './version.js';

const COMMANDS: Record<CommandName, (args: CliArgs, io: CommandIo) => number | Promise<number>> = {
  validate: validateCommand,
  generate: generateCommand,
  quorum: quorumCommand,
  rules: rulesCommand,
  render: renderCommand,
  diff: diffCommand,
  gate: gateCommand,
  cluster: clusterCommand,
};

function commandOf(argv: readonly string[]): string | undefined {
  try {
    return parseCli(argv).command;
  } catch {
    return undefined;
  }
}

/** What the launcher (tools/bin/consul-gitops.js) hands the bundle it runs, beside the arguments. */
export interface Launch {
  generateCache?: CommandIo['generateCache'];
}

export async function main(argv: readonly string[], rawIo: CommandIo = processIo(), launch: Launch = {}): Promise<number> {
  const withLaunch = launch.generateCache === undefined ? rawIo : { ...rawIo, generateCache: launch.generateCache };
  // Every report and message passes the redaction; only the manifests that gate and render print are data.
  const io = redactingIo(withLaunch, { stdoutIsData: ['gate', 'render', 'generate'].includes(commandOf(argv) ?? '') });
  const debug = argv.includes('--debug');
  try {
    const args = parseCli(argv);
    if (args.values.help) {
      io.out(`${args.command ? commandHelp(args.command) : USAGE}\n`);
      return EXIT.clean;
    }
    if (args.values.version) {
      io.out(`${versionText()}\n`);
      return EXIT.clean;
    }
    if (!args.command) throw new UsageError(`no command given\n\n${USAGE}`);
    const command = COMMANDS[args.command];
    return await command(args, io);
  } catch (error) {
    if (debug && error instanceof Error) io.err(`${error.stack ?? error.message}\n`);
    if (error instanceof SpecError) {
      io.err(`consul-gitops: environments spec is invalid:\n${error.message}\n`);
      return EXIT.findings;
    }
    if (error instanceof RenderError) {
      io.err(`consul-gitops: ${error.shortMessage}\n`);
      return EXIT.findings;
    }
    if (error instanceof UsageError || error instanceof EnvironmentError) {
      io.err(`consul-gitops: ${error.message}\n`);
      return EXIT.usage;
    }
    const message = error instanceof ToolError ? error.shortMessage : error instanceof Error ? error.message : String(error);
    io.err(`consul-gitops: internal error: ${message}${debug ? '' : ' (run with --debug for details)'}\n`);
    return EXIT.usage;
  }
}
