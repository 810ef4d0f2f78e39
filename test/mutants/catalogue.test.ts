// The mutant catalogue is well-formed: enough mutants, each aimed at requirements that exist and that
// some check verifies, spanning every suite. (`npm run kill-matrix` runs them.)
import { expect } from 'chai';
import { allChecks } from '../../suites/index.js';
import { mutants } from './catalogue.js';
import { targets } from './kill.js';
import { requirementCatalogue } from '../../harness/requirements.js';

const knownIds = new Set(requirementCatalogue().keys());

describe('mutant catalogue', () => {
  it('has at least 40 mutants with unique names', () => {
    expect(mutants.length).to.be.at.least(40);
    expect(new Set(mutants.map((m) => m.name)).size).to.equal(mutants.length);
  });

  it('names only requirement ids that exist', () => {
    const unknown = mutants.flatMap((m) => m.violates.filter((v) => v.startsWith('XAPI-') && !knownIds.has(v)).map((v) => `${m.name}: ${v}`));
    expect(unknown).to.deep.equal([]);
  });

  it('aims every mutant at requirements some check verifies', () => {
    const untargeted = mutants.filter((m) => !allChecks.some((c) => c.suite !== 'property' && targets(c, m.violates))).map((m) => m.name);
    expect(untargeted).to.deep.equal([]);
  });

  it('spans every suite but the property suites (which run in the control and verify themselves)', () => {
    const suites = new Set(allChecks.filter((c) => mutants.some((m) => targets(c, m.violates))).map((c) => c.suite));
    const expected = new Set(allChecks.map((c) => c.suite).filter((s) => s !== 'property'));
    expect([...expected].filter((s) => !suites.has(s))).to.deep.equal([]);
  });
});
