/**
 * Every Consul configuration key and agent flag that base/ and the overlays use is in the key table
 * of the pinned Consul release (tools/facts/consul-1.22.7/agent-config.json) under its own name, not
 * as a deprecated key or an alias; and every control-plane flag the render passes is in the
 * control-plane table.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinnedFacts } from '../../tools/src/facts/pinned.js';
import { configKeyAt } from '../../tools/src/validate/consul/config-keys.js';
import { controlPlaneInvocations } from '../../tools/src/validate/consul/control-plane-invocation.js';
import { createContext } from '../../tools/src/validate/policies/context.js';
import { renderResources, REPO_ROOT, repoSpec } from '../helpers/repo.js';

function keyPaths(value: unknown, prefix: string[] = []): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix.join('.')];
  return Object.entries(value)
    .flatMap(([key, item]) => [[...prefix, key].join('.'), ...keyPaths(item, [...prefix, key])])
    .filter((path) => path !== '');
}

const spec = await repoSpec();

describe.each(spec.environments.map((env) => ({ name: env.name, env })))('overlays/$name', ({ env }) => {
  it('uses only table keys and flags', async () => {
    const resources = await renderResources(join(REPO_ROOT, 'overlays', env.name));
    const context = createContext(resources, spec.environments, pinnedFacts());
    const agents = context.agents();
    expect(agents.length).toBe(2);
    const used = new Set(agents.flatMap((agent) => agent.fragments.flatMap((fragment) => keyPaths(fragment.value))));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((path) => configKeyAt(pinnedFacts().agentConfig, path) === undefined)).toEqual([]);
    const flags = agents.flatMap((agent) => agent.invocation.flags.map((flag) => flag.name));
    expect(flags.filter((flag) => pinnedFacts().agentConfig.flags[flag] === undefined)).toEqual([]);
    const facts = pinnedFacts().controlPlane;
    for (const invocation of resources.flatMap((resource) => controlPlaneInvocations(resource))) {
      const command = facts.commands[invocation.subcommand];
      expect(command, invocation.subcommand).toBeDefined();
      const known = new Set([
        ...Object.keys(command?.flags ?? {}),
        ...(command?.usesFlagSets ?? []).flatMap((set) => Object.keys(facts.flagSets[set]?.flags ?? {})),
      ]);
      const given = invocation.words.map((word) => /^--?([^=]+)/.exec(word)?.[1]).filter((name): name is string => name !== undefined);
      expect(
        given.filter((name) => !known.has(name)),
        invocation.subcommand,
      ).toEqual([]);
    }
  });
});
