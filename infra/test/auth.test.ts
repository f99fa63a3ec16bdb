import { expect } from 'chai';
import { onlyResource, refTo, synthStack } from './helpers.js';

describe('Auth', () => {
  const json = synthStack();
  const client = onlyResource(json, 'aws_cognito_user_pool_client');
  const albDns = refTo(json, 'aws_lb', 'dns_name');
  const host = `\${lower(${albDns.slice(2, -1)})}`;

  it('signs users in by email with self sign-up and verification', () => {
    const pool = onlyResource(json, 'aws_cognito_user_pool');
    expect(pool.username_attributes).to.deep.equal(['email']);
    expect(pool.auto_verified_attributes).to.deep.equal(['email']);
    expect(pool.admin_create_user_config).to.deep.equal({ allow_admin_create_user_only: false });
  });

  it('sets a password policy and optional TOTP MFA', () => {
    const pool = onlyResource(json, 'aws_cognito_user_pool');
    expect(pool.password_policy).to.include({ minimum_length: 12, require_numbers: true });
    expect(pool.mfa_configuration).to.equal('OPTIONAL');
    expect(pool.software_token_mfa_configuration).to.deep.equal({ enabled: true });
  });

  it('uses the classic hosted UI on a suffixed domain', () => {
    const domain = onlyResource(json, 'aws_cognito_user_pool_domain');
    expect(domain.managed_login_version).to.equal(1);
    expect(domain.domain).to.equal(`koa-signin-${refTo(json, 'random_id', 'hex')}`);
  });

  it('registers the lower-case ALB host as callback', () => {
    expect(client.callback_urls).to.deep.equal([`https://${host}/oauth2/idpresponse`]);
  });

  it('registers the app root as logout_uri', () => {
    expect(client.logout_urls).to.deep.equal([`https://${host}/`]);
  });

  it('makes a confidential code-grant client', () => {
    expect(client.generate_secret).to.equal(true);
    expect(client.allowed_oauth_flows).to.deep.equal(['code']);
    expect(client.allowed_oauth_flows_user_pool_client).to.equal(true);
    expect(client.allowed_oauth_scopes).to.deep.equal(['openid', 'email', 'profile']);
    expect(client.supported_identity_providers).to.deep.equal(['COGNITO']);
  });

  it('uses the configured domain when there is one', () => {
    const withDomain = synthStack({ DOMAIN_NAME: 'app.example.com', HOSTED_ZONE_ID: 'Z123ABC' });
    const domainClient = onlyResource(withDomain, 'aws_cognito_user_pool_client');
    expect(domainClient.callback_urls).to.deep.equal([
      'https://app.example.com/oauth2/idpresponse',
    ]);
  });
});
