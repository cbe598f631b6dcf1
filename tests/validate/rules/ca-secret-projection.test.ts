/** ca-secret-projection: its fixtures (tests/fixtures/rules/ca-secret-projection/); its inline branch cases, when it has them, go here too. */
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describeRuleFixtures('ca-secret-projection');
