/**
 * The Elastic Beanstalk option settings this stack may use, by namespace. Beanstalk ignores an
 * unknown namespace or option name without an error, so a typo would silently drop a setting.
 * Checking every setting against this table turns the typo into a synth error.
 *
 * Source: "General options for all environments" and "Configuring a shared Application Load
 * Balancer" in the AWS Elastic Beanstalk Developer Guide, and the Node.js platform options.
 * The table lists the options of the namespaces this stack uses, not every namespace.
 */

/** A namespace pattern: a literal, or a prefix followed by a port or a name. */
interface NamespaceOptions {
  namespace: RegExp;
  /** Option names, or `null` where any environment variable name is valid. */
  names: readonly string[] | null;
}

const PROCESS_OPTIONS = [
  'DeregistrationDelay',
  'HealthCheckInterval',
  'HealthCheckPath',
  'HealthCheckTimeout',
  'HealthyThresholdCount',
  'MatcherHTTPCode',
  'Port',
  'Protocol',
  'StickinessEnabled',
  'StickinessLBCookieDuration',
  'StickinessType',
  'UnhealthyThresholdCount',
];

export const VALID_OPTIONS: readonly NamespaceOptions[] = [
  {
    namespace: /^aws:autoscaling:asg$/,
    names: ['Availability Zones', 'Cooldown', 'Custom Availability Zones', 'MinSize', 'MaxSize'],
  },
  {
    namespace: /^aws:autoscaling:launchconfiguration$/,
    names: [
      'DisableIMDSv1',
      'EC2KeyName',
      'IamInstanceProfile',
      'ImageId',
      'InstanceType',
      'MonitoringInterval',
      'SecurityGroups',
      'SSHSourceRestriction',
      'BlockDeviceMappings',
      'RootVolumeType',
      'RootVolumeSize',
      'RootVolumeIOPS',
    ],
  },
  {
    namespace: /^aws:autoscaling:updatepolicy:rollingupdate$/,
    names: [
      'MaxBatchSize',
      'MinInstancesInService',
      'RollingUpdateEnabled',
      'RollingUpdateType',
      'PauseTime',
      'Timeout',
    ],
  },
  {
    namespace: /^aws:ec2:instances$/,
    names: [
      'EnableSpot',
      'InstanceTypes',
      'SpotFleetOnDemandBase',
      'SpotFleetOnDemandAboveBasePercentage',
      'SpotMaxPrice',
    ],
  },
  {
    namespace: /^aws:ec2:vpc$/,
    names: ['VPCId', 'Subnets', 'ELBSubnets', 'ELBScheme', 'DBSubnets', 'AssociatePublicIpAddress'],
  },
  { namespace: /^aws:elasticbeanstalk:application:environment$/, names: null },
  {
    namespace: /^aws:elasticbeanstalk:command$/,
    names: ['DeploymentPolicy', 'Timeout', 'BatchSizeType', 'BatchSize', 'IgnoreHealthCheck'],
  },
  {
    namespace: /^aws:elasticbeanstalk:environment$/,
    names: ['EnvironmentType', 'ServiceRole', 'LoadBalancerType', 'LoadBalancerIsShared'],
  },
  {
    namespace: /^aws:elasticbeanstalk:environment:process:[A-Za-z0-9_-]+$/,
    names: PROCESS_OPTIONS,
  },
  // Node.js platform on Amazon Linux 2 and later: the reverse proxy in front of the app.
  { namespace: /^aws:elasticbeanstalk:environment:proxy$/, names: ['ProxyServer'] },
  {
    namespace: /^aws:elasticbeanstalk:healthreporting:system$/,
    names: ['SystemType', 'ConfigDocument', 'HealthCheckSuccessThreshold'],
  },
  {
    namespace: /^aws:elasticbeanstalk:managedactions$/,
    names: ['ManagedActionsEnabled', 'PreferredStartTime', 'ServiceRoleForManagedUpdates'],
  },
  {
    namespace: /^aws:elasticbeanstalk:managedactions:platformupdate$/,
    names: ['UpdateLevel', 'InstanceRefreshEnabled'],
  },
  {
    namespace: /^aws:elbv2:listener:(default|\d{1,5})$/,
    names: [
      'DefaultProcess',
      'ListenerEnabled',
      'Protocol',
      'Rules',
      'SSLCertificateArns',
      'SSLPolicy',
    ],
  },
  {
    namespace: /^aws:elbv2:listenerrule:[A-Za-z0-9_-]+$/,
    names: ['HostHeaders', 'PathPatterns', 'Priority', 'Process'],
  },
  {
    namespace: /^aws:elbv2:loadbalancer$/,
    names: [
      'AccessLogsS3Bucket',
      'AccessLogsS3Enabled',
      'AccessLogsS3Prefix',
      'IdleTimeout',
      'ManagedSecurityGroup',
      'SecurityGroups',
      'SharedLoadBalancer',
    ],
  },
];

export interface OptionSetting {
  namespace: string;
  name: string;
  value: string;
}

/** Returns a message for each setting whose namespace or name is not in the table. */
export function findInvalidOptions(settings: readonly OptionSetting[]): string[] {
  const problems: string[] = [];
  for (const { namespace, name } of settings) {
    const entry = VALID_OPTIONS.find((options) => options.namespace.test(namespace));
    if (entry === undefined) {
      problems.push(`unknown Beanstalk namespace ${namespace} (option ${name})`);
    } else if (entry.names !== null && !entry.names.includes(name)) {
      problems.push(`unknown Beanstalk option ${name} in namespace ${namespace}`);
    }
  }
  return problems;
}

/** Throws when any setting is unknown to Beanstalk, listing each one. */
export function assertValidOptions(settings: readonly OptionSetting[]): void {
  const problems = findInvalidOptions(settings);
  if (problems.length > 0) throw new TypeError(problems.join('\n'));
}
