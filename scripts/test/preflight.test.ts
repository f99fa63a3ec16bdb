import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { describeTls, findProblems, hasCredentialSource, hasProfile } from '../preflight.js';

const TERRAFORM_MISSING =
  'missing terraform: install Terraform 1.5 or later from HashiCorp ' +
  '(https://developer.hashicorp.com/terraform/install) and put it on PATH';
const CREDENTIALS_MISSING =
  'missing AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ' +
  'or run `aws configure` or `aws sso login`';

// An empty home directory, so that no real credential file on this machine is consulted.
const emptyHome = () => mkdtempSync(join(tmpdir(), 'home-'));
const ZIP_MISSING = 'missing zip: install it (Debian or Ubuntu: apt-get install zip)';

/** Writes a file with the given content to a new temporary folder and returns its path. */
function writeTempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'preflight-')), name);
  writeFileSync(path, content);
  return path;
}

const withPrograms =
  (...names: string[]) =>
  (name: string) =>
    names.includes(name);

describe('findProblems(target, context)', () => {
  it('names zip, terraform and credentials for deploy', () => {
    const context = { env: {}, home: emptyHome(), hasProgram: withPrograms() };
    expect(findProblems('deploy', context)).to.deep.equal([
      ZIP_MISSING,
      TERRAFORM_MISSING,
      CREDENTIALS_MISSING,
    ]);
  });

  it('passes plan with terraform and a profile', () => {
    const config = writeTempFile('config', '[profile sandbox]\nregion = eu-west-1\n');
    const context = {
      env: { AWS_PROFILE: 'sandbox', AWS_CONFIG_FILE: config },
      home: emptyHome(),
      hasProgram: withPrograms('terraform', 'zip'),
    };
    expect(findProblems('plan', context)).to.deep.equal([]);
  });

  it('names a profile that is not configured', () => {
    const home = emptyHome();
    const context = {
      env: { AWS_PROFILE: 'sandbox' },
      home,
      hasProgram: withPrograms('terraform', 'zip'),
    };
    expect(findProblems('plan', context)).to.deep.equal([
      `AWS profile "sandbox" not found in ${join(home, '.aws', 'config')} or ` +
        `${join(home, '.aws', 'credentials')}: run \`aws configure --profile sandbox\` or ` +
        '`aws configure sso`, or set AWS_PROFILE to a profile that exists',
    ]);
  });

  it('reads appName from cdktf.json context', () => {
    const cdktfJson = writeTempFile('cdktf.json', '{"context":{"appName":"Bad_Name"}}');
    const context = { env: {}, home: emptyHome(), hasProgram: withPrograms(), cdktfJson };
    const problems = findProblems('synth', context);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^invalid APP_NAME \(context "appName"\): "Bad_Name"; /);
  });

  it('lets APP_NAME win over cdktf.json context', () => {
    const cdktfJson = writeTempFile('cdktf.json', '{"context":{"appName":"Bad_Name"}}');
    const context = {
      env: { APP_NAME: 'good-name' },
      home: emptyHome(),
      hasProgram: withPrograms(),
      cdktfJson,
    };
    expect(findProblems('synth', context)).to.deep.equal([]);
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
    expect(findProblems('bundle', context)).to.deep.equal([ZIP_MISSING]);
  });
});

describe('hasProfile(profile, env, home)', () => {
  it('finds [profile NAME] in the config file', () => {
    const env = { AWS_CONFIG_FILE: writeTempFile('config', '[profile  sandbox ]\n') };
    expect(hasProfile('sandbox', env, emptyHome())).to.equal(true);
  });

  it('finds [default] in the config file', () => {
    const env = { AWS_CONFIG_FILE: writeTempFile('config', '[default]\nregion = eu-west-1\n') };
    expect(hasProfile('default', env, emptyHome())).to.equal(true);
  });

  it('ignores [NAME] in the config file', () => {
    const env = { AWS_CONFIG_FILE: writeTempFile('config', '[sandbox]\n') };
    expect(hasProfile('sandbox', env, emptyHome())).to.equal(false);
  });

  it('finds [NAME] in the credentials file', () => {
    const credentials = writeTempFile('credentials', '[other]\n[sandbox]\naws_access_key_id=x\n');
    const env = { AWS_SHARED_CREDENTIALS_FILE: credentials };
    expect(hasProfile('sandbox', env, emptyHome())).to.equal(true);
  });

  it('reads the files in the home directory', () => {
    const home = emptyHome();
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'credentials'), '[sandbox]\n');
    expect(hasProfile('sandbox', {}, home)).to.equal(true);
    expect(hasProfile('other', {}, home)).to.equal(false);
  });

  it('prefers AWS_CONFIG_FILE to the home directory', () => {
    const home = emptyHome();
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[profile sandbox]\n');
    const env = { AWS_CONFIG_FILE: writeTempFile('config', '[profile other]\n') };
    expect(hasProfile('sandbox', env, home)).to.equal(false);
    expect(hasProfile('other', env, home)).to.equal(true);
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

  it('reads the domain from cdktf.json context', () => {
    const cdktfJson = writeTempFile(
      'cdktf.json',
      '{"context":{"domainName":"ctx.example.com","hostedZoneId":"Z999"}}',
    );
    expect(describeTls({}, cdktfJson)).to.equal(
      'https://ctx.example.com with an ACM certificate validated in hosted zone Z999',
    );
  });

  it('names the domain and zone', () => {
    const env = { DOMAIN_NAME: 'app.example.com', HOSTED_ZONE_ID: 'Z123ABC' };
    expect(describeTls(env)).to.equal(
      'https://app.example.com with an ACM certificate validated in hosted zone Z123ABC',
    );
  });
});
