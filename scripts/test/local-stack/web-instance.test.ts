import { expect } from 'chai';
import { instanceEnvironment } from '../../local-stack/web-instance.js';

describe('instanceEnvironment(name, port, env)', () => {
  it('sets HOST to loopback', () => {
    const env = instanceEnvironment('web-1', 4321, { REDIS_URL: 'redis://127.0.0.1:7000' });
    expect(env.HOST).to.equal('127.0.0.1');
    expect(env.PORT).to.equal('4321');
    expect(env.INSTANCE_NAME).to.equal('web-1');
    expect(env.REDIS_URL).to.equal('redis://127.0.0.1:7000');
  });

  it('passes only PATH from the shell', () => {
    const env = instanceEnvironment('web-2', 4322, {});
    expect(Object.keys(env).sort()).to.deep.equal(['HOST', 'INSTANCE_NAME', 'PATH', 'PORT']);
    expect(env.PATH).to.equal(process.env.PATH ?? '');
  });

  it('keeps HOST even when the settings name another', () => {
    const env = instanceEnvironment('web-1', 4321, { HOST: '0.0.0.0' });
    expect(env.HOST).to.equal('127.0.0.1');
  });
});
