// A matrix run that did not judge every check proves nothing: the kill matrix's control run and every
// tolerance variant count it as not passed (an LRS variant that crashes must not pass by skipping).
import { expect } from 'chai';
import type { RunResult } from '../harness/results.js';
import { incompleteRun } from './matrix.js';

const complete = { interrupted: false, bailed: false, notRun: 0, results: [] } as unknown as RunResult;

describe('matrix runs', () => {
  it('a complete run is complete', () => {
    expect(incompleteRun(complete)).to.equal(undefined);
  });
  it('a failed preflight, a lost target, checks not run or Ctrl-C make a run incomplete', () => {
    expect(incompleteRun({ ...complete, preflightError: 'cannot reach the target' })).to.equal('preflight: cannot reach the target');
    const targetLost = { at: '2026-12-06T00:00:00.000Z', afterChecks: 3, reason: 'the target went away at … after 3 checks' };
    expect(incompleteRun({ ...complete, targetLost, notRun: 700 })).to.equal(targetLost.reason);
    expect(incompleteRun({ ...complete, notRun: 2 })).to.equal('2 checks not run');
    expect(incompleteRun({ ...complete, interrupted: true })).to.equal('interrupted');
  });
});
