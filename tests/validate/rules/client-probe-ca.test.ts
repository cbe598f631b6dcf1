/** client-probe-ca: its fixtures (tests/fixtures/rules/client-probe-ca/); its inline branch cases, when it has them, go here too. */
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describeRuleFixtures('client-probe-ca');
