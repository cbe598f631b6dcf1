/** Findings that pipeline stages emit themselves (build, parse, schema, spec, drift): same catalog, same metadata. */
import type { RuleInfo } from '../model/rule.js';

export const STAGE_RULES: readonly RuleInfo[] = [
  {
    id: 'kustomize-build',
    scope: 'stage',
    severity: 'error',
    summary: 'The kustomization renders with kustomize.',
    reason: 'Argo CD runs the same build; a failing build means nothing syncs (or an old render stays).',
    fix: "Read kustomize's message: usually a missing file, a bad path in resources/patches, or a patch that matches nothing.",
  },
  {
    id: 'yaml-parse',
    scope: 'stage',
    severity: 'error',
    summary: 'Every document is valid YAML with unique keys.',
    reason: 'Duplicate keys are silently resolved differently by different parsers; invalid YAML does not apply.',
    fix: 'Fix the syntax at the reported line; remove the duplicate key.',
  },
  {
    id: 'schema',
    scope: 'stage',
    severity: 'error',
    summary: 'Every object is valid against the Kubernetes API schema, strictly (unknown fields are errors).',
    reason: 'A typo such as `replica:` renders, applies without complaint on some paths, and silently keeps the old value.',
    fix: 'Correct the field at the reported JSON path (see the suggestion), or its type.',
  },
  {
    id: 'schema-missing',
    scope: 'stage',
    severity: 'error',
    summary: 'Every kind has a schema (built in, Argo CD, or a CRD in the schemas folder).',
    reason: 'An object that cannot be checked is not proven valid.',
    fix: 'Add the CustomResourceDefinition YAML to the schemas folder (--schemas DIR), or pass --ignore-missing-schemas.',
  },
  {
    id: 'api-server',
    scope: 'stage',
    severity: 'error',
    summary:
      'With `--schema-backend api-server`: a real kube-apiserver accepts every object (server-side apply, dryRun=All, fieldValidation=Strict); its warnings are warnings.',
    reason:
      'Argo CD applies the render to an API server: what that server rejects (names, enums, ranges, cross-field rules, CEL) fails the sync however valid the schema said the object was.',
    fix: "Change the field the server's message names, at the reported line; a warning names what the server will do differently from what the manifest says.",
  },
  {
    id: 'suppression',
    scope: 'stage',
    severity: 'error',
    summary: 'A suppression names known rules and gives a reason.',
    reason: 'Accepting a risk is a decision a reviewer must be able to read; a typo in a rule id would silently suppress nothing.',
    fix: "In this repository, list the risk under the environment's acceptedRisks in environments.yaml and run `consul-gitops generate` (it writes both annotations). On other manifests, set both consul-gitops/ignore: <rule>[,<rule>] and consul-gitops/ignore-reason: <why> on the resource.",
  },
  {
    id: 'spec',
    scope: 'stage',
    severity: 'error',
    summary: 'environments.yaml is valid (strict schema, odd server counts, DNS-label namespaces).',
    reason: 'Everything is generated and checked from the spec; a wrong spec makes every later stage wrong.',
    fix: 'Correct the key named in the message.',
  },
  {
    id: 'generate-drift',
    scope: 'stage',
    severity: 'error',
    summary:
      'The committed base/, overlays/ and argocd/ are what environments.yaml generates (validate runs generate in memory and compares).',
    reason:
      'The checks read the spec (tier, server count, storage class) and the render: a spec edited without regenerating passes against the old render, and Argo CD then syncs something nobody declared, or the spec promises a server count that never rolls out.',
    fix: 'Run `npx consul-gitops generate` and commit the result (`consul-gitops generate --check` prints the difference as a diff).',
  },
];
