/** consul-retry-join: its fixtures (tests/fixtures/rules/consul-retry-join/); its inline branch cases, when it has them, go here too. */
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describeRuleFixtures('consul-retry-join');
