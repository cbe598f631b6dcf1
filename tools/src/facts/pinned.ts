/**
 * The edge that reads the pinned releases' facts (tools/facts/, written by tools/scripts/extract-facts.mjs)
 * from disk, once per process. The runners (validate's runPolicies, diff's assessEnvironment) and the
 * pipeline hand them to the rules as data (`context.facts`); no rule reads a file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSUL_VERSION, CONTROL_PLANE_VERSION, type Facts } from '../model/facts.js';
import { TOOLS_ROOT } from '../model/tools-root.js';

const read = <T>(file: string): T => JSON.parse(readFileSync(join(TOOLS_ROOT, 'facts', file), 'utf8')) as T;

let pinned: Facts | undefined;

/** The facts of the releases this repository pins, read on first use. */
export function pinnedFacts(): Facts {
  pinned ??= {
    agentConfig: read(`consul-${CONSUL_VERSION}/agent-config.json`),
    controlPlane: read(`consul-k8s-${CONTROL_PLANE_VERSION}/control-plane.json`),
    chart: read(`consul-k8s-${CONTROL_PLANE_VERSION}/chart.json`),
    compatibility: read('consul-k8s/compatibility.json'),
    podSecurity: read('kubernetes/pod-security-1.36.json'),
    serverSizing: read(`consul-${CONSUL_VERSION}/server-sizing.json`),
    shutdown: read(`consul-${CONSUL_VERSION}/shutdown.json`),
    statefulSetUpdate: read('kubernetes/statefulset-update.json'),
  };
  return pinned;
}
