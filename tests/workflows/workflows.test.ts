/**
 * The GitHub workflows are valid. No JSON Schema for workflows is available offline (none ships in
 * node_modules), so these are structural assertions: the YAML parses strictly, every job has
 * runs-on and steps, every step has exactly one of uses/run, actions are pinned, permissions are
 * least-privilege, and every consul-gitops command and flag the workflows run exists in the CLI usage.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
  env?: Record<string, string>;
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

  const jobOf = (name: string): Job => {
    const job = workflow.jobs?.[name];
    expect(job, name).toBeDefined();
    return job as Job;
  };
  const runsOf = (name: string): string => (jobOf(name).steps ?? []).map((item) => item.run ?? '').join('\n');

  it('checks the spec once in the plan job, and splits the affected projects with a report target into shards', () => {
    const runs = runsOf('plan');
    expect(runs).toContain('npx consul-gitops generate --check');
    expect(runs).toContain('npx nx show projects --affected --base="$BASE" --head=HEAD --withTarget=report --json > projects.json');
    expect(runs).toContain('node tools/scripts/shard-projects.mjs --shards "$SHARDS" projects.json');
    expect(workflow as unknown as { env: Record<string, string> }).toMatchObject({ env: { NX_DAEMON: 'false' } });
    const plan = jobOf('plan') as Job & { outputs?: Record<string, string> };
    expect(Object.keys(plan.outputs ?? {}).sort()).toEqual(['count', 'matrix', 'projects']);
  });

  it("runs each shard's projects' report target from the plan's matrix, the names only through env, and keeps the reports", () => {
    const shard = jobOf('shard') as Job & { strategy?: unknown; needs?: string; if?: string };
    expect(shard.needs).toBe('plan');
    expect(shard.if).toBe("${{ needs.plan.outputs.count != '0' }}");
    expect(shard.strategy).toEqual({ 'fail-fast': false, matrix: '${{ fromJSON(needs.plan.outputs.matrix) }}' });
    const run = (shard.steps ?? []).find((item) => item.run?.includes('nx run-many') === true) as Step & { env?: Record<string, string> };
    expect(run.env).toEqual({ PROJECTS: '${{ matrix.projects }}' });
    expect(run.run).toContain('npx nx run-many -t report --projects="$PROJECTS" --exclude-task-dependencies');
    expect(run.run).not.toContain('${{');
    const upload = (shard.steps ?? []).find((item) => item.uses?.startsWith('actions/upload-artifact@') === true);
    expect(upload?.with).toMatchObject({ name: 'reports-${{ matrix.shard }}', path: 'dist/reports/' });
  });

  it('merges every report into one SARIF upload, one job summary and one PR comment, and fails on errors or a missing report', () => {
    const report = jobOf('report') as Job & { needs?: string[]; if?: string };
    expect(report.needs).toEqual(['plan', 'shard']);
    expect(report.if).toContain('!cancelled()');
    expect(report.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write', actions: 'read' });
    const reportSteps = report.steps ?? [];
    expect(reportSteps.find((item) => item.uses?.startsWith('actions/download-artifact@') === true)?.with).toEqual({
      pattern: 'reports-*',
      'merge-multiple': true,
      path: 'reports',
    });
    const runs = runsOf('report');
    expect(runs).toContain(
      'node tools/scripts/merge-reports.mjs reports --sarif sarif/validate.sarif --markdown validate.md --expect "$PROJECTS"',
    );
    expect(runs).toContain('cat validate.md >> "$GITHUB_STEP_SUMMARY"');
    expect(String(reportSteps.find((item) => item.uses?.startsWith('actions/github-script@') === true)?.with?.script)).toContain(
      '<!-- consul-gitops-validate -->',
    );
    const upload = reportSteps.find((item) => item.uses?.startsWith('github/codeql-action/upload-sarif@') === true);
    expect(upload?.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload?.with).toEqual({ sarif_file: 'sarif/validate.sarif', category: 'consul-gitops-validate' });
    expect(reportSteps.at(-1)?.if).toBe("${{ steps.merge.outputs.exit-code != '0' }}");
  });

  it('runs diff as markdown for the job summary and as SARIF in the validate job, and no longer validates every overlay there', () => {
    const runs = steps.map((item) => item.run ?? '').join('\n');
    expect(runs).toMatch(/consul-gitops diff --base "origin\/\$\{\{ github.base_ref \}\}" --format markdown/);
    expect(runs).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(runs).toMatch(/consul-gitops diff --base "origin\/\$\{\{ github.base_ref \}\}" --format sarif --output sarif\/diff.sarif/);
    expect(runs).not.toContain('consul-gitops validate');
    expect(runs).not.toContain('nx affected');
  });

  it('keeps the Nx cache between runs in every shard, keyed by the lockfiles, the commit and the shard, restoring the newest entry of the same lockfiles', () => {
    const shardSteps = jobOf('shard').steps ?? [];
    const cache = shardSteps.find((item) => item.uses?.startsWith('actions/cache@') === true) as Step;
    expect(cache.with).toEqual({
      path: '.nx/cache',
      key: "nx-${{ runner.os }}-${{ hashFiles('package-lock.json', 'tools/go/go.sum') }}-${{ github.sha }}-shard-${{ matrix.shard }}-of-${{ matrix.of }}",
      'restore-keys': "nx-${{ runner.os }}-${{ hashFiles('package-lock.json', 'tools/go/go.sum') }}-",
    });
    expect(shardSteps.indexOf(cache)).toBeLessThan(shardSteps.findIndex((item) => item.run?.includes('nx run-many') === true));
    expect(workflow as unknown as { env: Record<string, string> }).toMatchObject({
      env: { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: '${{ vars.NX_SELF_HOSTED_REMOTE_CACHE_SERVER }}' },
    });
  });

  it('mutation-tests the changed sources with the full history, reading contents only, the base branch only through env', () => {
    const mutation = jobOf('mutation') as Job & { env?: unknown };
    expect(mutation.permissions).toEqual({ contents: 'read' });
    const jobSteps = mutation.steps ?? [];
    expect(jobSteps.find((item) => item.uses?.startsWith('actions/checkout@') === true)?.with).toEqual({ 'fetch-depth': 0 });
    const run = jobSteps.find((item) => item.run?.includes('mutate:changed') === true);
    expect(run?.run).toBe('npm run mutate:changed -- --base "origin/$BASE_REF"');
    expect(run?.env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
    expect(jobSteps.findIndex((item) => item.run === 'npm ci')).toBeLessThan(jobSteps.indexOf(run!));
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
    expect(upload.with).toEqual({ sarif_file: 'sarif', category: 'consul-gitops-diff' });
  });

  it('neither uploads SARIF nor comments on a fork pull request, and says so', () => {
    const sameRepository = 'github.event.pull_request.head.repo.full_name == github.repository';
    expect(step((item) => item.uses?.startsWith('github/codeql-action/upload-sarif@') === true).if).toContain(sameRepository);
    expect(step((item) => item.uses?.startsWith('actions/github-script@') === true).if).toContain(sameRepository);
    const note = step((item) => item.if === '${{ github.event.pull_request.head.repo.full_name != github.repository }}');
    expect(note.run).toMatch(/::notice::Pull request from a fork/);
    const report = jobOf('report').steps ?? [];
    for (const uses of ['github/codeql-action/upload-sarif@', 'actions/github-script@'])
      expect(report.find((item) => item.uses?.startsWith(uses) === true)?.if).toContain(sameRepository);
    expect(report.find((item) => item.if === '${{ github.event.pull_request.head.repo.full_name != github.repository }}')?.run).toMatch(
      /::notice::Pull request from a fork/,
    );
  });

  it('has an Nx validate target on every overlay for nx affected to run', async () => {
    const { overlayProject, diskView } = await import('../../tools/src/nx/plugin.js');
    for (const env of readdirSync(join(REPO_ROOT, 'overlays')))
      expect(Object.keys(overlayProject(`overlays/${env}`, diskView(REPO_ROOT)).targets)).toContain('validate');
  });
});

describe('the image workflow (argocd/cmp/Dockerfile to ghcr.io)', () => {
  const workflow = load('image.yml');
  const publish = workflow.jobs?.publish as Job;
  const steps = publish.steps ?? [];
  const uses = (prefix: string): Step => {
    const found = steps.find((item) => item.uses?.startsWith(prefix) === true);
    expect(found, prefix).toBeDefined();
    return found as Step;
  };
  const dockerfile = readFileSync(join(REPO_ROOT, 'argocd/cmp/Dockerfile'), 'utf8');

  it('runs only on pushes to main and v* tags, never on a pull request', () => {
    expect(workflow.on).toMatchObject({ push: { branches: ['main'], tags: ['v*'] } });
    expect(Object.keys(workflow.on as object)).toEqual(['push']);
  });

  it('may write packages only in the publishing job', () => {
    expect(publish.permissions).toMatchObject({ contents: 'read', packages: 'write' });
  });

  it('builds argocd/cmp/Dockerfile from the repository root and pushes it to ghcr.io/<repository>/consul-gitops-cmp, tagged by the metadata action', () => {
    const build = uses('docker/build-push-action@');
    expect(build.with).toMatchObject({ context: '.', file: 'argocd/cmp/Dockerfile', push: true, tags: '${{ steps.meta.outputs.tags }}' });
    expect(existsSync(join(REPO_ROOT, String(build.with?.context), String(build.with?.file)))).toBe(true);
    expect(uses('docker/login-action@').with).toMatchObject({ registry: 'ghcr.io' });
    const name = steps.find((item) => item.id === 'image');
    expect(name?.run).toContain("ghcr.io/$(tr '[:upper:]' '[:lower:]' <<< \"$REPOSITORY\")/consul-gitops-cmp");
    expect(uses('docker/metadata-action@').with).toMatchObject({ images: '${{ steps.image.outputs.name }}' });
  });

  it('records the pushed digest in the log and the job summary', () => {
    const record = steps.find((item) => item.name === 'Record the digest') as Step & { env?: Record<string, string> };
    expect(record.env).toMatchObject({ DIGEST: '${{ steps.build.outputs.digest }}' });
    expect(record.run).toContain('echo "digest: $image@$DIGEST"');
    expect(record.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  it('copies into the image only what exists in the build context and .dockerignore lets through', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'));
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1]!.split(' '));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(REPO_ROOT, source)), source).toBe(true);
      expect(
        ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)),
        source,
      ).toBe(false);
    }
  });

  it("puts on PATH the command the plugin config runs, the CLI's gate, and bakes in the plugin config where the repo-server patch mounts it", () => {
    const plugin = parseDocument(readFileSync(join(REPO_ROOT, 'argocd/cmp/plugin.yaml'), 'utf8')).toJS() as {
      spec: { generate: { command: string[] } };
    };
    const [command, subcommand] = plugin.spec.generate.command;
    const link = new RegExp(`ln -s /opt/consul-gitops/(\\S+) /usr/local/bin/${command}\\b`).exec(dockerfile);
    expect(link, `a link named ${command} on PATH`).not.toBeNull();
    expect(existsSync(join(REPO_ROOT, link![1]!))).toBe(true);
    expect(USAGE).toMatch(new RegExp(`^  ${subcommand}\\b`, 'm'));
    const patch = readFileSync(join(REPO_ROOT, 'argocd/cmp/repo-server-patch.yaml'), 'utf8');
    const mount = /mountPath: (\S+plugin\.yaml)/.exec(patch)![1]!;
    expect(dockerfile).toContain(`COPY argocd/cmp/plugin.yaml ${mount}`);
    expect(dockerfile).toMatch(/^USER 999$/m);
  });
});
