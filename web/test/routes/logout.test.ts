import { expect } from 'chai';
import request from 'supertest';
import { logoutTarget } from '../../src/routes/logout.js';
import {
  APP_URL,
  CLIENT_ID,
  COGNITO_DOMAIN,
  Fixture,
  cookiesFrom,
  type Instance,
} from '../helpers/fixture.js';

describe('GET /logout', () => {
  let fixture: Fixture;
  let web: Instance;

  before(async () => {
    fixture = await Fixture.start();
    web = fixture.instance('web-1');
  });
  after(() => fixture.stop());

  async function signIn(): Promise<{ cookies: string; sid: string }> {
    const response = await request(web.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token());
    const cookies = cookiesFrom(response.headers['set-cookie']);
    const sid = decodeURIComponent(/app\.sid=([^;]+)/.exec(cookies)![1]!);
    return { cookies, sid };
  }

  it('redirects to the Cognito logout endpoint with client_id and logout_uri', async () => {
    const response = await request(web.callback).get('/logout');
    expect(response.status).to.equal(302);
    expect(response.headers.location).to.equal(
      `${COGNITO_DOMAIN}/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent(`${APP_URL}/`)}`,
    );
    expect(response.headers['cache-control']).to.equal('no-store');
  });

  it('expires every ALB cookie shard and the session cookie', async () => {
    const { cookies } = await signIn();
    const albCookies = [0, 1, 2, 3].map((n) => `AWSELBAuthSessionCookie-${n}=shard${n}`).join('; ');
    const response = await request(web.callback)
      .get('/logout')
      .set('Cookie', `${cookies}; ${albCookies}`);
    const setCookie = response.headers['set-cookie'] as unknown as string[];
    const expired = (name: string) => setCookie.find((header) => header.startsWith(`${name}=;`));

    for (const name of [0, 1, 2, 3]
      .map((n) => `AWSELBAuthSessionCookie-${n}`)
      .concat('app.sid', 'app.sid.sig')) {
      expect(expired(name), name).to.match(
        /; path=\/; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; httponly$/,
      );
    }
  });

  it('deletes the session from Redis', async () => {
    const { cookies, sid } = await signIn();
    expect(await web.redis.exists(sid)).to.equal(1);
    await request(web.callback).get('/logout').set('Cookie', cookies);
    expect(await web.redis.exists(sid)).to.equal(0);
  });

  it('starts a new session at visit 1 after logout', async () => {
    const { cookies } = await signIn();
    await request(web.callback).get('/logout').set('Cookie', cookies);
    const response = await request(web.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token())
      .set('Cookie', cookies);
    expect(response.text).to.contain('<dd class="visits">1</dd>');
  });

  it('asks a request from another site to confirm', async () => {
    const { cookies, sid } = await signIn();
    const response = await request(web.callback)
      .get('/logout')
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Cookie', cookies);
    expect(response.status).to.equal(200);
    expect(response.text).to.contain('<a class="button" href="/logout">Sign out</a>');
    expect(response.headers['set-cookie']).to.equal(undefined);
    expect(await web.redis.exists(sid)).to.equal(1);
  });

  it('signs out a request from its own pages', async () => {
    const response = await request(web.callback)
      .get('/logout')
      .set('Sec-Fetch-Site', 'same-origin');
    expect(response.status).to.equal(302);
  });

  it('needs no token, so an expired sign-in can still log out', async () => {
    const response = await request(web.callback).get('/logout');
    expect(response.status).to.equal(302);
  });
});

describe('logoutTarget()', () => {
  it('returns the home page when Cognito is not configured', () => {
    expect(logoutTarget({})).to.equal('/');
  });

  it('encodes a logout_uri with a path and query', () => {
    const target = logoutTarget({
      cognitoDomain: 'https://auth.example.com',
      clientId: 'abc',
      appUrl: 'https://example.com/app',
    });
    expect(target).to.equal(
      'https://auth.example.com/logout?client_id=abc&logout_uri=https%3A%2F%2Fexample.com%2Fapp%2F',
    );
  });
});
