/** The service's pages. Which of them need sign-in is decided by the access rule table. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Router from '@koa/router';
import type Koa from 'koa';
import { TokenRejectedError } from '../alb/errors.js';
import type { AlbUser } from '../alb/token.js';
import { PUBLIC_DIR, type Render } from '../http/views.js';

export interface PageDeps {
  render: Render;
  instanceName: string;
  /** Loads the Redis session; mounted only on routes that use it. */
  session: Koa.Middleware;
}

export function pageRoutes(deps: PageDeps): Router {
  // Case-sensitive like ALB path patterns: otherwise /PRIVATE would reach the private handler
  // while the access rules, which the ALB also applies, treat it as a public path.
  const router = new Router({ sensitive: true });
  const stylesheet = readFileSync(join(PUBLIC_DIR, 'site.css'));

  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok', instance: deps.instanceName };
  });

  router.get('/static/site.css', (ctx) => {
    ctx.type = 'css';
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = stylesheet;
  });

  router.get('/', (ctx) => deps.render(ctx, 'home.njk'));

  router.get('/private{/*rest}', deps.session, (ctx) => {
    const user = signedInUser(ctx.state.user);
    const session = ctx.session as unknown as { sub?: string; visits?: number };
    session.sub = user.sub;
    session.visits = (session.visits ?? 0) + 1;
    deps.render(ctx, 'private.njk', {
      visits: session.visits,
      expires: new Date(user.exp * 1000).toISOString(),
      claims: Object.entries(user.claims).map(([name, value]) => ({
        name,
        value: show(name, value),
      })),
    });
  });

  return router;
}

/** Returns the verified user, failing closed if a route was reached without one. */
function signedInUser(user: AlbUser | undefined): AlbUser {
  if (!user) throw new TokenRejectedError('token_missing', 'private route reached without a user');
  return user;
}

/** JWT claims that hold seconds since the epoch (RFC 7519 and OpenID Connect Core). */
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);

/** The last second that a JavaScript Date can show. */
const MAX_DATE_SECONDS = 8.64e12;

/** Shows a claim value as text, with a readable UTC time beside a time claim. */
function show(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (TIME_CLAIMS.has(name) && typeof value === 'number' && Math.abs(value) <= MAX_DATE_SECONDS) {
    return `${value} (${new Date(value * 1000).toISOString()})`;
  }
  return JSON.stringify(value);
}
