/**
 * Builds the Elastic Beanstalk source bundle: the compiled web service with its views, the
 * production dependencies and a Procfile, zipped so that the instances install nothing.
 * Run `npm run build` first (`make bundle` does). Writes dist/bundle/<label>.zip and
 * dist/bundle/manifest.json, which the cdktf app reads.
 *
 * Dependencies are installed rather than bundled with esbuild, because the service reads its views
 * and stylesheet relative to its own module files, and a single-file bundle moves those files.
 *
 * The zip is reproducible: files are added in sorted order with a fixed timestamp and no extra
 * attributes, so the same sources give the same SHA-256 and the same Beanstalk version label.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BundleManifest } from '../infra/src/bundle.js';

export const DEFAULT_OUT_DIR = 'dist/bundle';
export const ENTRY_POINT = 'dist/web/src/server.js';
/** 1980-01-01, the earliest time a zip entry can hold. */
const FIXED_MTIME = new Date('1980-01-01T00:00:00Z');

/** Builds the bundle into `outDir` from the project at `root` and returns its manifest. */
export function buildBundle(
  root = process.cwd(),
  outDir = resolve(root, DEFAULT_OUT_DIR),
): BundleManifest {
  if (!existsSync(join(root, ENTRY_POINT))) {
    throw new Error(`missing ${ENTRY_POINT}: run \`npm run build\` before building the bundle`);
  }
  const stage = join(outDir, 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });

  // Compiled service and views, without source maps, which only help a debugger.
  cpSync(join(root, 'dist/web'), join(stage, 'dist/web'), {
    recursive: true,
    filter: (source) => !source.endsWith('.map'),
  });
  // Platform hooks such as the nginx settings, which Beanstalk reads from .platform/.
  cpSync(join(root, 'web/.platform'), join(stage, '.platform'), { recursive: true });
  installProductionDependencies(root, stage);
  writeFileSync(join(stage, 'Procfile'), `web: node ${ENTRY_POINT}\n`);

  const zipPath = join(outDir, 'bundle.zip');
  zipReproducibly(stage, zipPath);
  const manifest = nameByHash(zipPath, outDir);
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(stage, { recursive: true, force: true });
  return manifest;
}

// `npm ci` installs exactly the locked versions; --offline takes them from the npm cache that
// `npm ci` for the project filled, so the bundle builds without a network.
function installProductionDependencies(root: string, stage: string): void {
  cpSync(join(root, 'package.json'), join(stage, 'package.json'));
  cpSync(join(root, 'package-lock.json'), join(stage, 'package-lock.json'));
  execFileSync(
    'npm',
    ['ci', '--omit=dev', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'],
    { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] },
  );

  // Beanstalk does not run `npm install` when the bundle has node_modules ("Configuring your
  // application's dependencies", Elastic Beanstalk Developer Guide). A package.json without
  // devDependencies, and no lock file, keep anyone from installing the build tools there.
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const { name, version, type, engines, dependencies } = manifest;
  const runtime = { name, version, private: true, type, engines, dependencies };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(runtime, null, 2)}\n`);
  rmSync(join(stage, 'package-lock.json'));
  rmSync(join(stage, 'node_modules/.package-lock.json'), { force: true });
  // Links in .bin point at command-line tools the service does not run.
  rmSync(join(stage, 'node_modules/.bin'), { recursive: true, force: true });
}

function zipReproducibly(stage: string, zipPath: string): void {
  const files = listFiles(stage);
  for (const file of files) utimesSync(join(stage, file), FIXED_MTIME, FIXED_MTIME);
  rmSync(zipPath, { force: true });
  // -X drops extra attributes (uid, gid, extended times) that differ between machines.
  execFileSync('zip', ['-q', '-X', '-@', zipPath], {
    cwd: stage,
    // zip stores local time, so a fixed zone keeps the timestamps equal on every machine.
    env: { ...process.env, TZ: 'UTC' },
    input: files.join('\n'),
    stdio: ['pipe', 'ignore', 'inherit'],
  });
}

/** Lists the regular files under `dir`, relative and sorted, so the zip order is stable. */
function listFiles(dir: string): string[] {
  const output = execFileSync('find', ['.', '-type', 'f'], { cwd: dir, encoding: 'utf8' });
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(2))
    .sort();
}

function nameByHash(zipPath: string, outDir: string): BundleManifest {
  const sha256 = createHash('sha256').update(readFileSync(zipPath)).digest('hex');
  const path = join(outDir, `bundle-${sha256.slice(0, 16)}.zip`);
  rmSync(path, { force: true });
  cpSync(zipPath, path);
  rmSync(zipPath);
  return { path, sha256, sizeBytes: statSync(path).size };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const manifest = buildBundle();
  const megabytes = (manifest.sizeBytes / 1024 / 1024).toFixed(1);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`bundle ${manifest.path}: ${megabytes} MiB, sha256 ${manifest.sha256}, ${seconds} s`);
}
