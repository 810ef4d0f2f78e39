// Format predicates (Data 4.x): each accepts the forms the spec allows and rejects the others.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  durationKey, durationsEqual, isIri, isIrl, isIso8601Duration, isLanguageTag, isMailtoIri, isMediaType, isSha1, isSha2,
  isStatementVersion, isTimestamp, isUri, isUuid, normalizeTimestamp, parseDuration,
} from '../../validation/index.js';

function table(name: string, predicate: (v: unknown) => boolean, good: unknown[], bad: unknown[]): void {
  describe(name, () => {
    for (const value of good) it(`accepts ${JSON.stringify(value)}`, () => expect(predicate(value)).to.equal(true));
    for (const value of bad) it(`rejects ${JSON.stringify(value)}`, () => expect(predicate(value)).to.equal(false));
  });
}

describe('validation: predicates', () => {
  table(
    'isIri (absolute, with a scheme)',
    isIri,
    ['http://example.com/a', 'https://example.com/a?b=c#d', 'urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0', 'mailto:a@example.com',
      'http://例え.jp/動詞', 'tag:example.com,2024:x', 'http://example.com/%E2%9C%93', 'x-custom+scheme.v1:thing'],
    ['', 'example.com/a', '/a/b', '#frag', 'http://exa mple.com', 'http://example.com/<a>', 'http://example.com/%zz', '1http://x',
      'http://example.com/a#b#c', 'http://example.com/\u0000', 42, null],
  );
  table('isIrl', isIrl, ['https://example.com/info'], ['info.html', '']);
  table('isUri (ASCII only)', isUri, ['http://openid.example.org/12345'], ['http://例え.jp/', 'not a uri']);
  table(
    'isUuid (standard string form, any case, any variant)',
    isUuid,
    ['fd41c918-b88b-4b20-a0a5-a4c32391aaa0', 'FD41C918-B88B-4B20-A0A5-A4C32391AAA0', '00000000-0000-0000-0000-000000000000',
      'a0b1c2d3-e4f5-1a2b-cd3e-f4a5b6c7d8e9'],
    ['fd41c918b88b4b20a0a5a4c32391aaa0', '{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}', 'urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
      'fd41c918-b88b-4b20-a0a5-a4c32391aaa', 'gd41c918-b88b-4b20-a0a5-a4c32391aaa0', ' fd41c918-b88b-4b20-a0a5-a4c32391aaa0', 1],
  );
  table(
    'isMailtoIri',
    isMailtoIri,
    ['mailto:a@example.com', 'mailto:first.last+tag@sub.EXAMPLE.org', 'MAILTO:a@example.com'],
    ['a@example.com', 'mailto:', 'mailto:a', 'mailto:@example.com', 'mailto:a@', 'mailto:a b@example.com', 'http://a@example.com', 'mailto:a@b@c'],
  );
  table('isSha1', isSha1, ['ebd31e95054c018b10727ccffd2ef2ec3a016ee9', 'EBD31E95054C018B10727CCFFD2EF2EC3A016EE9'],
    ['ebd31e95054c018b10727ccffd2ef2ec3a016ee', 'xbd31e95054c018b10727ccffd2ef2ec3a016ee9', '']);
  table('isSha2 (224/256/384/512 hex)', isSha2, ['a'.repeat(56), 'b'.repeat(64), 'C'.repeat(96), 'd'.repeat(128)],
    ['a'.repeat(40), 'a'.repeat(63), 'g'.repeat(64), '']);
  table('isMediaType', isMediaType, ['application/json', 'text/plain; charset=utf-8', 'application/vnd.example+json', 'multipart/mixed; boundary="a b"'],
    ['json', 'text/', '/plain', 'text/plain;', 'text plain', '']);
  table(
    'isLanguageTag (RFC 5646 well-formed)',
    isLanguageTag,
    ['en', 'en-US', 'zh-Hant-TW', 'es-419', 'de-CH-1996', 'i-klingon', 'sgn-BE-FR', 'x-whatever', 'en-a-bbb-x-a-ccc', 'und', 'EN-us', 'qaa', 'zh-yue-HK'],
    ['', 'en_US', 'en-', '-en', 'e', '123', 'en-US-US', 'en-toolongsubtag', 'en--US', 'a-DE', 'en-x', ' en', 1],
  );

  describe('isStatementVersion', () => {
    for (const v of ['1.0.0', '1.0.3', '1.0', '1.0.10', '1.0.0-beta.1']) it(`1.0.3 accepts ${v}`, () => expect(isStatementVersion(v, '1.0.3')).to.equal(true));
    for (const v of ['2.0.0', '1.1.0', '1', '1.0.', '1.0.x', 'v1.0.0', '']) it(`1.0.3 rejects ${v}`, () => expect(isStatementVersion(v, '1.0.3')).to.equal(false));
    for (const v of ['2.0.0', '2.0.5', '1.0.0']) it(`2.0.0 accepts ${v}`, () => expect(isStatementVersion(v, '2.0.0')).to.equal(true));
    for (const v of ['2.1.0', '3.0.0', '2.0']) it(`2.0.0 rejects ${v}`, () => expect(isStatementVersion(v, '2.0.0')).to.equal(false));
  });

  table(
    'isIso8601Duration (ISO 8601:2004 4.4.3.2)',
    isIso8601Duration,
    ['PT4H35M59.14S', 'P16559.14S', 'P3Y1M29DT4H35M59.14S', 'P3Y', 'P4W', 'P1.5W', 'PT0S', 'P0D', 'PT1,5S', 'PT0.001S', 'P1DT12H', 'PT36H', 'P1Y2M', 'PT1.5H'],
    ['', 'P', 'PT', 'P1DT', 'P4W1D', 'PT1.5H30M', 'P1.5Y2M', 'P0000-00-00T00:01:30', 'PT-1S', '1H', 'pt1s', 'P1H', 'PT1D', 'P1M1Y', 'PT1S1M', 'P 1D', 90],
  );

  describe('regex-free forms on hostile sizes (the one-regex forms overflowed the backtrack stack)', () => {
    // The former one-regex definitions, kept as the reference the linear checks must agree with.
    const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*[ \\t]*$`);
    const TAIL = '\\.\\d+(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?';
    const VERSION_1_0 = new RegExp(`^1\\.0(?:${TAIL})?$`);
    const VERSION_2_0 = new RegExp(`^2\\.0${TAIL}$`);
    const pieces = (alphabet: string[]) => fc.array(fc.constantFrom(...alphabet), { maxLength: 14 }).map((a) => a.join(''));

    it('isMediaType agrees with the RFC 6838 regex', () => {
      fc.assert(
        fc.property(pieces(['a', 'b/', '/', ';', ' ', '\t', '=', '"', '\\', '\n', 'x=y', ';q="1"', '@', 'é']), (text) => {
          expect(isMediaType(text), JSON.stringify(text)).to.equal(MEDIA_TYPE.test(text));
        }),
        { numRuns: 3000, seed: 20261206 },
      );
    });

    it('isStatementVersion agrees with the SemVer regexes', () => {
      fc.assert(
        fc.property(pieces(['1', '2', '0', '.', '-', 'a', 'Z', '10', '1.0', '2.0']), fc.constantFrom('1.0.3', '2.0.0' as const), (text, version) => {
          const expected = VERSION_1_0.test(text) || (version === '2.0.0' && VERSION_2_0.test(text));
          expect(isStatementVersion(text, version), JSON.stringify(text)).to.equal(expected);
        }),
        { numRuns: 3000, seed: 20261206 },
      );
    });

    it('answers on 20 MB values instead of throwing RangeError', () => {
      const size = 20 * 2 ** 20;
      expect(isStatementVersion(`1.0.0-${'a.'.repeat(size / 2)}a`, '1.0.3')).to.equal(true);
      expect(isMediaType(`a/b${';a=b'.repeat(size / 4)}`)).to.equal(true);
      expect(isMediaType(`a/b;a="${'\\"'.repeat(size / 2)}"`)).to.equal(true);
      expect(isMediaType(`a/b;a="${'\\"'.repeat(size / 2)}`)).to.equal(false);
    });
  });

  describe('durations compared to 0.01 s', () => {
    it('equal beyond 0.01 s precision', () => {
      expect(durationsEqual('PT1.2345S', 'PT1.23S')).to.equal(true);
      expect(durationsEqual('PT1.239S', 'PT1.23S')).to.equal(true);
      expect(durationsEqual('PT0,5S', 'PT0.50S')).to.equal(true);
      expect(durationsEqual('PT10S', 'PT10.00S')).to.equal(true);
    });
    it('different at 0.01 s or more, and between units that do not convert', () => {
      expect(durationsEqual('PT1.24S', 'PT1.23S')).to.equal(false);
      expect(durationsEqual('PT60S', 'PT1M')).to.equal(false);
      expect(durationsEqual('P1M', 'PT1M')).to.equal(false);
      expect(durationsEqual('PT1S', 'bogus')).to.equal(false);
    });
    it('parses the components', () => {
      expect(parseDuration('P3Y1M29DT4H35M59.14S')).to.deep.equal({ years: 3, months: 1, weeks: 0, days: 29, hours: 4, minutes: 35, seconds: 59.14 });
      expect(parseDuration('P16559.14S')?.seconds).to.equal(16559.14);
      expect(durationKey('PT0.999S')).to.equal(durationKey('PT0.99S'));
    });
  });

  describe('isTimestamp', () => {
    const good = ['2013-05-18T05:32:34.804Z', '2013-05-18T05:32:34.804+00:00', '2013-05-18T05:32:34+05:30', '2013-05-18T05:32:34-08:00',
      '2013-05-18T05:32:34', '2013-05-18T05:32Z', '2013-05-18T05Z', '20130518T053234Z', '20130518T053234.5+0100', '2013-05-18t05:32:34z',
      '2016-12-31T23:59:60Z', '2016-02-29T00:00:00Z', '2013-05-18T24:00:00Z', '2013-05-18T05:32:34,5Z', '2013-05-18T05:32:34.123456789Z'];
    const bad = ['', '2013-05-18', '05:32:34', '2013-05-18T05:32:34.Z', '2015-02-29T00:00:00Z', '2013-13-18T05:32:34Z', '2013-05-32T05:32:34Z',
      '2013-05-18T25:00:00Z', '2013-05-18T24:00:01Z', '2013-05-18T05:60:00Z', '2013-05-18T05:32:61Z', '2013-05-18T05:32:34+24:00', '2013/05/18T05:32:34Z',
      'Sat, 18 May 2013 05:32:34 GMT', '2013-05-18T05:32:34 Z', '+2013-05-18T05:32:34Z', 1368855154];
    for (const v of good) {
      it(`accepts ${v} in both versions`, () => {
        expect(isTimestamp(v, '1.0.3')).to.equal(true);
        expect(isTimestamp(v, '2.0.0')).to.equal(true);
      });
    }
    for (const v of bad) {
      it(`rejects ${JSON.stringify(v)} in both versions`, () => {
        expect(isTimestamp(v, '1.0.3')).to.equal(false);
        expect(isTimestamp(v, '2.0.0')).to.equal(false);
      });
    }
    for (const v of ['2013-05-18T05:32:34-00:00', '2013-05-18T05:32:34-0000', '2013-05-18T05:32:34-00', '20130518T053234-0000']) {
      // ISO 8601 writes a zero offset +00:00 (or Z), never with a minus sign; 2.0 says so explicitly.
      it(`${v}: a negative zero offset is invalid in both versions`, () => {
        expect(isTimestamp(v, '1.0.3')).to.equal(false);
        expect(isTimestamp(v, '2.0.0')).to.equal(false);
      });
    }
    it('the RFC 3339 space separator only in 2.0', () => {
      expect(isTimestamp('2013-05-18 05:32:34Z', '2.0.0')).to.equal(true);
      expect(isTimestamp('2013-05-18 05:32:34Z', '1.0.3')).to.equal(false);
    });
  });

  describe('normalizeTimestamp (UTC, at least milliseconds)', () => {
    const cases: [string, string][] = [
      ['2013-05-18T05:32:34.804Z', '2013-05-18T05:32:34.804Z'],
      ['2013-05-18T05:32:34+05:30', '2013-05-18T00:02:34.000Z'],
      ['2013-05-18T01:00:00.5-02:00', '2013-05-18T03:00:00.500Z'],
      ['2013-01-01T01:00:00.123456+02:00', '2012-12-31T23:00:00.123456Z'],
      ['20130518T053234Z', '2013-05-18T05:32:34.000Z'],
      ['2013-05-18T05:32', '2013-05-18T05:32:00.000Z'],
      ['2013-05-18T24:00:00Z', '2013-05-19T00:00:00.000Z'],
      ['2013-05-18T05:32:34,25Z', '2013-05-18T05:32:34.250Z'],
      ['0050-03-01T00:30:00+01:00', '0050-02-28T23:30:00.000Z'],
      ['2016-12-31T23:59:60Z', '2016-12-31T23:59:60.000Z'],
    ];
    for (const [input, output] of cases) it(`${input} -> ${output}`, () => expect(normalizeTimestamp(input)).to.equal(output));
    it('throws on an invalid timestamp', () => expect(() => normalizeTimestamp('yesterday')).to.throw(RangeError));
  });
});
