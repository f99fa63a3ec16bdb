/**
 * The HTTPS listener and its rules, generated from the shared access rule table so that a path
 * marked private there gets the load balancer's Cognito sign-in here.
 */
import { Construct } from 'constructs';
import { DataAwsLbTargetGroup } from '@cdktf/provider-aws/lib/data-aws-lb-target-group/index.js';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener/index.js';
import {
  LbListenerRule,
  type LbListenerRuleAction,
} from '@cdktf/provider-aws/lib/lb-listener-rule/index.js';
import type { ElasticBeanstalkEnvironment } from '@cdktf/provider-aws/lib/elastic-beanstalk-environment/index.js';
import { ACCESS_RULES, type AccessRule } from '../../web/src/access-rules.js';
import { OAUTH_SCOPES } from './auth.js';

/** TLS 1.3 with TLS 1.2 fallback, the ELB policy AWS recommends for new listeners. */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
/** The ALB allows at most five condition values in one rule. */
export const MAX_VALUES_PER_RULE = 5;
/** Gaps between priorities leave room to insert a rule by hand. */
export const PRIORITY_STEP = 10;
/** Seconds an ALB sign-in session lasts before the user signs in again. */
export const SESSION_TIMEOUT = 8 * 60 * 60;

export interface CognitoSettings {
  userPoolArn: string;
  userPoolClientId: string;
  /** The domain prefix, without `.auth.REGION.amazoncognito.com`. */
  userPoolDomain: string;
}

/** One listener rule to create: its priority, path patterns and access. */
export interface RuleSpec {
  id: string;
  priority: number;
  patterns: string[];
  access: AccessRule['access'];
}

/** Expands the access rules into listener rules, splitting long pattern lists. */
export function ruleSpecs(rules: readonly AccessRule[]): RuleSpec[] {
  const specs: RuleSpec[] = [];
  for (const rule of rules) {
    for (let start = 0; start < rule.patterns.length; start += MAX_VALUES_PER_RULE) {
      const part = start / MAX_VALUES_PER_RULE;
      specs.push({
        id: part === 0 ? rule.name : `${rule.name}-${part}`,
        priority: (specs.length + 1) * PRIORITY_STEP,
        patterns: rule.patterns.slice(start, start + MAX_VALUES_PER_RULE),
        access: rule.access,
      });
    }
  }
  return specs;
}

/** Returns the actions for one access level: sign-in first where needed, then forward. */
export function ruleActions(
  access: AccessRule['access'],
  cognito: CognitoSettings,
  targetGroupArn: string,
): LbListenerRuleAction[] {
  const forward: LbListenerRuleAction = { type: 'forward', targetGroupArn, order: 2 };
  if (access === 'public') return [{ ...forward, order: 1 }];
  const authenticate: LbListenerRuleAction = {
    type: 'authenticate-cognito',
    order: 1,
    authenticateCognito: {
      ...cognito,
      scope: OAUTH_SCOPES.join(' '),
      sessionTimeout: SESSION_TIMEOUT,
      // `allow` passes anonymous requests on without claims; `authenticate` sends them to sign in.
      onUnauthenticatedRequest: access === 'optional' ? 'allow' : 'authenticate',
    },
  };
  return [authenticate, forward];
}

export interface RoutingProps {
  albArn: string;
  certificateArn: string;
  cognito: CognitoSettings;
  environment: ElasticBeanstalkEnvironment;
}

export class Routing extends Construct {
  readonly listener: LbListener;
  readonly targetGroup: DataAwsLbTargetGroup;

  constructor(scope: Construct, id: string, props: RoutingProps) {
    super(scope, id);
    this.targetGroup = findEnvironmentTargetGroup(this, props.environment);
    this.listener = new LbListener(this, 'https', {
      loadBalancerArn: props.albArn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: TLS_POLICY,
      certificateArn: props.certificateArn,
      // A path that no rule matches is public, as in the access rule table.
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
    for (const spec of ruleSpecs(ACCESS_RULES)) {
      new LbListenerRule(this, `rule-${spec.id}`, {
        listenerArn: this.listener.arn,
        priority: spec.priority,
        condition: [{ pathPattern: { values: spec.patterns } }],
        action: ruleActions(spec.access, props.cognito, this.targetGroup.arn),
        tags: { Name: spec.id },
      });
    }
  }
}

// NOTE: Beanstalk creates the default process's target group itself and does not export it, so
// it is looked up by the environment-id tag that Beanstalk puts on the resources it creates.
// Not verified against AWS: if the tag differs, the lookup fails at apply with "no matching
// target group", and the README describes how to find the group by hand.
function findEnvironmentTargetGroup(
  scope: Construct,
  environment: ElasticBeanstalkEnvironment,
): DataAwsLbTargetGroup {
  return new DataAwsLbTargetGroup(scope, 'environment-target-group', {
    tags: { 'elasticbeanstalk:environment-id': environment.id },
    dependsOn: [environment],
  });
}
