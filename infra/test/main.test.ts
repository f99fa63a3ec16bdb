import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

/** Runs the cdktf app as `cdktf synth` does, with only the given settings in its environment. */
function runApp(env: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/main.ts'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, CDKTF_OUTDIR: outdir, ...env },
  });
  return { ...result, file: join(outdir, 'stacks', 'alb-cognito-koa', 'cdk.tf.json') };
}

describe('infra/main.ts', function () {
  // Each run starts node and loads cdktf and the provider classes the stack uses.
  this.timeout(60_000);

  it('synthesizes the stack without a bundle', () => {
    const missing = join(tmpdir(), 'no-such-manifest.json');
    const run = runApp({ BUNDLE_MANIFEST: missing });
    expect(run.status).to.equal(0);
    expect(run.stderr).to.include(`infra: no bundle manifest at ${missing}`);
    const json = JSON.parse(readFileSync(run.file, 'utf8'));
    expect(Object.keys(json.resource.aws_elastic_beanstalk_environment)).to.have.length(1);
  });

  it('labels the version from the manifest', () => {
    const manifest = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'manifest.json');
    const sha256 = 'cd'.repeat(32);
    writeFileSync(manifest, JSON.stringify({ path: '/tmp/b.zip', sha256, sizeBytes: 1 }));
    const run = runApp({ BUNDLE_MANIFEST: manifest });
    expect(run.status).to.equal(0);
    const json = JSON.parse(readFileSync(run.file, 'utf8'));
    const [version] = Object.values(json.resource.aws_elastic_beanstalk_application_version) as {
      name: string;
    }[];
    expect(version?.name).to.equal('koa-signin-cdcdcdcdcdcdcdcd');
  });

  it('exits 1 naming an invalid setting', () => {
    const run = runApp({ CACHE_ENGINE: 'memcached' });
    expect(run.status).to.equal(1);
    expect(run.stderr.trim()).to.equal(
      'infra: invalid CACHE_ENGINE (context "cacheEngine"): "memcached"; set it to "redis" or "valkey"',
    );
    expect(existsSync(run.file)).to.equal(false);
  });
});
