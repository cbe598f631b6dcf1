import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { redactText } from '../model/redact.js';

/** Where commands write, and the directory they run from: a seam for tests. */
export interface CommandIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
  out(text: string): void;
  err(text: string): void;
  writeFile(path: string, text: string): Promise<void>;
  /** Standard input, for `validate -f -` (the process's stdin when absent). */
  readStdin?: () => Promise<string>;
  /** Where the launcher lets `validate` keep the drift check's generated trees (generate/generate-cache.ts). */
  generateCache?: { readonly dir: string; readonly build: string };
}

/**
 * A stream whose reader went away (`generate | head`): EPIPE ends the output quietly, and the command
 * runs to its end (releasing generate's lock) instead of crashing with a stack trace.
 */
function quietOnClose(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw error;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

export function processIo(): CommandIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    isTty: Boolean(process.stderr.isTTY) && !process.env.CI,
    out: quietOnClose(process.stdout),
    err: quietOnClose(process.stderr),
    writeFile: writeNoFollow,
  };
}

/** Write a report, never through a symbolic link at the path itself (O_NOFOLLOW; output-path.ts names the link first). */
async function writeNoFollow(path: string, text: string): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o666);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/**
 * The same io with secret values redacted (model/redact.ts) from stderr, and from stdout and report
 * files unless they carry data (the manifests of gate and render, the files of generate).
 */
export function redactingIo(io: CommandIo, options: { stdoutIsData: boolean }): CommandIo {
  if (options.stdoutIsData) return { ...io, err: (text) => io.err(redactText(text)) };
  return {
    ...io,
    out: (text) => io.out(redactText(text)),
    err: (text) => io.err(redactText(text)),
    writeFile: (path, text) => io.writeFile(path, redactText(text)),
  };
}
