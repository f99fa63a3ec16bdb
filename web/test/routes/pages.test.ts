import { expect } from 'chai';
import request from 'supertest';
import { ALICE, Fixture, type Instance } from '../helpers/fixture.js';

describe('public pages', () => {
  let fixture: Fixture;
  let web: Instance;

  before(async () => {
    fixture = await Fixture.start();
    web = fixture.instance('web-1');
  });
  after(() => fixture.stop());

  describe('GET /', () => {
    it('shows a sign-in link to an anonymous visitor', async () => {
      const response = await request(web.callback).get('/');
      expect(response.status).to.equal(200);
      expect(response.text).to.contain('This page is public');
      expect(response.headers['cache-control']).to.equal(undefined);
    });

    it('names a signed-in user and is not cached', async () => {
      const response = await request(web.callback)
        .get('/')
        .set('x-amzn-oidc-data', fixture.token());
      expect(response.text).to.contain(`signed in as <strong>${ALICE.email}</strong>`);
      expect(response.headers['cache-control']).to.equal('no-store');
    });

    it('treats an invalid token as anonymous and logs why', async () => {
      const response = await request(web.callback).get('/').set('x-amzn-oidc-data', 'a.b.c');
      expect(response.status).to.equal(200);
      expect(response.text).to.contain('This page is public');
      const event = web.logs.find('auth').at(-1)!;
      expect(event.outcome).to.equal('token_ignored');
      expect(event.reason).to.equal('token_malformed');
    });

    it('escapes HTML in claims', async () => {
      const token = fixture.token({ ...ALICE, email: '<script>x</script>' });
      const response = await request(web.callback).get('/').set('x-amzn-oidc-data', token);
      expect(response.text).to.contain('&lt;script&gt;x&lt;/script&gt;');
      expect(response.text).not.to.contain('<script>x');
    });

    it('sends the security headers', async () => {
      const { headers } = await request(web.callback).get('/');
      expect(headers['content-security-policy']).to.equal(
        "default-src 'none';style-src 'self';img-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'",
      );
      expect(headers['x-content-type-options']).to.equal('nosniff');
      expect(headers['x-frame-options']).to.equal('DENY');
      expect(headers['referrer-policy']).to.equal('same-origin');
    });
  });

  describe('GET /healthz', () => {
    it('answers without Redis', async () => {
      await fixture.redisServer.stop();
      try {
        const response = await request(web.callback).get('/healthz');
        expect(response.status).to.equal(200);
        expect(response.body).to.deep.equal({ status: 'ok', instance: 'web-1' });
      } finally {
        await fixture.redisServer.start();
      }
    });
  });

  describe('GET /private without sign-in settings', () => {
    it('says that sign-in is off instead of offering it', async () => {
      const env = { AWS_REGION: '', ALB_ARN: '', COGNITO_ISSUER: '', COGNITO_CLIENT_ID: '' };
      const plain = fixture.instance('no-sign-in', { env });
      const response = await request(plain.callback).get('/private');
      expect(response.status).to.equal(401);
      expect(response.text).to.contain('Sign-in is off');
      expect(response.text).not.to.contain('Sign in again');
    });
  });

  describe('GET /missing', () => {
    it('answers 404 with a page', async () => {
      const response = await request(web.callback).get('/missing');
      expect(response.status).to.equal(404);
      expect(response.text).to.contain('Page not found');
    });
  });

  describe('GET /static/site.css', () => {
    it('serves the stylesheet', async () => {
      const response = await request(web.callback).get('/static/site.css');
      expect(response.status).to.equal(200);
      expect(response.headers['content-type']).to.equal('text/css; charset=utf-8');
    });
  });
});
