// validateStatement and statementsEquivalent on arbitrary JSON: never throw (the reference LRS
// must answer 400, never 500), and every issue is well formed.
import { expect } from 'chai';
import fc from 'fast-check';
import { parseJsonStrict, statementsEquivalent, validateStatement } from '../../validation/index.js';
import { fullStatement, statementWithSubStatement, type Json } from './examples.js';

/** Replaces the value at a random path of a valid statement with an arbitrary JSON value. */
function graft(base: Json, path: number[], value: unknown): Json {
  const copy = structuredClone(base);
  let node: Json = copy;
  for (const step of path) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length]!;
    if (node[key] === null || typeof node[key] !== 'object' || step % 5 === 0) {
      node[key] = value;
      return copy;
    }
    node = node[key];
  }
  return copy;
}

const issueShape = (issues: unknown[]): void => {
  for (const issue of issues as Record<string, unknown>[]) {
    expect(issue.path).to.be.a('string');
    expect(issue.message).to.be.a('string');
    if (issue.requirement !== undefined) expect(issue.requirement).to.match(/^XAPI-\d{5}$/);
  }
};

describe('validation: robustness on arbitrary input', () => {
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('1.0.3', '2.0.0' as const), (value, version) => {
        issueShape(validateStatement(value, version));
        statementsEquivalent(value, value);
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('never throws on valid statements with one part replaced by arbitrary JSON', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(fullStatement(), statementWithSubStatement()),
        fc.array(fc.nat(50), { minLength: 1, maxLength: 6 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom('1.0.3', '2.0.0' as const),
        (base, path, value, version) => {
          const mutant = graft(base, path, value);
          issueShape(validateStatement(mutant, version));
          statementsEquivalent(base, mutant);
          const text = JSON.stringify(mutant);
          expect(JSON.stringify(parseJsonStrict(text))).to.equal(text);
        },
      ),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('never throws on multi-megabyte values in regex-checked properties (backtrack-stack overflow)', () => {
    const MiB = 2 ** 20;
    const attachment = (contentType: string) => ({ usageType: 'http://example.com/u', display: { en: 'x' }, contentType, length: 1, sha2: 'a'.repeat(64), fileUrl: 'http://example.com/f' });
    // A version whose last pre-release identifier is empty (invalid), and two valid media types.
    const cases = [
      { statement: { ...fullStatement(), version: `1.0.0-${'a.'.repeat(8 * MiB)}` }, issueAt: ['/version'] },
      { statement: { ...fullStatement(), attachments: [attachment(`a/b${';a=b'.repeat(4 * MiB)}`)] }, issueAt: [] },
      { statement: { ...fullStatement(), attachments: [attachment(`a/b;a="${'\\"'.repeat(8 * MiB)}"`)] }, issueAt: [] },
    ];
    for (const { statement, issueAt } of cases) {
      for (const version of ['1.0.3', '2.0.0'] as const) {
        const issues = validateStatement(statement, version);
        issueShape(issues);
        expect(issues.map((i) => i.path)).to.deep.equal(issueAt);
      }
    }
  });
});
