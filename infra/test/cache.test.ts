import { expect } from 'chai';
import { onlyResource, refTo, synthStack } from './helpers.js';

describe('Cache', () => {
  const json = synthStack();
  const group = onlyResource(json, 'aws_elasticache_replication_group');

  it('encrypts in transit and at rest', () => {
    expect(group.transit_encryption_enabled).to.equal(true);
    expect(group.transit_encryption_mode).to.equal('required');
    expect(group.at_rest_encryption_enabled).to.equal('true');
  });

  it('uses the generated AUTH token', () => {
    expect(group.auth_token).to.equal(
      refTo(json, 'random_password', 'result', '/cache/auth-token'),
    );
    const token = onlyResourceAt(json, '/cache/auth-token');
    expect(token).to.include({ length: 64, special: false });
  });

  it('fails over across zones with a replica', () => {
    expect(group.replicas_per_node_group).to.equal(1);
    expect(group.automatic_failover_enabled).to.equal(true);
    expect(group.multi_az_enabled).to.equal(true);
  });

  it('runs Valkey 8 in cluster mode by default', () => {
    expect(group.engine).to.equal('valkey');
    expect(group.engine_version).to.equal('8.0');
    expect(group.cluster_mode).to.equal('enabled');
    expect(group.parameter_group_name).to.equal('default.valkey8.cluster.on');
    expect(group.num_node_groups).to.equal(1);
  });

  it('sits in the private subnets behind the cache group', () => {
    const subnets = onlyResource(json, 'aws_elasticache_subnet_group');
    expect(subnets.subnet_ids).to.deep.equal([
      refTo(json, 'aws_subnet', 'id', '/network/private-0'),
      refTo(json, 'aws_subnet', 'id', '/network/private-1'),
    ]);
    expect(group.subnet_group_name).to.equal(refTo(json, 'aws_elasticache_subnet_group', 'name'));
    expect(group.security_group_ids).to.deep.equal([
      refTo(json, 'aws_security_group', 'id', '/network/cache'),
    ]);
  });

  it('runs Redis 7 without cluster mode or replicas when asked', () => {
    const plain = synthStack({
      CACHE_ENGINE: 'redis',
      CACHE_CLUSTER_MODE: 'false',
      CACHE_REPLICAS: '0',
    });
    const single = onlyResource(plain, 'aws_elasticache_replication_group');
    expect(single.engine_version).to.equal('7.1');
    expect(single.cluster_mode).to.equal('disabled');
    expect(single.parameter_group_name).to.equal('default.redis7');
    expect(single.automatic_failover_enabled).to.equal(false);
    expect(single.multi_az_enabled).to.equal(false);
  });
});

function onlyResourceAt(json: ReturnType<typeof synthStack>, suffix: string) {
  const passwords = Object.values(json.resource.random_password ?? {});
  const matches = passwords.filter((block) => block['//']?.metadata.path.endsWith(suffix));
  expect(matches).to.have.length(1);
  return matches[0];
}
