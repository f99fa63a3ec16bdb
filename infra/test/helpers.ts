/** Synthesizes the stack in memory and reads resources out of the Terraform JSON. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { loadConfig } from '../src/config.js';
import { AppStack } from '../src/stack.js';

export type Block = Record<string, unknown> & { '//'?: { metadata: { path: string } } };

export interface Synthesized {
  resource: Record<string, Record<string, Block>>;
  data: Record<string, Record<string, Block>>;
  output: Record<string, { value: string }>;
  terraform: Record<string, unknown>;
}

export const TEST_BUNDLE = {
  path: '/tmp/bundle.zip',
  sha256: 'ab'.repeat(32),
  sizeBytes: 1234,
};

/** Synthesizes the stack for the given environment variables (defaults otherwise). */
export function synthStack(env: NodeJS.ProcessEnv = {}): Synthesized {
  const app = Testing.app();
  const stack = new AppStack(app, 'test', { config: loadConfig(env), bundle: TEST_BUNDLE });
  // A full synth keeps the construct paths in the JSON, which the lookups below match on.
  const outdir = Testing.fullSynth(stack);
  const file = join(outdir, 'stacks', 'test', 'cdk.tf.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Synthesized;
}

/** Returns every resource of a type, keyed by its logical id. */
export function resourcesOf(json: Synthesized, type: string): Record<string, Block> {
  return json.resource[type] ?? {};
}

/** Returns the only resource of a type, or throws if there are none or several. */
export function onlyResource(json: Synthesized, type: string): Block {
  return only(Object.values(resourcesOf(json, type)), type);
}

/** Returns the resource whose construct path ends with `suffix`. */
export function resourceAt(json: Synthesized, type: string, suffix: string): Block {
  const matches = Object.values(resourcesOf(json, type)).filter((block) =>
    block['//']?.metadata.path.endsWith(suffix),
  );
  return only(matches, `${type} at ${suffix}`);
}

export function onlyData(json: Synthesized, type: string): Block {
  return only(Object.values(json.data[type] ?? {}), `data ${type}`);
}

/** Returns the Terraform reference expression for an attribute of the only resource of a type. */
export function refTo(json: Synthesized, type: string, attribute: string, suffix = ''): string {
  const entries = Object.entries(resourcesOf(json, type)).filter(([, block]) =>
    block['//']?.metadata.path.endsWith(suffix),
  );
  const [id] = only(entries, `${type} at ${suffix}`);
  return `\${${type}.${id}.${attribute}}`;
}

function only<T>(items: T[], description: string): T {
  if (items.length !== 1) throw new Error(`expected one ${description}, found ${items.length}`);
  return items[0] as T;
}
