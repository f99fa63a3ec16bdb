/**
 * Maps every error to an HTTP status in one place and renders a page a person understands. Bad
 * input is a 4xx, a dependency that does not respond in time is a 503, and anything else is a 500
 * whose detail stays in the log.
 */
import type { Middleware } from 'koa';
import { TokenRejectedError } from '../alb/errors.js';
import type { Logger } from '../log.js';
import type { Render } from './views.js';

interface PageText {
  title: string;
  message: string;
}

const PAGES: Record<number, PageText> = {
  401: {
    title: 'Sign-in required',
    message: 'This page is for signed-in users, and your sign-in could not be confirmed.',
  },
  404: { title: 'Page not found', message: 'There is no page at this address.' },
  503: {
    title: 'Temporarily unavailable',
    message: 'A service this page depends on did not respond in time. Try again in a moment.',
  },
};

/** The 401 page of a server without sign-in settings, where signing in again cannot help. */
const SIGN_IN_OFF: PageText = {
  title: 'Sign-in is off',
  message: 'This server runs without sign-in settings, so its private pages are not available.',
};

const FALLBACK: PageText = {
  title: 'Something went wrong',
  message: 'The server could not complete this request.',
};

/** Seconds in the Retry-After header of a 503. */
const RETRY_AFTER_SECONDS = 5;

export function handleErrors(logger: Logger, render: Render): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        render(ctx, 'error.njk', { status: 404, ...PAGES[404] });
      }
    } catch (error) {
      const status = statusOf(error);
      logError(logger, error, status, ctx.path);
      ctx.status = status;
      if (status === 503) ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
      if (status === 401 || status >= 500) ctx.set('Cache-Control', 'no-store');
      const signInOff =
        error instanceof TokenRejectedError && error.code === 'signin_not_configured';
      const page = signInOff ? SIGN_IN_OFF : (PAGES[status] ?? FALLBACK);
      render(ctx, 'error.njk', { status, signInOff, ...page });
    }
  };
}

/** Returns the status an error names (4xx or 503), or 500 for anything unexpected. */
function statusOf(error: unknown): number {
  const status = (error as { status?: unknown })?.status;
  if (typeof status !== 'number' || status < 400 || status > 599) return 500;
  return status === 503 || status < 500 ? status : 500;
}

function logError(logger: Logger, error: unknown, status: number, path: string): void {
  if (error instanceof TokenRejectedError) {
    logger.warn(
      { event: 'auth', outcome: 'token_rejected', reason: error.code, path, detail: error.message },
      `token_rejected: ${error.code}`,
    );
  } else if (status === 503) {
    const code = (error as { code?: string } | undefined)?.code;
    logger.warn({ event: 'unavailable', code, path, err: String(error) }, 'dependency unavailable');
  } else if (status >= 500) {
    logger.error({ err: error, path }, 'request failed');
  }
}
