import { expect } from 'chai';
import { ConfigError, loadConfig } from '../src/config.js';

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
