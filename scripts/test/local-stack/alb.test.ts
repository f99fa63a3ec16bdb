import { expect } from 'chai';
import { createPublicKey, verify } from 'node:crypto';
import { CookieClient } from './cookie-client.js';
import type { EchoedRequest } from './echo-upstream.js';
import {
  CLIENT_ID,
  SIGNER_ARN,
  signUpThroughAlb,
  startStandIns,
  type StandIns,
} from './fixture.js';

const SESSION_COOKIE = /^AWSELBAuthSessionCookie-\d$/;

/** Checks the ES256 signature over the padded segments and returns the decoded header and payload. */
function verifyAlbToken(token: string, publicKeyPem: string) {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: createPublicKey(publicKeyPem), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return {
    valid,
    header: decode(header),
    payload: decode(payload),
    segments: [header, payload, signature],
  };
}

describe('stand-in ALB with the stand-in Cognito', function () {
  this.timeout(30_000);
  let standIns: StandIns;
  let client: CookieClient;
  const albHost = () => new URL(standIns.alb.url).host;
  const cognitoHost = () => new URL(standIns.cognito.issuer).host;

  beforeEach(async () => {
    standIns = await startStandIns();
    client = new CookieClient();
  });
  afterEach(() => standIns.close());

  it('redirects /private to the authorize endpoint with state and a nonce cookie', async () => {
    const response = await client.fetch(`${standIns.alb.url}/private?tab=1`);
    expect(response.status).to.equal(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).to.equal(
      `${standIns.cognito.issuer}/oauth2/authorize`,
    );
    expect(location.searchParams.get('client_id')).to.equal(CLIENT_ID);
    expect(location.searchParams.get('response_type')).to.equal('code');
    expect(location.searchParams.get('scope')).to.equal('openid email');
    expect(location.searchParams.get('redirect_uri')).to.equal(
      `${standIns.alb.url}/oauth2/idpresponse`,
    );
    expect(location.searchParams.get('state')).to.have.length.greaterThan(40);
    const nonce = client.cookies(albHost()).get('AWSELBAuthNonce');
    expect(nonce?.value).to.equal(location.searchParams.get('nonce'));
    expect(nonce?.attributes).to.include('HttpOnly');
  });

  it('signs up, returns to the original URL and forwards signed headers', async () => {
    const { response, hops } = await signUpThroughAlb(client, standIns.alb.url, 'ann@example.com');
    expect(hops.at(-2)).to.match(/\/oauth2\/idpresponse\?code=/);
    expect(hops.at(-1)).to.equal(`${standIns.alb.url}/private`);
    expect(response.status).to.equal(200);

    const echoed = (await response.json()) as EchoedRequest;
    const token = verifyAlbToken(
      String(echoed.headers['x-amzn-oidc-data']),
      standIns.signer.publicKeyPem,
    );
    expect(token.valid).to.equal(true);
    expect(token.segments[0]).to.match(/=$/, 'the header segment keeps its base64 padding');
    expect(token.header).to.include({
      typ: 'JWT',
      alg: 'ES256',
      kid: standIns.signer.kid,
      signer: SIGNER_ARN,
      client: CLIENT_ID,
      iss: standIns.cognito.issuer,
    });
    expect(token.payload).to.include({
      email: 'ann@example.com',
      email_verified: 'true',
      iss: standIns.cognito.issuer,
      exp: token.header.exp,
    });
    expect(token.payload.username).to.equal(token.payload.sub);
    expect(echoed.headers['x-amzn-oidc-identity']).to.equal(token.payload.sub);
    expect(echoed.headers['x-amzn-oidc-accesstoken']).to.be.a('string').and.not.equal('');
  });

  it('sets the session cookie and drops the nonce cookie', async () => {
    await signUpThroughAlb(client, standIns.alb.url, 'ben@example.com');
    const cookies = client.cookies(albHost());
    expect([...cookies.keys()]).to.deep.equal(['AWSELBAuthSessionCookie-0']);
    expect(cookies.get('AWSELBAuthSessionCookie-0')?.attributes).to.match(/HttpOnly.*SameSite=Lax/);
  });

  it('adds forwarding headers and alternates the upstreams', async () => {
    await signUpThroughAlb(client, standIns.alb.url, 'cy@example.com');
    const seen: EchoedRequest[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(
        (await (await client.fetch(`${standIns.alb.url}/private`)).json()) as EchoedRequest,
      );
    }
    const instances = seen.map((echoed) => echoed.instance);
    expect(instances[0]).not.to.equal(instances[1]);
    expect(instances[1]).not.to.equal(instances[2]);
    expect(seen[0]!.headers['x-forwarded-for']).to.equal('127.0.0.1');
    expect(seen[0]!.headers['x-forwarded-proto']).to.equal('http');
    expect(seen[0]!.headers['x-amzn-trace-id']).to.match(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(seen[0]!.headers['x-amzn-trace-id']).not.to.equal(seen[1]!.headers['x-amzn-trace-id']);
  });

  it('removes client-supplied x-amzn-oidc headers', async () => {
    const forged = {
      'x-amzn-oidc-data': 'forged',
      'x-amzn-oidc-identity': 'admin',
      'X-Amzn-Oidc-Other': '1',
    };
    for (const path of ['/', '/healthz']) {
      const echoed = (await (
        await client.fetch(`${standIns.alb.url}${path}`, { headers: forged })
      ).json()) as EchoedRequest;
      const oidcHeaders = Object.keys(echoed.headers).filter((name) =>
        name.startsWith('x-amzn-oidc-'),
      );
      expect(oidcHeaders, path).to.deep.equal([]);
    }
    await signUpThroughAlb(client, standIns.alb.url, 'dee@example.com');
    const signedIn = (await (
      await client.fetch(`${standIns.alb.url}/private`, { headers: forged })
    ).json()) as EchoedRequest;
    expect(signedIn.headers['x-amzn-oidc-identity']).not.to.equal('admin');
    expect(signedIn.headers['x-amzn-oidc-data']).not.to.equal('forged');
    expect(signedIn.headers['x-amzn-oidc-other']).to.equal(undefined);
  });

  it('identifies a signed-in user on an optional path only', async () => {
    const anonymous = (await (await client.fetch(`${standIns.alb.url}/`)).json()) as EchoedRequest;
    expect(anonymous.headers['x-amzn-oidc-data']).to.equal(undefined);
    await signUpThroughAlb(client, standIns.alb.url, 'eve@example.com');
    const signedIn = (await (await client.fetch(`${standIns.alb.url}/`)).json()) as EchoedRequest;
    expect(signedIn.headers['x-amzn-oidc-data']).to.be.a('string');
    const logout = (await (
      await client.fetch(`${standIns.alb.url}/logout`)
    ).json()) as EchoedRequest;
    expect(logout.headers['x-amzn-oidc-data']).to.equal(undefined);
  });

  it('rejects a callback with a forged state', async () => {
    await client.fetch(`${standIns.alb.url}/private`);
    const response = await client.fetch(
      `${standIns.alb.url}/oauth2/idpresponse?code=abc&state=forged`,
    );
    expect(response.status).to.equal(401);
    expect(await response.text()).to.include('invalid or expired sign-in state');
  });

  it('rejects a callback from another browser', async () => {
    const first = await client.fetch(`${standIns.alb.url}/private`);
    const state = new URL(first.headers.get('location')!).searchParams.get('state')!;
    const other = new CookieClient();
    const response = await other.fetch(
      `${standIns.alb.url}/oauth2/idpresponse?code=abc&state=${state}`,
    );
    expect(response.status).to.equal(401);
    expect(standIns.logs.join('\n')).to.include('nonce_mismatch');
  });

  it('responds 401 when the identity provider returns an error', async () => {
    const response = await client.fetch(
      `${standIns.alb.url}/oauth2/idpresponse?error=access_denied`,
    );
    expect(response.status).to.equal(401);
    expect(await response.text()).to.include('access_denied');
  });

  it('rejects a replayed authorization code', async () => {
    const { hops, authorizeUrl } = await signUpThroughAlb(
      client,
      standIns.alb.url,
      'fay@example.com',
    );
    // Put back the nonce cookie, so that only the used code can fail.
    const nonce = authorizeUrl.searchParams.get('nonce')!;
    client.cookies(albHost()).set('AWSELBAuthNonce', { value: nonce, attributes: '' });
    const response = await client.fetch(hops.at(-2)!);
    expect(response.status).to.equal(401);
    expect(await response.text()).to.include('the sign-in code was rejected');
  });

  it('responds 502 when an upstream is down', async () => {
    await standIns.upstreams[0]!.close();
    const statuses = [];
    for (let i = 0; i < 2; i++)
      statuses.push((await client.fetch(`${standIns.alb.url}/healthz`)).status);
    expect(statuses.sort()).to.deep.equal([200, 502]);
    expect(standIns.logs.join('\n')).to.match(/upstream request failed .*ECONNREFUSED/);
  });

  it('keeps the Cognito session apart from the app cookies', async () => {
    await signUpThroughAlb(client, standIns.alb.url, 'gus@example.com');
    expect([...client.cookies(cognitoHost()).keys()]).to.include('_session');
    expect(
      [...client.cookies(albHost()).keys()].every((name) => SESSION_COOKIE.test(name)),
    ).to.equal(true);
  });
});

describe('stand-in ALB options', function () {
  this.timeout(30_000);
  let standIns: StandIns | undefined;
  afterEach(() => standIns?.close());

  it('responds 401 on a private path when set to deny', async () => {
    standIns = await startStandIns({ onUnauthenticatedRequest: 'deny' });
    const response = await fetch(`${standIns.alb.url}/private`, { redirect: 'manual' });
    expect(response.status).to.equal(401);
  });

  it('forwards anonymously on a private path when set to allow', async () => {
    standIns = await startStandIns({ onUnauthenticatedRequest: 'allow' });
    const response = await fetch(`${standIns.alb.url}/private`, { redirect: 'manual' });
    expect(response.status).to.equal(200);
    const echoed = (await response.json()) as EchoedRequest;
    expect(echoed.headers['x-amzn-oidc-data']).to.equal(undefined);
  });

  it('asks for sign-in again once the session times out', async () => {
    standIns = await startStandIns({ sessionTimeoutSeconds: 1 });
    const client = new CookieClient();
    await signUpThroughAlb(client, standIns.alb.url, 'hal@example.com');
    expect((await client.fetch(`${standIns.alb.url}/private`)).status).to.equal(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await client.fetch(`${standIns.alb.url}/private`);
    expect(response.status).to.equal(302);
    expect(response.headers.get('location')).to.include('/oauth2/authorize');
  });

  it('caps the token expiry at the session expiry', async () => {
    standIns = await startStandIns({ sessionTimeoutSeconds: 30, tokenLifetimeSeconds: 3600 });
    const client = new CookieClient();
    const { response } = await signUpThroughAlb(client, standIns.alb.url, 'ida@example.com');
    const echoed = (await response.json()) as EchoedRequest;
    const token = verifyAlbToken(
      String(echoed.headers['x-amzn-oidc-data']),
      standIns.signer.publicKeyPem,
    );
    const now = Date.now() / 1000;
    expect(token.header.exp).to.be.within(now + 25, now + 31);
  });
});
