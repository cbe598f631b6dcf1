/**
 * Day-2 changes as pull requests: each edits environments.yaml on a branch of a temporary copy of
 * this repository, runs the real `generate`, commits, and runs `diff --base main` as CI does.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ARGV } from '../helpers/repo.js';
import { createTempWorkspace, type TempWorkspace } from '../nx/temp-workspace.js';

let workspace: TempWorkspace;

async function run(args: string[]) {
  const result = await execa('node', [...CLI_ARGV, ...args], { cwd: workspace.root, reject: false, env: { CI: 'true' } });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** A branch off main whose one commit edits environments.yaml (each `from` must match) and regenerates: a pull request. */
async function pullRequest(branch: string, edits: [RegExp, string][], files: Record<string, string> = {}): Promise<void> {
  await workspace.git('checkout', '-q', '-f', '-B', branch, 'main');
  await workspace.git('clean', '-fdq');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(workspace.root, path)), { recursive: true });
    await writeFile(join(workspace.root, path), content);
  }
  const file = join(workspace.root, 'environments.yaml');
  let text = await readFile(file, 'utf8');
  for (const [from, to] of edits) {
    if (!from.test(text)) throw new Error(`environments.yaml: ${from} not found`);
    text = text.replace(from, to);
  }
  await writeFile(file, text);
  const generated = await run(['generate']);
  expect(generated.code, generated.stdout + generated.stderr).toBe(0);
  await workspace.commit(branch);
}

const PROD_SERVERS = /( {2}prod:\n {4}tier: production\n {4}namespace: consul-prod\n) {4}servers: 5\n/;
const prodServers = (count: number): [RegExp, string] => [PROD_SERVERS, `$1    servers: ${count}\n`];
const accept = (rule: string, kind: string, name: string, reason: string): [RegExp, string] => [
  /( {2}prod:[\s\S]*? {4}acceptedRisks:\n)/,
  `$1      - rule: ${rule}\n        kind: ${kind}\n        name: ${name}\n        severity: error\n        reason: ${JSON.stringify(reason)}\n`,
];

beforeAll(async () => {
  workspace = await createTempWorkspace();
}, 120_000);
afterAll(async () => workspace?.remove());

describe('diff on day-2 changes to prod', () => {
  it('passes the safe variant 5 -> 4 (the even count accepted as a transitional step) with no finding', async () => {
    await pullRequest('prod-5-to-4', [
      prodServers(4),
      accept('quorum-even-servers', 'StatefulSet', 'consul-server', 'step 5 -> 4 -> 3 of a scale-down'),
    ]);
    const { code, stdout } = await run(['diff', '--base', 'main', 'overlays/prod']);
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('servers: 5 (quorum 3, tolerates 2 failures) -> 4 (quorum 3, tolerates 1 failure)');
    expect(stdout).not.toMatch(/server-scale-step|plan for/);
    expect(stdout).toMatch(/0 error\(s\), 0 warning\(s\)/);
  }, 120_000);

  it('5 -> 7 through generate changes the min_quorum the PostSync hook applies, and diff says so in words', async () => {
    await pullRequest('prod-5-to-7', [prodServers(7)]);
    const job = await readFile(join(workspace.root, 'overlays/prod/autopilot-config-job-consul-autopilot-config.yaml'), 'utf8');
    expect(job).toContain('consul operator autopilot set-config -min-quorum=4 -cleanup-dead-servers=true');
    const { stdout } = await run(['diff', '--base', 'main', 'overlays/prod']);
    expect(stdout).toContain(
      "applies autopilot min_quorum 3 -> 4 after sync (Job/consul-autopilot-config, a PostSync hook: the server config's min_quorum alone changes only a first bootstrap)",
    );
  }, 120_000);

  it('fails 5 -> 3 with server-scale-step and prints the plan 5 -> 4 -> 3', async () => {
    await pullRequest('prod-5-to-3', [prodServers(3)]);
    const { code, stdout } = await run(['diff', '--base', 'main', 'overlays/prod']);
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(
      /error\s+server-scale-step\s+StatefulSet\/consul-server at \/spec\/replicas: servers 5 -> 3 \(bootstrap_expect 5 -> 3\) removes 2 servers in one change: .*3 of 5 voters are up \(quorum 3\), tolerating 0 failures where one server at a time keeps 1/,
    );
    expect(stdout).toMatch(
      /fix: .*accept server-scale-step on StatefulSet\/consul-server in the environment's acceptedRisks in environments\.yaml \(severity error, with a reason\)/,
    );
    expect(stdout).toContain('plan for servers 5 -> 3 (server-scale-step, not accepted: make the change in these steps instead):');
    expect(stdout).toMatch(
      /1\. 5 -> 4 servers: at worst 4 of 5 voters up \(quorum 3\); then quorum 3, tolerates 1 failure\n\s+set environments\.prod\.servers to 4; for this step only, add to environments\.prod\.acceptedRisks: \{ rule: quorum-even-servers, kind: StatefulSet, name: consul-server, severity: error, reason: "transitional: [^"]*" \}, \{ rule: zone-quorum, kind: StatefulSet, name: consul-server, severity: error, [^}]*\}, run .*wait until `consul operator raft list-peers` shows 4 voters/,
    );
    expect(stdout).toMatch(
      /2\. 4 -> 3 servers: at worst 3 of 4 voters up \(quorum 3\); then quorum 2, tolerates 1 failure\n\s+set environments\.prod\.servers to 3; remove the transitional acceptedRisks entries of the step before, run .*shows 3 voters/,
    );
  }, 120_000);

  it('puts the finding and the plan into the markdown (PR comment, job summary) and the json', async () => {
    const markdown = await run(['diff', '--base', 'main', '--format', 'markdown', 'overlays/prod']);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toMatch(
      /- \*\*:x: error\*\* `server-scale-step` prod `StatefulSet\/consul-server` at `\/spec\/replicas`: servers 5 -> 3/,
    );
    expect(markdown.stdout).toMatch(
      /### Plans\n\n\*\*prod\*\*: plan for servers 5 -> 3 \(server-scale-step, not accepted[^\n]*\n\n1\. 5 -> 4 servers: at worst 4 of 5 voters up \(quorum 3\); then quorum 3, tolerates 1 failure: set environments\.prod\.servers to 4[^\n]*\n2\. 4 -> 3 servers/,
    );
    const json = await run(['diff', '--base', 'main', '--format', 'json', 'overlays/prod']);
    const report = JSON.parse(json.stdout) as {
      environments: {
        plans: { rule: string; accepted: boolean; steps: { from: number; to: number; quorum: number; tolerates: number }[] }[];
      }[];
    };
    expect(report.environments[0]?.plans).toEqual([
      expect.objectContaining({
        rule: 'server-scale-step',
        accepted: false,
        steps: [
          expect.objectContaining({ from: 5, to: 4, quorum: 3, tolerates: 1 }),
          expect.objectContaining({ from: 4, to: 3, quorum: 2, tolerates: 1 }),
        ],
      }),
    ]);
  }, 120_000);

  it('passes 5 -> 3 once the spec accepts server-scale-step, and prints the plan as accepted', async () => {
    await pullRequest('prod-5-to-3-accepted', [
      prodServers(3),
      accept('server-scale-step', 'StatefulSet', 'consul-server', 'one-step scale-down in the maintenance window, with a snapshot'),
    ]);
    const { code, stdout } = await run(['diff', '--base', 'main', 'overlays/prod']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(
      /server-scale-step .*removes 2 servers in one change.*\[suppressed: .*one-step scale-down in the maintenance window, with a snapshot/,
    );
    expect(stdout).toContain('plan for servers 5 -> 3 (server-scale-step, accepted in the spec: follow these steps during the sync):');
  }, 120_000);

  it('fails 5 -> 1 below the old quorum with a plan of single steps', async () => {
    await workspace.git('checkout', '-q', '-f', '-B', 'prod-5-to-1', 'main');
    // production needs 3 servers: the spec refuses 1, so this change is made on the overlay by hand
    const file = join(workspace.root, 'overlays/prod/kustomization.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/count: 5/, 'count: 1'));
    await workspace.commit('prod: 1 server');
    const { code, stdout } = await run(['diff', '--base', 'main', 'overlays/prod']);
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(
      /error\s+server-scale-step\s+StatefulSet\/consul-server at \/spec\/replicas: servers 5 -> 1 goes below the old quorum: .*1 of 5 voters are up \(quorum 3\)/,
    );
    expect(stdout.match(/^\s+\d\. \d -> \d servers/gm)?.map((line) => line.trim().slice(3, 9))).toEqual([
      '5 -> 4',
      '4 -> 3',
      '3 -> 2',
      '2 -> 1',
    ]);
    expect(stdout).toMatch(/caution: 1 server of 2 voters are not a quorum/);
  }, 120_000);

  /** A hand-written overlay component (docs/guide.md, "Hand-written additions") that changes an immutable field. */
  const LOCAL_POLICY = {
    'overlays/prod/local/kustomization.yaml':
      'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: server-policy.yaml\n',
    'overlays/prod/local/server-policy.yaml':
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: consul-server\nspec:\n  podManagementPolicy: OrderedReady\n',
  };

  it('fails a podManagementPolicy change with immutable-field-change and prints the orphan-delete plan', async () => {
    await pullRequest('prod-ordered-ready', [], LOCAL_POLICY);
    const { code, stdout } = await run(['diff', '--base', 'main', 'overlays/prod']);
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(
      /error\s+immutable-field-change\s+StatefulSet\/consul-server at \/spec\/podManagementPolicy: spec\.podManagementPolicy changes from Parallel to OrderedReady: the API server accepts StatefulSet spec updates only to/,
    );
    expect(stdout).toContain(
      'plan for StatefulSet/consul-server spec.podManagementPolicy (immutable-field-change, not accepted: make the change in these steps instead):',
    );
    expect(stdout).toContain('kubectl -n consul-prod delete statefulset consul-server --cascade=orphan (the pods and their claims stay)');
  }, 120_000);

  it('passes the same change once the spec accepts immutable-field-change, and prints the plan as accepted', async () => {
    await pullRequest(
      'prod-ordered-ready-accepted',
      [accept('immutable-field-change', 'StatefulSet', 'consul-server', 'orphan-delete runbook: servers start one by one')],
      LOCAL_POLICY,
    );
    const { code, stdout } = await run(['diff', '--base', 'main', 'overlays/prod']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/immutable-field-change .*\[suppressed: .*orphan-delete runbook: servers start one by one/);
    expect(stdout).toContain(
      'plan for StatefulSet/consul-server spec.podManagementPolicy (immutable-field-change, accepted in the spec: follow these steps during the sync):',
    );
  }, 120_000);

  const PROD_BLOCK = /\n {2}prod:\n[\s\S]*$/;
  const REMOVAL_REASON = 'prod moves to the new platform; snapshot taken';
  it.each([
    {
      rule: 'environment-removal',
      edits: [[PROD_BLOCK, '\n']] as [RegExp, string][],
      accepted: [[PROD_BLOCK, `\nremovedEnvironments:\n  prod: ${JSON.stringify(REMOVAL_REASON)}\n`]] as [RegExp, string][],
      finding:
        /error\s+environment-removal\s+StatefulSet\/consul-server: environment prod is removed \(its overlay overlays\/prod and its Argo CD Application \(argocd\/applications\/prod\.yaml\)\): with automated prune Argo CD deletes its datacenter; the server claims \(data-consul-server-0, .*data-consul-server-4\) stay behind, orphaned/,
      plan: 'plan for environment prod removed (environment-removal,',
      step: 'kubectl -n consul-prod delete pvc data-consul-server-0 data-consul-server-1 data-consul-server-2 data-consul-server-3 data-consul-server-4',
    },
    {
      rule: 'namespace-change',
      edits: [[/namespace: consul-prod\n/, 'namespace: consul-prod-eu\n']] as [RegExp, string][],
      finding:
        /error\s+namespace-change\s+StatefulSet\/consul-server at \/metadata\/namespace: namespace consul-prod -> consul-prod-eu: with automated prune Argo CD deletes the datacenter in consul-prod and creates an empty one in consul-prod-eu; the server claims .* stay behind, orphaned in consul-prod/,
      plan: 'plan for namespace consul-prod -> consul-prod-eu (namespace-change,',
      step: 'kubectl -n consul-prod-eu exec consul-server-0 -- consul snapshot restore <file>',
    },
    {
      rule: 'destination-change',
      edits: [[/server: https:\/\/prod\.k8s\.example\.internal/, 'server: https://prod-eu.k8s.example.internal']] as [RegExp, string][],
      finding:
        /error\s+destination-change\s+StatefulSet\/consul-server: Argo CD destination https:\/\/prod\.k8s\.example\.internal -> https:\/\/prod-eu\.k8s\.example\.internal \(argocd\/applications\/prod\.yaml\): Argo CD deletes the datacenter on https:\/\/prod\.k8s\.example\.internal/,
      plan: 'plan for Argo CD destination https://prod.k8s.example.internal -> https://prod-eu.k8s.example.internal (destination-change,',
      step: 'wait until `consul operator raft list-peers` on the new cluster shows 5 voters',
    },
    {
      rule: 'datacenter-rename',
      edits: [[/namespace: consul-prod\n/, 'namespace: consul-prod\n    datacenter: prod-east\n']] as [RegExp, string][],
      finding:
        /error\s+datacenter-rename\s+StatefulSet\/consul-server: datacenter prod -> prod-east: the servers keep the Raft data of prod in their claims/,
      plan: 'plan for datacenter prod -> prod-east (datacenter-rename,',
      step: 'kubectl -n consul-prod delete statefulset consul-server, then kubectl -n consul-prod delete pvc data-consul-server-0',
    },
  ])(
    '$rule: fails with its finding and plan, and passes once the spec accepts it, printing the plan',
    async ({ rule, edits, accepted, finding, plan, step }) => {
      await pullRequest(`prod-${rule}`, edits);
      const failing = await run(['diff', '--base', 'main', 'overlays/prod']);
      expect(failing.code, failing.stdout).toBe(1);
      expect(failing.stdout).toMatch(finding);
      expect(failing.stdout).toContain(`${plan} not accepted: make the change in these steps instead):`);
      expect(failing.stdout).toContain(step);
      await pullRequest(
        `prod-${rule}-accepted`,
        accepted ?? [...edits, accept(rule, 'StatefulSet', 'consul-server', 'planned move, snapshot taken')],
      );
      const passing = await run(['diff', '--base', 'main', 'overlays/prod']);
      expect(passing.code, passing.stdout).toBe(0);
      expect(passing.stdout).toMatch(new RegExp(`${rule} .*\\[suppressed: .*(${REMOVAL_REASON}|planned move, snapshot taken)`));
      expect(passing.stdout).toContain(`${plan} accepted in the spec: follow these steps during the sync):`);
    },
    180_000,
  );

  /** A local/ component (docs/guide.md, "Hand-written additions") with the given patches, as a pull request adds it. */
  const component = (patches: Record<string, string>): Record<string, string> => ({
    'overlays/prod/local/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n${Object.keys(
      patches,
    )
      .map((file) => `  - path: ${file}\n`)
      .join('')}`,
    ...Object.fromEntries(Object.entries(patches).map(([file, text]) => [`overlays/prod/local/${file}`, text])),
  });
  const serverPatch = (spec: string): string =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: consul-server\nspec:\n  template:\n    spec:\n${spec}`;

  it.each([
    {
      rule: 'gossip-key-change',
      files: component({
        'gossip.yaml': serverPatch(
          '      containers:\n        - name: consul\n          env:\n            - name: GOSSIP_KEY\n              valueFrom:\n                secretKeyRef:\n                  name: consul-gossip-key-2\n                  key: key\n',
        ),
      }),
      finding:
        /error\s+gossip-key-change\s+StatefulSet\/consul-server: the gossip key Secret changes from consul-gossip-encryption-key\/key to consul-gossip-key-2\/key/,
      step: 'head -c 32 /dev/urandom | base64 > "$work/new.key"; keyring POST "$work/new.key"',
      resource: ['StatefulSet', 'consul-server'],
    },
    {
      rule: 'ca-change',
      files: component({
        'ca.yaml': serverPatch(
          '      volumes:\n        - name: consul-ca-cert\n          secret:\n            secretName: consul-ca-cert-2\n',
        ),
      }),
      finding: /error\s+ca-change\s+StatefulSet\/consul-server: the CA Secret changes from consul-ca-cert to consul-ca-cert-2 in one step/,
      step: 'put a bundle of the old and the new CA certificate into the CA Secret the agents read now',
      resource: ['StatefulSet', 'consul-server'],
    },
    {
      rule: 'bootstrap-job-change',
      files: component({
        'gossip-job.yaml':
          'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: consul-gossip-encryption-autogenerate\n  annotations:\n    argocd.argoproj.io/hook: PreSync\nspec:\n  template:\n    spec:\n      containers:\n        - name: gossip-encryption-autogen\n          args:\n            - gossip-encryption-autogenerate\n            - -namespace=$(NAMESPACE)\n            - -secret-name=consul-gossip-key-2\n            - -secret-key=key\n            - -log-level=info\n            - -log-json=false\n',
      }),
      finding:
        /error\s+bootstrap-job-change\s+Job\/consul-gossip-encryption-autogenerate at \/spec: the PreSync hook Job consul-gossip-encryption-autogenerate \(gossip-encryption-autogenerate\) changes .*it now names other Secrets \(-secret-name consul-gossip-encryption-key -> consul-gossip-key-2\).*Against the Secrets that exist: -secret-name: Skips \(exit 0/,
      step: 'kubectl -n consul-prod get secrets --show-labels',
      resource: ['Job', 'consul-gossip-encryption-autogenerate'],
    },
  ])(
    '$rule: a prod change fails with its finding and plan, and passes once accepted, printing the plan',
    async ({ rule, files, finding, step, resource }) => {
      await pullRequest(`prod-${rule}`, [], files);
      const failing = await run(['diff', '--base', 'main', 'overlays/prod']);
      expect(failing.code, failing.stdout).toBe(1);
      expect(failing.stdout).toMatch(finding);
      expect(failing.stdout).toMatch(new RegExp(`plan for .* \\(${rule}, not accepted: make the change in these steps instead\\):`));
      expect(failing.stdout).toContain(step);
      await pullRequest(
        `prod-${rule}-accepted`,
        [accept(rule, resource[0] as string, resource[1] as string, 'rotation runbook followed step by step')],
        files,
      );
      const passing = await run(['diff', '--base', 'main', 'overlays/prod']);
      expect(passing.code, passing.stdout).toBe(0);
      expect(passing.stdout).toMatch(new RegExp(`${rule} .*\\[suppressed: .*rotation runbook followed step by step`));
      expect(passing.stdout).toMatch(new RegExp(`plan for .* \\(${rule}, accepted in the spec: follow these steps during the sync\\):`));
    },
    180_000,
  );

  it('tls-transition: TLS switched on for dev (development: a warning) prints the verify_incoming false plan', async () => {
    await pullRequest('dev-tls-on', [
      [/security: \{ tls: false, acls: false, gossip: false \}/, 'security: { tls: true, acls: false, gossip: false }'],
    ]);
    const { code, stdout } = await run(['diff', '--base', 'main', 'overlays/dev']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(
      /warning\s+tls-transition\s+StatefulSet\/consul-server: TLS is switched on for a running datacenter with verify_incoming true/,
    );
    expect(stdout).toContain('plan for TLS on (tls-transition, not accepted: make the change in these steps instead):');
    expect(stdout).toMatch(/1\. TLS on, verify_incoming false \(agents accept TLS and plaintext\)/);
  }, 120_000);
});
