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
});
