import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { BundleManifest } from '../../infra/src/bundle.js';
import { buildBundle, ENTRY_POINT } from '../bundle.js';
import { freePort, startRedisServer, type RedisServer } from '../lib/redis-server.js';

const ALB_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/koa-signin/0123456789abcdef';

describe('buildBundle(root, outDir)', function () {
  // Installing the production dependencies from the npm cache takes several seconds.
  this.timeout(120_000);
  const outDir = mkdtempSync(join(tmpdir(), 'bundle-'));
  const unpacked = join(outDir, 'unpacked');
  let manifest: BundleManifest;

  before(function () {
    if (!existsSync(ENTRY_POINT)) {
      throw new Error(`missing ${ENTRY_POINT}: run \`npm run build\` (make test does) first`);
    }
    manifest = buildBundle(process.cwd(), outDir);
    execFileSync('unzip', ['-q', manifest.path, '-d', unpacked]);
  });

  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('names the zip after its SHA-256', () => {
    expect(manifest.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(manifest.path).to.equal(join(outDir, `bundle-${manifest.sha256.slice(0, 16)}.zip`));
    const written = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    expect(written).to.deep.equal(manifest);
  });

  it('gives the same hash for the same sources', () => {
    const again = buildBundle(process.cwd(), outDir);
    expect(again.sha256).to.equal(manifest.sha256);
  });

  it('starts the service from the Procfile', () => {
    expect(readFileSync(join(unpacked, 'Procfile'), 'utf8')).to.equal(`web: node ${ENTRY_POINT}\n`);
  });

  it('ships runtime dependencies and no build tools', () => {
    const runtime = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
    const project = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(runtime.dependencies).to.deep.equal(project.dependencies);
    expect(runtime).to.not.have.property('devDependencies');
    for (const name of Object.keys(project.dependencies)) {
      expect(existsSync(join(unpacked, 'node_modules', name, 'package.json')), name).to.equal(true);
    }
    expect(existsSync(join(unpacked, 'node_modules/typescript'))).to.equal(false);
    expect(existsSync(join(unpacked, 'node_modules/cdktf'))).to.equal(false);
  });

  it('ships the views', () => {
    expect(existsSync(join(unpacked, 'dist/web/views/layout.njk'))).to.equal(true);
  });

  it('raises the nginx header buffers for the ALB cookie shards', () => {
    const conf = readFileSync(join(unpacked, '.platform/nginx/conf.d/alb-headers.conf'), 'utf8');
    expect(conf).to.match(/^large_client_header_buffers 4 32k;$/m);
  });

  describe('node on the unzipped bundle', () => {
    let redis: RedisServer;
    let keyServer: Server;
    let service: ChildProcess | undefined;
    let port: number;

    before(async () => {
      redis = await startRedisServer();
      // A loopback key endpoint, so that nothing in this test can reach AWS.
      keyServer = createServer((_request, response) => response.writeHead(404).end());
      keyServer.listen(0, '127.0.0.1');
      await once(keyServer, 'listening');
      port = await freePort();
      service = startService(unpacked, port, redis.url, keyServerUrl(keyServer));
      await waitForHealth(port, service);
    });

    after(async () => {
      if (service && service.exitCode === null) {
        const exited = once(service, 'exit');
        service.kill('SIGTERM');
        await exited;
      }
      keyServer?.close();
      await redis?.stop();
    });

    it('answers GET /healthz with 200', async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).to.equal(200);
    });
  });
});

function keyServerUrl(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

/** Starts the bundle with the production settings Beanstalk would pass. */
function startService(dir: string, port: number, redisUrl: string, keyUrl: string) {
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    REDIS_URL: redisUrl,
    REDIS_CLUSTER: 'false',
    SESSION_KEYS: 'bundle-test-session-key-0123456789',
    AWS_REGION: 'us-east-1',
    ALB_ARN,
    ALB_KEY_URL: keyUrl,
    COGNITO_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example',
    COGNITO_CLIENT_ID: 'exampleclientid',
    COGNITO_DOMAIN: 'https://koa-signin-0a1b2c3d.auth.us-east-1.amazoncognito.com',
    APP_URL: 'https://app.example.com',
  };
  return spawn('node', [ENTRY_POINT], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Polls /healthz until the service responds, failing early with the service's stderr if it exits. */
async function waitForHealth(port: number, service: ChildProcess): Promise<void> {
  let stderr = '';
  service.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (service.exitCode !== null) {
      throw new Error(`the bundled service exited with ${service.exitCode}:\n${stderr}`);
    }
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the bundled service did not listen within 15 s:\n${stderr}`);
}
