/**
 * The two halves of the ALB sign-in flow: the redirect to the identity provider's authorize
 * endpoint, and `/oauth2/idpresponse`, which exchanges the code, creates the session cookie and
 * sends the browser back to the URL it first asked for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { CALLBACK_PATH } from '../../../web/src/access-rules.js';
import type { Logger } from '../log.js';
import { parseCookieHeader, serializeCookie } from './cookies.js';
import type { IdentityProvider } from './identity-provider.js';
import type { Sealer } from './sealed.js';
import { SessionTooLargeError, writeSessionCookies, type AlbSession } from './session-cookie.js';

/** Cookie that binds the `state` parameter to the browser that started the sign-in. */
export const NONCE_COOKIE = 'AWSELBAuthNonce';

/** How long a browser may spend at the identity provider before the sign-in must start over. */
const SIGN_IN_TIMEOUT_SECONDS = 15 * 60;

export interface SignInContext {
  identityProvider: IdentityProvider;
  sealer: Sealer;
  sessionCookieName: string;
  sessionTimeoutSeconds: number;
  secureCookies: boolean;
  logger: Logger;
}

interface SignInState {
  /** Path and query to return to after sign-in. */
  url: string;
  nonce: string;
  exp: number;
}

/** Redirects (302) to the authorize endpoint, with sealed `state` and a nonce cookie. */
export function redirectToSignIn(
  req: IncomingMessage,
  res: ServerResponse,
  context: SignInContext,
): void {
  const nonce = randomBytes(16).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + SIGN_IN_TIMEOUT_SECONDS;
  const state = context.sealer.seal({ url: req.url ?? '/', nonce, exp } satisfies SignInState);
  const location = context.identityProvider.authorizationUrl(callbackUrl(req), state, nonce);
  const cookie = serializeCookie(NONCE_COOKIE, nonce, {
    maxAge: SIGN_IN_TIMEOUT_SECONDS,
    secure: context.secureCookies,
  });
  res.writeHead(302, {
    location: location.href,
    'set-cookie': cookie,
    'cache-control': 'no-store',
  });
  res.end();
}

/** Handles `GET /oauth2/idpresponse`: checks state and nonce, signs in, sets the session. */
export async function handleCallback(
  req: IncomingMessage,
  res: ServerResponse,
  context: SignInContext,
): Promise<void> {
  const url = new URL(req.url ?? '/', callbackUrl(req));
  const idpError = url.searchParams.get('error');
  if (idpError !== null) {
    context.logger.warn('sign-in rejected by identity provider', { error: idpError });
    return sendText(
      res,
      401,
      `401 Authorization Required: the identity provider returned ${idpError}`,
    );
  }

  // check state: sealed by this ALB, not expired, and started in this browser
  const state = readState(url.searchParams.get('state'), context.sealer);
  const nonce = parseCookieHeader(req.headers.cookie).get(NONCE_COOKIE);
  if (state === undefined || nonce !== state.nonce) {
    context.logger.warn('sign-in callback rejected', {
      reason: state ? 'nonce_mismatch' : 'invalid_state',
    });
    return sendText(res, 401, '401 Authorization Required: invalid or expired sign-in state');
  }

  // exchange the code, then build the session
  let session: AlbSession;
  try {
    const result = await context.identityProvider.completeSignIn(url, {
      state: url.searchParams.get('state') ?? '',
      nonce,
    });
    const expiresAt = Math.floor(Date.now() / 1000) + context.sessionTimeoutSeconds;
    session = { claims: result.claims, accessToken: result.accessToken, expiresAt };
  } catch (error) {
    return failExchange(res, error, context.logger);
  }

  // set the session cookies, drop the nonce cookie, return to the original URL
  let cookies: string[];
  try {
    cookies = writeSessionCookies(
      context.sessionCookieName,
      session,
      context.sealer,
      context.secureCookies,
    );
  } catch (error) {
    if (!(error instanceof SessionTooLargeError)) throw error;
    context.logger.error('sign-in failed', { reason: error.code, error: error.message });
    return sendText(res, 500, '500 Internal Server Error: the user claims are too large');
  }
  cookies.push(serializeCookie(NONCE_COOKIE, '', { maxAge: 0, secure: context.secureCookies }));
  context.logger.info('signed in', { sub: session.claims.sub });
  res.writeHead(302, { location: state.url, 'set-cookie': cookies, 'cache-control': 'no-store' });
  res.end();
}

/** Returns the redirect URI for this request's host: `http://HOST/oauth2/idpresponse`. */
export function callbackUrl(req: IncomingMessage): string {
  return `http://${req.headers.host ?? 'localhost'}${CALLBACK_PATH}`;
}

function readState(text: string | null, sealer: Sealer): SignInState | undefined {
  if (text === null) return undefined;
  const state = sealer.open(text) as Partial<SignInState> | undefined;
  if (typeof state?.url !== 'string' || !state.url.startsWith('/')) return undefined;
  if (typeof state.nonce !== 'string' || typeof state.exp !== 'number') return undefined;
  return state.exp > Date.now() / 1000 ? (state as SignInState) : undefined;
}

/** Responds 401 when the provider rejected the code the browser brought, else 502. */
function failExchange(res: ServerResponse, error: unknown, logger: Logger): void {
  const message = error instanceof Error ? error.message : String(error);
  const rejected =
    error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError;
  logger.warn('code exchange failed', { error: message });
  if (rejected)
    return sendText(res, 401, '401 Authorization Required: the sign-in code was rejected');
  sendText(res, 502, '502 Bad Gateway: the identity provider did not answer');
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(`${text}\n`);
}
