import { expect } from 'chai';
import { findInvalidOptions } from '../src/beanstalk-options.js';
import { onlyData, onlyResource, refTo, synthStack } from './helpers.js';

interface Setting {
  namespace: string;
  name: string;
  value: string;
}

describe('BeanstalkEnvironment', () => {
  const json = synthStack();
  const environment = onlyResource(json, 'aws_elastic_beanstalk_environment');
  const settings = environment.setting as Setting[];
  const valueOf = (namespace: string, name: string) => {
    const matches = settings.filter((s) => s.namespace === namespace && s.name === name);
    expect(matches, `${namespace} ${name}`).to.have.length(1);
    return matches[0]?.value;
  };
  const property = (name: string) => valueOf('aws:elasticbeanstalk:application:environment', name);

  it('uses only option names Beanstalk knows', () => {
    expect(settings.length).to.be.greaterThan(30);
    expect(findInvalidOptions(settings)).to.deep.equal([]);
  });

  it('runs the newest AL2023 Node.js 22 platform', () => {
    const platform = onlyData(json, 'aws_elastic_beanstalk_solution_stack');
    expect(platform.most_recent).to.equal(true);
    expect(
      new RegExp(platform.name_regex as string).test(
        '64bit Amazon Linux 2023 v6.6.1 running Node.js 22',
      ),
    ).to.equal(true);
    expect(environment.solution_stack_name).to.equal(
      `\${data.aws_elastic_beanstalk_solution_stack.${Object.keys(json.data.aws_elastic_beanstalk_solution_stack ?? {})[0]}.name}`,
    );
  });

  it('joins the stack ALB as a shared load balancer', () => {
    expect(valueOf('aws:elasticbeanstalk:environment', 'LoadBalancerIsShared')).to.equal('true');
    expect(valueOf('aws:elasticbeanstalk:environment', 'LoadBalancerType')).to.equal('application');
    expect(valueOf('aws:elbv2:loadbalancer', 'SharedLoadBalancer')).to.equal(
      refTo(json, 'aws_lb', 'arn'),
    );
  });

  it('leaves load balancer subnets to the shared ALB', () => {
    const names = settings.filter((s) => s.namespace === 'aws:ec2:vpc').map((s) => s.name);
    expect(names).to.deep.equal(['VPCId', 'Subnets', 'AssociatePublicIpAddress']);
  });

  it('allows IMDSv2 only', () => {
    expect(valueOf('aws:autoscaling:launchconfiguration', 'DisableIMDSv1')).to.equal('true');
  });

  it('checks health on /healthz without stickiness', () => {
    const process = 'aws:elasticbeanstalk:environment:process:default';
    expect(valueOf(process, 'HealthCheckPath')).to.equal('/healthz');
    expect(valueOf(process, 'StickinessEnabled')).to.equal('false');
  });

  it('deploys in rolling batches', () => {
    expect(valueOf('aws:elasticbeanstalk:command', 'DeploymentPolicy')).to.equal('Rolling');
    expect(valueOf('aws:autoscaling:updatepolicy:rollingupdate', 'RollingUpdateType')).to.equal(
      'Health',
    );
  });

  it('scales between two and four instances', () => {
    expect(valueOf('aws:autoscaling:asg', 'MinSize')).to.equal('2');
    expect(valueOf('aws:autoscaling:asg', 'MaxSize')).to.equal('4');
    expect(valueOf('aws:ec2:instances', 'InstanceTypes')).to.equal('t3.small');
  });

  it('uses the stack roles and security group', () => {
    expect(valueOf('aws:elasticbeanstalk:environment', 'ServiceRole')).to.equal(
      refTo(json, 'aws_iam_role', 'arn', '/roles/service-role'),
    );
    expect(valueOf('aws:autoscaling:launchconfiguration', 'IamInstanceProfile')).to.equal(
      refTo(json, 'aws_iam_instance_profile', 'name'),
    );
    expect(valueOf('aws:autoscaling:launchconfiguration', 'SecurityGroups')).to.equal(
      refTo(json, 'aws_security_group', 'id', '/network/app'),
    );
  });

  it('deploys the bundle version', () => {
    expect(environment.version_label).to.equal(
      refTo(json, 'aws_elastic_beanstalk_application_version', 'name'),
    );
  });

  it('passes ALB_ARN from the ALB', () => {
    expect(property('ALB_ARN')).to.equal(refTo(json, 'aws_lb', 'arn'));
  });

  it('passes the Cognito issuer, client and domain', () => {
    const domain = refTo(json, 'aws_cognito_user_pool_domain', 'domain');
    expect(property('COGNITO_ISSUER')).to.equal(
      `https://${refTo(json, 'aws_cognito_user_pool', 'endpoint')}`,
    );
    expect(property('COGNITO_CLIENT_ID')).to.equal(
      refTo(json, 'aws_cognito_user_pool_client', 'id'),
    );
    expect(property('COGNITO_DOMAIN')).to.equal(
      `https://${domain}.auth.us-east-1.amazoncognito.com`,
    );
  });

  it('passes a TLS Redis URL with the AUTH token', () => {
    const token = refTo(json, 'random_password', 'result', '/cache/auth-token');
    const host = refTo(json, 'aws_elasticache_replication_group', 'configuration_endpoint_address');
    expect(property('REDIS_URL')).to.equal(`rediss://:${token}@${host}:6379`);
    expect(property('REDIS_CLUSTER')).to.equal('true');
  });

  it('passes the session key, region, port and app URL', () => {
    expect(property('SESSION_KEYS')).to.equal(
      refTo(json, 'random_password', 'result', '/session-key'),
    );
    expect(property('AWS_REGION')).to.equal('us-east-1');
    expect(property('PORT')).to.equal('8080');
    expect(property('NODE_ENV')).to.equal('production');
    const dnsName = refTo(json, 'aws_lb', 'dns_name').slice(2, -1);
    expect(property('APP_URL')).to.equal(`https://\${lower(${dnsName})}`);
  });

  it('uses the primary endpoint without cluster mode', () => {
    const plain = synthStack({ CACHE_CLUSTER_MODE: 'false' });
    const plainSettings = onlyResource(plain, 'aws_elastic_beanstalk_environment')
      .setting as Setting[];
    const url = plainSettings.find((s) => s.name === 'REDIS_URL')?.value;
    const host = refTo(plain, 'aws_elasticache_replication_group', 'primary_endpoint_address');
    expect(url).to.match(new RegExp(`@${escape(host)}:6379$`));
    expect(plainSettings.find((s) => s.name === 'REDIS_CLUSTER')?.value).to.equal('false');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
