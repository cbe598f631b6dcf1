/**
 * Issue 23, attack 10: inputs kustomize or the API server's YAML reader reject (or silently read
 * otherwise than they look) must not pass validate. Real CLI, real kustomize.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRendered } from '../../tools/src/parse/documents.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { pinnedKustomize } from '../helpers/go-tools.js';
import { CLI } from '../helpers/repo.js';

const pinned = await pinnedKustomize();

const configMap = (name: string, data = 'a: b') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: web\ndata:\n  ${data}\n`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'consul-gitops-rejected-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function validateJson(args: string[]) {
  const result = await execa('node', [CLI, 'validate', ...args, '--format', 'json'], { cwd: dir, reject: false, env: { CI: 'true' } });
  const report = JSON.parse(String(result.stdout)) as {
    overlays: { findings: { rule: string; message: string; file: string; line: number }[] }[];
  };
  return { code: result.exitCode, findings: report.overlays.flatMap((overlay) => overlay.findings) };
}

describe('a NUL byte (and other control characters)', () => {
  it('in a manifest checked with -f is a yaml-parse error at its line and column', async () => {
    writeFileSync(join(dir, 'cm.yaml'), configMap('web', 'a: x\u0000y'));
    const { code, findings } = await validateJson(['-f', 'cm.yaml']);
    expect(code).toBe(1);
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'yaml-parse',
        file: 'cm.yaml',
        line: 7,
        message: expect.stringMatching(/^control character U\+0000 \(a NUL byte\) at column 7: YAML does not allow it/),
      }),
    );
  });

  it.each([
    ['U+0007 (bell)', '\u0007', 'U+0007'],
    ['U+007F (delete)', '\u007f', 'U+007F'],
    ['U+0085 is allowed (next line)', '\u0085', undefined],
    ['a tab is allowed', '\t', undefined],
  ])('%s', (_name, character, code) => {
    const { findings } = parseRendered({ yaml: configMap('web', `a: "x${character}y"`), file: 'x.yaml' });
    const found = findings.filter((finding) => finding.message.startsWith('control character'));
    expect(found.map((finding) => finding.message.split(' ')[2])).toEqual(code ? [code] : []);
  });

  it('in a kustomization tree fails the build, as kustomize v5.8.1 itself refuses it', async () => {
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'kustomization.yaml'), 'resources:\n  - cm.yaml\n');
    writeFileSync(join(dir, 'app', 'cm.yaml'), configMap('web', 'a: x\u0000y'));
    const { code, findings } = await validateJson(['app']);
    expect(code).toBe(1);
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: 'kustomize-build', message: expect.stringMatching(/control characters are not allowed/) }),
    );
  });
});

describe('a duplicate top-level key in a kustomization', () => {
  beforeEach(() => {
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'kustomization.yaml'), 'resources:\n  - reviewed.yaml\nresources:\n  - other.yaml\n');
    writeFileSync(join(dir, 'app', 'reviewed.yaml'), configMap('reviewed'));
    writeFileSync(join(dir, 'app', 'other.yaml'), configMap('other'));
  });

  it.skipIf(!pinned)('is read by kustomize v5.8.1 as its last occurrence, without a word (the premise)', async () => {
    const { yaml } = await renderKustomization(pinned!, join(dir, 'app'));
    expect(yaml).toContain('name: other');
    expect(yaml).not.toContain('name: reviewed');
  });

  it('is a yaml-parse error at the later key, naming the first', async () => {
    const { code, findings } = await validateJson(['app']);
    expect(code).toBe(1);
    expect(findings).toContainEqual({
      ...findings.find((finding) => finding.rule === 'yaml-parse'),
      rule: 'yaml-parse',
      file: 'app/kustomization.yaml',
      line: 3,
      message:
        'duplicate key resources: (first at line 1): kustomize reads only this last one and drops the first without a word, so the file renders something other than it seems to say',
    });
  });

  it('a kustomization with each key once has no such finding', async () => {
    writeFileSync(join(dir, 'app', 'kustomization.yaml'), 'resources:\n  - reviewed.yaml\n  - other.yaml\n');
    const { code, findings } = await validateJson(['app']);
    expect(findings.filter((finding) => finding.rule === 'yaml-parse')).toEqual([]);
    expect(code).toBe(0);
  });
});
