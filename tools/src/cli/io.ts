import { writeFile } from 'node:fs/promises';
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
  readStdin?(): Promise<string>;
}

export function processIo(): CommandIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    isTty: Boolean(process.stderr.isTTY) && !process.env.CI,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    writeFile: (path, text) => writeFile(path, text),
  };
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
