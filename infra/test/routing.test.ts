import { expect } from 'chai';
import { ACCESS_RULES, type AccessRule } from '../../web/src/access-rules.js';
import { ruleActions, ruleSpecs } from '../src/routing.js';
import { onlyData, refTo, resourceAt, resourcesOf, synthStack, type Block } from './helpers.js';

const COGNITO = { userPoolArn: 'pool-arn', userPoolClientId: 'client', userPoolDomain: 'domain' };

describe('ruleSpecs(rules)', () => {
  it('numbers one rule per access rule in table order', () => {
    const table: AccessRule[] = [
      { name: 'private', patterns: ['/private', '/private/*'], access: 'authenticate' },
      { name: 'logout', patterns: ['/logout'], access: 'public' },
      { name: 'home', patterns: ['/'], access: 'optional' },
    ];
    expect(ruleSpecs(table)).to.deep.equal([
      { id: 'private', priority: 10, patterns: ['/private', '/private/*'], access: 'authenticate' },
      { id: 'logout', priority: 20, patterns: ['/logout'], access: 'public' },
      { id: 'home', priority: 30, patterns: ['/'], access: 'optional' },
    ]);
  });

  it('splits more than five patterns across rules', () => {
    const patterns = ['/a', '/b', '/c', '/d', '/e', '/f', '/g'];
    const specs = ruleSpecs([{ name: 'many', patterns, access: 'authenticate' }]);
    expect(specs.map((spec) => spec.id)).to.deep.equal(['many', 'many-1']);
    expect(specs[0]?.patterns).to.deep.equal(['/a', '/b', '/c', '/d', '/e']);
    expect(specs[1]?.patterns).to.deep.equal(['/f', '/g']);
    expect(specs[1]?.priority).to.equal(20);
  });
});

describe('ruleActions(access, cognito, targetGroupArn)', () => {
  it('forwards a public path without sign-in', () => {
    expect(ruleActions('public', COGNITO, 'tg')).to.deep.equal([
      { type: 'forward', targetGroupArn: 'tg', order: 1 },
    ]);
  });

  it('requires sign-in on an authenticate path', () => {
    const [authenticate, forward] = ruleActions('authenticate', COGNITO, 'tg');
    expect(authenticate?.type).to.equal('authenticate-cognito');
    expect(authenticate?.authenticateCognito?.onUnauthenticatedRequest).to.equal('authenticate');
    expect(forward).to.deep.equal({ type: 'forward', targetGroupArn: 'tg', order: 2 });
  });

  it('allows anonymous requests on an optional path', () => {
    const [authenticate] = ruleActions('optional', COGNITO, 'tg');
    expect(authenticate?.authenticateCognito?.onUnauthenticatedRequest).to.equal('allow');
  });
});

describe('Routing', () => {
  const json = synthStack();
  const targetGroup = `\${data.aws_lb_target_group.${Object.keys(json.data.aws_lb_target_group ?? {})[0]}.arn}`;
  const https = resourceAt(json, 'aws_lb_listener', '/routing/https');

  it('serves HTTPS with a TLS 1.3 policy', () => {
    expect(https.port).to.equal(443);
    expect(https.protocol).to.equal('HTTPS');
    expect(https.ssl_policy).to.equal('ELBSecurityPolicy-TLS13-1-2-2021-06');
  });

  it('forwards unmatched paths to the environment', () => {
    expect(https.default_action).to.deep.equal([
      { type: 'forward', target_group_arn: targetGroup },
    ]);
  });

  it('finds the target group by the environment id after the environment', () => {
    const lookup = onlyData(json, 'aws_lb_target_group');
    const environmentId = refTo(json, 'aws_elastic_beanstalk_environment', 'id');
    expect(lookup.tags).to.deep.equal({ 'elasticbeanstalk:environment-id': environmentId });
    expect(lookup.depends_on).to.deep.equal([environmentId.slice(2, -4)]);
  });

  it('signs in on /private before forwarding', () => {
    const rule = resourceAt(json, 'aws_lb_listener_rule', '/routing/rule-private');
    expect(rule.priority).to.equal(10);
    expect(rule.condition).to.deep.equal([
      { path_pattern: { values: ['/private', '/private/*'] } },
    ]);
    expect(rule.action).to.deep.equal([
      {
        type: 'authenticate-cognito',
        order: 1,
        authenticate_cognito: {
          user_pool_arn: refTo(json, 'aws_cognito_user_pool', 'arn'),
          user_pool_client_id: refTo(json, 'aws_cognito_user_pool_client', 'id'),
          user_pool_domain: refTo(json, 'aws_cognito_user_pool_domain', 'domain'),
          scope: 'openid email profile',
          session_timeout: 28800,
          on_unauthenticated_request: 'authenticate',
        },
      },
      { type: 'forward', order: 2, target_group_arn: targetGroup },
    ]);
  });

  it('forwards /logout without sign-in', () => {
    const rule = resourceAt(json, 'aws_lb_listener_rule', '/routing/rule-logout');
    expect(rule.action).to.deep.equal([
      { type: 'forward', order: 1, target_group_arn: targetGroup },
    ]);
  });

  it('gives each access rule its patterns and sign-in mode', () => {
    for (const accessRule of ACCESS_RULES) {
      const rule = resourceAt(json, 'aws_lb_listener_rule', `/routing/rule-${accessRule.name}`);
      const actions = rule.action as { type: string; authenticate_cognito?: Block }[];
      expect(rule.condition, accessRule.name).to.deep.equal([
        { path_pattern: { values: accessRule.patterns } },
      ]);
      expect(actions.at(-1)?.type, accessRule.name).to.equal('forward');
      const mode = actions[0]?.authenticate_cognito?.on_unauthenticated_request;
      const expected = { authenticate: 'authenticate', optional: 'allow', public: undefined };
      expect(mode, accessRule.name).to.equal(expected[accessRule.access]);
    }
  });

  it('creates one listener rule per access rule', () => {
    const rules = Object.values(resourcesOf(json, 'aws_lb_listener_rule'));
    expect(rules).to.have.length(ACCESS_RULES.length);
    for (const rule of rules) {
      expect(rule.listener_arn).to.equal(refTo(json, 'aws_lb_listener', 'arn', '/routing/https'));
    }
  });
});
