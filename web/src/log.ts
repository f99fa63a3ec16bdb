/**
 * Structured JSON logs with pino. Three kinds of line carry an `event` field: `request` (one per
 * request, with the ALB trace id), `auth` (token and session decisions with a reason code) and
 * `redis` (connection state changes). Tokens, cookies and secrets are never logged; the redact
 * list is a second guard in case a header object reaches a log call.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

const REDACTED_PATHS = [
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-amzn-oidc-data"]',
  'headers["x-amzn-oidc-accesstoken"]',
  'headers["x-amzn-oidc-identity"]',
  'headers.authorization',
  '*.headers.cookie',
  '*.headers["x-amzn-oidc-data"]',
  '*.headers["x-amzn-oidc-accesstoken"]',
  '*.headers["x-amzn-oidc-identity"]',
  'token',
  'password',
];

/** Creates the service logger; tests pass a destination stream to read the lines back. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
