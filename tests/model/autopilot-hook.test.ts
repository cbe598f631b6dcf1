/**
 * tools/src/model/autopilot-hook.ts: the `consul operator autopilot set-config` calls a Job's containers make
 * (exec form or script lines), where they are and the values they set.
 */
import { describe, expect, it } from 'vitest';
import { appliedAutopilotOf } from '../../tools/src/model/autopilot-hook.js';
import { workload, type Body } from '../helpers/inline-rules.js';

const job = (container: Body, kind = 'Job') => workload(kind, 'consul-autopilot-config', { containers: [{ name: 'c', ...container }] });
const applied = (container: Body, kind?: string) =>
  appliedAutopilotOf(job(container, kind)).map(({ pointer, minQuorum, cleanupDeadServers }) => ({
    pointer,
    minQuorum,
    cleanupDeadServers,
  }));

describe('appliedAutopilotOf', () => {
  it('reads an exec-form call: the pointer is the first word', () => {
    expect(applied({ command: ['consul', 'operator', 'autopilot', 'set-config', '-min-quorum=3', '-cleanup-dead-servers=true'] })).toEqual([
      { pointer: '/spec/template/spec/containers/0/command/0', minQuorum: 3, cleanupDeadServers: true },
    ]);
  });

  it('reads a call made of args alone (the image runs consul): the pointer is args/0', () => {
    expect(applied({ args: ['operator', 'autopilot', 'set-config', '-min-quorum', '10'] })).toEqual([
      { pointer: '/spec/template/spec/containers/0/args/0', minQuorum: 10, cleanupDeadServers: undefined },
    ]);
  });

  it('reads a script in args: the pointer is that args entry, one entry per call', () => {
    const found = appliedAutopilotOf(
      job({ command: ['/bin/sh', '-ec'], args: ['consul operator autopilot set-config -min-quorum=2 -cleanup-dead-servers=false'] }),
    );
    expect(found.map(({ pointer, minQuorum, cleanupDeadServers }) => ({ pointer, minQuorum, cleanupDeadServers }))).toEqual([
      { pointer: '/spec/template/spec/containers/0/args/0', minQuorum: 2, cleanupDeadServers: false },
    ]);
    expect(found[0]).not.toHaveProperty('minQuorum', undefined);
  });

  it('reads a script line that starts with the subcommand (after a line continuation)', () => {
    expect(applied({ command: ['sh', '-c', 'consul \\\noperator autopilot set-config -min-quorum=3'] })).toEqual([
      { pointer: '/spec/template/spec/containers/0/command/2', minQuorum: 3, cleanupDeadServers: undefined },
    ]);
  });

  it('reads only the flags after set-config on its line', () => {
    expect(applied({ command: ['sh', '-c', 'echo -min-quorum=9 && consul operator autopilot set-config -min-quorum=3'] })).toMatchObject([
      { minQuorum: 3 },
    ]);
    expect(
      applied({
        command: [
          'retry',
          '-cleanup-dead-servers=false',
          '-min-quorum=9',
          'consul',
          'operator',
          'autopilot',
          'set-config',
          '-min-quorum=3',
        ],
      }),
    ).toEqual([{ pointer: '/spec/template/spec/containers/0/command/0', minQuorum: 3, cleanupDeadServers: undefined }]);
  });

  it('leaves out a min-quorum that is not a whole number and a cleanup that is not a boolean', () => {
    for (const value of ['x3', '3x', 'three', '-1']) {
      const [found] = appliedAutopilotOf(
        job({ command: ['consul', 'operator', 'autopilot', 'set-config', `-min-quorum=${value}`, '-cleanup-dead-servers=yes'] }),
      );
      expect(found, value).toBeDefined();
      expect(found, value).not.toHaveProperty('minQuorum');
      expect(found, value).not.toHaveProperty('cleanupDeadServers');
    }
    const [bare] = appliedAutopilotOf(job({ command: ['consul', 'operator', 'autopilot', 'set-config'] }));
    expect(bare).not.toHaveProperty('minQuorum');
    expect(bare).not.toHaveProperty('cleanupDeadServers');
  });

  it('reads only Jobs, and nothing from a Job that does not call set-config', () => {
    expect(applied({ command: ['consul', 'operator', 'autopilot', 'set-config', '-min-quorum=3'] }, 'Deployment')).toEqual([]);
    expect(applied({ command: ['consul', 'operator', 'autopilot', 'get-config'] })).toEqual([]);
  });
});
