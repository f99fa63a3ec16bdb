/**
 * `make dev`: runs the whole sign-in path locally and stops it on Ctrl-C.
 *
 * Environment:
 * - DEV_PORT: port of the stand-in ALB, which serves the URL to open (default 8000).
 * - DEV_DATA: folder for the stand-in Cognito's users file (default .data).
 * - COGNITO_ISSUER, COGNITO_CLIENT_ID, COGNITO_CLIENT_SECRET, COGNITO_DOMAIN, COGNITO_SCOPE: a real
 *   Cognito user pool or other OpenID Connect provider to sign in with instead of the stand-in.
 *   Its app client must allow the callback URL printed at start.
 */
import { startLocalStack, type ExternalIdentityProvider } from './local-stack/stack.js';

const DEFAULT_PORT = 8000;

async function main(): Promise<void> {
  const port = parsePort(process.env.DEV_PORT);
  const stack = await startLocalStack({
    albPort: port,
    dataDir: process.env.DEV_DATA ?? '.data',
    identityProvider: externalIdentityProvider(process.env),
  });

  process.stdout.write(
    [
      '',
      `  Open ${stack.url}/ in a browser.`,
      `  ${stack.url}/private asks you to sign in: choose "Sign up", enter an email and a password`,
      `  (8+ characters with upper and lower case, a digit and a symbol).`,
      `  Identity provider: ${stack.issuer}   Web instances: ${stack.instances.join(', ')}`,
      `  Callback URL: ${stack.url}/oauth2/idpresponse   Press Ctrl-C to stop.`,
      '',
    ].join('\n') + '\n',
  );

  const shutdown = () => {
    process.stdout.write('stopping...\n');
    void stack.stop().then(() => {
      process.stdout.write('stopped\n');
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

main().catch((error: unknown) => {
  process.stderr.write(
    `make dev failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
