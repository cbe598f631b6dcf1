/** argocd-path: its fixtures (tests/fixtures/argocd/argocd-path/), each a small repository validated as `consul-gitops validate` does. */
import { describeArgocdFixtures } from '../../../helpers/rule-fixtures.js';

describeArgocdFixtures('argocd-path');
