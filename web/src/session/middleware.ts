/**
 * koa-session with the Redis store. The cookie holds only a signed session id; the data lives in
 * Redis so that every instance behind the load balancer reads the same session. A session belongs
 * to the user who started it: a request whose verified token names another user gets a fresh one.
 */
import session from 'koa-session';
import type Koa from 'koa';
import type { Logger } from '../log.js';
import type { SessionStore } from './store.js';

export const SESSION_COOKIE = 'app.sid';

/** Key prefix in Redis, so that sessions can be found and counted beside other data. */
export const SESSION_PREFIX = 'sess:';

/** The ids koa-session makes: the prefix and a random UUID. No other key is read or deleted. */
export const SESSION_ID_PATTERN =
  /^sess:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** koa-redis needs a number here: with `'session'` it would store the data without expiry. */
export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;

export interface SessionOptions {
  store: SessionStore;
  secureCookie: boolean;
  logger: Logger;
}

export function createSessionMiddleware(app: Koa, options: SessionOptions): Koa.Middleware {
  return session(
    {
      key: SESSION_COOKIE,
      store: options.store,
      prefix: SESSION_PREFIX,
      maxAge: SESSION_MAX_AGE_MS,
      renew: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookie,
      signed: true,
      valid: (ctx: Koa.Context, data: { sub?: string }) => {
        const sub = (ctx.state.user as { sub?: string } | undefined)?.sub;
        if (data.sub === undefined || data.sub === sub) return true;
        options.logger.info(
          { event: 'auth', outcome: 'session_replaced', reason: 'user_changed', sub },
          'session_replaced: user_changed',
        );
        return false;
      },
    } as Parameters<typeof session>[0],
    app,
  ) as Koa.Middleware;
}
