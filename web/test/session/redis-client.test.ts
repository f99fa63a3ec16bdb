import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from 'ioredis';
import { createLogger } from '../../src/log.js';
import { createRedisClient, type RedisClient } from '../../src/session/redis-client.js';
import { createSessionStore } from '../../src/session/store.js';
import { freePort, startRedisServer, type RedisServer } from '../../../scripts/lib/redis-server.js';
import { LogLines } from '../helpers/fixture.js';

const logger = createLogger('silent', new LogLines());

function client(url: string, extra: { cluster?: boolean; tlsCa?: string } = {}): RedisClient {
  return createRedisClient({ url, cluster: false, commandTimeoutMs: 1000, logger, ...extra });
}

/** Waits for the first `ready` or `error`, whichever the client reports first. */
async function firstOutcome(redis: RedisClient): Promise<string> {
  return new Promise((resolve) => {
    redis.once('ready', () => resolve('ready'));
    redis.once('error', (error: Error) => resolve(`error: ${error.message}`));
  });
}

describe('createRedisClient()', function () {
  this.timeout(30_000);
  const servers: RedisServer[] = [];
  const clients: RedisClient[] = [];
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'redis-client-test-'));
  });
  after(async () => {
    for (const redis of clients) redis.disconnect();
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(folder, { recursive: true, force: true });
  });

  async function server(args: string[], port?: number): Promise<RedisServer> {
    const started = await startRedisServer({ args, port });
    servers.push(started);
    return started;
  }
  function track(redis: RedisClient): RedisClient {
    clients.push(redis);
    return redis;
  }

  it('sends the user name and password from the URL', async () => {
    const acl = ['--user', 'default', 'off', '--user', 'app', 'on', '>s3cret', '~sess:*', '+@all'];
    const redis = await server(acl);
    const good = track(client(`redis://app:s3cret@127.0.0.1:${redis.port}`));
    expect(await firstOutcome(good)).to.equal('ready');
    expect(await good.set('sess:x', '1')).to.equal('OK');

    const bad = track(client(`redis://app:wrong@127.0.0.1:${redis.port}`));
    expect(await firstOutcome(bad)).to.match(/WRONGPASS/);
  });

  it('speaks TLS for rediss:// and checks the server name', async () => {
    const { ca, cert, key } = makeCertificates(folder);
    const port = await freePort();
    const tls = ['--port', '0', '--tls-port', String(port), '--tls-cert-file', cert];
    await server([
      ...tls,
      '--tls-key-file',
      key,
      '--tls-ca-cert-file',
      ca,
      '--tls-auth-clients',
      'no',
      '--requirepass',
      'pw',
    ]);
    const caPem = readFileSync(ca, 'utf8');

    const good = track(client(`rediss://:pw@localhost:${port}`, { tlsCa: caPem }));
    expect(await firstOutcome(good)).to.equal('ready');
    expect(await good.ping()).to.equal('PONG');

    const untrusted = track(client(`rediss://:pw@localhost:${port}`));
    expect(await firstOutcome(untrusted)).to.match(/self[- ]signed certificate/);

    const wrongName = track(client(`rediss://:pw@127.0.0.1:${port}`, { tlsCa: caPem }));
    expect(await firstOutcome(wrongName)).to.match(/Hostname\/IP does not match|altnames/);
  });

  it('reaches every node of a TLS cluster by host name, as on ElastiCache', async () => {
    const { ca, cert, key } = makeCertificates(folder);
    const ports = [await freePort(), await freePort(), await freePort()];
    const tls = ['--tls-cert-file', cert, '--tls-key-file', key, '--tls-ca-cert-file', ca];
    for (const port of ports) {
      await server(
        [
          '--port',
          '0',
          '--tls-port',
          String(port),
          '--tls-cluster',
          'yes',
          ...tls,
          '--tls-auth-clients',
          'no',
          '--requirepass',
          'pw',
          '--masterauth',
          'pw',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(folder, `tls-nodes-${port}.conf`),
          // ElastiCache with TLS hands out node host names, which the certificate names.
          '--cluster-announce-hostname',
          'localhost',
          '--cluster-preferred-endpoint-type',
          'hostname',
        ],
        port,
      );
    }
    await createCluster(ports, ['--tls', '--cacert', ca, '-a', 'pw', '--no-auth-warning']);

    const url = `rediss://:pw@localhost:${ports[0]}`;
    const redis = track(client(url, { cluster: true, tlsCa: readFileSync(ca, 'utf8') }));
    expect(await firstOutcome(redis)).to.equal('ready');
    const store = createSessionStore(redis, 1000, /^sess:/);
    for (let i = 0; i < 20; i++) await store.set(`sess:${i}`, { i }, 60_000, {});
    for (let i = 0; i < 20; i++)
      expect(await store.get(`sess:${i}`, 60_000, {})).to.deep.equal({ i });
    const nodes = (redis as Cluster).nodes('master').map((node) => node.options.host);
    expect(nodes).to.deep.equal(['localhost', 'localhost', 'localhost']);
  });

  it('stores sessions in a Redis cluster when cluster mode is on', async () => {
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) {
      const config = join(folder, `nodes-${port}.conf`);
      await server(['--cluster-enabled', 'yes', '--cluster-config-file', config], port);
    }
    await createCluster(ports);

    const redis = track(client(`redis://127.0.0.1:${ports[0]}`, { cluster: true }));
    expect(await firstOutcome(redis)).to.equal('ready');
    const store = createSessionStore(redis, 1000, /^sess:/);
    const keys = Array.from({ length: 20 }, (_, i) => `sess:${i}`);
    for (const key of keys) await store.set(key, { n: key }, 60_000, {});
    for (const key of keys) expect(await store.get(key, 60_000, {})).to.deep.equal({ n: key });

    // twenty keys spread over three masters: each node stores some of them
    const counts = ports.map((port) =>
      Number(
        execFileSync('redis-cli', ['-p', String(port), 'dbsize'], { encoding: 'utf8' }).trim(),
      ),
    );
    expect(
      counts.every((count) => count > 0),
      `per-node counts ${counts}`,
    ).to.equal(true);
    expect(counts.reduce((a, b) => a + b)).to.equal(20);
  });
});

/** Joins running nodes into a cluster of masters only and waits until it serves every slot. */
async function createCluster(ports: number[], cli: string[] = []): Promise<void> {
  const nodes = ports.map((port) => `127.0.0.1:${port}`);
  const create = [...cli, '--cluster', 'create', ...nodes, '--cluster-replicas', '0'];
  execFileSync('redis-cli', [...create, '--cluster-yes'], { stdio: 'ignore' });
  await waitForCluster(ports[0]!, cli);
}

async function waitForCluster(port: number, cli: string[] = []): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const args = [...cli, '-p', String(port), 'cluster', 'info'];
    const info = execFileSync('redis-cli', args, { encoding: 'utf8' });
    if (info.includes('cluster_state:ok')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('cluster did not reach cluster_state:ok');
}

/** Makes a CA and a server certificate for `localhost` with openssl, as test files. */
function makeCertificates(folder: string): { ca: string; cert: string; key: string } {
  const path = (name: string) => join(folder, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  writeFileSync(path('server.ext'), 'subjectAltName=DNS:localhost\n');
  // Both keys are unencrypted P-256 keys, and only the CA's certificate is self-signed.
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.crt'),
    '-days',
    '1',
    '-subj',
    '/CN=test CA',
  );
  openssl(
    'req',
    ...newKey,
    '-keyout',
    path('server.key'),
    '-out',
    path('server.csr'),
    '-subj',
    '/CN=localhost',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('ca.crt'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-out',
    path('server.crt'),
    '-days',
    '1',
    '-extfile',
    path('server.ext'),
  );
  return { ca: path('ca.crt'), cert: path('server.crt'), key: path('server.key') };
}
