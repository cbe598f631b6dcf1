/**
 * control-plane-rbac through the real authorizer (`validate --schema-backend api-server`): each render's
 * RBAC applied for real into the pinned kube-apiserver, one SubjectAccessReview per call the control plane
 * makes. Removing list/watch on ingresses from the sync-catalog ClusterRole makes the server deny both; a
 * Role that does not name the auth-method Secret denies server-acl-init's get; the repository's renders pass;
 * the offline evaluation reports the same findings. One server for every render of the run: a render never
 * inherits the grants of the one before it. Needs the built server: skipped with a reason without Go, a
 * failure under CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 (CI).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiServerPins } from '../../../tools/src/render/apiserver-build.js';
import { pinnedApiServer } from '../../helpers/go-tools.js';
import { CLI, REPO_ROOT } from '../../helpers/repo.js';
import type { JsonFinding, JsonReport } from '../../helpers/json-report.js';

const binary = pinnedApiServer();
const SERVER = `kube-apiserver ${apiServerPins().kubernetes}`;
const FIXTURES = 'tests/fixtures/rules/control-plane-rbac';
const INGRESS = `${FIXTURES}/fail-ingress-watch`;
const AUTH_METHOD = `${FIXTURES}/fail-auth-method-secret-name`;
const DIRS = [INGRESS, `${FIXTURES}/pass`, AUTH_METHOD, 'overlays/dev', 'overlays/staging', 'overlays/prod'];
const RULES = ['control-plane-rbac', 'control-plane-api-secret'];

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'api-server-rbac-test-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function validate(backend: string): Promise<{ exitCode: number | undefined; report: JsonReport }> {
  const tmp = mkdtempSync(join(scratch, `${backend}-`));
  const result = await execa('node', [CLI, 'validate', '--schema-backend', backend, '--format', 'json', ...DIRS], {
    cwd: REPO_ROOT,
    reject: false,
    env: { TMPDIR: tmp },
  });
  if (backend === 'api-server') expect(readdirSync(tmp)).toEqual([]);
  return { exitCode: result.exitCode, report: JSON.parse(String(result.stdout)) as JsonReport };
}

/** The findings of the two rules for one render (info advice aside). */
const ruleFindings = (report: JsonReport, path: string): JsonFinding[] =>
  report.overlays
    .find((overlay) => overlay.path === path)!
    .findings.filter((finding) => RULES.includes(finding.rule) && finding.severity !== 'info');

/** A finding without its verdict (what decided it): the permission, where, and what to add. */
const withoutVerdict = (finding: JsonFinding) => ({
  rule: finding.rule,
  file: finding.file,
  line: finding.line,
  path: finding.path,
  message: finding.message.replace(/\): (no Role or ClusterRole of the render bound to it allows it|kube-apiserver [^;]*); /, '): '),
});

describe.skipIf(!binary)('control-plane-rbac on the real authorizer (api-server backend)', () => {
  let server: JsonReport;
  let offline: JsonReport;
  let exitCode: number | undefined;
  beforeAll(async () => {
    const run = await validate('api-server');
    server = run.report;
    exitCode = run.exitCode;
    offline = (await validate('offline')).report;
  }, 900_000);

  it('the run names the server and fails (exit 1) on the two failing fixtures only', () => {
    expect(server.tool.schemaBackend).toBe(SERVER);
    expect(exitCode).toBe(1);
    expect(server.overlays.filter((overlay) => !overlay.ok).map((overlay) => overlay.path)).toEqual([INGRESS, AUTH_METHOD]);
  });

  it('list/watch on ingresses removed from the sync-catalog ClusterRole: the SubjectAccessReview denies both, at serviceAccountName', () => {
    const findings = ruleFindings(server, INGRESS);
    expect(findings.map((finding) => [finding.severity, finding.kind, finding.name, finding.path, finding.file])).toEqual([
      ['error', 'Deployment', 'consul-sync-catalog', '/spec/template/spec/serviceAccountName', 'base/sync-catalog-deployment.yaml'],
      ['error', 'Deployment', 'consul-sync-catalog', '/spec/template/spec/serviceAccountName', 'base/sync-catalog-deployment.yaml'],
    ]);
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ServiceAccount consul-sync-catalog may not list networking\\.k8s\\.io ingresses in all namespaces .*: ${SERVER} denies it \\(SubjectAccessReview[^)]*\\); add \\{apiGroups: \\["networking\\.k8s\\.io"\\], resources: \\[ingresses\\], verbs: \\[list\\]\\} to ClusterRole consul-sync-catalog-prod$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^ServiceAccount consul-sync-catalog may not watch networking\\.k8s\\.io ingresses .*: ${SERVER} denies it`),
      ),
    ]);
  });

  it('a Role whose resourceNames leave out the auth-method Secret: the named get of server-acl-init is denied', () => {
    expect(ruleFindings(server, AUTH_METHOD).map((finding) => [finding.name, finding.message])).toEqual([
      [
        'consul-server-acl-init',
        expect.stringMatching(
          new RegExp(
            `^ServiceAccount consul-server-acl-init may not get secrets consul-auth-method in namespace consul-prod, .*: ${SERVER} denies it`,
          ),
        ),
      ],
    ]);
  });

  it("the repository's renders and the pass fixture (each checked after or beside a failing one on the same server) raise nothing", () => {
    for (const path of [`${FIXTURES}/pass`, 'overlays/dev', 'overlays/staging', 'overlays/prod'])
      expect(ruleFindings(server, path), path).toEqual([]);
  });

  it('the offline evaluation says the same: the same findings at the same places, only the verdict named differently', () => {
    for (const path of DIRS) {
      const offlineFindings = ruleFindings(offline, path);
      expect(offlineFindings.every((finding) => !finding.message.includes(SERVER))).toBe(true);
      expect(ruleFindings(server, path).map(withoutVerdict), path).toEqual(offlineFindings.map(withoutVerdict));
    }
  });
});
