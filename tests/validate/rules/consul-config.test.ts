/** consul-config: its fixtures (tests/fixtures/rules/consul-config/); its inline branch cases, when it has them, go here too. */
import { describe, expect, it } from 'vitest';
import { consulConfig } from '../../../tools/src/validate/rules/consul-config.js';
import { found, servers, tierSpec } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import type { Facts } from '../../../tools/src/model/facts.js';

/** The pinned facts with some tables replaced: what a rule sees is what it is passed, not what tools/facts holds. */
const withFacts = (tables: Partial<Facts>): Facts => ({ ...pinnedFacts(), ...tables });

describe('consul-config, against the agent facts it is passed', () => {
  const agent = (...flags: string[]) =>
    servers(3, {}, { containers: [{ name: 'consul', image: 'hashicorp/consul:1.22.7', command: ['consul', 'agent', ...flags] }] });
  const flagMessages = (flags: string[], facts?: Facts) =>
    found(consulConfig, [agent(...flags)], tierSpec('development'), facts)
      .map((entry) => entry.message)
      .filter((message) => message.startsWith('consul agent has no flag'));

  it('a flag the release lacks is an error; the same flag in the facts passed is none, and a flag taken out of them is one', () => {
    const pinned = pinnedFacts().agentConfig;
    expect(flagMessages(['-server', '-bootstrap-expect=3', '-new-flag=1'])).toEqual([
      'consul agent has no flag -new-flag: Consul 1.22.7 exits on it',
    ]);
    const added = withFacts({ agentConfig: { ...pinned, flags: { ...pinned.flags, 'new-flag': { type: 'string' } } } });
    expect(flagMessages(['-server', '-bootstrap-expect=3', '-new-flag=1'], added)).toEqual([]);
    const { server: _server, ...withoutServer } = pinned.flags;
    const removed = withFacts({ agentConfig: { ...pinned, version: '9.9.9', flags: withoutServer } });
    expect(flagMessages(['-server', '-bootstrap-expect=3'], removed)).toEqual([
      'consul agent has no flag -server: Consul 9.9.9 exits on it',
    ]);
  });
});

describeRuleFixtures('consul-config');
