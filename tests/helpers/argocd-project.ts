/** The AppProject the Argo CD cross-check tests parse, and the repository it allows. */
export const URL = 'https://github.com/example-org/consul-gitops.git';
export const PROJECT = `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: consul, namespace: argocd}
spec:
  sourceRepos: ['${URL}']
  destinations: [{server: https://kubernetes.default.svc, namespace: 'consul-*'}]
  clusterResourceWhitelist: [{group: '', kind: Namespace}]
`;
