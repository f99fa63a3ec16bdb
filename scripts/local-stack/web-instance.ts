/**
 * Runs one web service instance as a child process (`node dist/web/src/server.js`), prefixes its
 * log lines with the instance name, and waits until `/healthz` responds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { freePort } from '../lib/redis-server.js';
import { formatChildLine, type LineWriter } from './log.js';

/** The compiled entry point that `npm run build` writes. */
export const WEB_ENTRY = 'dist/web/src/server.js';

const READY_TIMEOUT_MS = 15_000;
/** The service itself allows 10 s for requests in flight after SIGTERM. */
const STOP_TIMEOUT_MS = 12_000;

export interface WebInstance {
  name: string;
  url: string;
  stop(): Promise<void>;
}

export async function startWebInstance(
  name: string,
  env: Record<string, string>,
  write: LineWriter,
): Promise<WebInstance> {
  const port = await freePort();
  const child = spawn(process.execPath, [WEB_ENTRY], {
    env: instanceEnvironment(name, port, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => write(formatChildLine(name, line)));
  }
  const url = `http://127.0.0.1:${port}`;
  const instance = { name, url, stop: () => stopChild(child) };
  try {
    await waitUntilHealthy(url, child);
  } catch (error) {
    await instance.stop();
    throw error;
  }
  return instance;
}

/**
 * Builds the environment of one instance. It contains only the given settings, so that a variable
 * left in the shell, such as REDIS_CLUSTER, or the identity provider's client secret does not
 * reach the service. HOST keeps the instance on loopback, because only the stand-in ALB calls it.
 */
export function instanceEnvironment(
  name: string,
  port: number,
  env: Record<string, string>,
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...env,
    HOST: '127.0.0.1',
    PORT: String(port),
    INSTANCE_NAME: name,
  };
}

async function waitUntilHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`web instance exited with code ${child.exitCode} before it was ready`);
    }
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `web instance at ${url} did not respond on /healthz within ${READY_TIMEOUT_MS} ms`,
  );
}

/** Sends SIGTERM, and SIGKILL if the process is still running after the grace period. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
