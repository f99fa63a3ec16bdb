/**
 * Builds the ioredis client for the session store. ioredis by default queues commands while it is
 * disconnected and retries each one up to 20 times, so a request could wait for a minute or more;
 * here a command fails at once when Redis is away and times out after `commandTimeoutMs`, while the
 * client keeps reconnecting in the background.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log.js';

export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  url: string;
  cluster: boolean;
  commandTimeoutMs: number;
  logger: Logger;
}

export function createRedisClient(options: RedisClientOptions): RedisClient {
  const url = new URL(options.url);
  const common: RedisOptions = {
    username: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    tls: url.protocol === 'rediss:' ? { servername: url.hostname } : undefined,
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

/** Logs connection state changes once each, not every failed reconnect attempt. */
function logStateChanges(client: RedisClient, logger: Logger): void {
  let lastState = '';
  const report = (state: string, fields: Record<string, unknown> = {}) => {
    if (state === lastState) return;
    lastState = state;
    const level = state === 'ready' ? 'info' : 'warn';
    logger[level]({ event: 'redis', state, ...fields }, `redis ${state}`);
  };
  client.on('ready', () => report('ready'));
  client.on('error', (error: Error) => report('error', { err: error.message }));
  client.on('end', () => report('end'));
}
