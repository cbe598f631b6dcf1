/**
 * tools/src/validate/consul/control-plane-invocation.ts: where a container runs `consul-k8s-control-plane
 * <subcommand>` (exec form, or a `sh -c` script), its words, pointers and environment.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { controlPlaneInvocations } from '../../../tools/src/validate/consul/control-plane-invocation.js';
import { workload, type Body } from '../../helpers/inline-rules.js';

const job = (...containers: Body[]) =>
  workload('Job', 'job', { containers: containers.map((container, index) => ({ name: `c${index}`, ...container })) });

const summary = (resource: ParsedResource) =>
  controlPlaneInvocations(resource).map(({ container, subcommand, words, pointer, argsOffset, env }) => ({
    container: container.pointer,
    subcommand,
    words,
    pointer,
    argsOffset,
    env: [...env],
  }));

describe('controlPlaneInvocations', () => {
  it('reads an exec-form command whose subcommand is in args: the words point into args, with their offset', () => {
    expect(
      summary(job({ command: ['consul-k8s-control-plane'], args: ['server-acl-init', '-resource-prefix=consul', '-client'] })),
    ).toEqual([
      {
        container: '/spec/template/spec/containers/0',
        subcommand: 'server-acl-init',
        words: ['-resource-prefix=consul', '-client'],
        pointer: '/spec/template/spec/containers/0/args',
        argsOffset: 1,
        env: [],
      },
    ]);
  });

  it('counts the offset from the start of args when binary and subcommand are in the command', () => {
    expect(summary(job({ command: ['/bin/consul-k8s-control-plane', 'tls-init'], args: ['-name-prefix=consul'] }))).toMatchObject([
      { subcommand: 'tls-init', words: ['-name-prefix=consul'], pointer: '/spec/template/spec/containers/0/args', argsOffset: 0 },
    ]);
    expect(summary(job({ args: ['consul-k8s-control-plane', 'tls-init', '-ca=x'] }))).toMatchObject([
      { subcommand: 'tls-init', words: ['-ca=x'], pointer: '/spec/template/spec/containers/0/args', argsOffset: 2 },
    ]);
  });

  it('points at the command, with no offset, when the words are all in the command', () => {
    const [found] = summary(job({ command: ['consul-k8s-control-plane', 'tls-init', '-ca=x'] }));
    expect(found).toMatchObject({ words: ['-ca=x'], pointer: '/spec/template/spec/containers/0/command' });
    expect(found).not.toHaveProperty('argsOffset', expect.anything());
    // with no word after the subcommand, the first word would be args[0]
    expect(summary(job({ command: ['consul-k8s-control-plane', 'tls-init'] }))).toMatchObject([
      { words: [], pointer: '/spec/template/spec/containers/0/args', argsOffset: 0 },
    ]);
  });

  it('reads a script: the pointer is the entry that holds it, each invocation with its subcommand', () => {
    const script =
      'set -e\nconsul-k8s-control-plane gossip-encryption-autogenerate \\\n  -secret-name=gossip\n/bin/consul-k8s-control-plane tls-init -name-prefix=consul';
    expect(summary(job({ command: ['/bin/sh', '-ec'], args: [script] }))).toEqual([
      {
        container: '/spec/template/spec/containers/0',
        subcommand: 'gossip-encryption-autogenerate',
        words: ['-secret-name=gossip'],
        pointer: '/spec/template/spec/containers/0/args/0',
        argsOffset: undefined,
        env: [],
      },
      {
        container: '/spec/template/spec/containers/0',
        subcommand: 'tls-init',
        words: ['-name-prefix=consul'],
        pointer: '/spec/template/spec/containers/0/args/0',
        argsOffset: undefined,
        env: [],
      },
    ]);
    expect(summary(job({ command: ['sh', '-c', 'consul-k8s-control-plane tls-init'] }))).toMatchObject([
      { subcommand: 'tls-init', words: [], pointer: '/spec/template/spec/containers/0/command/2' },
    ]);
  });

  it('reads nothing from a script that runs the binary without a subcommand, or runs it only as a word after the script', () => {
    expect(summary(job({ command: ['sh', '-c', 'consul-k8s-control-plane'] }))).toEqual([]);
    expect(summary(job({ command: ['sh', '-c', 'echo hi', 'consul-k8s-control-plane', 'tls-init'] }))).toEqual([]);
  });

  it('reads nothing from a container without the binary, or with the binary as its last word', () => {
    expect(summary(job({ command: ['consul', 'agent'] }))).toEqual([]);
    expect(summary(job({ command: ['my-consul-k8s-control-plane', 'tls-init'] }))).toEqual([]);
    expect(summary(job({ command: ['consul-k8s-control-plane'] }))).toEqual([]);
    expect(summary(job({}))).toEqual([]);
  });

  it('keeps the environment: literal values, names set from elsewhere as undefined, entries without a name left out', () => {
    const env = [
      { name: 'CONSUL_ADDRESSES', value: 'consul-server' },
      { name: 'CONSUL_HTTP_TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      { value: 'no name' },
      { name: 5, value: 'numeric name' },
      { name: 'PORT', value: 8500 },
    ];
    expect(summary(job({ command: ['consul-k8s-control-plane', 'tls-init'], env }))[0]?.env).toEqual([
      ['CONSUL_ADDRESSES', 'consul-server'],
      ['CONSUL_HTTP_TOKEN', undefined],
      ['PORT', undefined],
    ]);
    expect(summary(job({ command: ['sh', '-c', 'consul-k8s-control-plane tls-init'], env: [{ name: 'A', value: '1' }] }))[0]?.env).toEqual([
      ['A', '1'],
    ]);
  });

  it('reads every container, each with its own environment', () => {
    const found = summary(
      job(
        { command: ['consul-k8s-control-plane', 'tls-init'], env: [{ name: 'A', value: '1' }] },
        { command: ['consul-k8s-control-plane', 'server-acl-init'], env: [{ name: 'B', value: '2' }] },
      ),
    );
    expect(found.map(({ container, subcommand, env }) => ({ container, subcommand, env }))).toEqual([
      { container: '/spec/template/spec/containers/0', subcommand: 'tls-init', env: [['A', '1']] },
      { container: '/spec/template/spec/containers/1', subcommand: 'server-acl-init', env: [['B', '2']] },
    ]);
  });

  it('returns the resource and the container with each invocation', () => {
    const resource = job({ command: ['consul-k8s-control-plane', 'tls-init'] });
    const [found] = controlPlaneInvocations(resource);
    expect(found?.resource).toBe(resource);
    expect(found?.container.container).toMatchObject({ name: 'c0' });
  });
});
