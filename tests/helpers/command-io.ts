/** An io for in-process command tests (tools/src/cli/): what a command prints and writes, recorded. */
import type { CommandIo } from '../../tools/src/cli/io.js';

export interface RecordedIo {
  io: CommandIo;
  out: () => string;
  err: () => string;
  files: Map<string, string>;
}

export function recordedIo(cwd: string, overrides: Partial<CommandIo> = {}): RecordedIo {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  return {
    out: () => out.join(''),
    err: () => err.join(''),
    files,
    io: {
      cwd,
      env: {},
      isTty: false,
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      writeFile: (path, text) => {
        files.set(path, text);
        return Promise.resolve();
      },
      ...overrides,
    },
  };
}
