/**
 * The ElastiCache replication group that stores the sessions: TLS in transit, encryption at rest
 * and an AUTH token, in the private subnets, reachable only from the app's security group.
 */
import { Construct } from 'constructs';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group/index.js';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import type { CacheEngine, InfraConfig } from './config.js';
import { REDIS_PORT, type Network } from './network.js';

/** The newest major version of each engine that ElastiCache offers, and its parameter family. */
const ENGINE_VERSIONS: Record<CacheEngine, { version: string; family: string }> = {
  redis: { version: '7.1', family: 'redis7' },
  valkey: { version: '8.0', family: 'valkey8' },
};

export class Cache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly authToken: Password;
  /** The `rediss://` URL with the AUTH token, in the form the web service reads. */
  readonly url: string;
  readonly clusterMode: boolean;

  constructor(scope: Construct, id: string, config: InfraConfig, network: Network) {
    super(scope, id);
    this.clusterMode = config.clusterMode;
    // Letters and digits only: ElastiCache rejects some symbols, and the token sits in a URL.
    this.authToken = new Password(this, 'auth-token', { length: 64, special: false });
    const subnetGroup = new ElasticacheSubnetGroup(this, 'subnets', {
      name: `${config.appName}-cache`,
      subnetIds: network.privateSubnets.map((subnet) => subnet.id),
    });
    this.replicationGroup = this.createGroup(config, network, subnetGroup);
    const host = config.clusterMode
      ? this.replicationGroup.configurationEndpointAddress
      : this.replicationGroup.primaryEndpointAddress;
    this.url = `rediss://:${this.authToken.result}@${host}:${REDIS_PORT}`;
  }

  private createGroup(
    config: InfraConfig,
    network: Network,
    subnetGroup: ElasticacheSubnetGroup,
  ): ElasticacheReplicationGroup {
    const engine = ENGINE_VERSIONS[config.cacheEngine];
    const suffix = config.clusterMode ? '.cluster.on' : '';
    // Failover needs a replica to promote; ElastiCache also requires it for cluster mode.
    const failover = config.replicas > 0 || config.clusterMode;
    return new ElasticacheReplicationGroup(this, 'sessions', {
      replicationGroupId: `${config.appName}-sessions`,
      description: `${config.appName} sessions`,
      engine: config.cacheEngine,
      engineVersion: engine.version,
      parameterGroupName: `default.${engine.family}${suffix}`,
      nodeType: config.cacheNodeType,
      port: REDIS_PORT,
      clusterMode: config.clusterMode ? 'enabled' : 'disabled',
      numNodeGroups: config.shards,
      replicasPerNodeGroup: config.replicas,
      automaticFailoverEnabled: failover,
      multiAzEnabled: config.replicas > 0,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: 'true',
      authToken: this.authToken.result,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [network.cacheSecurityGroup.id],
      applyImmediately: true,
    });
  }
}
