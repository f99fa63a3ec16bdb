/**
 * The web service's source bundle: the manifest that `make bundle` writes, and the S3 bucket,
 * object and Beanstalk application version that carry the bundle to the instances.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Construct } from 'constructs';
import { ElasticBeanstalkApplication } from '@cdktf/provider-aws/lib/elastic-beanstalk-application/index.js';
import { ElasticBeanstalkApplicationVersion } from '@cdktf/provider-aws/lib/elastic-beanstalk-application-version/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object/index.js';

/** The location, SHA-256 and size of the zip file that `make bundle` wrote. */
export interface BundleManifest {
  /** Absolute path of the zip file. */
  path: string;
  sha256: string;
  sizeBytes: number;
}

/** Reads the manifest, or returns undefined when no bundle has been built yet. */
export function readBundleManifest(manifestPath: string): BundleManifest | undefined {
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BundleManifest;
  if (!/^[0-9a-f]{64}$/.test(manifest.sha256) || typeof manifest.path !== 'string') {
    throw new TypeError(`invalid bundle manifest ${manifestPath}: run \`make bundle\` again`);
  }
  return manifest;
}

/** Beanstalk version labels must be unique; the content hash makes a new bundle a new version. */
export function versionLabel(appName: string, sha256: string): string {
  return `${appName}-${sha256.slice(0, 16)}`;
}

export class BundleStore extends Construct {
  readonly bucket: S3Bucket;
  readonly application: ElasticBeanstalkApplication;
  readonly version: ElasticBeanstalkApplicationVersion;

  constructor(scope: Construct, id: string, appName: string, manifest: BundleManifest) {
    super(scope, id);
    this.bucket = this.createBucket(appName);
    const label = versionLabel(appName, manifest.sha256);
    const object = new S3Object(this, 'bundle', {
      bucket: this.bucket.bucket,
      key: `bundles/${label}.zip`,
      source: manifest.path,
      // A changed hash uploads the file again; the key changes with it anyway.
      sourceHash: manifest.sha256,
    });
    this.application = new ElasticBeanstalkApplication(this, 'application', { name: appName });
    this.version = new ElasticBeanstalkApplicationVersion(this, 'version', {
      name: label,
      application: this.application.name,
      bucket: this.bucket.bucket,
      key: object.key,
      description: `bundle sha256 ${manifest.sha256}`,
    });
  }

  private createBucket(appName: string): S3Bucket {
    const bucket = new S3Bucket(this, 'bucket', {
      bucketPrefix: `${appName}-bundles-`,
      // Old versions are build output, so `make destroy` may delete them with the bucket.
      forceDestroy: true,
    });
    new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    return bucket;
  }
}
