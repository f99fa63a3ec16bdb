/**
 * The two roles an Elastic Beanstalk environment needs: the service role that Beanstalk assumes
 * to manage the environment, and the instance profile of the web instances.
 */
import { Construct } from 'constructs';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';

// NOTE: these ARNs are for the `aws` partition; GovCloud and China regions use another prefix.
export const SERVICE_ROLE_POLICIES = [
  'arn:aws:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth',
  'arn:aws:iam::aws:policy/AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
];
export const INSTANCE_ROLE_POLICIES = ['arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier'];

export class BeanstalkRoles extends Construct {
  readonly serviceRole: IamRole;
  readonly instanceProfile: IamInstanceProfile;

  constructor(scope: Construct, id: string, appName: string) {
    super(scope, id);
    // Beanstalk passes this external id when it assumes its service role.
    this.serviceRole = this.createRole('service', `${appName}-beanstalk-service`, {
      Effect: 'Allow',
      Principal: { Service: 'elasticbeanstalk.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } },
    });
    this.attach('service', this.serviceRole, SERVICE_ROLE_POLICIES);

    const instanceRole = this.createRole('instance', `${appName}-beanstalk-instance`, {
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    this.attach('instance', instanceRole, INSTANCE_ROLE_POLICIES);
    this.instanceProfile = new IamInstanceProfile(this, 'instance-profile', {
      name: `${appName}-beanstalk-instance`,
      role: instanceRole.name,
    });
  }

  private createRole(id: string, name: string, statement: object): IamRole {
    return new IamRole(this, `${id}-role`, {
      name,
      assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    });
  }

  private attach(id: string, role: IamRole, policyArns: string[]): void {
    policyArns.forEach((policyArn, index) => {
      new IamRolePolicyAttachment(this, `${id}-policy-${index}`, { role: role.name, policyArn });
    });
  }
}
