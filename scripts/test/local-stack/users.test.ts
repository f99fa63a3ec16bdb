import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openUserStore, UserExistsError } from '../../local-stack/cognito/users.js';

describe('openUserStore()', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'users-test-'));
    file = join(dir, 'nested', 'users.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('verifies the password a user signed up with', async () => {
    const store = await openUserStore(file);
    const user = await store.create('Alice@Example.com ', 'Passw0rd!');
    expect(user.email).to.equal('alice@example.com');
    expect(user.sub).to.match(/^[0-9a-f-]{36}$/);
    expect((await store.verify('alice@example.com', 'Passw0rd!'))?.sub).to.equal(user.sub);
    expect(await store.verify('alice@example.com', 'Passw0rd?')).to.equal(undefined);
    expect(await store.verify('bob@example.com', 'Passw0rd!')).to.equal(undefined);
  });

  it('keeps users across reopening and stores no plain password', async () => {
    const user = await (await openUserStore(file)).create('a@example.com', 'Passw0rd!');
    const reopened = await openUserStore(file);
    expect(reopened.findBySub(user.sub)?.email).to.equal('a@example.com');
    expect((await reopened.verify('A@example.com', 'Passw0rd!'))?.sub).to.equal(user.sub);
    expect(await readFile(file, 'utf8')).not.to.include('Passw0rd!');
  });

  it('rejects a second account for one email', async () => {
    const store = await openUserStore(file);
    await store.create('a@example.com', 'Passw0rd!');
    const error = await store
      .create('A@EXAMPLE.COM', 'Other0ne!')
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(UserExistsError);
    expect(error).to.have.property('code', 'UsernameExistsException');
    expect(error).to.have.property('message', 'An account with the given email already exists.');
  });
});
