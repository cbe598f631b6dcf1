/**
 * Files mode on worker threads: the files are split into contiguous shares of about equal size, one per
 * thread; each thread (file-worker.ts, bundled as tools/dist/cli/file-worker.bundle.js, runs file-share.ts) parses
 * its share and checks its schemas, and the main thread takes the results back in file order, so the report is the one a
 * single thread writes. A thread that fails is an environment error (exit 2), never a stack trace.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EnvironmentError, errorMessage, UsageError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import { TOOLS_ROOT } from '../model/tools-root.js';
import { parseRendered, type ParseOutput } from '../parse/documents.js';
import type { SchemaEngine, SchemaOptions } from '../validate/schema/engine.js';

/** What one thread gets: its files and the schema options. */
export interface FileShare {
  files: { path: string; text: string }[];
  schemaOptions: SchemaOptions;
}

/** What a thread returns per file: the documents' values (undefined: the main thread reads them itself) and the schema findings. */
export interface FileShareResult {
  values: unknown[] | undefined;
  schema: Finding[];
  /** The schema engine failed on the file: the main thread reports it as a single thread would. */
  schemaError?: string;
}

/** The worker's script: built by `npm run build`; without it files mode runs in one thread. */
const WORKER_SCRIPT = join(TOOLS_ROOT, 'dist/cli/file-worker.bundle.js');

/**
 * Below this many files one thread: a worker thread costs about 70 ms of CPU before its first file (start, its
 * script, the schema data; measured on an empty share) and reads a file of ten objects in about 3 to 5 ms, so
 * a share of fewer than some 20 files cannot repay it.
 */
const MIN_FILES_FOR_THREADS = 40;

const THREADS_VARIABLE = 'CONSUL_GITOPS_FILE_THREADS';

/**
 * Threads only pay on idle cores: on a machine whose other work keeps every core busy (the one-minute load average
 * at the core count or above), a second thread only waits for a core and adds its start-up, and the files bench
 * measured every threaded run slower in wall time there. One thread per core left idle, the main thread included.
 */
function idleCores(host: ThreadHost): number {
  const cores = host.cores();
  return Math.max(1, Math.min(cores, Math.floor(cores + 1 - (host.loadAverage()[0] ?? 0))));
}

/** What fileThreadCount asks of the machine: whether the worker's script is built, its cores and its load averages. */
export interface ThreadHost {
  workerBuilt: () => boolean;
  cores: () => number;
  loadAverage: () => readonly number[];
}

const MACHINE: ThreadHost = { workerBuilt: () => existsSync(WORKER_SCRIPT), cores: availableParallelism, loadAverage: loadavg };

/**
 * How many threads check `files` files: CONSUL_GITOPS_FILE_THREADS when set (1 is the main thread alone), else one
 * per idle core when there are enough files. Only the offline engine without --schemas folders runs on threads (the
 * others keep state across the objects of an input); everything else is one thread.
 */
export function fileThreadCount(
  files: number,
  engine: SchemaEngine,
  options: SchemaOptions,
  env: NodeJS.ProcessEnv = process.env,
  host: ThreadHost = MACHINE,
): number {
  const forced = env[THREADS_VARIABLE];
  if (forced !== undefined && !/^[1-9][0-9]{0,2}$/.test(forced))
    throw new UsageError(`${THREADS_VARIABLE} must be a whole number of threads from 1 to 999 (1: the main thread alone), not '${forced}'`);
  if (engine.name !== 'offline' || (options.schemaDirs?.length ?? 0) > 0 || !host.workerBuilt()) return 1;
  const wanted = forced === undefined ? (files < MIN_FILES_FOR_THREADS ? 1 : idleCores(host)) : Number(forced);
  return Math.max(1, Math.min(wanted, files));
}

/**
 * The main thread's share against a worker thread's: a worker starts cold (its script, the schema data, code not
 * yet optimised: about 5 ms per file of ten objects against 3 on the main thread) and its values must be posted
 * back, so the main thread reads more.
 */
const MAIN_SHARE_WEIGHT = 1.5;

/** Contiguous shares of the files by text size, in file order: the first (the main thread's) weighs MAIN_SHARE_WEIGHT. */
function shares<T extends { text: string }>(files: readonly T[], count: number): T[][] {
  const total = files.reduce((sum, file) => sum + file.text.length, 0);
  const unit = total / (count - 1 + MAIN_SHARE_WEIGHT);
  const result: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const file of files) {
    current.push(file);
    size += file.text.length;
    if (result.length < count - 1 && size >= unit * (MAIN_SHARE_WEIGHT + result.length)) {
      result.push(current);
      current = [];
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** Reads a share on another thread: what the thread posts back, one result per file of the share. */
export type ShareRunner = (share: FileShare) => Promise<FileShareResult[]>;

/**
 * Starts `script` (the built worker in production) as a worker thread per share; a thread that fails is an EnvironmentError.
 * @internal readOnThreads' default runner; its tests start small scripts of their own to pin how a thread's failure is reported
 */
export function workerRunner(script: string): ShareRunner {
  return (share) =>
    new Promise((resolve, reject) => {
      const failed = (what: string): EnvironmentError =>
        new EnvironmentError(`validate -f: a worker thread ${what}; ${THREADS_VARIABLE}=1 checks the files in the main thread`);
      const worker = new Worker(script, { workerData: share });
      let results: FileShareResult[] | undefined;
      worker.once('message', (message: FileShareResult[]) => (results = message));
      worker.once('error', (error) => reject(failed(`failed: ${errorMessage(error)}`)));
      worker.once('exit', (code) =>
        results ? resolve(results) : reject(failed(`stopped (exit code ${code}) before it returned its files`)),
      );
    });
}

/** One file parsed and its schemas checked: what every thread does with each file of its share. */
export async function checkFile(
  file: { path: string; text: string },
  engine: SchemaEngine,
  schemaOptions: SchemaOptions,
  values?: readonly unknown[],
): Promise<{ parsed: ParseOutput; schema: Finding[]; schemaError?: string }> {
  const parsed = parseRendered({ yaml: file.text, file: file.path, ...(values ? { values } : {}) });
  try {
    return { parsed, schema: await engine.validate(parsed.resources, schemaOptions) };
  } catch (error) {
    return { parsed, schema: [], schemaError: errorMessage(error) };
  }
}

/** A file read on a thread: its objects (parsed on the main thread from the thread's values) and schema findings. */
export type FileRead = Awaited<ReturnType<typeof checkFile>>;

/**
 * Every file parsed and its schemas checked on `threads` threads, in the files' order: the main thread takes the
 * first share itself while the worker threads (`runShare`) read the others; it parses their files from the values they post.
 */
export async function readOnThreads(
  files: readonly { path: string; text: string }[],
  threads: number,
  engine: SchemaEngine,
  schemaOptions: SchemaOptions,
  runShare: ShareRunner = workerRunner(WORKER_SCRIPT),
): Promise<FileRead[]> {
  const [own = [], ...others] = shares(files, threads);
  const pending = Promise.all(others.map((share) => runShare({ files: share, schemaOptions })));
  // awaited below, once the main thread's own share is done; a failure must not go unhandled meanwhile
  pending.catch(() => undefined);
  const reads: FileRead[] = [];
  for (const file of own) reads.push(await checkFile(file, engine, schemaOptions));
  (await pending).flat().forEach((result, index) => {
    const file = files[own.length + index]!;
    const parsed = parseRendered({ yaml: file.text, file: file.path, ...(result.values ? { values: result.values } : {}) });
    reads.push({ parsed, schema: result.schema, ...(result.schemaError === undefined ? {} : { schemaError: result.schemaError }) });
  });
  return reads;
}

/** A schema engine that answers with the findings the threads already found (checkParsed calls it once per input). */
export function threadSchemaEngine(name: string, results: readonly Omit<FileRead, 'parsed'>[]): SchemaEngine {
  return {
    name,
    // async although nothing is awaited: SchemaEngine.validate returns a promise, and a thread's failure is its rejection
    // eslint-disable-next-line @typescript-eslint/require-await
    async validate(): Promise<Finding[]> {
      const failure = results.find((result) => result.schemaError !== undefined);
      if (failure) throw new Error(failure.schemaError);
      return results.flatMap((result) => result.schema);
    },
  };
}
