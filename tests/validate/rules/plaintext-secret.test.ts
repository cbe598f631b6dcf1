/** plaintext-secret: its fixtures (tests/fixtures/rules/plaintext-secret/); its inline branch cases, when it has them, go here too. */
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describeRuleFixtures('plaintext-secret');
