/** argocd-project: its fixtures (tests/fixtures/argocd/argocd-project/), each a small repository validated as `consul-gitops validate` does. */
import { describeArgocdFixtures } from '../../../helpers/rule-fixtures.js';

describeArgocdFixtures('argocd-project');
