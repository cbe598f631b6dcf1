/**
 * The `api-server` schema backend: every object server-side applied to a real kube-apiserver (the pinned
 * build of tools/go/apiserver, started on 127.0.0.1 for the run) with dryRun=All and fieldValidation=Strict,
 * as Argo CD's sync would apply it. Before the dry-runs, for real: Argo CD's CRDs (the pinned copy in
 * tools/facts/argo-cd-<version>), the CRDs of the --schemas folders and of the render, and the render's
 * namespaces (its Namespace objects with their labels, else a bare one). A rejection is an `api-server`
 * error per field the server names, at the field's source line; each `Warning` header is a warning. One
 * server serves every kustomization of a run; it starts on first use and stops on `close`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { EnvironmentError } from '../../model/errors.js';
import { TOOLS_ROOT } from '../../model/tools-root.js';
import type { Finding } from '../../model/finding.js';
import { isPlainObject, jsonText } from '../../model/json.js';
import { parseRendered } from '../../parse/documents.js';
import { readYamlStream, readYamlValues } from '../../parse/yaml-reader.js';
import type { ParsedResource } from '../../parse/resource.js';
import { mapPool } from '../../pool.js';
import { apiServerBinary, apiServerPins, buildApiServer, buildingLine } from '../../render/apiserver-build.js';
import { ARGOCD_VERSION } from '../../render/go-tools.js';
import { reviewAccessOn } from './api-server-access.js';
import { startApiServer, type ApiServerProcess } from './api-server-process.js';
import { statusProblems, warningProblem, warningTexts, type ServerProblem } from './api-server-status.js';
import type { SchemaEngine, SchemaOptions } from './engine.js';
import { identityFinding, schemaFinding } from './offline.js';

const ARGO_CD_CRDS = join(TOOLS_ROOT, `facts/argo-cd-${ARGOCD_VERSION.slice(1)}/`);
const FIELD_MANAGER = 'consul-gitops';
const CONCURRENCY = 4;

interface Reply {
  status: number;
  body: string;
  warnings: string[];
}

interface ResourceType {
  plural: string;
  namespaced: boolean;
}

type KubeObject = Record<string, unknown> & { apiVersion?: unknown; kind?: unknown; metadata?: Record<string, unknown> };

/** One started server with what the run has installed into it. */
class Session {
  private readonly agent: Agent;
  private readonly types = new Map<string, Promise<Map<string, ResourceType> | undefined>>();
  private readonly namespaces = new Map<string, Promise<ServerProblem[]>>();
  private readonly crdFiles = new Set<string>();

  constructor(readonly server: ApiServerProcess) {
    this.agent = new Agent({ ca: server.ca, keepAlive: true, maxSockets: CONCURRENCY * 2 });
  }

  call(method: string, path: string, body?: string, contentType = 'application/json'): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.server.url}${path}`,
        {
          method,
          agent: this.agent,
          timeout: 60_000,
          headers: {
            authorization: `Bearer ${this.server.token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const warnings: string[] = [];
            for (let index = 0; index < response.rawHeaders.length; index += 2)
              if (response.rawHeaders[index]!.toLowerCase() === 'warning') warnings.push(response.rawHeaders[index + 1]!);
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), warnings: warningTexts(warnings) });
          });
          response.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', (error) => reject(new EnvironmentError(`kube-apiserver at ${this.server.url}: ${error.message}`)));
      req.end(body);
    });
  }

  /** The resource of a kind, from the server's discovery of its group version (cached; undefined when not served). */
  async typeOf(apiVersion: string, kind: string): Promise<ResourceType | undefined> {
    let entry = this.types.get(apiVersion);
    if (!entry) {
      entry = this.call('GET', apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`).then((reply) => {
        if (reply.status !== 200) return undefined;
        const list = JSON.parse(reply.body) as { resources?: { name: string; kind: string; namespaced: boolean }[] };
        return new Map(
          (list.resources ?? [])
            .filter((resource) => !resource.name.includes('/'))
            .map((resource) => [resource.kind, { plural: resource.name, namespaced: resource.namespaced }]),
        );
      });
      this.types.set(apiVersion, entry);
    }
    return (await entry)?.get(kind);
  }

  private path(apiVersion: string, type: ResourceType, namespace: string | undefined, name?: string): string {
    const group = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const scope = type.namespaced ? `/namespaces/${encodeURIComponent(namespace || 'default')}` : '';
    return `${group}${scope}/${type.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  /** Server-side apply (or create, for an object with only generateName), dry-run or for real; the problems and warnings. */
  async apply(
    object: KubeObject,
    dryRun: boolean,
    withNamespace = true,
    text?: string,
  ): Promise<{ problems: ServerProblem[]; warnings: string[] } | 'unknown-kind'> {
    const apiVersion = String(object.apiVersion);
    const type = await this.typeOf(apiVersion, String(object.kind));
    if (!type) return 'unknown-kind';
    const metadata = isPlainObject(object.metadata) ? object.metadata : {};
    const name = typeof metadata.name === 'string' && metadata.name ? metadata.name : undefined;
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    if (type.namespaced && withNamespace) {
      const problems = await this.ensureNamespace(namespace || 'default');
      if (problems.length > 0) return { problems, warnings: [] };
    }
    const query = `fieldValidation=Strict&fieldManager=${FIELD_MANAGER}${dryRun ? '&dryRun=All' : ''}`;
    const reply = name
      ? await this.call(
          'PATCH',
          `${this.path(apiVersion, type, namespace, name)}?${query}&force=true`,
          // The document as written, when there is one: the server's YAML reader then decides what
          // `on` or a 19-digit integer is, as it does for kubectl and Argo CD; JSON of the parsed object otherwise.
          text ?? JSON.stringify(object),
          'application/apply-patch+yaml',
        )
      : await this.call('POST', `${this.path(apiVersion, type, namespace)}?${query}`, JSON.stringify(object));
    const problems = reply.status >= 200 && reply.status < 300 ? [] : statusProblems(reply.status, reply.body, object);
    return { problems, warnings: reply.warnings };
  }

  /** Delete an object for real (the api-server backend's RBAC review cleans up after itself); a missing one is fine. */
  async remove(object: KubeObject): Promise<void> {
    const apiVersion = String(object.apiVersion);
    const type = await this.typeOf(apiVersion, String(object.kind));
    const metadata = isPlainObject(object.metadata) ? object.metadata : {};
    if (!type || typeof metadata.name !== 'string') return;
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    await this.call('DELETE', this.path(apiVersion, type, namespace, metadata.name));
  }

  /** Create a namespace for real (once; again for a render's Namespace object, with its labels) and its `default` service account. */
  ensureNamespace(name: string, object?: KubeObject): Promise<ServerProblem[]> {
    let entry = this.namespaces.get(name);
    if (!entry || object) {
      const namespace = object ?? { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
      entry = this.apply(namespace, false).then(async (result) => {
        const problems = result === 'unknown-kind' ? [] : result.problems;
        // What kube-controller-manager would create at once: admission of a Pod looks its service account up.
        if (problems.length === 0 && !this.namespaces.has(`${name}/default`)) {
          this.namespaces.set(`${name}/default`, Promise.resolve([]));
          await this.apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } }, false, false);
        }
        return problems;
      });
      this.namespaces.set(name, entry);
    }
    return entry;
  }

  /** Install CRDs for real and wait until they are established and served; the problems of each. */
  async installCrds(crds: readonly KubeObject[]): Promise<ServerProblem[][]> {
    const results = await mapPool(crds, async (crd) => {
      const result = await this.apply(crd, false);
      return result === 'unknown-kind' ? [{ pointer: '', message: 'CustomResourceDefinitions are not served' }] : result.problems;
    });
    await Promise.all(crds.map(async (crd, index) => (results[index]!.length === 0 ? this.waitServed(crd) : undefined)));
    return results;
  }

  private async waitServed(crd: KubeObject): Promise<void> {
    const spec = (isPlainObject(crd.spec) ? crd.spec : {}) as { group?: string; names?: { kind?: string }; versions?: { name?: string }[] };
    const versions = (spec.versions ?? []).map((version) => `${String(spec.group)}/${String(version.name)}`);
    const deadline = Date.now() + 30_000;
    for (const apiVersion of versions) {
      for (;;) {
        this.types.delete(apiVersion);
        if (await this.typeOf(apiVersion, String(spec.names?.kind))) break;
        if (Date.now() > deadline)
          throw new EnvironmentError(`kube-apiserver does not serve ${apiVersion} ${String(spec.names?.kind)} within 30 s of its CRD`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** The CRDs of YAML/JSON files in a folder, installed once per file; problems at file:line. */
  async installCrdFolder(dir: string): Promise<Finding[]> {
    const findings: Finding[] = [];
    const files = readdirSync(dir)
      .filter((file) => /\.(ya?ml|json)$/.test(file))
      .map((file) => join(dir, file))
      .filter((file) => !this.crdFiles.has(file));
    for (const file of files) {
      this.crdFiles.add(file);
      const documents = readYamlStream(readFileSync(file, 'utf8'));
      // a document that does not read (broken YAML, an alias bomb) is named, not installed half-read
      for (const document of documents) {
        const value = document.value();
        const problem = document.problems[0] ?? (value.ok ? undefined : { message: value.message, line: document.line });
        if (problem)
          findings.push({
            rule: 'api-server',
            severity: 'error',
            message: `a document of this --schemas file cannot be read: ${problem.message}`,
            hint: 'fix the YAML, or remove the file from the --schemas folder',
            location: { file, line: problem.line },
          });
      }
      const crds = documents
        .map((document) => ({ object: document.valueOrUndefined(), line: document.line }))
        .filter(
          (entry): entry is { object: KubeObject; line: number } =>
            isPlainObject(entry.object) && entry.object.kind === 'CustomResourceDefinition',
        );
      const results = await this.installCrds(crds.map((entry) => entry.object));
      results.forEach((problems, index) => {
        for (const problem of problems)
          findings.push({
            rule: 'api-server',
            severity: 'error',
            message: `the server does not install this CustomResourceDefinition: ${problem.message}`,
            hint: 'fix the CRD, or remove it from the --schemas folder',
            location: { file, line: crds[index]!.line },
          });
      });
    }
    return findings;
  }
}

export interface ApiServerEngineOptions {
  env?: NodeJS.ProcessEnv;
  /** Where progress lines go (the one-time build); stderr by default. */
  progress?: (line: string) => void;
  /** Where the server's temporary folder is made (default: the system's). */
  tmpRoot?: string;
  /** Where the server binary is built and looked for (default: tools/go/bin). */
  binDir?: string;
}

/** A schema engine with `close`, and the started server once there is one (for benchmarks). */
export interface ApiServerEngine extends SchemaEngine {
  close(): Promise<void>;
  server(): ApiServerProcess | undefined;
  /**
   * `diff` through the server: apply the base render for real, then dry-run the head render as an update of
   * it. The server's update validation (immutable fields and the rest) as `api-server` findings on the head.
   */
  updateFindings(base: readonly ParsedResource[], head: readonly ParsedResource[]): Promise<Finding[]>;
}

/**
 * Build the server if needed (one progress line on `progress`), or an EnvironmentError saying how to get it:
 * `selectSchemaEngine` calls it first, so a missing build is exit 2 before anything renders.
 */
export async function ensureApiServerBuilt(options: ApiServerEngineOptions = {}): Promise<string> {
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const built = await buildApiServer({
    ...(options.env ? { env: options.env } : {}),
    ...(options.binDir ? { binDir: options.binDir } : {}),
    onBuildStart: () => progress(buildingLine()),
  });
  if (!built.ok)
    throw new EnvironmentError(
      `kube-apiserver not built (${built.reason}): the api-server backend builds it from tools/go/apiserver with Go >= 1.26 (\`npm run build && node tools/scripts/go-tools.mjs --api-server\`); or use --schema-backend offline or kubeconform`,
    );
  return apiServerBinary(built.binDir);
}

/** Start the server (built first if needed) and install Argo CD's CRDs. */
async function startSession(options: ApiServerEngineOptions, version: string): Promise<Session> {
  const binary = await ensureApiServerBuilt(options);
  const server = await startApiServer({
    binary,
    version,
    ...(options.tmpRoot ? { tmpRoot: options.tmpRoot } : {}),
  });
  const session = new Session(server);
  try {
    const crds = readdirSync(ARGO_CD_CRDS)
      .filter((file) => file.endsWith('.yaml'))
      .flatMap((file) => readYamlValues(readFileSync(join(ARGO_CD_CRDS, file), 'utf8')) as KubeObject[]);
    const problems = (await session.installCrds(crds)).flat();
    if (problems.length > 0) throw new EnvironmentError(`kube-apiserver refuses Argo CD ${ARGOCD_VERSION}'s CRDs: ${problems[0]!.message}`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return session;
}

export function apiServerSchemaEngine(options: ApiServerEngineOptions = {}): ApiServerEngine {
  const version = apiServerPins().kubernetes;
  const name = `kube-apiserver ${version}`;
  let session: Promise<Session> | undefined;
  let started: Session | undefined;
  const finding = (resource: ParsedResource, severity: Finding['severity'], problem: ServerProblem): Finding => ({
    ...schemaFinding(
      resource,
      'schema',
      severity,
      problem.pointer,
      problem.message,
      severity === 'error'
        ? `${name} rejects this object: Argo CD's sync would fail; change the field the message names`
        : `${name} accepts this object but warns: read the message`,
    ),
    rule: 'api-server',
  });
  let accessQueue: Promise<unknown> = Promise.resolve();
  const engine: ApiServerEngine = {
    name,
    server: () => started?.server,
    async reviewAccess(resources, requests) {
      session ??= startSession(options, version).then((value) => (started = value));
      const server = await session;
      // One render's RBAC at a time: each is applied, asked about, and removed before the next.
      const run = accessQueue.then(() => reviewAccessOn(server, resources, requests));
      accessQueue = run.catch(() => undefined);
      return run;
    },
    async close() {
      const pending = session;
      session = undefined;
      started = undefined;
      if (pending) await (await pending.catch(() => undefined))?.server.stop();
    },
    validate: (resources, schemaOptions) => check(resources, schemaOptions, true),
    async updateFindings(base, head) {
      // The base for real (its problems are the base's, reported by validating the base), then the head as an update of it.
      await check(base, {}, false);
      const findings = await check(head, {}, true);
      return findings
        .filter((item) => item.rule === 'api-server')
        .map((item) => ({ ...item, message: `as an update of the base render: ${item.message}` }));
    },
  };
  return engine;

  /** Every object applied (CRDs and namespaces for real first), dry-run unless `dryRun` is false; the findings. */
  async function check(resources: readonly ParsedResource[], schemaOptions: SchemaOptions, dryRun: boolean): Promise<Finding[]> {
    const findings: Finding[] = [];
    const checkable = resources.filter((resource) => {
      const identity = identityFinding(resource);
      if (identity) findings.push(identity);
      return !identity;
    });
    if (checkable.length === 0) return findings;
    session ??= startSession(options, version).then((value) => (started = value));
    const server = await session;
    for (const dir of schemaOptions.schemaDirs ?? []) findings.push(...(await server.installCrdFolder(dir)));
    const report = (resource: ParsedResource, result: { problems: ServerProblem[]; warnings: string[] }): void => {
      for (const problem of result.problems) findings.push(finding(resource, 'error', problem));
      for (const warning of result.warnings) findings.push(finding(resource, 'warning', warningProblem(warning, resource.object)));
    };
    const kindOf = (resource: ParsedResource): string => String(resource.object.kind);
    // For real first: the render's CRDs (so its custom resources are served), then its namespaces.
    const crds = checkable.filter((resource) => kindOf(resource) === 'CustomResourceDefinition');
    (await server.installCrds(crds.map((resource) => resource.object))).forEach((problems, index) =>
      report(crds[index]!, { problems, warnings: [] }),
    );
    const namespaces = checkable.filter((resource) => kindOf(resource) === 'Namespace' && resource.object.apiVersion === 'v1');
    for (const resource of namespaces) {
      const metadata = resource.object.metadata as { name?: unknown } | undefined;
      report(resource, { problems: await server.ensureNamespace(jsonText(metadata?.name ?? ''), resource.object), warnings: [] });
    }
    const rest = checkable.filter((resource) => !crds.includes(resource) && !namespaces.includes(resource));
    const results = await mapPool(rest, (resource) => server.apply(resource.object, dryRun, true, resource.source?.()), CONCURRENCY);
    results.forEach((result, index) => {
      const resource = rest[index]!;
      if (result !== 'unknown-kind') return report(resource, result);
      const { apiVersion, kind } = resource.object as { apiVersion: string; kind: string };
      findings.push(
        schemaFinding(
          resource,
          'schema-missing',
          schemaOptions.ignoreMissingSchemas ? 'warning' : 'error',
          '',
          `${name} does not serve ${apiVersion} ${kind} (Kubernetes, Argo CD ${ARGOCD_VERSION}, and the CRDs of the render and the schema folders)`,
          'add its CustomResourceDefinition to a --schemas folder, or pass --ignore-missing-schemas',
        ),
      );
    });
    return findings;
  }
}

export interface ManifestVerdict {
  verdict: 'accepted' | 'rejected';
  /** The server's messages for a rejection (and parse errors), one per problem. */
  messages: string[];
  /** The server's warnings. */
  warnings: string[];
}

/**
 * The real server's verdict on each manifest text (one or more YAML documents), in order, on one server
 * for them all (started here, stopped before returning). For recording parity corpora: `rejected` when
 * any document does not parse, has no apiVersion/kind, is of a kind the server does not serve, or is
 * rejected by the server's dry-run apply.
 */
export async function apiServerVerdicts(manifests: readonly string[], options: ApiServerEngineOptions = {}): Promise<ManifestVerdict[]> {
  const engine = apiServerSchemaEngine(options);
  try {
    const verdicts: ManifestVerdict[] = [];
    for (const [index, yaml] of manifests.entries()) {
      const parsed = parseRendered({ yaml, file: `manifest-${index}` });
      const findings = [...parsed.findings, ...(await engine.validate(parsed.resources, {}))];
      const messages = findings.filter((item) => item.severity === 'error').map((item) => item.message);
      const warnings = findings.filter((item) => item.severity === 'warning').map((item) => item.message);
      verdicts.push({ verdict: messages.length > 0 ? 'rejected' : 'accepted', messages, warnings });
    }
    return verdicts;
  } finally {
    await engine.close();
  }
}
