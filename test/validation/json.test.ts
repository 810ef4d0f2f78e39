// parseJsonStrict: RFC 8259 JSON, with duplicate keys in any object refused (XAPI-00021).
import { expect } from 'chai';
import fc from 'fast-check';
import { JsonLimitError, JsonSyntaxError, parseJsonStrict } from '../../validation/index.js';

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

  it('checks duplicates at any depth without recursion (no stack overflow)', () => {
    const deep = (inner: string) => `${'{"a":'.repeat(100_000)}${inner}${'}'.repeat(100_000)}`;
    expect(parseJsonStrict(deep('[1]'))).to.be.an('object');
    expect(rejects(deep('{"k":1,"k":2}'), 'XAPI-00021').message).to.contain(`${'/a'.repeat(100_000)}`);
  });

  it('refuses a text over the depth limit before parsing it, counting arrays and objects', () => {
    const limits = { maxDepth: 3, maxItems: 1000 };
    expect(parseJsonStrict('{"a":[{"b":1}]}', limits)).to.deep.equal({ a: [{ b: 1 }] });
    for (const text of ['{"a":[{"b":[]}]}', '[[[[1]]]]', '[[[["unclosed']) {
      expect(() => parseJsonStrict(text, limits)).to.throw(JsonLimitError, 'deeper than 3').with.property('limit', 'maxDepth');
    }
  });

  it('refuses a text with more properties and elements than the item limit', () => {
    const limits = { maxDepth: 10, maxItems: 5 };
    expect(parseJsonStrict('{"a":[1,2],"b":{"c":"[,,]"}}', limits)).to.be.an('object'); // a, 1, 2, b, c
    expect(() => parseJsonStrict('{"a":[1,2],"b":{"c":1,"d":2}}', limits)).to.throw(JsonLimitError).with.property('limit', 'maxItems');
    expect(() => parseJsonStrict('[1,2,3,4,5,6]', limits)).to.throw(JsonLimitError).with.property('limit', 'maxItems');
    expect(parseJsonStrict('[[],[],{}]', limits)).to.deep.equal([[], [], {}]);
  });

  it('counts depth and items exactly, whatever the strings hold (brackets, quotes, backslashes)', () => {
    const depthOf = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0);
    const itemsOf = (v: unknown): number => (v !== null && typeof v === 'object' ? Object.values(v).reduce<number>((n, x) => n + 1 + itemsOf(x), 0) : 0);
    const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', ':', 'a', ' ', '\u00e9'), maxLength: 8 });
    fc.assert(
      fc.property(fc.letrec((tie) => ({ value: fc.oneof({ depthSize: 'small' }, tricky, fc.integer(), fc.array(tie('value')), fc.dictionary(tricky, tie('value'))) })).value, (value) => {
        const text = JSON.stringify(value, null, value === null ? 0 : 1);
        const [depth, items] = [depthOf(value), itemsOf(value)];
        expect(parseJsonStrict(text, { maxDepth: depth, maxItems: items })).to.deep.equal(value);
        if (depth > 0) expect(() => parseJsonStrict(text, { maxDepth: depth - 1, maxItems: items })).to.throw(JsonLimitError).with.property('limit', 'maxDepth');
        if (items > 0) expect(() => parseJsonStrict(text, { maxDepth: depth, maxItems: items - 1 })).to.throw(JsonLimitError).with.property('limit', 'maxItems');
      }),
      { numRuns: 500, seed: 20261206 },
    );
  });

  it('finds a duplicate key wherever it is, with the keys holding escapes and tricky characters', () => {
    const key = fc.string({ unit: fc.constantFrom('"', '\\', '/', '~', '[', '{', 'a', '\u00e9'), maxLength: 5 });
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), fc.nat(), (path, pick) => {
        const duplicated = path[pick % path.length]!;
        const inner = `{${JSON.stringify(duplicated)}:1,"\\u0000":[],${JSON.stringify(duplicated)}:2}`;
        const text = path.reduceRight((acc, step) => `{"x":[1,"]"],${JSON.stringify(step)}:${acc}}`, inner);
        expect(() => parseJsonStrict(text)).to.throw(JsonSyntaxError).with.property('requirement', 'XAPI-00021');
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('refuses what RFC 8259 refuses', () => {
    for (const text of ['', '{', '{"a":1,}', '[1,]', "{'a':1}", '{a:1}', '// c\n{}', '{"a":1} x', 'NaN', '{"a":01}', '"\t"', 'undefined']) {
      rejects(text, undefined);
    }
  });
});
