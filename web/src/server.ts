/**
 * Entry point: `npm start` runs this compiled file, configured by the environment alone. It stops
 * on SIGTERM the way Beanstalk expects: stop accepting, finish requests in flight, close Redis.
 */
import { createServer, type Server } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { createRedisClient, type RedisClient } from './session/redis-client.js';
import { STORE_TIMEOUT_MS } from './app.js';

/** The ALB forwards up to four 4 KB session cookie shards, beyond Node's 16 KB default. */
const MAX_HEADER_BYTES = 64 * 1024;

/** How long requests in flight may take to finish after SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

function main(): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG from sysexits.h
  }

  const logger = createLogger(config.logLevel);
  const redis = createRedisClient({
    ...config.redis,
    commandTimeoutMs: STORE_TIMEOUT_MS,
    logger,
  });
  const app = createApp({ config, logger, redis });
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app.callback());

  server.listen(config.port, config.host, () => {
    logger.info(
      {
        event: 'start',
        host: config.host,
        port: config.port,
        instance: config.instanceName,
        signIn: !!config.alb,
      },
      `listening on port ${config.port}`,
    );
  });
  process.once('SIGTERM', () => void shutdown(server, redis, logger));
  process.once('SIGINT', () => void shutdown(server, redis, logger));
}

async function shutdown(server: Server, redis: RedisClient, logger: Logger): Promise<void> {
  logger.info({ event: 'stop' }, 'stopping: finishing requests in flight');
  const forced = setTimeout(() => {
    logger.warn({ event: 'stop' }, `requests still open after ${SHUTDOWN_GRACE_MS} ms; exiting`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  forced.unref();

  // A keep-alive connection turns idle once its last response is sent; close it then, rather
  // than when the client's keep-alive timer runs out.
  const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearInterval(closeIdle);
  await redis.quit().catch(() => redis.disconnect());
  logger.info({ event: 'stop' }, 'stopped');
  process.exit(0);
}

main();
