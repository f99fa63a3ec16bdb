import { expect } from 'chai';
import { createLogger, formatChildLine } from '../../local-stack/log.js';

describe('formatChildLine()', () => {
  it('shortens a pino JSON line', () => {
    const line = JSON.stringify({
      level: 30,
      time: '2026-01-02T03:04:05.000Z',
      pid: 7,
      hostname: 'box',
      msg: 'listening on port 8080',
      port: 8080,
    });
    expect(formatChildLine('web-1', line)).to.equal(
      '03:04:05 web-1   listening on port 8080 port=8080',
    );
  });

  it('shows levels other than info', () => {
    const line = JSON.stringify({ level: 50, time: 0, msg: 'redis down', err: 'ECONNREFUSED' });
    expect(formatChildLine('web-2', line)).to.equal(
      '00:00:00 web-2   ERROR redis down err=ECONNREFUSED',
    );
  });

  it('quotes values with spaces and prints objects as JSON', () => {
    const line = JSON.stringify({ level: 40, time: 0, msg: '', reason: 'two words', ids: [1, 2] });
    expect(formatChildLine('web-1', line)).to.equal(
      '00:00:00 web-1   WARN reason="two words" ids=[1,2]',
    );
  });

  it('keeps a line that is not JSON', () => {
    expect(formatChildLine('web-1', 'plain text {')).to.match(
      /^\d\d:\d\d:\d\d web-1 {3}plain text \{$/,
    );
  });
});

describe('createLogger()', () => {
  it('prefixes each line with its source', () => {
    const lines: string[] = [];
    createLogger('alb', (line) => lines.push(line)).warn('upstream request failed', {
      upstream: '127.0.0.1:1',
    });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(
      /^\d\d:\d\d:\d\d alb {5}WARN upstream request failed upstream=127\.0\.0\.1:1$/,
    );
  });
});
