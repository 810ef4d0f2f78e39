// Runs checks against one mutant (or the unmutated reference LRS) and says which checks killed it.
import { run } from '../../harness/run.js';
import type { Check } from '../../harness/check.js';
import type { CheckResult } from '../../harness/results.js';
import { allChecks } from '../../suites/index.js';
import type { Mutant } from './catalogue.js';
import { incompleteRun } from '../matrix.js';

export interface MutantOutcome {
  mutant: string;
  deviation: string;
  violates: string[];
  permittedBecause?: string;
  /** Checks (id [version]) that failed (or, for a permitted deviation, warned) and name a violated requirement. */
  killedBy: string[];
  /** The suites of the killing checks. */
  killingSuites: string[];
  /** Every check that failed against the mutant, killing or not. */
  failed: string[];
  ran: number;
  durationMs: number;
}

/** Whether a check names one of the violated requirements (an XAPI id, or a check-id prefix). */
export function targets(check: Pick<Check, 'id' | 'requirements'>, violates: string[]): boolean {
  return violates.some((v) => (v.startsWith('XAPI-') ? check.requirements.includes(v) : check.id.startsWith(v)));
}

const label = (r: CheckResult) => `${r.id} [${r.xapiVersion}]`;

export async function killMutant(mutant: Mutant): Promise<MutantOutcome> {
  // Property checks prove their power against planted faults in their own tests; here a failing one
  // would spend its whole shrinking budget on a verdict the fixture checks already give.
  const checks = allChecks.filter((c) => c.suite !== 'property' && targets(c, mutant.violates));
  const started = performance.now();
  const result = await run({ checks, xapiVersion: 'both', strict: true, embedded: mutant.build(), reporter: [], write: () => undefined });
  const failed = result.results.filter((r) => r.outcome === 'failed');
  const caught = mutant.permittedBecause ? result.results.filter((r) => r.outcome === 'warning') : failed;
  const byId = new Map(checks.map((c) => [c.id, c]));
  const killers = caught.filter((r) => targets(byId.get(r.id)!, mutant.violates));
  return {
    mutant: mutant.name,
    deviation: mutant.deviation,
    violates: mutant.violates,
    permittedBecause: mutant.permittedBecause,
    killedBy: killers.map(label),
    killingSuites: [...new Set(killers.map((r) => r.suite))],
    failed: failed.map(label),
    ran: result.results.filter((r) => r.outcome !== 'skipped').length,
    durationMs: Math.round(performance.now() - started),
  };
}

export interface ControlOutcome {
  ran: number;
  /** Anything but passed or an explained skip: failed, warning, inconclusive. */
  notPassed: Array<{ check: string; outcome: string; message?: string }>;
  durationMs: number;
}

/** The unmutated reference LRS under --strict: every check must pass. */
export async function runControl(): Promise<ControlOutcome> {
  const started = performance.now();
  const result = await run({ xapiVersion: 'both', strict: true, reporter: [], write: () => undefined });
  const incomplete = incompleteRun(result);
  return {
    ran: result.results.filter((r) => r.outcome !== 'skipped').length,
    notPassed: [
      ...(incomplete ? [{ check: 'the run', outcome: 'incomplete', message: incomplete }] : []),
      ...result.results
        .filter((r) => r.outcome !== 'passed' && r.outcome !== 'skipped')
        .map((r) => ({ check: label(r), outcome: r.outcome, message: r.message })),
    ],
    durationMs: Math.round(performance.now() - started),
  };
}
