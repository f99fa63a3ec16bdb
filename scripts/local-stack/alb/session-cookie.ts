/**
 * The ALB session cookie: the sealed session split over `NAME-0`, `NAME-1`, ... so that each
 * `name=value` pair stays within the 4096 bytes that browsers accept for one cookie.
 */
import { parseCookieHeader, serializeCookie } from './cookies.js';
import type { Sealer } from './sealed.js';

/** Browsers keep at most 4096 bytes of name and value per cookie (RFC 6265, section 6.1). */
export const MAX_COOKIE_BYTES = 4096;

/** The stand-in ALB writes at most this many shards and clears this many on sign-out. */
export const MAX_SHARDS = 4;

export interface AlbSession {
  /** Userinfo claims, forwarded in `x-amzn-oidc-data`. */
  claims: Record<string, unknown>;
  accessToken: string;
  /** Session expiry in seconds since the epoch: sign-in time plus the session timeout. */
  expiresAt: number;
}

export class SessionTooLargeError extends Error {
  readonly code = 'session_too_large';
  constructor(bytes: number) {
    super(`ALB session of ${bytes} bytes does not fit in ${MAX_SHARDS} cookies`);
  }
}

/** Builds the Set-Cookie values for a session, expiring any shard index the session does not use. */
export function writeSessionCookies(
  name: string,
  session: AlbSession,
  sealer: Sealer,
  secure: boolean,
): string[] {
  const sealed = sealer.seal(session);
  const shards = splitIntoShards(name, sealed);
  const maxAge = session.expiresAt - Math.floor(Date.now() / 1000);
  const written = shards.map((value, i) =>
    serializeCookie(`${name}-${i}`, value, { maxAge, secure }),
  );
  const cleared = clearSessionCookies(name, secure).slice(shards.length);
  return [...written, ...cleared];
}

/** Builds Set-Cookie values that expire every shard. */
export function clearSessionCookies(name: string, secure: boolean): string[] {
  return Array.from({ length: MAX_SHARDS }, (_, i) =>
    serializeCookie(`${name}-${i}`, '', { maxAge: 0, secure }),
  );
}

/** Reads and opens the session from a Cookie header; undefined when absent, changed or expired. */
export function readSession(
  cookieHeader: string | undefined,
  name: string,
  sealer: Sealer,
): AlbSession | undefined {
  const cookies = parseCookieHeader(cookieHeader);
  let sealed = '';
  for (let i = 0; i < MAX_SHARDS && cookies.has(`${name}-${i}`); i++) {
    sealed += cookies.get(`${name}-${i}`);
  }
  if (sealed === '') return undefined;

  const session = sealer.open(sealed);
  if (!isAlbSession(session)) return undefined;
  return session.expiresAt > Date.now() / 1000 ? session : undefined;
}

function splitIntoShards(name: string, sealed: string): string[] {
  // The longest shard name is `NAME-9` plus `=`, and the sealed text is ASCII (base64url).
  const shardBytes = MAX_COOKIE_BYTES - `${name}-9=`.length;
  const shards: string[] = [];
  for (let start = 0; start < sealed.length; start += shardBytes) {
    shards.push(sealed.slice(start, start + shardBytes));
  }
  if (shards.length > MAX_SHARDS) throw new SessionTooLargeError(sealed.length);
  return shards;
}

function isAlbSession(value: unknown): value is AlbSession {
  if (typeof value !== 'object' || value === null) return false;
  const session = value as Partial<AlbSession>;
  return (
    typeof session.claims === 'object' &&
    session.claims !== null &&
    typeof session.accessToken === 'string' &&
    typeof session.expiresAt === 'number'
  );
}
