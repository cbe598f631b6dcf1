/** Edge: write a generated tree atomically (temporary file, then rename), and compare it with disk. */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export async function writeTree(root: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const changed: string[] = [];
  for (const [path, text] of files) {
    const target = join(root, path);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === text) continue;
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.tmp-${process.pid}`;
    try {
      await writeFile(temporary, text);
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
    changed.push(path);
  }
  return changed;
}
