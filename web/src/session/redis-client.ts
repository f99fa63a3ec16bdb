/**
 * Builds the ioredis client for the session store. By default ioredis queues commands while it is
 * disconnected and retries each one up to 20 times, so a request could wait a minute or more.
 * Here a command fails at once while Redis is unreachable and times out after `commandTimeoutMs`,
 * and the client keeps reconnecting in the background.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log.js';

export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  url: string;
  cluster: boolean;
  commandTimeoutMs: number;
  logger: Logger;
  /** Extra CA certificates for `rediss://`; ElastiCache needs none beyond Node's own list. */
  tlsCa?: string;
}

export function createRedisClient(options: RedisClientOptions): RedisClient {
  const url = new URL(options.url);
  const common: RedisOptions = {
    username: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    // Node checks each connection's certificate against the host it connects to, which in
    // cluster mode is every node in turn, so no fixed server name is set here.
    tls: url.protocol === 'rediss:' ? { ca: options.tlsCa } : undefined,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  };
  const port = Number(url.port || 6379);

  const client = options.cluster
    ? new Cluster([{ host: url.hostname, port }], {
        redisOptions: common,
        enableOfflineQueue: false,
        clusterRetryStrategy: common.retryStrategy,
        // ElastiCache TLS certificates name the configuration endpoint, not the node addresses,
        // so keep the host name instead of resolving it to an IP address.
        dnsLookup: (address, callback) => callback(null, address),
      })
    : new Redis({ ...common, host: url.hostname, port, db: Number(url.pathname.slice(1) || 0) });

  logStateChanges(client, options.logger);
  return client;
}

/**
 * Logs each change between `ready` and `down` once, not every failed reconnect attempt, with the
 * count of errors seen while down.
 */
function logStateChanges(client: RedisClient, logger: Logger): void {
  let state: 'starting' | 'ready' | 'down' = 'starting';
  let errorsWhileDown = 0;

  client.on('ready', () => {
    if (state === 'ready') return;
    logger.info({ event: 'redis', state: 'ready', errorsWhileDown }, 'redis ready');
    state = 'ready';
    errorsWhileDown = 0;
  });
  const down = (error?: Error) => {
    if (error) errorsWhileDown++;
    if (state === 'down') return;
    state = 'down';
    logger.warn({ event: 'redis', state: 'down', err: error?.message }, 'redis connection lost');
  };
  client.on('error', down);
  client.on('close', () => down());
}
