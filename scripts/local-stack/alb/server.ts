/**
 * The stand-in Application Load Balancer: applies the shared rule table to each request, runs the
 * sign-in flow where a rule needs it, and forwards to the web instances with the `x-amzn-oidc-*`
 * headers that the real ALB adds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { accessFor, CALLBACK_PATH } from '../../../web/src/access-rules.js';
import type { AlbTokenSigner } from '../../lib/alb-token.js';
import type { Logger } from '../log.js';
import { forward, forwardedHeaders, roundRobin, type Upstreams } from './forward.js';
import type { IdentityProvider } from './identity-provider.js';
import { createSealer } from './sealed.js';
import { readSession, type AlbSession } from './session-cookie.js';
import { handleCallback, redirectToSignIn, sendText, type SignInContext } from './sign-in.js';

/** Action on a sign-in-required path without a session, as in `on_unauthenticated_request`. */
export type OnUnauthenticatedRequest = 'authenticate' | 'deny' | 'allow';

export interface StandInAlbOptions {
  /** Listen port on 127.0.0.1; 0 picks a free one. */
  port: number;
  upstreams: string[];
  identityProvider: IdentityProvider;
  /** App client id, written to the token header's `client`. */
  clientId: string;
  /** Load balancer ARN, written to the token header's `signer`. */
  signerArn: string;
  tokenSigner: AlbTokenSigner;
  logger: Logger;
  /** Default `AWSELBAuthSessionCookie`. */
  sessionCookieName?: string;
  /** Default 604800 (7 days), the ALB's default `SessionTimeout`. */
  sessionTimeoutSeconds?: number;
  /** Default `authenticate`. */
  onUnauthenticatedRequest?: OnUnauthenticatedRequest;
  /** Lifetime of each `x-amzn-oidc-data` token in seconds, default 120, never past the session. */
  tokenLifetimeSeconds?: number;
}

export interface StandInAlb {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface AlbContext extends SignInContext {
  options: StandInAlbOptions;
  upstreams: Upstreams;
  onUnauthenticatedRequest: OnUnauthenticatedRequest;
  tokenLifetimeSeconds: number;
}

export async function startStandInAlb(options: StandInAlbOptions): Promise<StandInAlb> {
  const context: AlbContext = {
    options,
    identityProvider: options.identityProvider,
    sealer: createSealer(),
    sessionCookieName: options.sessionCookieName ?? 'AWSELBAuthSessionCookie',
    sessionTimeoutSeconds: options.sessionTimeoutSeconds ?? 604_800,
    secureCookies: false,
    logger: options.logger,
    upstreams: roundRobin(options.upstreams),
    onUnauthenticatedRequest: options.onUnauthenticatedRequest ?? 'authenticate',
    // NOTE: 120 s is this stand-in's choice, not a documented ALB value.
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 120,
  };
  const server = createServer((req, res) => {
    logWhenFinished(req, res, options.logger);
    handleRequest(req, res, context).catch((error: unknown) => {
      options.logger.error('request failed', { path: req.url, error: String(error) });
      if (!res.headersSent) sendText(res, 500, '500 Internal Server Error');
      else res.destroy();
    });
  });
  return listen(server, options.port);
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, context: AlbContext) {
  const path = new URL(req.url ?? '/', 'http://alb.invalid').pathname;
  if (path === CALLBACK_PATH) return handleCallback(req, res, context);

  const access = accessFor(path);
  if (access === 'public') return forwardTo(req, res, context, undefined);

  // NOTE: a session lasts until the session timeout. The stand-in never refreshes or re-checks the
  // access token inside it, and how the real ALB handles an expired access token was not checked.
  const session = readSession(req.headers.cookie, context.sessionCookieName, context.sealer);
  if (session !== undefined || access === 'optional') return forwardTo(req, res, context, session);

  // a sign-in-required path without a valid session
  switch (context.onUnauthenticatedRequest) {
    case 'authenticate':
      return redirectToSignIn(req, res, context);
    case 'deny':
      return sendText(res, 401, '401 Authorization Required');
    case 'allow':
      return forwardTo(req, res, context, undefined);
  }
}

function forwardTo(
  req: IncomingMessage,
  res: ServerResponse,
  context: AlbContext,
  session: AlbSession | undefined,
): void {
  const oidcHeaders = session ? userHeaders(session, context) : {};
  const headers = forwardedHeaders(req, oidcHeaders);
  forward(req, res, context.upstreams.next(), headers, context.logger);
}

/** Builds `x-amzn-oidc-accesstoken`, `x-amzn-oidc-identity` and the signed `x-amzn-oidc-data`. */
function userHeaders(session: AlbSession, context: AlbContext): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  const exp = Math.min(now + context.tokenLifetimeSeconds, session.expiresAt);
  const data = context.options.tokenSigner.sign({
    signer: context.options.signerArn,
    client: context.options.clientId,
    issuer: context.identityProvider.issuer,
    exp,
    claims: session.claims,
  });
  return {
    'x-amzn-oidc-accesstoken': session.accessToken,
    'x-amzn-oidc-identity': String(session.claims.sub ?? ''),
    'x-amzn-oidc-data': data,
  };
}

/** Writes one access log line per request, as the ALB's access log has one entry per request. */
function logWhenFinished(req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  const started = performance.now();
  res.once('finish', () => {
    const ms = Math.round(performance.now() - started);
    logger.info(`${req.method} ${req.url?.split('?')[0]} ${res.statusCode}`, { ms });
  });
}

async function listen(server: Server, port: number): Promise<StandInAlb> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://localhost:${address.port}`,
    port: address.port,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
