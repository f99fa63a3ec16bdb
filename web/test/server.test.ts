/** Runs the compiled service as Beanstalk does: `node dist/web/src/server.js` with environment. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { ALICE, Fixture, testEnv } from './helpers/fixture.js';
import { startService, type RunningService } from './helpers/service.js';

const ENTRY = 'dist/web/src/server.js';

describe('compiled service (node dist/web/src/server.js)', function () {
  this.timeout(60_000);
  let fixture: Fixture;
  let service: RunningService;

  before(async () => {
    if (!existsSync(ENTRY)) {
      const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
      expect(build.status, 'npm run build').to.equal(0);
    }
    fixture = await Fixture.start();
    service = await startService([ENTRY], {
      ...testEnv(fixture.keyServer.url, fixture.redisServer.url),
      NODE_ENV: 'production',
      INSTANCE_NAME: 'compiled-1',
    });
  });
  after(async () => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await fixture.stop();
  });

  it('serves the home page', async () => {
    const response = await fetch(`${service.url}/`);
    expect(response.status).to.equal(200);
    expect(await response.text()).to.contain('<code class="instance">compiled-1</code>');
  });

  it('accepts 32 KB of request headers, as four ALB cookie shards need', async () => {
    const shards = [0, 1, 2, 3].map((n) => `AWSELBAuthSessionCookie-${n}=${'x'.repeat(4000)}`);
    const response = await fetch(`${service.url}/private`, {
      headers: {
        'x-amzn-oidc-data': fixture.token(),
        'x-amzn-oidc-accesstoken': 'y'.repeat(8000),
        'x-forwarded-proto': 'https',
        cookie: shards.join('; '),
        'x-padding': 'z'.repeat(4000),
      },
    });
    expect(response.status).to.equal(200);
    expect(response.headers.get('set-cookie')).to.match(/; secure; httponly/);
  });

  it('finishes a request in flight on SIGTERM, then exits 0', async () => {
    fixture.keyServer.mode = 'slow';
    fixture.keyServer.slowMs = 500;

    // A key the service has not cached yet makes it wait 500 ms for the slow key server.
    const slowToken = fixture.token(ALICE, {}, fixture.addSigner());
    const pending = fetch(`${service.url}/private`, {
      headers: { 'x-amzn-oidc-data': slowToken, 'x-forwarded-proto': 'https' },
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const exited = once(service.child, 'exit');
    service.child.kill('SIGTERM');
    const signalled = Date.now();

    const response = await pending;
    expect(response.status).to.equal(200);
    const [code] = await exited;
    expect(code).to.equal(0);
    expect(Date.now() - signalled).to.be.below(2000);
    expect(service.output()).to.contain('"msg":"stopped"');
  });
});

describe('compiled service configuration', () => {
  it('exits 78 and names the missing variable', () => {
    const result = spawnSync(process.execPath, [ENTRY], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(result.status).to.equal(78);
    expect(result.stderr).to.match(
      /^missing configuration: REDIS_URL, SESSION_KEYS, AWS_REGION, ALB_ARN/,
    );
  });
});
