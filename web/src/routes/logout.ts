/**
 * `GET /logout` ends the session everywhere: the app's Redis session and cookie, every shard of
 * the ALB's session cookie, and last the Cognito session through its `/logout` endpoint. Cognito
 * then sends the browser to `APP_URL/`, which must be a sign-out URL of the app client.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { LOGOUT_PATH } from '../access-rules.js';
import type { Logger } from '../log.js';
import { SESSION_COOKIE } from '../session/middleware.js';
import type { SessionStore } from '../session/store.js';
import type { Render } from '../http/views.js';

/** The ALB splits its session cookie into shards `-0` to `-3`, each up to 4 KB. */
const ALB_COOKIE_SHARDS = 4;

export interface LogoutDeps {
  store: SessionStore;
  render: Render;
  logger: Logger;
  secureCookie: boolean;
  albCookie: string;
  cognitoDomain?: string;
  clientId?: string;
  appUrl?: string;
}

export function logoutRoute(deps: LogoutDeps): Router {
  const router = new Router({ sensitive: true });
  const target = logoutTarget(deps);

  router.get(LOGOUT_PATH, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');

    // Another site can link here to sign a user out; such a request gets a page to confirm.
    // Browsers send Sec-Fetch-Site on navigation; a request without it is signed out at once.
    if (['cross-site', 'same-site'].includes(ctx.get('sec-fetch-site'))) {
      deps.render(ctx, 'logout.njk');
      return;
    }
    await destroySession(ctx, deps);
    expireCookies(ctx, deps);
    ctx.redirect(target);
  });
  return router;
}

/** Returns Cognito's logout URL, or the home page when sign-in is not configured. */
export function logoutTarget(deps: Pick<LogoutDeps, 'cognitoDomain' | 'clientId' | 'appUrl'>) {
  if (!deps.cognitoDomain || !deps.clientId || !deps.appUrl) return '/';
  const url = new URL(`${deps.cognitoDomain}/logout`);
  url.searchParams.set('client_id', deps.clientId);
  url.searchParams.set('logout_uri', `${deps.appUrl}/`);
  return url.toString();
}

/**
 * Deletes the Redis session. A store failure does not stop the logout, because the cookie is
 * expired below, so the browser no longer sends the id, and Redis drops the entry at its TTL.
 */
async function destroySession(ctx: Context, deps: LogoutDeps): Promise<void> {
  const sid = ctx.cookies.get(SESSION_COOKIE, { signed: true });
  if (!sid) return;
  try {
    await deps.store.destroy(sid);
  } catch (error) {
    deps.logger.warn(
      { event: 'auth', outcome: 'logout_store_failed', err: String(error) },
      'logout could not delete the session from Redis; it expires with its TTL',
    );
  }
}

/**
 * Expires the app's cookie, its signature and every ALB shard. The cookies package writes only a
 * past `expires`, which some clients such as curl ignore, so these headers add `max-age=0` too.
 */
function expireCookies(ctx: Context, deps: LogoutDeps): void {
  const shards = Array.from({ length: ALB_COOKIE_SHARDS }, (_, n) => `${deps.albCookie}-${n}`);
  const secure = deps.secureCookie ? '; secure' : '';
  for (const name of [SESSION_COOKIE, `${SESSION_COOKIE}.sig`, ...shards]) {
    ctx.append(
      'Set-Cookie',
      `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; httponly${secure}`,
    );
  }
}
