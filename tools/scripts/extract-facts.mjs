#!/usr/bin/env node
// Regenerate the versioned fact tables under tools/facts/ from upstream Go source:
//   tools/facts/consul-<version>/agent-config.json          (Consul agent configuration keys, CLI flags)
//   tools/facts/consul-k8s-<version>/control-plane.json     (consul-k8s-control-plane subcommand contract)
//
// Usage:
//   node tools/scripts/extract-facts.mjs --consul <git-dir> --consul-k8s <git-dir>
//        [--consul-version 1.22.7] [--consul-ref <ref>] [--consul-k8s-version 1.9.11] [--consul-k8s-ref <ref>]
// Every file is read with `git --git-dir <git-dir> show <ref>:<path>`; the ref defaults to the tag
// v<version>. Output is deterministic (sorted keys, 2-space indent, trailing newline): running the
// script again on the same refs reproduces the committed files byte for byte.
//
// Getting the mirrors: any git directory that holds the tags will do, e.g.
//   git clone --bare --filter=blob:none https://github.com/hashicorp/consul.git consul.git
//   git clone --bare --filter=blob:none https://github.com/hashicorp/consul-k8s.git consul-k8s.git
// (a bare clone of the full repository works as well; only a handful of files are read).
//
// The committed consul-1.22.7 table was NOT generated from tag v1.22.7: no copy of the hashicorp/consul
// repository with that tag could be had on the machine that generated it. It was generated with
//   --consul-ref 5259495ae77d39209f669e1fef211348922481d4
// (hashicorp/consul main, 2025-10-13, after the release/1.22.x branch point; the file records this in
// "sourceRef"/"sourceNote"). Regenerate from the tag as soon as a mirror with v1.22.7 is at hand and
// review the diff.
//
// What is derived from source and what is hand-curated:
//   - Consul: every key, type, alias (`alias:` struct tags), deprecated key (DeprecatedConfig, fields
//     commented DEPRECATED, replacement from the deprecation warnings), enterprise-only marker
//     ("Enterprise Only" comments and builder_ce.go's validateEnterpriseConfigKeys), duration format
//     (builder.go durationVal calls) and every `consul agent` flag are derived. CURATED_CONSUL holds the
//     few notes that cannot be.
//   - consul-k8s: subcommand names, every flag (name, type, default, env var, enterprise marker) and
//     the flag sets each command merges are derived. The `required`, `writes` and `behaviour` prose is
//     hand-curated in CURATED_K8S, with file:line references that this script re-checks against the
//     source at every run (CHECKS): a moved or changed line fails the run instead of going stale.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GENERATED_BY = 'tools/scripts/extract-facts.mjs';

// ---------------------------------------------------------------------------------------------------
// Command line, git
// ---------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { consulVersion: '1.22.7', consulK8sVersion: '1.9.11' };
  const names = {
    '--consul': 'consul',
    '--consul-k8s': 'consulK8s',
    '--consul-version': 'consulVersion',
    '--consul-ref': 'consulRef',
    '--consul-k8s-version': 'consulK8sVersion',
    '--consul-k8s-ref': 'consulK8sRef',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const key = names[flag];
    if (!key) throw new Error(`unknown argument ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    opts[key] = value;
  }
  if (!opts.consul || !opts.consulK8s) {
    throw new Error('usage: node tools/scripts/extract-facts.mjs --consul <git-dir> --consul-k8s <git-dir>');
  }
  opts.consulRef ??= `v${opts.consulVersion}`;
  opts.consulK8sRef ??= `v${opts.consulK8sVersion}`;
  return opts;
}

function git(gitDir, args) {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

function repoReader(gitDir, ref) {
  const cache = new Map();
  const read = (path) => {
    if (!cache.has(path)) cache.set(path, git(gitDir, ['show', `${ref}:${path}`]));
    return cache.get(path);
  };
  return {
    ref,
    commit: git(gitDir, ['rev-parse', `${ref}^{commit}`]).trim(),
    date: git(gitDir, ['log', '-1', '--format=%cs', `${ref}^{commit}`]).trim(),
    read,
    /** The text of line `n` (1-based) of `path`. */
    line(path, n) {
      const line = read(path).split('\n')[n - 1];
      if (line === undefined) throw new Error(`${path} has no line ${n}`);
      return line;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// A small Go lexer: enough to match brackets, split argument lists and read literals.
// ---------------------------------------------------------------------------------------------------

/** Index of the closing quote of the interpreted string or rune literal that opens at `i`. */
function skipQuoted(src, i) {
  const quote = src[i];
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === quote) return j;
  }
  throw new Error('unterminated literal');
}

/** Index just past a literal or comment starting at `i`, or -1 when none starts there. */
function skipNonCode(src, i) {
  const ch = src[i];
  if (ch === '"' || ch === "'") return skipQuoted(src, i) + 1;
  if (ch === '`') {
    const end = src.indexOf('`', i + 1);
    if (end < 0) throw new Error('unterminated raw string');
    return end + 1;
  }
  if (ch === '/' && src[i + 1] === '/') {
    const end = src.indexOf('\n', i);
    return end < 0 ? src.length : end;
  }
  if (ch === '/' && src[i + 1] === '*') return src.indexOf('*/', i + 2) + 2;
  return -1;
}

const CLOSERS = { '{': '}', '(': ')', '[': ']' };

/** Index of the bracket closing the one at `open`. */
function matchClose(src, open) {
  const stack = [];
  for (let i = open; i < src.length; i++) {
    const skipped = skipNonCode(src, i);
    if (skipped >= 0) {
      i = skipped - 1;
      continue;
    }
    const ch = src[i];
    if (CLOSERS[ch]) stack.push(CLOSERS[ch]);
    else if (ch === '}' || ch === ')' || ch === ']') {
      if (stack.pop() !== ch) throw new Error(`unbalanced ${ch} at ${i}`);
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`no bracket closes the one at ${open}`);
}

/** Split `src` at top-level occurrences of `sep` (outside brackets, literals and comments). */
function splitTopLevel(src, sep) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const skipped = skipNonCode(src, i);
    if (skipped >= 0) {
      i = skipped - 1;
      continue;
    }
    const ch = src[i];
    if (CLOSERS[ch]) depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    else if (ch === sep && depth === 0) {
      parts.push(src.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(src.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** The arguments of every call `<receiver>.<method>(` / `<name>(` matched by `pattern` (global, ending at the parenthesis). */
function calls(src, pattern) {
  const found = [];
  for (const match of src.matchAll(pattern)) {
    const open = match.index + match[0].length - 1;
    const close = matchClose(src, open);
    found.push({ match, args: splitTopLevel(src.slice(open + 1, close), ','), index: match.index });
  }
  return found;
}

function lineOf(src, index) {
  return src.slice(0, index).split('\n').length;
}

/** The value of a Go string literal. */
function goString(literal) {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  if (!literal.startsWith('"')) throw new Error(`not a string literal: ${literal}`);
  const escapes = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\' };
  return literal.slice(1, -1).replace(/\\(.)/g, (_, ch) => {
    if (!(ch in escapes)) throw new Error(`unsupported escape \\${ch} in ${literal}`);
    return escapes[ch];
  });
}

function isStringLiteral(expr) {
  return /^("(?:[^"\\]|\\.)*"|`[^`]*`)$/s.test(expr);
}

/** Value of a concatenation of string literals and string constants; undefined when it is anything else. */
function stringExpr(expr, consts) {
  let out = '';
  for (const part of splitTopLevel(expr, '+')) {
    if (isStringLiteral(part)) out += goString(part);
    else if (typeof consts.get(part) === 'string') out += consts.get(part);
    else return undefined;
  }
  return out;
}

/** Body text (between the braces) of the function whose header matches `header`. */
function funcBody(src, header) {
  const match = header.exec(src);
  if (!match) throw new Error(`function not found: ${header}`);
  const open = src.indexOf('{', match.index + match[0].length - 1);
  const close = matchClose(src, open);
  return { body: src.slice(open + 1, close), offset: open + 1 };
}

/** `Name = literal` constants of a Go file (const blocks and single const declarations). */
function goConsts(src, into = new Map(), qualifier = '') {
  const put = (name, expr) => {
    let value;
    if (isStringLiteral(expr)) value = goString(expr);
    else if (/^-?\d+$/.test(expr)) value = Number(expr);
    else if (expr === 'true' || expr === 'false') value = expr === 'true';
    else return;
    into.set(qualifier + name, value);
  };
  for (const match of src.matchAll(/^const\s*\(/gm)) {
    const open = match.index + match[0].length - 1;
    const block = src.slice(open + 1, matchClose(src, open));
    for (const line of block.split('\n')) {
      const decl = /^\s*(\w+)(?:\s+[\w.]+)?\s*=\s*(.+?)\s*(?:\/\/.*)?$/.exec(line);
      if (decl) put(decl[1], decl[2]);
    }
  }
  for (const match of src.matchAll(/^const\s+(\w+)(?:\s+[\w.]+)?\s*=\s*(.+?)\s*$/gm)) put(match[1], match[2]);
  return into;
}

// ---------------------------------------------------------------------------------------------------
// Go type declarations
// ---------------------------------------------------------------------------------------------------

/** Struct and named types of a Go file: name -> { kind: 'struct', fields, file, line } | { kind: 'named', expr }. */
function goTypes(src, file, into = new Map(), qualifier = '') {
  for (const match of src.matchAll(/^type\s+(\w+)\s+(=\s*)?(.+)$/gm)) {
    const [, name, , rest] = match;
    if (/^struct\s*\{/.test(rest)) {
      const open = src.indexOf('{', match.index);
      const body = src.slice(open + 1, matchClose(src, open));
      let fields;
      into.set(qualifier + name, {
        kind: 'struct',
        file,
        line: lineOf(src, match.index),
        get fields() {
          fields ??= parseStructBody(body);
          return fields;
        },
      });
    } else {
      into.set(qualifier + name, { kind: 'named', expr: rest.replace(/\/\/.*$/, '').trim() });
    }
  }
  return into;
}

function parseTags(tag) {
  const tags = {};
  for (const match of tag.matchAll(/(\w+):"((?:[^"\\]|\\.)*)"/g)) tags[match[1]] = match[2];
  return tags;
}

/**
 * Fields of a struct body, each with the comments right above it. A comment naming a block as
 * "non-user configurable" / "not user configurable" marks every field up to the next blank line.
 */
function parseStructBody(body) {
  const fields = [];
  let pending = [];
  let section = null;
  let i = 0;
  while (i < body.length) {
    let newlines = 0;
    while (i < body.length && /\s/.test(body[i])) {
      if (body[i] === '\n') newlines++;
      i++;
    }
    if (newlines >= 2) {
      pending = [];
      section = null;
    }
    if (i >= body.length) break;
    if (body.startsWith('//', i)) {
      const end = body.indexOf('\n', i);
      const text = body.slice(i + 2, end < 0 ? undefined : end).trim();
      pending.push(text);
      if (/non-user configurable|not user configurable/i.test(text)) section = text;
      i = end < 0 ? body.length : end;
      continue;
    }
    let j = i;
    let depth = 0;
    for (; j < body.length; j++) {
      const ch = body[j];
      if (ch === '/' && body[j + 1] === '/' && depth === 0) break;
      const skipped = skipNonCode(body, j);
      if (skipped >= 0) {
        j = skipped - 1;
        continue;
      }
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      else if (ch === '\n' && depth === 0) break;
    }
    const text = body.slice(i, j).trim();
    if (body.startsWith('//', j)) {
      const end = body.indexOf('\n', j);
      j = end < 0 ? body.length : end;
    }
    i = j;
    fields.push(parseField(text, pending, section));
    pending = [];
  }
  return fields;
}

function parseField(text, comments, section) {
  const tagMatch = /`([^`]*)`\s*$/.exec(text);
  const tags = tagMatch ? parseTags(tagMatch[1]) : {};
  const decl = (tagMatch ? text.slice(0, tagMatch.index) : text).trim();
  const base = {
    tags,
    deprecated: comments.some((c) => /\bDEPRECATED\b/.test(c)),
    enterprise: comments.some((c) => /Enterprise Only/i.test(c)) || /Enterprise Only/i.test(section ?? ''),
    internal: section !== null,
  };
  if (/^\*?[\w.]+$/.test(decl)) return { ...base, embedded: true, name: decl.replace(/^\*/, '').split('.').pop(), type: decl };
  const named = /^(\w+)\s+([\s\S]+)$/.exec(decl);
  if (!named) throw new Error(`cannot parse struct field: ${text}`);
  return { ...base, embedded: false, name: named[1], type: named[2].trim() };
}

// ---------------------------------------------------------------------------------------------------
// Consul agent configuration
// ---------------------------------------------------------------------------------------------------

const CONSUL_FILES = {
  config: 'agent/config/config.go',
  configCE: 'agent/config/config_ce.go',
  deprecated: 'agent/config/deprecated.go',
  builder: 'agent/config/builder.go',
  builderCE: 'agent/config/builder_ce.go',
  flags: 'agent/config/flags.go',
  decode: 'lib/decode/decode.go',
  consulServerConfig: 'agent/consul/config.go',
};

// Hand-curated: what the Go source says only in code paths this script does not evaluate.
const CURATED_CONSUL = {
  loadOptsFlagNotes: {
    ConfigFiles: 'not a config key: a config file or directory to load (repeatable)',
    ConfigFormat: 'not a config key: forces the format (hcl or json) of every config file',
    DevMode: 'not a config key: development mode',
    HCL: 'not a config key: an HCL config fragment, loaded after the config files (repeatable)',
  },
  // builder.go build(): `case strings.HasPrefix(k, "audit.sink[") && strings.HasSuffix(k, "].name")`
  // turns the unused key audit.sink[].name into a warning instead of an error.
  extraDeprecated: {
    'audit.sink.*.name': {
      type: 'any',
      enterprise: true,
      replacement: null,
      note: 'unknown to the decoder; builder.go warns "config key audit.sink[].name is deprecated and should be removed" instead of failing',
    },
  },
  notes: [
    'Keys are matched case-insensitively (mapstructure), and HookTranslateKeys compares aliases case-insensitively.',
    'An alias is ignored when its canonical key is also present in the same object (lib/decode HookTranslateKeys).',
    'HCL blocks decode as lists of objects: decode.HookWeakDecodeFromSlice accepts a one-element list wherever an object (or a single value) is expected, in HCL and JSON alike.',
    'Any key not in "keys" or "deprecated" fails the agent start with "invalid config key" (builder.go build()).',
    'Keys marked "enterprise" are accepted by Consul CE but only produce a warning that they have no effect (builder_ce.go validateEnterpriseConfigKeys); keys marked "internal" are documented as not user configurable (Consul overrides them).',
    'Paths: "a.b" nests objects, "a[]" is an item of list a, "a.*" is any value of map a. A node with "sameAs" has the same keys as the node at that path (recursive service definitions); aliases listed under that path apply there too.',
    'Values typed string with "format": "duration" are parsed with time.ParseDuration by builder.go (e.g. "10s", "1h30m").',
    'EnterpriseMeta (namespace, partition of service and check definitions) is empty in Consul CE (config_ce.go) and so absent here.',
  ],
};

function consulFacts(repo, version) {
  const types = new Map();
  for (const key of ['config', 'configCE', 'deprecated', 'builder']) goTypes(repo.read(CONSUL_FILES[key]), CONSUL_FILES[key], types);
  goTypes(repo.read(CONSUL_FILES.consulServerConfig), CONSUL_FILES.consulServerConfig, types, 'consul.');

  const deprecated = {};
  const aliases = {};
  const nodesByType = new Map();
  const join = (path, key) => (path === '' ? key : `${path}.${key}`);

  const scalar = (t) => {
    if (t === 'string') return { type: 'string' };
    if (t === 'bool') return { type: 'bool' };
    if (/^u?int(8|16|32|64)?$|^byte$|^rune$|^uintptr$/.test(t)) return { type: 'int' };
    if (/^float(32|64)$/.test(t)) return { type: 'float' };
    if (t === 'time.Duration') return { type: 'duration' };
    if (t === 'interface{}' || t === 'any' || t === 'json.RawMessage' || t === 'map[string]interface{}') return { type: 'any' };
    if (t === 'time.Time') return { type: 'any', note: 'time.Time' };
    return undefined;
  };

  // ctx: { path, stack: [{ name, path }] }: the key path being built and the struct types above it.
  const typeNode = (expr, ctx) => {
    const t = expr.trim();
    if (t.startsWith('*')) return typeNode(t.slice(1), ctx);
    const basic = scalar(t);
    if (basic) return basic;
    if (t.startsWith('[]')) return { type: 'list', items: typeNode(t.slice(2), { ...ctx, path: `${ctx.path}[]` }) };
    if (t.startsWith('map[')) {
      const close = matchClose(t, 3);
      if (t.slice(4, close) !== 'string') throw new Error(`map key type ${t.slice(4, close)} at ${ctx.path}`);
      const values = t.slice(close + 1);
      if (scalar(values)?.type === 'any' && !scalar(values).note) return { type: 'any' };
      return { type: 'map', values: typeNode(values, { ...ctx, path: `${ctx.path}.*` }) };
    }
    if (/^struct\s*\{/.test(t)) {
      const open = t.indexOf('{');
      return { type: 'object', keys: buildKeys(parseStructBody(t.slice(open + 1, matchClose(t, open))), ctx) };
    }
    const named = types.get(t);
    if (!named) throw new Error(`unknown Go type ${t} at ${ctx.path || '(root)'}`);
    if (named.kind === 'named') return typeNode(named.expr, ctx);
    const seen = ctx.stack.find((frame) => frame.name === t);
    if (seen) return { type: 'object', sameAs: seen.path };
    const node = { type: 'object', keys: buildKeys(named.fields, { ...ctx, stack: [...ctx.stack, { name: t, path: ctx.path }] }) };
    if (!nodesByType.has(t)) nodesByType.set(t, []);
    nodesByType.get(t).push(node);
    return node;
  };

  const buildKeys = (fields, ctx, deprecatedStruct = false) => {
    const keys = {};
    const add = (key, node) => {
      if (key in keys) throw new Error(`duplicate key ${join(ctx.path, key)}`);
      keys[key] = node;
    };
    for (const field of fields) {
      const [name, ...opts] = (field.tags.mapstructure ?? '').split(',');
      if (name === '-') continue;
      if (opts.includes('squash')) {
        const embedded = types.get(field.type.replace(/^\*/, ''));
        if (!embedded || embedded.kind !== 'struct') throw new Error(`cannot squash ${field.type}`);
        const inner = buildKeys(embedded.fields, ctx, deprecatedStruct);
        for (const [key, node] of Object.entries(inner)) add(key, node);
        continue;
      }
      if (field.embedded) throw new Error(`embedded field without squash: ${field.type} at ${ctx.path}`);
      const key = name || field.name;
      const path = join(ctx.path, key);
      const node = typeNode(field.type, { ...ctx, path });
      if (!name) node.note = 'untagged Go field: matched by its Go name, case-insensitively';
      if (field.enterprise) node.enterprise = true;
      if (field.internal || /^test_/.test(key)) node.internal = true;
      node.goField = field.name;
      for (const alias of (field.tags.alias ?? '').split(',').filter(Boolean)) aliases[join(ctx.path, alias)] = path;
      if (field.deprecated || deprecatedStruct) {
        deprecated[path] = node;
        continue;
      }
      add(key, node);
    }
    return keys;
  };

  const configStruct = types.get('Config');
  const keys = buildKeys(configStruct.fields, { path: '', stack: [{ name: 'Config', path: '' }] });
  buildKeys(types.get('DeprecatedConfig').fields, { path: '', stack: [] }, true);

  // Resolve a Go selector (c.ACL.Tokens.Agent, f.FlagValues.Ports.Server) to its key path and Go type.
  const expandFields = (list) =>
    list.flatMap(({ f, dep }) =>
      (f.tags.mapstructure ?? '').split(',').includes('squash')
        ? expandFields(types.get(f.type.replace(/^\*/, '')).fields.map((inner) => ({ f: inner, dep })))
        : [{ f, dep }],
    );
  const resolveGo = (segments) => {
    let fields = [
      ...types.get('Config').fields.map((f) => ({ f, dep: false })),
      ...types.get('DeprecatedConfig').fields.map((f) => ({ f, dep: true })),
    ];
    let path = '';
    let goType = '';
    let isDeprecated = false;
    for (const segment of segments) {
      const hit = expandFields(fields).find(({ f }) => f.name === segment);
      if (!hit) throw new Error(`no Go field ${segments.join('.')} in Config`);
      path = join(path, (hit.f.tags.mapstructure ?? '').split(',')[0] || hit.f.name);
      goType = hit.f.type;
      isDeprecated ||= hit.dep || hit.f.deprecated;
      const bare = goType.replace(/^\*/, '');
      if (/^struct\s*\{/.test(bare)) {
        const open = bare.indexOf('{');
        fields = parseStructBody(bare.slice(open + 1, matchClose(bare, open))).map((f) => ({ f, dep: false }));
      } else {
        const next = types.get(bare);
        fields = next?.kind === 'struct' ? next.fields.map((f) => ({ f, dep: false })) : [];
      }
    }
    return { path, goType, deprecated: isDeprecated };
  };

  // The node at a path ("a.b", "a[].b", "a.*.b"), following sameAs links.
  const nodeAt = (path) => {
    if (deprecated[path]) return deprecated[path];
    let node = { type: 'object', keys };
    for (const segment of path.split('.')) {
      while (node?.sameAs !== undefined) node = nodeAt(node.sameAs);
      if (!node) return undefined;
      if (segment === '*') {
        node = node.values;
        continue;
      }
      const [, key, brackets] = /^(.*?)((?:\[\])*)$/.exec(segment);
      node = node.keys?.[key];
      for (let n = 0; n < brackets.length / 2 && node; n++) node = node.items;
      if (!node) return undefined;
    }
    return node;
  };

  // Duration-parsed strings: every b.durationVal / durationValWithDefault(Min) call of builder.go.
  const builder = repo.read(CONSUL_FILES.builder);
  const markDuration = (node, where) => {
    if (!node || node.type !== 'string') throw new Error(`durationVal on ${where}, which is not a string key`);
    node.format = 'duration';
  };
  for (const call of calls(builder, /\bb\.durationVal(?:WithDefault(?:Min)?)?\(/g)) {
    const [nameExpr, valueExpr] = call.args;
    if (nameExpr === 'name') continue; // the helpers calling one another
    const selector = /^&?c\.([\w.]+)$/.exec(valueExpr);
    const sprintf = /^fmt\.Sprintf\("([^"]*)"/.exec(nameExpr);
    if (selector) markDuration(nodeAt(resolveGo(selector[1].split('.')).path), selector[1]);
    else if (isStringLiteral(nameExpr)) markDuration(nodeAt(goString(nameExpr)), goString(nameExpr));
    else if (sprintf && /^check\[%s\]\.(\w+)$/.test(sprintf[1])) {
      const key = /^check\[%s\]\.(\w+)$/.exec(sprintf[1])[1];
      for (const node of nodesByType.get('CheckDefinition')) markDuration(node.keys[key], `check.${key}`);
    } else if (sprintf && /^([\w.]+)\[%q\]$/.test(sprintf[1])) {
      const map = /^([\w.]+)\[%q\]$/.exec(sprintf[1])[1];
      markDuration(nodeAt(`${map}.*`), `${map}.*`);
    } else throw new Error(`builder.go: cannot place durationVal(${call.args.join(', ')})`);
  }

  // Enterprise-only keys CE warns about.
  const builderCE = repo.read(CONSUL_FILES.builderCE);
  const { body: validateEnt } = funcBody(builderCE, /func validateEnterpriseConfigKeys\(/);
  for (const call of calls(validateEnt, /\badd\(/g)) {
    const path = goString(call.args[0]).replace(/\s*\(.*\)$/, '');
    const node = nodeAt(path);
    if (!node) throw new Error(`validateEnterpriseConfigKeys names unknown key ${path}`);
    node.enterprise = true;
  }

  // Replacements of deprecated keys, from the warnings Consul prints for them.
  const replacements = new Map();
  const deprecatedSrc = repo.read(CONSUL_FILES.deprecated);
  for (const call of calls(deprecatedSrc, /\bdeprecationWarning\(/g)) {
    if (call.args.length === 2 && isStringLiteral(call.args[0])) replacements.set(goString(call.args[0]), goString(call.args[1]));
  }
  for (const match of `${deprecatedSrc}\n${builder}`.matchAll(/The '([\w.]+)' field is deprecated\. Use the '([\w.]+)' field instead\./g)) {
    replacements.set(match[1], match[2]);
  }
  const ignored = new Set([...deprecatedSrc.matchAll(/The '([\w.]+)' field is deprecated and will be ignored/g)].map((m) => m[1]));
  for (const [path, node] of Object.entries(deprecated)) {
    if (replacements.has(path)) node.replacement = replacements.get(path);
    else if (ignored.has(path)) {
      node.replacement = null;
      node.note = 'accepted and ignored, with a warning';
    } else throw new Error(`deprecated key ${path} has no replacement in the deprecation warnings`);
  }
  // Unused keys that only warn (builder.go build(): `case k == "...":` inside the md.Unused loop).
  const { body: build } = funcBody(builder, /func \(b \*builder\) build\(\)/);
  const unusedLoop = build.slice(build.indexOf('range md.Unused'), build.indexOf('unusedErr != nil'));
  for (const match of unusedLoop.matchAll(/case k == "([\w.]+)":/g)) {
    deprecated[match[1]] = {
      type: 'any',
      replacement: null,
      note: 'unknown to the decoder; builder.go warns that it is deprecated and should be removed instead of failing',
    };
  }
  if (!/strings\.HasPrefix\(k, "audit\.sink\["\) && strings\.HasSuffix\(k, "\]\.name"\)/.test(unusedLoop)) {
    throw new Error('builder.go no longer special-cases audit.sink[].name: review CURATED_CONSUL.extraDeprecated');
  }
  Object.assign(deprecated, CURATED_CONSUL.extraDeprecated);

  // `consul agent` flags.
  const flagsSrc = repo.read(CONSUL_FILES.flags);
  const { body: addFlags } = funcBody(flagsSrc, /func AddFlags\(/);
  const loadOpts = types.get('LoadOpts');
  const flagWarnings = new Map();
  for (const call of calls(flagsSrc, /\bdeprecatedFlagWarning\(/g)) {
    if (isStringLiteral(call.args[0])) flagWarnings.set(goString(call.args[0]).replace(/^-/, ''), goString(call.args[1]).replace(/^-/, ''));
  }
  const flagType = (goType) => {
    const t = goType.replace(/^\*/, '');
    if (t === '[]string') return 'list';
    if (t === 'map[string]string') return 'map';
    const basic = scalar(t);
    if (!basic || basic.type === 'any') throw new Error(`flag of Go type ${goType}`);
    return basic.type;
  };
  const flags = {};
  for (const call of calls(addFlags, /(?:^|[^\w.])(add|fs\.\w+Var)\(/gm)) {
    const fn = call.match[1];
    const target = call.args[0].replace(/^&/, '').split('.');
    const name = goString(call.args[1]);
    const help = stringExpr(call.args[fn === 'add' ? 2 : 3], new Map()) ?? '';
    if (target[0] !== 'f') throw new Error(`flag ${name} does not set a LoadOpts field`);
    const flag = {};
    if (target[1] === 'FlagValues') {
      const resolved = resolveGo(target.slice(2));
      flag.configKey = resolved.path;
      flag.type = flagType(resolved.goType);
      if (resolved.deprecated) flag.configKeyDeprecated = true;
      if (nodeAt(resolved.path)?.format) flag.format = nodeAt(resolved.path).format;
      if (flag.type === 'map' && help.includes('`key:value`')) flag.format = 'key:value';
    } else {
      const field = loadOpts.fields.find((f) => f.name === target[1]);
      if (!field) throw new Error(`flag ${name}: no LoadOpts field ${target[1]}`);
      flag.type = flagType(field.type);
      flag.note = CURATED_CONSUL.loadOptsFlagNotes[target[1]];
      if (!flag.note) throw new Error(`flag ${name} sets LoadOpts.${target[1]}: add a note to CURATED_CONSUL.loadOptsFlagNotes`);
      if (fn !== 'add') flag.default = stringExpr(call.args[2], new Map());
    }
    if (/Enterprise-only/i.test(help)) flag.enterprise = true;
    if (/deprecated/i.test(help)) {
      flag.deprecated = true;
      const instead = flagWarnings.get(name) ?? /-([\w-]+) should be used instead/.exec(help)?.[1];
      if (!instead) throw new Error(`deprecated flag ${name} names no replacement`);
      flag.replacement = instead;
    }
    if (flags[name]) throw new Error(`flag ${name} defined twice`);
    flags[name] = flag;
  }
  for (const flag of Object.values(flags)) {
    if (flag.configKey && !nodeAt(flag.configKey)) throw new Error(`flag sets unknown key ${flag.configKey}`);
  }

  // Alias targets must exist.
  for (const [alias, target] of Object.entries(aliases)) if (!nodeAt(target)) throw new Error(`alias ${alias} -> unknown ${target}`);

  // Sanity: the decode hooks this table relies on are still the ones in use.
  const configSrc = repo.read(CONSUL_FILES.config);
  for (const hook of ['decode.HookWeakDecodeFromSlice', 'decode.HookTranslateKeys']) {
    if (!configSrc.includes(hook)) throw new Error(`${CONSUL_FILES.config} no longer uses ${hook}`);
  }
  if (!/tag, ok := field\.Tag\.Lookup\("alias"\)/.test(repo.read(CONSUL_FILES.decode)))
    throw new Error('HookTranslateKeys no longer reads alias tags');

  const stripGoField = (node) => {
    delete node.goField;
    for (const child of [node.items, node.values, ...Object.values(node.keys ?? {})]) if (child) stripGoField(child);
    return node;
  };
  for (const node of Object.values(keys)) stripGoField(node);
  for (const node of Object.values(deprecated)) stripGoField(node);

  const isTag = repo.ref === `v${version}`;
  const facts = {
    source: `hashicorp/consul ${isTag ? repo.ref : repo.commit} ${CONSUL_FILES.config}`,
    generatedBy: GENERATED_BY,
    version,
    sourceRef: repo.commit,
    sourceDate: repo.date,
    files: Object.values(CONSUL_FILES).sort(),
    counts: countKeys(keys, deprecated, aliases, flags),
    notes: CURATED_CONSUL.notes,
    keys,
    deprecated,
    aliases,
    flags,
  };
  if (!isTag) {
    facts.sourceNote =
      `Generated from commit ${repo.commit} (${repo.date}), not from tag v${version}: the tag was not readable where this file was generated. ` +
      'Regenerate from the tag (see the header of tools/scripts/extract-facts.mjs) and review the diff.';
  }
  return facts;
}

function countKeys(keys, deprecated, aliases, flags) {
  let total = 0;
  let leaves = 0;
  const walk = (node) => {
    if (node.keys) for (const child of Object.values(node.keys)) visit(child);
    if (node.items) walk(node.items);
    if (node.values) walk(node.values);
  };
  const visit = (node) => {
    total++;
    if (!node.keys && !node.items?.keys && !node.values?.keys) leaves++;
    walk(node);
  };
  for (const node of Object.values(keys)) visit(node);
  return {
    keys: total,
    leafKeys: leaves,
    topLevelKeys: Object.keys(keys).length,
    deprecated: Object.keys(deprecated).length,
    aliases: Object.keys(aliases).length,
    flags: Object.keys(flags).length,
  };
}

// ---------------------------------------------------------------------------------------------------
// consul-k8s-control-plane
// ---------------------------------------------------------------------------------------------------

const K8S_COMMANDS = [
  'sync-catalog',
  'server-acl-init',
  'acl-init',
  'tls-init',
  'gossip-encryption-autogenerate',
  'delete-completed-job',
  'fetch-server-region',
  'get-consul-client-ca',
];
const FLAG_SET_FILES = {
  consul: { file: 'control-plane/subcommand/flags/consul.go', type: 'ConsulFlags' },
  k8s: { file: 'control-plane/subcommand/flags/k8s.go', type: 'K8SFlags' },
  http: { file: 'control-plane/subcommand/flags/http.go', type: 'HTTPFlags' },
};
const K8S_CONSTANTS_FILE = 'control-plane/connect-inject/constants/constants.go';
const K8S_COMMON_FILE = 'control-plane/subcommand/common/common.go';
// Constants of packages outside the control-plane module that flag defaults use.
const EXTERNAL_CONSTS = new Map([
  ['metav1.NamespaceAll', ''],
  ['metav1.NamespaceDefault', 'default'],
  ['corev1.NamespaceDefault', 'default'],
]);
const FLAG_VALUE_TYPES = { AppendSliceValue: 'list', FlagMapValue: 'map', StringValue: 'string', DurationValue: 'duration' };
const FLAG_METHOD_TYPES = {
  StringVar: 'string',
  BoolVar: 'bool',
  IntVar: 'int',
  UintVar: 'uint',
  Int64Var: 'int',
  Uint64Var: 'uint',
  Float64Var: 'float',
  DurationVar: 'duration',
};

/** Go's time.Duration.String() of a whole number of seconds. */
function goDuration(seconds) {
  if (!Number.isInteger(seconds)) throw new Error(`fractional duration ${seconds}s`);
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

function durationExpr(expr) {
  const units = { Second: 1, Minute: 60, Hour: 3600 };
  const match = /^(\d+)\s*\*\s*time\.(Second|Minute|Hour)$/.exec(expr.trim()) ?? /^time\.(Second|Minute|Hour)$/.exec(expr.trim());
  if (!match) return undefined;
  return match.length === 3 ? goDuration(Number(match[1]) * units[match[2]]) : goDuration(units[match[1]]);
}

/**
 * Flags defined in a Go function body (fs.XxxVar / c.flags.XxxVar / c.flagSet.Var ...), with types,
 * defaults and the environment variables their defaults read.
 */
function goFlags(body, { consts, structFields, file, offset, src }) {
  // Locals the defaults are computed from: `x, _ := strconv.Atoi(os.Getenv(ENV))`, `x := <literal>`, ...
  const locals = new Map();
  const envUses = [];
  for (const match of body.matchAll(/os\.Getenv\(([\w.]+)\)/g)) envUses.push({ index: match.index, name: match[1], attributed: false });
  const envName = (ident) => {
    const value = consts.get(ident);
    if (typeof value !== 'string') throw new Error(`${file}: cannot resolve env var constant ${ident}`);
    return value;
  };
  const attribute = (index) => {
    const use = envUses.find((u) => u.index === index);
    use.attributed = true;
    return envName(use.name);
  };
  for (const match of body.matchAll(/(\w+), _ := strconv\.(Atoi|ParseBool)\((os\.Getenv\(([\w.]+)\))\)/g)) {
    locals.set(match[1], { default: match[2] === 'Atoi' ? 0 : false, env: attribute(match.index + match[0].indexOf(match[3])) });
  }
  for (const match of body.matchAll(/^\s*(\w+) := (.+)$/gm)) {
    if (locals.has(match[1])) continue;
    const expr = match[2].trim();
    const value = isStringLiteral(expr) ? goString(expr) : durationExpr(expr);
    if (value !== undefined) locals.set(match[1], { default: value });
  }
  // `if v := os.Getenv(ENV); v != "" { ... local = ... }`: the env var overrides that local.
  for (const match of body.matchAll(/if (\w+) := (os\.Getenv\(([\w.]+)\));[^{]*\{/g)) {
    const open = match.index + match[0].length - 1;
    const block = body.slice(open, matchClose(body, open) + 1);
    const assigned = [...block.matchAll(/^\s*(\w+) = /gm)].map((m) => m[1]).filter((name) => locals.has(name));
    if (assigned.length !== 1) throw new Error(`${file}: cannot tell which default ${match[3]} overrides`);
    locals.get(assigned[0]).env = attribute(match.index + match[0].indexOf(match[2]));
  }
  // `v := os.Getenv(ENV)` then `if v != "" { ... f.X... = ... }`: the env var fills the flag bound to f.X.
  const filledByEnv = new Map();
  for (const match of body.matchAll(/(\w+) := (os\.Getenv\(([\w.]+)\))\s*\n\s*if \1 != "" \{/g)) {
    const open = match.index + match[0].length - 1;
    const block = body.slice(open, matchClose(body, open) + 1);
    const targets = new Set([...block.matchAll(/\b(f\.[\w.]+?)(?:\[[^\]]*\])? = /g)].map((m) => m[1]));
    if (targets.size !== 1) throw new Error(`${file}: cannot tell which flag ${match[3]} fills`);
    filledByEnv.set([...targets][0], attribute(match.index + match[0].indexOf(match[2])));
  }

  const flags = {};
  for (const call of calls(body, /\b(?:fs|c\.flags|c\.flagSet)\.(\w+)\(/g)) {
    const method = call.match[1];
    if (method !== 'Var' && !FLAG_METHOD_TYPES[method]) continue;
    const [targetExpr, nameExpr, ...rest] = call.args;
    const name = stringExpr(nameExpr, consts);
    if (name === undefined) throw new Error(`${file}: cannot read flag name ${nameExpr}`);
    const target = /&([\w.]+)\)?$/.exec(targetExpr)?.[1];
    if (!target) throw new Error(`${file}: cannot read flag target ${targetExpr}`);
    const flag = { line: lineOf(src, offset + call.index) };
    let usageExpr;
    if (method === 'Var') {
      const cast = /^\(\*(?:flags\.)?(\w+)\)\(/.exec(targetExpr)?.[1];
      const fieldType = cast ?? structFields.get(target.split('.').pop())?.replace(/^\*?(?:flags\.)?/, '');
      flag.type = FLAG_VALUE_TYPES[fieldType];
      if (!flag.type) throw new Error(`${file}: flag ${name} has value type ${fieldType}`);
      flag.default = { list: [], map: {}, string: '', duration: '0s' }[flag.type];
      usageExpr = rest[0];
    } else {
      flag.type = FLAG_METHOD_TYPES[method];
      const expr = rest[0];
      usageExpr = rest[1];
      const local = locals.get(expr);
      const envCall = /^(os\.Getenv\(([\w.]+)\))$/.exec(expr);
      if (local) {
        flag.default = local.default;
        if (local.env) flag.env = local.env;
      } else if (envCall) {
        flag.default = '';
        flag.env = attribute(call.index + body.slice(call.index).indexOf(envCall[1]));
      } else if (isStringLiteral(expr)) flag.default = goString(expr);
      else if (expr === '0' && flag.type === 'duration') flag.default = '0s';
      else if (/^-?\d+$/.test(expr) && flag.type !== 'duration') flag.default = Number(expr);
      else if (expr === 'true' || expr === 'false') flag.default = expr === 'true';
      else if (durationExpr(expr) !== undefined) flag.default = durationExpr(expr);
      else if (consts.has(expr)) flag.default = consts.get(expr);
      else if (EXTERNAL_CONSTS.has(expr)) flag.default = EXTERNAL_CONSTS.get(expr);
      else throw new Error(`${file}: cannot evaluate the default ${expr} of flag ${name}`);
    }
    if (filledByEnv.has(target)) flag.env = filledByEnv.get(target);
    const usage = usageExpr === undefined ? '' : (stringExpr(usageExpr, consts) ?? '');
    if (/\[Enterprise Only\]/i.test(usage)) flag.enterprise = true;
    if (flags[name]) throw new Error(`${file}: flag ${name} defined twice`);
    flags[name] = flag;
  }
  const unattributed = envUses.filter((u) => !u.attributed);
  if (unattributed.length > 0)
    throw new Error(`${file}: env vars read but not tied to a flag: ${unattributed.map((u) => u.name).join(', ')}`);
  return flags;
}

function structFieldTypes(types, name) {
  const struct = types.get(name);
  if (!struct || struct.kind !== 'struct') throw new Error(`no struct ${name}`);
  const fields = new Map();
  for (const field of struct.fields) fields.set(field.name, field.type);
  return fields;
}

function k8sFacts(repo, version, checks) {
  const constantsSrc = repo.read(K8S_CONSTANTS_FILE);
  const commonSrc = repo.read(K8S_COMMON_FILE);

  // Subcommands registered in control-plane/commands.go.
  const commandsSrc = repo.read('control-plane/commands.go');
  const imports = new Map(
    [...commandsSrc.matchAll(/^\s*(\w+)\s+"github\.com\/hashicorp\/consul-k8s\/control-plane\/(subcommand\/[\w-]+)"/gm)].map((m) => [
      m[1],
      m[2],
    ]),
  );
  const { body: initBody } = funcBody(commandsSrc, /func init\(\)/);
  const registered = new Map();
  for (const match of initBody.matchAll(/"([\w-]+)":\s*func\(\) \(cli\.Command, error\) \{\s*return &(\w+)\.Command/g)) {
    registered.set(match[1], imports.get(match[2]));
  }
  const { body: helpBody } = funcBody(commandsSrc, /func helpFunc\(\)/);
  const hidden = [...helpBody.matchAll(/"([\w-]+)":\s*\{\}/g)].map((m) => m[1]).sort();

  // Shared flag sets.
  const flagSets = {};
  for (const [setName, { file, type }] of Object.entries(FLAG_SET_FILES)) {
    const src = repo.read(file);
    const consts = goConsts(src);
    for (const [name, value] of goConsts(constantsSrc)) consts.set(`constants.${name}`, value);
    const types = goTypes(src, file);
    const structFields = structFieldTypes(types, type);
    const { body, offset } = funcBody(src, new RegExp(`func \\(f \\*${type}\\) Flags\\(\\)`));
    flagSets[setName] = { file, flags: goFlags(body, { consts, structFields, file, offset, src }) };
  }
  for (const set of Object.values(flagSets)) for (const flag of Object.values(set.flags)) delete flag.line;
  // HTTPFlags values remember whether they were set; unset ones leave api.DefaultConfig() (and its env vars) alone.
  for (const flag of Object.values(flagSets.http.flags)) flag.unsetMeansInherit = true;

  const commands = {};
  for (const name of K8S_COMMANDS) {
    const dir = registered.get(name);
    if (!dir) throw new Error(`${name} is not registered in control-plane/commands.go`);
    const file = `control-plane/${dir}/command.go`;
    const src = repo.read(file);
    const consts = goConsts(src);
    for (const [key, value] of goConsts(commonSrc)) consts.set(`common.${key}`, value);
    const types = goTypes(src, file);
    const structFields = structFieldTypes(types, 'Command');
    const { body, offset } = funcBody(src, /func \(c \*Command\) init\(\)/);
    const flags = goFlags(body, { consts, structFields, file, offset, src });
    const usesFlagSets = [];
    for (const call of calls(body, /\bflags\.Merge\(/g)) {
      const field = /^c\.(\w+)\.Flags\(\)$/.exec(call.args[1])?.[1];
      const fieldType = structFields.get(field)?.replace(/^\*?(?:\w+\.)?/, '');
      const set = Object.entries(FLAG_SET_FILES).find(([, v]) => v.type === fieldType)?.[0];
      if (!set) throw new Error(`${file}: cannot tell which flag set ${call.args[1]} is`);
      usesFlagSets.push(set);
      for (const flagName of Object.keys(flagSets[set].flags)) {
        if (flags[flagName]) throw new Error(`${file}: flag ${flagName} is defined by the command and by the ${set} flag set`);
      }
    }
    for (const flag of Object.values(flags)) flag.line = `${file}:${flag.line}`;
    commands[name] = { file, usesFlagSets, flags, ...CURATED_K8S.commands[name] };
  }

  // Every file:line cited in the curated prose must be listed in CHECKS, and CHECKS must hold.
  const cited = new Set(JSON.stringify(CURATED_K8S).match(/control-plane\/[\w/.-]+\.go:\d+(?:-\d+)?/g));
  const checked = new Set(checks.map(([ref]) => ref));
  for (const ref of cited) if (!checked.has(ref)) throw new Error(`curated reference ${ref} has no entry in CHECKS`);
  for (const [ref, expected] of checks) {
    const [, path, from, to] = /^(.*):(\d+)(?:-(\d+))?$/.exec(ref);
    const lines = [];
    for (let n = Number(from); n <= Number(to ?? from); n++) lines.push(repo.line(path, n));
    if (!lines.join('\n').includes(expected)) throw new Error(`CHECKS: ${ref} no longer contains ${JSON.stringify(expected)}`);
  }

  const isTag = repo.ref === `v${version}`;
  return {
    source: `hashicorp/consul-k8s ${isTag ? repo.ref : repo.commit} control-plane/subcommand`,
    generatedBy: GENERATED_BY,
    version,
    sourceRef: repo.commit,
    sourceDate: repo.date,
    subcommands: [...registered.keys()].sort(),
    hiddenSubcommands: hidden,
    notes: CURATED_K8S.notes,
    flagSets,
    envVarParsing: CURATED_K8S.envVarParsing,
    commands,
  };
}

// ---------------------------------------------------------------------------------------------------
// HAND-CURATED: consul-k8s command behaviour (read from the v1.9.11 source; every file:line below is
// re-checked by CHECKS at each run). `required` lists the conditions under which a command exits 1
// before doing any work ("phase": "validate") or while starting up on bad input ("phase": "startup").
// ---------------------------------------------------------------------------------------------------

const SAI = 'control-plane/subcommand/server-acl-init';
const CURATED_K8S = {
  notes: [
    'Defaults of the consul flag set come from environment variables when they are set (see "env"); a flag on the command line wins over the env var.',
    'Flags marked "unsetMeansInherit" (the http flag set) only override github.com/hashicorp/consul/api DefaultConfig() (which reads CONSUL_HTTP_ADDR, CONSUL_HTTP_TOKEN, CONSUL_CACERT, ...) when given; none of the commands listed here merges the http flag set.',
    'Go flag parsing: "-flag=value" and "--flag=value" are equivalent; bool flags take "-flag" or "-flag=false"; a flag given twice keeps the last value except list and map flags, which accumulate.',
    'Every command exits 1 when a flag is unknown or its value does not parse (flag.ContinueOnError).',
    '"enterprise": true marks a flag whose usage text says [Enterprise Only] (sync-catalog -enable-ingress and -loadBalancer-ips carry a copy of the -enable-namespaces usage text, so the marker on them comes from that text).',
    '-log-level is parsed with hclog.LevelFromString (trace, debug, info, warn, error; case-insensitive); an unknown level makes the command exit 1 with "unknown log level" (control-plane/subcommand/common/common.go:56-59).',
  ],
  envVarParsing: {
    CONSUL_GRPC_PORT: 'strconv.Atoi; unset or unparsable -> 0 (control-plane/subcommand/flags/consul.go:90)',
    CONSUL_HTTP_PORT: 'strconv.Atoi; unset or unparsable -> 0 (control-plane/subcommand/flags/consul.go:91)',
    CONSUL_USE_TLS: 'strconv.ParseBool; unset or unparsable -> false (control-plane/subcommand/flags/consul.go:92)',
    CONSUL_SKIP_SERVER_WATCH: 'strconv.ParseBool; unset or unparsable -> false (control-plane/subcommand/flags/consul.go:93)',
    CONSUL_LOGIN_META:
      'comma-separated key=value pairs; a pair without exactly one "=" is skipped; merged with -consul-login-meta (control-plane/subcommand/flags/consul.go:94-108)',
    CONSUL_LOGIN_BEARER_TOKEN_FILE:
      'non-empty value replaces the default /var/run/secrets/kubernetes.io/serviceaccount/token (control-plane/subcommand/flags/consul.go:110-113)',
    CONSUL_API_TIMEOUT: 'time.ParseDuration; unset, unparsable or 0 -> 5s (control-plane/subcommand/flags/consul.go:115-121)',
  },
  commands: {
    'sync-catalog': {
      required: [
        {
          when: 'positional arguments are given',
          message: 'Should have no non-flag arguments.',
          phase: 'validate',
          source: 'control-plane/subcommand/sync-catalog/command.go:209-212',
        },
        {
          when: '-consul-node-name contains characters other than letters, digits and dashes',
          message:
            '-consul-node-name=<v> is invalid: node name will not be discoverable via DNS due to invalid characters. Valid characters include all alpha-numerics and dashes',
          phase: 'validate',
          source: 'control-plane/subcommand/sync-catalog/command.go:506-511',
        },
        {
          when: '-consul-node-name is longer than 63 bytes',
          message:
            '-consul-node-name=<v> is invalid: node name will not be discoverable via DNS due to it being too long. Valid lengths are between 1 and 63 bytes',
          phase: 'validate',
          source: 'control-plane/subcommand/sync-catalog/command.go:512-517',
        },
        {
          when: '-metrics-port is not empty and not a valid unprivileged port number',
          message: '-metrics-port must be a valid unprivileged port number',
          phase: 'validate',
          source: 'control-plane/subcommand/sync-catalog/command.go:519-523',
        },
        {
          when: 'the Consul server connection manager cannot be configured or started (e.g. the bearer token file of -auth-method-name cannot be read)',
          message: 'unable to create config for consul-server-connection-manager: <err> / unable to create Consul server watcher: <err>',
          phase: 'startup',
          source: 'control-plane/subcommand/sync-catalog/command.go:254-263',
        },
      ],
      envOnly: [],
      behaviour: [
        {
          what: 'A non-empty -k8s-source-namespace replaces the -allow-k8s-namespace list with that single namespace (-deny-k8s-namespace still applies).',
          source: 'control-plane/subcommand/sync-catalog/command.go:294-298',
        },
        {
          what: '-purge-k8s-services-from-node deregisters every service of node -consul-node-name (filtered by -filter) and exits 0 without syncing.',
          source: 'control-plane/subcommand/sync-catalog/command.go:278-289',
        },
        {
          what: 'The health listener (-listen, GET /health/ready) and the metrics listener (:<metrics-port><metrics-path>) are both always started, whatever -enable-metrics says.',
          source: 'control-plane/subcommand/sync-catalog/command.go:405-426',
        },
        {
          what: 'Consul services are written to Kubernetes in -k8s-write-namespace only when -to-k8s; Kubernetes services are registered in Consul only when -to-consul.',
          source: 'control-plane/subcommand/sync-catalog/command.go:318',
        },
      ],
    },
    'server-acl-init': {
      required: [
        {
          when: 'positional arguments are given',
          message: 'Should have no non-flag arguments.',
          phase: 'validate',
          source: `${SAI}/command.go:267-270`,
        },
        {
          when: '-addresses is empty (and CONSUL_ADDRESSES unset)',
          message: '-addresses must be set',
          phase: 'validate',
          source: `${SAI}/command.go:994-996`,
        },
        {
          when: '-resource-prefix is empty',
          message: '-resource-prefix must be set',
          phase: 'validate',
          source: `${SAI}/command.go:998-1000`,
        },
        {
          when: '-sync-consul-node-name contains characters other than letters, digits and dashes',
          message:
            '-sync-consul-node-name=<v> is invalid: node name will not be discoverable via DNS due to invalid characters. Valid characters include all alpha-numerics and dashes',
          phase: 'validate',
          source: `${SAI}/command.go:1008-1014`,
        },
        {
          when: '-sync-consul-node-name is longer than 63 bytes',
          message:
            '-sync-consul-node-name=<v> is invalid: node name will not be discoverable via DNS due to it being too long. Valid lengths are between 1 and 63 bytes',
          phase: 'validate',
          source: `${SAI}/command.go:1015-1021`,
        },
        {
          when: '-api-timeout (CONSUL_API_TIMEOUT) is 0 or negative',
          message:
            '-consul-api-timeout must be set to a value greater than 0 (the message names -consul-api-timeout, a flag this command does not have; the flag is -api-timeout)',
          phase: 'validate',
          source: `${SAI}/command.go:1023-1025`,
        },
        {
          when: '-acl-replication-token-file or -partition-token-file cannot be read or is empty',
          message: 'unable to read token from file "<f>": <err> / token file "<f>" is empty',
          phase: 'startup',
          source: `${SAI}/command.go:1034-1043`,
        },
        {
          when: '-secrets-backend is neither "kubernetes" nor "vault"',
          message: 'Invalid value for -secrets-backend: "<v>". Valid values are [kubernetes vault].',
          phase: 'startup',
          source: `${SAI}/command.go:887-889`,
        },
      ],
      envOnly: [],
      note: '-k8s-namespace is not validated: an empty value is passed to the Kubernetes client as the namespace of every Secret and ServiceAccount call. -server-port (default 8500) is defined but never read (control-plane/subcommand/server-acl-init/command.go:174 is its only use): the command reaches the servers on -http-port (CONSUL_HTTP_PORT, default 0).',
      writes: {
        kubernetesSecrets: [
          {
            name: '-bootstrap-token-secret-name, default "<resource-prefix>-bootstrap-acl-token"',
            keys: ['-bootstrap-token-secret-key, default "token"'],
            namespace: '-k8s-namespace',
            when: '-secrets-backend=kubernetes (default), the command bootstraps ACLs itself (no -acl-replication-token-file, or -create-acl-replication-token) and the Secret holds no token',
            labels: { 'managed-by': 'consul-k8s' },
            idempotency:
              'Get first: a Secret whose key holds a token is used as the bootstrap token and nothing is written; a missing Secret -> PUT /v1/acl/bootstrap, then Create. A Secret without the key is an error ("secret <n> does not have data key <k>"). A Secret whose key is empty: ACLs are bootstrapped, then Create fails with AlreadyExists and is retried until the 2-minute API timeout (the Vault backend writes instead). If ACLs are already bootstrapped and no token is found: "ACLs already bootstrapped but unable to find the bootstrap token in the secrets backend" and exit 1.',
            source: [
              `${SAI}/command.go:851-870`,
              `${SAI}/k8s_secrets_backend.go:34-38`,
              `${SAI}/k8s_secrets_backend.go:41-44`,
              `${SAI}/k8s_secrets_backend.go:60`,
              `${SAI}/servers.go:26-39`,
              `${SAI}/servers.go:84-92`,
            ],
          },
          {
            name: '<resource-prefix>-<name>-acl-token for <name> in: partitions (when -partition=default in the primary datacenter and no -partition-token-file), enterprise-license (-create-enterprise-license-token), acl-replication (-create-acl-replication-token without -acl-replication-token-file), datadog-agent-metrics (-create-dd-agent-token)',
            keys: ['token'],
            namespace: '-k8s-namespace',
            labels: { 'managed-by': 'consul-k8s' },
            idempotency:
              'If the Secret already exists (Get succeeds) the ACL token is assumed created and the step is skipped (the policy "<name>-token" is still created or updated). Otherwise a token is created and the Secret is created; an existing Secret is never updated.',
            source: [
              `${SAI}/create_or_update.go:275`,
              `${SAI}/create_or_update.go:279-283`,
              `${SAI}/create_or_update.go:316-327`,
              `${SAI}/command.go:393-404`,
            ],
          },
        ],
        vault:
          'With -secrets-backend=vault the bootstrap token is read from and written to the Vault KV path -bootstrap-token-secret-name (data.<-bootstrap-token-secret-key>) through the Vault agent at http://127.0.0.1:8200, which is told to quit (POST /agent/v1/quit) when the command ends.',
        kubernetesApi: [
          {
            verb: 'get',
            resource: 'secrets',
            names: [
              'bootstrap token Secret',
              '<resource-prefix>-<name>-acl-token',
              '<resource-prefix>-auth-method and the Secrets the ServiceAccount references',
            ],
          },
          { verb: 'create', resource: 'secrets', names: ['bootstrap token Secret', '<resource-prefix>-<name>-acl-token'] },
          { verb: 'get', resource: 'serviceaccounts', names: ['<resource-prefix>-auth-method'] },
        ],
        consulApi: [
          'PUT /v1/acl/bootstrap',
          'ACL policies: create, list, update (update only when name and description match)',
          'ACL roles: read by name, create, update',
          'ACL auth methods: create (also updates an existing one of the same name)',
          'ACL binding rules: list, create, update',
          'ACL tokens: create, list, read (anonymous token), read self (-acl-replication-token-file / -partition-token-file tokens), update (anonymous token)',
          'PUT /v1/agent/token/agent on each server (-set-server-tokens)',
          'GET /v1/agent/self (datacenter and primary datacenter)',
          'Enterprise: namespace update/create, partitions',
        ],
        source: [`${SAI}/command.go:851-870`, `${SAI}/create_or_update.go:279-283`],
      },
      authMethods: [
        {
          name: '<resource-prefix>-k8s-component-auth-method',
          what: 'kubernetes auth method for the Consul components (client, sync-catalog, gateways, ...); always created (or updated) in the local datacenter',
          source: `${SAI}/command.go:457-462`,
        },
        {
          name: '<resource-prefix>-k8s-component-auth-method-<datacenter>',
          what: 'global-token-locality copy created in the primary datacenter; only in a secondary datacenter and only when -auth-method-host is set',
          source: `${SAI}/command.go:464-471`,
        },
        {
          name: '<resource-prefix>-k8s-auth-method',
          what: 'connect-inject auth method, only with -connect-inject; binding rule BindType=service, BindName=${serviceaccount.name}, Selector=-acl-binding-rule-selector',
          source: [`${SAI}/command.go:538-545`, `${SAI}/connect_inject.go:81-87`],
        },
      ],
      authMethodConfig: {
        what: 'Every auth method is built from the ServiceAccount <resource-prefix>-auth-method in -k8s-namespace: the Secret <resource-prefix>-auth-method, then each Secret the ServiceAccount references, is read; the first of type kubernetes.io/service-account-token provides CACert (data ca.crt) and ServiceAccountJWT (data token). Host is -auth-method-host, default https://kubernetes.default.svc. No such Secret: error.',
        serviceAccount: '<resource-prefix>-auth-method',
        secrets: ['<resource-prefix>-auth-method', 'the ServiceAccount secrets[] references'],
        source: [
          `${SAI}/connect_inject.go:98-102`,
          `${SAI}/connect_inject.go:114-118`,
          `${SAI}/connect_inject.go:127-130`,
          `${SAI}/connect_inject.go:146-162`,
        ],
      },
      componentBindings: {
        pattern:
          'For component <c>: ACL policy "<c>-policy" (suffixed "-<datacenter>" when -federation in a secondary datacenter), role "<resource-prefix>-<c>-acl-role" (same suffix rule) holding that policy, and binding rule BindType=role, BindName=<role>, Selector=serviceaccount.name=="<service account>" on the component auth method. Local policies are scoped to the current datacenter; existing roles and binding rules (matched by BindName and description) are updated.',
        components: {
          client: {
            flag: '-client (default true)',
            serviceAccount: '<resource-prefix>-client',
            policy: 'client-policy (local)',
            authMethod: '<resource-prefix>-k8s-component-auth-method',
            source: `${SAI}/command.go:473-486`,
          },
          'sync-catalog': {
            flag: '-sync-catalog',
            serviceAccount: '<resource-prefix>-sync-catalog',
            policy:
              'sync-catalog-policy (local; global when -enable-namespaces, then bound on the -<datacenter> auth method in secondaries)',
            authMethod: '<resource-prefix>-k8s-component-auth-method',
            source: `${SAI}/command.go:510-536`,
          },
          'connect-inject': {
            flag: '-connect-inject',
            serviceAccount: '<resource-prefix>-connect-injector',
            policy: 'connect-inject-policy (global)',
            source: `${SAI}/command.go:553-562`,
          },
          'mesh-gateway': {
            flag: '-mesh-gateway',
            serviceAccount: '<resource-prefix>-mesh-gateway',
            policy: 'mesh-gateway-policy (global)',
            source: `${SAI}/command.go:590-604`,
          },
          'snapshot-agent': {
            flag: '-snapshot-agent',
            serviceAccount: '<resource-prefix>-server',
            policy: 'snapshot-agent-policy (local)',
            source: `${SAI}/command.go:582-584`,
          },
          'dns-proxy': {
            flag: '-dns-proxy',
            serviceAccount: '<resource-prefix>-dns-proxy',
            policy: 'dns-proxy-policy (local)',
            source: `${SAI}/command.go:678-687`,
          },
          gateways: {
            flag: '-ingress-gateway-name / -terminating-gateway-name <name>[.<namespace>]',
            serviceAccount: '<resource-prefix>-<name>',
            policy: '<name>-policy (local)',
            source: `${SAI}/command.go:820-823`,
          },
        },
        source: [`${SAI}/create_or_update.go:23-28`, `${SAI}/create_or_update.go:62-67`, `${SAI}/create_or_update.go:80-86`],
      },
      allowDns: {
        what: 'In the primary datacenter, when -allow-dns is set (or -connect-inject together with -federation), creates or updates the policy "anonymous-token-policy" (node_prefix "" and service_prefix "" read, wrapped in namespace_prefix/partition_prefix when those are enabled) and attaches it to the anonymous token (accessor 00000000-0000-0000-0000-000000000002). Skipped when the anonymous token already has that policy. Nothing happens in a secondary datacenter.',
        source: [
          `${SAI}/command.go:980-990`,
          `${SAI}/anonymous_token.go:12-13`,
          `${SAI}/anonymous_token.go:19-27`,
          `${SAI}/anonymous_token.go:51-54`,
        ],
      },
      setServerTokens: {
        what: '-set-server-tokens (default true): after the bootstrap token is known, -addresses is resolved to IPs (go-netaddrs: a DNS name or exec=<cmd>); the policy "agent-token" is created through the first IP; then for each IP a token "Server Token for <ip>" with that policy is created (an existing token with that description and only that policy is reused) and set with PUT /v1/agent/token/agent, each call sent to <ip>:<-http-port> (https when -use-tls). It is skipped entirely when -acl-replication-token-file is given without -create-acl-replication-token (the replication token is then used as the bootstrap token and ACLs are not bootstrapped).',
        address: '<each IP of -addresses>:<-http-port>',
        source: [
          `${SAI}/servers.go:24`,
          `${SAI}/servers.go:42-48`,
          `${SAI}/servers.go:146`,
          `${SAI}/servers.go:154`,
          `${SAI}/servers.go:189-193`,
          `${SAI}/servers.go:210-214`,
          `${SAI}/command.go:323-330`,
        ],
      },
    },
    'acl-init': {
      required: [
        {
          when: 'positional arguments are given',
          message: 'Should have no non-flag arguments.',
          phase: 'validate',
          source: 'control-plane/subcommand/acl-init/command.go:250-252',
        },
        {
          when: '-api-timeout (CONSUL_API_TIMEOUT) is 0 or negative',
          message:
            '-consul-api-timeout must be set to a value greater than 0 (the message names a flag this command does not have; the flag is -api-timeout)',
          phase: 'validate',
          source: 'control-plane/subcommand/acl-init/command.go:253-255',
        },
        {
          when: 'login mode (-auth-method-name / CONSUL_LOGIN_AUTH_METHOD set) and the Consul login fails',
          message: 'Failed to login to Consul',
          phase: 'startup',
          source: 'control-plane/subcommand/acl-init/command.go:180-184',
        },
      ],
      envOnly: [],
      behaviour: [
        {
          what: 'Login mode, when -auth-method-name (CONSUL_LOGIN_AUTH_METHOD) is set: resolves -addresses, logs in through <first IP>:<-http-port> with the bearer token file, -consul-login-datacenter and -consul-login-meta (partition and namespace login flags are not passed).',
          source: 'control-plane/subcommand/acl-init/command.go:149-185',
        },
        {
          what: 'Secret mode otherwise: reads the token from data "token" of Secret -secret-name in -k8s-namespace (default "default"), retrying every second forever until the Secret can be read.',
          source: [
            'control-plane/subcommand/acl-init/command.go:117-119',
            'control-plane/subcommand/acl-init/command.go:191-202',
            'control-plane/subcommand/acl-init/command.go:246',
          ],
        },
        {
          what: 'The token is always written to -token-sink-file (mode 0600); when the flag is empty it is /consul/login/acl-token.',
          source: ['control-plane/subcommand/acl-init/command.go:114-116', 'control-plane/subcommand/acl-init/command.go:229'],
        },
      ],
      initTypeClient: {
        what: 'With -init-type=client, writes <acl-dir>/acl-config.json (mode 0644; -acl-dir default /consul/aclconfig) containing {"acl":{"enabled":true,"default_policy":"deny","down_policy":"extend-cache","tokens":{"agent":"<token>"}}}, in addition to the token sink file (default /consul/login/acl-token). Any other -init-type value writes no config file.',
        files: [
          '<acl-dir>/acl-config.json (default /consul/aclconfig/acl-config.json)',
          '<token-sink-file> (default /consul/login/acl-token)',
        ],
        needs:
          'Either -secret-name (+ -k8s-namespace) to read the token from a Secret, or -auth-method-name (CONSUL_LOGIN_AUTH_METHOD) with -addresses (CONSUL_ADDRESSES), -http-port (CONSUL_HTTP_PORT) and the bearer token file for a Consul login.',
        source: ['control-plane/subcommand/acl-init/command.go:205-224', 'control-plane/subcommand/acl-init/command.go:285-296'],
      },
      writes: { kubernetesApi: [{ verb: 'get', resource: 'secrets', names: ['-secret-name'] }], kubernetesSecrets: [] },
    },
    'tls-init': {
      required: [
        {
          when: 'positional arguments are given',
          message: 'Should have no non-flag arguments.',
          phase: 'validate',
          source: 'control-plane/subcommand/tls-init/command.go:74-77',
        },
        {
          when: 'exactly one of -ca and -key is set',
          message: 'either both -ca and -key or neither must be set',
          phase: 'validate',
          source: 'control-plane/subcommand/tls-init/command.go:355-357',
        },
        {
          when: '-name-prefix is empty',
          message: '-name-prefix must be set',
          phase: 'validate',
          source: 'control-plane/subcommand/tls-init/command.go:358-360',
        },
        {
          when: '-days is 0 or negative',
          message: '-days must be a positive integer',
          phase: 'validate',
          source: 'control-plane/subcommand/tls-init/command.go:361-363',
        },
      ],
      envOnly: [],
      sans: {
        what: 'The server certificate has CN server.<dc>.<domain> and SANs: each non-empty -additional-dnsname and -additional-ipaddress (trimmed), then server.<dc>.<domain>, localhost, 127.0.0.1, ::1. Validity: -days (default 1825).',
        flags: ['additional-dnsname', 'additional-ipaddress', 'dc', 'domain', 'days'],
        source: ['control-plane/subcommand/tls-init/command.go:203-216', 'control-plane/subcommand/tls-init/command.go:233'],
      },
      writes: {
        kubernetesSecrets: [
          {
            name: '<name-prefix>-ca-cert',
            type: 'Opaque',
            keys: ['tls.crt'],
            namespace: '-k8s-namespace (default "default")',
            labels: { 'managed-by': 'consul-k8s' },
            idempotency: 'Created only when a new CA is generated; never updated.',
            source: 'control-plane/subcommand/tls-init/command.go:139-149',
          },
          {
            name: '<name-prefix>-ca-key',
            type: 'Opaque',
            keys: ['tls.key'],
            namespace: '-k8s-namespace (default "default")',
            labels: { 'managed-by': 'consul-k8s' },
            idempotency: 'Created only when a new CA is generated; never updated.',
            source: 'control-plane/subcommand/tls-init/command.go:156-166',
          },
          {
            name: '<name-prefix>-server-cert',
            type: 'kubernetes.io/tls',
            keys: ['tls.crt', 'tls.key'],
            namespace: '-k8s-namespace (default "default")',
            labels: { 'managed-by': 'consul-k8s' },
            idempotency:
              'Regenerated on every run: created when missing, otherwise its data is replaced with the new certificate and key (Update) and the managed-by label is set.',
            source: ['control-plane/subcommand/tls-init/command.go:239-253', 'control-plane/subcommand/tls-init/command.go:258-271'],
          },
        ],
        caPolicy:
          'The CA is kept when -ca and -key are both given (read from those files; the ca-cert/ca-key Secrets are then neither read nor written) or when both Secrets <name-prefix>-ca-cert and <name-prefix>-ca-key exist. Otherwise a new CA "Consul Agent CA" is generated and both Secrets are created; if only one of the two exists, its Create fails (AlreadyExists) and the command exits 1. The server certificate is always re-issued from the CA.',
        kubernetesApi: [
          { verb: 'get', resource: 'secrets', names: ['<name-prefix>-ca-cert', '<name-prefix>-ca-key', '<name-prefix>-server-cert'] },
          { verb: 'create', resource: 'secrets', names: ['<name-prefix>-ca-cert', '<name-prefix>-ca-key', '<name-prefix>-server-cert'] },
          { verb: 'update', resource: 'secrets', names: ['<name-prefix>-server-cert'] },
        ],
        source: [
          'control-plane/subcommand/tls-init/command.go:103-122',
          'control-plane/subcommand/tls-init/command.go:130-132',
          'control-plane/subcommand/tls-init/command.go:342-350',
        ],
      },
      note: 'The -domain help says "Only used in combination with -name-constraint", but there is no -name-constraint flag; -domain always enters the server certificate name.',
    },
    'gossip-encryption-autogenerate': {
      required: [
        {
          when: '-namespace is empty',
          message: 'Failed to validate flags: -namespace must be set',
          phase: 'validate',
          source: 'control-plane/subcommand/gossip-encryption-autogenerate/command.go:149-151',
        },
        {
          when: '-secret-name is empty',
          message: 'Failed to validate flags: -secret-name must be set',
          phase: 'validate',
          source: 'control-plane/subcommand/gossip-encryption-autogenerate/command.go:153-155',
        },
      ],
      envOnly: [],
      note: '-secret-key is not required: it defaults to "key". Positional arguments are ignored.',
      writes: {
        kubernetesSecrets: [
          {
            name: '-secret-name',
            keys: ['-secret-key (default "key"): 32 random bytes, base64 (std encoding)'],
            namespace: '-namespace',
            labels: { 'managed-by': 'consul-k8s' },
            idempotency:
              'Skips (exit 0, "A Kubernetes secret with the name `<n>` already exists.") when a Secret of that name exists, whatever keys it holds; otherwise creates it. Never updates.',
            source: [
              'control-plane/subcommand/gossip-encryption-autogenerate/command.go:98-105',
              'control-plane/subcommand/gossip-encryption-autogenerate/command.go:114-126',
              'control-plane/subcommand/gossip-encryption-autogenerate/command.go:177-190',
            ],
          },
        ],
        kubernetesApi: [
          { verb: 'get', resource: 'secrets', names: ['-secret-name'] },
          { verb: 'create', resource: 'secrets', names: ['-secret-name'] },
        ],
      },
    },
    'delete-completed-job': {
      required: [
        {
          when: 'not exactly one positional argument (the Job name)',
          message: 'Must have one arg: the job name to delete.',
          phase: 'validate',
          source: 'control-plane/subcommand/delete-completed-job/command.go:77-80',
        },
        {
          when: '-k8s-namespace is empty',
          message: 'Must set flag -k8s-namespace',
          phase: 'validate',
          source: 'control-plane/subcommand/delete-completed-job/command.go:82-85',
        },
        {
          when: '-timeout is not a Go duration',
          message: '"<v>" is not a valid timeout: <err>',
          phase: 'validate',
          source: 'control-plane/subcommand/delete-completed-job/command.go:86-90',
        },
      ],
      envOnly: [],
      note: 'Go flag parsing stops at the first positional argument: flags must come before the Job name.',
      writes: {
        kubernetesApi: [
          { verb: 'get', resource: 'jobs (batch/v1)', names: ['<job name>'] },
          {
            verb: 'delete',
            resource: 'jobs (batch/v1)',
            names: ['<job name>'],
            note: 'propagationPolicy Foreground, once status.succeeded > 0',
          },
        ],
        source: [
          'control-plane/subcommand/delete-completed-job/command.go:123',
          'control-plane/subcommand/delete-completed-job/command.go:161-165',
        ],
      },
    },
    'fetch-server-region': {
      required: [
        {
          when: '-node-name is empty',
          message: '-node-name is required',
          phase: 'validate',
          source: 'control-plane/subcommand/fetch-server-region/command.go:89-92',
        },
        {
          when: '-output-file is empty',
          message: '-output-file is required',
          phase: 'validate',
          source: 'control-plane/subcommand/fetch-server-region/command.go:94-97',
        },
      ],
      envOnly: [],
      note: '-kubeconfig is accepted (k8s flag set) but ignored: the command uses in-cluster config, then ~/.kube/config. A Node that cannot be read yields an empty region, not an error.',
      writes: {
        files: ['-output-file: {"locality":{"region":"<label topology.kubernetes.io/region of the Node>"}} (mode 0644)'],
        kubernetesApi: [{ verb: 'get', resource: 'nodes', names: ['-node-name'] }],
        source: [
          'control-plane/subcommand/fetch-server-region/command.go:100-104',
          'control-plane/subcommand/fetch-server-region/command.go:126',
          'control-plane/subcommand/fetch-server-region/command.go:137-142',
        ],
      },
    },
    'get-consul-client-ca': {
      required: [
        {
          when: 'positional arguments are given',
          message: 'Should have no non-flag arguments.',
          phase: 'validate',
          source: 'control-plane/subcommand/get-consul-client-ca/command.go:208-210',
        },
        {
          when: '-output-file is empty',
          message: '-output-file must be set',
          phase: 'validate',
          source: 'control-plane/subcommand/get-consul-client-ca/command.go:212-214',
        },
        {
          when: '-server-addr is empty',
          message: '-server-addr must be set',
          phase: 'validate',
          source: 'control-plane/subcommand/get-consul-client-ca/command.go:216-218',
        },
        {
          when: '-consul-api-timeout is 0 or negative (its default is 0, so it must always be given)',
          message: '-consul-api-timeout must be set to a value greater than 0',
          phase: 'validate',
          source: 'control-plane/subcommand/get-consul-client-ca/command.go:220-222',
        },
      ],
      envOnly: [
        'CONSUL_CACERT',
        'CONSUL_TLS_SERVER_NAME',
        'CONSUL_HTTP_TOKEN',
        'CONSUL_HTTP_TOKEN_FILE',
        'CONSUL_CLIENT_CERT',
        'CONSUL_CLIENT_KEY',
        'CONSUL_CAPATH',
      ],
      envOnlyNote:
        'read by github.com/hashicorp/consul/api DefaultConfig(); -ca-file and -tls-server-name override CONSUL_CACERT and CONSUL_TLS_SERVER_NAME; CONSUL_HTTP_ADDR is always replaced by -server-addr:-server-port; the scheme is forced to https.',
      writes: {
        files: [
          '-output-file: the PEM of the active Connect CA root (GET /v1/agent/connect/ca/roots, retried every second until one is active), mode 0644',
        ],
        source: [
          'control-plane/subcommand/get-consul-client-ca/command.go:132-136',
          'control-plane/subcommand/get-consul-client-ca/command.go:118',
        ],
      },
    },
  },
};

// file:line -> text that line (or range) must contain. Checked at every run.
const CHECKS = [
  ['control-plane/subcommand/flags/consul.go:90', 'strconv.Atoi(os.Getenv(GRPCPortEnvVar))'],
  ['control-plane/subcommand/flags/consul.go:91', 'strconv.Atoi(os.Getenv(HTTPPortEnvVar))'],
  ['control-plane/subcommand/flags/consul.go:92', 'strconv.ParseBool(os.Getenv(constants.UseTLSEnvVar))'],
  ['control-plane/subcommand/flags/consul.go:93', 'strconv.ParseBool(os.Getenv(SkipServerWatchEnvVar))'],
  ['control-plane/subcommand/flags/consul.go:94-108', 'strings.Split(metaKeyValue, "=")'],
  ['control-plane/subcommand/flags/consul.go:110-113', 'os.Getenv(LoginBearerTokenFileEnvVar)'],
  ['control-plane/subcommand/flags/consul.go:115-121', 'time.ParseDuration(apiTimeoutEnv)'],
  ['control-plane/subcommand/sync-catalog/command.go:209-212', 'Should have no non-flag arguments.'],
  ['control-plane/subcommand/sync-catalog/command.go:506-511', 'due to invalid characters'],
  ['control-plane/subcommand/sync-catalog/command.go:512-517', 'maxDNSLabelLength'],
  ['control-plane/subcommand/sync-catalog/command.go:519-523', '-metrics-port must be a valid unprivileged port number'],
  ['control-plane/subcommand/sync-catalog/command.go:254-263', 'discovery.NewWatcher'],
  ['control-plane/subcommand/sync-catalog/command.go:294-298', 'allowSet = mapset.NewSet(c.flagK8SSourceNamespace)'],
  ['control-plane/subcommand/sync-catalog/command.go:278-289', 'removeAllK8SServicesFromConsulNode'],
  ['control-plane/subcommand/sync-catalog/command.go:405-426', 'http.ListenAndServe(fmt.Sprintf(":%s", c.flagMetricsPort), handler)'],
  ['control-plane/subcommand/sync-catalog/command.go:318', 'if c.flagToConsul {'],
  ['control-plane/subcommand/common/common.go:56-59', 'hclog.LevelFromString(level)'],
  [`${SAI}/command.go:174`, 'c.flags.UintVar(&c.flagServerPort, "server-port", 8500'],
  [`${SAI}/command.go:267-270`, 'Should have no non-flag arguments.'],
  [`${SAI}/command.go:994-996`, '-addresses must be set'],
  [`${SAI}/command.go:998-1000`, '-resource-prefix must be set'],
  [`${SAI}/command.go:1008-1014`, 'due to invalid characters'],
  [`${SAI}/command.go:1015-1021`, 'due to it being too long'],
  [`${SAI}/command.go:1023-1025`, '-consul-api-timeout must be set to a value greater than 0'],
  [`${SAI}/command.go:1034-1043`, 'is empty'],
  [`${SAI}/command.go:887-889`, 'Invalid value for -secrets-backend'],
  [`${SAI}/command.go:851-870`, 'c.withPrefix("bootstrap-acl-token")'],
  [`${SAI}/command.go:393-404`, 'c.createLocalACL("partitions"'],
  [`${SAI}/command.go:457-462`, 'c.withPrefix("k8s-component-auth-method")'],
  [`${SAI}/command.go:464-471`, '!primary && c.flagAuthMethodHost != ""'],
  [`${SAI}/command.go:538-545`, 'c.withPrefix("k8s-auth-method")'],
  [`${SAI}/command.go:473-486`, 'c.withPrefix("client")'],
  [`${SAI}/command.go:510-536`, 'c.withPrefix("sync-catalog")'],
  [`${SAI}/command.go:553-562`, 'c.withPrefix("connect-injector")'],
  [`${SAI}/command.go:590-604`, 'c.withPrefix("mesh-gateway")'],
  [`${SAI}/command.go:582-584`, 'c.withPrefix("server")'],
  [`${SAI}/command.go:678-687`, 'c.withPrefix(dnsProxyName)'],
  [`${SAI}/command.go:820-823`, 'serviceAccountName := c.withPrefix(name)'],
  [`${SAI}/command.go:980-990`, 'c.flagAllowDNS'],
  [`${SAI}/command.go:323-330`, 'ACL replication is enabled so skipping Consul server ACL bootstrapping'],
  [`${SAI}/k8s_secrets_backend.go:34-38`, 'k8serrors.IsNotFound(err)'],
  [`${SAI}/k8s_secrets_backend.go:41-44`, 'does not have data key'],
  [`${SAI}/k8s_secrets_backend.go:60`, '.Create(b.ctx, secret, metav1.CreateOptions{})'],
  [`${SAI}/servers.go:26-39`, 'bootstrapToken != ""'],
  [`${SAI}/servers.go:84-92`, 'ACLs already bootstrapped but unable to find the bootstrap token in the secrets backend'],
  [`${SAI}/servers.go:24`, 'strconv.Itoa(c.consulFlags.HTTPPort)'],
  [`${SAI}/servers.go:42-48`, 'c.flagSetServerTokens'],
  [`${SAI}/servers.go:146`, 'net.JoinHostPort(host.IP.String(), strconv.Itoa(c.consulFlags.HTTPPort))'],
  [`${SAI}/servers.go:154`, 'Server Token for %s'],
  [`${SAI}/servers.go:189-193`, 'UpdateAgentACLToken'],
  [`${SAI}/servers.go:210-214`, '"agent-token"'],
  [`${SAI}/create_or_update.go:275`, 'c.withPrefix(name + "-acl-token")'],
  [`${SAI}/create_or_update.go:279-283`, 'already exists'],
  [`${SAI}/create_or_update.go:316-327`, 'common.ACLTokenSecretKey: []byte(token)'],
  [`${SAI}/create_or_update.go:23-28`, 'policyName := fmt.Sprintf("%s-policy", componentName)'],
  [`${SAI}/create_or_update.go:62-67`, 'c.withPrefix(fmt.Sprintf("%s-acl-role", componentName))'],
  [`${SAI}/create_or_update.go:80-86`, 'serviceaccount.name==%q'],
  [`${SAI}/connect_inject.go:81-87`, '${serviceaccount.name}'],
  [`${SAI}/connect_inject.go:98-102`, 'c.withPrefix("auth-method")'],
  [`${SAI}/connect_inject.go:114-118`, 'authMethodServiceAccount.Secrets'],
  [`${SAI}/connect_inject.go:127-130`, 'apiv1.SecretTypeServiceAccountToken'],
  [`${SAI}/connect_inject.go:146-162`, '"ServiceAccountJWT": string(saSecret.Data["token"])'],
  [`${SAI}/anonymous_token.go:12-13`, '00000000-0000-0000-0000-000000000002'],
  [`${SAI}/anonymous_token.go:19-27`, 'skipping creating anonymous token since it already exists'],
  [`${SAI}/anonymous_token.go:51-54`, 'anonymousTokenAccessorID'],
  ['control-plane/subcommand/acl-init/command.go:250-252', 'Should have no non-flag arguments.'],
  ['control-plane/subcommand/acl-init/command.go:253-255', '-consul-api-timeout must be set to a value greater than 0'],
  ['control-plane/subcommand/acl-init/command.go:180-184', 'Failed to login to Consul'],
  ['control-plane/subcommand/acl-init/command.go:149-185', 'c.consul.ConsulLogin.Datacenter'],
  ['control-plane/subcommand/acl-init/command.go:117-119', 'corev1.NamespaceDefault'],
  ['control-plane/subcommand/acl-init/command.go:191-202', 'time.Sleep(1 * time.Second)'],
  ['control-plane/subcommand/acl-init/command.go:246', 'secret.Data["token"]'],
  ['control-plane/subcommand/acl-init/command.go:114-116', 'c.flagTokenSinkFile = defaultTokenSinkFile'],
  ['control-plane/subcommand/acl-init/command.go:229', '0600'],
  ['control-plane/subcommand/acl-init/command.go:205-224', 'filepath.Join(c.flagACLDir, "acl-config.json")'],
  ['control-plane/subcommand/acl-init/command.go:285-296', '"down_policy": "extend-cache"'],
  ['control-plane/subcommand/tls-init/command.go:74-77', 'Should have no non-flag arguments.'],
  ['control-plane/subcommand/tls-init/command.go:355-357', 'either both -ca and -key or neither must be set'],
  ['control-plane/subcommand/tls-init/command.go:358-360', '-name-prefix must be set'],
  ['control-plane/subcommand/tls-init/command.go:361-363', '-days must be a positive integer'],
  ['control-plane/subcommand/tls-init/command.go:203-216', 'hosts = append(hosts, name, "localhost", "127.0.0.1", "::1")'],
  ['control-plane/subcommand/tls-init/command.go:233', 'cert.GenerateCert(name, c.getDaysAsDuration(), caCert, signer, hosts)'],
  ['control-plane/subcommand/tls-init/command.go:139-149', 'corev1.TLSCertKey: []byte(ca)'],
  ['control-plane/subcommand/tls-init/command.go:156-166', 'corev1.TLSPrivateKeyKey: []byte(pk)'],
  ['control-plane/subcommand/tls-init/command.go:239-253', 'Type: corev1.SecretTypeTLS'],
  ['control-plane/subcommand/tls-init/command.go:258-271', '.Update(c.ctx, serverCertSecret, metav1.UpdateOptions{})'],
  ['control-plane/subcommand/tls-init/command.go:103-122', 'c.flagCaFile == "" && c.flagKeyFile == ""'],
  ['control-plane/subcommand/tls-init/command.go:130-132', 'cert.GenerateCA("Consul Agent CA")'],
  ['control-plane/subcommand/tls-init/command.go:342-350', 'c.caKeySecret != nil && c.caCertSecret != nil'],
  ['control-plane/subcommand/gossip-encryption-autogenerate/command.go:149-151', '-namespace must be set'],
  ['control-plane/subcommand/gossip-encryption-autogenerate/command.go:153-155', '-secret-name must be set'],
  ['control-plane/subcommand/gossip-encryption-autogenerate/command.go:98-105', 'already exists'],
  [
    'control-plane/subcommand/gossip-encryption-autogenerate/command.go:114-126',
    '.Create(c.ctx, &kubernetesSecret, metav1.CreateOptions{})',
  ],
  ['control-plane/subcommand/gossip-encryption-autogenerate/command.go:177-190', 'apierrors.IsNotFound(err)'],
  ['control-plane/subcommand/delete-completed-job/command.go:77-80', 'Must have one arg: the job name to delete.'],
  ['control-plane/subcommand/delete-completed-job/command.go:82-85', 'Must set flag -k8s-namespace'],
  ['control-plane/subcommand/delete-completed-job/command.go:86-90', 'is not a valid timeout'],
  ['control-plane/subcommand/delete-completed-job/command.go:123', 'BatchV1().Jobs(c.flagNamespace).Get'],
  ['control-plane/subcommand/delete-completed-job/command.go:161-165', 'metav1.DeletePropagationForeground'],
  ['control-plane/subcommand/fetch-server-region/command.go:89-92', '-node-name is required'],
  ['control-plane/subcommand/fetch-server-region/command.go:94-97', '-output-file is required'],
  ['control-plane/subcommand/fetch-server-region/command.go:100-104', 'rest.InClusterConfig()'],
  ['control-plane/subcommand/fetch-server-region/command.go:126', 'os.WriteFile(c.flagOutputFile, jsonData, 0644)'],
  ['control-plane/subcommand/fetch-server-region/command.go:137-142', 'corev1.LabelTopologyRegion'],
  ['control-plane/subcommand/get-consul-client-ca/command.go:208-210', 'Should have no non-flag arguments.'],
  ['control-plane/subcommand/get-consul-client-ca/command.go:212-214', '-output-file must be set'],
  ['control-plane/subcommand/get-consul-client-ca/command.go:216-218', '-server-addr must be set'],
  ['control-plane/subcommand/get-consul-client-ca/command.go:220-222', '-consul-api-timeout must be set to a value greater than 0'],
  ['control-plane/subcommand/get-consul-client-ca/command.go:132-136', 'cfg.Scheme = "https"'],
  ['control-plane/subcommand/get-consul-client-ca/command.go:118', 'os.WriteFile(c.flagOutputFile, []byte(activeRoot), 0644)'],
];

// ---------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

function write(relative, data) {
  const path = join(ROOT, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(sortKeys(data), null, 2)}\n`);
  console.log(`wrote ${relative}`);
}

const opts = parseArgs(process.argv.slice(2));
const consul = consulFacts(repoReader(opts.consul, opts.consulRef), opts.consulVersion);
const k8s = k8sFacts(repoReader(opts.consulK8s, opts.consulK8sRef), opts.consulK8sVersion, CHECKS);
write(`tools/facts/consul-${opts.consulVersion}/agent-config.json`, consul);
write(`tools/facts/consul-k8s-${opts.consulK8sVersion}/control-plane.json`, k8s);
