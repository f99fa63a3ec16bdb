/** Writes one log line per request, with the ALB trace id that ties it to the load balancer log. */
import type { Middleware } from 'koa';
import type { Logger } from '../log.js';

export function logRequests(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      logger.info({
        event: 'request',
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Math.round(performance.now() - started),
        // The ALB writes about 40 characters; a client can send any length.
        traceId: ctx.get('x-amzn-trace-id').slice(0, 128) || undefined,
        sub: (ctx.state.user as { sub?: string } | undefined)?.sub,
      });
    }
  };
}
