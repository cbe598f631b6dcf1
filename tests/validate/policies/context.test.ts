/**
 * The policy context every rule reads: the agents the render starts (read once) and each role's agent config, the
 * ConfigMap's merged with what the role's workload really loads.
 */
import { describe, expect, it } from 'vitest';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import { createContext } from '../../../tools/src/validate/policies/context.js';
import { agentConfig, clientConfig, servers, workload } from '../../helpers/inline-rules.js';

const agent = (...args: string[]) => ({ containers: [{ name: 'consul', command: ['consul', 'agent', ...args] }] });

describe('createContext: agents and agent configs', () => {
  const serverMap = agentConfig('consul-server-config', { datacenter: 'dc1' });
  const clientMap = clientConfig({ log_level: 'info' });
  const rendered = [
    servers(3, {}, agent('-datacenter', 'dc9', '-server')),
    serverMap,
    workload('DaemonSet', 'consul-client', agent('-datacenter', 'dc8')),
    clientMap,
  ];

  it('each role: its ConfigMap, with what its own workload’s agent really loads (flags with values, bool flags) as config', () => {
    const context = createContext(rendered, [], pinnedFacts());
    expect(context.agentConfig('server')).toEqual({ config: { datacenter: 'dc9', server: true }, invalid: [], resource: serverMap });
    expect(context.agentConfig('client')).toEqual({ config: { datacenter: 'dc8' }, invalid: [], resource: clientMap });
  });

  it('a role whose workload starts no agent has the ConfigMap alone; one without a ConfigMap has none', () => {
    const context = createContext([serverMap, clientMap, workload('DaemonSet', 'other', agent('-datacenter', 'dc8'))], [], pinnedFacts());
    expect(context.agentConfig('client')).toEqual({ config: { log_level: 'info' }, invalid: [], resource: clientMap });
    expect(createContext([rendered[0]!], [], pinnedFacts()).agentConfig('server')).toBeUndefined();
  });

  it('reads the agents and each role’s config once: every rule gets the same objects', () => {
    const context = createContext(rendered, [], pinnedFacts());
    expect(context.agents()).toHaveLength(2);
    expect(context.agents()).toBe(context.agents());
    expect(context.agentConfig('server')).toBe(context.agentConfig('server'));
    expect(context.agentConfig('client')).toBe(context.agentConfig('client'));
  });
});
