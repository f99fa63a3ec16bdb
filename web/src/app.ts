/** Builds the Koa application from validated configuration and its two outside connections. */
import Koa from 'koa';
import { enforceAccess, rejectAll } from './alb/access.js';
import { createKeyProvider, type GetKey } from './alb/keys.js';
import { createTokenVerifier, type VerifyToken } from './alb/token.js';
import type { Config } from './config.js';
import { handleErrors } from './http/errors.js';
import { logRequests } from './http/request-log.js';
import { securityHeaders } from './http/security-headers.js';
import { createRenderer } from './http/views.js';
import type { Logger } from './log.js';
import { logoutRoute } from './routes/logout.js';
import { pageRoutes } from './routes/pages.js';
import { createSessionMiddleware, SESSION_ID_PATTERN } from './session/middleware.js';
import type { RedisClient } from './session/redis-client.js';
import { createSessionStore } from './session/store.js';

/** Deadline for one session store call; a slow Redis gives a fast 503, not a hanging page. */
export const STORE_TIMEOUT_MS = 1000;

/**
 * Time one request may spend waiting on the key endpoint (up to 2 s) and Redis together. The
 * store shortens its calls to fit, so a slow key fetch and a slow Redis do not add up.
 */
export const REQUEST_BUDGET_MS = 2500;

export interface AppDeps {
  config: Config;
  logger: Logger;
  redis: RedisClient;
  /** Replaces the key endpoint client, for tests that count fetches. */
  getKey?: GetKey;
}

export function createApp({ config, logger, redis, getKey }: AppDeps): Koa {
  const app = new Koa({ keys: config.sessionKeys, proxy: true });
  // Errors are logged by handleErrors; Koa's own handler would print them a second time.
  app.silent = true;

  const render = createRenderer(config.instanceName);
  const store = createSessionStore(redis, STORE_TIMEOUT_MS, SESSION_ID_PATTERN);
  const secureCookie = config.production;
  const session = createSessionMiddleware(app, { store, secureCookie, logger });
  const pages = pageRoutes({ render, instanceName: config.instanceName, session });
  const logout = logoutRoute({ ...config.logout, store, logger, secureCookie, render });

  app.use(logRequests(logger));
  app.use(startBudget);
  app.use(handleErrors(logger, render));
  app.use(securityHeaders(config.production));
  if (config.production) app.use(secureCookiesOnly);
  app.use(enforceAccess(createVerifier(config, getKey), logger));
  app.use(pages.routes());
  app.use(logout.routes());
  return app;
}

const startBudget: Koa.Middleware = (ctx, next) => {
  ctx.state.deadline = performance.now() + REQUEST_BUDGET_MS;
  return next();
};

/**
 * Lets Koa set `Secure` cookies on a request that reached the app over plain HTTP, such as one
 * through Beanstalk's port-80 rule, where it would otherwise throw. Browsers keep such cookies
 * for HTTPS only, so nothing leaks.
 */
const secureCookiesOnly: Koa.Middleware = (ctx, next) => {
  ctx.cookies.secure = true;
  return next();
};

function createVerifier(config: Config, getKey?: GetKey): VerifyToken {
  if (!config.alb) return rejectAll;
  return createTokenVerifier({
    signers: config.alb.signers,
    clientId: config.alb.clientId,
    issuer: config.alb.issuer,
    getKey: getKey ?? createKeyProvider({ baseUrl: config.alb.keyUrl }),
  });
}
