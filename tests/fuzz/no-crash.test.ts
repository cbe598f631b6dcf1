/**
 * Fuzz: property tests (fast-check) that hostile or unlucky input never crashes the tools, never
 * leaks a secret and never changes a file outside the tree a command was pointed at.
 *
 * - parseSpec on mutated environments.yaml texts: a spec or a SpecError, never another exception.
 * - generate on a mutated valid spec, in a temp copy: exit 0 or 1, nothing changed outside that copy,
 *   and after exit 0 `generate --check` exits 0.
 * - `validate -f FILE` through main() on mutated renders with a secret canary planted in env values,
 *   args, annotations and ConfigMap data/binaryData, and a key whose base64 reads as `NAME=` after every flag the
 *   pinned flag tables say takes a key or token (in args, and in a ConfigMap script).
 * - `validate` and `gate` through main() on a mutated prod overlay in a temp copy (real kustomize).
 *
 * Through main(), every run must exit 0, 1 or 2, with no "internal error", no stack trace and no
 * canary in stdout or stderr; the gate also prints nothing on stdout unless it exits 0.
 *
 * The seed is random on every run; a failure prints it with the counterexample's path. Replay with
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run tests/fuzz/no-crash.test.ts`. Each run is bounded
 * by RUN_TIMEOUT_MS (a hang is a failure with the seed); there are no speed assertions here.
 * Everything is written under one consul-gitops-fuzz-* folder, removed at the end.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../tools/src/cli/main.js';
import type { CommandIo } from '../../tools/src/cli/io.js';
import { SpecError } from '../../tools/src/model/errors.js';
import { CREDENTIAL_FLAGS as FLAG_TABLE } from '../../tools/src/model/generated-credential-flags.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { parseSpec } from '../../tools/src/environments/load.js';
import { REPO_ROOT } from '../helpers/repo.js';

/** Runs per property: bounded so the whole file takes well under 2 minutes on a quiet 2-core machine. */
const BASE_RUNS = { spec: 300, generate: 12, validateFiles: 120, validateOverlay: 20, gate: 8 } as const;
/** FUZZ_SCALE=10 multiplies every count, for a longer hunt outside the suite. */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE) || 1);
const RUNS = Object.fromEntries(Object.entries(BASE_RUNS).map(([name, runs]) => [name, runs * SCALE])) as Record<
  keyof typeof BASE_RUNS,
  number
>;
/** A hang guard per run, not a speed target. */
const RUN_TIMEOUT_MS = 15_000;
/** Per property: vitest's default hang guard, times the scale. */
const TEST_TIMEOUT_MS = 180_000 * SCALE;
const TEMP_PREFIX = 'consul-gitops-fuzz-';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const PATH = process.env.FUZZ_PATH;
/**
 * A property stops 20 s before vitest's hang guard and fails with its seed and path (markInterruptAsFailure), so that a
 * run that is slow, or a shrink of one, is reported with what replays it, never as a bare test timeout.
 */
const INTERRUPT_AFTER_MS = TEST_TIMEOUT_MS - 20_000;
function settings<T>(numRuns: number): fc.Parameters<T> {
  return {
    numRuns,
    interruptAfterTimeLimit: INTERRUPT_AFTER_MS,
    markInterruptAsFailure: true,
    ...(SEED !== undefined ? { seed: SEED } : {}),
    ...(PATH ? { path: PATH } : {}),
  };
}

type Json = unknown;
type Key = string | number;

/** A run that takes longer than RUN_TIMEOUT_MS is a failure (fast-check then prints seed and path). */
async function bounded<T>(label: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no result within ${RUN_TIMEOUT_MS} ms (a hang)`)), RUN_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Outcome {
  code: number;
  out: string;
  err: string;
}

async function run(argv: string[], cwd: string): Promise<Outcome> {
  let out = '';
  let err = '';
  const io: CommandIo = {
    cwd,
    env: {},
    isTty: false,
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    writeFile: (path, text) => writeFile(path, text),
    readStdin: () => Promise.resolve(''),
  };
  const code = await bounded(`consul-gitops ${argv.join(' ')}`, main(argv, io));
  return { code, out, err };
}

const REPORT_FORMATS = fc.constantFrom('text', 'json', 'junit', 'sarif', 'github');

/** A V8 stack frame (`    at fn (/path/file.js:12:3)`, `    at node:internal/...:1:2`), not a finding's `at file.yaml:3`. */
const STACK_FRAME = /\n\s+at (?:[^\n(]+ \()?(?:file:\/\/|node:|\/)[^\s()]+:\d+:\d+\)?/;

/** The conditions every run through main() must meet. */
function expectCleanExit(outcome: Outcome, canary?: string): void {
  const all = `${outcome.out}\n${outcome.err}`;
  expect([0, 1, 2], all.slice(0, 2000)).toContain(outcome.code);
  expect(all).not.toMatch(/internal error/i);
  expect(all).not.toMatch(STACK_FRAME);
  if (canary) expect(all.includes(canary), 'the secret canary reached stdout or stderr').toBe(false);
  if (outcome.code === 2) expect(outcome.err).toMatch(/^consul-gitops: /m);
}

// ---------------------------------------------------------------- mutations

function paths(value: Json, prefix: Key[] = []): Key[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))];
  return [prefix];
}

function parentOf(root: Json, path: Key[]): { parent: Record<Key, Json>; key: Key } | undefined {
  if (path.length === 0) return undefined;
  let parent: Json = root;
  for (const key of path.slice(0, -1)) parent = (parent as Record<Key, Json>)[key];
  return { parent: parent as Record<Key, Json>, key: path[path.length - 1] as Key };
}

/** Values a structural mutation puts somewhere: wrong types, huge and non-finite numbers, long and odd strings. */
const HOSTILE_VALUES: Json[] = [
  null,
  0,
  -1,
  3.5,
  'x',
  '',
  true,
  [],
  {},
  '8500',
  99999999999,
  4294967297,
  1e38,
  6e23,
  -1e308,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  'kube-system',
  'a\nb',
  '*',
  '../../etc/passwd',
  'x'.repeat(100_000),
  '\u0000\uFFFE\uD800',
  { a: { b: { c: [1, [2, [3]]] } } },
];

/** Raw YAML put where a scalar was: aliases, tags and spellings that only exist as text. */
const HOSTILE_TOKENS = [
  '.inf',
  '-.inf',
  '.nan',
  '.NaN',
  '1e400',
  '-1e400',
  '4294967297',
  '0x7fffffffffffffffffff',
  '0o777',
  '1_000',
  '*missing',
  '&a x',
  '!!binary aGVsbG8=',
  '!!str',
  '!custom 1',
  '~',
  '[]',
  '{}',
  '"\\u0000"',
  "'kube-system'",
  '|\n  line',
  '>-',
  '? complex',
  '"unterminated',
  '!!set {a, b}',
  '!!omap [a: 1, a: 2]',
  '!!timestamp 2001-12-14',
  '!!float x',
  '!!int 1.5',
  '!!map []',
  '{<<: {a: 1}, b: 2}',
  '[*x, &x y]',
  '2001-12-14t21:59:43.10-05:00',
  '0.',
  '-0',
  '1e-400',
  '123456789012345678901234567890',
  '"\\uD800"',
  '!<tag:yaml.org,2002:str> x',
];

/** Flow-style nesting `depth` levels deep, and the same in block style (indentation grows, so fewer levels). */
const deepFlow = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const deepBlock = (depth: number): string => Array.from({ length: depth }, (_, level) => `${' '.repeat(level * 2)}k:`).join('\n');

/** A billion-laughs alias bomb under `key`. */
function aliasBomb(key: string, levels: number): string {
  const lines = [`${key}:`, `  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let level = 1; level <= levels; level++)
    lines.push(`  l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

interface Mutation {
  kind: number;
  a: number;
  b: number;
  size: number;
  bytes: Uint8Array;
}

const mutationArb = (kinds: number): fc.Arbitrary<Mutation> =>
  fc.record({
    kind: fc.nat({ max: kinds - 1 }),
    a: fc.nat(),
    b: fc.nat(),
    size: fc.integer({ min: 1, max: 5000 }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  });

/** Kinds of text mutation below; 0..3 change the parsed documents, the rest the text. */
const KINDS = 15;

const mutationsArb = (kinds: number): fc.Arbitrary<Mutation[]> => fc.array(mutationArb(kinds), { minLength: 1, maxLength: 3 });

/** Its documents as plain data, or undefined when the text no longer reads as YAML. */
function documentsOf(text: string): Json[] | undefined {
  try {
    const documents = parseAllDocuments(text);
    if (!Array.isArray(documents) || documents.some((document) => document.errors.length > 0)) return undefined;
    const values = documents.map((document) => document.toJS({ maxAliasCount: 1000 }) as Json);
    return values.length > 0 ? values : undefined;
  } catch {
    return undefined;
  }
}

/** Mutations applied in turn, each to the result of the one before. */
function mutateAll(text: string, documents: Json[], mutations: readonly Mutation[]): string {
  let current = text;
  mutations.forEach((m, index) => {
    current = mutate(current, index === 0 ? documents : (documentsOf(current) ?? documents), m);
  });
  return current;
}

/** One mutation of a YAML text (one or more documents), placed by the mutation's integers. */
function mutate(text: string, documents: Json[], m: Mutation): string {
  const at = text.length === 0 ? 0 : m.b % text.length;
  const lineStarts = [...text.matchAll(/^( *)([\w./-]+): (\S.*)$/gm)];
  switch (m.kind) {
    case 0:
    case 1:
    case 2:
    case 3: {
      try {
        const docs = structuredClone(documents);
        const doc = docs[m.a % docs.length];
        const all = paths(doc);
        const target = parentOf(doc, all[m.b % all.length] ?? []);
        if (m.kind === 0 && target && Array.isArray(target.parent)) target.parent.splice(Number(target.key), 1);
        else if (m.kind === 0 && target) delete target.parent[target.key];
        if (m.kind === 1 && target) target.parent[target.key] = HOSTILE_VALUES[(m.a + m.size) % HOSTILE_VALUES.length];
        if (m.kind === 2) docs.push(structuredClone(doc));
        if (m.kind === 3) docs.splice(m.a % docs.length, 1);
        return docs.map((item) => stringify(item, { aliasDuplicateObjects: false })).join('---\n');
      } catch (error) {
        // a document thousands of levels deep (an earlier mutation) overflows this test's own recursion
        if (error instanceof RangeError) return text;
        throw error;
      }
    }
    case 4: // truncate
      return text.slice(0, at);
    case 5: // a tab where indentation was
      return `${text.slice(0, at)}\t${text.slice(at)}`;
    case 6: // invalid UTF-8, decoded as a reader would
      return Buffer.concat([
        Buffer.from(text.slice(0, at)),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
        Buffer.from(text.slice(at)),
      ]).toString('utf8');
    case 7: // random bytes, decoded as text
      return `${text.slice(0, at)}${Buffer.from(m.bytes).toString('utf8')}${text.slice(at)}`;
    case 8: {
      // a raw hostile token in place of a scalar
      const line = lineStarts[m.a % Math.max(1, lineStarts.length)];
      if (!line || line.index === undefined) return text;
      const token = HOSTILE_TOKENS[m.size % HOSTILE_TOKENS.length] as string;
      return `${text.slice(0, line.index)}${line[1]}${line[2]}: ${token}${text.slice(line.index + line[0].length)}`;
    }
    case 9: {
      // an anchor on one value and aliases of it elsewhere
      const [first, second] = [lineStarts[m.a % Math.max(1, lineStarts.length)], lineStarts[m.b % Math.max(1, lineStarts.length)]];
      if (!first || !second || first.index === undefined || second.index === undefined || first.index === second.index) return text;
      const [early, late] = first.index < second.index ? [first, second] : [second, first];
      const lateIndex = late.index;
      const earlyIndex = early.index;
      const withAlias = `${text.slice(0, lateIndex)}${late[1]}${late[2]}: *fz${text.slice(lateIndex + late[0].length)}`;
      return `${withAlias.slice(0, earlyIndex)}${early[1]}${early[2]}: &fz ${early[3]}${withAlias.slice(earlyIndex + early[0].length)}`;
    }
    case 10: // an alias bomb appended
      return `${text}\n${aliasBomb('fuzzBomb', 3 + (m.size % 7))}`;
    case 11: {
      // deep flow nesting, up to a few thousand levels, in place of a scalar
      const line = lineStarts[m.a % Math.max(1, lineStarts.length)];
      if (!line || line.index === undefined) return text;
      return `${text.slice(0, line.index)}${line[1]}${line[2]}: ${deepFlow(m.size)}${text.slice(line.index + line[0].length)}`;
    }
    case 12: // deep block nesting appended
      return `${text}\nfuzzDeep:\n${deepBlock(1 + (m.size % 1500)).replace(/^/gm, '  ')} 1\n`;
    case 13: {
      // a very long value
      const line = lineStarts[m.a % Math.max(1, lineStarts.length)];
      if (!line || line.index === undefined) return text;
      return `${text.slice(0, line.index)}${line[1]}${line[2]}: ${'z'.repeat(m.size * 200)}${text.slice(line.index + line[0].length)}`;
    }
    default: // a duplicated key
      return text.replace(/\n( +)(\w+): /, '\n$1$2: dup\n$1$2: ');
  }
}

// ---------------------------------------------------------------- the secret canary

/**
 * A secret no fixture holds, in one of Consul's shapes: a 32-byte gossip key (base64 with upper case, lower case and digits), an
 * ACL token (a UUID), or a gossip key whose base64 has no `+` or `/` and reads as `NAME=` (about 21% of keys: found by position).
 */
interface Canary {
  value: string;
  /** How the key or variable holding it is named. */
  word: 'gossip-key' | 'token' | 'plain-key';
}

/** Every flag the pinned flag tables say takes a key or token, with the command words it needs before it (`keyring`). */
const CREDENTIAL_FLAGS = [...FLAG_TABLE.entries()].map(([name, flag]) => ({ name, after: [...flag.after] }));

const canaryArb: fc.Arbitrary<Canary> = fc.oneof(
  fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .map((bytes) => Buffer.from(bytes).toString('base64'))
    .filter((text) => !/[+/]/.test(text) && /^[A-Za-z]/.test(text))
    .map((value): Canary => ({ value, word: 'plain-key' })),
  fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .map((bytes) => Buffer.from(bytes).toString('base64'))
    .filter((text) => /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text))
    .map((value): Canary => ({ value, word: 'gossip-key' })),
  fc.uuid().map((value): Canary => ({ value, word: 'token' })),
);

function isObject(value: Json): value is Record<string, Json> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/** Plant the canary in one place of the rendered documents: env value, args, annotation, ConfigMap data or binaryData. */
function plant(documents: Json[], { value: canary, word }: Canary, place: number, which: number): Json[] {
  const docs = [...documents] as Record<string, Json>[];
  const indexes = (keep: (doc: Record<string, Json>) => boolean): number[] =>
    docs.flatMap((doc, index) => (isObject(doc) && keep(doc) ? [index] : []));
  const workloadAt = indexes((doc) => ['StatefulSet', 'DaemonSet', 'Deployment'].includes(doc.kind as string));
  const configMapAt = indexes((doc) => doc.kind === 'ConfigMap');
  /** The document at `index`, copied before it is changed: the others stay the objects passed in (stringified once). */
  const own = (index: number): Record<string, Json> => (docs[index] = structuredClone(docs[index]) as Record<string, Json>);
  const containerOf = (doc: Record<string, Json>): Record<string, Json> =>
    ((doc.spec as any).template.spec.containers as Record<string, Json>[])[0] as Record<string, Json>;
  const flag = CREDENTIAL_FLAGS[which % CREDENTIAL_FLAGS.length] ?? { name: 'encrypt', after: [] };
  // A key found only by its position goes after a flag that takes one; the other places find it by its shape.
  switch (word === 'plain-key' ? 5 + (place % 2) : place % 7) {
    case 0: {
      const container = containerOf(own(workloadAt[which % workloadAt.length] as number));
      container.env = [
        ...((container.env as Json[] | undefined) ?? []),
        { name: word === 'token' ? 'CONSUL_HTTP_TOKEN' : 'CONSUL_GOSSIP_KEY', value: canary },
      ];
      break;
    }
    case 1: {
      const container = containerOf(own(workloadAt[which % workloadAt.length] as number));
      container.args = [...((container.args as Json[] | undefined) ?? []), word === 'token' ? `-token=${canary}` : `-encrypt=${canary}`];
      break;
    }
    case 2: {
      const doc = own(which % docs.length);
      const metadata = (doc.metadata ?? {}) as Record<string, Json>;
      metadata.annotations = { ...(metadata.annotations ?? {}), [`example.com/${word}`]: canary };
      doc.metadata = metadata;
      break;
    }
    case 3: {
      const configMap = own(configMapAt[which % configMapAt.length] as number);
      configMap.data = {
        ...(configMap.data ?? {}),
        'extra.hcl': word === 'token' ? `acl {\n  tokens {\n    default = "${canary}"\n  }\n}\n` : `encrypt = "${canary}"\n`,
      };
      break;
    }
    case 5: {
      const container = containerOf(own(workloadAt[which % workloadAt.length] as number));
      container.args = [...((container.args as Json[] | undefined) ?? []), ...flag.after, `-${flag.name}`, canary];
      break;
    }
    case 6: {
      const configMap = own(configMapAt[which % configMapAt.length] as number);
      const script = `#!/bin/sh\nset -e\nconsul ${[...flag.after, `-${flag.name}=${canary}`].join(' ')}\n`;
      configMap.data = { ...(configMap.data ?? {}), 'rotate.sh': script };
      break;
    }
    default: {
      const configMap = own(configMapAt[which % configMapAt.length] as number);
      configMap.binaryData = { ...(configMap.binaryData ?? {}), [`${word}`]: canary };
    }
  }
  return docs;
}

// ---------------------------------------------------------------- temp folders and the repository's fingerprint

let fuzzRoot = '';
let template = '';
let renderedProd = '';
let prodDocuments: Json[] = [];
/** stringify of each of prodDocuments. */
let prodTexts: string[] = [];
let specText = '';
let specDocument: Record<string, Json> = {};
let repoFingerprint = '';
let runCounter = 0;

async function fingerprint(root: string, entries: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  async function walk(path: string): Promise<void> {
    let children: string[] | undefined;
    try {
      children = (await readdir(path)).sort();
    } catch {
      children = undefined;
    }
    if (children === undefined) {
      hash.update(`${relative(root, path)}\0`);
      hash.update(await readFile(path).catch(() => Buffer.from('(missing)')));
      return;
    }
    for (const child of children) await walk(join(path, child));
  }
  for (const entry of entries) await walk(join(root, entry));
  return hash.digest('hex');
}

const REPO_ENTRIES = ['environments.yaml', 'base', 'overlays', 'argocd'] as const;

/** A fresh copy of the repository's tree for one run (kept inside fuzzRoot). */
async function freshCopy(): Promise<string> {
  const dir = join(fuzzRoot, `run-${++runCounter}`);
  await cp(template, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  fuzzRoot = await mkdtemp(join(tmpdir(), TEMP_PREFIX));
  template = join(fuzzRoot, 'template');
  await mkdir(template);
  for (const entry of [...REPO_ENTRIES, 'environments.schema.json'])
    await cp(join(REPO_ROOT, entry), join(template, entry), { recursive: true });
  await writeFile(join(fuzzRoot, 'outside.txt'), 'a file outside every run copy\n');
  const kustomize = await resolveKustomize({ env: {} });
  renderedProd = (await renderKustomization(kustomize, join(REPO_ROOT, 'overlays/prod'))).yaml;
  prodDocuments = parseAllDocuments(renderedProd).map((document) => document.toJS() as Json);
  prodTexts = prodDocuments.map((item) => stringify(item));
  specText = await readFile(join(REPO_ROOT, 'environments.yaml'), 'utf8');
  specDocument = parse(specText) as Record<string, Json>;
  repoFingerprint = await fingerprint(REPO_ROOT, REPO_ENTRIES);
});

afterAll(async () => {
  if (!fuzzRoot) return;
  await rm(fuzzRoot, { recursive: true, force: true });
  const left = (await readdir(tmpdir())).filter((name) => name === basename(fuzzRoot));
  expect(left, 'the fuzz test left its temp folder behind').toEqual([]);
});

// ---------------------------------------------------------------- properties

// A named exception to the suite's 30 s per test: each property runs the parser or the CLI (some with real kustomize)
// on up to 300 generated inputs, 5-20 s on a 2-core CI machine; 120 s stays a hang guard on a loaded one.
describe('fuzz: no crash, no leak, nothing changed outside the tree', { timeout: 120_000 }, () => {
  it(
    `parseSpec on ${RUNS.spec} mutated environments.yaml texts returns a spec or throws SpecError`,
    async () => {
      await fc.assert(
        fc.asyncProperty(mutationsArb(KINDS), async (m) => {
          await new Promise((resolve) => setImmediate(resolve)); // let vitest's worker talk to its host between synchronous runs
          const text = mutateAll(specText, [specDocument], m);
          try {
            const spec = parseSpec(text);
            expect(spec.environments.length).toBeGreaterThan(0);
          } catch (error) {
            if (!(error instanceof SpecError))
              throw new Error(
                `parseSpec threw ${(error as Error)?.name ?? typeof error}, not SpecError: ${(error as Error)?.message ?? String(error)}`,
                { cause: error },
              );
            expect(error.problems.length).toBeGreaterThan(0);
            for (const problem of error.problems) expect(problem.message.length).toBeGreaterThan(0);
          }
        }),
        settings(RUNS.spec),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `generate on ${RUNS.generate} mutated valid specs changes only its own tree, and --check then passes`,
    async () => {
      const envName = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
      const common = {
        storageClass: fc.constantFrom('standard', 'ssd-regional', 'premium-ssd', 'fast.io'),
        zones: fc.subarray(['zone-a', 'zone-b', 'zone-c'], { minLength: 1 }),
      };
      // mostly environments the spec accepts (so generate writes), sometimes any combination (exit 1)
      const environmentArb = fc.oneof(
        {
          weight: 2,
          arbitrary: fc.record({ tier: fc.constant('development'), servers: fc.constantFrom(1, 3, 5), security: fc.boolean(), ...common }),
        },
        {
          weight: 3,
          arbitrary: fc.record({
            tier: fc.constantFrom('staging', 'production'),
            servers: fc.constantFrom(3, 5, 7),
            security: fc.constant(true),
            ...common,
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            tier: fc.constantFrom('development', 'staging', 'production'),
            servers: fc.integer({ min: 0, max: 8 }),
            security: fc.boolean(),
            ...common,
          }),
        },
      );
      const specArb = fc.dictionary(envName, environmentArb, { minKeys: 1, maxKeys: 4 });
      await fc.assert(
        fc.asyncProperty(specArb, async (environments) => {
          const spec = structuredClone(specDocument);
          spec.environments = Object.fromEntries(
            Object.entries(environments).map(([name, env]) => [
              name,
              {
                tier: env.tier,
                namespace: `consul-${name}`,
                servers: env.servers,
                storage: { class: env.storageClass, size: '10Gi' },
                zones: env.zones,
                minNodes: env.servers,
                security: { tls: env.security, acls: env.security, gossip: env.security },
              },
            ]),
          );
          const dir = await freshCopy();
          await writeFile(join(dir, 'environments.yaml'), stringify(spec));
          const outside = await readFile(join(fuzzRoot, 'outside.txt'), 'utf8');
          const written = await run(['generate'], dir);
          expectCleanExit(written);
          expect([0, 1], written.err).toContain(written.code);
          if (written.code === 0) {
            const checked = await run(['generate', '--check'], dir);
            expectCleanExit(checked);
            expect(checked.code, checked.out + checked.err).toBe(0);
          }
          expect(await readFile(join(fuzzRoot, 'outside.txt'), 'utf8')).toBe(outside);
          expect(await fingerprint(REPO_ROOT, REPO_ENTRIES), 'generate changed the repository outside its temp copy').toBe(repoFingerprint);
          await rm(dir, { recursive: true, force: true });
        }),
        settings(RUNS.generate),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `validate -f on ${RUNS.validateFiles} mutated renders with a planted secret: no internal error, no stack trace, no canary`,
    async () => {
      const dir = join(fuzzRoot, 'validate-files');
      await mkdir(dir, { recursive: true });
      const file = join(dir, 'rendered.yaml');
      await fc.assert(
        fc.asyncProperty(
          canaryArb,
          fc.nat(),
          fc.nat(),
          fc.option(mutationsArb(KINDS), { freq: 4 }),
          REPORT_FORMATS,
          async (canary, place, which, m, format) => {
            const planted = plant(prodDocuments, canary, place, which);
            // the documents plant left as they were are the rendered ones, whose texts are made once
            const text = planted.map((item, index) => (item === prodDocuments[index] ? prodTexts[index] : stringify(item))).join('---\n');
            await writeFile(file, m ? mutateAll(text, planted, m) : text);
            const outcome = await run(['validate', '-f', file, '--format', format], dir);
            expectCleanExit(outcome, canary.value);
            if (!m) expect(outcome.code, 'a planted secret must be a finding').toBe(1);
          },
        ),
        settings(RUNS.validateFiles),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `validate on ${RUNS.validateOverlay} mutated prod kustomizations (real kustomize): no internal error, no stack trace`,
    async () => {
      const dir = await freshCopy();
      const file = join(dir, 'overlays/prod/kustomization.yaml');
      const original = await readFile(file, 'utf8');
      const document = [parse(original) as Json];
      await fc.assert(
        fc.asyncProperty(mutationsArb(KINDS), REPORT_FORMATS, async (m, format) => {
          await writeFile(file, mutateAll(original, document, m));
          expectCleanExit(await run(['validate', 'overlays/prod', '--format', format], dir));
        }),
        settings(RUNS.validateOverlay),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `gate on ${RUNS.gate} mutated prod overlays with a planted secret: stdout empty unless exit 0, no canary anywhere`,
    async () => {
      const dir = await freshCopy();
      const targets = ['kustomization.yaml', 'server-config.yaml'].map((name) => join(dir, 'overlays/prod', name));
      const originals = await Promise.all(targets.map((file) => readFile(file, 'utf8')));
      /** The canary as an annotation on every object (kustomization), or as HCL in the server ConfigMap's data (a patch). */
      const planted = (index: number, text: string, { value, word }: Canary): string =>
        index === 0
          ? `${text}\ncommonAnnotations:\n  example.com/${word}: ${value}\n`
          : `${text}  99-fuzz.hcl: |\n    ${word === 'token' ? `acl { tokens { default = "${value}" } }` : `encrypt = "${value}"`}\n`;
      await fc.assert(
        fc.asyncProperty(canaryArb, fc.nat({ max: 1 }), fc.option(mutationsArb(KINDS), { freq: 2 }), async (canary, index, m) => {
          await Promise.all(targets.map((file, at) => writeFile(file, originals[at] as string)));
          const original = originals[index] as string;
          const text = m ? mutateAll(original, [parse(original) as Json], m) : original;
          await writeFile(targets[index] as string, planted(index, text, canary));
          const outcome = await run(['gate', 'overlays/prod'], dir);
          expectCleanExit({ ...outcome, out: '' }, canary.value);
          if (outcome.code !== 0) expect(outcome.out, 'the gate printed manifests with a non-zero exit').toBe('');
          expect(outcome.out.includes(canary.value), 'the gate passed a plaintext secret to Argo CD').toBe(false);
          if (!m) expect(outcome.code, `a planted secret must stop the gate: ${outcome.err.slice(0, 500)}`).toBe(1);
        }),
        settings(RUNS.gate),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
