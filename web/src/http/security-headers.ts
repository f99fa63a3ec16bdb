/** Security headers on every response, from helmet, with a policy that allows no inline script. */
import helmet from 'koa-helmet';
import type { Middleware } from 'koa';

export function securityHeaders(production: boolean): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // The ALB terminates TLS; outside production the app is plain HTTP on loopback.
    strictTransportSecurity: production ? { maxAge: 31536000 } : false,
  }) as Middleware;
}
