/**
 * acceptedRiskPatches and baseResourceRefs on inline inputs: one patch per resource, risks sorted, reasons on one
 * line, unknown resources named. (tests/generate/accepted-risks.test.ts holds them against the committed spec.)
 */
import { describe, expect, it } from 'vitest';
import { acceptedRiskPatches, baseResourceRefs, type BaseResourceRef } from '../../tools/src/generate/accepted-risks.js';
import { SpecError } from '../../tools/src/model/errors.js';
import type { EnvironmentSpec } from '../../tools/src/environments/types.js';

const BASE: BaseResourceRef[] = [
  { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'consul-server' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', name: 'consul-server' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'consul-client' },
];
type Risk = NonNullable<EnvironmentSpec['acceptedRisks']>[number];
const env = (acceptedRisks?: Partial<Risk>[]) => ({ name: 'qa', acceptedRisks }) as unknown as EnvironmentSpec;
const risk = (fields: Partial<Risk>): Partial<Risk> => ({
  kind: 'StatefulSet',
  name: 'consul-server',
  severity: 'warning',
  reason: 'a reason',
  ...fields,
});
const annotation = (document: unknown): unknown =>
  JSON.parse(
    (document as { metadata: { annotations: Record<string, string> } }).metadata.annotations['consul-gitops/accepted-risks'] ?? 'null',
  );

describe('acceptedRiskPatches', () => {
  it('no accepted risks: no patches', () => {
    expect(acceptedRiskPatches(env(), BASE, 'e.yaml')).toEqual([]);
    expect(acceptedRiskPatches(env([]), [], 'e.yaml')).toEqual([]);
  });

  it('one patch per resource, in kind/name order, carrying the annotation on the base object (apiVersion, kind, name)', () => {
    const patches = acceptedRiskPatches(
      env([risk({ rule: 'b-rule' }), risk({ kind: 'DaemonSet', name: 'consul-client', rule: 'c-rule' }), risk({ rule: 'a-rule' })]),
      BASE,
      'e.yaml',
    );
    expect(patches.map((patch) => patch.path)).toEqual([
      'accepted-risk-daemonset-consul-client.yaml',
      'accepted-risk-statefulset-consul-server.yaml',
    ]);
    expect(patches[1]?.document).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'consul-server', annotations: { 'consul-gitops/accepted-risks': expect.any(String) } },
    });
    expect(annotation(patches[1]?.document)).toEqual([
      { rule: 'a-rule', severity: 'warning', reason: 'a reason' },
      { rule: 'b-rule', severity: 'warning', reason: 'a reason' },
    ]);
  });

  it('sorts by rule, then severity, then match (none first); keeps each match; puts the reason on one line', () => {
    const patches = acceptedRiskPatches(
      env([
        risk({ rule: 'r', severity: 'warning', match: 'zeta' }),
        risk({ rule: 'r', severity: 'warning', match: 'alpha' }),
        risk({ rule: 'r', severity: 'warning' }),
        risk({ rule: 'r', severity: 'error', reason: '  spread\n   over\tlines  ' }),
      ]),
      BASE,
      'e.yaml',
    );
    expect(annotation(patches[0]?.document)).toEqual([
      { rule: 'r', severity: 'error', reason: 'spread over lines' },
      { rule: 'r', severity: 'warning', reason: 'a reason' },
      { rule: 'r', severity: 'warning', match: 'alpha', reason: 'a reason' },
      { rule: 'r', severity: 'warning', match: 'zeta', reason: 'a reason' },
    ]);
    expect(JSON.stringify(annotation(patches[0]?.document))).not.toContain('"match":""');
  });

  it('a risk on a resource base/ lacks is a spec error naming its entry and listing what base/ has, sorted; every such risk is named', () => {
    const failure = (() => {
      try {
        acceptedRiskPatches(
          env([risk({ rule: 'ok' }), risk({ kind: 'Deployment', name: 'web', rule: 'x' }), risk({ name: 'consul-serverr', rule: 'y' })]),
          BASE,
          'specs/e.yaml',
        );
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(SpecError);
    const known = 'DaemonSet/consul-client, PodDisruptionBudget/consul-server, StatefulSet/consul-server';
    expect((failure as SpecError).file).toBe('specs/e.yaml');
    expect((failure as SpecError).problems).toEqual([
      { path: 'environments.qa.acceptedRisks.1', message: `base/ has no Deployment named "web": use one of ${known}` },
      { path: 'environments.qa.acceptedRisks.2', message: `base/ has no StatefulSet named "consul-serverr": use one of ${known}` },
    ]);
  });

  it('risks equal in rule, severity and match (none) keep their order', () => {
    const patches = acceptedRiskPatches(
      env([
        risk({ rule: 'r', reason: 'first reason' }),
        risk({ rule: 'r', reason: 'second reason' }),
        risk({ rule: 'r', reason: 'third reason' }),
      ]),
      BASE,
      'e.yaml',
    );
    expect((annotation(patches[0]?.document) as { reason: string }[]).map((entry) => entry.reason)).toEqual([
      'first reason',
      'second reason',
      'third reason',
    ]);
  });

  it('matches kind and name together', () => {
    expect(() => acceptedRiskPatches(env([risk({ kind: 'DaemonSet', name: 'consul-server', rule: 'r' })]), BASE, 'e.yaml')).toThrow(
      /base\/ has no DaemonSet named "consul-server"/,
    );
  });
});

describe('baseResourceRefs', () => {
  it("lists every object with a string apiVersion, kind and name, by file name, in each file's order", () => {
    expect(
      baseResourceRefs({
        'z.yaml': [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'last' } }],
        'a.yaml': [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first' } },
          { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'second' } },
          { kind: 'NoApiVersion', metadata: { name: 'x' } },
          { apiVersion: 'v1', metadata: { name: 'no-kind' } },
          { apiVersion: 'v1', kind: 'NoName', metadata: {} },
          { apiVersion: 'v1', kind: 'NoMetadata' },
          { apiVersion: 1, kind: 'NumberApiVersion', metadata: { name: 'x' } },
          { apiVersion: 'v1', kind: 2, metadata: { name: 'x' } },
          { apiVersion: 'v1', kind: 'NumberName', metadata: { name: 3 } },
          null as unknown as Record<string, unknown>,
        ],
      }),
    ).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'first' },
      { apiVersion: 'v1', kind: 'Secret', name: 'second' },
      { apiVersion: 'v1', kind: 'Service', name: 'last' },
    ]);
  });
});
