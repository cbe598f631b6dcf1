/** argocd-namespace: its fixtures (tests/fixtures/argocd/argocd-namespace/), each a small repository validated as `consul-gitops validate` does. */
import { describeArgocdFixtures } from '../../../helpers/rule-fixtures.js';

describeArgocdFixtures('argocd-namespace');
