import { expect } from 'chai';
import { ConfigError, defaultKeyUrl, loadConfig } from '../src/config.js';
import { ALB_ARN, CLIENT_ID, ISSUER, testEnv } from './helpers/fixture.js';

const production = (overrides: NodeJS.ProcessEnv = {}) => ({
  ...testEnv('https://keys.example', 'rediss://:secret@cache.example:6379'),
  ALB_KEY_URL: undefined,
  NODE_ENV: 'production',
  ...overrides,
});

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('configuration was accepted');
}

describe('loadConfig()', () => {
  it('reads a complete production environment', () => {
    const config = loadConfig(
      production({ ALB_ARN: `${ALB_ARN}, ${ALB_ARN.replace('demo', 'b')}` }),
    );
    expect(config.production).to.equal(true);
    expect(config.port).to.equal(8080);
    expect(config.alb).to.deep.equal({
      region: 'eu-west-1',
      signers: [ALB_ARN, ALB_ARN.replace('demo', 'b')],
      keyUrl: 'https://public-keys.auth.elb.eu-west-1.amazonaws.com',
      issuer: ISSUER,
      clientId: CLIENT_ID,
    });
    expect(config.redis).to.deep.equal({
      url: 'rediss://:secret@cache.example:6379',
      cluster: false,
    });
  });

  for (const name of [
    'ALB_ARN',
    'COGNITO_ISSUER',
    'COGNITO_CLIENT_ID',
    'AWS_REGION',
    'SESSION_KEYS',
    'REDIS_URL',
  ]) {
    it(`names ${name} when production lacks it`, () => {
      const error = configError(production({ [name]: undefined }));
      expect(error.code).to.equal('ERR_CONFIG');
      expect(error.message).to.match(
        new RegExp(`^missing configuration: ${name}\\. NODE_ENV=production requires`),
      );
    });
  }

  const invalid: [string, string, RegExp][] = [
    ['ALB_ARN', 'arn:aws:iam::123456789012:role/x', /ALB_ARN="arn:aws:iam.*": expected an ALB ARN/],
    ['REDIS_URL', 'http://cache:6379', /REDIS_URL="http:\/\/cache:6379"/],
    ['SESSION_KEYS', 'short', /SESSION_KEYS=\(hidden\): each key needs 16 characters or more/],
    ['AWS_REGION', 'Europe', /AWS_REGION="Europe": expected a region such as eu-west-1/],
    ['PORT', '99999', /PORT="99999": expected a port from 1 to 65535/],
    ['PORT', 'abc', /PORT="abc": expected a port from 1 to 65535/],
    ['COGNITO_ISSUER', 'not a url', /COGNITO_ISSUER="not a url"/],
    ['REDIS_CLUSTER', 'yes', /REDIS_CLUSTER="yes"/],
  ];
  for (const [name, value, message] of invalid) {
    it(`rejects ${name}=${value}`, () => {
      expect(configError(production({ [name]: value })).message).to.match(message);
    });
  }

  it('rejects an unknown NODE_ENV', () => {
    expect(configError(production({ NODE_ENV: 'prod' })).message).to.match(
      /^invalid configuration:\n {2}NODE_ENV="prod": /,
    );
  });

  it('rejects a base URL with a query or fragment', () => {
    for (const [name, value] of [
      ['APP_URL', 'https://a.example/?x=1'],
      ['COGNITO_DOMAIN', 'https://a.example#x'],
    ] as const) {
      expect(configError(production({ [name]: value })).message).to.contain(
        `${name}="${value}": expected a base URL without ? or #`,
      );
    }
  });

  it('hides the Redis password in an error', () => {
    const error = configError(production({ REDIS_URL: 'http://:hunter2@cache.example:6379' }));
    expect(error.message).to.contain('REDIS_URL="http://***@cache.example:6379"');
    expect(error.message).not.to.contain('hunter2');
  });

  it('needs SESSION_KEYS whenever sign-in is on', () => {
    const env = { ...production({ SESSION_KEYS: undefined }), NODE_ENV: 'development' };
    expect(configError(env).message).to.match(
      /^missing configuration: SESSION_KEYS\. With sign-in on/,
    );
  });

  it('rejects a plain HTTP key URL in production', () => {
    const error = configError(production({ ALB_KEY_URL: 'http://keys.example' }));
    expect(error.message).to.match(
      /^invalid configuration: ALB_KEY_URL must be https in production/,
    );
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ PORT: '', NODE_ENV: '', REDIS_URL: '', INSTANCE_NAME: 'x' });
    expect(config.port).to.equal(8080);
    expect(config.production).to.equal(false);
    expect(config.redis.url).to.equal('redis://127.0.0.1:6379');
  });

  it('says which form a Redis URL needs', () => {
    expect(configError({ REDIS_URL: '127.0.0.1:6379' }).message).to.contain(
      'REDIS_URL="127.0.0.1:6379": expected redis://HOST:PORT or rediss://HOST:PORT',
    );
  });

  it('reads the listen address from HOST', () => {
    expect(loadConfig({ HOST: '127.0.0.1' }).host).to.equal('127.0.0.1');
    expect(loadConfig({}).host).to.equal(undefined);
  });

  it('runs without sign-in outside production when no ALB setting is given', () => {
    const config = loadConfig({});
    expect(config.alb).to.equal(undefined);
    expect(config.redis.url).to.equal('redis://127.0.0.1:6379');
  });

  it('asks for the rest of the ALB settings once one is given', () => {
    const error = configError({ ALB_ARN });
    expect(error.message).to.match(
      /^missing configuration: AWS_REGION, COGNITO_ISSUER, COGNITO_CLIENT_ID\./,
    );
  });

  it('accepts an ALB ARN in GovCloud', () => {
    const arn = ALB_ARN.replace('arn:aws:', 'arn:aws-us-gov:').replace(
      'eu-west-1',
      'us-gov-west-1',
    );
    const config = loadConfig(production({ ALB_ARN: arn, AWS_REGION: 'us-gov-west-1' }));
    expect(config.alb?.signers).to.deep.equal([arn]);
    expect(config.alb?.keyUrl).to.equal(
      'https://s3-us-gov-west-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-west-1',
    );
  });
});

describe('defaultKeyUrl()', () => {
  it('uses the regional public-keys host', () => {
    expect(defaultKeyUrl('ap-southeast-2')).to.equal(
      'https://public-keys.auth.elb.ap-southeast-2.amazonaws.com',
    );
  });
});
