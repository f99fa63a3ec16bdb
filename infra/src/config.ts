/**
 * Deployment settings, read once from environment variables or cdktf context and validated here,
 * so that a wrong value stops `cdktf synth` with a message instead of failing halfway through an
 * apply.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The project's cdktf.json, whose `context` contains settings for `make synth` and the preflight. */
export const CDKTF_JSON = fileURLToPath(new URL('../../cdktf.json', import.meta.url));

export type CacheEngine = 'redis' | 'valkey';

/** The source of the HTTPS listener's certificate and of the app's host name. */
export type TlsMode =
  | { kind: 'route53'; domainName: string; hostedZoneId: string }
  | { kind: 'certificate'; domainName: string; certificateArn: string; hostedZoneId?: string }
  | { kind: 'demo' };

export interface InfraConfig {
  region: string;
  appName: string;
  tls: TlsMode;
  instanceType: string;
  minInstances: number;
  maxInstances: number;
  cacheEngine: CacheEngine;
  cacheNodeType: string;
  clusterMode: boolean;
  shards: number;
  replicas: number;
}

/** One setting: its environment variable, its cdktf context key and its schema. */
interface Setting {
  env: string;
  context: string;
  schema: z.ZodType;
  hint: string;
}

// Cognito rejects a domain prefix that contains these words, and the app name is that prefix.
const RESERVED_WORDS = ['aws', 'amazon', 'cognito'];

const appName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/)
  // ElastiCache rejects two hyphens in a row in the replication group id.
  .refine((name) => !name.includes('--'))
  .refine((name) => !RESERVED_WORDS.some((word) => name.includes(word)));

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const SETTINGS = {
  region: {
    env: 'AWS_REGION',
    context: 'region',
    schema: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/),
    hint: 'an AWS region such as eu-west-1',
  },
  appName: {
    env: 'APP_NAME',
    context: 'appName',
    schema: appName,
    hint:
      '3-20 lower-case letters, digits or single hyphens, starting with a letter, without ' +
      '"aws", "amazon" or "cognito"',
  },
  domainName: {
    env: 'DOMAIN_NAME',
    context: 'domainName',
    schema: z.string().regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/),
    hint: 'a lower-case host name such as app.example.com',
  },
  hostedZoneId: {
    env: 'HOSTED_ZONE_ID',
    context: 'hostedZoneId',
    schema: z.string().regex(/^Z[A-Z0-9]{1,31}$/),
    hint: 'a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ',
  },
  certificateArn: {
    env: 'CERTIFICATE_ARN',
    context: 'certificateArn',
    schema: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/),
    hint: 'an ACM certificate ARN in the deployment region',
  },
  instanceType: {
    env: 'INSTANCE_TYPE',
    context: 'instanceType',
    schema: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/),
    hint: 'an EC2 instance type such as t3.small',
  },
  minInstances: {
    env: 'MIN_INSTANCES',
    context: 'minInstances',
    schema: count(1, 100),
    hint: 'a whole number from 1 to 100',
  },
  maxInstances: {
    env: 'MAX_INSTANCES',
    context: 'maxInstances',
    schema: count(1, 100),
    hint: 'a whole number from 1 to 100',
  },
  cacheEngine: {
    env: 'CACHE_ENGINE',
    context: 'cacheEngine',
    schema: z.enum(['redis', 'valkey']),
    hint: '"redis" or "valkey"',
  },
  cacheNodeType: {
    env: 'CACHE_NODE_TYPE',
    context: 'cacheNodeType',
    schema: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/),
    hint: 'an ElastiCache node type such as cache.t4g.micro',
  },
  clusterMode: {
    env: 'CACHE_CLUSTER_MODE',
    context: 'clusterMode',
    schema: flag,
    hint: '"true" or "false"',
  },
  shards: {
    env: 'CACHE_SHARDS',
    context: 'shards',
    schema: count(1, 500),
    hint: 'a whole number from 1 to 500',
  },
  replicas: {
    env: 'CACHE_REPLICAS',
    context: 'replicas',
    schema: count(0, 5),
    hint: 'a whole number from 0 to 5',
  },
} satisfies Record<string, Setting>;

type SettingName = keyof typeof SETTINGS;

const DEFAULTS: Partial<Record<SettingName, string>> = {
  // NOTE: a default region keeps `make synth` working from a fresh clone. Deployments set their own.
  region: 'us-east-1',
  appName: 'koa-signin',
  instanceType: 't3.small',
  minInstances: '2',
  maxInstances: '4',
  cacheEngine: 'valkey',
  cacheNodeType: 'cache.t4g.micro',
  clusterMode: 'true',
  shards: '1',
  replicas: '1',
};

/** A setting that is missing, invalid or inconsistent with another one. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A lookup of a cdktf context value: a string, number or boolean from cdktf.json. */
export type ContextReader = (key: string) => unknown;

/**
 * Returns the cdktf context: the JSON in CDKTF_CONTEXT_JSON when the cdktf CLI started this
 * process, else the `context` object of the cdktf.json at `path` (empty when the file is missing).
 * `make synth` and the preflight run without the CLI, so they read the file themselves.
 * Throws a ConfigError when either source is not a JSON object.
 */
export function readCdktfContext(
  env: NodeJS.ProcessEnv,
  path: string = CDKTF_JSON,
): Record<string, unknown> {
  const fromCli = env.CDKTF_CONTEXT_JSON;
  if (fromCli !== undefined && fromCli !== '') return parseObject(fromCli, 'CDKTF_CONTEXT_JSON');
  if (!existsSync(path)) return {};
  const file = parseObject(readFileSync(path, 'utf8'), path);
  if (file.context === undefined) return {};
  if (!isObject(file.context)) {
    throw new ConfigError(`invalid "context" in ${path}: expected a JSON object`);
  }
  return file.context;
}

function parseObject(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`invalid JSON in ${source}: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new ConfigError(`invalid ${source}: expected a JSON object`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds the configuration from environment variables, then cdktf context, then defaults, in
 * that order of precedence. Throws a ConfigError that names the variable and the expected value.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  readContext: ContextReader = () => undefined,
): InfraConfig {
  const read: Reader = (name) => readSetting(name, env, readContext);
  const required = <N extends SettingName>(name: N): SettingValue<N> => {
    const value = read(name);
    if (value === undefined) throw new ConfigError(`missing ${SETTINGS[name].env}`);
    return value;
  };

  const config: InfraConfig = {
    region: required('region'),
    appName: required('appName'),
    tls: readTlsMode(read),
    instanceType: required('instanceType'),
    minInstances: required('minInstances'),
    maxInstances: required('maxInstances'),
    cacheEngine: required('cacheEngine'),
    cacheNodeType: required('cacheNodeType'),
    clusterMode: required('clusterMode'),
    shards: required('shards'),
    replicas: required('replicas'),
  };
  checkConsistency(config);
  return config;
}

type SettingValue<N extends SettingName> = z.output<(typeof SETTINGS)[N]['schema']>;

type Reader = <N extends SettingName>(name: N) => SettingValue<N> | undefined;

function readSetting<N extends SettingName>(
  name: N,
  env: NodeJS.ProcessEnv,
  readContext: ContextReader,
): SettingValue<N> | undefined {
  const setting: Setting = SETTINGS[name];
  const raw = rawValue(setting, env, readContext) ?? DEFAULTS[name];
  if (raw === undefined) return undefined;

  const result = setting.schema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      `invalid ${setting.env} (context "${setting.context}"): ${JSON.stringify(raw)}; ` +
        `set it to ${setting.hint}`,
    );
  }
  return result.data as SettingValue<N>;
}

function rawValue(setting: Setting, env: NodeJS.ProcessEnv, readContext: ContextReader) {
  const fromEnv = env[setting.env];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const fromContext = readContext(setting.context);
  if (fromContext === undefined || fromContext === null || fromContext === '') return undefined;
  return String(fromContext);
}

function readTlsMode(read: Reader): TlsMode {
  const domainName = read('domainName');
  const hostedZoneId = read('hostedZoneId');
  const certificateArn = read('certificateArn');

  if (domainName === undefined) {
    if (hostedZoneId !== undefined || certificateArn !== undefined) {
      throw new ConfigError(
        'missing DOMAIN_NAME: HOSTED_ZONE_ID and CERTIFICATE_ARN need the host name they serve; ' +
          'set DOMAIN_NAME, or unset both for the demo mode on the load balancer DNS name',
      );
    }
    return { kind: 'demo' };
  }
  if (certificateArn !== undefined) {
    return { kind: 'certificate', domainName, certificateArn, hostedZoneId };
  }
  if (hostedZoneId !== undefined) return { kind: 'route53', domainName, hostedZoneId };
  throw new ConfigError(
    `missing HOSTED_ZONE_ID or CERTIFICATE_ARN for DOMAIN_NAME ${domainName}: set the Route 53 ` +
      'hosted zone id to issue a certificate, or the ARN of an ACM certificate for that name',
  );
}

function checkConsistency(config: InfraConfig): void {
  if (config.minInstances > config.maxInstances) {
    throw new ConfigError(
      `invalid MIN_INSTANCES ${config.minInstances}: it exceeds MAX_INSTANCES ` +
        `${config.maxInstances}; lower MIN_INSTANCES or raise MAX_INSTANCES`,
    );
  }
  if (!config.clusterMode && config.shards !== 1) {
    throw new ConfigError(
      `invalid CACHE_SHARDS ${config.shards}: without cluster mode there is exactly one shard; ` +
        'set CACHE_SHARDS=1 or CACHE_CLUSTER_MODE=true',
    );
  }
}
