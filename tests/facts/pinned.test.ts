/** The pinned facts as the runners receive them: each table from its own file of tools/facts/, read once per process. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinnedFacts } from '../../tools/src/facts/pinned.js';
import { CONSUL_VERSION, CONTROL_PLANE_VERSION } from '../../tools/src/model/facts.js';
import { REPO_ROOT } from '../helpers/repo.js';

const file = (path: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, 'tools/facts', path), 'utf8'));

describe('pinnedFacts', () => {
  it('reads each table from the file of the pinned release', () => {
    expect(pinnedFacts()).toEqual({
      agentConfig: file(`consul-${CONSUL_VERSION}/agent-config.json`),
      controlPlane: file(`consul-k8s-${CONTROL_PLANE_VERSION}/control-plane.json`),
      chart: file(`consul-k8s-${CONTROL_PLANE_VERSION}/chart.json`),
      compatibility: file('consul-k8s/compatibility.json'),
      podSecurity: file('kubernetes/pod-security-1.36.json'),
      serverSizing: file(`consul-${CONSUL_VERSION}/server-sizing.json`),
      shutdown: file(`consul-${CONSUL_VERSION}/shutdown.json`),
      statefulSetUpdate: file('kubernetes/statefulset-update.json'),
    });
    expect(pinnedFacts().agentConfig.version).toBe('1.22.7');
    expect(pinnedFacts().controlPlane.version).toBe('1.9.11');
  });

  it('reads them once: every caller gets the same object', () => {
    expect(pinnedFacts()).toBe(pinnedFacts());
  });
});
