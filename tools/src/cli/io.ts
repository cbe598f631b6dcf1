import { writeFile } from 'node:fs/promises';

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
