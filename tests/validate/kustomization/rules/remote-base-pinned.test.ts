/** remote-base-pinned: its fixtures (tests/fixtures/rules/remote-base-pinned/), read from the kustomization files without a build. */
import { describeRuleFixtures } from '../../../helpers/rule-fixtures.js';

describeRuleFixtures('remote-base-pinned');
