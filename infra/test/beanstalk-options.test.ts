import { expect } from 'chai';
import { assertValidOptions, findInvalidOptions } from '../src/beanstalk-options.js';

describe('findInvalidOptions(settings)', () => {
  const cases = [
    { namespace: 'aws:elbv2:listener:443', name: 'Rules', valid: true },
    { namespace: 'aws:elbv2:listener:default', name: 'ListenerEnabled', valid: true },
    { namespace: 'aws:elbv2:listenerrule:admin', name: 'PathPatterns', valid: true },
    { namespace: 'aws:elasticbeanstalk:environment:process:admin', name: 'Port', valid: true },
    { namespace: 'aws:elasticbeanstalk:application:environment', name: 'ANY_NAME', valid: true },
    { namespace: 'aws:elasticbeanstalk:environment', name: 'LoadBalancerIsShared', valid: true },
    { namespace: 'aws:elbv2:loadbalancer', name: 'SharedLoadBalancer', valid: true },
    { namespace: 'aws:elbv2:listener:https', name: 'Rules', valid: false },
    { namespace: 'aws:autoscaling:launchconfiguration', name: 'DisableIMDSV1', valid: false },
    { namespace: 'aws:elasticbeanstalk:enviroment', name: 'ServiceRole', valid: false },
  ];

  for (const { namespace, name, valid } of cases) {
    it(`${valid ? 'accepts' : 'rejects'} ${namespace} ${name}`, () => {
      const problems = findInvalidOptions([{ namespace, name, value: 'x' }]);
      expect(problems).to.have.length(valid ? 0 : 1);
    });
  }

  it('names the unknown option', () => {
    expect(
      findInvalidOptions([
        { namespace: 'aws:autoscaling:asg', name: 'MinSise', value: '2' },
        { namespace: 'aws:autoscaling:asgs', name: 'MinSize', value: '2' },
      ]),
    ).to.deep.equal([
      'unknown Beanstalk option MinSise in namespace aws:autoscaling:asg',
      'unknown Beanstalk namespace aws:autoscaling:asgs (option MinSize)',
    ]);
  });
});

describe('assertValidOptions(settings)', () => {
  it('throws a TypeError listing the typo', () => {
    const settings = [{ namespace: 'aws:ec2:vpc', name: 'VpcId', value: 'vpc-1' }];
    expect(() => assertValidOptions(settings)).to.throw(
      TypeError,
      'unknown Beanstalk option VpcId in namespace aws:ec2:vpc',
    );
  });
});
