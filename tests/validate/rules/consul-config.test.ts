/** consul-config: its fixtures (tests/fixtures/rules/consul-config/); its inline branch cases, when it has them, go here too. */
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describeRuleFixtures('consul-config');
