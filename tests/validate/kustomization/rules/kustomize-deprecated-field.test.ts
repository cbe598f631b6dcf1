/** kustomize-deprecated-field: its fixtures (tests/fixtures/rules/kustomize-deprecated-field/), read from the kustomization files without a build. */
import { describeRuleFixtures } from '../../../helpers/rule-fixtures.js';

describeRuleFixtures('kustomize-deprecated-field');
