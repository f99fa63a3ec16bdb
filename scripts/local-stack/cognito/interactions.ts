/**
 * The sign-in and sign-up pages that oidc-provider sends the browser to while it authorizes a
 * request (its "interactions"). A finished sign-in or sign-up hands the account id back to
 * oidc-provider, which then redirects to the client with the code.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { errors, type default as Provider } from 'oidc-provider';
import type { Logger } from '../log.js';
import { errorPage, signInPage, signUpPage } from './pages.js';
import { checkPassword } from './password-policy.js';
import { UserExistsError, type UserStore } from './users.js';

/** Form posts are two short fields, so anything longer is not from these pages. */
const MAX_FORM_BYTES = 8 * 1024;

const PASSWORD_RULES =
  'At least 8 characters, with an upper-case letter, a lower-case letter, a digit and a symbol.';

export function interactionRoutes(provider: Provider, users: UserStore, logger: Logger): Router {
  const router = new Router();
  router.use(renderExpiredInteraction);

  router.get('/interaction/:uid', async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    sendHtml(ctx, 200, signInPage({ uid: details.uid }));
  });

  router.get('/interaction/:uid/signup', async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    sendHtml(ctx, 200, signUpPage({ uid: details.uid, passwordRules: PASSWORD_RULES }));
  });

  router.post('/interaction/:uid/login', async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const form = await readForm(ctx);
    const user = await users.verify(form.email, form.password);
    if (user === undefined) {
      logger.warn('sign-in rejected', { reason: 'NotAuthorizedException' });
      const page = {
        uid: details.uid,
        email: form.email,
        error: 'Incorrect username or password.',
      };
      return sendHtml(ctx, 400, signInPage(page));
    }
    logger.info('signed in', { sub: user.sub });
    await finishSignIn(provider, ctx, user.sub);
  });

  router.post('/interaction/:uid/signup', async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const form = await readForm(ctx);
    const error = signUpError(form);
    if (error !== undefined) return sendSignUpError(ctx, details.uid, form.email, error);
    try {
      // NOTE: Cognito would first mail a confirmation code. This stand-in marks the address
      // verified at once, so that the local flow needs no mail server.
      const user = await users.create(form.email, form.password);
      logger.info('signed up', { sub: user.sub });
      await finishSignIn(provider, ctx, user.sub);
    } catch (caught) {
      if (!(caught instanceof UserExistsError)) throw caught;
      sendSignUpError(ctx, details.uid, form.email, caught.message);
    }
  });

  return router;
}

/** Renders a page in place of oidc-provider's plain-text error for an unknown or expired uid. */
async function renderExpiredInteraction(ctx: Context, next: () => Promise<unknown>) {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof errors.SessionNotFound)) throw error;
    const message = 'This sign-in page has expired. Go back to the app and open the page again.';
    sendHtml(ctx, 400, errorPage('Sign-in expired', message));
  }
}

/** Renders oidc-provider's errors, such as an unknown client or redirect URI, as a hosted page. */
export function renderProviderError(
  ctx: Context,
  out: { error?: string; error_description?: string },
) {
  const message = out.error_description ?? out.error ?? 'The request failed.';
  sendHtml(ctx, ctx.status >= 400 ? ctx.status : 400, errorPage('Something went wrong', message));
}

async function finishSignIn(provider: Provider, ctx: Context, accountId: string) {
  const result = { login: { accountId } };
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  // interactionFinished has written the redirect itself; Koa must not respond again.
  ctx.respond = false;
}

function signUpError(form: { email: string; password: string }): string | undefined {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) return 'Invalid email address format.';
  return checkPassword(form.password);
}

function sendSignUpError(ctx: Context, uid: string, email: string, error: string) {
  const page = { uid, email, error, passwordRules: PASSWORD_RULES };
  sendHtml(ctx, 400, signUpPage(page));
}

function sendHtml(ctx: Context, status: number, html: string) {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.body = html;
}

async function readForm(ctx: Context): Promise<{ email: string; password: string }> {
  if (!ctx.is('application/x-www-form-urlencoded')) ctx.throw(415, 'expected a form post');
  let body = '';
  for await (const chunk of ctx.req) {
    body += String(chunk);
    if (body.length > MAX_FORM_BYTES) ctx.throw(413, 'form too large');
  }
  const params = new URLSearchParams(body);
  return { email: params.get('email') ?? '', password: params.get('password') ?? '' };
}
