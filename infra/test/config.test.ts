import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig, readCdktfContext } from '../src/config.js';

/** Writes a cdktf.json with the given content to a new temporary folder and returns its path. */
function writeCdktfJson(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cdktf-json-')), 'cdktf.json');
  writeFileSync(path, content);
  return path;
}

function expectConfigError(env: NodeJS.ProcessEnv, message: string): void {
  let caught: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    caught = error;
  }
  expect(caught).to.be.instanceOf(ConfigError);
  expect((caught as ConfigError).code).to.equal('INVALID_CONFIG');
  expect((caught as ConfigError).message).to.equal(message);
}

describe('loadConfig(env, readContext)', () => {
  it('uses the defaults without any setting', () => {
    expect(loadConfig({})).to.deep.equal({
      region: 'us-east-1',
      appName: 'koa-signin',
      tls: { kind: 'demo' },
      instanceType: 't3.small',
      minInstances: 2,
      maxInstances: 4,
      cacheEngine: 'valkey',
      cacheNodeType: 'cache.t4g.micro',
      clusterMode: true,
      shards: 1,
      replicas: 1,
    });
  });

  it('prefers an environment variable to context', () => {
    const context: Record<string, unknown> = { region: 'eu-west-1', maxInstances: 6 };
    const config = loadConfig({ AWS_REGION: 'eu-central-1' }, (key) => context[key]);
    expect(config.region).to.equal('eu-central-1');
    expect(config.maxInstances).to.equal(6);
  });

  it('reads booleans and numbers from strings', () => {
    const config = loadConfig({ CACHE_CLUSTER_MODE: 'false', CACHE_REPLICAS: '0' });
    expect(config.clusterMode).to.equal(false);
    expect(config.replicas).to.equal(0);
  });

  it('selects Route 53 with a hosted zone', () => {
    const config = loadConfig({ DOMAIN_NAME: 'app.example.com', HOSTED_ZONE_ID: 'Z123ABC' });
    expect(config.tls).to.deep.equal({
      kind: 'route53',
      domainName: 'app.example.com',
      hostedZoneId: 'Z123ABC',
    });
  });

  it('selects an existing certificate by ARN', () => {
    const arn =
      'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
    const config = loadConfig({ DOMAIN_NAME: 'app.example.com', CERTIFICATE_ARN: arn });
    expect(config.tls).to.deep.equal({
      kind: 'certificate',
      domainName: 'app.example.com',
      certificateArn: arn,
      hostedZoneId: undefined,
    });
  });

  it('rejects an app name with two hyphens', () => {
    expect(() => loadConfig({ APP_NAME: 'koa--app' })).to.throw(ConfigError, /^invalid APP_NAME/);
  });

  it('rejects an invalid region', () => {
    expectConfigError(
      { AWS_REGION: 'Europe' },
      'invalid AWS_REGION (context "region"): "Europe"; set it to an AWS region such as eu-west-1',
    );
  });

  it('rejects an app name with a Cognito reserved word', () => {
    expectConfigError(
      { APP_NAME: 'my-cognito-app' },
      'invalid APP_NAME (context "appName"): "my-cognito-app"; set it to 3-20 lower-case ' +
        'letters, digits or single hyphens, starting with a letter, without "aws", "amazon" or ' +
        '"cognito"',
    );
  });

  it('rejects a domain without a zone or certificate', () => {
    expectConfigError(
      { DOMAIN_NAME: 'app.example.com' },
      'missing HOSTED_ZONE_ID or CERTIFICATE_ARN for DOMAIN_NAME app.example.com: set the ' +
        'Route 53 hosted zone id to issue a certificate, or the ARN of an ACM certificate for ' +
        'that name',
    );
  });

  it('rejects a hosted zone without a domain', () => {
    expectConfigError(
      { HOSTED_ZONE_ID: 'Z123ABC' },
      'missing DOMAIN_NAME: HOSTED_ZONE_ID and CERTIFICATE_ARN need the host name they serve; ' +
        'set DOMAIN_NAME, or unset both for the demo mode on the load balancer DNS name',
    );
  });

  it('rejects more minimum than maximum instances', () => {
    expectConfigError(
      { MIN_INSTANCES: '5' },
      'invalid MIN_INSTANCES 5: it exceeds MAX_INSTANCES 4; lower MIN_INSTANCES or raise ' +
        'MAX_INSTANCES',
    );
  });

  it('rejects several shards without cluster mode', () => {
    expectConfigError(
      { CACHE_CLUSTER_MODE: 'false', CACHE_SHARDS: '2' },
      'invalid CACHE_SHARDS 2: without cluster mode there is exactly one shard; set ' +
        'CACHE_SHARDS=1 or CACHE_CLUSTER_MODE=true',
    );
  });

  it('rejects an unknown cache engine', () => {
    expectConfigError(
      { CACHE_ENGINE: 'memcached' },
      'invalid CACHE_ENGINE (context "cacheEngine"): "memcached"; set it to "redis" or "valkey"',
    );
  });
});

describe('readCdktfContext(env, path)', () => {
  it('reads the context of cdktf.json', () => {
    const path = writeCdktfJson(JSON.stringify({ app: 'x', context: { appName: 'ctx-app' } }));
    const context = readCdktfContext({}, path);
    expect(context).to.deep.equal({ appName: 'ctx-app' });
    expect(loadConfig({}, (key) => context[key]).appName).to.equal('ctx-app');
  });

  it('lets an environment variable win over the file', () => {
    const path = writeCdktfJson(JSON.stringify({ context: { appName: 'ctx-app', shards: 3 } }));
    const context = readCdktfContext({}, path);
    const config = loadConfig({ APP_NAME: 'env-app' }, (key) => context[key]);
    expect(config.appName).to.equal('env-app');
    expect(config.shards).to.equal(3);
  });

  it('prefers the context the cdktf CLI passed', () => {
    const path = writeCdktfJson(JSON.stringify({ context: { appName: 'file-app' } }));
    const env = { CDKTF_CONTEXT_JSON: JSON.stringify({ appName: 'cli-app' }) };
    expect(readCdktfContext(env, path)).to.deep.equal({ appName: 'cli-app' });
  });

  it('returns no context without the file', () => {
    expect(readCdktfContext({}, join(tmpdir(), 'no-such-dir', 'cdktf.json'))).to.deep.equal({});
  });

  it('returns no context without a context key', () => {
    expect(readCdktfContext({}, writeCdktfJson('{"app":"x"}'))).to.deep.equal({});
  });

  it('rejects a context that is not an object', () => {
    const path = writeCdktfJson('{"context":["appName"]}');
    expect(() => readCdktfContext({}, path)).to.throw(
      ConfigError,
      `invalid "context" in ${path}: expected a JSON object`,
    );
  });

  it('rejects a file that is not JSON', () => {
    const path = writeCdktfJson('{');
    expect(() => readCdktfContext({}, path)).to.throw(ConfigError, `invalid JSON in ${path}: `);
  });

  it('reads the project cdktf.json by default', () => {
    expect(readCdktfContext({})).to.deep.equal({});
  });
});
