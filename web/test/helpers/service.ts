/** Starts the service as its own process, as Beanstalk or `npm start` does, on a free port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../../scripts/lib/redis-server.js';

export interface RunningService {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the process has written to stdout and stderr so far. */
  output(): string;
}

/** Runs `node ARGS` with only PATH and `env`, and resolves once the service logs its start. */
export async function startService(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 15_000,
): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const started = Date.now();
  while (!output.includes('"event":"start"')) {
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      throw new Error(`service did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => output };
}
