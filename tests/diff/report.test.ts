/** diff's reporters on a report written out by hand: every line of text and markdown, the json summary, and the run result SARIF reads. */
import { describe, expect, it } from 'vitest';
import type { EnvironmentImpact } from '../../tools/src/diff/consul-impact.js';
import { allFindings, DIFF_REPORTERS, diffRunResult, type DiffReport } from '../../tools/src/diff/report.js';
import type { ServerState } from '../../tools/src/diff/consul-state.js';
import { pickReporter } from '../../tools/src/report/reporter.js';

const TOOL = { kustomize: 'v5.8.1', schemaBackend: 'offline', kubernetesVersion: '1.33.0' };

const before: ServerState = {
  replicas: 5,
  claims: [{ name: 'data', storageClass: 'premium-ssd', size: '50Gi' }],
  image: 'hashicorp/consul:1.22.7',
  pdb: { maxUnavailable: 1 },
  tls: true,
  acls: true,
  gossip: true,
};
const after: ServerState = {
  ...before,
  replicas: 3,
  claims: [{ name: 'data', storageClass: 'premium-ssd', size: '100Gi' }],
  pdb: { minAvailable: 2 },
  acls: false,
};

const prod: EnvironmentImpact = {
  path: 'overlays/prod',
  environment: 'prod',
  status: 'changed',
  before,
  after,
  resources: [
    {
      ref: { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'consul-prod', name: 'consul-server' },
      status: 'changed',
      changes: [
        { path: '/spec/replicas', type: 'changed', before: 5, after: 3 },
        { path: '/metadata/labels/tier', type: 'added', after: 'servers' },
        { path: '/metadata/labels/old', type: 'removed', before: { a: 1 } },
        { path: '/data/big', type: 'changed', before: `${'k'.repeat(90)}|A`, after: `${'k'.repeat(90)}|B` },
      ],
    },
    { ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'cluster-wide' }, status: 'added', changes: [] },
    { ref: { apiVersion: 'v1', kind: 'Secret', namespace: 'consul-prod', name: 'gone' }, status: 'removed', changes: [] },
  ],
  rollouts: ['rolls the servers (StatefulSet/consul-server, a config change): three restart'],
  findings: [
    {
      rule: 'server-scale-step',
      severity: 'error',
      message: 'servers 5 -> 3 removes 2 servers',
      hint: 'one at a time',
      resource: { kind: 'StatefulSet', name: 'consul-server' },
      path: '/spec/replicas',
      origin: { file: 'overlays/prod/kustomization.yaml', line: 4 },
    },
    { rule: 'consul-version-jump', severity: 'warning', message: 'a downgrade' },
    {
      rule: 'security-downgrade',
      severity: 'error',
      message: 'ACLs off',
      resource: { kind: 'StatefulSet', name: 'consul-server' },
      suppressed: { reason: 'lab | test' },
    },
    { rule: 'bootstrap-job-change', severity: 'info', message: 'hook `changes`', path: '/spec' },
  ],
  plans: [
    {
      rule: 'server-scale-step',
      change: 'servers 5 -> 3',
      accepted: false,
      steps: [
        { title: '5 -> 4 servers', action: 'set servers to 4', caution: 'snapshot first' },
        { title: '4 -> 3 servers', action: 'set servers to 3' },
      ],
    },
    { rule: 'security-downgrade', change: 'ACLs off', accepted: true, steps: [{ title: 'switch', action: 'sync' }] },
  ],
};

const dev: EnvironmentImpact = {
  path: 'overlays/dev',
  environment: 'dev',
  status: 'unchanged',
  before: { ...before, replicas: 1, claims: [], pdb: undefined as never, tls: false, acls: false, gossip: false },
  after: { ...before, replicas: 1, claims: [], pdb: undefined as never, tls: false, acls: false, gossip: false },
  resources: [],
  rollouts: [],
  findings: [],
  plans: [],
};
delete dev.before!.pdb;
delete dev.after!.pdb;

const staging: EnvironmentImpact = {
  path: 'overlays/staging',
  environment: 'staging',
  status: 'added',
  after: { replicas: 3, claims: [{ name: 'data', storageClass: null }], tls: true, acls: true, gossip: false },
  resources: [{ ref: { kind: 'StatefulSet', namespace: 'consul-staging', name: 'consul-server' }, status: 'added', changes: [] }],
  rollouts: [],
  findings: [{ rule: 'kustomize-build', severity: 'warning', message: 'base render failed', location: { file: 'overlays/staging' } }],
  plans: [],
};

const report: DiffReport = { base: { ref: 'origin/main', commit: '0123456789abcdef0123' }, environments: [prod, dev, staging] };
const render = (format: string): string => pickReporter('diff', DIFF_REPORTERS, format).render({ report, tool: TOOL });

describe('diff reporters', () => {
  it('text: a header with the short commit, per environment the server facts, rollouts, findings, plans and field changes, then the totals', () => {
    expect(render('text').split('\n')).toEqual([
      'consul-gitops diff: origin/main (0123456789ab) -> working tree',
      '',
      '== prod (overlays/prod): changed ==',
      '  servers: 5 (quorum 3, tolerates 2 failures) -> 3 (quorum 2, tolerates 1 failure)',
      '  storage: data: premium-ssd 50Gi -> data: premium-ssd 100Gi',
      '  PDB: maxUnavailable 1 -> minAvailable 2',
      '  Consul image: hashicorp/consul:1.22.7',
      '  security: TLS on, ACLs on, gossip on -> TLS on, ACLs OFF, gossip on',
      '  rolls the servers (StatefulSet/consul-server, a config change): three restart',
      '  error   server-scale-step     StatefulSet/consul-server at /spec/replicas: servers 5 -> 3 removes 2 servers',
      '          fix: one at a time',
      '          overlays/prod/kustomization.yaml:4',
      '  warning consul-version-jump   : a downgrade',
      '  error   security-downgrade    StatefulSet/consul-server: ACLs off [suppressed: lab | test]',
      '  info    bootstrap-job-change  at /spec: hook `changes`',
      '  plan for servers 5 -> 3 (server-scale-step, not accepted: make the change in these steps instead):',
      '    1. 5 -> 4 servers',
      '       set servers to 4',
      '       caution: snapshot first',
      '    2. 4 -> 3 servers',
      '       set servers to 3',
      '  plan for ACLs off (security-downgrade, accepted in the spec: follow these steps during the sync):',
      '    1. switch',
      '       sync',
      '  changed StatefulSet/consul-prod/consul-server',
      '    ~ /spec/replicas: 5 -> 3',
      '    + /metadata/labels/tier: servers',
      '    - /metadata/labels/old: {"a":1}',
      '    ~ /data/big: ...kkkkkkkkkkkkkkkkkkk|A -> ...kkkkkkkkkkkkkkkkkkk|B',
      '  added   ConfigMap/cluster-wide',
      '  removed Secret/consul-prod/gone',
      '',
      '== dev (overlays/dev): unchanged ==',
      '  servers: 1 (quorum 1, tolerates 0 failures)',
      '  storage: (no claims)',
      '  PDB: (no PDB)',
      '  Consul image: hashicorp/consul:1.22.7',
      '  security: TLS OFF, ACLs OFF, gossip OFF',
      '',
      '== staging (overlays/staging): added ==',
      '  servers: (none) -> 3 (quorum 2, tolerates 1 failure)',
      '  storage: (none) -> data: (cluster default)',
      '  PDB: (none) -> (no PDB)',
      '  Consul image: (none)',
      '  security: (none) -> TLS on, ACLs on, gossip OFF',
      '  warning kustomize-build       : base render failed',
      '  added   StatefulSet/consul-staging/consul-server',
      '',
      '2 of 3 environment(s) changed; resources: 2 added, 1 removed, 1 changed; 1 error(s), 2 warning(s), 1 suppressed',
      '',
    ]);
  });

  it('markdown: a table of the changed environments, rollouts, findings, plans, and each changed resource folded with its fields', () => {
    expect(render('markdown').split('\n')).toEqual([
      '## Consul impact against `origin/main` (0123456789ab)',
      '',
      '2 of 3 environment(s) changed; resources: 2 added, 1 removed, 1 changed; 1 error(s), 2 warning(s), 1 suppressed',
      '',
      '| environment | change | servers | storage | PDB | Consul image | security |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| prod | changed | 5 (quorum 3, tolerates 2 failures) -> 3 (quorum 2, tolerates 1 failure) | data: premium-ssd 50Gi -> data: premium-ssd 100Gi | maxUnavailable 1 -> minAvailable 2 | hashicorp/consul:1.22.7 | TLS on, ACLs on, gossip on -> TLS on, ACLs OFF, gossip on |',
      '| staging | added | (none) -> 3 (quorum 2, tolerates 1 failure) | (none) -> data: (cluster default) | (none) -> (no PDB) | (none) | (none) -> TLS on, ACLs on, gossip OFF |',
      '',
      '### Rollouts',
      '',
      '- prod: rolls the servers (StatefulSet/consul-server, a config change): three restart',
      '',
      '### Findings',
      '',
      '- **:x: error** `server-scale-step` prod `StatefulSet/consul-server` at `/spec/replicas`: servers 5 -> 3 removes 2 servers. Fix: one at a time',
      '- **:warning: warning** `consul-version-jump` prod: a downgrade',
      '- **suppressed** `security-downgrade` prod `StatefulSet/consul-server`: ACLs off (accepted: lab | test)',
      '- **info** `bootstrap-job-change` prod at `/spec`: hook `changes`',
      '- **:warning: warning** `kustomize-build` staging: base render failed',
      '',
      '### Plans',
      '',
      '**prod**: plan for servers 5 -> 3 (server-scale-step, not accepted: make the change in these steps instead)',
      '',
      '1. 5 -> 4 servers: set servers to 4. **Caution:** snapshot first',
      '2. 4 -> 3 servers: set servers to 3',
      '',
      '**prod**: plan for ACLs off (security-downgrade, accepted in the spec: follow these steps during the sync)',
      '',
      '1. switch: sync',
      '',
      '### prod (`overlays/prod`): changed',
      '',
      '<details><summary>changed `StatefulSet/consul-prod/consul-server`: 4 field(s)</summary>',
      '',
      '| field | before | after |',
      '| --- | --- | --- |',
      '| `/spec/replicas` | 5 | 3 |',
      '| `/metadata/labels/tier` |  | servers |',
      '| `/metadata/labels/old` | {"a":1} |  |',
      '| `/data/big` | ...kkkkkkkkkkkkkkkkkkkkkkkkk\\|A | ...kkkkkkkkkkkkkkkkkkkkkkkkk\\|B |',
      '',
      '</details>',
      '',
      '- added `ConfigMap/cluster-wide`',
      '- removed `Secret/consul-prod/gone`',
      '',
      '### staging (`overlays/staging`): added',
      '',
      '- added `StatefulSet/consul-staging/consul-server`',
      '',
    ]);
  });

  it('json: the report and its totals', () => {
    const parsed = JSON.parse(render('json')) as DiffReport & { summary: unknown };
    expect(parsed.summary).toEqual({
      environments: 3,
      changedEnvironments: 2,
      resources: { added: 2, removed: 1, changed: 1 },
      errors: 1,
      warnings: 2,
      suppressed: 1,
    });
    expect(parsed.environments).toEqual(JSON.parse(JSON.stringify(report.environments)));
    expect(parsed.base).toEqual(report.base);
    expect(render('json').endsWith('}\n')).toBe(true);
  });

  it('allFindings lists the findings of every environment, in order', () => {
    expect(allFindings(report).map((finding) => finding.rule)).toEqual([
      'server-scale-step',
      'consul-version-jump',
      'security-downgrade',
      'bootstrap-job-change',
      'kustomize-build',
    ]);
  });
});

describe('diffRunResult', () => {
  it('one overlay per environment: not ok with a blocking finding, the changed resources as checked, namespaces where set', () => {
    expect(diffRunResult(report, TOOL)).toStrictEqual({
      overlays: [
        {
          path: 'overlays/prod',
          environment: 'prod',
          ok: false,
          resources: 3,
          findings: prod.findings,
          checked: [
            { kind: 'StatefulSet', name: 'consul-server', namespace: 'consul-prod' },
            { kind: 'ConfigMap', name: 'cluster-wide' },
            { kind: 'Secret', name: 'gone', namespace: 'consul-prod' },
          ],
        },
        { path: 'overlays/dev', environment: 'dev', ok: true, resources: 0, findings: [], checked: [] },
        {
          path: 'overlays/staging',
          environment: 'staging',
          ok: true,
          resources: 1,
          findings: staging.findings,
          checked: [{ kind: 'StatefulSet', name: 'consul-server', namespace: 'consul-staging' }],
        },
      ],
      tool: TOOL,
    });
  });
});

describe('diff reporters at the edges', () => {
  const quiet: EnvironmentImpact = { ...dev, before: undefined, after: undefined };
  delete quiet.before;
  delete quiet.after;

  it('markdown of a diff with no change: the heading and the totals only', () => {
    const run = { report: { base: { ref: 'main', commit: 'abc' }, environments: [quiet] }, tool: TOOL };
    expect(pickReporter('diff', DIFF_REPORTERS, 'markdown').render(run)).toBe(
      '## Consul impact against `main` (abc)\n\n0 of 1 environment(s) changed; resources: 0 added, 0 removed, 0 changed; 0 error(s), 0 warning(s), 0 suppressed\n',
    );
    // text: no server lines for an environment without a server on either side
    expect(pickReporter('diff', DIFF_REPORTERS, 'text').render(run)).toBe(
      'consul-gitops diff: main (abc) -> working tree\n\n== dev (overlays/dev): unchanged ==\n\n0 of 1 environment(s) changed; resources: 0 added, 0 removed, 0 changed; 0 error(s), 0 warning(s), 0 suppressed\n',
    );
  });

  it('counts each kind of resource and warnings on their own', () => {
    const env: EnvironmentImpact = {
      ...quiet,
      status: 'changed',
      resources: [
        { ref: { kind: 'ConfigMap', name: 'a' }, status: 'added', changes: [] },
        { ref: { kind: 'ConfigMap', name: 'b' }, status: 'removed', changes: [] },
        { ref: { kind: 'ConfigMap', name: 'c' }, status: 'removed', changes: [] },
        { ref: { kind: 'ConfigMap', name: 'd' }, status: 'removed', changes: [] },
      ],
      findings: [
        { rule: 'consul-version-jump', severity: 'warning', message: 'w' },
        { rule: 'consul-version-jump', severity: 'warning', message: 'accepted', suppressed: { reason: 'r' } },
        { rule: 'consul-version-jump', severity: 'info', message: 'i' },
        { rule: 'consul-version-jump', severity: 'info', message: 'i2' },
      ],
    };
    const summary = (
      JSON.parse(
        pickReporter('diff', DIFF_REPORTERS, 'json').render({ report: { base: report.base, environments: [env] }, tool: TOOL }),
      ) as { summary: unknown }
    ).summary;
    expect(summary).toEqual({
      environments: 1,
      changedEnvironments: 1,
      resources: { added: 1, removed: 3, changed: 0 },
      errors: 0,
      warnings: 1,
      suppressed: 1,
    });
  });

  it('markdown: table cells on one line, backticks out of code spans, one blank line after the last folded resource', () => {
    const env: EnvironmentImpact = {
      ...prod,
      after: { ...after, image: 'consul\nnext' },
      rollouts: [],
      findings: [{ rule: 'consul-version-jump', severity: 'warning', message: 'm', path: '/a`b' }],
      plans: [],
      resources: [prod.resources[0]!],
    };
    const text = pickReporter('diff', DIFF_REPORTERS, 'markdown').render({
      report: { base: report.base, environments: [env] },
      tool: TOOL,
    });
    expect(text).toContain('| hashicorp/consul:1.22.7 -> consul next |');
    expect(text).toContain("at `/a'b`: m");
    expect(text).not.toMatch(/\n\n\n/);
    expect(text.endsWith('</details>\n')).toBe(true);
    // a folded resource last in an environment, then the next environment: one blank line between
    const two = pickReporter('diff', DIFF_REPORTERS, 'markdown').render({
      report: { base: report.base, environments: [env, staging] },
      tool: TOOL,
    });
    expect(two).toContain('</details>\n\n### staging');
  });
});
