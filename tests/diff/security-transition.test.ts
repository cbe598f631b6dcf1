/**
 * Security changes a running datacenter cannot take in one step (diff/security-transition.ts) on small inputs
 * written out here: where each rule reads its Secret, the severities by tier, what a changed hook Job's message says
 * about the Secrets that exist (from a facts table made up here), and every step of each plan.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ServerState } from '../../tools/src/diff/consul-state.js';
import { transitionFindings, transitionPlans, type TransitionInput } from '../../tools/src/diff/security-transition.js';
import type { ControlPlaneFacts } from '../../tools/src/model/facts.js';
import type { Finding } from '../../tools/src/model/finding.js';
import { parseRendered } from '../../tools/src/parse/documents.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';

const parse = (...objects: Record<string, unknown>[]): ParsedResource[] =>
  parseRendered({ yaml: objects.map((object) => stringify(object)).join('---\n'), file: 'overlays/prod', rendered: true }).resources;

const controlPlane = {
  source: 'test',
  version: 'test',
  subcommands: [],
  flagSets: {},
  commands: {
    'make-secrets': {
      flags: {},
      writes: {
        kubernetesSecrets: [
          { name: 'gossip', idempotency: 'Skips when it exists' },
          { name: 'unlisted' },
          { name: 'cert', idempotency: 'Regenerated on every run' },
        ],
        caPolicy: 'kept when both exist',
      },
    },
    'ca-only': { flags: {}, writes: { caPolicy: 'always new' } },
    'no-writes': { flags: {} },
  },
} as unknown as ControlPlaneFacts;

interface ServerPod {
  gossip?: { name: string; key: string };
  volumes?: Record<string, unknown>[];
  init?: boolean;
}

const server = ({ gossip, volumes = [], init = false }: ServerPod, name = 'consul-server') => {
  const env = gossip ? [{ name: 'CONSUL_GOSSIP_ENCRYPTION_KEY', valueFrom: { secretKeyRef: gossip } }] : [{ name: 'OTHER', value: 'x' }];
  const container = { name: 'consul', image: 'hashicorp/consul:1.22.7', env };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'consul-prod' },
    spec: {
      replicas: 3,
      template: { spec: { ...(init ? { initContainers: [container], containers: [] } : { containers: [container] }), volumes } },
    },
  };
};

const job = (name: string, args: string[], hook: string | null = 'PreSync', command = ['consul-k8s-control-plane']) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'consul-prod', ...(hook ? { annotations: { 'argocd.argoproj.io/hook': hook } } : {}) },
  spec: { template: { spec: { containers: [{ name: 'job', command, args }] } } },
});

const state = (change: Partial<ServerState> = {}): ServerState => ({
  replicas: 3,
  claims: [],
  tls: true,
  acls: true,
  gossip: true,
  ...change,
});

function input(base: ParsedResource[], head: ParsedResource[], change: Partial<TransitionInput> = {}): TransitionInput {
  const statefulSet = head.find((resource) => resource.ref.kind === 'StatefulSet') as ParsedResource;
  return {
    environment: 'prod',
    namespace: 'consul-prod',
    before: state(),
    after: state(),
    base,
    head,
    statefulSet,
    controlPlane,
    ...change,
  };
}

const summary = (findings: Finding[]) => findings.map((finding) => `${finding.severity} ${finding.rule}: ${finding.message}`);
const caVolume = (secretName: string, name = 'consul-ca-cert') => ({ name, secret: { secretName } });

describe('transitionFindings', () => {
  it('nothing when the Secrets, TLS and the hook Jobs stay as they are', () => {
    const resources = parse(
      server({ gossip: { name: 'g', key: 'k' }, volumes: [caVolume('ca')] }),
      job('consul-tls-init', ['tls-init', '-a=1']),
    );
    expect(
      transitionFindings(
        input(
          resources,
          parse(server({ gossip: { name: 'g', key: 'k' }, volumes: [caVolume('ca')] }), job('consul-tls-init', ['tls-init', '-a=1'])),
        ),
      ),
    ).toEqual([]);
  });

  it('a gossip key read from another Secret or key, init containers included, on the head StatefulSet', () => {
    const base = parse(server({ gossip: { name: 'g', key: 'k' } }));
    const head = parse(server({ gossip: { name: 'g', key: 'other' }, init: true }));
    const findings = transitionFindings(input(base, head, { tier: 'production' }));
    expect(summary(findings)).toEqual([
      'error gossip-key-change: the gossip key Secret changes from g/k to g/other: servers restarting with the other key cannot gossip with agents still on the old one, and the datacenter splits in two groups (the hook creates a new random key when the Secret does not exist)',
    ]);
    expect(findings[0]).toMatchObject({
      resource: { kind: 'StatefulSet', name: 'consul-server', namespace: 'consul-prod' },
      location: head[0]?.location,
      hint: expect.stringMatching(
        /^Keep the Secret and rotate the key with `consul keyring` \(docs\/day-2\.md, Rotating the gossip key\); to make the change in one commit anyway, accept gossip-key-change on StatefulSet\/consul-server in the environment's acceptedRisks/,
      ),
    });
    expect(findings[0]).not.toHaveProperty('origin');
    const withOrigin = head.map((resource) => Object.assign(resource, { origin: { file: 'base/server.yaml' } }));
    expect(transitionFindings(input(base, withOrigin))[0]?.origin).toEqual({ file: 'base/server.yaml' });
    expect(summary(transitionFindings(input(base, head, { tier: 'development' })))[0]).toMatch(/^warning gossip-key-change/);
    expect(summary(transitionFindings(input(base, head, { tier: 'staging' })))[0]).toMatch(/^error gossip-key-change/);
  });

  it('no gossip finding when either side reads no key; the base server is the StatefulSet of the same name', () => {
    expect(transitionFindings(input(parse(server({})), parse(server({ gossip: { name: 'g', key: 'k' } }))))).toEqual([]);
    expect(transitionFindings(input(parse(server({ gossip: { name: 'g', key: 'k' } })), parse(server({}))))).toEqual([]);
    const base = parse(server({ gossip: { name: 'g', key: 'k' } }, 'other-server'));
    expect(transitionFindings(input(base, parse(server({ gossip: { name: 'h', key: 'k' } }))))).toEqual([]);
  });

  it('the CA Secret of the first volume named like ca-cert that mounts a Secret', () => {
    const volumes = (secretName: string) => [
      { name: 'data', secret: { secretName: 'not-a-ca' } },
      { name: 'consul-ca-cert', configMap: { name: 'a-config-map' } },
      caVolume(secretName),
      caVolume('ignored-second'),
    ];
    const findings = transitionFindings(
      input(parse(server({ volumes: volumes('ca-1') })), parse(server({ volumes: volumes('ca-2') })), { tier: 'production' }),
    );
    expect(summary(findings)).toEqual([
      "error ca-change: the CA Secret changes from ca-1 to ca-2 in one step: servers restarting with the new CA and agents still trusting the old one reject each other's certificates (verify_incoming, verify_server_hostname)",
    ]);
    expect(findings[0]?.hint).toMatch(
      /^Keep the CA Secret and rotate through a bundle of old and new CA \(docs\/day-2\.md, Rotating the CA\); to make/,
    );
    expect(
      summary(
        transitionFindings(
          input(parse(server({ volumes: volumes('ca-1') })), parse(server({ volumes: volumes('ca-2') })), { tier: 'development' }),
        ),
      ),
    ).toEqual([expect.stringMatching(/^warning ca-change/)]);
    // a volume name that is not a string is not read, even one that prints like ca-cert
    const odd = (secretName: string) => [{ name: ['ca-cert'], secret: { secretName } }];
    expect(transitionFindings(input(parse(server({ volumes: odd('ca-1') })), parse(server({ volumes: odd('ca-2') }))))).toEqual([]);
    // only one side mounts a CA: nothing to compare
    expect(transitionFindings(input(parse(server({ volumes: volumes('ca-1') })), parse(server({}))))).toEqual([]);
    expect(transitionFindings(input(parse(server({})), parse(server({ volumes: volumes('ca-1') }))))).toEqual([]);
    expect(transitionFindings(input(parse(server({ volumes: volumes('ca-1') })), parse(server({ volumes: volumes('ca-1') }))))).toEqual([]);
  });

  it('TLS switched on with verify_incoming true or unset; not with it false, not when TLS was on or stays off', () => {
    const resources = parse(server({}));
    const tls = (before: Partial<ServerState>, after: Partial<ServerState>, tier?: 'development') =>
      summary(transitionFindings(input(resources, resources, { before: state(before), after: state(after), ...(tier ? { tier } : {}) })));
    const message =
      'TLS is switched on for a running datacenter with verify_incoming true: each restarted server refuses plaintext RPC from the agents and servers not yet restarted, so quorum and the agents are lost during the roll';
    expect(tls({ tls: false }, { tls: true, verifyIncoming: true })).toEqual([`error tls-transition: ${message}`]);
    expect(tls({ tls: false }, { tls: true })).toEqual([`error tls-transition: ${message}`]);
    expect(tls({ tls: false }, { tls: true }, 'development')).toEqual([`warning tls-transition: ${message}`]);
    expect(tls({ tls: false }, { tls: true, verifyIncoming: false })).toEqual([]);
    expect(tls({ tls: true }, { tls: true, verifyIncoming: true })).toEqual([]);
    expect(tls({ tls: false }, { tls: false })).toEqual([]);
    expect(
      transitionFindings(input(resources, resources, { before: state({ tls: false }), after: state({ tls: true }) }))[0]?.hint,
    ).toMatch(/^Switch TLS on with verify_incoming false first, roll every agent, then set verify_incoming true; to make/);
  });

  describe('bootstrap-job-change', () => {
    const jobFindings = (before: Record<string, unknown>[], after: Record<string, unknown>[], tier?: 'development') =>
      summary(transitionFindings(input(parse(server({}), ...before), parse(server({}), ...after), tier ? { tier } : {})));

    it('a changed hook Job that names other Secrets: each renamed flag, sorted, with (unset) for a side without it', () => {
      const before = job('consul-gossip', ['make-secrets', '-secret-name=a', '--name-prefix=p', '-other=1', '-resource-prefix=r']);
      const after = job('consul-gossip', ['make-secrets', '-secret-name=b', '--name-prefix=p', '-other=2', '-secret-key=k']);
      expect(jobFindings([before], [after])).toEqual([
        'error bootstrap-job-change: the PreSync hook Job consul-gossip (make-secrets) changes and runs with the new spec on the next sync; it now names other Secrets (-resource-prefix r -> (unset), -secret-key (unset) -> k, -secret-name a -> b), so it finds none of the existing ones and creates them anew. Against the Secrets that exist: CA: kept when both exist gossip: Skips when it exists cert: Regenerated on every run',
      ]);
      expect(jobFindings([before], [after], 'development')[0]).toMatch(/^warning bootstrap-job-change/);
    });

    it('another change is a warning (info in development), at /spec of the Job, and says what the command does', () => {
      const before = job('consul-tls', ['-days=1'], 'PostSync', ['/bin/consul-k8s-control-plane', 'ca-only']);
      const after = job('consul-tls', ['-days=2'], 'PostSync', ['/bin/consul-k8s-control-plane', 'ca-only']);
      const head = parse(server({}), after);
      const findings = transitionFindings(input(parse(server({}), before), head));
      expect(summary(findings)).toEqual([
        'warning bootstrap-job-change: the PostSync hook Job consul-tls (ca-only) changes and runs with the new spec on the next sync. Against the Secrets that exist: CA: always new',
      ]);
      expect(findings[0]).toMatchObject({ path: '/spec', resource: { kind: 'Job', name: 'consul-tls' }, location: head[1]?.location });
      expect(findings[0]?.hint).toMatch(
        /^Check the effect on the existing Secrets named in the message; to make .* accept bootstrap-job-change on the Job in/,
      );
      expect(jobFindings([before], [after], 'development')[0]).toMatch(/^info bootstrap-job-change/);
    });

    it('the subcommand: the word after the control-plane binary, else a command the facts know, else none', () => {
      const known = (args: string[], command: string[]) => [
        job('j', [...args, '-x=1'], 'PreSync', command),
        job('j', [...args, '-x=2'], 'PreSync', command),
      ];
      const [byKnown] = [known(['--flag', 'no-writes'], ['sh'])];
      expect(jobFindings([byKnown[0]!], [byKnown[1]!])).toEqual([
        'warning bootstrap-job-change: the PreSync hook Job j (no-writes) changes and runs with the new spec on the next sync. Against the Secrets that exist: it writes no Secret the facts table lists',
      ]);
      const none = known(['unknown-thing'], ['sh']);
      expect(jobFindings([none[0]!], [none[1]!])).toEqual([
        'warning bootstrap-job-change: the PreSync hook Job j changes and runs with the new spec on the next sync. Against the Secrets that exist: it writes no Secret the facts table lists',
      ]);
      // the binary as the last word: no subcommand after it, so a known command word is looked for
      const last = known(['make-secrets'], ['consul-k8s-control-plane']);
      expect(jobFindings([last[0]!], [last[1]!])[0]).toMatch(/Job j \(make-secrets\) changes/);
      const binaryLast = [
        job('j', ['-x=1', 'consul-k8s-control-plane'], 'PreSync', ['sh']),
        job('j', ['-x=2', 'consul-k8s-control-plane'], 'PreSync', ['sh']),
      ];
      expect(jobFindings([binaryLast[0]!], [binaryLast[1]!])[0]).toMatch(/Job j changes/);
      // the binary named by its path, with a subcommand the facts do not list
      const byPath = known(['brand-new'], ['/usr/local/bin/consul-k8s-control-plane']);
      expect(jobFindings([byPath[0]!], [byPath[1]!])[0]).toMatch(/Job j \(brand-new\) changes/);
      // a first container without the binary or a known command does not end the search
      const twoContainers = (value: string) => {
        const base = job('j', [`-x=${value}`], 'PreSync', ['consul-k8s-control-plane', 'brand-new']);
        const containers = [{ name: 'sidecar', command: ['sleep', 'infinity'] }, ...base.spec.template.spec.containers];
        return { ...base, spec: { template: { spec: { containers } } } };
      };
      expect(jobFindings([twoContainers('1')], [twoContainers('2')])[0]).toMatch(/Job j \(brand-new\) changes/);
      // a subcommand the facts do not list writes nothing known
      const unlisted = known(['brand-new'], ['consul-k8s-control-plane']);
      expect(jobFindings([unlisted[0]!], [unlisted[1]!])[0]).toMatch(
        /Job j \(brand-new\) changes .*: it writes no Secret the facts table lists$/,
      );
    });

    it('flags are -name=value or --name=value words only', () => {
      const flags = (words: string[]) => job('j', words);
      // "-secret-name b" (two words) and "-Secret-name=b" are no flag: the spec changes, but no Secret is renamed
      expect(jobFindings([flags(['make-secrets', '-secret-name', 'a'])], [flags(['make-secrets', '-secret-name', 'b'])])[0]).toMatch(
        /^warning/,
      );
      expect(jobFindings([flags(['make-secrets', '-Secret-name=a'])], [flags(['make-secrets', '-Secret-name=b'])])[0]).toMatch(/^warning/);
      expect(jobFindings([flags(['make-secrets', 'x-secret-name=a'])], [flags(['make-secrets', 'x-secret-name=b'])])[0]).toMatch(
        /^warning/,
      );
      expect(jobFindings([flags(['make-secrets', '---secret-name=a'])], [flags(['make-secrets', '---secret-name=b'])])[0]).toMatch(
        /^warning/,
      );
      expect(
        jobFindings([flags(['make-secrets', '-secret-name=a', '-tail'])], [flags(['make-secrets', '-secret-name=b', '-tail'])])[0],
      ).toMatch(/\(-secret-name a -> b\)/);
      // flags in the command count as those in args do
      const inCommand = (name: string) => job('j', [], 'PreSync', ['consul-k8s-control-plane', 'make-secrets', `-secret-name=${name}`]);
      expect(jobFindings([inCommand('a')], [inCommand('b')])[0]).toMatch(/^error .*\(-secret-name a -> b\)/);
      // a word that goes on after a line break is a script, not a flag
      expect(jobFindings([flags(['make-secrets', '-secret-name=a\nrun'])], [flags(['make-secrets', '-secret-name=b\nrun'])])[0]).toMatch(
        /^warning/,
      );
      // the value keeps every character after the first =
      expect(jobFindings([flags(['make-secrets', '--secret-name=a=1'])], [flags(['make-secrets', '--secret-name=a=2 x'])])[0]).toMatch(
        /\(--secret-name a=1 -> a=2 x\)/,
      );
    });

    it('only hook Jobs present on both sides whose spec changed; never the autopilot hook', () => {
      const autopilot = (quorum: number) => ({
        ...job('consul-autopilot', ['consul', 'operator', 'autopilot', 'set-config', `-min-quorum=${quorum}`], 'PostSync', ['consul']),
      });
      const changed = [job('j', ['-x=1']), job('j', ['-x=2'])] as const;
      expect(jobFindings([autopilot(3)], [autopilot(5)])).toEqual([]);
      expect(jobFindings([], [changed[1]])).toEqual([]);
      expect(jobFindings([changed[0]], [changed[0]])).toEqual([]);
      expect(jobFindings([job('j', ['-x=1'], null)], [job('j', ['-x=2'], null)])).toEqual([]);
      expect(jobFindings([{ ...changed[0], metadata: { name: 'other', namespace: 'consul-prod' } }], [changed[1]])).toEqual([]);
      const deployment = { ...changed[0], apiVersion: 'apps/v1', kind: 'Deployment' };
      expect(jobFindings([deployment], [{ ...deployment, spec: changed[1].spec }])).toEqual([]);
      expect(jobFindings([deployment], [changed[1]])).toEqual([]);
      expect(jobFindings([changed[0]], [changed[1]])).toHaveLength(1);
      // metadata alone is no change of the spec
      expect(jobFindings([changed[0]], [{ ...changed[0], metadata: { ...changed[0].metadata, labels: { a: 'b' } } }])).toEqual([]);
    });
  });
});

describe('transitionPlans', () => {
  const resources = parse(server({}));
  const finding = (rule: string, suppressed = false): Finding => ({
    rule: rule as Finding['rule'],
    severity: 'error',
    message: 'm',
    ...(suppressed ? { suppressed: { reason: 'r' } } : {}),
  });
  const plans = (findings: Finding[], replicas = 5) =>
    transitionPlans(findings, input(resources, resources, { after: state({ replicas }), namespace: 'ns' }));

  it('one plan per rule with findings, in rule order, accepted when all of its findings are', () => {
    const all = plans([
      finding('bootstrap-job-change', true),
      finding('tls-transition'),
      finding('tls-transition', true),
      finding('ca-change', true),
      finding('gossip-key-change'),
      finding('security-downgrade'),
    ]);
    expect(all.map((plan) => [plan.rule, plan.change, plan.accepted])).toEqual([
      ['gossip-key-change', 'gossip key Secret', false],
      ['ca-change', 'CA Secret', true],
      ['tls-transition', 'TLS on', false],
      ['bootstrap-job-change', 'bootstrap hook Job', true],
    ]);
    expect(plans([])).toEqual([]);
  });

  it('the CA rotation: trust both, roll, issue from the new CA, roll, drop the old', () => {
    const [plan] = plans([finding('ca-change')]);
    expect(plan?.steps).toEqual([
      {
        title: 'trust both CAs',
        action:
          'put a bundle of the old and the new CA certificate into the CA Secret the agents read now (kubectl -n ns apply), then roll the servers and clients once',
      },
      {
        title: 'roll the servers one at a time (they trust both CAs): at worst 4 of 5 voters up (quorum 3, tolerates 1 more)',
        action:
          'kubectl -n ns rollout restart statefulset/consul-server (one pod at a time, within the PDB); wait until `consul operator raft list-peers` shows 5 voters, then kubectl -n ns rollout restart daemonset/consul-client',
      },
      {
        title: 'issue from the new CA and merge the Secret change',
        action:
          'accept ca-change in environments.prod.acceptedRisks, generate, merge, sync (tls-init re-issues consul-server-cert from the CA it finds)',
      },
      expect.objectContaining({ title: expect.stringMatching(/^roll the servers one at a time \(new server certificates\)/) }),
      { title: 'drop the old CA', action: 'remove the old certificate from the bundle; roll once more' },
    ]);
  });

  it('the TLS transition: verify_incoming false first, roll, then true, roll', () => {
    const [plan] = plans([finding('tls-transition')], 3);
    expect(plan?.steps).toEqual([
      {
        title: 'TLS on, verify_incoming false (agents accept TLS and plaintext)',
        action:
          'accept tls-transition in environments.prod.acceptedRisks, add a patch under overlays/prod/local/ that sets tls.internal_rpc.verify_incoming false in consul-server-config and consul-client-config, generate, merge, sync',
      },
      expect.objectContaining({
        title: 'roll the servers one at a time (every agent now speaks TLS): at worst 2 of 3 voters up (quorum 2, tolerates 0 more)',
      }),
      { title: 'verify_incoming true', action: 'remove the local/ patch, generate, merge, sync' },
      expect.objectContaining({ title: expect.stringMatching(/^roll the servers one at a time \(plaintext is refused from now on\)/) }),
    ]);
  });

  it('the gossip key and bootstrap Job plans name the namespace and environment; one server rolls with none up', () => {
    const [gossip, hook] = plans([finding('gossip-key-change'), finding('bootstrap-job-change')], 1);
    expect(gossip?.steps.map((step) => step.title)).toEqual([
      'install the new key in every agent (1 servers keep quorum 1)',
      'encrypt with the new key',
      'store it where the pods read it, then merge the Secret change',
      expect.stringMatching(/^roll the servers one at a time/),
      'drop the old key',
    ]);
    expect(gossip?.steps[2]).toEqual({
      title: 'store it where the pods read it, then merge the Secret change',
      action:
        'kubectl -n ns create secret generic <new Secret> --from-file=<key>="$work/new.key"; accept gossip-key-change in environments.prod.acceptedRisks, generate, merge, sync',
    });
    expect(gossip?.steps[3]?.title).toBe(
      'roll the servers one at a time (they read the new Secret): at worst 0 of 1 voters up (quorum 1, tolerates 0 more)',
    );
    expect(gossip?.steps[4]?.action).toBe(
      `kubectl -n ns get secret <old Secret> -o jsonpath='{.data.<key>}' | base64 -d > "$work/old.key"; keyring DELETE "$work/old.key"; rm -rf "$work"`,
    );
    expect(hook?.steps).toEqual([
      {
        title: 'check the Secrets the Job would read or write',
        action:
          'kubectl -n ns get secrets --show-labels (a Secret the Job skips stays as it is; one it regenerates changes on the next sync)',
      },
      {
        title: 'merge and sync; the hook runs with the new spec',
        action:
          "accept bootstrap-job-change in environments.prod.acceptedRisks if the effect above is intended, generate, merge; watch the Job's log in the sync",
      },
    ]);
  });
});
