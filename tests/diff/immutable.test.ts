/**
 * immutable-field-change (diff/immutable.ts) on small StatefulSets written out here: which spec fields count, how
 * the server's claim templates leave class and size to storage-class-change, the values the message shows, and
 * every step and caution of the orphan-delete plan.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { immutableFindings, immutablePlan } from '../../tools/src/diff/immutable.js';
import type { StatefulSetUpdateFacts } from '../../tools/src/model/facts.js';
import type { Finding } from '../../tools/src/model/finding.js';
import { parseRendered } from '../../tools/src/parse/documents.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';

const facts: StatefulSetUpdateFacts = {
  source: 'test',
  how: 'test',
  mutableSpecFields: ['replicas', 'template'],
  mutableInLaterReleases: { revisionHistoryLimit: 'later' },
  specFields: [],
  defaults: { podManagementPolicy: 'OrderedReady', serviceName: '' },
};

const parse = (...objects: Record<string, unknown>[]): ParsedResource[] =>
  parseRendered({ yaml: objects.map((object) => stringify(object)).join('---\n'), file: 'overlays/prod', rendered: true }).resources;

const statefulSet = (name: string, spec: Record<string, unknown>, namespace: string | undefined = 'ns', kind = 'StatefulSet') => ({
  apiVersion: kind === 'StatefulSet' ? 'apps/v1' : 'apps/v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec,
});

const claim = (name: string, spec: Record<string, unknown> = {}) => ({
  metadata: { name },
  spec: { storageClassName: 'ssd', resources: { requests: { storage: '10Gi' } }, accessModes: ['ReadWriteOnce'], ...spec },
});

/** The findings of one StatefulSet changed from `before` to `after` (spec objects). */
const found = (before: Record<string, unknown>, after: Record<string, unknown>, name = 'consul-server'): Finding[] =>
  immutableFindings(facts, parse(statefulSet(name, before)), parse(statefulSet(name, after)), 'consul-server');
const paths = (before: Record<string, unknown>, after: Record<string, unknown>, name = 'consul-server') =>
  found(before, after, name).map((finding) => finding.path);

describe('immutableFindings', () => {
  it('a field the facts list as mutable, or made mutable later, is no finding; any other is, at /spec/<field>', () => {
    expect(
      paths({ replicas: 3, template: { a: 1 }, revisionHistoryLimit: 1 }, { replicas: 5, template: { a: 2 }, revisionHistoryLimit: 2 }),
    ).toEqual([]);
    expect(paths({ minReadySeconds: 1 }, { minReadySeconds: 2 })).toEqual(['/spec/minReadySeconds']);
  });

  it('every immutable field that changes, in field name order, each with the message naming the mutable fields', () => {
    const findings = found(
      { serviceName: 'a', selector: { matchLabels: { app: 'x' } }, podManagementPolicy: 'Parallel' },
      { serviceName: 'b', selector: { matchLabels: { app: 'y' } }, podManagementPolicy: 'OrderedReady' },
    );
    expect(findings.map((finding) => finding.path)).toEqual(['/spec/podManagementPolicy', '/spec/selector', '/spec/serviceName']);
    expect(findings.map((finding) => finding.message)).toEqual([
      'spec.podManagementPolicy changes from Parallel to OrderedReady: the API server accepts StatefulSet spec updates only to replicas, template, revisionHistoryLimit, so it rejects this one and the Argo CD sync fails at this resource, half-way',
      'spec.selector changes from {"matchLabels":{"app":"x"}} to {"matchLabels":{"app":"y"}}: the API server accepts StatefulSet spec updates only to replicas, template, revisionHistoryLimit, so it rejects this one and the Argo CD sync fails at this resource, half-way',
      'spec.serviceName changes from a to b: the API server accepts StatefulSet spec updates only to replicas, template, revisionHistoryLimit, so it rejects this one and the Argo CD sync fails at this resource, half-way',
    ]);
    expect(findings[0]).toMatchObject({
      rule: 'immutable-field-change',
      severity: 'error',
      resource: { kind: 'StatefulSet', name: 'consul-server', namespace: 'ns' },
      location: { file: 'overlays/prod' },
      hint: expect.stringMatching(/^Keep the field as it is; to change it anyway, accept immutable-field-change/),
    });
  });

  it('an absent field compares as its default; a field added or removed without a default shows (none), an empty string (empty)', () => {
    expect(paths({ serviceName: '' }, {})).toEqual([]);
    expect(paths({}, { podManagementPolicy: 'OrderedReady' })).toEqual([]);
    const messages = [...found({}, { selector: { a: 1 } }), ...found({ selector: { a: 1 } }, {}), ...found({ serviceName: 'a' }, {})].map(
      (finding) => finding.message.slice(0, finding.message.indexOf(': the API server')),
    );
    expect(messages).toEqual([
      'spec.selector changes from (none) to {"a":1}',
      'spec.selector changes from {"a":1} to (none)',
      'spec.serviceName changes from a to (empty)',
    ]);
  });

  it('a value longer than 80 characters is cut to 77 and "..."; one of exactly 80 is shown whole', () => {
    const long = 'x'.repeat(81);
    const exact = 'y'.repeat(80);
    const [cut, whole] = [found({ serviceName: 'a' }, { serviceName: long }), found({ serviceName: 'a' }, { serviceName: exact })];
    expect(cut[0]?.message).toContain(`to ${'x'.repeat(77)}...: the API server`);
    expect(whole[0]?.message).toContain(`to ${exact}: the API server`);
  });

  it("the server's claim templates: only what is not class or size counts, matched by name, at the field inside the template", () => {
    const before = { volumeClaimTemplates: [claim('data'), claim('logs')] };
    // class and size are storage-class-change's
    expect(
      paths(before, {
        volumeClaimTemplates: [claim('data', { storageClassName: 'hdd', resources: { requests: { storage: '20Gi' } } }), claim('logs')],
      }),
    ).toEqual([]);
    // templates reordered and one added: matched by name, the added one is storage-class-change's
    expect(
      paths(before, { volumeClaimTemplates: [claim('new'), claim('logs', { accessModes: ['ReadWriteOncePod'] }), claim('data')] }),
    ).toEqual(['/spec/volumeClaimTemplates/1/spec/accessModes/0']);
    const [finding] = found(before, { volumeClaimTemplates: [claim('data', { volumeMode: 'Block' }), claim('logs')] });
    expect(finding).toMatchObject({
      path: '/spec/volumeClaimTemplates/0/spec/volumeMode',
      message: expect.stringMatching(/^spec\.volumeClaimTemplates\.0\.spec\.volumeMode changes from \(none\) to Block: /),
    });
  });

  it('a claim template without a spec, or with no storage request, still compares the rest', () => {
    expect(
      paths(
        { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] },
        { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOncePod'] } }] },
      ),
    ).toEqual(['/spec/volumeClaimTemplates/0/spec/accessModes/0']);
    expect(
      paths(
        { volumeClaimTemplates: [{ metadata: { name: 'data' } }] },
        { volumeClaimTemplates: [{ metadata: { name: 'data', labels: { a: 'b' } } }] },
      ),
    ).toEqual(['/spec/volumeClaimTemplates/0/metadata/labels']);
    expect(
      paths(
        { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { limits: { storage: '1Gi' } } } }] },
        { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { limits: { storage: '2Gi' } } } }] },
      ),
    ).toEqual(['/spec/volumeClaimTemplates/0/spec/resources/limits/storage']);
  });

  it('another StatefulSet: its claim templates count whole, class and size included', () => {
    const before = { volumeClaimTemplates: [claim('data')] };
    const after = { volumeClaimTemplates: [claim('data', { storageClassName: 'hdd' })] };
    expect(paths(before, after, 'other')).toEqual(['/spec/volumeClaimTemplates']);
    expect(paths(before, after)).toEqual([]);
  });

  it('only StatefulSets of the same name and namespace on both sides; a new one is no finding', () => {
    const base = parse(
      statefulSet('consul-server', { serviceName: 'a' }, 'one'),
      statefulSet('web', { serviceName: 'a' }, 'ns', 'Deployment'),
    );
    const head = parse(
      statefulSet('consul-server', { serviceName: 'b' }, 'two'),
      statefulSet('web', { serviceName: 'b' }, 'ns', 'Deployment'),
      statefulSet('added', { serviceName: 'b' }),
    );
    expect(immutableFindings(facts, base, head, 'consul-server')).toEqual([]);
    const sameNamespace = parse(statefulSet('consul-server', { serviceName: 'b' }, 'one'));
    expect(immutableFindings(facts, base, sameNamespace, 'consul-server').map((finding) => finding.path)).toEqual(['/spec/serviceName']);
    // another StatefulSet of the namespace is not the one before
    const two = parse(statefulSet('web', { serviceName: 'x' }), statefulSet('consul-server', { serviceName: 'a' }));
    expect(immutableFindings(facts, two, parse(statefulSet('consul-server', { serviceName: 'a' })), 'consul-server')).toEqual([]);
  });

  it('a StatefulSet without a spec on one side compares its fields against nothing', () => {
    const base = parse({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'ns' } });
    const head = parse(statefulSet('web', { selector: { a: 1 } }));
    expect(immutableFindings(facts, base, head, 'consul-server').map((finding) => finding.path)).toEqual(['/spec/selector']);
    expect(immutableFindings(facts, head, base, 'consul-server').map((finding) => finding.path)).toEqual(['/spec/selector']);
  });

  it('keeps the origin of the StatefulSet when the render names one', () => {
    const withOrigin = (spec: Record<string, unknown>) =>
      parse(statefulSet('web', spec)).map((resource) => Object.assign(resource, { origin: { file: 'base/web.yaml' } }));
    const [finding] = immutableFindings(facts, withOrigin({ serviceName: 'a' }), withOrigin({ serviceName: 'b' }), 'consul-server');
    expect(finding?.origin).toMatchObject({ file: 'base/web.yaml' });
    expect(found({ serviceName: 'a' }, { serviceName: 'b' })[0]).not.toHaveProperty('origin');
  });
});

describe('immutablePlan', () => {
  const finding = (name: string, path: string, extra: Partial<Finding> = {}): Finding => ({
    rule: 'immutable-field-change',
    severity: 'error',
    message: 'm',
    resource: { apiVersion: 'apps/v1', kind: 'StatefulSet', name, namespace: 'ns' },
    path,
    ...extra,
  });
  const head = parse(statefulSet('consul-server', { replicas: 5 }, 'consul-prod'), statefulSet('web', { replicas: 2 }, 'web-ns'));

  it('one plan per StatefulSet, its fields once each, every step with the counts of its replicas', () => {
    const plans = immutablePlan(
      [
        finding('consul-server', '/spec/podManagementPolicy'),
        finding('consul-server', '/spec/podManagementPolicy'),
        finding('web', '/spec/minReadySeconds'),
        finding('consul-server', '/spec/volumeClaimTemplates/0/spec/volumeMode'),
        { ...finding('consul-server', '/spec/selector'), rule: 'storage-class-change' },
      ],
      head,
      'prod',
    );
    expect(plans.map((plan) => [plan.rule, plan.change, plan.accepted])).toEqual([
      ['immutable-field-change', 'StatefulSet/consul-server spec.podManagementPolicy, spec.volumeClaimTemplates', false],
      ['immutable-field-change', 'StatefulSet/web spec.minReadySeconds', false],
    ]);
    expect(plans[0]?.steps).toEqual([
      {
        title: 'accept, merge, hold the sync',
        action:
          "accept immutable-field-change on StatefulSet/consul-server in environments.prod.acceptedRisks (severity error, with a reason), run `npx consul-gitops generate`, merge; pause automated sync of the environment's Argo CD Application",
      },
      {
        title: 'orphan-delete the StatefulSet: 5 of 5 voters up (quorum 3, tolerates 2), nothing stops',
        action: 'kubectl -n consul-prod delete statefulset consul-server --cascade=orphan (the pods and their claims stay)',
        caution:
          "existing claims keep their old spec: only a claim created after the change gets the new one (delete a server's claim with its pod to recreate it, one server at a time, and let it resync from the others)",
      },
      {
        title:
          'sync: Argo CD creates the StatefulSet with the new spec and adopts the running pods; 5 of 5 voters up (quorum 3, tolerates 2)',
        action:
          'sync the Application (re-enable automated sync); check `kubectl -n consul-prod get statefulset consul-server` shows 5/5 ready',
      },
      {
        title: 'roll the pods one at a time: at worst 4 of 5 voters up (quorum 3)',
        action:
          'from the highest ordinal down: kubectl -n consul-prod delete pod consul-server-<i>, then wait until `consul operator raft list-peers` shows 5 voters before the next',
      },
    ]);
    // two replicas: one of two is no quorum, so the roll has its caution; no field with a caution of its own
    expect(plans[1]?.steps[1]).not.toHaveProperty('caution');
    expect(plans[1]?.steps[3]).toEqual({
      title: 'roll the pods one at a time: at worst 1 of 2 voters up (quorum 2)',
      action:
        'from the highest ordinal down: kubectl -n web-ns delete pod web-<i>, then wait until `consul operator raft list-peers` shows 2 voters before the next',
      caution: '1 of 2 voters are not a quorum: the datacenter is unavailable while a pod restarts; take `consul snapshot save` first',
    });
  });

  it('the cautions of selector and serviceName, joined in that order', () => {
    const [plan] = immutablePlan([finding('consul-server', '/spec/serviceName'), finding('consul-server', '/spec/selector')], head, 'prod');
    expect(plan?.change).toBe('StatefulSet/consul-server spec.serviceName, spec.selector');
    expect(plan?.steps[1]?.caution).toBe(
      'the new selector must match the labels of the running pods, or the new StatefulSet cannot adopt them and cannot create pods with their names; pod DNS names move to the new governing Service: the server certificate must name them, and retry_join must resolve them',
    );
  });

  it('a StatefulSet the head does not have: a placeholder namespace and one replica; accepted when every finding is', () => {
    const [plan] = immutablePlan(
      [
        finding('gone', '/spec/selector', { suppressed: { reason: 'r' } }),
        finding('gone', '/spec/serviceName', { suppressed: { reason: 'r' } }),
      ],
      head,
      'prod',
    );
    expect(plan?.accepted).toBe(true);
    expect(plan?.steps[1]?.action).toBe(
      'kubectl -n <namespace of prod> delete statefulset gone --cascade=orphan (the pods and their claims stay)',
    );
    expect(plan?.steps[3]).toMatchObject({
      title: 'roll the pods one at a time: at worst 0 of 1 voters up (quorum 1)',
      caution: '0 of 1 voters are not a quorum: the datacenter is unavailable while a pod restarts; take `consul snapshot save` first',
    });
    const [partly] = immutablePlan(
      [finding('gone', '/spec/selector', { suppressed: { reason: 'r' } }), finding('gone', '/spec/serviceName')],
      head,
      'prod',
    );
    expect(partly?.accepted).toBe(false);
  });

  it('three replicas keep a quorum while one pod restarts: no caution on the roll; no plan without a finding of the rule', () => {
    const three = parse(statefulSet('consul-server', { replicas: 3 }));
    const [plan] = immutablePlan([finding('consul-server', '/spec/minReadySeconds')], three, 'prod');
    expect(plan?.steps[3]).toEqual({
      title: 'roll the pods one at a time: at worst 2 of 3 voters up (quorum 2)',
      action: expect.stringContaining('kubectl -n ns delete pod consul-server-<i>'),
    });
    const { resource: _resource, ...unplaced } = finding('consul-server', '/spec/selector');
    expect(immutablePlan([unplaced], three, 'prod')).toEqual([]);
    expect(immutablePlan([], three, 'prod')).toEqual([]);
  });
});
