/**
 * The whole system in one stack: network, load balancer, Cognito, cache, bundle, Beanstalk
 * environment and listener rules, wired in the order AWS needs them.
 */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { RandomProvider } from '@cdktf/provider-random/lib/provider/index.js';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import { ACCESS_RULES } from '../../web/src/access-rules.js';
import { Auth } from './auth.js';
import { BundleStore, type BundleManifest } from './bundle.js';
import { Cache } from './cache.js';
import type { InfraConfig } from './config.js';
import { APP_PORT, BeanstalkEnvironment } from './environment.js';
import { BeanstalkRoles } from './iam.js';
import { LoadBalancer } from './load-balancer.js';
import { Network } from './network.js';
import { Routing } from './routing.js';

export interface AppStackProps {
  config: InfraConfig;
  bundle: BundleManifest;
}

export class AppStack extends TerraformStack {
  constructor(scope: Construct, id: string, { config, bundle }: AppStackProps) {
    super(scope, id);
    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: { Application: config.appName, ManagedBy: 'cdktf' } }],
    });
    new RandomProvider(this, 'random');
    new TlsProvider(this, 'tls');

    const network = new Network(this, 'network', config.appName);
    const loadBalancer = new LoadBalancer(
      this,
      'load-balancer',
      config.appName,
      config.tls,
      network,
    );
    const appUrl = `https://${loadBalancer.host}`;
    const auth = new Auth(this, 'auth', {
      appName: config.appName,
      region: config.region,
      host: loadBalancer.host,
    });
    const cache = new Cache(this, 'cache', config, network);
    const store = new BundleStore(this, 'bundle', config.appName, bundle);
    const roles = new BeanstalkRoles(this, 'roles', config.appName);
    // Letters and digits only, because the web service splits SESSION_KEYS on commas.
    const sessionKey = new Password(this, 'session-key', { length: 64, special: false });

    const { environment } = new BeanstalkEnvironment(this, 'web', {
      appName: config.appName,
      applicationName: store.application.name,
      versionLabel: store.version.name,
      vpcId: network.vpc.id,
      subnetIds: network.publicSubnets.map((subnet) => subnet.id),
      appSecurityGroupId: network.appSecurityGroup.id,
      albSecurityGroupId: network.albSecurityGroup.id,
      albArn: loadBalancer.alb.arn,
      serviceRoleArn: roles.serviceRole.arn,
      instanceProfileName: roles.instanceProfile.name,
      instanceType: config.instanceType,
      minInstances: config.minInstances,
      maxInstances: config.maxInstances,
      properties: {
        NODE_ENV: 'production',
        PORT: String(APP_PORT),
        AWS_REGION: config.region,
        ALB_ARN: loadBalancer.alb.arn,
        COGNITO_ISSUER: auth.issuer,
        COGNITO_CLIENT_ID: auth.client.id,
        COGNITO_DOMAIN: auth.domainUrl,
        APP_URL: appUrl,
        REDIS_URL: cache.url,
        REDIS_CLUSTER: String(cache.clusterMode),
        SESSION_KEYS: sessionKey.result,
      },
      // Beanstalk attaches its default rule to the port 80 listener, which must exist first.
      dependsOn: [loadBalancer.httpListener, cache.replicationGroup],
    });

    new Routing(this, 'routing', {
      albArn: loadBalancer.alb.arn,
      certificateArn: loadBalancer.certificateArn,
      cognito: {
        userPoolArn: auth.userPool.arn,
        userPoolClientId: auth.client.id,
        userPoolDomain: auth.domain.domain,
      },
      environment,
    });

    this.addOutputs(appUrl, auth);
  }

  private addOutputs(appUrl: string, auth: Auth): void {
    const privatePath = ACCESS_RULES.find((rule) => rule.access === 'authenticate')?.patterns[0];
    new TerraformOutput(this, 'app_url', { value: appUrl });
    new TerraformOutput(this, 'user_pool_id', { value: auth.userPool.id });
    new TerraformOutput(this, 'sign_in_url', {
      value: `${appUrl}${privatePath ?? '/'}`,
      description: 'A private page: opening it starts the Cognito sign-in',
    });
  }
}
