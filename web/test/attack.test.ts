/**
 * Probes of the web service from an attacker's and a careless operator's side: forged and odd
 * tokens, path tricks, session cookie games, misbehaving Redis and key endpoints, logs, headers and
 * configuration. Each probe is a regression test, and those that once found a bug name it in a comment.
 */
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import request from 'supertest';
import { paddedBase64url } from '../../scripts/lib/alb-token.js';
import { startRedisServer } from '../../scripts/lib/redis-server.js';
import { loadConfig } from '../src/config.js';
import {
  ALB_ARN,
  ALICE,
  BOB,
  CLIENT_ID,
  COGNITO_DOMAIN,
  Fixture,
  ISSUER,
  OTHER_ALB_ARN,
  cookiesFrom,
  testEnv,
  type Instance,
} from './helpers/fixture.js';
import { startService } from './helpers/service.js';

const now = () => Math.floor(Date.now() / 1000);

/** A signature of the right length (64 bytes, padded) that verifies against nothing. */
const FAKE_SIGNATURE = `${'A'.repeat(86)}==`;

/** Signer of tokens from raw header and payload text, with a P-256 key the key server serves. */
interface RawSigner {
  kid: string;
  sign(header: string, payload: string): string;
}

function rawSigner(fixture: Fixture): RawSigner {
  const kid = randomUUID();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  fixture.keyServer.addKey(kid, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return { kid, sign: (header, payload) => signRaw(privateKey, header, payload) };
}

function signRaw(key: KeyObject, header: string, payload: string): string {
  const input = [header, payload].map((text) => paddedBase64url(Buffer.from(text))).join('.');
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${paddedBase64url(signature)}`;
}

/** Returns the header fields of a real ALB token, with the given kid. */
function albHeader(kid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    typ: 'JWT',
    kid,
    alg: 'ES256',
    iss: ISSUER,
    client: CLIENT_ID,
    signer: ALB_ARN,
    exp: now() + 600,
    ...extra,
  };
}

/** Builds a token with a made-up signature, so any key fetch for it reaches the key server. */
function forged(
  header: Record<string, unknown>,
  payload: string = '{}',
  sig = FAKE_SIGNATURE,
): string {
  const encode = (text: string) => paddedBase64url(Buffer.from(text));
  return `${encode(JSON.stringify(header))}.${encode(payload)}.${sig}`;
}

function lastAuthReason(instance: Instance): unknown {
  return instance.logs.find('auth').at(-1)?.reason;
}

/** Sends a request and returns status, reason and the key fetches it caused. */
async function probe(
  fixture: Fixture,
  instance: Instance,
  token: string,
  path = '/private',
): Promise<{ status: number; reason: unknown; fetches: number }> {
  const before = fixture.keyServer.requests.length;
  const response = await request(instance.callback).get(path).set('x-amzn-oidc-data', token);
  return {
    status: response.status,
    reason: lastAuthReason(instance),
    fetches: fixture.keyServer.requests.length - before,
  };
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}

async function waitForReady(instance: Instance): Promise<void> {
  const started = Date.now();
  while (instance.redis.status !== 'ready') {
    if (Date.now() - started > 5000)
      throw new Error(`redis not ready after 5000 ms: status ${instance.redis.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe('attack: token verification', () => {
  let fixture: Fixture;
  let web: Instance;

  before(async () => {
    fixture = await Fixture.start();
    web = fixture.instance('attack-token');
  });
  beforeEach(() => {
    fixture.keyServer.mode = 'ok';
  });
  after(() => fixture.stop());

  const wrongHeaders: [string, Record<string, unknown>, string][] = [
    ['another load balancer signer', { signer: OTHER_ALB_ARN }, 'signer_mismatch'],
    ['a signer list', { signer: [ALB_ARN] }, 'signer_mismatch'],
    ['a signer with a trailing space', { signer: `${ALB_ARN} ` }, 'signer_mismatch'],
    ['a signer with a zero-width space', { signer: `${ALB_ARN}\u200b` }, 'signer_mismatch'],
    ['an upper-case signer', { signer: ALB_ARN.toUpperCase() }, 'signer_mismatch'],
    ['another client', { client: 'otherclient' }, 'client_mismatch'],
    [
      'a client with a fullwidth letter',
      { client: `${CLIENT_ID.slice(0, -1)}\uff46` },
      'client_mismatch',
    ],
    ['no client', { client: undefined }, 'client_mismatch'],
    ['a Cyrillic o in the issuer', { iss: ISSUER.replace('o', '\u043e') }, 'issuer_mismatch'],
    ['an issuer with a trailing slash', { iss: `${ISSUER}/` }, 'issuer_mismatch'],
    ['an expired header', { exp: now() - 60 }, 'token_expired'],
    ['an exp as a string', { exp: String(now() + 600) }, 'claims_invalid'],
    ['an exp of 1e400 (Infinity)', { exp: 'INF' }, 'claims_invalid'],
    ['no exp', { exp: undefined }, 'claims_invalid'],
    ['alg none', { alg: 'none' }, 'alg_not_allowed'],
    ['alg HS256', { alg: 'HS256' }, 'alg_not_allowed'],
    ['alg es256', { alg: 'es256' }, 'alg_not_allowed'],
    ['a kid with a path', { kid: '../../latest/meta-data' }, 'kid_invalid'],
    ['a kid with a query', { kid: `${randomUUID()}?x=1` }, 'kid_invalid'],
    ['a kid with a newline', { kid: `${randomUUID()}\n` }, 'kid_invalid'],
    ['a kid as a number', { kid: 12345 }, 'kid_invalid'],
    ['a kid list', { kid: [randomUUID()] }, 'kid_invalid'],
    ['a kid with a fullwidth digit', { kid: `\uff11${randomUUID().slice(1)}` }, 'kid_invalid'],
  ];
  for (const [name, fields, reason] of wrongHeaders) {
    it(`rejects ${name} before key fetch`, async () => {
      const header = albHeader(randomUUID(), fields);
      let text = JSON.stringify(header);
      if (fields.exp === 'INF') text = text.replace('"INF"', '1e400');
      const token = `${paddedBase64url(Buffer.from(text))}.e30=.${FAKE_SIGNATURE}`;
      const result = await probe(fixture, web, token);
      expect(result).to.deep.equal({ status: 401, reason, fetches: 0 });
    });
  }

  it('rejects signed token from another signer', async () => {
    const token = fixture.token(ALICE, { signer: OTHER_ALB_ARN });
    expect(await probe(fixture, web, token)).to.deep.equal({
      status: 401,
      reason: 'signer_mismatch',
      fetches: 0,
    });
  });

  it('rejects token expired beyond tolerance', async () => {
    const token = fixture.token(ALICE, { exp: now() - 6 });
    expect(await probe(fixture, web, token)).to.deep.equal({
      status: 401,
      reason: 'token_expired',
      fetches: 0,
    });
  });

  it('rejects header spliced onto another payload', async () => {
    const alice = fixture.token(ALICE).split('.');
    const bob = fixture.token(BOB).split('.');
    const token = `${alice[0]}.${bob[1]}.${alice[2]}`;
    expect((await probe(fixture, web, token)).reason).to.equal('signature_invalid');
  });

  it('rejects changed padding on signed segments', async () => {
    const signer = rawSigner(fixture);
    // Header text of a length that needs no padding, so that `=` can be added.
    let header = JSON.stringify(albHeader(signer.kid));
    while (Buffer.byteLength(header) % 3 !== 0) header = header.replace('{', '{ ');
    const payload = JSON.stringify({ ...ALICE, iss: ISSUER, exp: now() + 600, x: 'x' });
    const [h, p, s] = signer.sign(header, payload).split('.') as [string, string, string];
    expect((await probe(fixture, web, `${h}.${p}.${s}`)).status).to.equal(200);

    for (const token of [`${h}=.${p}.${s}`, `${h}.${p.replace(/=+$/, '')}.${s}`]) {
      const result = await probe(fixture, web, token);
      expect(result.status, token.slice(-20)).to.equal(401);
      expect(result.reason).to.be.oneOf(['signature_invalid', 'token_malformed']);
    }
    for (const token of [`${h}.${p}.${s}=`, `${h}.${p}.${s.replace(/=$/, '')}`]) {
      expect((await probe(fixture, web, token)).status).to.equal(401);
    }
  });

  // The ALB pads every segment, so an unpadded signature would give a token a second spelling.
  it('rejects signature without its padding', async () => {
    const [h, p, s] = fixture.token().split('.') as [string, string, string];
    expect(s.endsWith('==')).to.equal(true);
    const result = await probe(fixture, web, `${h}.${p}.${s.replace(/=+$/, '')}`);
    expect(result).to.deep.include({ status: 401, reason: 'token_malformed' });
  });

  it('uses last of duplicate JSON keys', async () => {
    const signer = rawSigner(fixture);
    const base = JSON.stringify(albHeader(signer.kid)).slice(1, -1);
    const payload = JSON.stringify({ ...ALICE, iss: ISSUER, exp: now() + 600 });

    // A foreign signer as the last key is rejected before the key fetch.
    const lastWrong = `{${base},"signer":${JSON.stringify(OTHER_ALB_ARN)}}`;
    expect(await probe(fixture, web, signer.sign(lastWrong, payload))).to.deep.equal({
      status: 401,
      reason: 'signer_mismatch',
      fetches: 0,
    });
    // With two subs in the payload, the page shows the last one, which is the one checked.
    const twoSubs = payload.replace('{', `{"sub":${JSON.stringify(BOB.sub)},`);
    const response = await request(web.callback)
      .get('/private')
      .set('x-amzn-oidc-data', signer.sign(JSON.stringify(albHeader(signer.kid)), twoSubs));
    expect(response.status).to.equal(200);
    expect(response.text).to.contain(ALICE.sub);
    expect(response.text).not.to.contain(BOB.sub);
  });

  it('rejects unknown crit header parameter', async () => {
    const signer = rawSigner(fixture);
    const header = JSON.stringify(albHeader(signer.kid, { crit: ['x-unknown'], 'x-unknown': 1 }));
    const payload = JSON.stringify({ ...ALICE, iss: ISSUER, exp: now() + 600 });
    const result = await probe(fixture, web, signer.sign(header, payload));
    expect(result.status).to.equal(401);
    expect(result.reason).to.equal('token_malformed');
  });

  it('rejects bad payload claims after verification', async () => {
    const signer = rawSigner(fixture);
    const header = JSON.stringify(albHeader(signer.kid));
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ALICE, iss: 'https://evil.example', exp: now() + 600 }, 'issuer_mismatch'],
      [{ email: 'x@example.com', iss: ISSUER, exp: now() + 600 }, 'claims_invalid'],
      [{ sub: '', iss: ISSUER, exp: now() + 600 }, 'claims_invalid'],
      [{ sub: 42, iss: ISSUER, exp: now() + 600 }, 'claims_invalid'],
      [{ ...ALICE, iss: ISSUER, exp: now() - 60 }, 'token_expired'],
    ];
    for (const [payload, reason] of cases) {
      const result = await probe(fixture, web, signer.sign(header, JSON.stringify(payload)));
      expect(result, reason).to.deep.include({ status: 401, reason });
    }
    const notObject = await probe(fixture, web, signer.sign(header, '[1]'));
    expect(notObject).to.deep.include({ status: 401, reason: 'token_malformed' });
  });

  it('rejects tokens above 16 KB', async () => {
    const big = forged(albHeader(randomUUID(), { pad: 'x'.repeat(13_000) }));
    expect(big.length).to.be.above(16 * 1024);
    // supertest's own server keeps Node's 16 KB header limit; the service allows 64 KB.
    const server = createHttpServer({ maxHeaderSize: 64 * 1024 }, web.callback);
    const before = fixture.keyServer.requests.length;
    const response = await request(server).get('/private').set('x-amzn-oidc-data', big);
    expect(response.status).to.equal(401);
    expect(lastAuthReason(web)).to.equal('token_malformed');
    expect(fixture.keyServer.requests.length).to.equal(before);
  });

  it('rejects tokens of the wrong shape', async () => {
    const good = fixture.token();
    const [h, p, s] = good.split('.') as [string, string, string];
    const shapes = [
      `${h}.${p}.${s}.${s}`,
      `${h}.${p}`,
      `${h.replace(/=+$/, '')}=x.${p}.${s}`,
      `${h}.${p}.${s}===`,
      `${h}.${p}.${s.replace(/-/g, '+')}x/`,
      `Bearer ${good}`,
      `${good},${good}`,
      `${h}\t.${p}.${s}`,
    ];
    for (const token of shapes) {
      const result = await probe(fixture, web, token);
      expect(result.status, token.slice(0, 30)).to.equal(401);
      expect(result.fetches).to.equal(0);
    }
  });

  it('rejects a token header sent twice', async () => {
    const response = await request(web.callback)
      .get('/private')
      .set('x-amzn-oidc-data', [fixture.token(), fixture.token(BOB)] as unknown as string);
    expect(response.status).to.equal(401);
    expect(lastAuthReason(web)).to.equal('token_malformed');
  });

  it('rejects garbage token headers with 401', async () => {
    const garbage = [
      'eyJ.eyJ.eyJ',
      `${paddedBase64url(Buffer.from([0xff, 0xfe, 0x00, 0x7b]))}.e30=.${FAKE_SIGNATURE}`,
      `${paddedBase64url(Buffer.from('"string"'))}.e30=.${FAKE_SIGNATURE}`,
      `${paddedBase64url(Buffer.from('null'))}.e30=.${FAKE_SIGNATURE}`,
      `${paddedBase64url(Buffer.from('{"alg":"ES256","kid":{"toString":1}}'))}.e30=.${FAKE_SIGNATURE}`,
      `${paddedBase64url(Buffer.from('{"__proto__":{"alg":"ES256"}}'))}.e30=.${FAKE_SIGNATURE}`,
    ];
    for (const token of garbage) {
      expect((await probe(fixture, web, token)).status, token).to.equal(401);
    }
  });

  // A deeply nested header value once overflowed the stack while building the message.
  it('rejects deeply nested header with 401', async () => {
    const depth = 5800;
    const header = `{"alg":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const token = `${paddedBase64url(Buffer.from(header))}.e30=.${FAKE_SIGNATURE}`;
    expect(token.length).to.be.below(16 * 1024);
    const result = await probe(fixture, web, token);
    expect(result).to.deep.equal({ status: 401, reason: 'alg_not_allowed', fetches: 0 });
  });

  it('ignores deeply nested header on home', async () => {
    const depth = 5800;
    const header = `{"alg":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const token = `${paddedBase64url(Buffer.from(header))}.e30=.${FAKE_SIGNATURE}`;
    expect((await probe(fixture, web, token, '/')).status).to.equal(200);
  });

  // An exp past year 275760 cannot be shown as a date, so it must be rejected, not rendered.
  it('rejects exp beyond Date range', async () => {
    const result = await probe(fixture, web, fixture.token(ALICE, { exp: 9e12 }));
    expect(result).to.deep.include({ status: 401, reason: 'claims_invalid' });
  });

  it('rejects short signature before key fetch', async () => {
    const header = albHeader(randomUUID());
    const bad = [
      forged(header, JSON.stringify({ ...ALICE, iss: ISSUER, exp: now() + 600 }), 'AAAA'),
      forged(header, 'not json', paddedBase64url(Buffer.alloc(64))),
      forged(header, JSON.stringify({ ...ALICE, iss: 'https://evil.example', exp: now() + 600 })),
      forged(header, JSON.stringify({ ...ALICE, iss: ISSUER, exp: now() - 3600 })),
    ];
    for (const token of bad) {
      const result = await probe(fixture, web, token);
      expect(result.status).to.equal(401);
      expect(result.fetches, token.slice(-60)).to.equal(0);
    }
  });

  // A kid that returned 404 must not make every later request fetch it again.
  it('fetches an unknown kid once', async () => {
    const header = albHeader(randomUUID());
    const claims = JSON.stringify({ ...ALICE, iss: ISSUER, exp: now() + 600 });
    const token = forged(header, claims, paddedBase64url(Buffer.alloc(64)));
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await probe(fixture, web, token));
    expect(results.map((r) => r.reason)).to.deep.equal(Array(5).fill('kid_unknown'));
    expect(results.reduce((sum, r) => sum + r.fetches, 0)).to.equal(1);
  });

  it('shares one fetch among concurrent requests', async () => {
    const signer = fixture.addSigner();
    const fresh = fixture.instance('attack-concurrent');
    const before = fixture.keyServer.requests.length;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(fresh.callback)
          .get('/private')
          .set('x-amzn-oidc-data', fixture.token(ALICE, {}, signer)),
      ),
    );
    expect(responses.map((r) => r.status)).to.deep.equal(Array(20).fill(200));
    expect(fixture.keyServer.requests.length - before).to.equal(1);
  });
});

describe('attack: paths and methods', () => {
  let fixture: Fixture;
  let web: Instance;

  before(async () => {
    fixture = await Fixture.start();
    web = fixture.instance('attack-paths');
  });
  after(() => fixture.stop());

  it('protects /private variants and methods', async () => {
    for (const path of [
      '/private',
      '/private/',
      '/private/%ff',
      '/private/%E0%A4%A',
      '/private//x',
    ]) {
      const response = await request(web.callback).get(path);
      expect(response.status, path).to.equal(401);
    }
    for (const method of ['head', 'post', 'put', 'delete', 'options'] as const) {
      const response = await request(web.callback)[method]('/private');
      expect(response.status, method).to.equal(401);
    }
  });

  it('returns 404 for look-alike paths', async () => {
    for (const path of ['//private', '/private;x', '/%70rivate', '/private.', '/private%2f']) {
      const response = await request(web.callback)
        .get(path)
        .set('x-amzn-oidc-data', fixture.token());
      expect(response.status, path).to.equal(404);
    }
  });

  // ALB path patterns are case-sensitive, so /PRIVATE is a public path and must not reach the
  // private handler.
  it('returns 404 for upper-case /PRIVATE', async () => {
    for (const path of ['/PRIVATE', '/Private/x', '/pRiVaTe/']) {
      const plain = await request(web.callback).get(path);
      const withToken = await request(web.callback)
        .get(path)
        .set('x-amzn-oidc-data', fixture.token());
      expect([plain.status, withToken.status], path).to.deep.equal([404, 404]);
    }
  });

  it('ignores identity headers and forged tokens', async () => {
    const spoofed = await request(web.callback)
      .get('/private')
      .set('x-amzn-oidc-identity', ALICE.sub)
      .set('x-amzn-oidc-accesstoken', fixture.token());
    expect(spoofed.status).to.equal(401);
    expect(lastAuthReason(web)).to.equal('token_missing');

    const forgedToken = forged(
      albHeader(fixture.signer.kid),
      JSON.stringify({ ...ALICE, iss: ISSUER, exp: now() + 600 }),
    );
    const home = await request(web.callback).get('/').set('x-amzn-oidc-data', forgedToken);
    expect(home.status).to.equal(200);
    expect(home.text).not.to.contain(ALICE.email);
    expect(lastAuthReason(web)).to.equal('signature_invalid');
  });

  it('serves /healthz without a session', async () => {
    const response = await request(web.callback).get('/healthz');
    expect(response.status).to.equal(200);
    expect(response.headers['set-cookie']).to.equal(undefined);
  });
});

describe('attack: HTML injection through claims', () => {
  let fixture: Fixture;
  let web: Instance;

  before(async () => {
    fixture = await Fixture.start();
    web = fixture.instance('attack-html');
  });
  after(() => fixture.stop());

  it('escapes markup in claims', async () => {
    const evil = {
      sub: '<script>alert(1)</script>',
      email: '"><img src=x onerror=alert(2)>@example.com',
      username: '{{ 7*7 }}',
      '<b>name</b>': "</td><script>alert('3')</script>",
      nested: { html: '<svg onload=alert(4)>' },
      __proto__claim: '{% raw %}',
    };
    for (const path of ['/private', '/']) {
      const response = await request(web.callback)
        .get(path)
        .set('x-amzn-oidc-data', fixture.token(evil));
      expect(response.status, path).to.equal(200);
      expect(response.text).not.to.match(/<script>|<img |<svg |<b>name/);
      // A template expression in a claim is shown as text, never evaluated to 49.
      expect(response.text).not.to.match(/>\s*49\s*</);
      if (path === '/private') expect(response.text).to.contain('{{ 7*7 }}');
    }
  });

  it('escapes markup in the instance name', async () => {
    const named = fixture.instance('<i>web</i>');
    const response = await request(named.callback).get('/');
    expect(response.text).to.contain('&lt;i&gt;web&lt;/i&gt;');
  });
});

describe('attack: security headers', () => {
  let fixture: Fixture;
  let web: Instance;
  let prod: Instance;

  before(async () => {
    fixture = await Fixture.start();
    web = fixture.instance('attack-headers');
    prod = fixture.instance('attack-headers-prod', { env: { NODE_ENV: 'production' } });
  });
  after(() => fixture.stop());

  function expectHeaders(headers: Record<string, string>, label: string): void {
    expect(headers['content-security-policy'], label).to.contain("default-src 'none'");
    expect(headers['content-security-policy'], label).to.contain("frame-ancestors 'none'");
    expect(headers['x-frame-options'], label).to.equal('DENY');
    expect(headers['x-content-type-options'], label).to.equal('nosniff');
    expect(headers['referrer-policy'], label).to.equal('same-origin');
    expect(headers['x-powered-by'], label).to.equal(undefined);
  }

  it('sends them on every status', async () => {
    const token = fixture.token();
    const responses = [
      await request(web.callback).get('/'),
      await request(web.callback).get('/healthz'),
      await request(web.callback).get('/private').set('x-amzn-oidc-data', token),
      await request(web.callback).get('/private'),
      await request(web.callback).get('/nope'),
      await request(web.callback).get('/logout'),
    ];
    fixture.keyServer.mode = 'status-500';
    responses.push(
      await request(web.callback)
        .get('/private')
        .set('x-amzn-oidc-data', fixture.token(ALICE, {}, fixture.addSigner())),
    );
    fixture.keyServer.mode = 'ok';
    expect(responses.map((r) => r.status)).to.deep.equal([200, 200, 200, 401, 404, 302, 503]);
    for (const response of responses) expectHeaders(response.headers, String(response.status));
  });

  it('adds HSTS and Secure in production', async () => {
    const response = await request(prod.callback)
      .get('/private')
      .set('x-forwarded-proto', 'https')
      .set('x-amzn-oidc-data', fixture.token());
    expect(response.status).to.equal(200);
    expect(response.headers['strict-transport-security']).to.equal(
      'max-age=31536000; includeSubDomains',
    );
    expectHeaders(response.headers, 'production');
    expect(cookiesFrom(response.headers['set-cookie'])).to.match(/app\.sid=sess:/);
    expect(String(response.headers['set-cookie'])).to.contain('secure');
  });

  it('marks signed-in pages no-store', async () => {
    const response = await request(web.callback).get('/').set('x-amzn-oidc-data', fixture.token());
    expect(response.text).to.contain('alice@example.com');
    expect(response.headers['cache-control']).to.equal('no-store');
  });
});

describe('attack: logout', () => {
  let fixture: Fixture;
  let web: Instance;
  let prod: Instance;

  const expectedTarget = () =>
    `${COGNITO_DOMAIN}/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent('https://app.example.com/')}`;

  before(async () => {
    fixture = await Fixture.start();
    web = fixture.instance('attack-logout');
    prod = fixture.instance('attack-logout-prod', { env: { NODE_ENV: 'production' } });
  });
  after(() => fixture.stop());

  it('redirects only to configured Cognito logout', async () => {
    const tries = [
      request(web.callback).get('/logout?redirect=https://evil.example'),
      request(web.callback).get('/logout?logout_uri=https://evil.example&client_id=x'),
      request(web.callback).get('/logout/').set('Referer', 'https://evil.example/'),
      request(web.callback).get('/logout').set('Host', 'evil.example'),
      request(web.callback)
        .get('/logout')
        .set('X-Forwarded-Host', 'evil.example')
        .set('X-Forwarded-Proto', 'http'),
    ];
    for (const response of await Promise.all(tries)) {
      expect(response.status).to.equal(302);
      expect(response.headers.location).to.equal(expectedTarget());
    }
  });

  it('returns 404 for look-alike logout paths', async () => {
    for (const path of ['//logout', '/logout/x', '/logout//evil.example']) {
      expect((await request(web.callback).get(path)).status, path).to.equal(404);
    }
  });

  it('redirects home without Cognito settings', async () => {
    const bare = fixture.instance('attack-logout-bare', {
      env: { COGNITO_DOMAIN: undefined, APP_URL: undefined },
    });
    const response = await request(bare.callback).get('/logout').set('Host', 'evil.example');
    expect(response.headers.location).to.equal('/');
  });

  it('logs out over HTTPS in production', async () => {
    const response = await request(prod.callback).get('/logout').set('x-forwarded-proto', 'https');
    expect(response.status).to.equal(302);
  });

  // A request over plain HTTP in production (Beanstalk's port-80 rule, or no X-Forwarded-Proto)
  // still gets Secure cookies instead of a 500.
  it('handles plain HTTP in production', async () => {
    const logout = await request(prod.callback).get('/logout');
    expect(logout.status).to.equal(302);
    const page = await request(prod.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token());
    expect(page.status).to.be.oneOf([200, 301, 302, 308, 403]);
  });
});

describe('attack: sessions', () => {
  let fixture: Fixture;
  let web1: Instance;
  let web2: Instance;

  before(async () => {
    fixture = await Fixture.start();
    web1 = fixture.instance('attack-session-1');
    web2 = fixture.instance('attack-session-2');
  });
  after(() => fixture.stop());

  async function visit(instance: Instance, user: typeof ALICE, cookies = '') {
    const response = await request(instance.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token(user))
      .set('Cookie', cookies);
    const visits = /class="visits">(\d+)</.exec(response.text)?.[1];
    return {
      response,
      visits: Number(visits),
      cookies: cookiesFrom(response.headers['set-cookie']),
    };
  }

  function sign(value: string, key: string): string {
    return createHmac('sha1', key)
      .update(value)
      .digest('base64')
      .replace(/\/|\+|=/g, (c) => ({ '/': '_', '+': '-', '=': '' })[c]!);
  }

  it('keeps sessions apart on cookie swap', async () => {
    const alice1 = await visit(web1, ALICE);
    const alice2 = await visit(web1, ALICE, alice1.cookies);
    expect(alice2.visits).to.equal(2);

    const bob = await visit(web2, BOB, alice1.cookies);
    expect(bob.visits).to.equal(1);
    expect(bob.response.text).not.to.contain(ALICE.email);
    expect(bob.cookies).not.to.contain(alice1.cookies.split(';')[0]);

    const alice3 = await visit(web2, ALICE, alice1.cookies);
    expect(alice3.visits).to.equal(3);
  });

  it('ignores unsigned or forged session cookies', async () => {
    const alice = await visit(web1, ALICE);
    const sid = /app\.sid=([^;]+)/.exec(alice.cookies)![1]!;
    const tries = [
      `app.sid=${sid}`,
      `app.sid=${sid}; app.sid.sig=${sign(`app.sid=${sid}`, 'wrong-key-0123456789')}`,
      `app.sid=${sid}; app.sid.sig=`,
      `app.sid=${sid}; app.sid.sig=${'A'.repeat(27)}`,
    ];
    for (const cookie of tries) {
      const response = await visit(web1, ALICE, cookie);
      expect(response.visits, cookie).to.equal(1);
    }
  });

  it('prevents session fixation', async () => {
    const attacker = await visit(web1, BOB);
    await visit(web1, BOB, attacker.cookies);
    const victim = await visit(web1, ALICE, attacker.cookies);
    expect(victim.visits).to.equal(1);
    expect(victim.cookies).to.match(/app\.sid=sess:/);
    expect(victim.cookies.split(';')[0]).not.to.equal(attacker.cookies.split(';')[0]);
    const again = await visit(web1, BOB, attacker.cookies);
    expect(again.visits).to.equal(3);
  });

  it('replaces a stored session that is not JSON', async () => {
    const alice = await visit(web1, ALICE);
    const sid = decodeURIComponent(/app\.sid=([^;]+)/.exec(alice.cookies)![1]!);
    for (const junk of ['not json', '42', '"text"', '[1,2]', 'null', '{"_expire":1}']) {
      await web1.redis.set(sid, junk);
      const response = await visit(web1, ALICE, alice.cookies);
      expect(response.response.status, junk).to.equal(200);
    }
  });

  it('returns 503 for wrong Redis type', async () => {
    const alice = await visit(web1, ALICE);
    const sid = decodeURIComponent(/app\.sid=([^;]+)/.exec(alice.cookies)![1]!);
    await web1.redis.del(sid);
    await web1.redis.hset(sid, 'a', 'b');
    const response = await visit(web1, ALICE, alice.cookies);
    expect(response.response.status).to.equal(503);
  });

  it('ignores garbage cookie headers', async () => {
    for (const cookie of [
      'app.sid=%',
      'app.sid=%E0%A4%A; app.sid.sig=%',
      '=;=;;',
      'a'.repeat(8000),
    ]) {
      const response = await visit(web1, ALICE, cookie);
      expect(response.response.status, cookie.slice(0, 20)).to.equal(200);
    }
  });

  // Without SESSION_KEYS the service refuses to start once sign-in is on (see the config
  // probes), so this cookie is signed with the test's own key, as if that key had leaked.
  it('ignores a signed cookie that names another Redis key', async () => {
    await waitForReady(web1);
    await web1.redis.set('billing:config', '{"plan":"gold"}');
    const value = 'billing:config';
    const cookie = `app.sid=${value}; app.sid.sig=${sign(`app.sid=${value}`, 'test-session-key-0123456789')}`;
    const response = await visit(web1, ALICE, cookie);
    expect(response.response.status).to.equal(200);
    expect(await web1.redis.get('billing:config')).to.equal('{"plan":"gold"}');
  });
});

describe('attack: misbehaving key endpoint', () => {
  let fixture: Fixture;
  let server: Server;
  let port: number;
  let handler: (
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) => void;
  let sent = 0;

  before(async () => {
    fixture = await Fixture.start();
    server = createHttpServer((req, res) => handler(req, res));
    port = await listen(server);
  });
  after(async () => {
    await closeServer(server);
    await fixture.stop();
  });

  function instance(name: string): Instance {
    return fixture.instance(name, { env: { ALB_KEY_URL: `http://127.0.0.1:${port}` } });
  }

  async function fetchPrivate(
    name: string,
  ): Promise<{ status: number; ms: number; reason: unknown }> {
    const web = instance(name);
    const { value, ms } = await timed(() =>
      request(web.callback).get('/private').set('x-amzn-oidc-data', fixture.token()),
    );
    const code = web.logs.find('unavailable').at(-1)?.code ?? lastAuthReason(web);
    return { status: value.status, ms, reason: code };
  }

  const misbehaviours: [string, typeof handler, number, string][] = [
    [
      'sends headers, then stalls the body',
      (_q, res) => res.writeHead(200).write('-----BEGIN'),
      503,
      'key_unavailable',
    ],
    [
      'redirects elsewhere',
      (_q, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end(),
      503,
      'key_unavailable',
    ],
    [
      'returns a P-384 key',
      (_q, res) => {
        const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
        res.end(publicKey.export({ type: 'spki', format: 'pem' }));
      },
      503,
      'key_unavailable',
    ],
    [
      'returns an RSA key',
      (_q, res) => {
        const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
        res.end(publicKey.export({ type: 'spki', format: 'pem' }));
      },
      503,
      'key_unavailable',
    ],
    [
      'returns a PEM header over garbage',
      (_q, res) => res.end('-----BEGIN PUBLIC KEY-----\n%%%\n'),
      503,
      'key_unavailable',
    ],
    ['returns an empty 200', (_q, res) => res.end(), 503, 'key_unavailable'],
    ['returns 404', (_q, res) => res.writeHead(404).end(), 401, 'kid_unknown'],
    ['returns 429', (_q, res) => res.writeHead(429).end(), 503, 'key_unavailable'],
    ['resets the connection', (req) => req.socket.destroy(), 503, 'key_unavailable'],
    [
      'lies about the length',
      (_q, res) => {
        res.writeHead(200, { 'content-length': '500' });
        res.write('-----BEGIN PUBLIC KEY-----');
        setTimeout(() => res.socket?.destroy(), 50);
      },
      503,
      'key_unavailable',
    ],
  ];
  for (const [name, behaviour, status, reason] of misbehaviours) {
    it(`returns ${status} when endpoint ${name}`, async () => {
      handler = behaviour;
      const result = await fetchPrivate(`attack-key-${name}`);
      expect(result.status).to.equal(status);
      expect(result.reason).to.equal(reason);
      expect(result.ms).to.be.below(3000);
    });
  }

  it('returns 503 when endpoint never responds', async () => {
    const sockets: Socket[] = [];
    const blackhole = createTcpServer((socket) => void sockets.push(socket));
    const holePort = await listen(blackhole);
    try {
      const web = fixture.instance('attack-key-blackhole', {
        env: { ALB_KEY_URL: `http://127.0.0.1:${holePort}` },
      });
      const { value, ms } = await timed(() =>
        request(web.callback).get('/private').set('x-amzn-oidc-data', fixture.token()),
      );
      expect(value.status).to.equal(503);
      expect(ms).to.be.below(3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      blackhole.close();
    }
  });

  // A bad key endpoint must not make every instance buffer megabytes per token.
  it('stops reading oversized key responses', async () => {
    sent = 0;
    const chunk = Buffer.alloc(1024 * 1024, 'A');
    handler = (_req, res) => {
      res.writeHead(200);
      const pump = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    };
    const result = await fetchPrivate('attack-key-huge');
    expect(result.status).to.equal(503);
    expect(sent).to.be.below(8 * 1024 * 1024);
  });
});

describe('attack: misbehaving Redis', () => {
  let fixture: Fixture;

  before(async () => {
    fixture = await Fixture.start();
  });
  after(() => fixture.stop());

  it('returns 503 for a non-Redis server', async () => {
    const http = createHttpServer((_req, res) => res.end('hello'));
    const httpPort = await listen(http);
    try {
      const web = fixture.instance('attack-redis-http', {
        env: { REDIS_URL: `redis://127.0.0.1:${httpPort}` },
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { value, ms } = await timed(() =>
        request(web.callback).get('/private').set('x-amzn-oidc-data', fixture.token()),
      );
      expect(value.status).to.equal(503);
      expect(ms).to.be.below(3000);
      expect((await request(web.callback).get('/logout')).status).to.equal(302);
    } finally {
      await closeServer(http);
    }
  });

  it('returns 503 for missing Redis password', async () => {
    const locked = await startRedisServer({ args: ['--requirepass', 'sesame-0123456789'] });
    try {
      const web = fixture.instance('attack-redis-auth', { env: { REDIS_URL: locked.url } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { value, ms } = await timed(() =>
        request(web.callback).get('/private').set('x-amzn-oidc-data', fixture.token()),
      );
      expect(value.status).to.equal(503);
      expect(ms).to.be.below(3000);
      expect(JSON.stringify(web.logs.lines)).not.to.contain('sesame');
    } finally {
      await locked.stop();
    }
  });

  it('logs out while Redis is frozen', async () => {
    const web = fixture.instance('attack-redis-frozen');
    const first = await request(web.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token());
    const cookies = cookiesFrom(first.headers['set-cookie']);
    fixture.redisServer.pause();
    try {
      const { value, ms } = await timed(() =>
        request(web.callback).get('/logout').set('Cookie', cookies),
      );
      expect(value.status).to.equal(302);
      expect(ms).to.be.below(3000);
      const home = await timed(() => request(web.callback).get('/'));
      expect(home.value.status).to.equal(200);
      expect(home.ms).to.be.below(500);
    } finally {
      fixture.redisServer.resume();
    }
  });

  // A key endpoint and a Redis that each respond just inside their own deadlines must not add up
  // past the request budget.
  it('responds within 3 s when both are slow', async () => {
    const proxy = await startSlowProxy(fixture.redisServer.port, 900);
    try {
      const web = fixture.instance('attack-redis-slow', {
        env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` },
      });
      await waitForReady(web);
      const first = await request(web.callback)
        .get('/private')
        .set('x-amzn-oidc-data', fixture.token());
      const cookies = cookiesFrom(first.headers['set-cookie']);
      const signer = fixture.addSigner();
      fixture.keyServer.mode = 'slow';
      fixture.keyServer.slowMs = 1800;
      const { value, ms } = await timed(() =>
        request(web.callback)
          .get('/private')
          .set('Cookie', cookies)
          .set('x-amzn-oidc-data', fixture.token(ALICE, {}, signer)),
      );
      expect(value.status).to.be.oneOf([200, 503]);
      expect(ms).to.be.below(3000);
    } finally {
      fixture.keyServer.mode = 'ok';
      proxy.close();
    }
  });
});

/** Starts a TCP proxy to Redis that delays each reply by `delayMs`, like a slow Redis. */
async function startSlowProxy(
  redisPort: number,
  delayMs: number,
): Promise<{ port: number; close(): void }> {
  const sockets: Socket[] = [];
  const server = createTcpServer((client) => {
    const upstream = connect(redisPort, '127.0.0.1');
    sockets.push(client, upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) =>
      setTimeout(() => client.writable && client.write(chunk), delayMs),
    );
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  const port = await listen(server);
  return {
    port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('attack: logs', () => {
  let fixture: Fixture;
  let web: Instance;

  before(async () => {
    fixture = await Fixture.start();
    web = fixture.instance('attack-logs', { logLevel: 'trace' });
  });
  after(() => fixture.stop());

  it('contain no tokens, cookies or keys', async () => {
    const token = fixture.token();
    const first = await request(web.callback).get('/private').set('x-amzn-oidc-data', token);
    const cookies = cookiesFrom(first.headers['set-cookie']);
    const sid = decodeURIComponent(/app\.sid=([^;]+)/.exec(cookies)![1]!);
    const sig = /app\.sid\.sig=([^;]+)/.exec(cookies)![1]!;
    const foreign = fixture.token(ALICE, { client: 'other' });
    await request(web.callback).get('/private').set('x-amzn-oidc-data', foreign);
    await request(web.callback).get('/').set('x-amzn-oidc-data', foreign);
    await request(web.callback).get('/private').set('x-amzn-oidc-data', `${token}x`);
    await request(web.callback)
      .get('/logout')
      .set('Cookie', `${cookies}; AWSELBAuthSessionCookie-0=albsecretshard`);
    fixture.keyServer.mode = 'status-500';
    await request(web.callback)
      .get('/private')
      .set('x-amzn-oidc-data', fixture.token(ALICE, {}, fixture.addSigner()));
    fixture.keyServer.mode = 'ok';

    const text = JSON.stringify(web.logs.lines);
    for (const secret of [
      token.split('.')[1]!.slice(0, 24),
      token.split('.')[2]!.slice(0, 24),
      foreign.split('.')[0]!.slice(0, 24),
      sid,
      sig,
      'albsecretshard',
      'test-session-key',
    ]) {
      expect(text).not.to.contain(secret);
    }
    expect(web.logs.find('request')).to.have.length(6);
  });

  // A typo in REDIS_URL or one short session key must not print a secret to stderr.
  it('hide secrets in config errors', () => {
    const base = testEnv('http://127.0.0.1:1', 'redis://127.0.0.1:1');
    const cases: NodeJS.ProcessEnv[] = [
      { SESSION_KEYS: 'long-secret-session-key-0001,short' },
      { REDIS_URL: 'redis://default:redis-password-0001@cache.internal:99999' },
      { REDIS_URL: 'redis+tls://default:redis-password-0001@cache.internal:6379' },
    ];
    for (const env of cases) {
      let message = '';
      try {
        loadConfig({ ...base, ...env });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.match(/SESSION_KEYS|REDIS_URL/);
      expect(message).not.to.match(/long-secret-session-key-0001|redis-password-0001/);
    }
  });
});

describe('attack: careless configuration', () => {
  const base = () => ({
    ...testEnv('https://public-keys.auth.elb.eu-west-1.amazonaws.com', 'rediss://cache:6379'),
    NODE_ENV: 'production',
  });

  function fails(env: NodeJS.ProcessEnv): string {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  }

  it('rejects malformed production settings', () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ SESSION_KEYS: 'short' }, /SESSION_KEYS/],
      [{ SESSION_KEYS: ',' }, /SESSION_KEYS/],
      [{ ALB_ARN: 'arn:aws:elasticloadbalancing:*' }, /ALB_ARN/],
      [{ ALB_ARN: `${ALB_ARN},` }, /ALB_ARN/],
      [{ COGNITO_CLIENT_ID: 'a b' }, /COGNITO_CLIENT_ID/],
      [{ REDIS_URL: 'http://cache:6379' }, /REDIS_URL/],
      [{ ALB_KEY_URL: 'file:///etc/passwd' }, /ALB_KEY_URL/],
      [{ COGNITO_DOMAIN: 'javascript:alert(1)' }, /COGNITO_DOMAIN/],
      [{ APP_URL: '//evil.example' }, /APP_URL/],
      [{ AWS_REGION: 'eu-west-1; rm' }, /AWS_REGION/],
      [{ ALB_SESSION_COOKIE: 'a=b; Domain=evil' }, /ALB_SESSION_COOKIE/],
      [{ PORT: '0' }, /PORT/],
    ];
    for (const [env, pattern] of cases) {
      expect(fails({ ...base(), ...env }), JSON.stringify(env)).to.match(pattern);
    }
  });

  // A key fetched over plain HTTP could be replaced on the way, and then any token forged.
  it('rejects http key URL in production', () => {
    expect(fails({ ...base(), ALB_KEY_URL: 'http://keys.example.com' })).to.match(/ALB_KEY_URL/);
  });

  // With "prod", "Production" or no NODE_ENV, sign-in settings must not start with the built-in
  // session key.
  it('requires SESSION_KEYS with sign-in settings', () => {
    for (const nodeEnv of [undefined, 'prod', 'Production', 'production ']) {
      const env: NodeJS.ProcessEnv = { ...base(), NODE_ENV: nodeEnv, SESSION_KEYS: undefined };
      expect(fails(env), String(nodeEnv)).to.match(/SESSION_KEYS|NODE_ENV/);
    }
  });

  // A query or fragment in APP_URL or COGNITO_DOMAIN would break the logout URL.
  it('rejects logout URLs with query or fragment', () => {
    expect(fails({ ...base(), APP_URL: 'https://app.example.com/#home' })).to.match(/APP_URL/);
    expect(fails({ ...base(), COGNITO_DOMAIN: 'https://auth.example.com/?x=' })).to.match(
      /COGNITO_DOMAIN/,
    );
  });
});

describe('attack: the service as a process', function () {
  this.timeout(60_000);
  let fixture: Fixture;
  let child: ChildProcess;
  let output: () => string;
  let port: number;

  before(async () => {
    fixture = await Fixture.start();
    const service = await startService(['--import', 'tsx', 'web/src/server.ts'], {
      ...testEnv(fixture.keyServer.url, fixture.redisServer.url),
      LOG_LEVEL: 'trace',
    });
    child = service.child;
    port = service.port;
    output = service.output;
  });
  after(async () => {
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await fixture.stop();
  });

  function get(path: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('accepts 32 KB and 48 KB headers', async () => {
    const token = fixture.token();
    expect(
      await get('/private', { 'x-amzn-oidc-data': token, cookie: `big=${'c'.repeat(32 * 1024)}` }),
    ).to.equal(200);
    const many: Record<string, string> = { 'x-amzn-oidc-data': token };
    for (let i = 0; i < 12; i++) many[`x-pad-${i}`] = 'p'.repeat(4000);
    expect(await get('/private', many)).to.equal(200);
  });

  it('returns 431 above 64 KB', async () => {
    expect(await get('/', { 'x-pad': 'p'.repeat(70 * 1024) })).to.equal(431);
    expect(await get('/healthz', {})).to.equal(200);
  });

  it('prints no tokens, cookies or keys', async () => {
    const token = fixture.token();
    await get('/private', {
      'x-amzn-oidc-data': token,
      cookie: 'AWSELBAuthSessionCookie-0=shardsecret',
    });
    await get('/logout', {
      cookie: 'app.sid=sess:x; app.sid.sig=y; AWSELBAuthSessionCookie-1=shardsecret',
    });
    await get('/private', { 'x-amzn-oidc-data': `${token}=` });
    for (const secret of [token.split('.')[2]!.slice(0, 24), 'shardsecret', 'test-session-key']) {
      expect(output()).not.to.contain(secret);
    }
  });
});
