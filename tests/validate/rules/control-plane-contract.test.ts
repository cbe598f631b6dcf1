/** control-plane-contract: its fixtures (tests/fixtures/rules/control-plane-contract/); its inline branch cases, when it has them, go here too. */
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describeRuleFixtures('control-plane-contract');
