/**
 * The Elastic Beanstalk environment that runs the web service on the current Amazon Linux 2023
 * Node.js platform, joined to the load balancer created in this stack as a shared load balancer.
 */
import { Construct } from 'constructs';
import { DataAwsElasticBeanstalkSolutionStack } from '@cdktf/provider-aws/lib/data-aws-elastic-beanstalk-solution-stack/index.js';
import { ElasticBeanstalkEnvironment } from '@cdktf/provider-aws/lib/elastic-beanstalk-environment/index.js';
import type { ITerraformDependable } from 'cdktf';
import { assertValidOptions, type OptionSetting } from './beanstalk-options.js';
import { INSTANCE_PORT } from './network.js';

/** Matches the AL2023 Node.js 22 platform names, such as "64bit Amazon Linux 2023 v6.5.0 running Node.js 22". */
export const SOLUTION_STACK_REGEX = '^64bit Amazon Linux 2023 v[0-9.]+ running Node\\.js 22$';
export const HEALTH_CHECK_PATH = '/healthz';
/** The port the Node.js process listens on; the platform's nginx proxies to it. */
export const APP_PORT = 8080;

export interface EnvironmentProps {
  appName: string;
  applicationName: string;
  versionLabel: string;
  vpcId: string;
  subnetIds: string[];
  appSecurityGroupId: string;
  albSecurityGroupId: string;
  albArn: string;
  serviceRoleArn: string;
  instanceProfileName: string;
  instanceType: string;
  minInstances: number;
  maxInstances: number;
  /** The web service's environment variables. */
  properties: Record<string, string>;
  /** Resources that must exist first, such as the listener Beanstalk attaches its rule to. */
  dependsOn: ITerraformDependable[];
}

export class BeanstalkEnvironment extends Construct {
  readonly environment: ElasticBeanstalkEnvironment;

  constructor(scope: Construct, id: string, props: EnvironmentProps) {
    super(scope, id);
    const stack = new DataAwsElasticBeanstalkSolutionStack(this, 'platform', {
      nameRegex: SOLUTION_STACK_REGEX,
      mostRecent: true,
    });
    const settings = environmentSettings(props);
    assertValidOptions(settings);
    this.environment = new ElasticBeanstalkEnvironment(this, 'environment', {
      name: `${props.appName}-web`,
      application: props.applicationName,
      versionLabel: props.versionLabel,
      solutionStackName: stack.name,
      tier: 'WebServer',
      setting: settings,
      dependsOn: props.dependsOn,
    });
  }
}

/** Builds the environment's option settings; every namespace and name is checked on use. */
export function environmentSettings(props: EnvironmentProps): OptionSetting[] {
  return [
    ...networkSettings(props),
    ...instanceSettings(props),
    ...loadBalancerSettings(props),
    ...deploymentSettings(),
    ...Object.entries(props.properties).map(([name, value]) =>
      option('aws:elasticbeanstalk:application:environment', name, value),
    ),
  ];
}

function networkSettings(props: EnvironmentProps): OptionSetting[] {
  // No ELBSubnets or ELBScheme: those configure a load balancer that Beanstalk creates, and a
  // shared load balancer keeps the subnets and scheme it was created with.
  return [
    option('aws:ec2:vpc', 'VPCId', props.vpcId),
    option('aws:ec2:vpc', 'Subnets', props.subnetIds.join(',')),
    // Public IPs let instances reach AWS APIs without a NAT gateway; the security group still
    // admits only the load balancer.
    option('aws:ec2:vpc', 'AssociatePublicIpAddress', 'true'),
  ];
}

function instanceSettings(props: EnvironmentProps): OptionSetting[] {
  const launch = 'aws:autoscaling:launchconfiguration';
  return [
    option(launch, 'IamInstanceProfile', props.instanceProfileName),
    option(launch, 'SecurityGroups', props.appSecurityGroupId),
    // IMDSv2 only: a request forged through the app cannot read the instance credentials.
    option(launch, 'DisableIMDSv1', 'true'),
    option('aws:ec2:instances', 'InstanceTypes', props.instanceType),
    option('aws:autoscaling:asg', 'MinSize', String(props.minInstances)),
    option('aws:autoscaling:asg', 'MaxSize', String(props.maxInstances)),
    option('aws:elasticbeanstalk:environment:proxy', 'ProxyServer', 'nginx'),
  ];
}

function loadBalancerSettings(props: EnvironmentProps): OptionSetting[] {
  const environment = 'aws:elasticbeanstalk:environment';
  const process = 'aws:elasticbeanstalk:environment:process:default';
  return [
    option(environment, 'EnvironmentType', 'LoadBalanced'),
    option(environment, 'LoadBalancerType', 'application'),
    option(environment, 'LoadBalancerIsShared', 'true'),
    option(environment, 'ServiceRole', props.serviceRoleArn),
    option('aws:elbv2:loadbalancer', 'SharedLoadBalancer', props.albArn),
    // Naming the group stops Beanstalk from creating one and attaching it to the load balancer.
    option('aws:elbv2:loadbalancer', 'SecurityGroups', props.albSecurityGroupId),
    option(process, 'Port', String(INSTANCE_PORT)),
    option(process, 'Protocol', 'HTTP'),
    option(process, 'HealthCheckPath', HEALTH_CHECK_PATH),
    option(process, 'MatcherHTTPCode', '200'),
    // Sessions live in Redis, so any instance can serve any request.
    option(process, 'StickinessEnabled', 'false'),
  ];
}

function deploymentSettings(): OptionSetting[] {
  const command = 'aws:elasticbeanstalk:command';
  const rolling = 'aws:autoscaling:updatepolicy:rollingupdate';
  return [
    option(command, 'DeploymentPolicy', 'Rolling'),
    option(command, 'BatchSizeType', 'Fixed'),
    option(command, 'BatchSize', '1'),
    option(rolling, 'RollingUpdateEnabled', 'true'),
    option(rolling, 'RollingUpdateType', 'Health'),
    option('aws:elasticbeanstalk:healthreporting:system', 'SystemType', 'enhanced'),
  ];
}

function option(namespace: string, name: string, value: string): OptionSetting {
  return { namespace, name, value };
}
