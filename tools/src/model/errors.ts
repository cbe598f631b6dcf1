/**
 * Errors that carry their context. Each has a one-line `shortMessage` for people and keeps its
 * `cause`. UsageError and EnvironmentError end a run with exit code 2; the others become findings.
 */

export class ToolError extends Error {
  readonly shortMessage: string;
  constructor(shortMessage: string, options?: { cause?: unknown; detail?: string }) {
    super(options?.detail ? `${shortMessage}\n${options.detail}` : shortMessage, { cause: options?.cause });
    this.shortMessage = shortMessage;
    this.name = new.target.name;
  }
}

/** Bad command-line input: unknown flag, missing argument, bad value. Exit 2. */
export class UsageError extends ToolError {}

/** The machine lacks something the run needs (no kustomize, no kubeconform). Exit 2. */
export class EnvironmentError extends ToolError {}

export interface RenderErrorContext {
  command: string;
  args: readonly string[];
  cwd: string;
  exitCode?: number;
  stderr: string;
  durationMs: number;
}

/** kustomize exited non-zero or timed out. Becomes a `kustomize-build` finding. */
export class RenderError extends ToolError {
  readonly context: RenderErrorContext;
  constructor(shortMessage: string, context: RenderErrorContext, cause?: unknown) {
    super(shortMessage, { cause, detail: context.stderr });
    this.context = context;
  }
}

export interface SpecProblem {
  /** Dotted path in the spec, for example `environments.prod.servers`. */
  path: string;
  message: string;
  /** For an unknown key: the known key it is nearest to (then a missing key of that name is not reported too). */
  suggestion?: string;
  line?: number;
  col?: number;
}

/** The environment spec is invalid. Exit 1, one path-named line per problem. */
export class SpecError extends ToolError {
  readonly file: string;
  readonly problems: readonly SpecProblem[];
  constructor(file: string, problems: readonly SpecProblem[]) {
    const lines = problems.map((problem) => `${file}${problem.line ? `:${problem.line}` : ''}: ${problem.path}: ${problem.message}`);
    super(lines[0] ?? `${file}: invalid spec`, { detail: lines.slice(1).join('\n') || undefined });
    this.file = file;
    this.problems = problems;
  }
}

/** The spec file does not exist: a SpecError whose callers may treat "no spec" as a state, not a problem. */
export class SpecFileMissingError extends SpecError {
  constructor(file: string, message: string) {
    super(file, [{ path: '(file)', message }]);
  }
}

/** The errno code of a Node.js system error (`ENOENT`, `EACCES`, ...), or undefined for anything else. The one errno helper. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ToolError) return error.shortMessage;
  if (error instanceof Error) return error.message;
  return String(error);
}
