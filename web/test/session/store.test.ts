import { expect } from 'chai';
import request from 'supertest';
import { Fixture, cookiesFrom, type Instance } from '../helpers/fixture.js';

/** Waits until the client reports `ready` again after Redis comes back. */
async function waitForReady(instance: Instance, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (instance.redis.status !== 'ready') {
    if (Date.now() - started > timeoutMs) throw new Error(`redis status ${instance.redis.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('session store failure policy', () => {
  let fixture: Fixture;
  let web: Instance;

  /** Requests /private as the ALB forwards it, with the session cookies of earlier visits. */
  function visitPrivate(token: string, cookies?: string) {
    const visit = request(web.callback).get('/private').set('x-amzn-oidc-data', token);
    return cookies === undefined ? visit : visit.set('Cookie', cookies);
  }

  before(async () => {
    fixture = await Fixture.start();
    web = fixture.instance('web-1');
  });
  after(() => fixture.stop());

  it('answers 503 fast on a private page while Redis is down, and recovers', async () => {
    const token = fixture.token();
    const first = await visitPrivate(token);
    const cookies = cookiesFrom(first.headers['set-cookie']);
    expect(first.text).to.contain('<dd class="visits">1</dd>');

    await fixture.redisServer.stop();
    const started = Date.now();
    const down = await visitPrivate(token, cookies);
    expect(down.status).to.equal(503);
    expect(down.text).to.contain('Temporarily unavailable');
    expect(Date.now() - started).to.be.below(1500);
    const event = web.logs.find('unavailable').at(-1)!;
    expect(event.code).to.equal('session_store_unavailable');

    // public pages do not touch the store
    expect((await request(web.callback).get('/')).status).to.equal(200);
    expect((await request(web.callback).get('/healthz')).status).to.equal(200);

    // a session data loss is not expected: this Redis keeps nothing on disk, so the restart
    // empties it and the visit counter starts again
    await fixture.redisServer.start();
    await waitForReady(web);
    const back = await visitPrivate(token, cookies);
    expect(back.status).to.equal(200);
    expect(back.text).to.contain('<dd class="visits">1</dd>');
    const states = web.logs.find('redis').map((line) => line.state);
    expect(states).to.deep.equal(['ready', 'down', 'ready']);
  });

  it('answers 503 for a new session while Redis is down', async () => {
    await fixture.redisServer.stop();
    try {
      const response = await visitPrivate(fixture.token());
      expect(response.status).to.equal(503);
    } finally {
      await fixture.redisServer.start();
      await waitForReady(web);
    }
  });

  it('answers 503 within the deadline while Redis hangs', async () => {
    const token = fixture.token();
    const first = await visitPrivate(token);
    const cookies = cookiesFrom(first.headers['set-cookie']);
    fixture.redisServer.pause();
    try {
      const started = Date.now();
      const response = await visitPrivate(token, cookies);
      expect(response.status).to.equal(503);
      expect(Date.now() - started).to.be.within(900, 2000);
    } finally {
      fixture.redisServer.resume();
    }
    const after = await visitPrivate(token, cookies);
    expect(after.status).to.equal(200);
    expect(after.text).to.contain('<dd class="visits">2</dd>');
  });

  it('still logs out while Redis is down', async () => {
    const first = await visitPrivate(fixture.token());
    const cookies = cookiesFrom(first.headers['set-cookie']);
    await fixture.redisServer.stop();
    try {
      const response = await request(web.callback).get('/logout').set('Cookie', cookies);
      expect(response.status).to.equal(302);
      const failed = web.logs.find('auth').filter((l) => l.outcome === 'logout_store_failed');
      expect(failed).to.have.length(1);
    } finally {
      await fixture.redisServer.start();
      await waitForReady(web);
    }
  });
});
