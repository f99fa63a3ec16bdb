import { expect } from 'chai';
import { onlyResource, refTo, resourceAt, resourcesOf, synthStack } from './helpers.js';

const CERTIFICATE_ARN =
  'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

describe('LoadBalancer', () => {
  describe('demo mode', () => {
    const json = synthStack();

    it('creates an internet-facing ALB in the public subnets', () => {
      const alb = onlyResource(json, 'aws_lb');
      expect(alb).to.include({
        name: 'koa-signin',
        load_balancer_type: 'application',
        internal: false,
        drop_invalid_header_fields: true,
      });
      expect(alb.subnets).to.deep.equal([
        refTo(json, 'aws_subnet', 'id', '/network/public-0'),
        refTo(json, 'aws_subnet', 'id', '/network/public-1'),
      ]);
      expect(alb.security_groups).to.deep.equal([
        refTo(json, 'aws_security_group', 'id', '/network/alb'),
      ]);
    });

    it('redirects HTTP to HTTPS', () => {
      const http = resourceAt(json, 'aws_lb_listener', '/load-balancer/http');
      expect(http.port).to.equal(80);
      expect(http.protocol).to.equal('HTTP');
      expect(http.default_action).to.deep.equal([
        {
          type: 'redirect',
          redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' },
        },
      ]);
    });

    it('imports a self-signed certificate for the ALB DNS name', () => {
      const cert = onlyResource(json, 'tls_self_signed_cert');
      const dnsName = refTo(json, 'aws_lb', 'dns_name').slice(2, -1);
      expect(cert.dns_names).to.deep.equal([`\${lower(${dnsName})}`]);
      const imported = onlyResource(json, 'aws_acm_certificate');
      expect(imported.certificate_body).to.equal(refTo(json, 'tls_self_signed_cert', 'cert_pem'));
      expect(imported.private_key).to.equal(refTo(json, 'tls_private_key', 'private_key_pem'));
    });

    it('creates no DNS record', () => {
      expect(resourcesOf(json, 'aws_route53_record')).to.deep.equal({});
    });
  });

  describe('Route 53 mode', () => {
    const json = synthStack({ DOMAIN_NAME: 'app.example.com', HOSTED_ZONE_ID: 'Z123ABC' });

    it('validates an ACM certificate by DNS', () => {
      const cert = onlyResource(json, 'aws_acm_certificate');
      expect(cert).to.include({ domain_name: 'app.example.com', validation_method: 'DNS' });
      const validation = onlyResource(json, 'aws_acm_certificate_validation');
      expect(validation.validation_record_fqdns).to.deep.equal([
        refTo(json, 'aws_route53_record', 'fqdn', '/certificate-validation-record'),
      ]);
    });

    it('points an alias record at the ALB', () => {
      const alias = resourceAt(json, 'aws_route53_record', '/load-balancer/alias');
      expect(alias).to.include({ zone_id: 'Z123ABC', name: 'app.example.com', type: 'A' });
      expect(alias.alias).to.deep.equal({
        name: refTo(json, 'aws_lb', 'dns_name'),
        zone_id: refTo(json, 'aws_lb', 'zone_id'),
        evaluate_target_health: true,
      });
    });

    it('serves HTTPS with the validated certificate', () => {
      const https = resourceAt(json, 'aws_lb_listener', '/routing/https');
      expect(https.certificate_arn).to.equal(
        refTo(json, 'aws_acm_certificate_validation', 'certificate_arn'),
      );
    });
  });

  describe('certificate mode', () => {
    const json = synthStack({ DOMAIN_NAME: 'app.example.com', CERTIFICATE_ARN });

    it('uses the given certificate and creates none', () => {
      const https = resourceAt(json, 'aws_lb_listener', '/routing/https');
      expect(https.certificate_arn).to.equal(CERTIFICATE_ARN);
      expect(resourcesOf(json, 'aws_acm_certificate')).to.deep.equal({});
      expect(resourcesOf(json, 'aws_route53_record')).to.deep.equal({});
    });
  });
});
