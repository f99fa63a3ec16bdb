import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readBundleManifest, versionLabel } from '../src/bundle.js';
import { onlyResource, refTo, synthStack, TEST_BUNDLE } from './helpers.js';

describe('readBundleManifest(path)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manifest-'));

  it('returns undefined before a bundle is built', () => {
    expect(readBundleManifest(join(dir, 'absent.json'))).to.equal(undefined);
  });

  it('reads a valid manifest', () => {
    const file = join(dir, 'manifest.json');
    writeFileSync(file, JSON.stringify(TEST_BUNDLE));
    expect(readBundleManifest(file)).to.deep.equal(TEST_BUNDLE);
  });

  it('rejects a manifest without a SHA-256', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ ...TEST_BUNDLE, sha256: 'abc' }));
    expect(() => readBundleManifest(file)).to.throw(
      TypeError,
      `invalid bundle manifest ${file}: run \`make bundle\` again`,
    );
  });
});

describe('versionLabel(appName, sha256)', () => {
  it('carries the first 16 hex digits of the hash', () => {
    expect(versionLabel('koa-signin', 'ab'.repeat(32))).to.equal('koa-signin-abababababababab');
  });
});

describe('BundleStore', () => {
  const json = synthStack();
  const bucket = refTo(json, 'aws_s3_bucket', 'id');

  it('blocks all public access to the bucket', () => {
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).to.include({
      bucket,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('encrypts the bucket by default', () => {
    const encryption = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(encryption.bucket).to.equal(bucket);
    expect(encryption.rule).to.deep.equal([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
  });

  it('uploads the bundle under its version label', () => {
    const object = onlyResource(json, 'aws_s3_object');
    expect(object.key).to.equal('bundles/koa-signin-abababababababab.zip');
    expect(object.source).to.equal('/tmp/bundle.zip');
    expect(object.source_hash).to.equal('ab'.repeat(32));
  });

  it('names the application version after the content hash', () => {
    const version = onlyResource(json, 'aws_elastic_beanstalk_application_version');
    expect(version.name).to.equal('koa-signin-abababababababab');
    expect(version.key).to.equal(refTo(json, 'aws_s3_object', 'key'));
    expect(version.bucket).to.equal(refTo(json, 'aws_s3_bucket', 'bucket'));
  });
});
