import { expect } from 'chai';
import { accessFor, matchesPathPattern } from '../src/access-rules.js';

describe('matchesPathPattern()', () => {
  const cases: [string, string, boolean][] = [
    ['/private', '/private', true],
    ['/private', '/Private', false],
    ['/private', '/private/', false],
    ['/private/*', '/private/', true],
    ['/private/*', '/private/a/b', true],
    ['/p?', '/pa', true],
    ['/p?', '/pab', false],
    ['/a.b', '/axb', false],
    ['/(x)', '/(x)', true],
  ];
  for (const [pattern, path, expected] of cases) {
    it(`${expected ? 'matches' : 'does not match'} ${path} with ${pattern}`, () => {
      expect(matchesPathPattern(pattern, path)).to.equal(expected);
    });
  }

  it('rejects a pattern longer than the ALB allows', () => {
    expect(() => matchesPathPattern(`/${'a'.repeat(128)}`, '/')).to.throw(RangeError, /128/);
  });
});

describe('accessFor()', () => {
  it('requires sign-in on private paths', () => {
    expect(accessFor('/private')).to.equal('authenticate');
    expect(accessFor('/private/x')).to.equal('authenticate');
  });
  it('identifies users on the home page when it can', () => {
    expect(accessFor('/')).to.equal('optional');
  });
  it('leaves logout, health and unknown paths public', () => {
    expect(accessFor('/logout')).to.equal('public');
    expect(accessFor('/healthz')).to.equal('public');
    expect(accessFor('/privateer')).to.equal('public');
  });
});
