import { expect } from 'chai';
import { checkPassword } from '../../local-stack/cognito/password-policy.js';

describe('checkPassword()', () => {
  const prefix = 'Password did not conform with policy: ';
  const cases: [string, string | undefined][] = [
    ['Passw0rd!', undefined],
    ['Aa1!aaaa', undefined],
    ['Ab1 cdef', undefined],
    ['Aa1!aaa', `${prefix}Password not long enough`],
    ['PASSW0RD!', `${prefix}Password must have lowercase characters`],
    ['passw0rd!', `${prefix}Password must have uppercase characters`],
    ['Password!', `${prefix}Password must have numeric characters`],
    ['Passw0rdd', `${prefix}Password must have symbol characters`],
  ];
  for (const [password, expected] of cases) {
    it(`${expected ? 'rejects' : 'accepts'} ${JSON.stringify(password)}`, () => {
      expect(checkPassword(password)).to.equal(expected);
    });
  }
});
