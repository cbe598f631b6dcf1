/**
 * Edge: why a write failed, in words. A full file system says ENOSPC, a full quota EDQUOT, and a file
 * system out of inodes often only ENOENT (Node's recursive mkdir turns the failed create into "no such
 * file"): statfs tells which, so the user reads "out of inodes", not a missing file.
 */
import { statfs } from 'node:fs/promises';
import { errnoCode } from '../model/errors.js';

/** A short reason for a failed write under `dir`: the errno code, or what statfs shows ran out. */
export async function writeFailureReason(error: unknown, dir: string): Promise<string> {
  const code = errnoCode(error);
  if (code === 'ENOSPC') return 'ENOSPC: no space left on the device; free some space (df -h) or inodes (df -i)';
  if (code === 'EDQUOT') return 'EDQUOT: your disk quota is used up; free some space or ask for a larger quota';
  if (code === 'ENOENT' || code === undefined) {
    const stats = await statfs(dir).catch(() => undefined);
    if (stats && stats.ffree === 0)
      return `${code ?? 'error'}: the file system is out of inodes (df -i shows 0 free); remove files to free some`;
    if (stats && stats.bavail === 0) return `${code ?? 'error'}: no space left on the device (df -h); free some space`;
  }
  return code ?? (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
}
