/**
 * Consul impact of a change, on the prod render edited in memory. The render is the golden file
 * tests/fixtures/golden/prod.yaml, which tests/generate/golden.test.ts holds equal to a real kustomize build of
 * overlays/prod: a fixture, so that these tests also run in Stryker's sandbox, which has no overlays/ (before,
 * they were skipped there and killed no mutant).
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { assessEnvironment, DIFF_RULES, serverSummary } from '../../tools/src/diff/consul-impact.js';
import { pinnedFacts } from '../../tools/src/facts/pinned.js';
import { parseRendered } from '../../tools/src/parse/documents.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';
import { REPO_ROOT } from '../helpers/repo.js';

const prodYaml = readFileSync(`${REPO_ROOT}/tests/fixtures/golden/prod.yaml`, 'utf8');
/** The render parsed once: each test edits a deep copy of its objects (every mutant Stryker runs pays these parses). */
const golden = parseRendered({ yaml: prodYaml, file: 'overlays/prod', rendered: true }).resources;
const reparse = (objects: unknown[]): ParsedResource[] =>
  parseRendered({ yaml: objects.map((object) => stringify(object)).join('---\n'), file: 'overlays/prod', rendered: true }).resources;
let unedited: ParsedResource[] | undefined;

/** A parse of the prod render, edited by `edit` (objects are plain JSON); the unedited one is parsed once and shared. */
function prod(edit?: (find: (kind: string, name: string) => Record<string, any>) => void): ParsedResource[] {
  if (!edit) return (unedited ??= reparse(golden.map((resource) => resource.object)));
  const objects = golden.map((resource) => ({ ref: resource.ref, object: structuredClone(resource.object) }));
  edit((kind, name) => {
    const found = objects.find((resource) => resource.ref.kind === kind && resource.ref.name === name);
    if (!found) throw new Error(`${kind}/${name} not in the render`);
    return found.object as Record<string, any>;
  });
  return reparse(objects.map((resource) => resource.object));
}

const assess = (head: ParsedResource[]) => assessEnvironment({ path: 'overlays/prod', environment: 'prod', base: prod(), head });
const rules = (head: ParsedResource[]) =>
  assess(head).findings.map((finding) => `${finding.severity} ${finding.rule}${finding.suppressed ? ' (suppressed)' : ''}`);
const setImage = (image: string) => (find: (kind: string, name: string) => Record<string, any>) => {
  find('StatefulSet', 'consul-server').spec.template.spec.containers[0].image = image;
};

describe('assessEnvironment', () => {
  it('finds nothing and no resource change for an identical render', () => {
    const impact = assess(prod());
    expect(impact).toMatchObject({ status: 'unchanged', resources: [], findings: [] });
  });

  it('a config change that reaches the pod template (its checksum) rolls the servers, and says what that costs', () => {
    const impact = assess(
      prod((find) => {
        find('ConfigMap', 'consul-server-config').data['log-level.json'] = '{"log_level": "DEBUG"}';
        find('StatefulSet', 'consul-server').spec.template.metadata.annotations['consul.hashicorp.com/config-checksum'] = 'new';
      }),
    );
    expect(impact.rollouts).toEqual([
      'rolls the servers (StatefulSet/consul-server, a config change): the 5 servers restart one at a time; while each restarts, 4 of 5 voters remain (quorum 3), so the datacenter tolerates 1 more failure(s) during the roll instead of 2',
    ]);
    expect(assess(prod()).rollouts).toEqual([]);
  });

  it('a larger server claim is an error with an expansion plan: check the class, accept, expand each claim, orphan-delete and resync', () => {
    const impact = assess(
      prod((find) => void (find('StatefulSet', 'consul-server').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '100Gi')),
    );
    expect(impact.findings.map((finding) => finding.message)).toEqual([
      'server claim data grows from 50Gi to 100Gi: volumeClaimTemplates cannot change in place, so the sync is rejected; the claims can expand where the StorageClass allows it: follow the plan',
    ]);
    expect(impact.plans.map((plan) => [plan.rule, plan.change, plan.accepted, plan.steps.map((step) => step.title)])).toEqual([
      [
        'storage-class-change',
        'server claim data 50Gi -> 100Gi',
        false,
        [
          'check that premium-ssd can expand volumes',
          'accept, merge, hold the sync',
          'expand each server claim to 100Gi: 5 of 5 voters up (quorum 3, tolerates 2), nothing stops',
          'orphan-delete the StatefulSet and sync: Argo CD recreates it with the new claim template and adopts the running pods; 5 of 5 voters up (quorum 3, tolerates 2)',
        ],
      ],
    ]);
    expect(impact.plans[0]?.steps[2]?.action).toContain(
      `kubectl -n consul-prod patch pvc data-consul-server-<i> -p '{"spec":{"resources":{"requests":{"storage":"100Gi"}}}}'`,
    );
  });

  it('a larger server claim with storage-class-change off in the spec: no finding and no plan, as for the other rules', () => {
    const impact = assessEnvironment({
      path: 'overlays/prod',
      environment: 'prod',
      base: prod(),
      head: prod(
        (find) => void (find('StatefulSet', 'consul-server').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '100Gi'),
      ),
      overrides: { 'storage-class-change': 'off' },
    });
    expect(impact.findings).toEqual([]);
    expect(impact.plans).toEqual([]);
  });

  it('a smaller server claim is an error without a plan: claims never shrink', () => {
    const impact = assess(
      prod((find) => void (find('StatefulSet', 'consul-server').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '20Gi')),
    );
    expect(impact.findings.map((finding) => finding.message)).toEqual([
      'server claim data shrinks from 50Gi to 20Gi: Kubernetes never shrinks a claim, and volumeClaimTemplates cannot change in place; keep 50Gi, or migrate the servers to new claims',
    ]);
    expect(impact.plans).toEqual([]);
  });

  it('summarises a server count change with quorum and tolerated failures', () => {
    const impact = assess(prod((find) => void (find('StatefulSet', 'consul-server').spec.replicas = 7)));
    expect(serverSummary(impact.before, impact.after)[0]).toBe(
      'servers: 5 (quorum 3, tolerates 2 failures) -> 7 (quorum 4, tolerates 3 failures)',
    );
    expect(impact.findings).toEqual([]);
  });

  it('a larger claim says whether its class lets the existing claims grow (cluster facts), and nothing without them', () => {
    const grown = prod(
      (find) => void (find('StatefulSet', 'consul-server').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '100Gi'),
    );
    const shrunk = prod(
      (find) => void (find('StatefulSet', 'consul-server').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '10Gi'),
    );
    const message = (head: ParsedResource[], allowVolumeExpansion?: boolean) =>
      assessEnvironment({
        path: 'overlays/prod',
        environment: 'prod',
        base: prod(),
        head,
        ...(allowVolumeExpansion === undefined
          ? {}
          : {
              storageClasses: [
                {
                  name: 'premium-ssd',
                  provisioner: 'p',
                  volumeBindingMode: 'WaitForFirstConsumer' as const,
                  allowVolumeExpansion,
                  zonal: true,
                },
              ],
            }),
      }).findings.find((finding) => finding.rule === 'storage-class-change')?.message;
    expect(message(grown, true)).toMatch(
      /follow the plan; StorageClass premium-ssd allows expansion: grow each existing claim \(kubectl patch pvc\)/,
    );
    expect(message(grown, false)).toMatch(
      /; StorageClass premium-ssd does not allow volume expansion \(allowVolumeExpansion false\): the existing claims cannot grow at all/,
    );
    expect(message(grown)).toMatch(/follow the plan$/);
    expect(message(shrunk, false)).toMatch(/or migrate the servers to new claims$/);
  });

  it.each([
    {
      behaviour: 'a storage class change is an error',
      edit: (find: any) => void (find('StatefulSet', 'consul-server').spec.volumeClaimTemplates[0].spec.storageClassName = 'fast-ssd'),
      expected: ['error storage-class-change'],
    },
    {
      behaviour: 'a claim size change is an error of the same rule',
      edit: (find: any) =>
        void (find('StatefulSet', 'consul-server').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '100Gi'),
      expected: ['error storage-class-change'],
    },
    { behaviour: 'one minor version up is fine', edit: setImage('hashicorp/consul:1.23.0'), expected: [] },
    { behaviour: 'two minor versions up is a jump', edit: setImage('hashicorp/consul:1.24.1'), expected: ['error consul-version-jump'] },
    { behaviour: 'a major version change is a jump', edit: setImage('hashicorp/consul:2.0.0'), expected: ['error consul-version-jump'] },
    { behaviour: 'a downgrade is a warning', edit: setImage('hashicorp/consul:1.21.3'), expected: ['warning consul-version-jump'] },
    {
      behaviour: 'a patch downgrade is a warning too',
      edit: setImage('hashicorp/consul:1.22.5'),
      expected: ['warning consul-version-jump'],
    },
    { behaviour: 'a patch upgrade is fine', edit: setImage('hashicorp/consul:1.22.9'), expected: [] },
    {
      behaviour: 'switching ACLs off is a security downgrade',
      edit: (find: any) => void delete find('ConfigMap', 'consul-server-config').data['30-acl.json'],
      expected: ['error security-downgrade'],
    },
    {
      behaviour: 'a storage change accepted on the StatefulSet with a reason is suppressed',
      edit: (find: any) => {
        const statefulSet = find('StatefulSet', 'consul-server');
        statefulSet.spec.volumeClaimTemplates[0].spec.storageClassName = 'fast-ssd';
        statefulSet.metadata.annotations = {
          ...statefulSet.metadata.annotations,
          'consul-gitops/ignore': 'storage-class-change',
          'consul-gitops/ignore-reason': 'migrated by runbook 42',
        };
      },
      expected: ['error storage-class-change (suppressed)'],
    },
  ])('$behaviour', ({ edit, expected }) => expect(rules(prod(edit))).toEqual(expected));

  const replicas = (count: number) => (find: (kind: string, name: string) => Record<string, any>) => {
    find('StatefulSet', 'consul-server').spec.replicas = count;
  };
  const scale = (count: number, tier?: 'development' | 'staging' | 'production') =>
    assessEnvironment({
      path: 'overlays/prod',
      environment: 'prod',
      base: prod(),
      head: prod(replicas(count)),
      ...(tier ? { tier } : {}),
    }).findings.filter((finding) => finding.rule === 'server-scale-step');

  describe('server-scale-step', () => {
    it('passes 5 -> 4 (one server) with no finding and no plan', () => {
      const impact = assess(prod(replicas(4)));
      expect(impact.findings.filter((finding) => finding.rule === 'server-scale-step')).toEqual([]);
      expect(impact.plans).toEqual([]);
    });

    it.each([
      {
        change: '5 -> 3 in production',
        count: 3,
        tier: 'production' as const,
        severity: 'error',
        message:
          /^servers 5 -> 3 removes 2 servers in one change: .*stops consul-server-3, consul-server-4 together; .*3 of 5 voters are up \(quorum 3\), tolerating 0 failures where one server at a time keeps 1$/,
      },
      { change: '5 -> 3 with no tier known', count: 3, tier: undefined, severity: 'error', message: /removes 2 servers in one change/ },
      {
        change: '5 -> 3 in development',
        count: 3,
        tier: 'development' as const,
        severity: 'warning',
        message: /removes 2 servers in one change/,
      },
      {
        change: '5 -> 1 in staging',
        count: 1,
        tier: 'staging' as const,
        severity: 'error',
        message:
          /^servers 5 -> 1 goes below the old quorum: .*1 of 5 voters are up \(quorum 3\), so a leave that does not complete loses quorum/,
      },
      {
        change: '5 -> 9 in production',
        count: 9,
        tier: 'production' as const,
        severity: 'warning',
        message:
          /^servers 5 -> 9 adds 4 servers at once: if the new servers fail after autopilot promotes them to voters, 5 of 9 voters are up \(quorum 5\), tolerating 0 failures where smaller steps keep 1$/,
      },
      { change: '5 -> 9 in development', count: 9, tier: 'development' as const, severity: 'info', message: /adds 4 servers at once/ },
      {
        change: '5 -> 6 in production (even)',
        count: 6,
        tier: 'production' as const,
        severity: 'warning',
        message: /^servers 5 -> 6 ends on an even count: quorum 4, and still 2 failures tolerated, as with 5$/,
      },
    ])('$change: $severity', ({ count, tier, severity, message }) => {
      const findings = scale(count, tier);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        severity,
        resource: { kind: 'StatefulSet', name: 'consul-server' },
        path: '/spec/replicas',
        hint: expect.stringMatching(/acceptedRisks in environments\.yaml/),
      });
      expect(findings[0]?.message).toMatch(message);
    });

    it('reports a scale-up past what the old servers can carry (5 -> 10) as a quorum loss and an even count', () => {
      const findings = scale(10, 'production');
      expect(findings.map((finding) => finding.severity)).toEqual(['error', 'warning']);
      expect(findings[0]?.message).toMatch(
        /^servers 5 -> 10: the 5 existing servers are not a quorum of 10: .*5 of 10 voters are up \(quorum 6\), and the datacenter has no leader$/,
      );
      expect(findings[1]?.message).toMatch(/^servers 5 -> 10 ends on an even count/);
    });

    it('names the bootstrap_expect change when the config changes with the count', () => {
      const head = prod((find) => {
        replicas(3)(find);
        const config = find('ConfigMap', 'consul-server-config');
        const key = Object.keys(config.data).find((name) => String(config.data[name]).includes('bootstrap_expect')) as string;
        config.data[key] = String(config.data[key]).replace(/"bootstrap_expect": 5/, '"bootstrap_expect": 3');
      });
      expect(assess(head).findings.find((finding) => finding.rule === 'server-scale-step')?.message).toMatch(
        /^servers 5 -> 3 \(bootstrap_expect 5 -> 3\) removes 2/,
      );
    });

    it('follows the spec: an override changes the severity, off drops the finding and its plan', () => {
      const head = prod(replicas(3));
      const overridden = assessEnvironment({
        path: 'overlays/prod',
        environment: 'prod',
        base: prod(),
        head,
        tier: 'production',
        overrides: { 'server-scale-step': 'warning' },
      });
      expect(overridden.findings.map((finding) => `${finding.severity} ${finding.rule}`)).toEqual(['warning server-scale-step']);
      const off = assessEnvironment({
        path: 'overlays/prod',
        environment: 'prod',
        base: prod(),
        head,
        tier: 'production',
        overrides: { 'server-scale-step': 'off' },
      });
      expect(off.findings).toEqual([]);
      expect(off.plans).toEqual([]);
    });

    it('prints the plan of a risky change, marked accepted once the StatefulSet accepts the rule', () => {
      expect(assess(prod(replicas(3))).plans).toEqual([
        expect.objectContaining({
          rule: 'server-scale-step',
          change: 'servers 5 -> 3',
          accepted: false,
          steps: [expect.objectContaining({ from: 5, to: 4 }), expect.objectContaining({ from: 4, to: 3 })],
        }),
      ]);
      const accepted = assess(
        prod((find) => {
          replicas(3)(find);
          const statefulSet = find('StatefulSet', 'consul-server');
          statefulSet.metadata.annotations = {
            ...statefulSet.metadata.annotations,
            'consul-gitops/ignore': 'image-pinned,server-scale-step',
            'consul-gitops/ignore-reason': 'one-step scale-down in the maintenance window',
          };
        }),
      );
      expect(accepted.findings.map((finding) => `${finding.rule} ${finding.suppressed?.reason}`)).toEqual([
        'server-scale-step one-step scale-down in the maintenance window',
      ]);
      expect(accepted.plans.map((plan) => plan.accepted)).toEqual([true]);
    });
  });

  describe('immutable-field-change', () => {
    /** The facts table, read as data: what the API server lets a StatefulSet update change. */
    const table = JSON.parse(readFileSync(`${REPO_ROOT}/tools/facts/kubernetes/statefulset-update.json`, 'utf8')) as {
      source: string;
      mutableSpecFields: string[];
      mutableInLaterReleases: Record<string, string>;
      specFields: string[];
    };
    const newValue: Record<string, (spec: Record<string, any>) => void> = {
      replicas: (spec) => void (spec.replicas = 7),
      selector: (spec) => void (spec.selector.matchLabels = { ...spec.selector.matchLabels, tier: 'servers' }),
      template: (spec) => void (spec.template.metadata.annotations = { ...spec.template.metadata.annotations, touched: 'yes' }),
      volumeClaimTemplates: (spec) => void (spec.volumeClaimTemplates[0].spec.accessModes = ['ReadWriteOncePod']),
      serviceName: (spec) => void (spec.serviceName = 'consul-server-headless'),
      podManagementPolicy: (spec) => void (spec.podManagementPolicy = 'OrderedReady'),
      updateStrategy: (spec) => void (spec.updateStrategy = { type: 'OnDelete' }),
      revisionHistoryLimit: (spec) => void (spec.revisionHistoryLimit = 3),
      minReadySeconds: (spec) => void (spec.minReadySeconds = 10),
      persistentVolumeClaimRetentionPolicy: (spec) =>
        void (spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' }),
      ordinals: (spec) => void (spec.ordinals = { start: 1 }),
    };
    const immutable = (edit: (spec: Record<string, any>) => void) =>
      assess(prod((find) => edit(find('StatefulSet', 'consul-server').spec))).findings.filter(
        (finding) => finding.rule === 'immutable-field-change',
      );

    it('pins the table to the source it names (ValidateStatefulSetUpdate)', () => {
      expect(table.source).toMatch(
        /pkg\/apis\/apps\/validation\/validation\.go, func ValidateStatefulSetUpdate, read at commit [0-9a-f]{40}/,
      );
      expect(table.mutableSpecFields.sort()).toEqual([
        'minReadySeconds',
        'ordinals',
        'persistentVolumeClaimRetentionPolicy',
        'replicas',
        'template',
        'updateStrategy',
      ]);
      expect(Object.keys(newValue).sort()).toEqual([...table.specFields].sort());
    });

    it.each(Object.keys(newValue))('spec.%s: a finding exactly when the table does not list the field as mutable', (field) => {
      const mutable = table.mutableSpecFields.includes(field) || field in table.mutableInLaterReleases;
      const findings = immutable(newValue[field] as (spec: Record<string, any>) => void);
      if (mutable) expect(findings).toEqual([]);
      else {
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({
          severity: 'error',
          resource: { kind: 'StatefulSet', name: 'consul-server' },
          path: expect.stringMatching(new RegExp(`^/spec/${field}`)),
          hint: expect.stringMatching(/acceptedRisks in environments\.yaml/),
        });
        expect(findings[0]?.message).toMatch(
          /the API server accepts StatefulSet spec updates only to replicas, template, updateStrategy, minReadySeconds, ordinals, persistentVolumeClaimRetentionPolicy, revisionHistoryLimit, so it rejects this one and the Argo CD sync fails/,
        );
      }
    });

    it('names the changed claim field and leaves class and size to storage-class-change', () => {
      expect(immutable(newValue.volumeClaimTemplates as (spec: Record<string, any>) => void)[0]).toMatchObject({
        path: '/spec/volumeClaimTemplates/0/spec/accessModes/0',
        message: expect.stringMatching(
          /^spec\.volumeClaimTemplates\.0\.spec\.accessModes\.0 changes from ReadWriteOnce to ReadWriteOncePod/,
        ),
      });
      expect(
        rules(prod((find) => void (find('StatefulSet', 'consul-server').spec.volumeClaimTemplates[0].spec.storageClassName = 'fast-ssd'))),
      ).toEqual(['error storage-class-change']);
    });

    it('treats an absent podManagementPolicy as the default OrderedReady', () => {
      const base = prod((find) => void (find('StatefulSet', 'consul-server').spec.podManagementPolicy = 'OrderedReady'));
      const head = prod((find) => void delete find('StatefulSet', 'consul-server').spec.podManagementPolicy);
      expect(assessEnvironment({ path: 'overlays/prod', environment: 'prod', base, head }).findings).toEqual([]);
    });

    it('judges by the update facts it is passed: serviceName made mutable is no finding, replicas made immutable is one', () => {
      const pinned = pinnedFacts();
      const facts = (mutableSpecFields: string[]) => ({
        controlPlane: pinned.controlPlane,
        statefulSetUpdate: { ...pinned.statefulSetUpdate, mutableSpecFields, mutableInLaterReleases: {} },
      });
      const judged = (edit: (spec: Record<string, any>) => void, mutable: string[]) =>
        assessEnvironment({
          path: 'overlays/prod',
          environment: 'prod',
          base: prod(),
          head: prod((find) => edit(find('StatefulSet', 'consul-server').spec)),
          facts: facts(mutable),
        }).findings.filter((finding) => finding.rule === 'immutable-field-change');
      expect(immutable(newValue.serviceName as (spec: Record<string, any>) => void)).toHaveLength(1);
      expect(judged(newValue.serviceName as (spec: Record<string, any>) => void, ['serviceName', 'replicas', 'template'])).toEqual([]);
      const [finding, ...more] = judged(newValue.replicas as (spec: Record<string, any>) => void, ['template']);
      expect(more).toEqual([]);
      expect(finding).toMatchObject({
        path: '/spec/replicas',
        message: expect.stringMatching(/accepts StatefulSet spec updates only to template, so it rejects/),
      });
    });

    it('prints the orphan-delete plan, accepted once the StatefulSet accepts the rule', () => {
      const impact = assess(prod((find) => void (find('StatefulSet', 'consul-server').spec.podManagementPolicy = 'OrderedReady')));
      expect(impact.plans).toHaveLength(1);
      expect(impact.plans[0]).toMatchObject({
        rule: 'immutable-field-change',
        change: 'StatefulSet/consul-server spec.podManagementPolicy',
        accepted: false,
      });
      expect(impact.plans[0]?.steps.map((step) => step.action)).toEqual([
        expect.stringMatching(/^accept immutable-field-change on StatefulSet\/consul-server in environments\.prod\.acceptedRisks/),
        'kubectl -n consul-prod delete statefulset consul-server --cascade=orphan (the pods and their claims stay)',
        expect.stringMatching(/shows 5\/5 ready$/),
        expect.stringMatching(/delete pod consul-server-<i>, then wait until `consul operator raft list-peers` shows 5 voters/),
      ]);
      expect(impact.plans[0]?.steps[3]?.title).toBe('roll the pods one at a time: at worst 4 of 5 voters up (quorum 3)');
      const accepted = assess(
        prod((find) => {
          const statefulSet = find('StatefulSet', 'consul-server');
          statefulSet.spec.podManagementPolicy = 'OrderedReady';
          statefulSet.metadata.annotations = {
            ...statefulSet.metadata.annotations,
            'consul-gitops/ignore': 'immutable-field-change',
            'consul-gitops/ignore-reason': 'orphan-delete runbook 7',
          };
        }),
      );
      expect(accepted.plans.map((plan) => plan.accepted)).toEqual([true]);
    });
  });

  describe('environment changes', () => {
    const withNamespace = (namespace: string) => prod((find) => void (find('StatefulSet', 'consul-server').metadata.namespace = namespace));
    const setDatacenter = (datacenter: string) => (find: (kind: string, name: string) => Record<string, any>) => {
      const config = find('ConfigMap', 'consul-server-config');
      for (const key of Object.keys(config.data))
        config.data[key] = String(config.data[key]).replace(/"datacenter": "prod"/, `"datacenter": "${datacenter}"`);
    };
    const environmentRules = (impact: ReturnType<typeof assess>) =>
      impact.findings
        .filter((finding) => ['environment-removal', 'namespace-change', 'destination-change', 'datacenter-rename'].includes(finding.rule))
        .map((finding) => `${finding.severity} ${finding.rule}${finding.suppressed ? ' (suppressed)' : ''}`);
    const application = (server: string) => ({
      file: 'argocd/applications/prod.yaml',
      object: { kind: 'Application', spec: { destination: { namespace: 'consul-prod', server }, source: { path: 'overlays/prod' } } },
    });

    it.each([
      {
        behaviour: 'a removed overlay is an environment-removal error',
        input: () => ({ base: prod() }),
        expected: ['error environment-removal'],
      },
      {
        behaviour: 'a removed Application alone is an environment-removal too',
        input: () => ({ base: prod(), head: prod(), applications: { base: application('https://a') } }),
        expected: ['error environment-removal'],
      },
      {
        behaviour: 'a removal in development is a warning',
        input: () => ({ base: prod(), tier: 'development' as const }),
        expected: ['warning environment-removal'],
      },
      {
        behaviour: 'a removal the spec accepts is suppressed with its reason',
        input: () => ({ base: prod(), removalReason: 'retired' }),
        expected: ['error environment-removal (suppressed)'],
      },
      {
        behaviour: 'a namespace change is an error',
        input: () => ({ base: prod(), head: withNamespace('consul-prod-eu') }),
        expected: ['error namespace-change'],
      },
      {
        behaviour: 'a destination change is an error',
        input: () => ({ base: prod(), head: prod(), applications: { base: application('https://a'), head: application('https://b') } }),
        expected: ['error destination-change'],
      },
      {
        behaviour: 'the same destination is no finding',
        input: () => ({ base: prod(), head: prod(), applications: { base: application('https://a'), head: application('https://a') } }),
        expected: [],
      },
      {
        behaviour: 'a datacenter rename is an error',
        input: () => ({ base: prod(), head: prod(setDatacenter('prod-east')) }),
        expected: ['error datacenter-rename'],
      },
      {
        behaviour: 'a datacenter rename in development is a warning',
        input: () => ({ base: prod(), head: prod(setDatacenter('prod-east')), tier: 'development' as const }),
        expected: ['warning datacenter-rename'],
      },
    ])('$behaviour', ({ input, expected }) =>
      expect(environmentRules(assessEnvironment({ path: 'overlays/prod', environment: 'prod', ...input() }))).toEqual(expected),
    );
  });

  describe('security transitions', () => {
    const server = (find: (kind: string, name: string) => Record<string, any>) => find('StatefulSet', 'consul-server').spec.template.spec;
    const renameGossip = (find: (kind: string, name: string) => Record<string, any>) => {
      for (const container of server(find).containers)
        for (const env of container.env ?? [])
          if (/GOSSIP/.test(env.name) && env.valueFrom?.secretKeyRef) env.valueFrom.secretKeyRef.name = 'consul-gossip-key-2';
    };
    const renameCa = (find: (kind: string, name: string) => Record<string, any>) => {
      for (const volume of server(find).volumes) if (volume.name.includes('ca-cert')) volume.secret.secretName = 'consul-ca-cert-2';
    };
    const tlsOff = (find: (kind: string, name: string) => Record<string, any>) => {
      const config = find('ConfigMap', 'consul-server-config');
      for (const key of Object.keys(config.data)) config.data[key] = String(config.data[key]).replace(/"ca_file": "[^"]*",?/, '');
    };
    const verifyIncomingOff = (find: (kind: string, name: string) => Record<string, any>) => {
      const config = find('ConfigMap', 'consul-server-config');
      for (const key of Object.keys(config.data))
        config.data[key] = String(config.data[key]).replace(/("internal_rpc": \{\s*"verify_incoming": )true/, '$1false');
    };
    const tlsInitArg = (find: (kind: string, name: string) => Record<string, any>) =>
      void find('Job', 'consul-tls-init').spec.template.spec.containers[0].args.push('-days=730');
    const transitions = (impact: ReturnType<typeof assess>) =>
      impact.findings.filter((finding) =>
        ['gossip-key-change', 'ca-change', 'tls-transition', 'bootstrap-job-change'].includes(finding.rule),
      );

    it.each([
      {
        behaviour: 'a gossip key Secret rename is an error',
        base: () => prod(),
        head: () => prod(renameGossip),
        expected: ['error gossip-key-change'],
        message:
          /^the gossip key Secret changes from consul-gossip-encryption-key\/key to consul-gossip-key-2\/key: .*splits in two groups/,
      },
      {
        behaviour: 'a CA Secret swap is an error',
        base: () => prod(),
        head: () => prod(renameCa),
        expected: ['error ca-change'],
        message: /^the CA Secret changes from consul-ca-cert to consul-ca-cert-2 in one step/,
      },
      {
        behaviour: 'TLS on with verify_incoming true is an error',
        base: () => prod(tlsOff),
        head: () => prod(),
        expected: ['error tls-transition'],
        message: /^TLS is switched on for a running datacenter with verify_incoming true/,
      },
      {
        behaviour: 'TLS on with verify_incoming false is the transition: no finding',
        base: () => prod(tlsOff),
        head: () => prod(verifyIncomingOff),
        expected: [],
        message: undefined,
      },
      {
        behaviour: 'a hook Job naming another Secret is an error',
        base: () => prod(),
        head: () =>
          prod(
            (find) =>
              void (find('Job', 'consul-gossip-encryption-autogenerate').spec.template.spec.containers[0].args = find(
                'Job',
                'consul-gossip-encryption-autogenerate',
              ).spec.template.spec.containers[0].args.map((arg: string) =>
                arg.replace('-secret-name=consul-gossip-encryption-key', '-secret-name=consul-gossip-key-2'),
              )),
          ),
        expected: ['error bootstrap-job-change'],
        message:
          /^the PreSync hook Job consul-gossip-encryption-autogenerate \(gossip-encryption-autogenerate\) changes .*; it now names other Secrets \(-secret-name consul-gossip-encryption-key -> consul-gossip-key-2\), so it finds none of the existing ones and creates them anew\. Against the Secrets that exist: -secret-name: Skips/,
      },
      {
        behaviour: 'a changed hook Job says what it does to existing Secrets',
        base: () => prod(),
        head: () => prod(tlsInitArg),
        expected: ['warning bootstrap-job-change'],
        message:
          /^the PreSync hook Job consul-tls-init \(tls-init\) changes and runs with the new spec on the next sync\. Against the Secrets that exist: CA: The CA is kept when .*server-cert: Regenerated on every run/,
      },
    ])('$behaviour', ({ base, head, expected, message }) => {
      const found = transitions(
        assessEnvironment({ path: 'overlays/prod', environment: 'prod', base: base(), head: head(), tier: 'production' }),
      );
      expect(found.map((finding) => `${finding.severity} ${finding.rule}`)).toEqual(expected);
      if (message) expect(found[0]?.message).toMatch(message);
    });

    it('lowers the severities in development, and prints the keyring plan for a gossip key change', () => {
      const impact = assessEnvironment({
        path: 'overlays/prod',
        environment: 'prod',
        base: prod(),
        head: prod((find) => (renameGossip(find), tlsInitArg(find))),
        tier: 'development',
      });
      expect(transitions(impact).map((finding) => `${finding.severity} ${finding.rule}`)).toEqual([
        'warning gossip-key-change',
        'info bootstrap-job-change',
      ]);
      const plan = impact.plans.find((item) => item.rule === 'gossip-key-change');
      expect(plan?.steps.map((step) => step.action)).toEqual([
        expect.stringMatching(/keyring POST "\$work\/new\.key"$/),
        'keyring PUT "$work/new.key"',
        expect.stringMatching(/create secret generic <new Secret> --from-file=<key>="\$work\/new\.key"/),
        expect.stringMatching(/rollout restart statefulset\/consul-server/),
        expect.stringMatching(/> "\$work\/old\.key"; keyring DELETE "\$work\/old\.key"; rm -rf "\$work"$/),
      ]);
      // No key or token on a command line: the actions name files, never a value.
      expect(plan?.steps.map((step) => step.action).join('\n')).not.toMatch(/--from-literal|\$NEW|\$OLD|keyring -install/);
      expect(plan?.steps[3]?.title).toBe(
        'roll the servers one at a time (they read the new Secret): at worst 4 of 5 voters up (quorum 3, tolerates 1 more)',
      );
    });
  });

  it('shows a new environment as added with every resource added', () => {
    const impact = assessEnvironment({ path: 'overlays/prod', environment: 'prod', head: prod() });
    expect(impact.status).toBe('added');
    expect(new Set(impact.resources.map((diff) => diff.status))).toEqual(new Set(['added']));
    expect(serverSummary(impact.before, impact.after)[0]).toBe('servers: (none) -> 5 (quorum 3, tolerates 2 failures)');
  });
});

describe('assessEnvironment: what reaches the plans, the rollouts and the summary', () => {
  const edit = (...edits: ((find: (kind: string, name: string) => Record<string, any>) => void)[]) =>
    prod((find) => edits.forEach((change) => change(find)));
  const replicas = (count: number) => (find: (kind: string, name: string) => Record<string, any>) =>
    void (find('StatefulSet', 'consul-server').spec.replicas = count);
  const annotate = (annotations: Record<string, string>) => (find: (kind: string, name: string) => Record<string, any>) => {
    const statefulSet = find('StatefulSet', 'consul-server');
    statefulSet.metadata.annotations = { ...statefulSet.metadata.annotations, ...annotations };
  };
  const application = {
    file: 'argocd/applications/prod.yaml',
    object: {
      kind: 'Application',
      spec: { destination: { namespace: 'consul-prod', server: 'https://a' }, source: { path: 'overlays/prod' } },
    },
  };

  it('a scale plan is accepted only when every server-scale-step finding is: one accepted at warning leaves the error open', () => {
    const impact = assess(
      edit(
        replicas(10),
        annotate({
          'consul-gitops/accepted-risks': JSON.stringify([
            { rule: 'server-scale-step', severity: 'warning', reason: 'the even count is transitional' },
          ]),
        }),
      ),
    );
    expect(impact.findings.map((finding) => `${finding.severity} ${finding.rule}${finding.suppressed ? ' (suppressed)' : ''}`)).toEqual([
      'error server-scale-step',
      'warning server-scale-step (suppressed)',
    ]);
    expect(impact.plans.map((plan) => [plan.rule, plan.accepted])).toEqual([['server-scale-step', false]]);
  });

  it("passes the spec's step check and minNodes to the scale plan", () => {
    const checked: number[] = [];
    const impact = assessEnvironment({
      path: 'overlays/prod',
      environment: 'prod',
      base: prod(),
      head: prod(replicas(3)),
      minNodes: 3,
      scaleCheck: (servers) => (checked.push(servers), []),
    });
    expect(checked).toEqual([4, 3]);
    expect(impact.plans[0]?.steps.map((step) => [step.to, step.minNodes, step.acceptedRisks, step.blocked])).toEqual([
      [4, 4, [], []],
      [3, undefined, [], []],
    ]);
    const unchecked = assess(prod(replicas(3)));
    expect(unchecked.plans[0]?.steps[0]).not.toHaveProperty('blocked');
    expect(unchecked.plans[0]?.steps[0]).not.toHaveProperty('minNodes');
  });

  it('without minNodes the check runs with none', () => {
    const changes: unknown[] = [];
    assessEnvironment({
      path: 'overlays/prod',
      environment: 'prod',
      base: prod(),
      head: prod(replicas(4)),
      scaleCheck: (_servers, change) => (changes.push(change), []),
      overrides: {},
    });
    const impact = assessEnvironment({
      path: 'overlays/prod',
      environment: 'prod',
      base: prod(),
      head: prod(replicas(3)),
      scaleCheck: (_servers, change) => (changes.push(change), []),
    });
    expect(changes).toEqual([{ acceptedRisks: [] }, { acceptedRisks: [] }]);
    expect(impact.plans[0]?.steps[0]).not.toHaveProperty('minNodes');
  });

  it('a base render without the servers (an overlay that had none) compares nothing of them and plans only what it finds', () => {
    const impact = assessEnvironment({
      path: 'overlays/prod',
      environment: 'prod',
      base: [],
      head: prod(),
      applications: { base: application },
    });
    expect(impact.status).toBe('changed');
    expect(impact.before).toBeUndefined();
    expect(impact.findings.map((finding) => finding.rule)).toEqual(['environment-removal']);
    expect(impact.plans.map((plan) => plan.rule)).toEqual(['environment-removal']);
  });

  it('a removed environment has only the removal plan, no rollout, and a summary ending in (none)', () => {
    const impact = assessEnvironment({ path: 'overlays/prod', environment: 'prod', base: prod() });
    expect(impact.plans.map((plan) => plan.rule)).toEqual(['environment-removal']);
    expect(impact.rollouts).toEqual([]);
    expect(serverSummary(impact.before, impact.after)[0]).toBe('servers: 5 (quorum 3, tolerates 2 failures) -> (none)');
    expect(assessEnvironment({ path: 'overlays/prod', environment: 'prod', head: prod() }).rollouts).toEqual([]);
  });

  it("transition plans name the server StatefulSet's namespace, not the environment", () => {
    const impact = assess(
      prod((find) => {
        for (const container of find('StatefulSet', 'consul-server').spec.template.spec.containers)
          for (const env of container.env ?? [])
            if (/GOSSIP/.test(env.name) && env.valueFrom?.secretKeyRef) env.valueFrom.secretKeyRef.name = 'consul-gossip-key-2';
      }),
    );
    expect(impact.plans.find((plan) => plan.rule === 'gossip-key-change')?.steps[3]?.action).toMatch(
      /^kubectl -n consul-prod rollout restart statefulset\/consul-server/,
    );
  });

  it('a suppression annotation naming an unknown rule is no diff finding: validate reports it', () => {
    const impact = assess(
      edit(replicas(3), annotate({ 'consul-gitops/ignore': 'no-such-rule', 'consul-gitops/ignore-reason': 'a reason long enough' })),
    );
    expect(impact.findings.map((finding) => finding.rule)).toEqual(['server-scale-step']);
  });

  it('a resize plan only for a claim that keeps its name and class and grows; a new claim or a new class gets none', () => {
    const claims = (find: (kind: string, name: string) => Record<string, any>) =>
      find('StatefulSet', 'consul-server').spec.volumeClaimTemplates;
    const added = assess(
      prod((find) => {
        const [data] = claims(find);
        claims(find).push({
          ...structuredClone(data),
          metadata: { ...data.metadata, name: 'logs' },
          spec: { ...structuredClone(data.spec), resources: { requests: { storage: '100Gi' } } },
        });
      }),
    );
    expect(added.findings.map((finding) => finding.message)).toEqual([
      'claim template logs is added to the server StatefulSet: Kubernetes rejects the update, and Argo CD cannot sync it',
    ]);
    expect(added.plans).toEqual([]);
    const moved = assess(
      prod((find) => {
        const [data] = claims(find);
        data.spec.storageClassName = 'other-ssd';
        data.spec.resources.requests.storage = '100Gi';
      }),
    );
    expect(moved.findings.map((finding) => finding.path)).toEqual([
      '/spec/volumeClaimTemplates/0/spec/resources/requests/storage',
      '/spec/volumeClaimTemplates/0/spec/storageClassName',
    ]);
    expect(moved.plans).toEqual([]);
  });

  it('the min_quorum the autopilot hook applies after the sync is a rollout line of its own', () => {
    const impact = assess(
      prod((find) => {
        const container = find('Job', 'consul-autopilot-config').spec.template.spec.containers[0];
        container.command = container.command.map((word: string) => word.replace('-min-quorum=3', '-min-quorum=4'));
      }),
    );
    expect(impact.rollouts).toEqual([
      "applies autopilot min_quorum 3 -> 4 after sync (Job/consul-autopilot-config, a PostSync hook: the server config's min_quorum alone changes only a first bootstrap)",
    ]);
  });

  it('serverSummary names a claim without a size by its class alone, and lists the claims apart', () => {
    const state = { replicas: 3, claims: [{ name: 'data', storageClass: null }], tls: true, acls: true, gossip: true };
    expect(serverSummary(state, state)[1]).toBe('storage: data: (cluster default)');
    const two = {
      ...state,
      claims: [
        { name: 'data', storageClass: 'ssd', size: '10Gi' },
        { name: 'logs', storageClass: null },
      ],
    };
    expect(serverSummary(two, two)[1]).toBe('storage: data: ssd 10Gi, logs: (cluster default)');
  });
});

describe('diff rules', () => {
  it("each diff finding's fix is its rule's fix, the text the catalog shows (one text per rule)", () => {
    const head = prod((find) => {
      const server = find('StatefulSet', 'consul-server');
      server.spec.volumeClaimTemplates[0].spec.storageClassName = 'fast-ssd';
      server.spec.template.spec.containers[0].image = 'hashicorp/consul:1.24.1';
      server.spec.replicas = 2;
      server.spec.serviceName = 'elsewhere';
      delete find('ConfigMap', 'consul-server-config').data['30-acl.json'];
    });
    const findings = assess(head).findings;
    const rules = [...new Set(findings.map((finding) => finding.rule))].sort();
    expect(rules).toEqual([
      'consul-version-jump',
      'immutable-field-change',
      'security-downgrade',
      'server-scale-step',
      'storage-class-change',
    ]);
    for (const finding of findings) {
      const rule = DIFF_RULES.find((candidate) => candidate.id === finding.rule);
      expect(rule?.scope, finding.rule).toBe('diff');
      expect(finding.hint, finding.rule).toBe(rule?.fix);
    }
  });
});
