/** dns-acl-policy: its fixtures (tests/fixtures/rules/dns-acl-policy/); its inline branch cases, when it has them, go here too. */
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describeRuleFixtures('dns-acl-policy');
