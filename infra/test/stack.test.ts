import { expect } from 'chai';
import { onlyResource, refTo, resourcesOf, synthStack, type Block } from './helpers.js';

describe('AppStack', () => {
  const json = synthStack();

  it('declares the aws, random and tls providers', () => {
    const providers = json.terraform.required_providers as Record<string, { source: string }>;
    expect(Object.keys(providers).sort()).to.deep.equal(['aws', 'random', 'tls']);
  });

  it('outputs the app URL, user pool id and sign-in URL', () => {
    const dnsName = refTo(json, 'aws_lb', 'dns_name').slice(2, -1);
    const appUrl = `https://\${lower(${dnsName})}`;
    expect(json.output.app_url?.value).to.equal(appUrl);
    expect(json.output.user_pool_id?.value).to.equal(refTo(json, 'aws_cognito_user_pool', 'id'));
    expect(json.output.sign_in_url?.value).to.equal(`${appUrl}/private`);
  });

  it('creates the environment after the HTTP listener and the cache', () => {
    const environment = onlyResource(json, 'aws_elastic_beanstalk_environment');
    expect(environment.depends_on).to.deep.equal([
      refTo(json, 'aws_lb_listener', 'arn', '/load-balancer/http').slice(2, -5),
      refTo(json, 'aws_elasticache_replication_group', 'id').slice(2, -4),
    ]);
  });
});

describe('AppStack security policy', () => {
  const json = synthStack();
  const albGroup = refTo(json, 'aws_security_group', 'id', '/network/alb');

  it('admits 0.0.0.0/0 only to the ALB on 80 and 443', () => {
    const open = Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).filter(
      (rule) => rule.cidr_ipv4 === '0.0.0.0/0' || rule.cidr_ipv6 === '::/0',
    );
    expect(
      open.map((rule) => [rule.security_group_id, rule.from_port, rule.to_port]),
    ).to.deep.equal([
      [albGroup, 80, 80],
      [albGroup, 443, 443],
    ]);
  });

  it('keeps every ingress rule to one port', () => {
    for (const rule of Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'))) {
      expect(rule.from_port).to.equal(rule.to_port);
      expect(rule.ip_protocol).to.equal('tcp');
    }
  });

  it('encrypts the cache in transit and at rest', () => {
    const group = onlyResource(json, 'aws_elasticache_replication_group');
    expect(group.transit_encryption_enabled).to.equal(true);
    expect(group.at_rest_encryption_enabled).to.equal('true');
  });

  it('disables IMDSv1 on the instances', () => {
    const settings = onlyResource(json, 'aws_elastic_beanstalk_environment').setting as Block[];
    expect(settings).to.deep.include({
      namespace: 'aws:autoscaling:launchconfiguration',
      name: 'DisableIMDSv1',
      value: 'true',
    });
  });

  it('blocks public access to every bucket', () => {
    const buckets = Object.keys(resourcesOf(json, 'aws_s3_bucket'));
    const blocked = Object.values(resourcesOf(json, 'aws_s3_bucket_public_access_block'));
    expect(blocked.map((block) => block.bucket)).to.deep.equal(
      buckets.map((id) => `\${aws_s3_bucket.${id}.id}`),
    );
  });

  it('serves the listener over HTTPS only', () => {
    for (const listener of Object.values(resourcesOf(json, 'aws_lb_listener'))) {
      if (listener.protocol === 'HTTP') {
        expect((listener.default_action as Block[])[0]?.type).to.equal('redirect');
      } else {
        expect(listener.protocol).to.equal('HTTPS');
      }
    }
  });

  it('keeps generated secrets free of URL and separator characters', () => {
    for (const password of Object.values(resourcesOf(json, 'random_password'))) {
      expect(password.special).to.equal(false);
      expect(password.length).to.equal(64);
    }
  });
});
