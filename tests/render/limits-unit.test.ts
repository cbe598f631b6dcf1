/**
 * The kustomize child's limits as values: the timeout and memory cap from the flag and the environment, the
 * command line that applies the cap, and how a Go build ends when the cap stops it. In-process, no build: Stryker
 * runs this file (limits.test.ts runs the real kustomize and the CLI, which its sandbox does not have).
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../tools/src/model/errors.js';
import { cappedCommand, outOfMemory, renderLimits } from '../../tools/src/render/limits.js';

describe('renderLimits', () => {
  it.each([
    ['the defaults: 120 s and 2048 MiB', undefined, {}, { timeoutMs: 120_000, memoryMiB: 2048 }],
    [
      'the environment',
      undefined,
      { CONSUL_GITOPS_RENDER_TIMEOUT: '30', CONSUL_GITOPS_RENDER_MEMORY_MB: '512' },
      { timeoutMs: 30_000, memoryMiB: 512 },
    ],
    ['the flag over the environment', '5', { CONSUL_GITOPS_RENDER_TIMEOUT: '30' }, { timeoutMs: 5_000, memoryMiB: 2048 }],
    ['0 MiB: no cap', undefined, { CONSUL_GITOPS_RENDER_MEMORY_MB: '0' }, { timeoutMs: 120_000, memoryMiB: 0 }],
  ])('%s', (_name, flag, env, expected) => {
    expect(renderLimits(flag, env)).toEqual(expected);
  });

  it.each([
    ['--render-timeout', '0', {}],
    ['--render-timeout', '1.5', {}],
    ['--render-timeout', 'ten', {}],
    ['CONSUL_GITOPS_RENDER_TIMEOUT', undefined, { CONSUL_GITOPS_RENDER_TIMEOUT: '-1' }],
    ['CONSUL_GITOPS_RENDER_MEMORY_MB', undefined, { CONSUL_GITOPS_RENDER_MEMORY_MB: '2G' }],
  ])('%s that is not a whole number in range is a usage error naming it', (name, flag, env) => {
    expect(() => renderLimits(flag, env)).toThrow(UsageError);
    expect(() => renderLimits(flag, env)).toThrow(new RegExp(`^${name} must be a whole number`));
  });

  it('wraps the command in /bin/sh with ulimit -d (KiB) and exec, passing the arguments as an array', () => {
    expect(cappedCommand('/x/kustomize', ['build', "dir with 'quotes'"], { timeoutMs: 1000, memoryMiB: 512 })).toEqual({
      command: '/bin/sh',
      args: ['-c', 'ulimit -d 524288 && exec "$0" "$@"', '/x/kustomize', 'build', "dir with 'quotes'"],
    });
    expect(cappedCommand('/x/kustomize', ['build'], { timeoutMs: 1000, memoryMiB: 0 })).toEqual({
      command: '/x/kustomize',
      args: ['build'],
    });
  });
});

describe('outOfMemory: how a Go build ends when the memory cap stops it', () => {
  // the head of what kustomize v5.8.1 (Go 1.26) printed when an alias bomb hit a 512 MiB cap, in 1 build of about 24
  const GC_SEGFAULT = [
    'SIGSEGV: segmentation violation',
    'PC=0x79befd m=3 sigcode=1 addr=0x0',
    '',
    'goroutine 0 gp=0x2115e28570e0 m=3 mp=0x2115e28b3008 [idle]:',
    'runtime.(*spanQueue).tryDrain(0x9aa0a9aa00001000?, 0xa9aa0a9aa0a9aa0a?, 0xa9aa0?)',
    '\truntime/mgcmark_greenteagc.go:426 +0x1dd fp=0x7f8c2d5fdb40 sp=0x7f8c2d5fdad0 pc=0x79befd',
    'runtime.gcDrain(0x2115e28a3260, 0x7)',
    '\truntime/mgcmark.go:1342 +0x299 fp=0x7f8c2d5fde00 sp=0x7f8c2d5fdd90 pc=0x799eb9',
    'runtime.gcDrainMarkWorkerIdle(...)',
    '',
  ].join('\n');

  // the same fault reached from a write barrier's flush instead of gcDrain (1 capped build in 30; it failed a CI run)
  const GC_SEGFAULT_WRITE_BARRIER = [
    'SIGSEGV: segmentation violation',
    'PC=0x79befd m=4 sigcode=1 addr=0x0',
    '',
    'goroutine 0 gp=0x1105f7691860 m=4 mp=0x1105f76ed808 [idle]:',
    'runtime.(*spanQueue).tryDrain(0x800?, 0x1791800?, 0x100e6000?)',
    '\truntime/mgcmark_greenteagc.go:520 +0x5d fp=0x7f20e99fdd60 sp=0x7f20e99fdd40 pc=0x79befd',
    'runtime.(*spanQueue).drain(0x1105f76dd278, 0x80)',
    '\truntime/mgcmark_greenteagc.go:501 +0xa5 fp=0x7f20e99fdd90 sp=0x7f20e99fdd60 pc=0x79be25',
    'runtime.systemstack(0x800000)',
    'runtime.wbBufFlush()',
    '',
  ].join('\n');

  it.each([
    ['fatal error: runtime: out of memory', true],
    ['fatal error: runtime: cannot allocate memory', true],
    ['fatal error: out of memory allocating heap arena metadata', true],
    ['runtime: failed to reserve page summary memory', true],
    ['runtime/cgo: pthread_create failed: Resource temporarily unavailable', true],
    [GC_SEGFAULT, true],
    [GC_SEGFAULT_WRITE_BARRIER, true],
    // a segmentation fault elsewhere is a crash, not the cap: its faulting frame is not in the GC's mark code
    [GC_SEGFAULT.replace('\truntime/mgcmark_greenteagc.go:426', '\tmain.go:12'), false],
    [GC_SEGFAULT_WRITE_BARRIER.replace('\truntime/mgcmark_greenteagc.go:520', '\tsigs.k8s.io/kustomize/api/resource.go:9'), false],
    [GC_SEGFAULT.replace('addr=0x0', 'addr=0x18'), false],
    ["Error: accumulating resources: accumulation err='missing.yaml'", false],
  ])('%s', (stderr, expected) => {
    expect(outOfMemory(stderr)).toBe(expected);
  });
});

describe('renderLimits: the ranges and the message', () => {
  it.each([
    ['the largest timeout, a day', '86400', {}, { timeoutMs: 86_400_000, memoryMiB: 2048 }],
    ['the smallest timeout, 1 s', '1', {}, { timeoutMs: 1000, memoryMiB: 2048 }],
    ['blanks around a value', ' 7 ', {}, { timeoutMs: 7000, memoryMiB: 2048 }],
    [
      'an empty environment timeout is no setting',
      undefined,
      { CONSUL_GITOPS_RENDER_TIMEOUT: '' },
      { timeoutMs: 120_000, memoryMiB: 2048 },
    ],
    ['the environment timeout at a day', undefined, { CONSUL_GITOPS_RENDER_TIMEOUT: '86400' }, { timeoutMs: 86_400_000, memoryMiB: 2048 }],
    [
      'the largest memory cap, 1 TiB',
      undefined,
      { CONSUL_GITOPS_RENDER_MEMORY_MB: '1048576' },
      { timeoutMs: 120_000, memoryMiB: 1_048_576 },
    ],
  ])('accepts %s', (_name, flag, env, expected) => {
    expect(renderLimits(flag, env)).toEqual(expected);
  });

  it.each([
    ['--render-timeout', '86401', {}, '--render-timeout must be a whole number of seconds from 1 to 86400 (got "86401")'],
    ['--render-timeout', '', {}, '--render-timeout must be a whole number of seconds from 1 to 86400 (got "")'],
    [
      'CONSUL_GITOPS_RENDER_TIMEOUT',
      undefined,
      { CONSUL_GITOPS_RENDER_TIMEOUT: '0' },
      'CONSUL_GITOPS_RENDER_TIMEOUT must be a whole number of seconds from 1 to 86400 (got "0")',
    ],
    [
      'CONSUL_GITOPS_RENDER_MEMORY_MB',
      undefined,
      { CONSUL_GITOPS_RENDER_MEMORY_MB: '1048577' },
      'CONSUL_GITOPS_RENDER_MEMORY_MB must be a whole number of MiB from 0 to 1048576 (got "1048577")',
    ],
    [
      'CONSUL_GITOPS_RENDER_MEMORY_MB',
      undefined,
      { CONSUL_GITOPS_RENDER_MEMORY_MB: '12x' },
      'CONSUL_GITOPS_RENDER_MEMORY_MB must be a whole number of MiB from 0 to 1048576 (got "12x")',
    ],
  ])('%s out of range or not whole: the whole message', (_name, flag, env, message) => {
    expect(() => renderLimits(flag, env)).toThrow(new UsageError(message));
    expect(() => renderLimits(flag, env)).toThrow(message);
  });

  it('a value with something after the digits is not whole', () => {
    expect(() => renderLimits('12 s', {})).toThrow(UsageError);
    expect(() => renderLimits('x12', {})).toThrow(UsageError);
  });
});
