import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { describeTls, findProblems, hasCredentialSource } from '../preflight.js';

const TERRAFORM_MISSING =
  'missing terraform: install Terraform 1.5 or later from HashiCorp ' +
  '(https://developer.hashicorp.com/terraform/install) and put it on PATH';
const CREDENTIALS_MISSING =
  'missing AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ' +
  'or run `aws configure` or `aws sso login`';

// An empty home directory, so that no real credential file on this machine is consulted.
const emptyHome = () => mkdtempSync(join(tmpdir(), 'home-'));
const withPrograms =
  (...names: string[]) =>
  (name: string) =>
    names.includes(name);

describe('findProblems(target, context)', () => {
  it('names terraform and credentials for deploy', () => {
    const context = { env: {}, home: emptyHome(), hasProgram: withPrograms() };
    expect(findProblems('deploy', context)).to.deep.equal([TERRAFORM_MISSING, CREDENTIALS_MISSING]);
  });

  it('passes plan with terraform and a profile', () => {
    const context = {
      env: { AWS_PROFILE: 'sandbox' },
      home: emptyHome(),
      hasProgram: withPrograms('terraform'),
    };
    expect(findProblems('plan', context)).to.deep.equal([]);
  });

  it('needs neither terraform nor credentials for synth', () => {
    const context = { env: {}, home: emptyHome(), hasProgram: withPrograms() };
    expect(findProblems('synth', context)).to.deep.equal([]);
  });

  it('reports incomplete domain settings', () => {
    const context = {
      env: { DOMAIN_NAME: 'app.example.com' },
      home: emptyHome(),
      hasProgram: withPrograms('terraform'),
    };
    const problems = findProblems('synth', context);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^missing HOSTED_ZONE_ID or CERTIFICATE_ARN for DOMAIN_NAME/);
  });

  it('names zip for bundle', () => {
    const context = { env: {}, home: emptyHome(), hasProgram: withPrograms() };
    expect(findProblems('bundle', context)).to.deep.equal([
      'missing zip: install it (Debian or Ubuntu: apt-get install zip)',
    ]);
  });
});

describe('hasCredentialSource(env, home)', () => {
  it('accepts a key pair', () => {
    const env = { AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' };
    expect(hasCredentialSource(env, emptyHome())).to.equal(true);
  });

  it('rejects a key id without its secret', () => {
    expect(hasCredentialSource({ AWS_ACCESS_KEY_ID: 'id' }, emptyHome())).to.equal(false);
  });

  it('accepts a shared config file in the home directory', () => {
    const home = emptyHome();
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = eu-west-1\n');
    expect(hasCredentialSource({}, home)).to.equal(true);
  });
});

describe('describeTls(env)', () => {
  it('warns about the self-signed certificate in demo mode', () => {
    expect(describeTls({})).to.match(/^demo mode: .* self-signed certificate/);
  });

  it('names the domain and zone', () => {
    const env = { DOMAIN_NAME: 'app.example.com', HOSTED_ZONE_ID: 'Z123ABC' };
    expect(describeTls(env)).to.equal(
      'https://app.example.com with an ACM certificate validated in hosted zone Z123ABC',
    );
  });
});
