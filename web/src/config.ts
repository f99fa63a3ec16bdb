/**
 * Configuration from environment variables only, validated once at start-up. A missing or invalid
 * value stops the process with a message that names the variable and the fix.
 */
import { hostname } from 'node:os';
import { z } from 'zod';

export interface Config {
  port: number;
  /** Listen address; undefined listens on every interface, as Node does by default. */
  host?: string;
  production: boolean;
  logLevel: string;
  instanceName: string;
  redis: { url: string; cluster: boolean };
  sessionKeys: string[];
  /** Token checks; undefined when sign-in is not configured (outside production only). */
  alb?: AlbConfig;
  logout: { cognitoDomain?: string; clientId?: string; appUrl?: string; albCookie: string };
}

export interface AlbConfig {
  region: string;
  signers: string[];
  keyUrl: string;
  issuer: string;
  clientId: string;
}

export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG';
}

const ALB_ARN_PATTERN =
  /^arn:aws(-[a-z]+)*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

const PORT_MESSAGE = 'expected a port from 1 to 65535';

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

const list = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()))
  .pipe(z.array(z.string().min(1)).min(1));

/** A base URL that paths are appended to, so it has no query or fragment. */
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an https:// URL' })
  .refine((value) => !/[?#]/.test(value), 'expected a base URL without ? or #')
  .transform((value) => value.replace(/\/+$/, ''));

const EnvSchema = z.object({
  PORT: z.coerce
    .number(PORT_MESSAGE)
    .int(PORT_MESSAGE)
    .min(1, PORT_MESSAGE)
    .max(65535, PORT_MESSAGE)
    .default(8080),
  HOST: z
    .string()
    .regex(/^[\w.:-]{1,255}$/, 'expected an address such as 127.0.0.1')
    .optional(),
  NODE_ENV: z
    .enum(['production', 'development', 'test'], 'expected production, development or test')
    .optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'expected a pino level')
    .default('info'),
  INSTANCE_NAME: z.string().min(1).optional(),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'expected redis://HOST:PORT or rediss://HOST:PORT' })
    .optional(),
  REDIS_CLUSTER: z.enum(['true', 'false'], 'expected true or false').default('false'),
  SESSION_KEYS: list
    .pipe(z.array(z.string().min(16, 'each key needs 16 characters or more')))
    .optional(),
  AWS_REGION: z.string().regex(REGION_PATTERN, 'expected a region such as eu-west-1').optional(),
  ALB_ARN: list.pipe(z.array(z.string().regex(ALB_ARN_PATTERN, 'expected an ALB ARN'))).optional(),
  ALB_KEY_URL: httpUrl.optional(),
  COGNITO_ISSUER: httpUrl.optional(),
  COGNITO_CLIENT_ID: z
    .string()
    .regex(/^[\w+]{1,128}$/, 'expected an app client id')
    .optional(),
  COGNITO_DOMAIN: httpUrl.optional(),
  APP_URL: httpUrl.optional(),
  ALB_SESSION_COOKIE: z
    .string()
    .regex(/^[\w-]{1,64}$/, 'expected up to 64 letters, digits, _ or -')
    .default('AWSELBAuthSessionCookie'),
});

type Env = z.infer<typeof EnvSchema>;

/** Settings that production cannot run without: sign-in checks, logout and the session store. */
const REQUIRED_IN_PRODUCTION = [
  'REDIS_URL',
  'SESSION_KEYS',
  'AWS_REGION',
  'ALB_ARN',
  'COGNITO_ISSUER',
  'COGNITO_CLIENT_ID',
  'COGNITO_DOMAIN',
  'APP_URL',
] as const;

/** Settings that switch on token checks; outside production they come all together or not at all. */
const ALB_SETTINGS = ['AWS_REGION', 'ALB_ARN', 'COGNITO_ISSUER', 'COGNITO_CLIENT_ID'] as const;

/** Parses and checks the environment, throwing a ConfigError that lists every problem. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset, as `VAR=` in a shell or a blank Beanstalk property means.
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${showValue(name, source[name])}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  checkRequired(env, production);
  checkSafe(env, production);

  return {
    port: env.PORT,
    host: env.HOST,
    production,
    logLevel: env.LOG_LEVEL,
    instanceName: env.INSTANCE_NAME ?? hostname(),
    redis: {
      url: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      cluster: env.REDIS_CLUSTER === 'true',
    },
    sessionKeys: env.SESSION_KEYS ?? ['insecure-development-session-key'],
    alb: albConfig(env),
    logout: {
      cognitoDomain: env.COGNITO_DOMAIN,
      clientId: env.COGNITO_CLIENT_ID,
      appUrl: env.APP_URL,
      albCookie: env.ALB_SESSION_COOKIE,
    },
  };
}

function checkRequired(env: Env, production: boolean): void {
  const required: readonly (keyof Env)[] = production
    ? REQUIRED_IN_PRODUCTION
    : ALB_SETTINGS.some((name) => env[name] !== undefined)
      ? ALB_SETTINGS
      : [];
  const missing = required.filter((name) => env[name] === undefined);
  if (missing.length === 0) return;
  const names = required.join(', ');
  const fix = production
    ? `NODE_ENV=production requires ${names}; set them as environment variables (Beanstalk environment properties).`
    : `Token checks need all of ${names}; set the rest as environment variables, or unset them all.`;
  throw new ConfigError(`missing configuration: ${missing.join(', ')}. ${fix}`);
}

/** Settings that would let a stranger forge a session or a token, refused wherever sign-in is on. */
function checkSafe(env: Env, production: boolean): void {
  if (env.ALB_ARN !== undefined && env.SESSION_KEYS === undefined) {
    throw new ConfigError(
      'missing configuration: SESSION_KEYS. With sign-in on, the built-in development key ' +
        'would let anyone sign session cookies; set SESSION_KEYS to a random secret.',
    );
  }
  if (production && env.ALB_KEY_URL && !isHttpsOrLoopback(env.ALB_KEY_URL)) {
    throw new ConfigError(
      'invalid configuration: ALB_KEY_URL must be https in production (plain HTTP only to ' +
        '127.0.0.1, localhost or [::1]), because a key fetched over a network in plain HTTP ' +
        'could be replaced on the way.',
    );
  }
}

/** Plain HTTP is allowed only to this machine, where no network lies between the two ends. */
function isHttpsOrLoopback(value: string): boolean {
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Shows a rejected value in an error, without the secrets it may hold. */
function showValue(name: string, value: string | undefined): string {
  if (value === undefined) return '(unset)';
  if (name === 'SESSION_KEYS') return '(hidden)';
  return JSON.stringify(value.replace(/\/\/[^/@]*@/, '//***@'));
}

function albConfig(env: Env): AlbConfig | undefined {
  if (!env.AWS_REGION || !env.ALB_ARN || !env.COGNITO_ISSUER || !env.COGNITO_CLIENT_ID) {
    return undefined;
  }
  return {
    region: env.AWS_REGION,
    signers: env.ALB_ARN,
    keyUrl: env.ALB_KEY_URL ?? defaultKeyUrl(env.AWS_REGION),
    issuer: env.COGNITO_ISSUER,
    clientId: env.COGNITO_CLIENT_ID,
  };
}

/**
 * Returns the base URL of the ALB public-key endpoint for a region. GovCloud serves its keys from
 * S3 buckets instead of the `public-keys.auth.elb` host.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
 */
export function defaultKeyUrl(region: string): string {
  if (region.startsWith('us-gov-')) {
    return `https://s3-${region}.amazonaws.com/aws-elb-public-keys-prod-${region}`;
  }
  return `https://public-keys.auth.elb.${region}.amazonaws.com`;
}
