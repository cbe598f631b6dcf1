/**
 * The day-2 procedures of docs/day-2.md keep every secret off command lines. They cannot run against a real
 * Consul here (no Consul binary, no cluster): the test runs the doc's own shell blocks with
 * stand-ins for kubectl, curl and consul that record their arguments, and checks that no token or
 * key reaches an argument, that the keyring calls come in the right order with the right keys, and
 * that the Secret is written from a file.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';

const run = promisify(execFile);
const TOKEN = 'canary-token-6f1c2e0a-2b7d-4c1e-9a55-0d8e3b1f7c42';
const OLD_KEY = 'Y2FuYXJ5LW9sZC1nb3NzaXAta2V5LTMyLWJ5dGVzISE=';

/** The shell blocks of one section of docs/day-2.md, in order (up to the next section of the same level). */
async function shellBlocks(section: string): Promise<string[]> {
  const doc = await readFile(join(REPO_ROOT, 'docs/day-2.md'), 'utf8');
  const start = doc.indexOf(section);
  expect(start, `docs/day-2.md has no "${section}"`).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n## ', start + section.length);
  return [...doc.slice(start, end < 0 ? undefined : end).matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

let bin: string;
let log: string;
beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), 'consul-gitops-day2-'));
  log = join(bin, 'calls.log');
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const standIn = (name: string, body: string) =>
    writeFile(join(bin, name), `#!/usr/bin/env bash\nprintf '%s\\0' ${name} "$@" >> "${log}"; printf '\\n' >> "${log}"\n${body}\n`).then(
      () => chmod(join(bin, name), 0o755),
    );
  await standIn(
    'kubectl',
    `case "$*" in
  *"get secret consul-bootstrap-acl-token"*) printf '%s' '${b64(TOKEN)}' ;;
  *"get secret consul-gossip-encryption-key"*) printf '%s' '${b64(OLD_KEY)}' ;;
  *"get secret consul-ca-cert"*) printf '%s' '${b64('-----BEGIN CERTIFICATE-----\n')}' ;;
  *port-forward*) exec sleep 30 ;;
  *"create secret generic"*) all="$*"; file="\${all##*--from-file=key=}"; file="\${file%% *}"; printf 'data:\\n  key: %s\\n' "$(base64 -w0 < "$file")" ;;
  *apply*) cat > "${bin}/applied.yaml" ;;
esac`,
  );
  await standIn(
    'curl',
    `for arg; do case "$arg" in @*body.json) cat "\${arg#@}" >> "${bin}/bodies.log"; printf '\\n' >> "${bin}/bodies.log";; esac; done`,
  );
  await standIn('consul', `printf '%s %s\\n' "$CONSUL_HTTP_ADDR" "$(cat "$CONSUL_HTTP_TOKEN_FILE")" > "${bin}/consul-env"`);
});
afterAll(async () => rm(bin, { recursive: true, force: true }));

describe('docs/day-2.md day-2 operations', () => {
  it('has the operator-token and gossip-rotation procedures, and they parse as bash', async () => {
    const blocks = await shellBlocks('## Day-2 operations');
    expect(blocks).toHaveLength(2);
    for (const block of blocks) await run('bash', ['-n', '-c', block]);
  });

  it('rotates the gossip key with no token or key on any command line, in the keyring order', async () => {
    const script = (await shellBlocks('## Day-2 operations')).join('\n');
    await run('bash', ['-euo', 'pipefail', '-c', script], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, timeout: 60_000 });
    const calls = await readFile(log, 'utf8');
    const bodies = (await readFile(join(bin, 'bodies.log'), 'utf8')).trim().split('\n');
    const newKey = (JSON.parse(bodies[0]!) as { Key: string }).Key;
    expect(Buffer.from(newKey, 'base64')).toHaveLength(32);
    for (const secret of [TOKEN, OLD_KEY, newKey]) expect(calls).not.toContain(secret);
    const methods = calls
      .split('\n')
      .filter((line) => line.startsWith('curl\0'))
      .map((line) => line.split('\0')[line.split('\0').indexOf('-X') + 1]);
    expect(methods).toEqual(['POST', 'PUT', 'DELETE']);
    expect(bodies.map((body) => (JSON.parse(body) as { Key: string }).Key)).toEqual([newKey, newKey, OLD_KEY]);
    expect(await readFile(join(bin, 'applied.yaml'), 'utf8')).toBe(`data:\n  key: ${Buffer.from(`${newKey}\n`).toString('base64')}\n`);
    expect(await readFile(join(bin, 'consul-env'), 'utf8')).toBe(`https://localhost:8501 ${TOKEN}\n`);
  });
});
