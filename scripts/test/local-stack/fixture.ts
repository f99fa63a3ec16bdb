/**
 * Starts the stand-in Cognito, a key server, two echo upstreams and the stand-in ALB on free
 * loopback ports, for tests of the stand-ins without the web service.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlbTokenSigner, type AlbTokenSigner } from '../../lib/alb-token.js';
import { startKeyServer, type KeyServer } from '../../lib/key-server.js';
import { freePort } from '../../lib/redis-server.js';
import { discoverIdentityProvider } from '../../local-stack/alb/identity-provider.js';
import {
  startStandInAlb,
  type StandInAlb,
  type StandInAlbOptions,
} from '../../local-stack/alb/server.js';
import { startStandInCognito, type StandInCognito } from '../../local-stack/cognito/server.js';
import type { Logger } from '../../local-stack/log.js';
import type { CookieClient } from './cookie-client.js';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.js';

export const CLIENT_ID = 'test-client';
export const CLIENT_SECRET = 'test-secret';
export const SIGNER_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/test/0123456789abcdef';

export interface StandIns {
  alb: StandInAlb;
  cognito: StandInCognito;
  keyServer: KeyServer;
  signer: AlbTokenSigner;
  upstreams: EchoUpstream[];
  logs: string[];
  close(): Promise<void>;
}

export type AlbOverrides = Partial<
  Pick<
    StandInAlbOptions,
    'sessionTimeoutSeconds' | 'onUnauthenticatedRequest' | 'tokenLifetimeSeconds'
  >
>;

export async function startStandIns(overrides: AlbOverrides = {}): Promise<StandIns> {
  const dataDir = await mkdtemp(join(tmpdir(), 'stand-in-cognito-'));
  const logs: string[] = [];
  const logger = memoryLogger(logs);

  // The ALB's port goes into the callback URL, so reserve the listener before Cognito starts.
  const albPort = await freePort();
  const cognito = await startStandInCognito({
    port: 0,
    usersFile: join(dataDir, 'users.json'),
    logger,
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        callbackUrls: [`http://localhost:${albPort}/oauth2/idpresponse`],
        logoutUrls: [`http://localhost:${albPort}/`],
      },
    ],
  });
  const signer = createAlbTokenSigner();
  const keyServer = await startKeyServer();
  keyServer.addKey(signer.kid, signer.publicKeyPem);
  const upstreams = [await startEchoUpstream('echo-1'), await startEchoUpstream('echo-2')];
  const identityProvider = await discoverIdentityProvider({
    issuer: cognito.issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    scope: 'openid email',
  });
  const alb = await startStandInAlb({
    port: albPort,
    upstreams: upstreams.map((upstream) => upstream.url),
    identityProvider,
    clientId: CLIENT_ID,
    signerArn: SIGNER_ARN,
    tokenSigner: signer,
    logger,
    ...overrides,
  });

  const close = async () => {
    await alb.close();
    await Promise.all(upstreams.map((upstream) => upstream.close()));
    await keyServer.close();
    await cognito.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { alb, cognito, keyServer, signer, upstreams, logs, close };
}

function memoryLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const PASSWORD = 'Passw0rd!';

export function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  };
}

/**
 * Walks `/private` → sign-in page → sign-up form → back through the ALB callback, and returns
 * the final response (the echo upstream's JSON) with every hop after the form post.
 */
export async function signUpThroughAlb(
  client: CookieClient,
  albUrl: string,
  email: string,
): Promise<{ response: Response; hops: string[]; authorizeUrl: URL }> {
  const { hops } = await client.follow(`${albUrl}/private`);
  const authorizeUrl = new URL(hops[1]!);
  const signInPage = hops.at(-1)!;
  const posted = await client.fetch(`${signInPage}/signup`, form({ email, password: PASSWORD }));
  if (posted.status !== 303)
    throw new Error(`sign-up answered ${posted.status}: ${await posted.text()}`);
  const final = await client.follow(new URL(posted.headers.get('location')!, signInPage));
  return { ...final, authorizeUrl };
}
