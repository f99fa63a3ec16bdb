/**
 * A test fixture with real parts: a private redis-server, a loopback key server, an ALB-style
 * token signer and app instances built as the service builds them, logging into memory.
 */
import { Writable } from 'node:stream';
import type Koa from 'koa';
import type { DestinationStream } from 'pino';
import { createApp } from '../../src/app.js';
import type { GetKey } from '../../src/alb/keys.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { createRedisClient, type RedisClient } from '../../src/session/redis-client.js';
import { createAlbTokenSigner, type AlbTokenSigner } from '../../../scripts/lib/alb-token.js';
import { startKeyServer, type KeyServer } from '../../../scripts/lib/key-server.js';
import { startRedisServer, type RedisServer } from '../../../scripts/lib/redis-server.js';

export const ALB_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/demo/0123456789abcdef';
export const OTHER_ALB_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/other/fedcba9876543210';
export const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool1';
export const CLIENT_ID = 'testclient1234567890abcdef';
export const COGNITO_DOMAIN = 'https://demo-app.auth.eu-west-1.amazoncognito.com';
export const APP_URL = 'https://app.example.com';

export const ALICE = {
  sub: '11111111-aaaa-4aaa-8aaa-111111111111',
  email: 'alice@example.com',
  email_verified: 'true',
  username: 'alice',
};
export const BOB = {
  sub: '22222222-bbbb-4bbb-8bbb-222222222222',
  email: 'bob@example.com',
  email_verified: 'true',
  username: 'bob',
};

/** Log lines captured from an app, parsed. */
export class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      this.lines.push(JSON.parse(line));
    done();
  }
  find(event: string): Record<string, unknown>[] {
    return this.lines.filter((line) => line.event === event);
  }
}

export function testEnv(keyUrl: string, redisUrl: string): NodeJS.ProcessEnv {
  return {
    REDIS_URL: redisUrl,
    SESSION_KEYS: 'test-session-key-0123456789',
    AWS_REGION: 'eu-west-1',
    ALB_ARN,
    ALB_KEY_URL: keyUrl,
    COGNITO_ISSUER: ISSUER,
    COGNITO_CLIENT_ID: CLIENT_ID,
    COGNITO_DOMAIN,
    APP_URL,
    LOG_LEVEL: 'debug',
  };
}

export interface Instance {
  app: Koa;
  callback: ReturnType<Koa['callback']>;
  logs: LogLines;
  redis: RedisClient;
}

export interface InstanceOptions {
  env?: NodeJS.ProcessEnv;
  getKey?: GetKey;
  logLevel?: string;
  /** Where log lines go instead of the instance's `logs`. */
  logTo?: DestinationStream;
}

export class Fixture {
  readonly clients: RedisClient[] = [];

  private constructor(
    readonly redisServer: RedisServer,
    readonly keyServer: KeyServer,
    readonly signer: AlbTokenSigner,
  ) {}

  static async start(): Promise<Fixture> {
    const [redisServer, keyServer] = await Promise.all([startRedisServer(), startKeyServer()]);
    const signer = createAlbTokenSigner();
    keyServer.addKey(signer.kid, signer.publicKeyPem);
    return new Fixture(redisServer, keyServer, signer);
  }

  /** Builds one app instance; two instances share Redis as two EC2 instances would. */
  instance(name: string, options: InstanceOptions = {}): Instance {
    const env = { ...testEnv(this.keyServer.url, this.redisServer.url), INSTANCE_NAME: name };
    const config = loadConfig({ ...env, ...options.env });
    const logs = new LogLines();
    const logger = createLogger(options.logLevel ?? 'debug', options.logTo ?? logs);
    const redis = createRedisClient({ ...config.redis, commandTimeoutMs: 1000, logger });
    this.clients.push(redis);
    const app = createApp({ config, logger, redis, getKey: options.getKey });
    return { app, callback: app.callback(), logs, redis };
  }

  /** Creates a signer with a new key that the key server serves, as after an ALB key rotation. */
  addSigner(): AlbTokenSigner {
    const signer = createAlbTokenSigner();
    this.keyServer.addKey(signer.kid, signer.publicKeyPem);
    return signer;
  }

  /** Signs a token for a user, valid for ten minutes unless `fields` sets another exp. */
  token(
    claims: Record<string, unknown> = ALICE,
    fields: Partial<TokenFields> = {},
    signer = this.signer,
  ): string {
    return signer.sign({
      signer: ALB_ARN,
      client: CLIENT_ID,
      issuer: ISSUER,
      exp: Math.floor(Date.now() / 1000) + 600,
      claims,
      ...fields,
    });
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    await Promise.all([this.redisServer.stop(), this.keyServer.close()]);
  }
}

type TokenFields = Parameters<AlbTokenSigner['sign']>[0];

/** Returns the `name=value` pairs of a response's Set-Cookie headers, for the next request. */
export function cookiesFrom(setCookie: string | string[] | undefined): string {
  if (setCookie === undefined) return '';
  const headers = Array.isArray(setCookie) ? setCookie : [setCookie];
  return headers.map((header) => header.split(';')[0]).join('; ');
}
