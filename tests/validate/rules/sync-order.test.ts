/** sync-order: its fixtures (tests/fixtures/rules/sync-order/); its inline branch cases, when it has them, go here too. */
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describeRuleFixtures('sync-order');
