import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { KeyUnavailableError, TokenRejectedError } from '../../src/alb/errors.js';
import { createKeyProvider, type GetKey } from '../../src/alb/keys.js';
import { createAlbTokenSigner } from '../../../scripts/lib/alb-token.js';
import { startKeyServer, type KeyServer } from '../../../scripts/lib/key-server.js';

async function failure(getKey: GetKey, kid: string): Promise<Error> {
  try {
    await getKey(kid);
  } catch (error) {
    return error as Error;
  }
  throw new Error('key was returned');
}

describe('createKeyProvider()', () => {
  const signer = createAlbTokenSigner();
  let keys: KeyServer;

  before(async () => {
    keys = await startKeyServer();
    keys.addKey(signer.kid, signer.publicKeyPem);
  });
  beforeEach(() => {
    keys.requests.length = 0;
    keys.mode = 'ok';
  });
  after(() => keys.close());

  it('fetches a key once and then serves it from the cache', async () => {
    const getKey = createKeyProvider({ baseUrl: keys.url });
    const first = await getKey(signer.kid);
    const second = await getKey(signer.kid);
    expect(second).to.equal(first);
    expect(keys.requests).to.deep.equal([`/${signer.kid}`]);
  });

  it('shares one fetch among concurrent requests for a kid', async () => {
    const getKey = createKeyProvider({ baseUrl: keys.url });
    const results = await Promise.all(Array.from({ length: 8 }, () => getKey(signer.kid)));
    expect(new Set(results).size).to.equal(1);
    expect(keys.requests).to.have.length(1);
  });

  it('does not cache a failure', async () => {
    const getKey = createKeyProvider({ baseUrl: keys.url });
    keys.mode = 'status-500';
    const error = await failure(getKey, signer.kid);
    expect(error).to.be.instanceOf(KeyUnavailableError);
    expect(error.message).to.match(/failed with status 500$/);

    keys.mode = 'ok';
    await getKey(signer.kid);
    expect(keys.requests).to.have.length(2);
  });

  it('evicts the oldest key beyond maxEntries', async () => {
    const others = [createAlbTokenSigner(), createAlbTokenSigner()];
    for (const other of others) keys.addKey(other.kid, other.publicKeyPem);
    const getKey = createKeyProvider({ baseUrl: keys.url, maxEntries: 2 });
    for (const kid of [signer.kid, others[0]!.kid, others[1]!.kid, signer.kid]) await getKey(kid);
    expect(keys.requests).to.deep.equal([
      `/${signer.kid}`,
      `/${others[0]!.kid}`,
      `/${others[1]!.kid}`,
      `/${signer.kid}`,
    ]);
  });

  it('treats a 403 from the key endpoint as an unknown kid', async () => {
    keys.mode = 'status-403';
    const error = await failure(createKeyProvider({ baseUrl: keys.url }), signer.kid);
    expect(error).to.be.instanceOf(TokenRejectedError);
    expect((error as TokenRejectedError).code).to.equal('kid_unknown');
    expect(error.message).to.match(/\(403\)$/);
  });

  it('remembers an unknown kid instead of asking again', async () => {
    const getKey = createKeyProvider({ baseUrl: keys.url });
    const kid = randomUUID();
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = await failure(getKey, kid);
      expect((error as TokenRejectedError).code).to.equal('kid_unknown');
    }
    expect(keys.requests).to.deep.equal([`/${kid}`]);
  });

  it('rejects a JSON body in place of a PEM', async () => {
    keys.mode = 'json';
    const error = await failure(createKeyProvider({ baseUrl: keys.url }), signer.kid);
    expect(error).to.be.instanceOf(KeyUnavailableError);
    expect(error.message).to.match(/did not return a PEM public key$/);
  });

  it('rejects a PEM that is not a P-256 key', async () => {
    const kid = randomUUID();
    keys.addKey(kid, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
    const error = await failure(createKeyProvider({ baseUrl: keys.url }), kid);
    expect(error).to.be.instanceOf(KeyUnavailableError);
    expect(error.message).to.match(/is not a P-256 public key$/);
  });

  it('gives up on a slow key endpoint at the deadline', async () => {
    keys.mode = 'slow';
    keys.slowMs = 5000;
    const started = Date.now();
    const error = await failure(
      createKeyProvider({ baseUrl: keys.url, timeoutMs: 300 }),
      signer.kid,
    );
    expect(error).to.be.instanceOf(KeyUnavailableError);
    expect(error.message).to.match(/timed out after 300 ms$/);
    expect(Date.now() - started).to.be.below(2000);
  });

  it('reports a key endpoint that refuses connections', async () => {
    const error = await failure(createKeyProvider({ baseUrl: 'http://127.0.0.1:1' }), signer.kid);
    expect(error).to.be.instanceOf(KeyUnavailableError);
    expect(error.message).to.match(/^key fetch from http:\/\/127\.0\.0\.1:1\/.* failed: /);
  });

  it('rejects a kid that is not a UUID before any request', async () => {
    const error = await failure(createKeyProvider({ baseUrl: keys.url }), '../../etc/passwd');
    expect((error as TokenRejectedError).code).to.equal('kid_invalid');
    expect(keys.requests).to.deep.equal([]);
  });
});
