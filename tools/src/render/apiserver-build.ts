/**
 * The throw-away Kubernetes API server of the `api-server` schema backend: tools/go/apiserver/go.mod pins
 * k8s.io/kubernetes (kube-apiserver) and go.etcd.io/etcd/server/v3, and main.go there is our supervisor
 * that runs both in one process (see its header). `buildApiServer` builds it into tools/go/bin with its
 * own stamp (`buildGoModule`, as kustomize and kubeconform are built): on the backend's first use and by
 * `npm test` / `npm run bench` (`go-tools.mjs --api-server`), never by `npm ci` (about 3 minutes, 2.2 GiB).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGoModule, GO_BIN_DIR, GO_MODULE_DIR, goToolPath, type GoModuleResult, type GoToolsOptions } from './go-tools.js';

const API_SERVER_MODULE_DIR = join(GO_MODULE_DIR, 'apiserver');
const BINARY = 'kube-apiserver-supervised';
const STAMP = 'apiserver.json';

export interface ApiServerPins {
  kubernetes: string;
  etcd: string;
}

/** What tools/go/apiserver/go.mod pins: { kubernetes: 'v1.36.3', etcd: 'v3.6.8' }. */
export function apiServerPins(goMod: string = readFileSync(join(API_SERVER_MODULE_DIR, 'go.mod'), 'utf8')): ApiServerPins {
  const versionOf = (module: string): string => {
    const match = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/[.]/g, '\\.')}\\s+(v\\S+)`, 'm').exec(goMod);
    if (!match) throw new Error(`tools/go/apiserver/go.mod does not require ${module}`);
    return match[1]!;
  };
  return { kubernetes: versionOf('k8s.io/kubernetes'), etcd: versionOf('go.etcd.io/etcd/server/v3') };
}

export function apiServerBinary(binDir: string = GO_BIN_DIR): string {
  return goToolPath(BINARY, binDir);
}

/** The version ldflags `hack/lib/version.sh` sets in a release build: /version and the emulation version read them. */
function versionFlags(version: string): string[] {
  const [major = '', minor = ''] = version.replace(/^v/, '').split('.');
  const vars = { gitVersion: version, gitMajor: major, gitMinor: minor, gitTreeState: 'clean' };
  const sets = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) =>
    Object.entries(vars).map(([name, value]) => `-X ${pkg}.${name}=${value}`),
  );
  return ['-ldflags', ['-s', '-w', ...sets].join(' ')];
}

export interface ApiServerBuildOptions extends GoToolsOptions {
  /** Called once before a build that is not up to date starts (the CLI prints its progress line). */
  onBuildStart?: () => void;
}

/** Build the supervisor (kube-apiserver and etcd inside) and kubectl unless the stamp says they are up to date. */
export async function buildApiServer(
  options: ApiServerBuildOptions = {},
): Promise<GoModuleResult<typeof BINARY | 'kubectl'> & { pins?: ApiServerPins }> {
  const moduleDir = options.moduleDir ?? API_SERVER_MODULE_DIR;
  const pins = apiServerPins(readFileSync(join(moduleDir, 'go.mod'), 'utf8'));
  const result = await buildGoModule(
    {
      moduleDir,
      binDir: options.binDir ?? GO_BIN_DIR,
      stamp: STAMP,
      // kubectl of the same release: Argo CD applies with kubectl's client-side apply, and the re-apply
      // test (tests/datacenter/reapply.test.ts) runs it against this server.
      binaries: {
        [BINARY]: { package: '.', version: pins.kubernetes, flags: versionFlags(pins.kubernetes) },
        kubectl: { package: 'k8s.io/kubernetes/cmd/kubectl', version: pins.kubernetes, flags: versionFlags(pins.kubernetes) },
      },
      ...(options.onBuildStart ? { onBuildStart: options.onBuildStart } : {}),
    },
    { ...options, timeoutMs: options.timeoutMs ?? 30 * 60_000 },
  );
  return result.ok ? { ...result, pins } : result;
}

/** The one progress line before a build of the server. */
export function buildingLine(pins: ApiServerPins = apiServerPins()): string {
  return `building kube-apiserver ${pins.kubernetes} from the Go module proxy (once, about 3 minutes)…`;
}
