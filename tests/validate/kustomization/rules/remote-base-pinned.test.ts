/**
 * remote-base-pinned: branch cases on parsed kustomization files, then its fixtures
 * (tests/fixtures/rules/remote-base-pinned/), read from the kustomization files without a build.
 */
import { describe, expect, it } from 'vitest';
import { parseKustomization } from '../../../../tools/src/parse/kustomization.js';
import { remoteBasePinned } from '../../../../tools/src/validate/kustomization/rules/remote-base-pinned.js';
import { describeRuleFixtures } from '../../../helpers/rule-fixtures.js';

const SHA = '3f2c8a1d9b7e6f5a4c3b2a1908f7e6d5c4b3a291';
const REPO = 'https://github.com/example-org/consul-extras//monitoring';
const check = (text: string) => remoteBasePinned.check([parseKustomization('overlays/dev/kustomization.yaml', text)!]);

describe('remote-base-pinned', () => {
  it('passes local entries and remote ones pinned to a commit', () => {
    expect(check(`resources:\n  - ../../base\n  - ${REPO}?ref=${SHA}\ncomponents: [${REPO}?version=${SHA}]\n`)).toEqual([]);
  });

  it('names an unpinned remote entry at its line, in every field that pulls one in', () => {
    expect(check(`resources:\n  - ../../base\n  - ${REPO}\ngenerators: [${REPO}]\n`)).toEqual([
      {
        file: 'overlays/dev/kustomization.yaml',
        line: 3,
        message: `resources entry ${REPO} is not pinned (no ?ref=): use ?ref=<40-hex commit>`,
      },
      {
        file: 'overlays/dev/kustomization.yaml',
        line: 4,
        message: `generators entry ${REPO} is not pinned (no ?ref=): use ?ref=<40-hex commit>`,
      },
    ]);
  });

  it('quotes the moving ref a remote entry is pinned to', () => {
    expect(
      check(`resources:\n  - ${REPO}?ref=main\n  - ${REPO}?timeout=9s&version=v1.2.0\n`).map((violation) => violation.message),
    ).toEqual([
      `resources entry ${REPO}?ref=main is pinned to "main", a moving ref, not a commit: use ?ref=<40-hex commit>`,
      `resources entry ${REPO}?timeout=9s&version=v1.2.0 is pinned to "v1.2.0", a moving ref, not a commit: use ?ref=<40-hex commit>`,
    ]);
  });

  it('refuses credentials in a remote URL, pinned or not, and never repeats them', () => {
    const secret = REPO.replace('https://', 'https://user:s3cret@');
    const violations = check(`resources:\n  - ${secret}?ref=${SHA}\n  - ${secret}\n`);
    expect(violations.map((violation) => [violation.line, violation.message.replace(/ entry \S+ /, ' entry URL ')])).toEqual([
      [
        2,
        "resources entry URL carries credentials in its URL: they are in git, and kustomize repeats the URL in its errors; give git the credentials outside the repository (a credential helper, or Argo CD's repository Secret)",
      ],
      [
        3,
        "resources entry URL carries credentials in its URL: they are in git, and kustomize repeats the URL in its errors; give git the credentials outside the repository (a credential helper, or Argo CD's repository Secret)",
      ],
      [3, 'resources entry URL is not pinned (no ?ref=): use ?ref=<40-hex commit>'],
    ]);
    for (const violation of violations) expect(violation.message).not.toContain('s3cret');
  });

  it('skips entries that are not text and fields that are not lists', () => {
    expect(check(`resources:\n  - {path: ${REPO}}\n  - 7\ncomponents: ${REPO}\n`)).toEqual([]);
  });
});

describeRuleFixtures('remote-base-pinned');
