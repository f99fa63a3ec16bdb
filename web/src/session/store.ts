/**
 * The session store and its failure policy, decided here and nowhere else: every call to Redis
 * has a deadline, and any failure or timeout becomes a SessionStoreUnavailableError, which the
 * error middleware turns into a 503 page. Pages that never load a session do not call the store.
 */
import redisStore from 'koa-redis';
import { DependencyUnavailableError } from '../lib/unavailable.js';
import type { RedisClient } from './redis-client.js';

/** The session store failed or timed out, so the request gets a 503. */
export class SessionStoreUnavailableError extends DependencyUnavailableError {
  readonly code = 'session_store_unavailable';
}

/** Options koa-session passes to each store call: the request, whose state may hold a deadline. */
export interface StoreCallOptions {
  ctx?: { state: { deadline?: number } };
}

export interface SessionStore {
  get(key: string, maxAge: number, options: StoreCallOptions): Promise<unknown>;
  set(key: string, session: unknown, maxAge: number, options: StoreCallOptions): Promise<void>;
  destroy(key: string, options?: StoreCallOptions): Promise<void>;
}

/**
 * Wraps koa-redis around the given client, with a deadline of `timeoutMs` on each call, or less
 * when the request's own deadline (`ctx.state.deadline`, from performance.now()) is nearer. A key
 * that does not match `keyPattern` reads as no session and is never sent to Redis, so that even a
 * cookie signed with a leaked key cannot name another Redis key.
 */
export function createSessionStore(
  client: RedisClient,
  timeoutMs: number,
  keyPattern: RegExp,
): SessionStore {
  const inner = redisStore({ client } as Parameters<typeof redisStore>[0]) as unknown as {
    get(key: string): Promise<unknown>;
    set(key: string, session: unknown, maxAge: number): Promise<unknown>;
    destroy(key: string): Promise<unknown>;
  };
  const limit = (options?: StoreCallOptions) => {
    const deadline = options?.ctx?.state.deadline;
    if (deadline === undefined) return timeoutMs;
    return Math.max(0, Math.min(timeoutMs, Math.round(deadline - performance.now())));
  };
  return {
    get: async (key, _maxAge, options) => {
      if (!keyPattern.test(key)) return undefined;
      return withDeadline('get', () => inner.get(key), limit(options));
    },
    set: async (key, session, maxAge, options) => {
      await withDeadline('set', () => inner.set(key, session, maxAge), limit(options));
    },
    destroy: async (key, options) => {
      if (!keyPattern.test(key)) return;
      await withDeadline('destroy', () => inner.destroy(key), limit(options));
    },
  };
}

async function withDeadline<T>(
  operation: string,
  start: () => Promise<T>,
  timeoutMs: number,
): Promise<T> {
  if (timeoutMs <= 0) {
    throw new SessionStoreUnavailableError(`session ${operation} skipped: request deadline passed`);
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([start(), deadline]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SessionStoreUnavailableError(`session ${operation} failed: ${reason}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}
