/** The small shared pieces of model/: findings, exit codes, errors, remote references, YAML limit messages. */
import { describe, expect, it } from 'vitest';
import { EnvironmentError, errnoCode, errorMessage, RenderError, SpecError, ToolError, UsageError } from '../../tools/src/model/errors.js';
import { EXIT, exitCodeFor } from '../../tools/src/model/exit-code.js';
import { formatLocation, formatRef, isBlocking, sortFindings, type Finding } from '../../tools/src/model/finding.js';
import { isRemoteReference } from '../../tools/src/model/kustomize-reference.js';
import { byPathSegments } from '../../tools/src/model/path-order.js';
import { MAX_ALIAS_COUNT, yamlErrorMessage, yamlLimitMessage } from '../../tools/src/model/yaml-limits.js';

const finding = (extra: Partial<Finding>): Finding => ({ rule: 'image-pinned', severity: 'error', message: 'm', ...extra });

describe('findings', () => {
  it('formatRef and formatLocation', () => {
    expect(formatRef(undefined)).toBe('');
    expect(formatRef({ kind: 'Service', name: 'consul-ui', namespace: 'ns' })).toBe('Service/consul-ui');
    expect(formatLocation(undefined)).toBe('');
    expect(formatLocation({ file: 'a.yaml' })).toBe('a.yaml');
    expect(formatLocation({ file: 'a.yaml', line: 3 })).toBe('a.yaml:3');
    expect(formatLocation({ file: 'a.yaml', line: 3, col: 7 })).toBe('a.yaml:3:7');
  });

  it('an unsuppressed error blocks; a warning or a suppressed error does not', () => {
    expect(isBlocking(finding({}))).toBe(true);
    expect(isBlocking(finding({ severity: 'warning' }))).toBe(false);
    expect(isBlocking(finding({ suppressed: { reason: 'accepted' } }))).toBe(false);
    expect(exitCodeFor([finding({ severity: 'info' }), finding({ severity: 'warning' })])).toBe(EXIT.clean);
    expect(exitCodeFor([finding({ severity: 'info' }), finding({})])).toBe(EXIT.findings);
    expect(EXIT).toEqual({ clean: 0, findings: 1, usage: 2 });
  });

  it('sortFindings orders by severity, file, line, rule, resource, path, then message, without touching its input', () => {
    const at = (file: string, line?: number) => ({ file, ...(line === undefined ? {} : { line }) });
    const input = [
      finding({ message: 'b', path: '/b' }),
      finding({ message: 'a', path: '/b' }),
      finding({ path: '/a' }),
      finding({ resource: { kind: 'Z', name: 'z' } }),
      finding({ resource: { kind: 'A', name: 'a' } }),
      finding({ rule: 'pod-non-root' }),
      finding({ location: at('b.yaml', 1) }),
      finding({ location: at('a.yaml', 9) }),
      finding({ location: at('a.yaml', 2) }),
      finding({ location: at('a.yaml') }),
      finding({ severity: 'info' }),
      finding({ severity: 'warning' }),
    ];
    const copy = [...input];
    const sorted = sortFindings(input);
    expect(input).toEqual(copy);
    expect(
      sorted.map(
        (entry) =>
          `${entry.severity} ${entry.location?.file ?? '-'}:${entry.location?.line ?? '-'} ${entry.rule} ${formatRef(entry.resource)} ${entry.path ?? ''} ${entry.message}`,
      ),
    ).toEqual([
      'error -:- image-pinned  /a m',
      'error -:- image-pinned  /b a',
      'error -:- image-pinned  /b b',
      'error -:- image-pinned A/a  m',
      'error -:- image-pinned Z/z  m',
      'error -:- pod-non-root   m',
      'error a.yaml:- image-pinned   m',
      'error a.yaml:2 image-pinned   m',
      'error a.yaml:9 image-pinned   m',
      'error b.yaml:1 image-pinned   m',
      'warning -:- image-pinned   m',
      'info -:- image-pinned   m',
    ]);
  });
});

describe('sortFindings by path', () => {
  it('orders two findings that differ only in path, a missing path first', () => {
    const paths = (...list: (string | undefined)[]) =>
      sortFindings(list.map((path) => finding(path === undefined ? {} : { path }))).map((entry) => entry.path ?? '-');
    expect(paths('/z', '/a')).toEqual(['/a', '/z']);
    expect(paths('/a', '/z')).toEqual(['/a', '/z']);
    expect(paths('/a', undefined)).toEqual(['-', '/a']);
    expect(paths(undefined, '/a')).toEqual(['-', '/a']);
  });
});

describe('errors', () => {
  it('a ToolError keeps its short message, its detail and its cause, and is named after its class', () => {
    const cause = new Error('root');
    const error = new UsageError('bad flag', { cause, detail: 'try --help' });
    expect(error).toBeInstanceOf(ToolError);
    expect(error.name).toBe('UsageError');
    expect(error.shortMessage).toBe('bad flag');
    expect(error.message).toBe('bad flag\ntry --help');
    expect(error.cause).toBe(cause);
    expect(new EnvironmentError('no kustomize').message).toBe('no kustomize');
  });

  it('a RenderError carries its command context and stderr as detail', () => {
    const context = { command: 'kustomize', args: ['build'], cwd: '/x', exitCode: 1, stderr: 'boom', durationMs: 5 };
    const error = new RenderError('kustomize build failed', context);
    expect(error.context).toBe(context);
    expect(error.message).toBe('kustomize build failed\nboom');
    expect(error.name).toBe('RenderError');
  });

  it('a SpecError has one path-named line per problem, the first as its short message', () => {
    const error = new SpecError('environments.yaml', [
      { path: 'environments.prod.servers', message: 'must be odd', line: 4 },
      { path: 'environments.dev', message: 'unknown key' },
    ]);
    expect(error.shortMessage).toBe('environments.yaml:4: environments.prod.servers: must be odd');
    expect(error.message).toBe(
      'environments.yaml:4: environments.prod.servers: must be odd\nenvironments.yaml: environments.dev: unknown key',
    );
    expect(error.file).toBe('environments.yaml');
    expect(error.problems).toHaveLength(2);
    expect(new SpecError('e.yaml', []).message).toBe('e.yaml: invalid spec');
    expect(new SpecError('e.yaml', [{ path: 'a', message: 'b' }]).message).toBe('e.yaml: a: b');
    expect(
      new SpecError('e.yaml', [
        { path: 'a', message: '1' },
        { path: 'b', message: '2' },
        { path: 'c', message: '3' },
      ]).message,
    ).toBe('e.yaml: a: 1\ne.yaml: b: 2\ne.yaml: c: 3');
  });

  it('errorMessage: the short message of a ToolError, the message of an Error, or the value as text', () => {
    expect(errorMessage(new UsageError('short', { detail: 'long' }))).toBe('short');
    expect(errorMessage(new Error('plain'))).toBe('plain');
    expect(errorMessage(42)).toBe('42');
  });
});

describe('isRemoteReference', () => {
  it.each([
    'https://github.com/org/repo//path?ref=v1',
    'http://example.com/x',
    'ssh://git@github.com/org/repo',
    'git@github.com:org/repo.git',
    'git::https://example.com/repo',
    'file:///tmp/repo',
    'github.com/org/repo/path',
    'gitlab.example.com/org/repo',
    'git.sub.example.com/org',
  ])('%s is remote', (reference) => {
    expect(isRemoteReference(reference)).toBe(true);
  });

  it.each([
    '../../base',
    'base',
    'overlays/prod',
    './components/x',
    'my.file/x',
    'a.b',
    'vendor/https://example.com/x',
    'vendor/github.com/org/repo',
    'vendor/a.b.example.com/x',
  ])('%s is local', (reference) => {
    expect(isRemoteReference(reference)).toBe(false);
  });
});

describe('YAML limits', () => {
  it('names the limit that was hit', () => {
    expect(yamlLimitMessage(new ReferenceError('Excessive alias count indicates a resource exhaustion attack'))).toBe(
      `too many YAML alias expansions (more than ${MAX_ALIAS_COUNT}: an alias bomb, or anchors nested in anchors)`,
    );
    expect(yamlLimitMessage(new ReferenceError('Unresolved alias (the anchor must be set before the alias): x'))).toBe(
      'undefined alias *x: no anchor &x comes before it (YAML needs the anchor first; move it up, or write the value out)',
    );
    // the whole alias name, and only from yaml's ReferenceError
    expect(yamlLimitMessage(new ReferenceError('Unresolved alias (the anchor must be set before the alias): server_defaults'))).toBe(
      'undefined alias *server_defaults: no anchor &server_defaults comes before it (YAML needs the anchor first; move it up, or write the value out)',
    );
    expect(yamlLimitMessage(new Error('Unresolved alias (the anchor must be set before the alias): x'))).toBe(
      'the YAML cannot be read (Unresolved alias (the anchor must be set before the alias): x)',
    );
    expect(yamlLimitMessage(new ReferenceError('x is not defined'))).toBe('the YAML cannot be read (x is not defined)');
    expect(yamlLimitMessage(new RangeError('Maximum call stack size exceeded'))).toBe('the YAML is nested too deep to read (too deep)');
    expect(yamlLimitMessage(new Error('other'))).toBe('the YAML cannot be read (other)');
    expect(yamlLimitMessage('text')).toBe('the YAML cannot be read (text)');
    expect(MAX_ALIAS_COUNT).toBe(10_000);
  });

  it('words parse errors for people, first line only', () => {
    expect(yamlErrorMessage({ code: 'RESOURCE_EXHAUSTION', message: 'x' })).toBe(
      'nested too deep to read (too deep): flatten the document',
    );
    expect(yamlErrorMessage({ code: 'DUPLICATE_KEY', message: 'Map keys must be unique\n at line 2' })).toBe(
      'duplicate key in one mapping: Map keys must be unique',
    );
    expect(yamlErrorMessage({ code: 'BAD_INDENT', message: 'Bad indentation\n at line 3' })).toBe('invalid YAML: Bad indentation');
    // the engine's own stack overflow, caught by yaml under another code, is the same "too deep"
    expect(yamlErrorMessage({ code: 'UNEXPECTED_TOKEN', message: 'Maximum call stack size exceeded' })).toBe(
      'nested too deep to read (too deep): flatten the document',
    );
  });
});

describe('errno codes and listing order', () => {
  it.each([
    ['a system error', Object.assign(new Error('x'), { code: 'ENOENT' }), 'ENOENT'],
    ['an object with a string code (an execa result)', { code: 'EACCES' }, 'EACCES'],
    ['a non-string code', { code: 1 }, undefined],
    ['an error without a code', new Error('x'), undefined],
    ['null', null, undefined],
    ['a string', 'ENOENT', undefined],
  ])('errnoCode: %s', (_name, error, expected) => {
    expect(errnoCode(error)).toBe(expected);
  });

  it('byPathSegments lists a folder where a depth-first walk that sorts each folder would', () => {
    const paths = ['a.yaml', 'b/c.yaml', 'a/z.yaml', 'a/b/c.yaml', 'B.yaml', 'a'];
    expect([...paths].sort(byPathSegments)).toEqual(['a', 'a/b/c.yaml', 'a/z.yaml', 'a.yaml', 'b/c.yaml', 'B.yaml']);
    expect(byPathSegments('ab', 'ab')).toBe(0);
    expect(byPathSegments('a/b', 'a/b')).toBe(0);
  });
});
