/**
 * Starts a private `redis-server` process on a free loopback port, keeping nothing on disk, so that
 * tests and `make dev` can stop and restart it without touching any other Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the process; the port stays reserved for `start`. */
  stop(): Promise<void>;
  /** Starts the process again on the same port. */
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but no command gets a reply. */
  pause(): void;
  /** Lets a paused process run again (SIGCONT). */
  resume(): void;
}

/** Returns a port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

export interface RedisServerOptions {
  port?: number;
  /** Extra command-line settings, such as `['--requirepass', 'secret']`. */
  args?: string[];
}

/** Starts `redis-server` (from PATH, or `REDIS_SERVER_BIN`) and resolves when it accepts commands. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const chosenPort = options.port ?? (await freePort());
  let child: ChildProcess | undefined;

  const start = async () => {
    child = await spawnRedis(chosenPort, options.args ?? []);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  };

  const signal = (name: NodeJS.Signals) => () => void child?.kill(name);

  await start();
  return {
    port: chosenPort,
    url: `redis://127.0.0.1:${chosenPort}`,
    start,
    stop,
    pause: signal('SIGSTOP'),
    resume: signal('SIGCONT'),
  };
}

async function spawnRedis(port: number, extraArgs: string[]): Promise<ChildProcess> {
  const bin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push(...extraArgs);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  // redis-server prints this line once it accepts connections.
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    child.stdout?.on('data', () => {
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const hint = error.code === 'ENOENT' ? ' (install it: apt-get install redis-server)' : '';
      reject(new Error(`could not start ${bin}${hint}: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${output}`));
    });
  });
  await ready;
  return child;
}
