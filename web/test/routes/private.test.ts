import { expect } from 'chai';
import request from 'supertest';
import { ALICE, BOB, Fixture, cookiesFrom, type Instance } from '../helpers/fixture.js';

describe('GET /private', () => {
  let fixture: Fixture;
  let web1: Instance;
  let web2: Instance;

  before(async () => {
    fixture = await Fixture.start();
    web1 = fixture.instance('web-1');
    web2 = fixture.instance('web-2');
  });
  beforeEach(() => {
    fixture.keyServer.mode = 'ok';
  });
  after(() => fixture.stop());

  it('shows the claims of a verified token', async () => {
    const response = await request(web1.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token());
    expect(response.status).to.equal(200);
    expect(response.text).to.contain('alice@example.com');
    expect(response.text).to.contain(ALICE.sub);
    expect(response.text).to.match(/<dd class="visits">1<\/dd>/);
    expect(response.text).to.contain('<code class="instance">web-1</code>');
    expect(response.headers['cache-control']).to.equal('no-store');
  });

  it('shows time claims as UTC dates too', async () => {
    const response = await request(web1.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token({ ...ALICE, auth_time: 1_700_000_000, iat: 1e300 }));
    expect(response.text).to.contain('<td>1700000000 (2023-11-14T22:13:20.000Z)</td>');
    expect(response.text).to.contain('<td>1e+300</td>');
  });

  it('sets an httpOnly SameSite=Lax session cookie', async () => {
    const response = await request(web1.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token());
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('app.sid='),
    );
    expect(cookie).to.match(
      /^app\.sid=sess:[0-9a-f-]{36}; path=\/; expires=.*; samesite=lax; httponly$/,
    );
  });

  it('counts visits across two instances that share Redis', async () => {
    const token = fixture.token();
    let cookies = '';
    const seen: string[] = [];
    for (const [index, instance] of [web1, web2, web1, web2].entries()) {
      const response = await request(instance.callback)
        .get('/private')
        .set('x-amzn-oidc-data', token)
        .set('Cookie', cookies);
      expect(response.status).to.equal(200);
      expect(response.text).to.contain(`<dd class="visits">${index + 1}</dd>`);
      seen.push(/class="instance">([^<]+)</.exec(response.text)![1]!);
      cookies = cookiesFrom(response.headers['set-cookie']) || cookies;
    }
    expect(seen).to.deep.equal(['web-1', 'web-2', 'web-1', 'web-2']);
  });

  it("gives a second user a fresh session, not the first user's", async () => {
    const first = await request(web1.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token(ALICE));
    const aliceCookies = cookiesFrom(first.headers['set-cookie']);
    await request(web1.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token(ALICE))
      .set('Cookie', aliceCookies);

    const response = await request(web2.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token(BOB))
      .set('Cookie', aliceCookies);
    expect(response.status).to.equal(200);
    expect(response.text).to.contain('bob@example.com');
    expect(response.text).to.contain('<dd class="visits">1</dd>');
    const bobCookies = cookiesFrom(response.headers['set-cookie']);
    expect(bobCookies).to.match(/app\.sid=sess:/);
    expect(bobCookies).not.to.contain(aliceCookies.split(';')[0]);

    const replaced = web2.logs.find('auth').filter((line) => line.outcome === 'session_replaced');
    expect(replaced).to.have.length(1);
    expect(replaced[0]!.sub).to.equal(BOB.sub);
  });

  it('answers 401 with a sign-in page when there is no token', async () => {
    const response = await request(web1.callback).get('/private');
    expect(response.status).to.equal(401);
    expect(response.text).to.contain('Sign-in required');
    expect(response.headers['set-cookie']).to.equal(undefined);
  });

  it('answers 401 and logs the reason for a token from another load balancer', async () => {
    const token = fixture.token(ALICE, {
      signer:
        'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/other/fedcba9876543210',
    });
    const response = await request(web1.callback).get('/private').set('x-amzn-oidc-data', token);
    expect(response.status).to.equal(401);
    const event = web1.logs.find('auth').at(-1)!;
    expect(event.outcome).to.equal('token_rejected');
    expect(event.reason).to.equal('signer_mismatch');
    expect(JSON.stringify(web1.logs.lines)).not.to.contain(token.slice(0, 40));
  });

  it('answers 401, never 500, for garbage in the token header', async () => {
    for (const garbage of ['x', '...', 'a.b.c', '=.=.=', '\u00ff\u00fe', 'e30=.e30=.e30=']) {
      const response = await request(web1.callback)
        .get('/private')
        .set('x-amzn-oidc-data', garbage);
      expect(response.status, garbage).to.equal(401);
    }
  });

  it('answers 503 within 2.5 s when the key endpoint stalls', async () => {
    const web = fixture.instance('web-slow');
    fixture.keyServer.mode = 'slow';
    const started = Date.now();
    const response = await request(web.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token());
    expect(response.status).to.equal(503);
    expect(response.headers['retry-after']).to.equal('5');
    expect(response.text).to.contain('Temporarily unavailable');
    expect(Date.now() - started).to.be.below(2500);
  });

  it('answers 503 when the key endpoint fails', async () => {
    const web = fixture.instance('web-500');
    fixture.keyServer.mode = 'status-500';
    const response = await request(web.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token());
    expect(response.status).to.equal(503);
    const event = web.logs.find('unavailable').at(-1)!;
    expect(event.code).to.equal('key_unavailable');
  });

  it('also protects paths below /private', async () => {
    const response = await request(web1.callback).get('/private/settings');
    expect(response.status).to.equal(401);
  });
});
