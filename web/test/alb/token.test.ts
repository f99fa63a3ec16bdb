import { expect } from 'chai';
import { createHmac, randomUUID } from 'node:crypto';
import { TokenRejectedError } from '../../src/alb/errors.js';
import { createKeyProvider } from '../../src/alb/keys.js';
import { createTokenVerifier, type VerifyToken } from '../../src/alb/token.js';
import { createAlbTokenSigner, paddedBase64url } from '../../../scripts/lib/alb-token.js';
import { startKeyServer, type KeyServer } from '../../../scripts/lib/key-server.js';
import { ALB_ARN, ALICE, CLIENT_ID, ISSUER, OTHER_ALB_ARN } from '../helpers/fixture.js';

const signer = createAlbTokenSigner();
const now = () => Math.floor(Date.now() / 1000);

function sign(fields: Partial<Parameters<typeof signer.sign>[0]> = {}, by = signer): string {
  return by.sign({
    signer: ALB_ARN,
    client: CLIENT_ID,
    issuer: ISSUER,
    exp: now() + 600,
    claims: ALICE,
    ...fields,
  });
}

/** Signs tokens with a growing claim until the payload segment ends in `=` padding. */
function paddedToken(): string {
  for (let length = 0; length < 3; length++) {
    const token = sign({ claims: { ...ALICE, note: 'x'.repeat(length) } });
    if (token.split('.')[1]!.endsWith('=')) return token;
  }
  throw new Error('no padded payload in three lengths');
}

function encode(value: unknown): string {
  return paddedBase64url(Buffer.from(JSON.stringify(value)));
}

async function rejection(verify: VerifyToken, token: string | undefined) {
  try {
    await verify(token);
  } catch (error) {
    expect(error).to.be.instanceOf(TokenRejectedError);
    return error as TokenRejectedError;
  }
  throw new Error('token was accepted');
}

describe('createTokenVerifier()', () => {
  let keys: KeyServer;
  let verify: VerifyToken;

  before(async () => {
    keys = await startKeyServer();
    keys.addKey(signer.kid, signer.publicKeyPem);
  });
  beforeEach(() => {
    keys.requests.length = 0;
    const getKey = createKeyProvider({ baseUrl: keys.url, timeoutMs: 500 });
    verify = createTokenVerifier({
      signers: [ALB_ARN],
      clientId: CLIENT_ID,
      issuer: ISSUER,
      getKey,
    });
  });
  after(() => keys.close());

  it('accepts a padded token as the ALB signs it', async () => {
    const token = paddedToken();
    expect(token).to.match(/=\./);
    const user = await verify(token);
    expect(user.sub).to.equal(ALICE.sub);
    expect(user.email).to.equal('alice@example.com');
    expect(user.emailVerified).to.equal(true);
    expect(user.username).to.equal('alice');
    expect(user.claims.iss).to.equal(ISSUER);
    expect(keys.requests).to.deep.equal([`/${signer.kid}`]);
  });

  it('rejects the same token with its padding stripped', async () => {
    const stripped = paddedToken().replaceAll('=', '');
    const error = await rejection(verify, stripped);
    expect(error.code).to.equal('token_malformed');
    expect(error.message).to.equal('token is not three padded base64url segments');
    expect(keys.requests).to.deep.equal([]);
  });

  it('rejects the same claims encoded again after signing', async () => {
    // The signature covers the segments as sent, so equal claims in other bytes must fail.
    const [header, payload, signature] = sign().split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const respaced = paddedBase64url(Buffer.from(JSON.stringify(claims, null, 1)));
    const error = await rejection(verify, `${header}.${respaced}.${signature}`);
    expect(error.code).to.equal('signature_invalid');
    expect(error.message).to.equal('token signature does not verify');
  });

  it('accepts a token from any of several configured load balancers', async () => {
    const getKey = createKeyProvider({ baseUrl: keys.url });
    const signers = [OTHER_ALB_ARN, ALB_ARN];
    const both = createTokenVerifier({ signers, clientId: CLIENT_ID, issuer: ISSUER, getKey });
    expect((await both(sign({ signer: OTHER_ALB_ARN }))).sub).to.equal(ALICE.sub);
  });

  const [header, payload, signature] = sign().split('.') as [string, string, string];
  const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString());
  const cases: { name: string; token: () => string | undefined; code: string; message: RegExp }[] =
    [
      { name: 'no token', token: () => undefined, code: 'token_missing', message: /no x-amzn/ },
      {
        name: 'two segments',
        token: () => `${header}.${payload}`,
        code: 'token_malformed',
        message: /three/,
      },
      {
        name: 'four segments',
        token: () => `${header}.${payload}.${signature}.x`,
        code: 'token_malformed',
        message: /three/,
      },
      {
        name: 'a header that is not JSON',
        token: () => `bm90IGpzb24=.${payload}.${signature}`,
        code: 'token_malformed',
        message: /header is not base64url JSON/,
      },
      {
        name: 'a header that is an array',
        token: () => `${encode([1])}.${payload}.${signature}`,
        code: 'token_malformed',
        message: /not a JSON object/,
      },
      {
        name: 'alg none',
        token: () => `${encode({ ...decodedHeader, alg: 'none' })}.${payload}.`,
        code: 'token_malformed',
        message: /three/,
      },
      {
        name: 'alg none with a signature',
        token: () => `${encode({ ...decodedHeader, alg: 'none' })}.${payload}.${signature}`,
        code: 'alg_not_allowed',
        message: /"none" is not ES256/,
      },
      {
        name: 'HS256 keyed with the public PEM',
        token: () => hmacToken('HS256', 'sha256'),
        code: 'token_malformed',
        message: /signature is not 64 bytes/,
      },
      {
        name: 'HS512 keyed with the public PEM',
        token: () => hmacToken('HS512', 'sha512'),
        code: 'alg_not_allowed',
        message: /"HS512"/,
      },
      {
        name: 'a tampered payload',
        token: () =>
          `${header}.${encode({ ...ALICE, sub: 'admin', exp: now() + 600, iss: ISSUER })}.${signature}`,
        code: 'signature_invalid',
        message: /does not verify/,
      },
      {
        name: 'a token from another load balancer',
        token: () => sign({ signer: OTHER_ALB_ARN }),
        code: 'signer_mismatch',
        message: /signer ".*other.*" is not in ALB_ARN/,
      },
      {
        name: 'another app client',
        token: () => sign({ client: 'otherclient' }),
        code: 'client_mismatch',
        message: /client "otherclient"/,
      },
      {
        name: 'another issuer',
        token: () => sign({ issuer: 'https://evil.example' }),
        code: 'issuer_mismatch',
        message: /header iss "https:\/\/evil.example"/,
      },
      {
        name: 'another issuer in the payload',
        token: () => sign({ payload: { iss: 'https://evil.example' } }),
        code: 'issuer_mismatch',
        message: /payload iss/,
      },
      {
        name: 'an expired header exp',
        token: () => sign({ exp: now() - 60 }),
        code: 'token_expired',
        message: /header expired/,
      },
      {
        name: 'an expired payload exp',
        token: () => sign({ payload: { exp: now() - 60 } }),
        code: 'token_expired',
        message: /payload expired/,
      },
      {
        name: 'no exp in the header',
        token: () => sign({ header: { exp: undefined } }),
        code: 'claims_invalid',
        message: /header has no numeric exp/,
      },
      {
        name: 'no sub',
        token: () => sign({ claims: { email: 'x@example.com' } }),
        code: 'claims_invalid',
        message: /no sub/,
      },
      {
        name: 'a key that is not the ALB key',
        token: () => sign({}, createAlbTokenSigner(signer.kid)),
        code: 'signature_invalid',
        message: /does not verify/,
      },
      {
        name: 'an unknown kid',
        token: () => sign({}, createAlbTokenSigner()),
        code: 'kid_unknown',
        message: /has no key .* \(404\)/,
      },
    ];

  for (const { name, token, code, message } of cases) {
    it(`rejects ${name} with ${code}`, async () => {
      const error = await rejection(verify, token());
      expect(error.code).to.equal(code);
      expect(error.message).to.match(message);
      expect(error.status).to.equal(401);
    });
  }

  for (const kid of [
    '../x',
    'a/b',
    'x?y',
    `${randomUUID()}/../../etc`,
    'a'.repeat(5000),
    '%2e%2e',
  ]) {
    it(`rejects kid ${JSON.stringify(kid.slice(0, 40))} without a key request`, async () => {
      const error = await rejection(verify, sign({ header: { kid } }));
      expect(error.code).to.equal('kid_invalid');
      expect(error.message).to.match(/is not a UUID/);
      expect(keys.requests).to.deep.equal([]);
    });
  }

  for (const [name, fields] of [
    ['signer', { signer: OTHER_ALB_ARN }],
    ['client', { client: 'otherclient' }],
    ['issuer', { issuer: 'https://evil.example' }],
    ['expiry', { exp: now() - 60 }],
  ] as const) {
    it(`makes no key request for a token with a foreign ${name}`, async () => {
      await rejection(verify, sign(fields));
      expect(keys.requests).to.deep.equal([]);
    });
  }

  it('accepts an exp within the clock tolerance', async () => {
    const user = await verify(sign({ exp: now() - 2 }));
    expect(user.sub).to.equal(ALICE.sub);
  });
});

/** Signs an HMAC token keyed with the public key's PEM text, the classic algorithm confusion. */
function hmacToken(alg: string, hash: string): string {
  const header = encode({
    alg,
    kid: signer.kid,
    signer: ALB_ARN,
    client: CLIENT_ID,
    iss: ISSUER,
    exp: now() + 600,
  });
  const payload = encode({ ...ALICE, exp: now() + 600, iss: ISSUER });
  const mac = createHmac(hash, signer.publicKeyPem).update(`${header}.${payload}`).digest();
  return `${header}.${payload}.${paddedBase64url(mac)}`;
}
