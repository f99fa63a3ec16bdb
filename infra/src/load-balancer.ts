/**
 * The Application Load Balancer, created here rather than by Beanstalk so that its ARN is known
 * before the web service starts: the service accepts only tokens signed by this ARN. Also the
 * host name the app is served on, its certificate, and the HTTP listener that redirects to HTTPS.
 */
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate/index.js';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation/index.js';
import { Lb } from '@cdktf/provider-aws/lib/lb/index.js';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener/index.js';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key/index.js';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert/index.js';
import type { TlsMode } from './config.js';
import type { Network } from './network.js';

export class LoadBalancer extends Construct {
  readonly alb: Lb;
  /** The lower-case host name users browse to: the configured domain or the ALB's DNS name. */
  readonly host: string;
  /** The certificate for the HTTPS listener. */
  readonly certificateArn: string;
  readonly httpListener: LbListener;

  constructor(scope: Construct, id: string, appName: string, tls: TlsMode, network: Network) {
    super(scope, id);
    this.alb = new Lb(this, 'alb', {
      name: appName,
      loadBalancerType: 'application',
      internal: false,
      subnets: network.publicSubnets.map((subnet) => subnet.id),
      securityGroups: [network.albSecurityGroup.id],
      // Invalid header fields are dropped before they reach the app.
      dropInvalidHeaderFields: true,
    });
    this.host = tls.kind === 'demo' ? Fn.lower(this.alb.dnsName) : tls.domainName;
    this.certificateArn = this.createCertificate(appName, tls);
    if (tls.kind !== 'demo' && tls.hostedZoneId !== undefined) {
      this.createAlias(tls.domainName, tls.hostedZoneId);
    }
    this.httpListener = this.createHttpListener();
  }

  private createCertificate(appName: string, tls: TlsMode): string {
    switch (tls.kind) {
      case 'certificate':
        return tls.certificateArn;
      case 'route53':
        return this.issueCertificate(tls.domainName, tls.hostedZoneId);
      case 'demo':
        return this.importSelfSignedCertificate(appName);
    }
  }

  /** Requests an ACM certificate and proves control of the domain with a Route 53 record. */
  private issueCertificate(domainName: string, hostedZoneId: string): string {
    const certificate = new AcmCertificate(this, 'certificate', {
      domainName,
      validationMethod: 'DNS',
      lifecycle: { createBeforeDestroy: true },
    });
    const option = certificate.domainValidationOptions.get(0);
    const record = new Route53Record(this, 'certificate-validation-record', {
      zoneId: hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'certificate-validation', {
      certificateArn: certificate.arn,
      validationRecordFqdns: [record.fqdn],
    });
    return validation.certificateArn;
  }

  // NOTE: browsers warn about a self-signed certificate; the demo mode exists to try the stack
  // without a domain. Its private key is stored in the Terraform state.
  private importSelfSignedCertificate(appName: string): string {
    const key = new PrivateKey(this, 'demo-key', { algorithm: 'RSA', rsaBits: 2048 });
    const certificate = new SelfSignedCert(this, 'demo-certificate', {
      privateKeyPem: key.privateKeyPem,
      // The DNS name goes in the subject alternative name, because ACM limits the CN to 64 chars.
      subject: [{ commonName: appName }],
      dnsNames: [this.host],
      validityPeriodHours: 24 * 365,
      allowedUses: ['digital_signature', 'key_encipherment', 'server_auth'],
    });
    const imported = new AcmCertificate(this, 'demo-imported-certificate', {
      privateKey: key.privateKeyPem,
      certificateBody: certificate.certPem,
    });
    return imported.arn;
  }

  private createAlias(domainName: string, hostedZoneId: string): void {
    new Route53Record(this, 'alias', {
      zoneId: hostedZoneId,
      name: domainName,
      type: 'A',
      alias: { name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true },
    });
  }

  private createHttpListener(): LbListener {
    return new LbListener(this, 'http', {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [
        {
          type: 'redirect',
          redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' },
        },
      ],
    });
  }
}
