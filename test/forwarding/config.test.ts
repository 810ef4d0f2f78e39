import { expect } from 'chai';
import { parseForwardingConfig, ForwardingConfigError } from '../../reference-lrs/forwarding/config.js';

const good = {
  is_active: true,
  url: 'http://127.0.0.1:9000/xapi',
  basic_username: 'fwd',
  basic_password: 's3cret-pass',
  max_retries: 3,
  timeout: 2.5,
};

function errorOf(json: unknown): string {
  try {
    parseForwardingConfig(json);
  } catch (error) {
    expect(error).to.be.instanceOf(ForwardingConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('forwarding configuration', () => {
  it('accepts a valid list, parsed or as JSON text', () => {
    expect(parseForwardingConfig([good])).to.deep.equal([good]);
    expect(parseForwardingConfig(JSON.stringify([good, { ...good, is_active: false }]))).to.have.length(2);
    expect(parseForwardingConfig([])).to.deep.equal([]);
  });

  it('refuses something other than a list, or text that is not JSON', () => {
    expect(errorOf({ ...good })).to.match(/JSON list/);
    expect(errorOf('[{')).to.match(/not valid JSON/);
    expect(errorOf([good, 'x'])).to.match(/entry 1: expected an object/);
  });

  for (const key of Object.keys(good)) {
    it(`names the entry and the missing key "${key}"`, () => {
      const entry: Record<string, unknown> = { ...good };
      delete entry[key];
      expect(errorOf([good, entry])).to.contain(`entry 1: missing required key "${key}"`);
    });
  }

  const wrongValues: Array<[string, unknown]> = [
    ['is_active', 'true'],
    ['is_active', 1],
    ['url', 'ftp://example.com/xapi'],
    ['url', 'not a url'],
    ['url', 42],
    ['url', 'http://user:pw@example.com/xapi'],
    ['basic_username', ''],
    ['basic_username', 'a:b'],
    ['basic_username', null],
    ['basic_password', 12345],
    ['max_retries', -1],
    ['max_retries', 1.5],
    ['max_retries', '3'],
    ['timeout', 0],
    ['timeout', -2],
    ['timeout', '5'],
    ['timeout', null],
  ];
  for (const [key, value] of wrongValues) {
    it(`names the entry and key "${key}" when it is ${JSON.stringify(value)}`, () => {
      expect(errorOf([{ ...good, [key]: value }])).to.contain(`entry 0: key "${key}" must be`);
    });
  }

  it('refuses two active entries for one target (they would share its durable cursor)', () => {
    expect(errorOf([good, { ...good, url: `${good.url}/`, max_retries: 1 }])).to.contain('entry 1: key "url" with the same basic_username repeats active entry 0');
    expect(parseForwardingConfig([good, { ...good, basic_username: 'other' }])).to.have.length(2);
  });

  it('refuses unknown keys (a misspelt key would otherwise be silently ignored)', () => {
    expect(errorOf([{ ...good, max_retry: 2 }])).to.contain('entry 0: unknown key "max_retry"');
  });

  it('never echoes the text of invalid JSON (it may hold passwords)', () => {
    const message = errorOf('[{"basic_password": "hunter2-secret" oops}]');
    expect(message).to.match(/not valid JSON/);
    expect(message).to.not.contain('hunter2');
  });

  it('never echoes the password in an error', () => {
    expect(errorOf([{ ...good, basic_password: ['hunter2-secret'] }])).to.not.contain('hunter2');
  });
});
