/**
 * Forwards a request to the next upstream in turn, with the headers an ALB adds. Round-robin with no
 * stickiness, so consecutive requests of one browser reach different web instances, as they do
 * behind an ALB whose target group has stickiness off.
 */
import {
  STATUS_CODES,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.js';

/** Headers that apply to one connection only and are not forwarded either way (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** How long an upstream may take to respond before the client gets 504. */
const UPSTREAM_TIMEOUT_MS = 30_000;

export interface Upstreams {
  next(): URL;
}

export function roundRobin(urls: readonly string[]): Upstreams {
  if (urls.length === 0) throw new RangeError('at least one upstream URL is required');
  const parsed = urls.map((url) => new URL(url));
  let index = 0;
  return { next: () => parsed[index++ % parsed.length]! };
}

/** Builds the upstream request headers: client headers minus hop-by-hop and `x-amzn-oidc-*`. */
export function forwardedHeaders(
  req: IncomingMessage,
  oidcHeaders: Record<string, string>,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    // A client must not be able to pose as a signed-in user.
    if (HOP_BY_HOP.has(name) || name.startsWith('x-amzn-oidc-')) continue;
    headers[name] = value;
  }

  const clientIp = req.socket.remoteAddress ?? '';
  const priorFor = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = priorFor ? `${priorFor}, ${clientIp}` : clientIp;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-amzn-trace-id'] = traceId();
  return { ...headers, ...oidcHeaders };
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** Creates an X-Ray style trace id: `Root=1-<epoch seconds, hex>-<96 random bits, hex>`. */
export function traceId(): string {
  const seconds = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')}`;
}

/** Streams the request to an upstream and its response back, or responds 502 or 504 on failure. */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: URL,
  headers: OutgoingHttpHeaders,
  logger: Logger,
): void {
  const outgoing = request(upstream, {
    method: req.method,
    path: req.url,
    headers,
    timeout: UPSTREAM_TIMEOUT_MS,
  });
  outgoing.on('response', (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, withoutHopByHop(upstreamRes.headers));
    upstreamRes.pipe(res);
    // An upstream that dies mid-body must not leave the client waiting for the rest.
    upstreamRes.on('error', () => res.destroy());
  });
  let timedOut = false;
  outgoing.on('timeout', () => {
    timedOut = true;
    outgoing.destroy();
  });
  outgoing.on('error', (error) => {
    if (res.headersSent) return void res.destroy();
    const status = timedOut ? 504 : 502;
    logger.error(timedOut ? 'upstream timed out' : 'upstream request failed', {
      upstream: upstream.host,
      path: req.url,
      error: error.message,
    });
    res
      .writeHead(status, { 'content-type': 'text/plain' })
      .end(`${status} ${STATUS_CODES[status]}\n`);
  });
  req.pipe(outgoing);
}
