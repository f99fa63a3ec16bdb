/**
 * The stand-in Amazon Cognito: a user pool with hosted sign-up, sign-in and sign-out pages, built
 * on oidc-provider. It serves Cognito's paths (`/oauth2/authorize`, `/oauth2/token`,
 * `/oauth2/userInfo`, `/.well-known/jwks.json`, `/logout`) and returns Cognito's userinfo claims:
 * `sub`, `email`, `email_verified` as the string "true" and `username`.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
// NOTE: oidc-provider 9 supports Node.js 22 LTS and later, and prints a warning on Node.js 20,
// where this project's tests pass.
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from '../log.js';
import { interactionRoutes, renderProviderError } from './interactions.js';
import { createLogoutHandler, type LogoutClient } from './logout.js';
import { createMemoryAdapterFactory } from './memory-adapter.js';
import { openUserStore, type UserStore } from './users.js';

export interface CognitoClient extends LogoutClient {
  clientSecret: string;
  /** Allowed callback URLs, the ALB's `https://HOST/oauth2/idpresponse`. */
  callbackUrls: readonly string[];
}

export interface StandInCognitoOptions {
  /** Listen port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** JSON file that contains the users, created on the first sign-up. */
  usersFile: string;
  clients: readonly CognitoClient[];
  logger: Logger;
}

export interface StandInCognito {
  /** The issuer, which is also the hosted-UI base URL (COGNITO_DOMAIN). */
  issuer: string;
  close(): Promise<void>;
}

export async function startStandInCognito(options: StandInCognitoOptions): Promise<StandInCognito> {
  // The issuer contains the port, so listen first and attach the provider once it is known.
  const server = createServer();
  server.listen(options.port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  // 127.0.0.1 rather than localhost keeps these cookies apart from the app's, as a real Cognito
  // domain would.
  const issuer = `http://127.0.0.1:${address.port}`;

  const users = await openUserStore(options.usersFile);
  const provider = new Provider(issuer, await providerConfiguration(options, users));
  provider.use(interactionRoutes(provider, users, options.logger).routes());
  provider.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/logout') {
      return createLogoutHandler(provider, options.clients, options.logger)(ctx);
    }
    await next();
  });
  provider.on('server_error', (_ctx, error) =>
    options.logger.error('server error', { error: String(error) }),
  );
  server.on('request', provider.callback());
  return { issuer, close: () => closeServer(server) };
}

async function providerConfiguration(
  options: StandInCognitoOptions,
  users: UserStore,
): Promise<Configuration> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    adapter: createMemoryAdapterFactory(),
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [...client.callbackUrls],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    routes: {
      authorization: '/oauth2/authorize',
      token: '/oauth2/token',
      userinfo: '/oauth2/userInfo',
      jwks: '/.well-known/jwks.json',
      revocation: '/oauth2/revoke',
    },
    claims: { openid: ['sub', 'username'], email: ['email', 'email_verified'] },
    findAccount: (_ctx, sub) => findAccount(users, sub),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Cognito shows no consent page for its own app clients, so every sign-in gets a grant.
    loadExistingGrant,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: false } },
    jwks: {
      keys: [
        { ...(await exportJWK(privateKey)), kid: 'stand-in-cognito', use: 'sig', alg: 'RS256' },
      ],
    },
    // Lifetimes in seconds: Cognito's defaults for tokens, its hosted-UI session of one hour.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 300,
      IdToken: 3600,
      Grant: 30 * 24 * 3600,
      Interaction: 3600,
      Session: 3600,
    },
    // The ALB sends no PKCE parameters.
    pkce: { required: () => false },
    renderError: (ctx, out) => renderProviderError(ctx, out),
  };
}

function findAccount(users: UserStore, sub: string) {
  const user = users.findBySub(sub);
  if (user === undefined) return undefined;
  return {
    accountId: user.sub,
    // Cognito's userinfo returns email_verified as a string; its ID token has a boolean.
    claims: (use: string) => ({
      sub: user.sub,
      username: user.sub,
      email: user.email,
      email_verified: use === 'userinfo' ? 'true' : true,
    }),
  };
}

async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { client, session, provider } = ctx.oidc;
  if (client === undefined || session?.accountId === undefined) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  if (grantId) {
    const existing = await provider.Grant.find(grantId);
    if (existing) return existing;
  }
  const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope('openid email');
  await grant.save();
  return grant;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}
