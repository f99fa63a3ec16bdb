/**
 * `make dev`: runs the whole sign-in path locally and stops it on Ctrl-C.
 * With `--check` it only validates the settings below and that DEV_PORT is free, then exits, so
 * that `make dev` reports a bad setting before the build.
 *
 * Environment:
 * - DEV_PORT: port of the stand-in ALB, which serves the URL to open (default 8000).
 * - DEV_DATA: folder for the stand-in Cognito's users file (default .data).
 * - DEV_SESSION_TIMEOUT: ALB session timeout in seconds (default 604800, the ALB's 7 days).
 * - COGNITO_ISSUER, COGNITO_CLIENT_ID, COGNITO_CLIENT_SECRET, COGNITO_DOMAIN, COGNITO_SCOPE: a real
 *   Cognito user pool or other OpenID Connect provider to sign in with instead of the stand-in.
 *   Its app client must allow the callback URL printed at start.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createLogger } from './local-stack/log.js';
import type { ExternalIdentityProvider } from './local-stack/stack.js';

const DEFAULT_PORT = 8000;

interface DevSettings {
  port: number;
  sessionTimeoutSeconds: number | undefined;
  identityProvider: ExternalIdentityProvider | undefined;
}

/** Validates the settings and checks that the ALB's port is free. Throws an Error naming the setting. */
async function readSettings(env: NodeJS.ProcessEnv): Promise<DevSettings> {
  const port = parsePort(env.DEV_PORT);
  const sessionTimeoutSeconds = parseSeconds(env.DEV_SESSION_TIMEOUT);
  const identityProvider = externalIdentityProvider(env);
  await checkPortFree(port);
  return { port, sessionTimeoutSeconds, identityProvider };
}

async function main(args: string[]): Promise<void> {
  const settings = await readSettings(process.env);
  if (args.includes('--check')) return;

  // Imported here so that `--check` does not load the stand-in Cognito and the rest.
  const { startLocalStack } = await import('./local-stack/stack.js');
  const stack = await startLocalStack({
    albPort: settings.port,
    dataDir: process.env.DEV_DATA ?? '.data',
    sessionTimeoutSeconds: settings.sessionTimeoutSeconds,
    identityProvider: settings.identityProvider,
  });

  process.stdout.write(
    [
      '',
      `  Open ${stack.url}/ in a browser.`,
      `  ${stack.url}/private asks you to sign in: choose "Sign up", enter an email and a password`,
      `  (8+ characters with upper and lower case, a digit and a symbol).`,
      `  Identity provider: ${stack.issuer}`,
      `  Web instances: ${stack.instances.map(({ name, url }) => `${name} ${url}`).join(', ')}`,
      `  Callback URL: ${stack.url}/oauth2/idpresponse   Press Ctrl-C to stop.`,
      '',
    ].join('\n') + '\n',
  );

  const logger = createLogger('stack');
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info(`${signal} received, stopping every part`);
    void stack.stop().then(() => {
      logger.info('all parts stopped');
      process.exit(0);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`invalid DEV_PORT=${JSON.stringify(value)}: expected a port from 1 to 65535`);
  }
  return port;
}

function parseSeconds(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(
      `invalid DEV_SESSION_TIMEOUT=${JSON.stringify(value)}: expected a whole number of seconds`,
    );
  }
  return seconds;
}

/** Fails before anything starts when the ALB's port is taken, rather than after Redis and the rest. */
async function checkPortFree(port: number): Promise<void> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `port ${port} on 127.0.0.1 is not available (${code}): stop what uses it or set DEV_PORT`,
      { cause: error },
    );
  }
  server.close();
  await once(server, 'close');
}

/** Returns the real provider's settings when COGNITO_ISSUER is set, else undefined. */
function externalIdentityProvider(env: NodeJS.ProcessEnv): ExternalIdentityProvider | undefined {
  if (!env.COGNITO_ISSUER) return undefined;
  const missing = ['COGNITO_CLIENT_ID', 'COGNITO_CLIENT_SECRET', 'COGNITO_DOMAIN'].filter(
    (name) => !env[name],
  );
  if (missing.length > 0) {
    throw new Error(`COGNITO_ISSUER is set, so ${missing.join(', ')} must be set too`);
  }
  return {
    issuer: env.COGNITO_ISSUER,
    clientId: env.COGNITO_CLIENT_ID!,
    clientSecret: env.COGNITO_CLIENT_SECRET!,
    logoutDomain: env.COGNITO_DOMAIN!.replace(/\/+$/, ''),
    scope: env.COGNITO_SCOPE ?? 'openid email',
  };
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `make dev failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
