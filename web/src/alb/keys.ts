/**
 * Fetches the ALB's public signing keys: `GET <keyUrl>/<kid>` returns one PEM. Keys are cached per
 * kid in a bounded cache, concurrent requests for one kid share a single fetch, and failures are
 * not cached, so the next request tries again.
 */
import { importSPKI } from 'jose';
import { KeyUnavailableError, TokenRejectedError } from './errors.js';

export type KeyLike = Awaited<ReturnType<typeof importSPKI>>;
export type GetKey = (kid: string) => Promise<KeyLike>;

export interface KeyProviderOptions {
  /** Base URL of the key endpoint, without a trailing slash. */
  baseUrl: string;
  /** Deadline for one fetch, in milliseconds. */
  timeoutMs?: number;
  /** Keys kept; the ALB rotates keys rarely, so a few dozen is plenty. */
  maxEntries?: number;
}

/** The ALB's key ids are UUIDs; anything else never reaches a URL. */
export const KID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A P-256 SPKI PEM is about 180 bytes; anything far larger is not a key. */
const MAX_PEM_BYTES = 4096;

export function createKeyProvider(options: KeyProviderOptions): GetKey {
  const { baseUrl, timeoutMs = 2000, maxEntries = 64 } = options;
  const cache = new Map<string, KeyLike>();
  const inFlight = new Map<string, Promise<KeyLike>>();

  return async (kid) => {
    if (!KID_PATTERN.test(kid)) {
      throw new TokenRejectedError(
        'kid_invalid',
        `token kid is not a UUID: ${JSON.stringify(kid)}`,
      );
    }
    const cached = cache.get(kid);
    if (cached) return cached;

    let pending = inFlight.get(kid);
    if (!pending) {
      pending = fetchKey(`${baseUrl}/${kid}`, timeoutMs).finally(() => inFlight.delete(kid));
      inFlight.set(kid, pending);
    }
    const key = await pending;
    remember(cache, kid, key, maxEntries);
    return key;
  };
}

function remember(cache: Map<string, KeyLike>, kid: string, key: KeyLike, max: number): void {
  cache.delete(kid);
  cache.set(kid, key);

  // A Map iterates in insertion order, so the first key is the oldest.
  while (cache.size > max) cache.delete(cache.keys().next().value as string);
}

async function fetchKey(url: string, timeoutMs: number): Promise<KeyLike> {
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    body = await response.text();
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const detail = timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${String(error)}`;
    throw new KeyUnavailableError(`key fetch from ${url} ${detail}`, { cause: error });
  }

  // The AWS endpoints return 403 (S3) or 404 for a kid they never issued, so the token is forged.
  if (response.status === 403 || response.status === 404) {
    throw new TokenRejectedError(
      'kid_unknown',
      `key endpoint has no key ${url} (${response.status})`,
    );
  }
  if (response.status !== 200) {
    throw new KeyUnavailableError(`key fetch from ${url} failed with status ${response.status}`);
  }
  return importPem(body, url);
}

async function importPem(body: string, url: string): Promise<KeyLike> {
  const pem = body.trim();
  if (pem.length > MAX_PEM_BYTES || !pem.startsWith('-----BEGIN PUBLIC KEY-----')) {
    throw new KeyUnavailableError(`key endpoint ${url} did not return a PEM public key`);
  }
  try {
    return await importSPKI(pem, 'ES256');
  } catch (error) {
    throw new KeyUnavailableError(`key from ${url} is not a P-256 public key`, { cause: error });
  }
}
