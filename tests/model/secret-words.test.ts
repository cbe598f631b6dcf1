/**
 * Credentials in URLs and among command-line words, and their redaction in text: each case names what the
 * detector reads (the userinfo, a flag's position, the command words a flag needs before it, a `NAME=` key).
 */
import { describe, expect, it } from 'vitest';
import { REDACTED, redactField, redactText } from '../../tools/src/model/redact.js';
import { credentialLike, credentialsInWords, hasUrlCredential, isUrlCredential } from '../../tools/src/model/secret-shapes.js';

/** 32 bytes in base64 without + or /: the word reads as `NAME=` with nothing after it. */
const KEY_AS_ASSIGNMENT = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=';
const KEY = 'pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=';

describe('credentials in URLs', () => {
  it.each([
    ['user:password', 'user:hunter2', true],
    ['an empty user with a password', ':pw', true],
    ['a password that is a reference', 'user:$(PASS)', false],
    ['a plain user name', 'git', false],
    ['a user that is a token', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a', true],
    ['a user that is a reference', '$(TOKEN)', false],
    ['a token user of twelve characters, the shortest high-entropy value', 'Zx8qHunter2C', true],
    ['a user that starts with $ (a reference), however varied', '$1Zx8qHunter2Canary9', false],
    ['a plain user with an empty password', 'user:', false],
    ['a long plain user with an empty password (the colon is no part of the user)', 'gitlabtokenuser:', false],
  ])('isUrlCredential: %s', (_name, userinfo, expected) => {
    expect(isUrlCredential(userinfo)).toBe(expected);
  });

  it('hasUrlCredential: any URL of the text with credentials in its userinfo', () => {
    expect(hasUrlCredential('clone https://git@github.com/x, then https://user:hunter2@example.com/r.git')).toBe(true);
    expect(hasUrlCredential('clone https://git@github.com/x and https://example.com/y')).toBe(false);
  });

  it('credentialLike: a URL with credentials, whatever its name', () => {
    expect(credentialLike('https://user:hunter2@example.com', 'url')).toBe(
      'a credential in a URL (user:password@ or token@ before the host)',
    );
  });

  it('redactText keeps the scheme and the host, not the userinfo, of a URL with credentials', () => {
    expect(redactText('git clone https://user:hunter2@example.com/r.git and https://git@github.com/x')).toBe(
      `git clone https://${REDACTED}@example.com/r.git and https://git@github.com/x`,
    );
  });
});

describe('credentialsInWords by position', () => {
  const token = (index: number, value: string) => ({ index, name: 'token', what: 'an ACL token (the value of -token)', value });

  it('the value of a flag that takes one, whatever its shape, after the command words the flag needs', () => {
    expect(credentialsInWords(['consul', 'keyring', '-install', 'abc'])).toEqual([
      { index: 3, name: 'install', what: 'a gossip key (the value of -install)', value: 'abc' },
    ]);
    expect(credentialsInWords(['consul', 'acl', 'token', 'create', '-secret', 'abc'])).toEqual([
      { index: 5, name: 'secret', what: 'an ACL token (the value of -secret)', value: 'abc' },
    ]);
    // -install is keyring's: without keyring before it, or with keyring only after it, it is no key flag
    expect(credentialsInWords(['consul', '-install', 'abc'])).toEqual([]);
    expect(credentialsInWords(['consul', '-install', 'abc', 'keyring'])).toEqual([]);
  });

  it('one or two dashes, with = or as the next word; the value may hold blanks, and end in - or $', () => {
    expect(credentialsInWords(['-token', 'abc'])).toEqual([token(1, 'abc')]);
    expect(credentialsInWords(['--token', 'abc'])).toEqual([token(1, 'abc')]);
    expect(credentialsInWords(['--token=abc'])).toEqual([token(0, 'abc')]);
    expect(credentialsInWords(['-token=a b'])).toEqual([token(0, 'a b')]);
    expect(credentialsInWords(['-token', 'abc-'])).toEqual([token(1, 'abc-')]);
    expect(credentialsInWords(['-token', 'abc$'])).toEqual([token(1, 'abc$')]);
  });

  it('a blank value is none', () => {
    expect(credentialsInWords(['-token', ' '])).toEqual([]);
  });
});

describe('credentialsInWords by shape', () => {
  it('a value after a secret-named flag of one or two dashes', () => {
    const hit = { index: 1, name: 'password', what: 'a high-entropy value under a secret-like name', value: 'Zx8qHunter2Canary9' };
    expect(credentialsInWords(['--password', 'Zx8qHunter2Canary9'])).toEqual([hit]);
    expect(credentialsInWords(['-password', 'Zx8qHunter2Canary9'])).toEqual([hit]);
  });

  it("a value with = after a secret-named flag is read whole, as that flag's value; after another flag it stays an assignment", () => {
    expect(credentialsInWords(['-password', 'x=Zx8qHunter2Canary9'])).toEqual([
      { index: 1, name: 'password', what: 'a high-entropy value under a secret-like name', value: 'x=Zx8qHunter2Canary9' },
    ]);
    expect(credentialsInWords(['--client-secret', 'a=b=Zx8qHunter2Canary9'])).toEqual([
      { index: 1, name: 'client-secret', what: 'a high-entropy value under a secret-like name', value: 'a=b=Zx8qHunter2Canary9' },
    ]);
    // the assignment is what a name-less flag holds: `-e NAME=value` is read as NAME, and a plain value is no secret
    expect(credentialsInWords(['-e', 'MODE=Zx8qHunter2Canary9'])).toEqual([]);
    expect(credentialsInWords(['-e', 'PASSWORD=Zx8qHunter2Canary9'])).toEqual([
      { index: 1, name: 'PASSWORD', what: 'a high-entropy value under a secret-like name', value: 'Zx8qHunter2Canary9' },
    ]);
    // a reference after the flag is no literal secret
    expect(credentialsInWords(['-password', 'x=$(PASSWORD)'])).toEqual([]);
  });

  it('a whole key that reads as NAME= is found, under the flag before it, unless that flag names a digest', () => {
    const what = 'a 32-byte base64 key (a gossip encryption key)';
    expect(credentialsInWords([KEY_AS_ASSIGNMENT])).toEqual([{ index: 0, name: '', what, value: KEY_AS_ASSIGNMENT }]);
    expect(credentialsInWords(['-gossip-key', KEY_AS_ASSIGNMENT])).toEqual([
      { index: 1, name: 'gossip-key', what, value: KEY_AS_ASSIGNMENT },
    ]);
    expect(credentialsInWords(['-checksum', KEY_AS_ASSIGNMENT])).toEqual([]);
  });
});

describe('redactText: flag values and kustomize literals', () => {
  it('the value after every flag that takes a key or token, quoted or not; references kept', () => {
    expect(redactText('consul keyring -install hunter2 -token=abc --use "xyz" -token $TOKEN -token=def')).toBe(
      `consul keyring -install ${REDACTED} -token=${REDACTED} --use "${REDACTED}" -token $TOKEN -token=${REDACTED}`,
    );
  });

  it('a dash that is no flag is left alone', () => {
    expect(redactText('range 1 - 2 and a --= b')).toBe('range 1 - 2 and a --= b');
  });

  it('the literals kustomize echoes in its errors, once', () => {
    const text = 'literal sources [password hunter2]: invalid literal source password hunter2, expected key=value';
    const redacted = `literal sources ${REDACTED}: invalid literal source ${REDACTED}, expected key=value`;
    expect(redactText(text)).toBe(redacted);
    expect(redactText(redacted)).toBe(redacted);
    expect(redactText('literal source password=hunter2: bad')).toBe(`literal source ${REDACTED}: bad`);
  });

  it('a key with one more character in front is no key', () => {
    expect(redactText(`X${KEY}`)).toBe(`X${KEY}`);
  });
});

describe('redactField: places', () => {
  it('nothing stays nothing, even in a Secret', () => {
    expect(redactField('Secret', '/data/x', undefined, 'x')).toBeUndefined();
    expect(redactField('ConfigMap', '/data/x', null, 'x')).toBeNull();
  });

  it('a list item is at its index: a data key inside a Secret list item is not the Secret data', () => {
    expect(redactField('Secret', '', [{ data: 'x' }], '')).toEqual([{ data: 'x' }]);
  });
});
