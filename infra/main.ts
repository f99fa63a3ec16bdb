/**
 * The cdktf app: reads the configuration and the bundle manifest, then synthesizes the stack.
 * `cdktf synth`, `cdktf plan` and `cdktf deploy` run this file (see cdktf.json).
 */
import { resolve } from 'node:path';
import { App } from 'cdktf';
import { ConfigError, loadConfig, readCdktfContext } from './src/config.js';
import { readBundleManifest, type BundleManifest } from './src/bundle.js';
import { AppStack } from './src/stack.js';

export const STACK_NAME = 'alb-cognito-koa';
export const DEFAULT_MANIFEST = 'dist/bundle/manifest.json';

const app = new App();
try {
  // `make synth` runs this file without the cdktf CLI, which would pass cdktf.json's context.
  const context = readCdktfContext(process.env);
  const config = loadConfig(process.env, (key) => context[key]);
  new AppStack(app, STACK_NAME, { config, bundle: bundleOrPlaceholder() });
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`infra: ${error.message}`);
  process.exit(1);
}

// Synth works before a bundle exists, so that the stack can be reviewed and tested from a fresh
// clone. `make plan` and `make deploy` build the bundle first.
function bundleOrPlaceholder(): BundleManifest {
  const manifestPath = resolve(process.env.BUNDLE_MANIFEST ?? DEFAULT_MANIFEST);
  const manifest = readBundleManifest(manifestPath);
  if (manifest !== undefined) return manifest;
  console.error(
    `infra: no bundle manifest at ${manifestPath}; run \`make bundle\` before a deploy`,
  );
  return { path: resolve('dist/bundle/missing.zip'), sha256: '0'.repeat(64), sizeBytes: 0 };
}
