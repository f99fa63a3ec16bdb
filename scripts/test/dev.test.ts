/**
 * Runs `scripts/dev.ts` as `make dev` does, and checks that it serves the app and that Ctrl-C
 * (SIGINT) stops every part it started. Needs `npm run build`, like the browser test.
 */
import { expect } from 'chai';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../lib/redis-server.js';
import { WEB_ENTRY } from '../local-stack/web-instance.js';

const START_TIMEOUT_MS = 30_000;

describe('make dev (scripts/dev.ts)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let child: ChildProcess | undefined;

  before(() => {
    if (!existsSync(WEB_ENTRY)) throw new Error(`${WEB_ENTRY} is missing: run npm run build first`);
  });
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dev-test-'));
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the app on DEV_PORT and stops every part on SIGINT', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
      env: { ...process.env, DEV_PORT: String(port), DEV_DATA: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      () => output.includes('Press Ctrl-C to stop.'),
      () => output,
    );

    // the printed URL serves the home page, and /private starts the sign-in
    expect(output).to.include(`Open http://localhost:${port}/ in a browser.`);
    const home = await fetch(`http://localhost:${port}/`);
    expect(home.status).to.equal(200);
    expect(await home.text()).to.match(/Served by <code class="instance">web-[12]<\/code>/);
    const privatePage = await fetch(`http://localhost:${port}/private`, { redirect: 'manual' });
    expect(privatePage.status).to.equal(302);

    // each web instance listens on loopback only
    expect(output).to.match(/ web-1 +listening on port \d+ .*\bhost=127\.0\.0\.1\b/);
    expect(output).to.match(/ web-2 +listening on port \d+ .*\bhost=127\.0\.0\.1\b/);

    // the banner names each web instance with its URL
    expect(output).to.match(
      /\n {2}Web instances: web-1 http:\/\/127\.0\.0\.1:\d+, web-2 http:\/\/127\.0\.0\.1:\d+\n/,
    );

    // every listener the script printed or logged is closed after SIGINT
    const ports = listenedPorts(output, port);
    expect(ports).to.have.length(5, output);
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code] = await exited;
    expect(code, output).to.equal(0);
    for (const part of ['alb', 'web-2', 'web-1', 'key server', 'cognito', 'redis-server']) {
      expect(output).to.match(new RegExp(`\\n\\d\\d:\\d\\d:\\d\\d stack {3}${part} stopped\\n`));
    }
    expect(output).to.match(/\n\d\d:\d\d:\d\d stack {3}all parts stopped\n$/);

    // Log lines start with the time and then their source. The banner is indented, and on
    // Node 20 oidc-provider prints one unprefixed warning of its own at start.
    const logLines = output
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('  ') && !line.startsWith('oidc-provider'));
    expect(logLines.length).to.be.greaterThan(10);
    for (const line of logLines) {
      expect(line).to.match(/^\d\d:\d\d:\d\d (stack|alb|cognito|web-1|web-2) +\S/);
    }
    for (const listened of ports)
      expect(await accepts(listened), `port ${listened}`).to.equal(false);
  });

  it('rejects an invalid DEV_PORT', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
      env: { ...process.env, DEV_PORT: '70000', DEV_DATA: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).to.equal(1);
    expect(stderr).to.include('invalid DEV_PORT="70000": expected a port from 1 to 65535');
  });
});

/** Runs `scripts/dev.ts --check` with the given settings and returns its exit code and output. */
function runCheck(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/dev.ts', '--check'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

describe('make dev settings check (scripts/dev.ts --check)', function () {
  this.timeout(30_000);

  it('exits 0 without starting anything', async () => {
    const port = await freePort();
    const run = runCheck({ DEV_PORT: String(port) });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('');
    expect(await accepts(port)).to.equal(false);
  });

  it('rejects a port that is in use', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    try {
      const run = runCheck({ DEV_PORT: String(port) });
      expect(run.status).to.equal(1);
      expect(run.stderr).to.include(
        `make dev failed: port ${port} on 127.0.0.1 is not available (EADDRINUSE): ` +
          'stop what uses it or set DEV_PORT\n',
      );
    } finally {
      server.close();
    }
  });

  it('rejects an invalid DEV_SESSION_TIMEOUT', async () => {
    const run = runCheck({ DEV_PORT: String(await freePort()), DEV_SESSION_TIMEOUT: '1.5' });
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include(
      'make dev failed: invalid DEV_SESSION_TIMEOUT="1.5": expected a whole number of seconds\n',
    );
  });

  it('runs in make dev before the build', () => {
    const commands = execFileSync('make', ['--no-print-directory', '-n', 'dev'], {
      encoding: 'utf8',
    }).split('\n');
    const check = commands.indexOf('node --import tsx scripts/dev.ts --check');
    const build = commands.indexOf('npm run build');
    expect(check, commands.join('\n')).to.be.greaterThan(-1);
    expect(build, commands.join('\n')).to.be.greaterThan(check);
  });
});

/** Returns the ALB, Redis, identity provider and web instance ports named in the output. */
function listenedPorts(output: string, albPort: number): number[] {
  const ports = new Set([albPort]);
  for (const pattern of [
    /redis-server started url=redis:\/\/127\.0\.0\.1:(\d+)/,
    /Identity provider: http:\/\/127\.0\.0\.1:(\d+)/,
  ]) {
    const match = pattern.exec(output);
    if (match) ports.add(Number(match[1]));
  }
  for (const match of output.matchAll(/web-\d+ http:\/\/127\.0\.0\.1:(\d+)/g)) {
    ports.add(Number(match[1]));
  }
  return [...ports];
}

async function accepts(port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

async function waitFor(done: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`make dev did not start:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
