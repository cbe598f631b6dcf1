/**
 * The day-2 procedures of docs/day-2.md keep every secret off command lines. They cannot run against a real
 * Consul here (no Consul binary, no cluster): the test runs the doc's own shell blocks with
 * stand-ins for kubectl, curl and consul that record their arguments, and checks that no token or
 * key reaches an argument, that the keyring calls come in the right order with the right keys, and
 * that the Secret is written from a file. The Jobs of day2/gossip-key-rotation are checked the same way: their
 * script runs with recording stand-ins, and no Secret reaches a container but by secretKeyRef or a volume.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../helpers/repo.js';

const run = promisify(execFile);
const TOKEN = 'canary-token-6f1c2e0a-2b7d-4c1e-9a55-0d8e3b1f7c42';
const OLD_KEY = 'Y2FuYXJ5LW9sZC1nb3NzaXAta2V5LTMyLWJ5dGVzISE=';
type Json = Record<string, any>;
const ROTATION = 'day2/gossip-key-rotation';
const NEW_KEY = 'Y2FuYXJ5LW5ldy1nb3NzaXAta2V5LTMyLWJ5dGVzISE=';
const SA_TOKEN = 'canary-sa-token-eyJhbGciOi';
/**
 * A stand-in's record of its call: its name and arguments joined by the unit separator, written to LOG as one line in one
 * write. (A printf per piece let a background stand-in's line interleave with a foreground one's.)
 */
const RECORD = `line=$(printf '%s\\x1f' NAME "$@"); printf '%s\\n' "$line" >> "LOG"`;

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
    writeFile(join(bin, name), `#!/usr/bin/env bash\n${RECORD.replace('NAME', name).replace('LOG', log)}\n${body}\n`).then(() =>
      chmod(join(bin, name), 0o755),
    );
  await standIn(
    'kubectl',
    `case "$*" in
  *" -k "*) ;;
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
  it('has the operator-token, gossip-rotation Job and laptop fallback procedures, and they parse as bash', async () => {
    const blocks = await shellBlocks('## Day-2 operations');
    expect(blocks).toHaveLength(3);
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
      .filter((line) => line.startsWith('curl\x1f'))
      .map((line) => line.split('\x1f')[line.split('\x1f').indexOf('-X') + 1]);
    expect(methods).toEqual(['POST', 'PUT', 'DELETE']);
    expect(bodies.map((body) => (JSON.parse(body) as { Key: string }).Key)).toEqual([newKey, newKey, OLD_KEY]);
    expect(await readFile(join(bin, 'applied.yaml'), 'utf8')).toBe(`data:\n  key: ${Buffer.from(`${newKey}\n`).toString('base64')}\n`);
    expect(await readFile(join(bin, 'consul-env'), 'utf8')).toBe(`https://localhost:8501 ${TOKEN}\n`);
    // the Job procedure: apply the folder to the namespace, wait for both Jobs, then remove them
    const kubectl = calls
      .split('\n')
      .filter((line) => line.startsWith('kubectl\x1f'))
      .map((line) => line.split('\x1f').slice(1, -1).join(' '));
    // port-forward runs in the background and is killed at the end: its line lands anywhere after the first two reads, or
    // not at all when the kill comes first. Take it out before the order check.
    const forwards = kubectl.filter((call) => call.includes('port-forward'));
    expect(forwards.length).toBeLessThanOrEqual(1);
    for (const call of forwards) expect(call).toBe('-n consul-prod port-forward svc/consul-ui 8501:443');
    expect(kubectl.filter((call) => !call.includes('port-forward')).slice(2, 6)).toEqual([
      `apply -n consul-prod -k ${ROTATION}`,
      '-n consul-prod wait --for=condition=complete --timeout=15m job/consul-gossip-key-next job/consul-gossip-key-rotate',
      '-n consul-prod logs job/consul-gossip-key-rotate',
      `delete -n consul-prod -k ${ROTATION}`,
    ]);
  });
});

/** The containers of a render's pod templates, named Kind/name/container. */
function containers(objects: Json[]): [string, Json][] {
  return objects.flatMap((object) =>
    ((object.spec?.template?.spec?.containers ?? []) as Json[]).map((container): [string, Json] => [
      `${object.kind}/${object.metadata.name}/${container.name}`,
      container,
    ]),
  );
}

/**
 * Where a container could put a secret on a command line: a literal gossip key or UUID token in command/args,
 * a `$(VAR)` expansion in command/args of an env var that holds a Secret, or an env var holding a key or token (a *_FILE var names a path)
 * by `value` rather than by secretKeyRef.
 */
function secretsOnCommandLine(objects: Json[]): string[] {
  const literal = /[A-Za-z0-9+/]{43}=|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  return containers(objects).flatMap(([where, container]) => {
    const env = (container.env ?? []) as Json[];
    const secretVars = env.filter((entry) => entry.valueFrom?.secretKeyRef).map((entry) => entry.name as string);
    const line = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
    return [
      ...(literal.test(line) ? [`${where}: a key or token literal in command/args`] : []),
      ...secretVars.filter((name) => line.includes(`$(${name})`)).map((name) => `${where}: $(${name}) expands a Secret into command/args`),
      ...env
        .filter(
          (entry) =>
            typeof entry.value === 'string' && ((/KEY|TOKEN/.test(entry.name) && !/_FILE$/.test(entry.name)) || literal.test(entry.value)),
        )
        .map((entry) => `${where}: env ${entry.name} has a value, not a secretKeyRef`),
    ];
  });
}

describe(`${ROTATION}: the gossip key rotation as one-shot Jobs`, () => {
  let objects: Json[];
  const byName = (kind: string, name: string): Json => {
    const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
    if (!found) throw new Error(`${kind}/${name} not in the render`);
    return found;
  };
  const base = async (file: string, kind: string): Promise<Json> =>
    parseAllDocuments(await readFile(join(REPO_ROOT, 'base', file), 'utf8'))
      .map((document) => document.toJS() as Json)
      .find((object) => object.kind === kind)!;

  beforeAll(async () => {
    // the files the kustomization lists (tests/datacenter/reapply.test.ts renders it with kustomize and applies it)
    const folder = join(REPO_ROOT, ROTATION);
    const kustomization = parse(await readFile(join(folder, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    const texts = await Promise.all(kustomization.resources.map((file) => readFile(join(folder, file), 'utf8')));
    objects = texts.flatMap((text) => parseAllDocuments(text).map((document) => document.toJS() as Json));
  });

  it('step 1 makes the -next Secret with the base bootstrap image and security, step 2 follows it', async () => {
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual(
      ['consul-gossip-key-next', 'consul-gossip-key-rotate']
        .flatMap((name) => ['Job', 'Role', 'RoleBinding', 'ServiceAccount'].map((kind) => `${kind}/${name}`))
        .sort(),
    );
    const next = byName('Job', 'consul-gossip-key-next');
    const rotate = byName('Job', 'consul-gossip-key-rotate');
    expect(next.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(rotate.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
    expect(next.spec.template.spec.containers[0].args).toContain('-secret-name=consul-gossip-encryption-key-next');
    const bootstrap = await base('bootstrap-gossip-encryption.yaml', 'Job');
    const [bootContainer, nextContainer] = [bootstrap, next].map((job) => job.spec.template.spec.containers[0]);
    expect(nextContainer.image).toBe(bootContainer.image);
    expect(nextContainer.securityContext).toEqual(bootContainer.securityContext);
    expect(next.spec.template.spec.securityContext).toEqual(bootstrap.spec.template.spec.securityContext);
    expect(rotate.spec.template.spec.containers[0].image).toBe(
      (await base('autopilot-config.yaml', 'Job')).spec.template.spec.containers[0].image,
    );
    // step 2 cannot start before step 1 made its Secret: the reference is not optional
    const newKey = rotate.spec.template.spec.containers[0].env.find((entry: Json) => entry.name === 'NEW_KEY');
    expect(newKey.valueFrom.secretKeyRef).toEqual({ name: 'consul-gossip-encryption-key-next', key: 'key' });
  });

  it('grants each Job only what it does: create Secrets, and get/patch/delete by resourceNames', () => {
    expect(byName('Role', 'consul-gossip-key-next').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resourceNames: ['consul-gossip-encryption-key-next'], resources: ['secrets'], verbs: ['get'] },
    ]);
    expect(byName('Role', 'consul-gossip-key-rotate').rules).toEqual([
      { apiGroups: [''], resourceNames: ['consul-gossip-encryption-key'], resources: ['secrets'], verbs: ['get', 'patch'] },
      { apiGroups: [''], resourceNames: ['consul-gossip-encryption-key-next'], resources: ['secrets'], verbs: ['delete'] },
    ]);
    for (const name of ['consul-gossip-key-next', 'consul-gossip-key-rotate'])
      expect(byName('RoleBinding', name).subjects).toEqual([{ kind: 'ServiceAccount', name }]);
  });

  it('puts no secret on a command line: Secrets reach the containers only by secretKeyRef or a volume', () => {
    expect(secretsOnCommandLine(objects)).toEqual([]);
    const secretEnv = containers(objects)
      .flatMap(([, container]) => (container.env ?? []) as Json[])
      .filter((entry) => entry.valueFrom?.secretKeyRef);
    expect(secretEnv.map((entry) => entry.name).sort()).toEqual(['CONSUL_TOKEN', 'CURRENT_KEY', 'NEW_KEY']);
  });

  it('the same check holds for every workload and hook of base/', async () => {
    const dir = join(REPO_ROOT, 'base');
    const files = (await readdir(dir)).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
    const texts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
    const baseObjects = texts.flatMap((text) => parseAllDocuments(text).map((document) => document.toJS() as Json));
    expect(containers(baseObjects).length).toBeGreaterThan(5);
    expect(secretsOnCommandLine(baseObjects)).toEqual([]);
  });

  it.each([
    ['a key literal in args', (container: Json) => (container.args = ['-encrypt', NEW_KEY]), /a key or token literal in command\/args/],
    [
      'a token literal in the command',
      (container: Json) => container.command.push('6f1c2e0a-2b7d-4c1e-9a55-0d8e3b1f7c42'),
      /a key or token literal/,
    ],
    [
      'a Secret env var expanded into args',
      (container: Json) => (container.args = ['-encrypt=$(NEW_KEY)']),
      /\$\(NEW_KEY\) expands a Secret/,
    ],
    [
      'a key as an env value',
      (container: Json) => container.env.splice(3, 1, { name: 'NEW_KEY', value: NEW_KEY }),
      /env NEW_KEY has a value, not a secretKeyRef/,
    ],
    [
      'a key as the value of an env var of any name',
      (container: Json) => container.env.push({ name: 'EXTRA', value: NEW_KEY }),
      /env EXTRA has a value/,
    ],
  ])('a broken copy with %s fails the check, naming the container', (_name, breakIt, message) => {
    const broken = structuredClone(objects);
    breakIt(
      broken.find((object) => object.kind === 'Job' && object.metadata.name === 'consul-gossip-key-rotate')!.spec.template.spec
        .containers[0],
    );
    const findings = secretsOnCommandLine(broken);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/^Job\/consul-gossip-key-rotate\/gossip-key-rotate: /);
    expect(findings[0]).toMatch(message);
  });

  describe('the rotation script, run with stand-ins for curl that record every process started', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'consul-gitops-rotate-'));
    });
    afterAll(async () => rm(dir, { recursive: true, force: true }));

    /** Runs the Job's script with its Secrets in env; every external command is a wrapper that logs its argv. */
    async function rotate(current: string, keyring: string[]) {
      const run1 = await mkdtemp(join(dir, 'run-'));
      const [bin, work, sa] = [join(run1, 'bin'), join(run1, 'work'), join(run1, 'sa')] as const;
      for (const folder of [bin, work, sa]) await mkdir(folder);
      await writeFile(join(sa, 'token'), SA_TOKEN);
      const log = join(run1, 'calls.log');
      const record = RECORD.replace('NAME', '"${0##*/}"').replace('LOG', log);
      const listing = JSON.stringify(
        [true, false].map((wan) => ({
          WAN: wan,
          Datacenter: 'dc1',
          Keys: Object.fromEntries(keyring.map((key) => [key, 5])),
          NumNodes: 5,
        })),
      );
      await writeFile(
        join(bin, 'curl'),
        `#!/bin/bash\n${record}\nfor arg; do case "$arg" in @*.json) cat "\${arg#@}" >> "${run1}/bodies.log"; printf '\\n' >> "${run1}/bodies.log";; @*.header) cat "\${arg#@}" >> "${run1}/headers.log"; printf '\\n' >> "${run1}/headers.log";; esac; done\ncase "$*" in *" -X "*) ;; *) printf '%s' '${listing}' ;; esac\n`,
      );
      for (const tool of ['cat', 'grep', 'tr', 'sort'])
        await writeFile(
          join(bin, tool),
          `#!/bin/bash\n${record}\nexec ${(await run('bash', ['-c', `command -v ${tool}`])).stdout.trim()} "$@"\n`,
        );
      for (const tool of ['curl', 'cat', 'grep', 'tr', 'sort']) await chmod(join(bin, tool), 0o755);
      const job = byName('Job', 'consul-gossip-key-rotate');
      const script = job.spec.template.spec.containers[0].command[2] as string;
      const local = script
        .replace('w=/rotation\n', `w=${work}\n`)
        .replace('sa=/var/run/secrets/kubernetes.io/serviceaccount\n', `sa=${sa}\n`);
      expect(local.includes(`w=${work}`) && local.includes(`sa=${sa}`)).toBe(true);
      await run('/bin/sh', ['-c', local], {
        env: { PATH: bin, NAMESPACE: 'consul-prod', CONSUL_TOKEN: TOKEN, CURRENT_KEY: current, NEW_KEY },
        timeout: 30_000,
      });
      const calls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
      const curls = calls.filter((line) => line.startsWith('curl\x1f')).map((line) => line.split('\x1f'));
      const method = (argv: string[]) => (argv.includes('-X') ? argv[argv.indexOf('-X') + 1] : 'GET');
      return {
        calls: calls.join('\n'),
        requests: curls.map((argv) => `${method(argv)} ${argv.find((arg) => arg.startsWith('https://'))}`),
        bodies: (await readFile(join(run1, 'bodies.log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean),
        headers: await readFile(join(run1, 'headers.log'), 'utf8'),
      };
    }

    const keyringUrl = 'https://consul-server.consul-prod.svc:8501/v1/operator/keyring';
    const secrets = 'https://kubernetes.default.svc/api/v1/namespaces/consul-prod/secrets';

    it('installs, uses, swaps the Secret, removes the old key and the -next Secret, with no secret in any argv', async () => {
      const result = await rotate(OLD_KEY, [OLD_KEY, NEW_KEY]);
      for (const secret of [TOKEN, OLD_KEY, NEW_KEY, SA_TOKEN]) expect(result.calls).not.toContain(secret);
      expect(result.requests).toEqual([
        `POST ${keyringUrl}`,
        `PUT ${keyringUrl}`,
        `PATCH ${secrets}/consul-gossip-encryption-key`,
        `GET ${keyringUrl}`,
        `DELETE ${keyringUrl}`,
        `DELETE ${secrets}/consul-gossip-encryption-key-next`,
      ]);
      expect(result.bodies.map((body) => JSON.parse(body))).toEqual([
        { Key: NEW_KEY },
        { Key: NEW_KEY },
        { stringData: { key: NEW_KEY } },
        { Key: OLD_KEY },
      ]);
      expect(result.headers).toContain(`X-Consul-Token: ${TOKEN}`);
      expect(result.headers).toContain(`Authorization: Bearer ${SA_TOKEN}`);
    });

    it('re-run after the swap: the Secret is not patched again, and only keys other than the new one are removed', async () => {
      const result = await rotate(NEW_KEY, [NEW_KEY]);
      expect(result.requests).toEqual([
        `POST ${keyringUrl}`,
        `PUT ${keyringUrl}`,
        `GET ${keyringUrl}`,
        `DELETE ${secrets}/consul-gossip-encryption-key-next`,
      ]);
      expect(result.bodies.map((body) => JSON.parse(body))).toEqual([{ Key: NEW_KEY }, { Key: NEW_KEY }]);
    });
  });
});
