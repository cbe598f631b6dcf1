/** consul-gossip: its fixtures (tests/fixtures/rules/consul-gossip/); its inline branch cases, when it has them, go here too. */
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describeRuleFixtures('consul-gossip');
