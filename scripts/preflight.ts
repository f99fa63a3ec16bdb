/**
 * Checks what `make synth`, `plan`, `deploy`, `destroy` and `bundle` need before they start, and
 * names each missing piece with the way to get it, instead of a stack trace halfway through.
 * It only looks: it contacts no AWS endpoint, so valid-looking credentials may still be rejected.
 *
 * Usage: tsx scripts/preflight.ts synth|plan|deploy|destroy|bundle
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CDKTF_JSON,
  ConfigError,
  loadConfig,
  readCdktfContext,
  type InfraConfig,
} from '../infra/src/config.js';

export const TARGETS = ['synth', 'plan', 'deploy', 'destroy', 'bundle'] as const;
export type Target = (typeof TARGETS)[number];

export interface Environment {
  env: NodeJS.ProcessEnv;
  home: string;
  /** Returns true when a program can be run from PATH. */
  hasProgram: (name: string) => boolean;
  /** The cdktf.json whose `context` contains settings; the project's own by default. */
  cdktfJson?: string;
}

const ZIP_MISSING = 'missing zip: install it (Debian or Ubuntu: apt-get install zip)';

/** Returns one message per missing requirement of the target; empty when all are met. */
export function findProblems(target: Target, context: Environment): string[] {
  const problems: string[] = [];
  // `make plan` and `make deploy` build the bundle, so they need zip as well.
  if (target === 'bundle' || target === 'plan' || target === 'deploy') {
    if (!context.hasProgram('zip')) problems.push(ZIP_MISSING);
  }
  if (target === 'bundle') return problems;

  problems.push(...configProblems(context.env, context.cdktfJson));
  if (target === 'synth') return problems;

  if (!context.hasProgram('terraform')) {
    problems.push(
      'missing terraform: install Terraform 1.5 or later from HashiCorp ' +
        '(https://developer.hashicorp.com/terraform/install) and put it on PATH',
    );
  }
  if (!hasCredentialSource(context.env, context.home)) {
    problems.push(
      'missing AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and ' +
        'AWS_SECRET_ACCESS_KEY, or run `aws configure` or `aws sso login`',
    );
  }
  const profile = context.env.AWS_PROFILE;
  if (profile && !hasProfile(profile, context.env, context.home)) {
    const { config, credentials } = sharedFiles(context.env, context.home);
    problems.push(
      `AWS profile "${profile}" not found in ${config} or ${credentials}: ` +
        `run \`aws configure --profile ${profile}\` or \`aws configure sso\`, ` +
        'or set AWS_PROFILE to a profile that exists',
    );
  }
  return problems;
}

/** Loads the settings as `make synth` does: environment variables over cdktf.json's context. */
export function loadInfraConfig(env: NodeJS.ProcessEnv, cdktfJson = CDKTF_JSON): InfraConfig {
  const context = readCdktfContext(env, cdktfJson);
  return loadConfig(env, (key) => context[key]);
}

function configProblems(env: NodeJS.ProcessEnv, cdktfJson: string | undefined): string[] {
  try {
    loadInfraConfig(env, cdktfJson);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [error.message];
    throw error;
  }
}

/** Tells whether any source the AWS SDKs read credentials from is configured. */
export function hasCredentialSource(env: NodeJS.ProcessEnv, home: string): boolean {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return true;
  if (env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE) return true;
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) {
    return true;
  }
  const { config, credentials } = sharedFiles(env, home);
  return existsSync(credentials) || existsSync(config);
}

/** Returns the paths of the shared config and credentials files that the AWS CLI and SDKs read. */
function sharedFiles(env: NodeJS.ProcessEnv, home: string) {
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/**
 * Tells whether the profile has a section in the shared config file (`[profile NAME]`, or
 * `[default]` for the profile named default) or in the credentials file (`[NAME]`).
 */
export function hasProfile(profile: string, env: NodeJS.ProcessEnv, home: string): boolean {
  const { config, credentials } = sharedFiles(env, home);
  const configSections = readSectionNames(config);
  if (configSections.includes(`profile ${profile}`)) return true;
  if (profile === 'default' && configSections.includes('default')) return true;
  return readSectionNames(credentials).includes(profile);
}

/** Returns the `[section]` names of an INI file with inner spaces collapsed, or none when it is missing. */
function readSectionNames(path: string): string[] {
  if (!existsSync(path)) return [];
  const names: string[] = [];
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*\[([^\]]+)\]/.exec(line);
    if (match) names.push(match[1]!.trim().split(/\s+/).join(' '));
  }
  return names;
}

/** Describes the host name and certificate the deployment will use, for the operator to check. */
export function describeTls(env: NodeJS.ProcessEnv, cdktfJson = CDKTF_JSON): string {
  const { tls } = loadInfraConfig(env, cdktfJson);
  switch (tls.kind) {
    case 'demo':
      return 'demo mode: HTTPS on the load balancer DNS name with a self-signed certificate (set DOMAIN_NAME and HOSTED_ZONE_ID for a real one)';
    case 'route53':
      return `https://${tls.domainName} with an ACM certificate validated in hosted zone ${tls.hostedZoneId}`;
    case 'certificate':
      return `https://${tls.domainName} with certificate ${tls.certificateArn}`;
  }
}

function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function main(argument: string | undefined): number {
  const target = TARGETS.find((name) => name === argument);
  if (target === undefined) {
    console.error(`usage: preflight ${TARGETS.join('|')}`);
    return 2;
  }
  const problems = findProblems(target, { env: process.env, home: homedir(), hasProgram });
  if (problems.length > 0) {
    console.error(`make ${target} cannot start:\n  - ${problems.join('\n  - ')}`);
    return 1;
  }
  if (target === 'plan' || target === 'deploy')
    console.error(`preflight: ${describeTls(process.env)}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv[2]);
}
