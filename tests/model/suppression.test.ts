/**
 * applySuppressions on inline objects, one case per branch: the hand-written ignore annotations, the generated
 * accepted-risks list (what it covers by rule, severity and match, and what it says of a finding it does not
 * cover), and every unreadable or incomplete suppression, which is itself an error. The kustomize fixtures of
 * tests/validate/suppressions.test.ts show the same through a render; these pin each branch without a build.
 */
import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../tools/src/model/finding.js';
import type { ParsedResource } from '../../tools/src/model/resource.js';
import type { RuleId } from '../../tools/src/model/rule.js';
import { applySuppressions } from '../../tools/src/model/suppression.js';

function resource(annotations: Record<string, unknown> | undefined, name = 'consul-server', namespace?: string): ParsedResource {
  return {
    ref: { apiVersion: 'apps/v1', kind: 'StatefulSet', name, ...(namespace ? { namespace } : {}) },
    object: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, ...(annotations ? { annotations } : {}) } },
    location: { file: 'overlays/prod', line: 7, rendered: true },
    origin: { file: 'base/server-statefulset.yaml', line: 1 },
    lineOf: () => undefined,
  };
}

function finding(rule: RuleId, severity: Severity, message = 'something', name = 'consul-server', namespace?: string): Finding {
  return { rule, severity, message, resource: { apiVersion: 'apps/v1', kind: 'StatefulSet', name, ...(namespace ? { namespace } : {}) } };
}

const accepted = (entries: unknown) => ({ 'consul-gitops/accepted-risks': JSON.stringify(entries) });

/** What a reader checks: rule, severity, message, and the suppression reason when there is one. */
const shown = (findings: readonly Finding[]) =>
  findings.map(
    (entry) =>
      `${entry.severity} ${entry.rule}${entry.path ? ` ${entry.path}` : ''}: ${entry.message}${entry.suppressed ? ` [suppressed: ${entry.suppressed.reason}]` : ''}`,
  );

describe('applySuppressions: the hand-written ignore annotations', () => {
  it('with a reason, every finding of the named rules on the resource is suppressed at any severity, and nothing else', () => {
    const resources = [resource({ 'consul-gitops/ignore': 'image-pinned, pod-non-root', 'consul-gitops/ignore-reason': '  drill week  ' })];
    const result = applySuppressions(
      [finding('image-pinned', 'error'), finding('pod-non-root', 'warning'), finding('no-privileged', 'error')],
      resources,
    );
    expect(shown(result)).toEqual([
      'error image-pinned: something [suppressed: drill week]',
      'warning pod-non-root: something [suppressed: drill week]',
      'error no-privileged: something',
    ]);
  });

  it('without a reason: nothing is suppressed, and the suppression is an error at the ignore annotation', () => {
    const result = applySuppressions([finding('image-pinned', 'error')], [resource({ 'consul-gitops/ignore': 'image-pinned' })]);
    expect(shown(result)).toEqual([
      'error image-pinned: something',
      'error suppression /metadata/annotations/consul-gitops~1ignore: consul-gitops/ignore without consul-gitops/ignore-reason: say why the risk is accepted',
    ]);
    expect(result[1]).toMatchObject({
      resource: { kind: 'StatefulSet', name: 'consul-server' },
      location: { file: 'overlays/prod', line: 7, rendered: true },
      origin: { file: 'base/server-statefulset.yaml', line: 1 },
      hint: 'add the annotation consul-gitops/ignore-reason: <why>',
    });
  });

  it('a blank reason is no reason', () => {
    const result = applySuppressions(
      [finding('image-pinned', 'error')],
      [resource({ 'consul-gitops/ignore': 'image-pinned', 'consul-gitops/ignore-reason': '   ' })],
    );
    expect(result[0]?.suppressed).toBeUndefined();
    expect(result.filter((entry) => entry.rule === 'suppression')).toHaveLength(1);
  });

  it('a reason without rules (or only commas and blanks) is an error that asks for the rules', () => {
    for (const rules of [undefined, ' , ,', 42]) {
      const annotations = { ...(rules === undefined ? {} : { 'consul-gitops/ignore': rules }), 'consul-gitops/ignore-reason': 'because' };
      expect(shown(applySuppressions([], [resource(annotations)]))).toEqual([
        'error suppression /metadata/annotations: consul-gitops/ignore-reason without consul-gitops/ignore: name the rule(s) it accepts',
      ]);
      expect(applySuppressions([], [resource(annotations)])[0]?.hint).toBe('add consul-gitops/ignore: <rule-id>');
    }
  });

  it('an unknown rule id, or `suppression` itself, is an error naming them; the known ones still apply', () => {
    const result = applySuppressions(
      [finding('image-pinned', 'error')],
      [resource({ 'consul-gitops/ignore': 'image-pined,suppression,image-pinned', 'consul-gitops/ignore-reason': 'migration' })],
    );
    expect(shown(result)).toEqual([
      'error image-pinned: something [suppressed: migration]',
      'error suppression /metadata/annotations/consul-gitops~1ignore: consul-gitops/ignore names unknown rule(s) image-pined, suppression: see `consul-gitops rules`',
    ]);
    expect(result[1]?.hint).toBe('use rule ids from `consul-gitops rules`');
  });
});

describe('applySuppressions: the accepted-risks list', () => {
  it('an entry covers its rule at its severity or less severe, with its own reason', () => {
    const resources = [resource(accepted([{ rule: 'image-pinned', severity: 'warning', reason: 'tag pinned to a release' }]))];
    const result = applySuppressions([finding('image-pinned', 'warning'), finding('image-pinned', 'info')], resources);
    expect(shown(result)).toEqual([
      'warning image-pinned: something [suppressed: tag pinned to a release]',
      'info image-pinned: something [suppressed: tag pinned to a release]',
    ]);
  });

  it('a more severe finding of the same rule is reported, and says what the acceptance covers', () => {
    const resources = [resource(accepted([{ rule: 'image-pinned', severity: 'warning', reason: 'tag pinned to a release' }]))];
    expect(shown(applySuppressions([finding('image-pinned', 'error', 'no tag')], resources))).toEqual([
      'error image-pinned: no tag (not covered by the accepted risk for image-pinned on this resource, which accepts warning findings)',
    ]);
  });

  it('with match: only findings whose message contains it; the others say which match they missed', () => {
    const resources = [
      resource(
        accepted([
          { rule: 'zone-quorum', severity: 'error', match: 'zone-a', reason: 'one zone until Q3' },
          { rule: 'zone-quorum', severity: 'info', reason: 'infos are fine' },
        ]),
      ),
    ];
    const result = applySuppressions(
      [finding('zone-quorum', 'error', 'losing zone-a'), finding('zone-quorum', 'error', 'losing zone-b')],
      resources,
    );
    expect(shown(result)).toEqual([
      'error zone-quorum: losing zone-a [suppressed: one zone until Q3]',
      'error zone-quorum: losing zone-b (not covered by the accepted risk for zone-quorum on this resource, which accepts error findings matching "zone-a" and info findings)',
    ]);
  });

  it('the first covering entry gives the reason; an acceptance of another rule leaves a finding as it is', () => {
    const resources = [
      resource(
        accepted([
          { rule: 'image-pinned', severity: 'error', reason: 'first' },
          { rule: 'image-pinned', severity: 'error', reason: 'second' },
        ]),
      ),
    ];
    expect(shown(applySuppressions([finding('image-pinned', 'error'), finding('pod-non-root', 'error')], resources))).toEqual([
      'error image-pinned: something [suppressed: first]',
      'error pod-non-root: something',
    ]);
  });

  it('an entry takes precedence over a hand-written ignore of the same rule, whose reason covers what no entry does', () => {
    const resources = [
      resource({
        ...accepted([{ rule: 'image-pinned', severity: 'warning', reason: 'accepted' }]),
        'consul-gitops/ignore': 'image-pinned',
        'consul-gitops/ignore-reason': 'ignored',
      }),
    ];
    expect(shown(applySuppressions([finding('image-pinned', 'warning'), finding('image-pinned', 'error')], resources))).toEqual([
      'warning image-pinned: something [suppressed: accepted]',
      'error image-pinned: something [suppressed: ignored]',
    ]);
  });

  it.each([
    ['not JSON', '[{', 'is not a JSON list of {rule, severity, reason}'],
    ['JSON but not a list', '{"rule":"image-pinned"}', 'is not a JSON list of {rule, severity, reason}'],
    ['not text at all', 7, 'is not a JSON list of {rule, severity, reason}'],
    ['an entry that is null', '[null]', 'entry 0 needs rule, severity (error, warning or info) and reason'],
    ['no rule', '[{"severity":"error","reason":"r"}]', 'entry 0 needs rule, severity (error, warning or info) and reason'],
    ['no severity', '[{"rule":"image-pinned","reason":"r"}]', 'entry 0 needs rule, severity (error, warning or info) and reason'],
    [
      'an unknown severity',
      '[{"rule":"image-pinned","severity":"fatal","reason":"r"}]',
      'entry 0 needs rule, severity (error, warning or info) and reason',
    ],
    [
      'a severity that is not text',
      '[{"rule":"image-pinned","severity":2,"reason":"r"}]',
      'entry 0 needs rule, severity (error, warning or info) and reason',
    ],
    ['no reason', '[{"rule":"image-pinned","severity":"error"}]', 'entry 0 needs rule, severity (error, warning or info) and reason'],
    [
      'a reason that is not text',
      '[{"rule":"image-pinned","severity":"error","reason":1}]',
      'entry 0 needs rule, severity (error, warning or info) and reason',
    ],
    [
      'a blank reason',
      '[{"rule":"image-pinned","severity":"error","reason":" "}]',
      'entry 0 needs rule, severity (error, warning or info) and reason',
    ],
    [
      'a second entry without a reason',
      '[{"rule":"image-pinned","severity":"error","reason":"r"},{"rule":"pod-non-root","severity":"error"}]',
      'entry 1 needs rule, severity (error, warning or info) and reason',
    ],
    ['a match that is not text', '[{"rule":"image-pinned","severity":"error","reason":"r","match":3}]', 'entry 0: match must be text'],
  ])('unreadable (%s): an error at the annotation, and nothing is suppressed', (_case, value, problem) => {
    const result = applySuppressions([finding('image-pinned', 'error')], [resource({ 'consul-gitops/accepted-risks': value })]);
    expect(shown(result)).toEqual([
      'error image-pinned: something',
      `error suppression /metadata/annotations/consul-gitops~1accepted-risks: consul-gitops/accepted-risks ${problem}`,
    ]);
    expect(result[1]?.hint).toMatch(/acceptedRisks in environments\.yaml.*consul-gitops generate/);
  });

  it('an entry naming an unknown rule is an error; the known entries still apply, their reasons trimmed', () => {
    const resources = [
      resource(
        accepted([
          { rule: 'image-pined', severity: 'error', reason: 'typo' },
          { rule: 'image-pinned', severity: 'error', reason: '  kept  ' },
        ]),
      ),
    ];
    expect(shown(applySuppressions([finding('image-pinned', 'error')], resources))).toEqual([
      'error image-pinned: something [suppressed: kept]',
      'error suppression /metadata/annotations/consul-gitops~1accepted-risks: consul-gitops/accepted-risks names unknown rule(s) image-pined: see `consul-gitops rules`',
    ]);
  });
});

describe('applySuppressions: which findings a suppression reaches', () => {
  const ignoreAll = { 'consul-gitops/ignore': 'image-pinned', 'consul-gitops/ignore-reason': 'accepted' };

  it('only findings on the annotated resource: same kind, name and namespace', () => {
    const resources = [resource(ignoreAll, 'consul-server', 'consul-prod')];
    const result = applySuppressions(
      [
        finding('image-pinned', 'error', 'here', 'consul-server', 'consul-prod'),
        finding('image-pinned', 'error', 'other namespace', 'consul-server', 'consul-dev'),
        finding('image-pinned', 'error', 'no namespace', 'consul-server'),
        finding('image-pinned', 'error', 'other name', 'consul-client', 'consul-prod'),
        {
          ...finding('image-pinned', 'error', 'other kind', 'consul-server', 'consul-prod'),
          resource: { kind: 'DaemonSet', name: 'consul-server', namespace: 'consul-prod' },
        },
      ],
      resources,
    );
    expect(result.filter((entry) => entry.suppressed).map((entry) => entry.message)).toEqual(['here']);
  });

  it('a finding without a resource (a stage finding) is never suppressed, and resources without annotations change nothing', () => {
    const stage: Finding = { rule: 'kustomize-build', severity: 'error', message: 'build failed' };
    const result = applySuppressions(
      [stage, finding('image-pinned', 'error')],
      [resource(ignoreAll), resource(undefined, 'consul-client'), resource({ other: 'x' }, 'consul-sync')],
    );
    expect(result[0]).toBe(stage);
    expect(result).toHaveLength(2);
  });

  it('pure: the input findings are not changed', () => {
    const input = [finding('image-pinned', 'error')];
    const copy = structuredClone(input);
    applySuppressions(input, [resource(ignoreAll)]);
    expect(input).toEqual(copy);
  });
});

describe('applySuppressions inside an environment of the spec: only its acceptedRisks accept a finding', () => {
  const prod = {
    name: 'prod',
    acceptedRisks: [{ rule: 'image-pinned', kind: 'StatefulSet', name: 'consul-server', severity: 'warning' as const }],
  };

  it('a hand-written ignore accepts nothing and names the spec entry to write instead', () => {
    const resources = [resource({ 'consul-gitops/ignore': 'pod-non-root', 'consul-gitops/ignore-reason': 'we will fix it later on' })];
    expect(shown(applySuppressions([finding('pod-non-root', 'error')], resources, { environment: prod }))).toEqual([
      'error pod-non-root: something',
      'error suppression /metadata/annotations/consul-gitops~1ignore: consul-gitops/ignore in environment prod accepts nothing: only acceptedRisks in environments.yaml accept a finding here; write environments.prod.acceptedRisks: - {rule: pod-non-root, kind: StatefulSet, name: consul-server, severity: <error|warning|info>, reason: "<why, 10+ characters>"}, run `consul-gitops generate` and remove the annotation',
    ]);
  });

  it('an ignore-reason alone is the same error, at its own annotation, with a placeholder rule', () => {
    const result = applySuppressions([], [resource({ 'consul-gitops/ignore-reason': 'no rule named at all' })], { environment: prod });
    expect(shown(result)).toEqual([
      expect.stringMatching(
        /^error suppression \/metadata\/annotations\/consul-gitops~1ignore-reason: .*\{rule: <rule>, kind: StatefulSet/,
      ),
    ]);
  });

  it('a cluster-scoped object is named as base/ names it, without the -<env> suffix', () => {
    const role: ParsedResource = {
      ...resource(
        { 'consul-gitops/ignore': 'rbac-no-wildcard', 'consul-gitops/ignore-reason': 'a reason of some length' },
        'consul-sync-catalog-prod',
      ),
      ref: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'consul-sync-catalog-prod' },
    };
    expect(shown(applySuppressions([], [role], { environment: prod }))[0]).toContain(
      '{rule: rbac-no-wildcard, kind: ClusterRole, name: consul-sync-catalog, severity',
    );
  });

  it('an accepted-risks entry the spec lists is honoured; one it does not list accepts nothing and says so', () => {
    const resources = [
      resource(
        accepted([
          { rule: 'image-pinned', severity: 'warning', reason: 'digests come with the next release' },
          { rule: 'pod-non-root', severity: 'error', reason: 'hand-written, not in the spec' },
        ]),
      ),
    ];
    expect(
      shown(applySuppressions([finding('image-pinned', 'warning'), finding('pod-non-root', 'error')], resources, { environment: prod })),
    ).toEqual([
      'warning image-pinned: something [suppressed: digests come with the next release]',
      'error pod-non-root: something',
      'error suppression /metadata/annotations/consul-gitops~1accepted-risks: consul-gitops/accepted-risks accepts pod-non-root (error) on this resource, but environments.prod.acceptedRisks does not list it, so it accepts nothing: only the spec accepts a finding in an environment; list it there and run `consul-gitops generate`',
    ]);
  });

  it('an entry that differs from the spec in severity or match is not the spec entry', () => {
    const resources = [resource(accepted([{ rule: 'image-pinned', severity: 'error', reason: 'more than the spec accepts' }]))];
    const result = applySuppressions([finding('image-pinned', 'error')], resources, { environment: prod });
    expect(result.filter((entry) => entry.suppressed)).toEqual([]);
    expect(result.map((entry) => entry.rule)).toEqual(['image-pinned', 'suppression']);
  });
});

describe('applySuppressions: an accepted risk that matches no finding is stale', () => {
  const risk = { rule: 'image-pinned', kind: 'StatefulSet', name: 'consul-server', severity: 'warning' as const };
  const env = (tier: string) => ({ name: 'prod', tier, acceptedRisks: [risk] });
  const annotated = [resource(accepted([{ rule: 'image-pinned', severity: 'warning', reason: 'digest not resolved yet' }]))];
  const checked = new Set(['image-pinned']);
  const STALE =
    ' suppression /metadata/annotations/consul-gitops~1accepted-risks: the accepted risk image-pinned (warning findings) on this resource matches no finding: remove it from environments.prod.acceptedRisks, or a leftover entry will hide a later real finding';

  it('in production an error, elsewhere a warning, at the accepted-risks annotation', () => {
    expect(shown(applySuppressions([], annotated, { environment: env('production'), checkedRules: checked }))).toEqual([`error${STALE}`]);
    expect(shown(applySuppressions([], annotated, { environment: env('staging'), checkedRules: checked }))).toEqual([`warning${STALE}`]);
  });

  it('an entry that covers a finding is in use', () => {
    expect(
      shown(applySuppressions([finding('image-pinned', 'warning')], annotated, { environment: env('production'), checkedRules: checked })),
    ).toEqual(['warning image-pinned: something [suppressed: digest not resolved yet]']);
  });

  it('a rule that did not run (validate --rules, a diff rule) is not judged, nor is a render outside an environment', () => {
    expect(applySuppressions([], annotated, { environment: env('production'), checkedRules: new Set(['pod-non-root']) })).toEqual([]);
    expect(applySuppressions([], annotated, { environment: env('production') })).toEqual([]);
    expect(applySuppressions([], annotated, { checkedRules: checked })).toEqual([]);
  });
});
