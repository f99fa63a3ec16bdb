/**
 * The session store and its failure policy, decided here and nowhere else: every call to Redis
 * has a deadline, and any failure or timeout becomes a SessionStoreUnavailableError, which the
 * error middleware turns into a 503 page. Pages that never load a session do not call the store.
 */
import redisStore from 'koa-redis';
import type { RedisClient } from './redis-client.js';

/** The session store failed or timed out, so the request gets a 503. */
export class SessionStoreUnavailableError extends Error {
  readonly status = 503;
  readonly code = 'session_store_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionStoreUnavailableError';
  }
}

export interface SessionStore {
  get(key: string, maxAge: number, options: object): Promise<unknown>;
  set(key: string, session: unknown, maxAge: number, options: object): Promise<void>;
  destroy(key: string, options?: object): Promise<void>;
}

/** Wraps koa-redis around the given client, with a deadline of `timeoutMs` on each call. */
export function createSessionStore(client: RedisClient, timeoutMs: number): SessionStore {
  const inner = redisStore({ client } as Parameters<typeof redisStore>[0]) as unknown as {
    get(key: string): Promise<unknown>;
    set(key: string, session: unknown, maxAge: number): Promise<unknown>;
    destroy(key: string): Promise<unknown>;
  };
  return {
    get: (key) => withDeadline('get', inner.get(key), timeoutMs),
    set: async (key, session, maxAge) => {
      await withDeadline('set', inner.set(key, session, maxAge), timeoutMs);
    },
    destroy: async (key) => {
      await withDeadline('destroy', inner.destroy(key), timeoutMs);
    },
  };
}

async function withDeadline<T>(operation: string, call: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([call, deadline]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SessionStoreUnavailableError(`session ${operation} failed: ${reason}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}
