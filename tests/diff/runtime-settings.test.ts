/** What a hook applies after the sync, between two renders (diff/runtime-settings.ts). */
import { describe, expect, it } from 'vitest';
import { runtimeSettingChanges } from '../../tools/src/diff/runtime-settings.js';
import { workload } from '../helpers/inline-rules.js';

const hook = (minQuorum?: number) =>
  workload('Job', 'consul-autopilot-config', {
    containers: [
      {
        name: 'autopilot-config',
        command: [
          '/bin/sh',
          '-c',
          `attempt consul operator autopilot set-config${minQuorum === undefined ? '' : ` -min-quorum=${minQuorum}`} -cleanup-dead-servers=true`,
        ],
      },
    ],
  });

describe('runtimeSettingChanges', () => {
  it('a changed min_quorum is said in words, with why the ConfigMap alone would not do', () => {
    expect(runtimeSettingChanges([hook(3)], [hook(4)])).toEqual([
      "applies autopilot min_quorum 3 -> 4 after sync (Job/consul-autopilot-config, a PostSync hook: the server config's min_quorum alone changes only a first bootstrap)",
    ]);
  });

  it('the same value, or no hook on either side, says nothing', () => {
    expect(runtimeSettingChanges([hook(3)], [hook(3)])).toEqual([]);
    expect(runtimeSettingChanges([], [])).toEqual([]);
  });

  it('a new hook and a removed hook are each one line', () => {
    expect(runtimeSettingChanges([], [hook(3)])).toEqual([
      'applies autopilot min_quorum 3 after sync (Job/consul-autopilot-config, new): the running servers get it on the next sync',
    ]);
    expect(runtimeSettingChanges([hook(3)], [])).toEqual([
      'no longer applies autopilot settings after sync (Job/consul-autopilot-config removed): the running min_quorum stays 3 whatever the config says',
    ]);
  });

  it('a hook that drops -min-quorum shows it as unset', () => {
    expect(runtimeSettingChanges([hook(3)], [hook()])).toEqual([
      "applies autopilot min_quorum 3 -> (unset) after sync (Job/consul-autopilot-config, a PostSync hook: the server config's min_quorum alone changes only a first bootstrap)",
    ]);
  });

  it('a hook without -min-quorum on both sides is no change; a new one without it applies (unset)', () => {
    expect(runtimeSettingChanges([hook()], [hook()])).toEqual([]);
    expect(runtimeSettingChanges([], [hook()])).toEqual([
      'applies autopilot min_quorum (unset) after sync (Job/consul-autopilot-config, new): the running servers get it on the next sync',
    ]);
    expect(runtimeSettingChanges([hook()], [])).toEqual([
      'no longer applies autopilot settings after sync (Job/consul-autopilot-config removed): the running min_quorum stays (unset) whatever the config says',
    ]);
  });

  it('the call that sets min_quorum wins over an earlier one that does not; other resources and other Jobs before it are skipped', () => {
    const twoCalls = (minQuorum: number) =>
      workload('Job', 'consul-autopilot-twice', {
        containers: [
          {
            name: 'autopilot-config',
            command: [
              '/bin/sh',
              '-c',
              `consul operator autopilot set-config -cleanup-dead-servers=true\nconsul operator autopilot set-config -min-quorum=${minQuorum}`,
            ],
          },
        ],
      });
    const other = workload('Job', 'consul-tls-init', { containers: [{ name: 'tls', command: ['consul-k8s-control-plane', 'tls-init'] }] });
    const statefulSet = workload('StatefulSet', 'consul-server', { containers: [{ name: 'consul' }] });
    expect(runtimeSettingChanges([statefulSet, other, twoCalls(3)], [other, statefulSet, twoCalls(5)])).toEqual([
      "applies autopilot min_quorum 3 -> 5 after sync (Job/consul-autopilot-twice, a PostSync hook: the server config's min_quorum alone changes only a first bootstrap)",
    ]);
    expect(runtimeSettingChanges([twoCalls(3)], [statefulSet])).toEqual([
      'no longer applies autopilot settings after sync (Job/consul-autopilot-twice removed): the running min_quorum stays 3 whatever the config says',
    ]);
  });

  it("the name is the head Job's when the hook is renamed", () => {
    const renamed = workload('Job', 'consul-autopilot-v2', {
      containers: [{ name: 'autopilot-config', command: ['/bin/sh', '-c', 'consul operator autopilot set-config -min-quorum=4'] }],
    });
    expect(runtimeSettingChanges([hook(3)], [renamed])).toEqual([
      "applies autopilot min_quorum 3 -> 4 after sync (Job/consul-autopilot-v2, a PostSync hook: the server config's min_quorum alone changes only a first bootstrap)",
    ]);
  });
});
