/**
 * Every validate format's whole output for one run that has each kind of finding (an error with a source file and a
 * render line, a warning only in the render, an info, suppressed findings under two reasons, a missing schema, a
 * finding on a resource no check listed), an overlay not checked, and environments.yaml's own findings.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../tools/src/model/finding.js';
import { getReporter } from '../../tools/src/report/reporter.js';
import type { RunResult } from '../../tools/src/report/result.js';
import { countStatuses, resourceResults } from '../../tools/src/report/status.js';
import { runReport } from '../../tools/src/report/summary.js';

const SERVER = { kind: 'StatefulSet', name: 'consul-server', namespace: 'consul' };
const FINDINGS: Finding[] = [
  {
    rule: 'quorum-even-servers',
    severity: 'error',
    message: '4 servers: use 3 or 5',
    hint: 'set an odd count',
    resource: SERVER,
    path: '/spec/replicas',
    location: { file: 'overlays/prod', line: 40, rendered: true },
    origin: { file: 'base/server.yaml', line: 12 },
  },
  {
    rule: 'consul-config',
    severity: 'warning',
    message: 'odd 100%: a, b\r\nnext line',
    hint: 'rename it',
    resource: { kind: 'ConfigMap', name: 'cfg' },
    location: { file: 'overlays/prod', line: 7, rendered: true },
  },
  { rule: 'rollout-quorum', severity: 'info', message: 'one at a time (n=5)', hint: 'nothing to do' },
  {
    rule: 'image-pinned',
    severity: 'error',
    message: 'not pinned',
    resource: SERVER,
    location: { file: 'base/server.yaml', line: 3, col: 9 },
    suppressed: { reason: 'vendor image' },
  },
  { rule: 'pdb-max-unavailable', severity: 'warning', message: 'drain', suppressed: { reason: 'vendor image' } },
  // a made-up rule id: the reporters print any id as they are given it
  {
    rule: 'probe' as Finding['rule'],
    severity: 'info',
    message: 'probe info',
    resource: { kind: 'ConfigMap', name: 'cfg' },
    suppressed: { reason: 'other' },
  },
  { rule: 'schema-missing', severity: 'warning', message: 'no schema for example.com/v1 Widget', resource: { kind: 'Widget', name: 'w' } },
  { rule: 'plaintext-secret', severity: 'error', message: 'a secret', resource: { kind: 'Secret', name: 's' } },
];

const RUN: RunResult = {
  tool: { kustomize: 'v5.8.1', schemaBackend: 'offline', kubernetesVersion: '1.33' },
  overlays: [
    {
      path: 'overlays/prod',
      environment: 'prod',
      ok: false,
      resources: 4,
      checked: [SERVER, { kind: 'ConfigMap', name: 'cfg' }, { kind: 'Widget', name: 'w' }, { kind: 'Service', name: 'svc' }],
      findings: FINDINGS,
    },
    {
      path: 'overlays/dev',
      environment: 'dev',
      ok: false,
      resources: 0,
      checked: [],
      findings: [],
      notChecked: 'the spec of dev is invalid: see environments.yaml',
    },
    {
      path: 'environments.yaml',
      ok: true,
      resources: 0,
      checked: [],
      findings: [{ rule: 'rollout-quorum', severity: 'info', message: 'one at a time (n=13)' }],
    },
  ],
};
/** Built inside each test, not when the file loads: Stryker activates a mutant for the tests it runs, not for the import. */
const report = () => runReport(RUN);

describe('validate formats, whole outputs', () => {
  it('text: blocks wrapped to the width, infos without a fix, suppressed ones under their reason, a skipped overlay, the totals', () => {
    expect(getReporter('text').render(report(), { width: 60 })).toBe(
      [
        'FAILED  overlays/prod (environment prod): 4 resources; 2',
        '    errors, 2 warnings, 1 info, 3 suppressed',
        '  error   quorum-even-servers StatefulSet/consul-server: 4',
        '    servers: use 3 or 5',
        '    base/server.yaml:12 (rendered line 40) at /spec/replicas',
        '    fix: set an odd count',
        '  warning consul-config ConfigMap/cfg: odd 100%: a, b next',
        '    line',
        '    overlays/prod (rendered):7',
        '    fix: rename it',
        '  info    rollout-quorum: one at a time (n=5)',
        '  warning schema-missing Widget/w: no schema for',
        '    example.com/v1 Widget',
        '  error   plaintext-secret Secret/s: a secret',
        '  accepted (2 findings): vendor image',
        '    error image-pinned StatefulSet/consul-server',
        '      (base/server.yaml:3:9)',
        '    warning pdb-max-unavailable',
        '  accepted (1 finding): other',
        '    info probe ConfigMap/cfg',
        'skipped overlays/dev: not checked',
        '    the spec of dev is invalid: see environments.yaml',
        'ok      environments.yaml: 0 errors, 0 warnings, 1 info, 0',
        '    suppressed',
        '  info    rollout-quorum: as in overlays/prod',
        '1 kustomization checked, 1 skipped, 4 resources: 2 errors, 2',
        '    warnings, 2 infos, 3 suppressed',
        'resources: 2 valid, 1 invalid, 1 skipped',
        'tools: kustomize v5.8.1; schemas: offline, Kubernetes 1.33',
        '',
      ].join('\n'),
    );
  });

  it('text: 100 columns unless told; one resource, a path without a location, a fix wrapped under itself', () => {
    const finding: Finding = {
      rule: 'consul-tls',
      severity: 'error',
      message: 'word '.repeat(30).trim(),
      hint: 'fix '.repeat(30).trim(),
      path: '/data/x',
    };
    const run: RunResult = {
      tool: RUN.tool,
      overlays: [{ path: 'overlays/a', ok: false, resources: 1, checked: [], findings: [finding] }],
    };
    const words = (count: number, word: string): string => Array.from({ length: count }, () => word).join(' ');
    expect(getReporter('text').render(runReport(run))).toBe(
      [
        'FAILED  overlays/a: 1 resource; 1 error, 0 warnings, 0 infos, 0 suppressed',
        `  error   consul-tls: ${words(15, 'word')}`,
        `    ${words(15, 'word')}`,
        '    at /data/x',
        `    fix: ${words(23, 'fix')}`,
        `         ${words(7, 'fix')}`,
        '1 kustomization checked, 1 resource: 1 error, 0 warnings, 0 infos, 0 suppressed',
        'tools: kustomize v5.8.1; schemas: offline, Kubernetes 1.33',
        '',
      ].join('\n'),
    );
  });

  it('text: an overlay that checked resources but counted none still says 0 resources; one with neither does not', () => {
    const overlay = (path: string, checked: RunResult['overlays'][number]['checked']): RunResult['overlays'][number] => ({
      path,
      ok: true,
      resources: 0,
      checked,
      findings: [],
    });
    const run: RunResult = {
      tool: RUN.tool,
      overlays: [overlay('overlays/a', [{ kind: 'ConfigMap', name: 'c' }]), overlay('overlays/b', [])],
    };
    const lines = getReporter('text').render(runReport(run)).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'ok      overlays/a: 0 resources; 0 errors, 0 warnings, 0 infos, 0 suppressed',
      'ok      overlays/b: 0 errors, 0 warnings, 0 infos, 0 suppressed',
      '2 kustomizations checked, 0 resources: 0 errors, 0 warnings, 0 infos, 0 suppressed',
    ]);
  });

  it('text: a finding placed only by its origin; a warning repeated in a later overlay is shown again in full (only infos fold)', () => {
    const warning: Finding = {
      rule: 'consul-tls',
      severity: 'warning',
      message: 'tls off (port 8501)',
      origin: { file: 'base/a.yaml', line: 3 },
    };
    const overlay = (path: string): RunResult['overlays'][number] => ({ path, ok: true, resources: 1, checked: [], findings: [warning] });
    const lines = getReporter('text')
      .render(runReport({ tool: RUN.tool, overlays: [overlay('overlays/a'), overlay('overlays/b')] }))
      .split('\n');
    expect(lines.filter((line) => line.startsWith('  warning'))).toEqual([
      '  warning consul-tls: tls off (port 8501)',
      '  warning consul-tls: tls off (port 8501)',
    ]);
    expect(lines.filter((line) => line === '    base/a.yaml:3')).toHaveLength(2);
  });

  it('text: an info folds only into one that differs by its numbers, not into one without them', () => {
    const info = (message: string): Finding => ({ rule: 'rollout-quorum', severity: 'info', message });
    const overlay = (path: string, message: string): RunResult['overlays'][number] => ({
      path,
      ok: true,
      resources: 1,
      checked: [],
      findings: [info(message)],
    });
    const text = getReporter('text').render(
      runReport({ tool: RUN.tool, overlays: [overlay('overlays/a', 'scale 5 to 3'), overlay('overlays/b', 'scale  to ')] }),
    );
    expect(text).toContain('  info    rollout-quorum: scale to\n');
  });

  it('github: one command per open finding, properties and data escaped, the summary last', () => {
    expect(getReporter('github').render(report())).toBe(
      [
        '::error file=base/server.yaml,line=12,title=quorum-even-servers::StatefulSet/consul-server: 4 servers: use 3 or 5 (fix: set an odd count)',
        '::warning file=overlays/prod,title=consul-config::ConfigMap/cfg: odd 100%25: a, b%0D%0Anext line (fix: rename it)',
        '::notice file=overlays/prod,title=rollout-quorum::one at a time (n=5) (fix: nothing to do)',
        '::warning file=overlays/prod,title=schema-missing::Widget/w: no schema for example.com/v1 Widget',
        '::error file=overlays/prod,title=plaintext-secret::Secret/s: a secret',
        '::notice file=environments.yaml,title=rollout-quorum::one at a time (n=13)',
        'consul-gitops: 3 overlay(s), 4 resources, 2 error(s), 2 warning(s), 3 suppressed',
        '',
      ].join('\n'),
    );
  });

  it('github: a property escapes %, CR, LF, : and ,', () => {
    const run: RunResult = {
      tool: RUN.tool,
      overlays: [
        {
          path: 'overlays/a',
          ok: true,
          resources: 0,
          checked: [],
          findings: [{ rule: 'schema', severity: 'info', message: 'm', location: { file: 'dir/a:b,c%d\r\ne.yaml', line: 2 } }],
        },
      ],
    };
    expect(getReporter('github').render(runReport(run)).split('\n')[0]).toBe(
      '::notice file=dir/a%3Ab%2Cc%25d%0D%0Ae.yaml,line=2,title=schema::m',
    );
  });

  it('json: every overlay, its checked resources with their status, every finding in one shape, the summary and the tools', () => {
    const text = getReporter('json').render(report());
    expect(text.endsWith('}\n')).toBe(true);
    const none = {
      kind: null,
      name: null,
      file: null,
      line: null,
      fileRendered: false,
      path: null,
      rendered: null,
      hint: null,
      suppressed: null,
    };
    expect(JSON.parse(text)).toEqual({
      overlays: [
        {
          path: 'overlays/prod',
          environment: 'prod',
          ok: false,
          resources: 4,
          checked: [
            { kind: 'StatefulSet', name: 'consul-server', namespace: 'consul', status: 'invalid' },
            { kind: 'ConfigMap', name: 'cfg', namespace: null, status: 'valid' },
            { kind: 'Widget', name: 'w', namespace: null, status: 'skipped' },
            { kind: 'Service', name: 'svc', namespace: null, status: 'valid' },
          ],
          findings: [
            {
              ...none,
              rule: 'quorum-even-servers',
              severity: 'error',
              message: '4 servers: use 3 or 5',
              kind: 'StatefulSet',
              name: 'consul-server',
              file: 'base/server.yaml',
              line: 12,
              path: '/spec/replicas',
              rendered: { file: 'overlays/prod', line: 40 },
              hint: 'set an odd count',
            },
            {
              ...none,
              rule: 'consul-config',
              severity: 'warning',
              message: 'odd 100%: a, b\r\nnext line',
              kind: 'ConfigMap',
              name: 'cfg',
              file: 'overlays/prod',
              line: 7,
              fileRendered: true,
              rendered: { file: 'overlays/prod', line: 7 },
              hint: 'rename it',
            },
            { ...none, rule: 'rollout-quorum', severity: 'info', message: 'one at a time (n=5)', hint: 'nothing to do' },
            {
              ...none,
              rule: 'image-pinned',
              severity: 'error',
              message: 'not pinned',
              kind: 'StatefulSet',
              name: 'consul-server',
              file: 'base/server.yaml',
              line: 3,
              rendered: { file: 'base/server.yaml', line: 3 },
              suppressed: { reason: 'vendor image' },
            },
            { ...none, rule: 'pdb-max-unavailable', severity: 'warning', message: 'drain', suppressed: { reason: 'vendor image' } },
            {
              ...none,
              rule: 'probe',
              severity: 'info',
              message: 'probe info',
              kind: 'ConfigMap',
              name: 'cfg',
              suppressed: { reason: 'other' },
            },
            {
              ...none,
              rule: 'schema-missing',
              severity: 'warning',
              message: 'no schema for example.com/v1 Widget',
              kind: 'Widget',
              name: 'w',
            },
            { ...none, rule: 'plaintext-secret', severity: 'error', message: 'a secret', kind: 'Secret', name: 's' },
          ],
        },
        {
          path: 'overlays/dev',
          environment: 'dev',
          ok: false,
          resources: 0,
          notChecked: 'the spec of dev is invalid: see environments.yaml',
          checked: [],
          findings: [],
        },
        {
          path: 'environments.yaml',
          environment: null,
          ok: true,
          resources: 0,
          checked: [],
          findings: [{ ...none, rule: 'rollout-quorum', severity: 'info', message: 'one at a time (n=13)' }],
        },
      ],
      summary: {
        overlays: 3,
        resources: 4,
        errors: 2,
        warnings: 2,
        infos: 2,
        suppressed: 3,
        statuses: { valid: 2, invalid: 1, error: 0, skipped: 1 },
      },
      tool: RUN.tool,
    });
  });

  it('junit: a case per checked resource, then per resource only findings name, then the overlay; counts from the cases', () => {
    expect(getReporter('junit').render(report())).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="consul-gitops validate" tests="8" failures="2" skipped="1">',
        '  <testsuite name="overlays/prod" tests="6" failures="2" errors="0" skipped="1">',
        '    <testcase classname="overlays/prod" name="StatefulSet/consul-server">',
        '      <failure message="4 servers: use 3 or 5" type="quorum-even-servers">quorum-even-servers: 4 servers: use 3 or 5 (base/server.yaml:12)</failure>',
        '      <system-out>error (suppressed) image-pinned: not pinned (base/server.yaml:3:9)</system-out>',
        '    </testcase>',
        '    <testcase classname="overlays/prod" name="ConfigMap/cfg">',
        '      <system-out>warning consul-config: odd 100%: a, b\r',
        'next line (overlays/prod (rendered):7)',
        'info (suppressed) probe: probe info ()</system-out>',
        '    </testcase>',
        '    <testcase classname="overlays/prod" name="Widget/w">',
        '      <skipped message="not checked against a schema in full (schema-missing)"/>',
        '      <system-out>warning schema-missing: no schema for example.com/v1 Widget ()</system-out>',
        '    </testcase>',
        '    <testcase classname="overlays/prod" name="Service/svc"/>',
        '    <testcase classname="overlays/prod" name="Secret/s">',
        '      <failure message="a secret" type="plaintext-secret">plaintext-secret: a secret ()</failure>',
        '    </testcase>',
        '    <testcase classname="overlays/prod" name="(overlay)">',
        '      <system-out>info rollout-quorum: one at a time (n=5) ()',
        'warning (suppressed) pdb-max-unavailable: drain ()</system-out>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="overlays/dev" tests="1" failures="0" errors="0" skipped="0">',
        '    <testcase classname="overlays/dev" name="(overlay)"/>',
        '  </testsuite>',
        '  <testsuite name="environments.yaml" tests="1" failures="0" errors="0" skipped="0">',
        '    <testcase classname="environments.yaml" name="(overlay)">',
        '      <system-out>info rollout-quorum: one at a time (n=13) ()</system-out>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('junit: a failing case names every blocking rule in its type and lists them all', () => {
    const run: RunResult = {
      tool: RUN.tool,
      overlays: [
        {
          path: 'o',
          ok: false,
          resources: 1,
          checked: [{ kind: 'ConfigMap', name: 'c' }],
          findings: [
            { rule: 'schema', severity: 'error', message: 'first', resource: { kind: 'ConfigMap', name: 'c' } },
            { rule: 'consul-config', severity: 'error', message: 'second', resource: { kind: 'ConfigMap', name: 'c' } },
          ],
        },
      ],
    };
    expect(getReporter('junit').render(runReport(run))).toContain(
      '<failure message="first" type="schema,consul-config">schema: first ()\nconsul-config: second ()</failure>',
    );
  });

  it('sarif: each finding with its level, resource, path, file and line (a render: its overlay, no line), suppressions; no package: no version', () => {
    const text = getReporter('sarif').render(report());
    expect(text.endsWith('}\n')).toBe(true);
    const sarif = JSON.parse(text);
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.runs[0].tool).toEqual({ driver: { name: 'consul-gitops', rules: [] } });
    const at = (uri: string, startLine?: number) => [
      { physicalLocation: { artifactLocation: { uri }, ...(startLine ? { region: { startLine } } : {}) } },
    ];
    const suppressions = (justification: string) => ({ suppressions: [{ kind: 'inSource', justification }] });
    expect(sarif.runs[0].results).toEqual([
      {
        ruleId: 'quorum-even-servers',
        level: 'error',
        message: { text: 'StatefulSet/consul-server: 4 servers: use 3 or 5 (at /spec/replicas)' },
        locations: at('base/server.yaml', 12),
      },
      {
        ruleId: 'consul-config',
        level: 'warning',
        message: { text: 'ConfigMap/cfg: odd 100%: a, b\r\nnext line' },
        locations: at('overlays/prod'),
      },
      { ruleId: 'rollout-quorum', level: 'note', message: { text: 'one at a time (n=5)' }, locations: at('overlays/prod') },
      {
        ruleId: 'image-pinned',
        level: 'error',
        message: { text: 'StatefulSet/consul-server: not pinned' },
        locations: at('base/server.yaml', 3),
        ...suppressions('vendor image'),
      },
      {
        ruleId: 'pdb-max-unavailable',
        level: 'warning',
        message: { text: 'drain' },
        locations: at('overlays/prod'),
        ...suppressions('vendor image'),
      },
      {
        ruleId: 'probe',
        level: 'note',
        message: { text: 'ConfigMap/cfg: probe info' },
        locations: at('overlays/prod'),
        ...suppressions('other'),
      },
      {
        ruleId: 'schema-missing',
        level: 'warning',
        message: { text: 'Widget/w: no schema for example.com/v1 Widget' },
        locations: at('overlays/prod'),
      },
      { ruleId: 'plaintext-secret', level: 'error', message: { text: 'Secret/s: a secret' }, locations: at('overlays/prod') },
      { ruleId: 'rollout-quorum', level: 'note', message: { text: 'one at a time (n=13)' }, locations: at('environments.yaml') },
    ]);
  });

  it('sarif: each rule of the catalog with its texts and level; a package without a homepage gives a version only', () => {
    const rules = [
      { id: 'consul-tls', severity: 'warning', summary: 'checks TLS', reason: 'why TLS', fix: 'turn it on' },
      { id: 'rollout-quorum', severity: 'info', summary: 's', reason: 'r', fix: 'f' },
    ] as const;
    const sarif = JSON.parse(getReporter('sarif').render(report(), { rules: rules as never, tool: { name: 't', version: '9.9.9' } }));
    expect(sarif.runs[0].tool.driver).toEqual({
      name: 'consul-gitops',
      version: '9.9.9',
      rules: [
        {
          id: 'consul-tls',
          shortDescription: { text: 'checks TLS' },
          fullDescription: { text: 'why TLS' },
          help: { text: 'turn it on' },
          defaultConfiguration: { level: 'warning' },
        },
        {
          id: 'rollout-quorum',
          shortDescription: { text: 's' },
          fullDescription: { text: 'r' },
          help: { text: 'f' },
          defaultConfiguration: { level: 'note' },
        },
      ],
    });
  });
});

describe('resource statuses', () => {
  it('a finding without a namespace names the resource in any namespace, and a resource without one is named by any', () => {
    const findings: Finding[] = [
      { rule: 'schema', severity: 'error', message: 'm', resource: { kind: 'ConfigMap', name: 'a' } },
      { rule: 'schema', severity: 'error', message: 'm', resource: { kind: 'ConfigMap', name: 'b', namespace: 'x' } },
      { rule: 'schema', severity: 'error', message: 'm', resource: { kind: 'Secret', name: 'c' } },
    ];
    const results = resourceResults({
      path: 'o',
      ok: false,
      resources: 3,
      findings,
      checked: [
        { kind: 'ConfigMap', name: 'a', namespace: 'y' },
        { kind: 'ConfigMap', name: 'b' },
        { kind: 'ConfigMap', name: 'c' },
      ],
    });
    expect(results.map((result) => result.status)).toEqual(['invalid', 'invalid', 'valid']);
    expect(countStatuses(results)).toEqual({ valid: 1, invalid: 2, error: 0, skipped: 0 });
  });
});
