/**
 * Cognito's `GET /logout?client_id=...&logout_uri=...` ends the hosted-UI session and redirects to
 * `logout_uri`. It redirects only to one of the client's registered sign-out URLs. Any other value
 * gets an error page and no redirect, so the endpoint cannot be used as an open redirect.
 */
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { Logger } from '../log.js';
import { errorPage } from './pages.js';

export interface LogoutClient {
  clientId: string;
  /** Allowed sign-out URLs, compared exactly. */
  logoutUrls: readonly string[];
}

export function createLogoutHandler(
  provider: Provider,
  clients: readonly LogoutClient[],
  logger: Logger,
) {
  return async (ctx: Context) => {
    const clientId = ctx.query.client_id;
    const logoutUri = ctx.query.logout_uri;
    const client = clients.find((candidate) => candidate.clientId === clientId);
    if (typeof logoutUri !== 'string' || !client?.logoutUrls.includes(logoutUri)) {
      logger.warn('logout rejected', { reason: 'unregistered_logout_uri', client_id: clientId });
      ctx.status = 400;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = errorPage(
        'An error was encountered with the requested page.',
        'The client_id is unknown or the logout_uri is not a registered sign-out URL.',
      );
      return;
    }

    await endSession(provider, ctx, logger);
    ctx.set('cache-control', 'no-store');
    ctx.redirect(logoutUri);
  };
}

/** Destroys the stored session and expires its cookie, so the next sign-in requests the password. */
async function endSession(provider: Provider, ctx: Context, logger: Logger) {
  const session = await provider.Session.get(ctx);
  if (session.accountId !== undefined) logger.info('signed out', { sub: session.accountId });
  await session.destroy();

  // oidc-provider signs its cookies, so each has a `.sig` companion cookie.
  const name = provider.cookieName('session');
  for (const cookie of [name, `${name}.sig`]) {
    ctx.append(
      'set-cookie',
      `${cookie}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly; samesite=lax`,
    );
  }
}
