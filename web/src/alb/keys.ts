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

/** How long a kid that the endpoint does not know is rejected without asking again. */
const UNKNOWN_KID_TTL_MS = 60_000;

/** Unknown kids remembered at most; beyond this the oldest is forgotten. */
const MAX_UNKNOWN_KIDS = 1024;

export function createKeyProvider(options: KeyProviderOptions): GetKey {
  const { baseUrl, timeoutMs = 2000, maxEntries = 64 } = options;
  const cache = new Map<string, KeyLike>();
  const unknown = new Map<string, number>();
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
    if ((unknown.get(kid) ?? 0) > Date.now()) {
      throw new TokenRejectedError('kid_unknown', `key endpoint recently had no key ${kid}`);
    }

    let pending = inFlight.get(kid);
    if (!pending) {
      pending = fetchKey(`${baseUrl}/${kid}`, timeoutMs).finally(() => inFlight.delete(kid));
      inFlight.set(kid, pending);
    }
    try {
      const key = await pending;
      remember(cache, kid, key, maxEntries);
      return key;
    } catch (error) {
      // A definite "no such key" is remembered briefly; a failure of the endpoint is not.
      if (error instanceof TokenRejectedError) {
        remember(unknown, kid, Date.now() + UNKNOWN_KID_TTL_MS, MAX_UNKNOWN_KIDS);
      }
      throw error;
    }
  };
}

function remember<T>(cache: Map<string, T>, kid: string, value: T, max: number): void {
  cache.delete(kid);
  cache.set(kid, value);

  // A Map iterates in insertion order, so the first key is the oldest.
  while (cache.size > max) cache.delete(cache.keys().next().value as string);
}

async function fetchKey(url: string, timeoutMs: number): Promise<KeyLike> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    checkStatus(response, url);
    return await importPem(await readLimited(response, url), url);
  } catch (error) {
    if (error instanceof TokenRejectedError || error instanceof KeyUnavailableError) throw error;
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const detail = timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${String(error)}`;
    throw new KeyUnavailableError(`key fetch from ${url} ${detail}`, { cause: error });
  }
}

function checkStatus(response: Response, url: string): void {
  if (response.status === 200) return;
  void response.body?.cancel();

  // The AWS endpoints return 403 (S3) or 404 for a kid they never issued, so the token is forged.
  if (response.status === 403 || response.status === 404) {
    throw new TokenRejectedError(
      'kid_unknown',
      `key endpoint has no key ${url} (${response.status})`,
    );
  }
  throw new KeyUnavailableError(`key fetch from ${url} failed with status ${response.status}`);
}

/** Reads the body up to MAX_PEM_BYTES, so that a huge response is not buffered in memory. */
async function readLimited(response: Response, url: string): Promise<string> {
  const tooLarge = () =>
    new KeyUnavailableError(`key endpoint ${url} returned more than ${MAX_PEM_BYTES} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_PEM_BYTES) {
    void response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of response.body ?? []) {
    length += chunk.length;
    if (length > MAX_PEM_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function importPem(body: string, url: string): Promise<KeyLike> {
  const pem = body.trim();
  if (!pem.startsWith('-----BEGIN PUBLIC KEY-----')) {
    throw new KeyUnavailableError(`key endpoint ${url} did not return a PEM public key`);
  }
  try {
    return await importSPKI(pem, 'ES256');
  } catch (error) {
    throw new KeyUnavailableError(`key from ${url} is not a P-256 public key`, { cause: error });
  }
}
