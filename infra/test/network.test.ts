import { expect } from 'chai';
import { onlyResource, refTo, resourceAt, resourcesOf, synthStack } from './helpers.js';

describe('Network', () => {
  const json = synthStack();
  const albGroup = refTo(json, 'aws_security_group', 'id', '/network/alb');
  const appGroup = refTo(json, 'aws_security_group', 'id', '/network/app');
  const cacheGroup = refTo(json, 'aws_security_group', 'id', '/network/cache');

  it('creates a VPC with DNS host names', () => {
    const vpc = onlyResource(json, 'aws_vpc');
    expect(vpc.cidr_block).to.equal('10.0.0.0/16');
    expect(vpc.enable_dns_hostnames).to.equal(true);
  });

  it('spreads public and private subnets over two zones', () => {
    const cidrs = ['public-0', 'public-1', 'private-0', 'private-1'].map(
      (name) => resourceAt(json, 'aws_subnet', `/network/${name}`).cidr_block,
    );
    expect(cidrs).to.deep.equal(['10.0.0.0/24', '10.0.1.0/24', '10.0.10.0/24', '10.0.11.0/24']);
    const zones = ['public-0', 'public-1'].map(
      (name) => resourceAt(json, 'aws_subnet', `/network/${name}`).availability_zone,
    );
    expect(zones[0]).to.match(/^\$\{element\(data\.aws_availability_zones\.\S+\.names, 0\)\}$/);
    expect(zones[1]).to.match(/^\$\{element\(data\.aws_availability_zones\.\S+\.names, 1\)\}$/);
  });

  it('routes only the public subnets to the internet', () => {
    const table = onlyResource(json, 'aws_route_table');
    expect(table.route).to.deep.equal([
      {
        cidr_block: '0.0.0.0/0',
        gateway_id: refTo(json, 'aws_internet_gateway', 'id'),
        carrier_gateway_id: null,
        core_network_arn: null,
        destination_prefix_list_id: null,
        egress_only_gateway_id: null,
        ipv6_cidr_block: null,
        local_gateway_id: null,
        nat_gateway_id: null,
        network_interface_id: null,
        transit_gateway_id: null,
        vpc_endpoint_id: null,
        vpc_peering_connection_id: null,
      },
    ]);
    const associated = Object.values(resourcesOf(json, 'aws_route_table_association')).map(
      (association) => association.subnet_id,
    );
    expect(associated).to.deep.equal([
      refTo(json, 'aws_subnet', 'id', '/network/public-0'),
      refTo(json, 'aws_subnet', 'id', '/network/public-1'),
    ]);
  });

  it('lets the cache admit only the app group on 6379', () => {
    const rules = Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).filter(
      (rule) => rule.security_group_id === cacheGroup,
    );
    expect(rules).to.have.length(1);
    expect(rules[0]).to.include({
      from_port: 6379,
      to_port: 6379,
      ip_protocol: 'tcp',
      referenced_security_group_id: appGroup,
    });
  });

  it('lets the app admit only the load balancer', () => {
    const rules = Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).filter(
      (rule) => rule.security_group_id === appGroup,
    );
    expect(rules).to.have.length(1);
    expect(rules[0]).to.include({ from_port: 80, referenced_security_group_id: albGroup });
  });

  it('lets the load balancer call out on 443', () => {
    const rule = resourceAt(json, 'aws_vpc_security_group_egress_rule', '/alb-https-out');
    expect(rule).to.include({
      security_group_id: albGroup,
      from_port: 443,
      to_port: 443,
      ip_protocol: 'tcp',
      cidr_ipv4: '0.0.0.0/0',
    });
  });

  it('declares no inline rules that would add allow-all egress', () => {
    for (const group of Object.values(resourcesOf(json, 'aws_security_group'))) {
      expect(group).to.not.have.property('egress');
      expect(group).to.not.have.property('ingress');
    }
  });
});
