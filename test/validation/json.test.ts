// parseJsonStrict: RFC 8259 JSON, with duplicate keys in any object refused (XAPI-00021).
import { expect } from 'chai';
import { JsonSyntaxError, parseJsonStrict } from '../../validation/index.js';

function rejects(text: string, requirement?: string): JsonSyntaxError {
  try {
    parseJsonStrict(text);
  } catch (error) {
    expect(error).to.be.instanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).requirement).to.equal(requirement);
    return error as JsonSyntaxError;
  }
  throw new Error(`accepted ${text}`);
}

describe('validation: parseJsonStrict', () => {
  it('parses values exactly as JSON.parse does', () => {
    const texts = ['{"a":1,"b":[true,null,"x",{"c":-1.5e3}]}', '[]', '"s"', '3', 'null', ' {"__proto__": 1, "k": "\\u00e9"} ', '{"a":{"a":{"a":1}}}'];
    for (const text of texts) expect(parseJsonStrict(text)).to.deep.equal(JSON.parse(text));
  });

  it('keeps "__proto__" as an own property', () => {
    const value = parseJsonStrict('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(value)).to.deep.equal(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('refuses a duplicate key at the top level, naming XAPI-00021', () => {
    const error = rejects('{"actor":{},"actor":{}}', 'XAPI-00021');
    expect(error.message).to.contain('"actor"');
  });

  it('refuses a duplicate key in a nested object and says where', () => {
    const error = rejects('{"verb":{"id":"http://x","display":{"en":"a","en":"b"}}}', 'XAPI-00021');
    expect(error.message).to.contain('"en"').and.contain('/verb/display');
  });

  it('refuses a duplicate key inside an array of objects', () => {
    rejects('{"member":[{"mbox":"mailto:a@x.com"},{"mbox":"mailto:b@x.com","mbox":"mailto:c@x.com"}]}', 'XAPI-00021');
  });

  it('sees duplicates spelled with escapes', () => {
    rejects('{"a":1,"\\u0061":2}', 'XAPI-00021');
  });

  it('allows the same key in sibling and nested objects', () => {
    expect(parseJsonStrict('{"id":"x","object":{"id":"y","definition":{"id":"z"}},"context":{"id":1}}')).to.be.an('object');
    expect(parseJsonStrict('[{"a":1},{"a":2}]')).to.deep.equal([{ a: 1 }, { a: 2 }]);
  });

  it('refuses absurdly deep nesting with a JsonSyntaxError, not a crash', () => {
    rejects(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, undefined);
    expect(parseJsonStrict(`{"a":${'['.repeat(500)}${']'.repeat(500)}}`)).to.be.an('object');
  });

  it('refuses what RFC 8259 refuses', () => {
    for (const text of ['', '{', '{"a":1,}', '[1,]', "{'a':1}", '{a:1}', '// c\n{}', '{"a":1} x', 'NaN', '{"a":01}', '"\t"', 'undefined']) {
      rejects(text, undefined);
    }
  });
});
