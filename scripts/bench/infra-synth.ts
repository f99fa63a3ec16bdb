/**
 * Compares the cdktf synth of the stack as written (provider classes imported from
 * `@cdktf/provider-aws/lib/<resource>/index.js`) with the same synth after importing the package
 * root, which loads every resource module of the provider. Each run is a fresh `node` process,
 * so module loading is measured cold; runs alternate between the two variants, and the report
 * gives medians.
 *
 * Usage: npx tsx scripts/bench/infra-synth.ts [runs per variant, default 5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Variant = 'lib' | 'root';

interface Measurement {
  variant: Variant;
  /** Milliseconds from the first import to the written Terraform JSON. */
  elapsedMs: number;
  /** Peak resident set size of the process, in MiB. */
  maxRssMiB: number;
  /** Modules in Node's CommonJS cache after the synth. */
  modules: number;
}

/** Runs inside the child process: imports, synthesizes, and prints one JSON measurement. */
async function measure(variant: Variant): Promise<void> {
  const started = performance.now();
  if (variant === 'root') await import('@cdktf/provider-aws');
  const { App } = await import('cdktf');
  const { loadConfig } = await import('../../infra/src/config.js');
  const { AppStack } = await import('../../infra/src/stack.js');

  const outdir = mkdtempSync(join(tmpdir(), 'synth-bench-'));
  const app = new App({ outdir });
  const bundle = { path: '/tmp/bundle.zip', sha256: '0'.repeat(64), sizeBytes: 0 };
  new AppStack(app, 'bench', { config: loadConfig({}), bundle });
  app.synth();
  const elapsedMs = performance.now() - started;
  rmSync(outdir, { recursive: true, force: true });

  const { createRequire } = await import('node:module');
  const modules = Object.keys(createRequire(import.meta.url).cache).length;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ variant, elapsedMs, maxRssMiB, modules } satisfies Measurement));
}

function runChild(variant: Variant): Measurement {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', variant],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`${variant} run failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as Measurement;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function report(results: Measurement[], variant: Variant): string {
  const runs = results.filter((result) => result.variant === variant);
  const elapsed = median(runs.map((run) => run.elapsedMs)).toFixed(0);
  const rss = median(runs.map((run) => run.maxRssMiB)).toFixed(0);
  const modules = median(runs.map((run) => run.modules));
  return `| ${variant} | ${runs.length} | ${elapsed} | ${rss} | ${modules} |`;
}

function main(runs: number): void {
  const results: Measurement[] = [];
  for (let index = 0; index < runs; index++) {
    results.push(runChild('lib'), runChild('root'));
  }
  console.log(`node ${process.version}, ${runs} runs per variant, medians`);
  console.log('| imports | runs | synth ms | peak RSS MiB | CommonJS modules |');
  console.log('|---|---|---|---|---|');
  console.log(report(results, 'lib'));
  console.log(report(results, 'root'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const childIndex = process.argv.indexOf('--child');
  if (childIndex >= 0) {
    await measure(process.argv[childIndex + 1] === 'root' ? 'root' : 'lib');
  } else {
    main(Number(process.argv[2] ?? 5));
  }
}
