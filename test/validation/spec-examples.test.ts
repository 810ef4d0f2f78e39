// Every example of the xAPI 1.0.3 Data part (spec/xapi-1.0.3) that is a statement, a statement part or
// an Appendix C interaction definition must validate: a false rejection would make the suites wrong.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJsonStrict, validateActor, validateStatement } from '../../validation/index.js';

const DATA_MD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'spec', 'xapi-1.0.3', 'xAPI-Data.md');
const blocks = [...readFileSync(DATA_MD, 'utf8').matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());

/** The example text as a JSON value: fragments ("key": value) are wrapped in an object; one
 *  example breaks a string over lines, which JSON does not allow. */
function parseExample(text: string): unknown {
  const joined = text.replace(/ \n\t+/g, ' ');
  return parseJsonStrict(joined.startsWith('"') ? `{${joined}}` : joined);
}

const examples = blocks.flatMap((text, index) => {
  try {
    return [{ index, value: parseExample(text) as Record<string, any> }];
  } catch {
    return []; // keys, certificates, JWS
  }
});

const base = () => ({
  actor: { mbox: 'mailto:example@example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
  object: { id: 'http://example.com/activities/example' } as Record<string, unknown>,
});

describe('validation: the examples of the xAPI 1.0.3 Data part', () => {
  it('finds the examples', () => expect(examples.length).to.be.greaterThan(20));

  for (const { index, value } of examples) {
    for (const version of ['1.0.3', '2.0.0'] as const) {
      it(`example #${index + 1} (${Object.keys(value).slice(0, 4).join(', ')}) is valid in ${version}`, () => {
        if ('actor' in value && 'verb' in value) {
          if (value.objectType === 'SubStatement') {
            const { objectType, ...rest } = value;
            expect(objectType).to.equal('SubStatement');
            expect(validateStatement({ ...base(), object: value }, version), 'as a SubStatement').to.deep.equal([]);
            expect(validateStatement(rest, version), 'as a Statement').to.deep.equal([]);
          } else {
            expect(validateStatement(value, version)).to.deep.equal([]);
          }
        } else if ('definition' in value && !('id' in value)) {
          const s = base();
          s.object = { id: 'http://example.com/activities/example', definition: value.definition };
          expect(validateStatement(s, version)).to.deep.equal([]);
        } else if ('id' in value && 'display' in value) {
          expect(validateStatement({ ...base(), verb: value }, version)).to.deep.equal([]);
        } else if ('id' in value || value.objectType === 'Activity') {
          expect(validateStatement({ ...base(), object: value }, version)).to.deep.equal([]);
        } else if ('authority' in value) {
          expect(validateStatement({ ...base(), authority: value.authority }, version)).to.deep.equal([]);
        } else if ('correctResponsesPattern' in value) {
          const s = base();
          s.object = { id: 'http://example.com/q', definition: { interactionType: 'fill-in', ...value } };
          expect(validateStatement(s, version)).to.deep.equal([]);
        } else if ('parent' in value || 'grouping' in value) {
          expect(validateStatement({ ...base(), context: { contextActivities: value } }, version)).to.deep.equal([]);
        } else if ('objectType' in value || 'mbox' in value || 'account' in value) {
          expect(validateActor(value, version)).to.deep.equal([]);
        } else if ('alg' in value) {
          expect(value.alg).to.equal('RS256'); // a JWS header, not statement data
        } else {
          expect.fail(`example #${index + 1} of an unknown kind: ${JSON.stringify(value).slice(0, 200)}`);
        }
      });
    }
  }
});
