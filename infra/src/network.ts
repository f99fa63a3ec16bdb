/**
 * The VPC over two availability zones and the three security groups that fence the request path:
 * the internet reaches only the load balancer, the load balancer only the app, the app only the
 * cache.
 */
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones/index.js';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';

export const VPC_CIDR = '10.0.0.0/16';
export const ZONE_COUNT = 2;
export const REDIS_PORT = 6379;
/** Beanstalk's nginx listens here and proxies to the Node.js process on PORT. */
export const INSTANCE_PORT = 80;
const ANYWHERE = '0.0.0.0/0';

export class Network extends Construct {
  readonly vpc: Vpc;
  /** The load balancer and the instances; instances get public IPs, so no NAT gateway is needed. */
  readonly publicSubnets: Subnet[];
  /** The cache; these subnets have no route out of the VPC. */
  readonly privateSubnets: Subnet[];
  readonly albSecurityGroup: SecurityGroup;
  readonly appSecurityGroup: SecurityGroup;
  readonly cacheSecurityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, appName: string) {
    super(scope, id);
    const zones = new DataAwsAvailabilityZones(this, 'zones', { state: 'available' });
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: VPC_CIDR,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: appName },
    });
    this.publicSubnets = this.createSubnets('public', zones, 0, appName);
    this.privateSubnets = this.createSubnets('private', zones, 10, appName);
    this.routePublicSubnets(appName);

    this.albSecurityGroup = this.createGroup('alb', `${appName}-alb`, 'load balancer');
    this.appSecurityGroup = this.createGroup('app', `${appName}-app`, 'web instances');
    this.cacheSecurityGroup = this.createGroup('cache', `${appName}-cache`, 'session cache');
    this.createRules();
  }

  /** Creates one /24 subnet per zone, numbered from `firstOctet` in the third octet. */
  private createSubnets(
    kind: 'public' | 'private',
    zones: DataAwsAvailabilityZones,
    firstOctet: number,
    appName: string,
  ): Subnet[] {
    return Array.from({ length: ZONE_COUNT }, (_, index) => {
      return new Subnet(this, `${kind}-${index}`, {
        vpcId: this.vpc.id,
        cidrBlock: `10.0.${firstOctet + index}.0/24`,
        availabilityZone: Fn.element(zones.names, index),
        mapPublicIpOnLaunch: kind === 'public',
        tags: { Name: `${appName}-${kind}-${index}` },
      });
    });
  }

  private routePublicSubnets(appName: string): void {
    const gateway = new InternetGateway(this, 'gateway', {
      vpcId: this.vpc.id,
      tags: { Name: appName },
    });
    const table = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: ANYWHERE, gatewayId: gateway.id }],
      tags: { Name: `${appName}-public` },
    });
    this.publicSubnets.forEach((subnet, index) => {
      new RouteTableAssociation(this, `public-route-${index}`, {
        subnetId: subnet.id,
        routeTableId: table.id,
      });
    });
  }

  // Rules live in separate resources, because inline rules that reference each other's groups
  // form a cycle, and because a group declared without inline rules has no allow-all egress.
  private createGroup(id: string, name: string, purpose: string): SecurityGroup {
    return new SecurityGroup(this, id, {
      name,
      description: `${purpose} (managed by cdktf)`,
      vpcId: this.vpc.id,
      tags: { Name: name },
    });
  }

  private createRules(): void {
    const alb = this.albSecurityGroup.id;
    const app = this.appSecurityGroup.id;
    const cache = this.cacheSecurityGroup.id;

    // The internet reaches the load balancer on 80, which redirects, and on 443.
    this.allowIn('alb-http-in', alb, 80, { cidrIpv4: ANYWHERE });
    this.allowIn('alb-https-in', alb, 443, { cidrIpv4: ANYWHERE });
    // The load balancer calls Cognito's token and user info endpoints during sign-in.
    this.allowOut('alb-https-out', alb, 443, { cidrIpv4: ANYWHERE });
    this.allowOut('alb-app-out', alb, INSTANCE_PORT, { referencedSecurityGroupId: app });

    this.allowIn('app-from-alb', app, INSTANCE_PORT, { referencedSecurityGroupId: alb });
    // Instances call AWS APIs, the ALB public-key endpoint and package mirrors over HTTPS.
    this.allowOut('app-https-out', app, 443, { cidrIpv4: ANYWHERE });
    this.allowOut('app-cache-out', app, REDIS_PORT, { referencedSecurityGroupId: cache });

    this.allowIn('cache-from-app', cache, REDIS_PORT, { referencedSecurityGroupId: app });
  }

  private allowIn(id: string, groupId: string, port: number, peer: Peer): void {
    new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: groupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      ...peer,
    });
  }

  private allowOut(id: string, groupId: string, port: number, peer: Peer): void {
    new VpcSecurityGroupEgressRule(this, id, {
      securityGroupId: groupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      ...peer,
    });
  }
}

type Peer = { cidrIpv4: string } | { referencedSecurityGroupId: string };
