/** Stage: kustomize build of one directory, with origin annotations so findings point at base/ and overlays/. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { runChild } from '../child-process.js';
import { RenderError } from '../model/errors.js';
import { safeToolError } from '../model/redact.js';
import type { KustomizeBinary } from './kustomize-binary.js';
import { buildWithKrusty } from './krusty.js';
import {
  cappedCommand,
  DEFAULT_RENDER_MEMORY_MIB,
  DEFAULT_RENDER_TIMEOUT_SECONDS,
  outOfMemory,
  RENDER_MEMORY_ENV,
  RENDER_TIMEOUT_ENV,
} from './limits.js';

export interface RenderResult {
  /** The directory as given, for reports. */
  dir: string;
  yaml: string;
  durationMs: number;
  /** Directory the origin paths in `yaml` are relative to, when origins were requested. */
  originRoot?: string;
}

export interface RenderOptions {
  /** Add kustomize origin annotations (through a temporary wrapper kustomization). */
  origins?: boolean;
  timeoutMs?: number;
}

/**
 * Render a kustomization. With `origins`, the build goes through a temporary kustomization that
 * only adds `buildMetadata: [originAnnotations]`, so the user's files stay untouched and no
 * annotation ever reaches what Argo CD renders. kustomize needs a relative path there.
 */
export async function renderKustomization(binary: KustomizeBinary, dir: string, options: RenderOptions = {}): Promise<RenderResult> {
  const target = resolve(dir);
  let wrapper: string | undefined;
  try {
    let buildDir = target;
    if (options.origins) {
      wrapper = await mkdtemp(join(tmpdir(), 'consul-gitops-render-'));
      const wrapped = relative(wrapper, target).split('\\').join('/');
      await writeFile(
        join(wrapper, 'kustomization.yaml'),
        `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${JSON.stringify(wrapped)}\nbuildMetadata: [originAnnotations]\n`,
      );
      buildDir = wrapper;
    }
    const args = [...binary.prefix, 'build', buildDir];
    const limits = {
      timeoutMs: options.timeoutMs ?? binary.limits?.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_SECONDS * 1000,
      memoryMiB: binary.limits?.memoryMiB ?? DEFAULT_RENDER_MEMORY_MIB,
    };
    const started = performance.now();
    // many builds in one run go through kustomize's Go API in a kept process (krusty.ts), with the same result
    const served = binary.krusty ? await buildWithKrusty(binary.krusty, buildDir, limits) : undefined;
    const run = cappedCommand(binary.command, args, limits);
    const result =
      served ??
      (await runChild(run.command, run.args, {
        timeoutMs: limits.timeoutMs,
        stripFinalNewline: false,
        maxBuffer: 256 * 1024 * 1024,
      }));
    const timedOut = result.timedOut;
    const durationMs = performance.now() - started;
    if (result.failed || timedOut) {
      // kustomize's error text can dump Secret data and run to hundreds of KB: only a redacted, capped copy is kept.
      const raw = (result.stderr || result.message || '').toString().trim();
      const stderr = safeToolError(raw);
      if (timedOut || outOfMemory(raw)) {
        // A Go runtime's crash report is a page of goroutines: say what happened and how to change the limit.
        const reason = timedOut
          ? `timed out after ${limits.timeoutMs / 1000} s (--render-timeout or ${RENDER_TIMEOUT_ENV} raises the limit)`
          : `ran out of memory under its cap of ${limits.memoryMiB} MiB (${RENDER_MEMORY_ENV} raises it; 0 removes it)`;
        throw new RenderError(
          `kustomize build ${dir} ${reason}: a YAML alias bomb, a generator loop or a remote base on a server that does not answer would do this`,
          {
            command: binary.command,
            args,
            cwd: process.cwd(),
            ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
            stderr: stderr.slice(0, 2000),
            durationMs,
          },
        );
      }
      const reason = `exited with ${result.exitCode ?? result.signal ?? 'an error'}`;
      throw new RenderError(`kustomize build ${dir} ${reason}: ${cleanStderr(stderr, wrapper, target, dir)}`, {
        command: binary.command,
        args,
        cwd: process.cwd(),
        ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
        stderr,
        durationMs,
      });
    }
    return { dir, yaml: String(result.stdout), durationMs, ...(wrapper ? { originRoot: wrapper } : {}) };
  } finally {
    if (wrapper) await rm(wrapper, { recursive: true, force: true });
  }
}

/** kustomize's error names the temporary wrapper; say the user's directory instead. */
function cleanStderr(stderr: string, wrapper: string | undefined, target: string, dir: string): string {
  let text = stderr.replace(/^Error: /, '');
  if (wrapper)
    text = text
      .split(wrapper)
      .join('<wrapper>')
      .replace(/accumulating resources from '[^']*': /g, '');
  text = text.split(target).join(dir);
  return text.split('\n').filter(Boolean).slice(-3).join(' / ') || 'no error output';
}
