import { expect } from 'chai';
import { createSealer } from '../../local-stack/alb/sealed.js';
import {
  MAX_COOKIE_BYTES,
  readSession,
  SessionTooLargeError,
  writeSessionCookies,
  type AlbSession,
} from '../../local-stack/alb/session-cookie.js';

const NAME = 'AWSELBAuthSessionCookie';

function sessionWith(claimBytes: number, expiresIn = 3600): AlbSession {
  return {
    claims: { sub: 'user-1', filler: 'x'.repeat(claimBytes) },
    accessToken: 'access-token',
    expiresAt: Math.floor(Date.now() / 1000) + expiresIn,
  };
}

/** Turns Set-Cookie values into the Cookie header a browser would send back. */
function cookieHeader(setCookies: string[]): string {
  return setCookies
    .filter((cookie) => !cookie.includes('Max-Age=0'))
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

describe('writeSessionCookies()', () => {
  it('writes one shard and expires shards 1 to 3 for a small session', () => {
    const cookies = writeSessionCookies(NAME, sessionWith(100), createSealer(), false);
    expect(cookies).to.have.length(4);
    expect(cookies[0]).to.match(
      /^AWSELBAuthSessionCookie-0=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    for (const i of [1, 2, 3]) {
      expect(cookies[i]).to.match(
        new RegExp(`^${NAME}-${i}=; .*Max-Age=0; Expires=Thu, 01 Jan 1970`),
      );
    }
  });

  it('splits a large session into shards of at most 4096 bytes', () => {
    const cookies = writeSessionCookies(NAME, sessionWith(9000), createSealer(), false);
    const written = cookies.filter((cookie) => !cookie.includes('Max-Age=0'));
    expect(written).to.have.length(3);
    for (const cookie of written) {
      const pair = cookie.split(';')[0]!;
      expect(Buffer.byteLength(pair)).to.be.at.most(MAX_COOKIE_BYTES);
    }
  });

  it('adds Secure when asked', () => {
    const [first] = writeSessionCookies(NAME, sessionWith(10), createSealer(), true);
    expect(first).to.match(/; Secure$/);
  });

  it('rejects a session that needs more than four shards', () => {
    expect(() => writeSessionCookies(NAME, sessionWith(20_000), createSealer(), false))
      .to.throw(SessionTooLargeError, /does not fit in 4 cookies/)
      .with.property('code', 'session_too_large');
  });
});

describe('readSession()', () => {
  it('reassembles a session from its shards', () => {
    const sealer = createSealer();
    const session = sessionWith(9000);
    const header = cookieHeader(writeSessionCookies(NAME, session, sealer, false));
    expect(readSession(header, NAME, sealer)).to.deep.equal(session);
  });

  it('returns undefined without cookies', () => {
    expect(readSession(undefined, NAME, createSealer())).to.equal(undefined);
    expect(readSession('other=1', NAME, createSealer())).to.equal(undefined);
  });

  it('rejects a changed shard', () => {
    const sealer = createSealer();
    const header = cookieHeader(writeSessionCookies(NAME, sessionWith(10), sealer, false));
    // Change a character in the middle: every bit of it belongs to the ciphertext.
    const middle = Math.floor(header.length / 2);
    const changed = header[middle] === 'A' ? 'B' : 'A';
    const tampered = `${header.slice(0, middle)}${changed}${header.slice(middle + 1)}`;
    expect(readSession(tampered, NAME, sealer)).to.equal(undefined);
  });

  it('rejects a session sealed with another key', () => {
    const header = cookieHeader(writeSessionCookies(NAME, sessionWith(10), createSealer(), false));
    expect(readSession(header, NAME, createSealer())).to.equal(undefined);
  });

  it('rejects an expired session', () => {
    const sealer = createSealer();
    const expired = { ...sessionWith(10), expiresAt: Math.floor(Date.now() / 1000) - 1 };
    const header = `${NAME}-0=${sealer.seal(expired)}`;
    expect(readSession(header, NAME, sealer)).to.equal(undefined);
  });

  it('rejects a session missing its first shard', () => {
    const sealer = createSealer();
    const header = cookieHeader(writeSessionCookies(NAME, sessionWith(9000), sealer, false));
    const withoutFirst = header.split('; ').slice(1).join('; ');
    expect(readSession(withoutFirst, NAME, sealer)).to.equal(undefined);
  });
});
