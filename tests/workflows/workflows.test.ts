/**
 * The GitHub workflows are valid. No JSON Schema for workflows is available offline (none ships in
 * node_modules), so these are structural assertions: the YAML parses strictly, every job has
 * runs-on and steps, every step has exactly one of uses/run, actions are pinned, permissions are
 * least-privilege, and every consul-gitops command and flag the workflows run exists in the CLI usage.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { USAGE } from '../../tools/src/cli/args.js';
import { REPO_ROOT } from '../helpers/repo.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
  id?: string;
}
interface Job {
  'runs-on'?: unknown;
  steps?: Step[];
  permissions?: Record<string, string> | string;
}
interface Workflow {
  name?: string;
  on?: unknown;
  permissions?: Record<string, string> | string;
  jobs?: Record<string, Job>;
}

const DIR = join(REPO_ROOT, '.github/workflows');
const files = readdirSync(DIR).filter((file) => /\.ya?ml$/.test(file));

function load(file: string): Workflow {
  const document = parseDocument(readFileSync(join(DIR, file), 'utf8'), { uniqueKeys: true });
  expect(document.errors, file).toEqual([]);
  return document.toJS() as Workflow;
}

/** `npx consul-gitops diff --base X --format markdown` -> { command: 'diff', flags: ['--base', '--format'] }. */
function cliCalls(script: string): { command: string; flags: string[] }[] {
  return [...script.matchAll(/consul-gitops(?:\.js)?\s+([a-z-]+)([^\n|&;]*)/g)].map((match) => ({
    command: match[1]!,
    flags: [...(match[2] ?? '').matchAll(/(--[a-z-]+)/g)].map((flag) => flag[1]!),
  }));
}

describe.each(files)('workflow %s', (file) => {
  const workflow = load(file);
  const jobs = Object.entries(workflow.jobs ?? {});

  it('has a name, triggers and at least one job', () => {
    expect(workflow.name).toBeTruthy();
    expect(workflow.on).toBeTruthy();
    expect(jobs.length).toBeGreaterThan(0);
  });

  it.each(jobs)('job %s has runs-on and steps, each with exactly one of uses or run', (_name, job) => {
    expect(job['runs-on']).toBeTruthy();
    expect(job.steps?.length).toBeGreaterThan(0);
    for (const step of job.steps ?? [])
      expect(
        [step.uses, step.run].filter((value) => value !== undefined),
        JSON.stringify(step),
      ).toHaveLength(1);
  });

  it('pins every action to a version tag or a commit', () => {
    for (const [, job] of jobs)
      for (const step of job.steps ?? []) if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$/);
  });

  it('never grants write-all and reads contents only at the top level', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const [, job] of jobs) expect(job.permissions).not.toBe('write-all');
  });

  it('runs only consul-gitops commands and flags the CLI documents', () => {
    for (const [, job] of jobs) {
      for (const step of job.steps ?? []) {
        for (const call of cliCalls(step.run ?? '')) {
          expect(USAGE, `command ${call.command}`).toMatch(new RegExp(`^  ${call.command}\\b`, 'm'));
          for (const flag of call.flags) expect(USAGE, `flag ${flag} of ${call.command}`).toContain(flag);
        }
      }
    }
  });
});

describe('the pull-request workflow', () => {
  const workflow = load('validate.yml');
  const validate = workflow.jobs?.validate as Job;
  const steps = validate.steps ?? [];
  const step = (match: (step: Step) => boolean): Step => {
    const found = steps.find(match);
    expect(found).toBeDefined();
    return found as Step;
  };

  it('grants the validate job exactly contents: read, pull-requests: write, security-events: write, actions: read', () => {
    expect(validate.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write', actions: 'read' });
  });

  it('checks out the full history and sets up the maintained Node LTS with the npm cache before npm ci', () => {
    expect(step((item) => item.uses?.startsWith('actions/checkout@') === true).with).toEqual({ 'fetch-depth': 0 });
    expect(step((item) => item.uses?.startsWith('actions/setup-node@') === true).with).toEqual({ 'node-version': 24, cache: 'npm' });
    expect(steps.findIndex((item) => item.run === 'npm ci')).toBeGreaterThan(
      steps.findIndex((item) => item.uses?.startsWith('actions/setup-node@') === true),
    );
  });

  it('runs generate --check, nx affected validate against the base branch without the daemon, diff as markdown and validate as SARIF', () => {
    const runs = steps.map((item) => item.run ?? '').join('\n');
    expect(runs).toContain('npx consul-gitops generate --check');
    expect(runs).toContain('npx nx affected -t validate --base=origin/${{ github.base_ref }}');
    expect(workflow as unknown as { env: Record<string, string> }).toMatchObject({ env: { NX_DAEMON: 'false' } });
    expect(runs).toMatch(/consul-gitops diff --base "origin\/\$\{\{ github.base_ref \}\}" --format markdown/);
    expect(runs).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(runs).toContain('consul-gitops validate --format sarif --output sarif/validate.sarif');
    expect(runs).toMatch(/consul-gitops diff --base "origin\/\$\{\{ github.base_ref \}\}" --format sarif --output sarif\/diff.sarif/);
  });

  it('keeps the Nx cache between runs, keyed by the lockfiles and the commit, restoring the newest entry of the same lockfiles', () => {
    const cache = step((item) => item.uses?.startsWith('actions/cache@') === true);
    expect(cache.with).toEqual({
      path: '.nx/cache',
      key: "nx-${{ runner.os }}-${{ hashFiles('package-lock.json', 'tools/go/go.sum') }}-${{ github.sha }}",
      'restore-keys': "nx-${{ runner.os }}-${{ hashFiles('package-lock.json', 'tools/go/go.sum') }}-",
    });
    expect(steps.indexOf(cache)).toBeLessThan(steps.findIndex((item) => item.run?.includes('nx affected') === true));
    expect(workflow as unknown as { env: Record<string, string> }).toMatchObject({
      env: { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: '${{ vars.NX_SELF_HOSTED_REMOTE_CACHE_SERVER }}' },
    });
  });

  it('tests on the maintained LTS and on the oldest Node engines allows', () => {
    const test = workflow.jobs?.test as Job & { strategy?: { matrix?: { node?: string[] } } };
    const engines = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(test.strategy?.matrix?.node).toEqual(['24', engines.replace('>=', '')]);
  });

  it('updates one comment found by a hidden marker, and uploads the SARIF file', () => {
    const comment = step((item) => item.uses?.startsWith('actions/github-script@') === true);
    const script = String(comment.with?.script);
    expect(script).toContain('<!-- consul-gitops-diff -->');
    expect(script).toMatch(/updateComment[\s\S]*createComment/);
    const upload = step((item) => item.uses?.startsWith('github/codeql-action/upload-sarif@') === true);
    expect(upload.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload.with).toMatchObject({ sarif_file: 'sarif' });
  });

  it('neither uploads SARIF nor comments on a fork pull request, and says so', () => {
    const sameRepository = 'github.event.pull_request.head.repo.full_name == github.repository';
    expect(step((item) => item.uses?.startsWith('github/codeql-action/upload-sarif@') === true).if).toContain(sameRepository);
    expect(step((item) => item.uses?.startsWith('actions/github-script@') === true).if).toContain(sameRepository);
    const note = step((item) => item.if === '${{ github.event.pull_request.head.repo.full_name != github.repository }}');
    expect(note.run).toMatch(/::notice::Pull request from a fork/);
  });

  it('has an Nx validate target on every overlay for nx affected to run', async () => {
    const { overlayProject, diskView } = await import('../../tools/src/nx/plugin.js');
    for (const env of readdirSync(join(REPO_ROOT, 'overlays')))
      expect(Object.keys(overlayProject(`overlays/${env}`, diskView(REPO_ROOT)).targets)).toContain('validate');
  });
});
