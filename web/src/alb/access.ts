/**
 * Applies the shared access rule table to each request: private paths need a verified ALB token,
 * optional paths identify a signed-in user when the ALB sent a token, and public paths skip all
 * token work. The verified user goes to `ctx.state.user`.
 */
import type { Middleware } from 'koa';
import { accessFor } from '../access-rules.js';
import type { Logger } from '../log.js';
import { TokenRejectedError } from './errors.js';
import type { AlbUser, VerifyToken } from './token.js';

/** The ALB's signed user token; `x-amzn-oidc-identity` and `-accesstoken` are not signed. */
export const TOKEN_HEADER = 'x-amzn-oidc-data';

export function enforceAccess(verify: VerifyToken, logger: Logger): Middleware {
  return async (ctx, next) => {
    const access = accessFor(ctx.path);
    const token = ctx.get(TOKEN_HEADER) || undefined;

    if (access === 'authenticate') {
      ctx.state.user = await verify(token);
    } else if (access === 'optional' && token) {
      ctx.state.user = await verifyOrAnonymous(verify, token, logger, ctx.path);
    }

    // A page that names the user must not be kept by a shared cache or the back button.
    if (ctx.state.user) ctx.set('Cache-Control', 'no-store');
    await next();
  };
}

/** Verifies a token on a page that also works signed out: any failure leaves the user anonymous. */
async function verifyOrAnonymous(
  verify: VerifyToken,
  token: string,
  logger: Logger,
  path: string,
): Promise<AlbUser | undefined> {
  try {
    return await verify(token);
  } catch (error) {
    const reason = error instanceof TokenRejectedError ? error.code : 'key_unavailable';
    logger.warn(
      { event: 'auth', outcome: 'token_ignored', reason, path },
      `token_ignored: ${reason}`,
    );
    return undefined;
  }
}

/** Rejects every token, for a service without sign-in settings: private pages return 401. */
export const rejectAll: VerifyToken = async () => {
  throw new TokenRejectedError(
    'signin_not_configured',
    'sign-in is not configured: set AWS_REGION, ALB_ARN, COGNITO_ISSUER and COGNITO_CLIENT_ID',
  );
};
