/**
 * Checks what `make synth`, `plan`, `deploy`, `destroy` and `bundle` need before they start, and
 * names each missing piece with the way to get it, instead of a stack trace halfway through.
 * It only looks: it contacts no AWS endpoint, so valid-looking credentials may still be rejected.
 *
 * Usage: tsx scripts/preflight.ts synth|plan|deploy|destroy|bundle
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../infra/src/config.js';

export const TARGETS = ['synth', 'plan', 'deploy', 'destroy', 'bundle'] as const;
export type Target = (typeof TARGETS)[number];

export interface Environment {
  env: NodeJS.ProcessEnv;
  home: string;
  /** Returns true when a program can be run from PATH. */
  hasProgram: (name: string) => boolean;
}

/** Returns one message per missing requirement of the target; empty when all are met. */
export function findProblems(target: Target, context: Environment): string[] {
  const problems: string[] = [];
  if (target === 'bundle') {
    if (!context.hasProgram('zip')) {
      problems.push('missing zip: install it (Debian or Ubuntu: apt-get install zip)');
    }
    return problems;
  }
  problems.push(...configProblems(context.env));
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
  return problems;
}

function configProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
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
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials');
  const config = env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config');
  return existsSync(credentials) || existsSync(config);
}

/** Describes the host name and certificate the deployment will use, for the operator to check. */
export function describeTls(env: NodeJS.ProcessEnv): string {
  const { tls } = loadConfig(env);
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
