/**
 * Starts the whole request path on one machine: a private Redis, the stand-in Cognito (or a real
 * OpenID Connect provider), the ALB key endpoint, web instances and the stand-in ALB in front.
 * `make dev` and the browser test both run it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createAlbTokenSigner } from '../lib/alb-token.js';
import { startKeyServer } from '../lib/key-server.js';
import { freePort, startRedisServer } from '../lib/redis-server.js';
import { discoverIdentityProvider, type IdentityProviderConfig } from './alb/identity-provider.js';
import { startStandInAlb, type OnUnauthenticatedRequest } from './alb/server.js';
import { startStandInCognito } from './cognito/server.js';
import { createLogger, type LineWriter } from './log.js';
import { startWebInstance } from './web-instance.js';

/** A well-formed but made-up ARN: the web service checks the token's `signer` against it. */
export const LOCAL_ALB_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:000000000000:loadbalancer/app/local-dev/0000000000000000';

/** Cognito app client ids are letters and digits, and the web service checks that shape. */
const LOCAL_CLIENT_ID = 'localstandinclient';

export interface ExternalIdentityProvider extends IdentityProviderConfig {
  /** Base URL of the hosted pages that serve `/logout`, for a Cognito user pool. */
  logoutDomain: string;
}

export interface LocalStackOptions {
  /** Port of the stand-in ALB on 127.0.0.1; 0 picks a free one. */
  albPort: number;
  /** Folder for the stand-in Cognito's users file. */
  dataDir: string;
  instanceCount?: number;
  sessionTimeoutSeconds?: number;
  onUnauthenticatedRequest?: OnUnauthenticatedRequest;
  /** Sign in with this provider instead of the stand-in Cognito. */
  identityProvider?: ExternalIdentityProvider;
  write?: LineWriter;
}

export interface LocalStack {
  /** The URL to open: the stand-in ALB. */
  url: string;
  /** The identity provider's issuer, which is also the stand-in Cognito's base URL. */
  issuer: string;
  /** The web instances in the order the stand-in ALB sends requests to them. */
  instances: { name: string; url: string }[];
  stop(): Promise<void>;
}

/** A started part of the stack, named as in the log lines, with the function that stops it. */
interface StartedPart {
  name: string;
  stop(): Promise<void>;
}

/**
 * Starts every part. If one fails, it stops those already started and rethrows.
 * NOTE: only stop() ends redis-server and the web instances. If this process dies without running
 * it (SIGKILL, or a crash that skips the signal handlers), they keep running and must be killed by
 * hand, because Node cannot request PR_SET_PDEATHSIG and redis-server does not watch its stdin.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const stoppers: StartedPart[] = [];
  const logger = createLogger('stack', options.write);
  const stop = async () => {
    for (const part of stoppers.reverse().splice(0)) {
      try {
        await part.stop();
        logger.info(`${part.name} stopped`);
      } catch (error) {
        logger.error(`${part.name} failed to stop`, { error: String(error) });
      }
    }
  };
  try {
    return { ...(await startParts(options, stoppers)), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startParts(options: LocalStackOptions, stoppers: StartedPart[]) {
  const write = options.write;
  const logger = createLogger('stack', write);

  // The ALB port is part of every callback and sign-out URL, so fix it first.
  const albPort = options.albPort === 0 ? await freePort() : options.albPort;
  const appUrl = `http://localhost:${albPort}`;

  const redis = await startRedisServer();
  stoppers.push({ name: 'redis-server', stop: redis.stop });
  logger.info('redis-server started', { url: redis.url });

  const idp = options.identityProvider ?? (await startCognito(options, albPort, appUrl, stoppers));

  const signer = createAlbTokenSigner();
  const keyServer = await startKeyServer();
  keyServer.addKey(signer.kid, signer.publicKeyPem);
  stoppers.push({ name: 'key server', stop: keyServer.close });

  const env = {
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    REDIS_URL: redis.url,
    SESSION_KEYS: randomBytes(24).toString('base64url'),
    AWS_REGION: 'eu-west-1',
    ALB_ARN: LOCAL_ALB_ARN,
    ALB_KEY_URL: keyServer.url,
    COGNITO_ISSUER: idp.issuer,
    COGNITO_CLIENT_ID: idp.clientId,
    COGNITO_DOMAIN: idp.logoutDomain,
    APP_URL: appUrl,
  };
  const instances = await startWebInstances(options.instanceCount ?? 2, env, write, stoppers);

  const alb = await startStandInAlb({
    port: albPort,
    upstreams: instances.map((instance) => instance.url),
    identityProvider: await discoverIdentityProvider(idp),
    clientId: idp.clientId,
    signerArn: LOCAL_ALB_ARN,
    tokenSigner: signer,
    logger: createLogger('alb', write),
    sessionTimeoutSeconds: options.sessionTimeoutSeconds,
    onUnauthenticatedRequest: options.onUnauthenticatedRequest,
  });
  stoppers.push({ name: 'alb', stop: alb.close });
  return { url: appUrl, issuer: idp.issuer, instances };
}

async function startWebInstances(
  count: number,
  env: Record<string, string>,
  write: LineWriter | undefined,
  stoppers: StartedPart[],
): Promise<{ name: string; url: string }[]> {
  const instances: { name: string; url: string }[] = [];
  for (let i = 1; i <= count; i++) {
    const instance = await startWebInstance(`web-${i}`, env, write ?? defaultWrite);
    stoppers.push(instance);
    instances.push({ name: instance.name, url: instance.url });
  }
  return instances;
}

async function startCognito(
  options: LocalStackOptions,
  albPort: number,
  appUrl: string,
  stoppers: StartedPart[],
): Promise<ExternalIdentityProvider> {
  // A fresh secret each run: only this process's ALB ever uses it.
  const clientSecret = randomBytes(24).toString('base64url');
  const cognito = await startStandInCognito({
    port: 0,
    usersFile: join(options.dataDir, 'cognito-users.json'),
    logger: createLogger('cognito', options.write),
    clients: [
      {
        clientId: LOCAL_CLIENT_ID,
        clientSecret,
        callbackUrls: [
          `${appUrl}/oauth2/idpresponse`,
          `http://127.0.0.1:${albPort}/oauth2/idpresponse`,
        ],
        logoutUrls: [`${appUrl}/`],
      },
    ],
  });
  stoppers.push({ name: 'cognito', stop: cognito.close });
  return {
    issuer: cognito.issuer,
    clientId: LOCAL_CLIENT_ID,
    clientSecret,
    scope: 'openid email',
    logoutDomain: cognito.issuer,
  };
}

function defaultWrite(line: string): void {
  process.stdout.write(`${line}\n`);
}
