/**
 * tools/src/validate/consul/agent-invocation.ts: Go's flag parsing of `consul agent` words, and where a
 * container runs `consul agent` (exec form or a `sh -c` script), with the pointer and script line findings use.
 */
import { describe, expect, it } from 'vitest';
import { agentInvocations, parseGoFlags } from '../../../tools/src/validate/consul/agent-invocation.js';
import { workload, type Body } from '../../helpers/inline-rules.js';

const BOOLS = new Set(['server', 'ui']);
const isBool = (name: string) => BOOLS.has(name);

describe('parseGoFlags', () => {
  it('reads -name=value and --name=value, the value kept as written (empty, with = or a newline)', () => {
    expect(parseGoFlags(['-datacenter=dc1', '--node=a=b', '-encrypt=', '-hcl=a = 1\nb = 2'], isBool)).toEqual({
      flags: [
        { name: 'datacenter', value: 'dc1' },
        { name: 'node', value: 'a=b' },
        { name: 'encrypt', value: '' },
        { name: 'hcl', value: 'a = 1\nb = 2' },
      ],
      extra: [],
    });
  });

  it('takes the next word as the value of a non-boolean flag, never of a boolean one', () => {
    expect(parseGoFlags(['-datacenter', 'dc1', '-server', '-ui', '-bind', '0.0.0.0'], isBool)).toEqual({
      flags: [{ name: 'datacenter', value: 'dc1' }, { name: 'server' }, { name: 'ui' }, { name: 'bind', value: '0.0.0.0' }],
      extra: [],
    });
  });

  it('leaves a non-boolean flag that is the last word without a value', () => {
    expect(parseGoFlags(['-server', '-datacenter'], isBool)).toEqual({ flags: [{ name: 'server' }, { name: 'datacenter' }], extra: [] });
  });

  it('stops at "--" (dropped) and at the first word that is not a flag (kept)', () => {
    expect(parseGoFlags(['-server', '--', '-ui', 'x'], isBool)).toEqual({ flags: [{ name: 'server' }], extra: ['-ui', 'x'] });
    expect(parseGoFlags(['-server', 'join', '-ui'], isBool)).toEqual({ flags: [{ name: 'server' }], extra: ['join', '-ui'] });
    expect(parseGoFlags(['-ui', '---x', '-server'], isBool)).toEqual({ flags: [{ name: 'ui' }], extra: ['---x', '-server'] });
    expect(parseGoFlags(['-=x'], isBool)).toEqual({ flags: [], extra: ['-=x'] });
    expect(parseGoFlags(['-'], isBool)).toEqual({ flags: [], extra: ['-'] });
  });

  it('reads nothing from no words', () => {
    expect(parseGoFlags([], isBool)).toEqual({ flags: [], extra: [] });
  });
});

/** A StatefulSet whose one container (or init container) runs this command and args. */
const runs = (container: Body, init = false) =>
  workload('StatefulSet', 'consul-server', { [init ? 'initContainers' : 'containers']: [{ name: 'consul', ...container }] });

const summary = (resource: ReturnType<typeof runs>) =>
  agentInvocations(resource, isBool).map(({ container, pointer, line, flags, extra }) => ({
    container: container.pointer,
    pointer,
    line,
    flags,
    extra,
  }));

describe('agentInvocations', () => {
  it('reads an exec-form command: the pointer is the command list, line 1', () => {
    expect(summary(runs({ command: ['consul', 'agent', '-server', '-datacenter', 'dc1'] }))).toEqual([
      {
        container: '/spec/template/spec/containers/0',
        pointer: '/spec/template/spec/containers/0/command',
        line: 1,
        flags: [{ name: 'server' }, { name: 'datacenter', value: 'dc1' }],
        extra: [],
      },
    ]);
  });

  it('reads flags split between command and args; with no command the pointer is the args list', () => {
    expect(summary(runs({ command: ['/bin/consul', 'agent'], args: ['-ui', 'extra'] }))).toMatchObject([
      { pointer: '/spec/template/spec/containers/0/command', flags: [{ name: 'ui' }], extra: ['extra'] },
    ]);
    expect(summary(runs({ args: ['consul', 'agent', '-server'] }))).toMatchObject([
      { pointer: '/spec/template/spec/containers/0/args', line: 1, flags: [{ name: 'server' }] },
    ]);
  });

  it('reads a script in args: the pointer is that args entry, the line the one that runs consul agent', () => {
    const script = 'set -e\nmkdir -p /consul/data\nexec /bin/consul agent \\\n  -server \\\n  -datacenter=dc1\n';
    expect(summary(runs({ command: ['/bin/sh', '-ec'], args: [script] }))).toEqual([
      {
        container: '/spec/template/spec/containers/0',
        pointer: '/spec/template/spec/containers/0/args/0',
        line: 3,
        flags: [{ name: 'server' }, { name: 'datacenter', value: 'dc1' }],
        extra: [],
      },
    ]);
  });

  it('reads a script in the command list: the pointer is that command entry', () => {
    expect(summary(runs({ command: ['sh', '-c', 'consul agent -ui'] }))).toMatchObject([
      { pointer: '/spec/template/spec/containers/0/command/2', line: 1, flags: [{ name: 'ui' }] },
    ]);
  });

  it('puts the line at 1 when no script line has "consul agent" on it (the words are joined by a line continuation)', () => {
    expect(summary(runs({ command: ['sh', '-c', 'echo start\nexec consul \\\nagent -server'] }))).toMatchObject([
      { line: 1, flags: [{ name: 'server' }] },
    ]);
  });

  it('does not count "consulagent" or "my-consul agent" as the script line', () => {
    const script = 'echo my-consul agent\nconsul agent -ui';
    expect(summary(runs({ command: ['sh', '-c', script] }))).toMatchObject([{ line: 2, flags: [{ name: 'ui' }] }]);
  });

  it('finds the script line with several blanks between consul and agent', () => {
    expect(summary(runs({ command: ['sh', '-c', 'echo start\nconsul  agent -ui'] }))).toMatchObject([{ line: 2, flags: [{ name: 'ui' }] }]);
  });

  it('reads each consul agent of a script, each with its flags', () => {
    const script = 'consul agent -server || consul agent -ui';
    expect(summary(runs({ command: ['sh', '-c', script] })).map((entry) => entry.flags)).toEqual([[{ name: 'server' }], [{ name: 'ui' }]]);
  });

  it('does not read the words of a container with a script again as an exec-form command', () => {
    const found = summary(runs({ command: ['sh', '-c', 'consul agent -server', 'consul', 'agent', '-ui'] }));
    expect(found).toEqual([
      expect.objectContaining({ pointer: '/spec/template/spec/containers/0/command/2', flags: [{ name: 'server' }] }),
    ]);
  });

  it('reads the exec form of a container after another container whose script runs consul agent', () => {
    const resource = workload('StatefulSet', 'consul-server', {
      containers: [
        { name: 'a', command: ['sh', '-c', 'consul agent -server'] },
        { name: 'b', command: ['consul', 'agent', '-ui'] },
      ],
    });
    expect(summary(resource)).toEqual([
      expect.objectContaining({ pointer: '/spec/template/spec/containers/0/command/2', flags: [{ name: 'server' }] }),
      expect.objectContaining({ pointer: '/spec/template/spec/containers/1/command', flags: [{ name: 'ui' }] }),
    ]);
  });

  it('reads the exec form of a container whose script does not run consul agent', () => {
    const found = summary(runs({ command: ['sh', '-c', 'echo hello', 'consul', 'agent', '-ui'] }));
    expect(found).toEqual([expect.objectContaining({ pointer: '/spec/template/spec/containers/0/command', flags: [{ name: 'ui' }] })]);
  });

  it('reads init containers too, and nothing from a container that runs something else', () => {
    expect(summary(runs({ command: ['consul', 'agent', '-ui'] }, true))).toMatchObject([
      { container: '/spec/template/spec/initContainers/0' },
    ]);
    expect(summary(runs({ command: ['consul', 'members'] }))).toEqual([]);
    expect(summary(runs({ command: ['sh', '-c', 'consul members'] }))).toEqual([]);
  });

  it('returns the resource and the container object with each invocation', () => {
    const resource = runs({ command: ['consul', 'agent'] });
    const [found] = agentInvocations(resource, isBool);
    expect(found?.resource).toBe(resource);
    expect(found?.container.container).toMatchObject({ name: 'consul' });
  });
});
