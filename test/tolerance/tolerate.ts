// Runs every suite against one tolerance variant and says which checks did not accept it.
import { run } from '../../harness/run.js';
import type { CheckResult } from '../../harness/results.js';
import type { Variant } from './catalogue.js';
import { incompleteRun } from '../matrix.js';

export interface VariantOutcome {
  variant: string;
  deviation: string;
  permittedBy: string;
  /** No check failed or ended inconclusive, and the preflight passed. Warnings are allowed: a permitted variation is graded warning. */
  passed: boolean;
  /** The run did not judge every check (preflight failed, the LRS went away, checks not run). */
  incomplete?: string;
  failed: Array<{ check: string; message?: string }>;
  inconclusive: Array<{ check: string; message?: string }>;
  /** Checks that warned (the variation is permitted, some checks say where it is discouraged or ambiguous). */
  warned: string[];
  ran: number;
  durationMs: number;
}

const label = (r: CheckResult) => `${r.id} [${r.xapiVersion}]`;
const withMessage = (r: CheckResult) => ({ check: label(r), message: r.message });

/** Every check, both xAPI versions, --strict (as the kill matrix's control run). */
export async function tolerate(variant: Variant): Promise<VariantOutcome> {
  const started = performance.now();
  const result = await run({ xapiVersion: 'both', strict: true, embedded: variant.build(), reporter: [], write: () => undefined });
  const incomplete = incompleteRun(result);
  const failed = result.results.filter((r) => r.outcome === 'failed').map(withMessage);
  const inconclusive = result.results.filter((r) => r.outcome === 'inconclusive').map(withMessage);
  return {
    variant: variant.name,
    deviation: variant.deviation,
    permittedBy: variant.permittedBy,
    passed: !incomplete && failed.length === 0 && inconclusive.length === 0,
    ...(incomplete ? { incomplete } : {}),
    failed,
    inconclusive,
    warned: result.results.filter((r) => r.outcome === 'warning').map(label),
    ran: result.results.filter((r) => r.outcome !== 'skipped').length,
    durationMs: Math.round(performance.now() - started),
  };
}
