// The result model: what the JSON reporter writes and the programmatic run() returns.
import type { Level, XapiVersion } from './check.js';
import type { Exchange } from './context.js';
import type { TargetLost } from './health.js';

export const REPORT_SCHEMA_VERSION = 1;

export const OUTCOMES = ['passed', 'failed', 'warning', 'inconclusive', 'skipped', 'expected-failure', 'fixed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface RequirementRef {
  id: string;
  /** Text from the requirements catalogue; absent for ids it does not list. */
  text?: string;
}

export interface CheckResult {
  id: string;
  title: string;
  suite: string;
  section: string;
  level: Level;
  tags: string[];
  requirements: RequirementRef[];
  quote: string;
  xapiVersion: XapiVersion;
  outcome: Outcome;
  /** Why: the failure diagnosis, the skip reason, the inconclusive explanation, the baseline reason. */
  message?: string;
  expected?: unknown;
  actual?: unknown;
  /** Index into `exchanges` of the exchange that shows the failure (else the last one). */
  failingExchange?: number;
  warnings: Array<{ message: string; quote?: string }>;
  notes: string[];
  /** Reason recorded in the baseline for expected-failure / fixed. */
  baselineReason?: string;
  durationMs: number;
  exchanges: Exchange[];
}

export type Summary = Record<Outcome, number> & { total: number };

export interface RunResult {
  /** Always "xapi-conform-report"; the schema is harness/reporters/report.schema.json. */
  format: 'xapi-conform-report';
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  harness: { name: string; version: string };
  runId: string;
  target: { endpoint: string; embedded: boolean; about?: { version: string[]; extensions?: Record<string, unknown> } };
  xapiVersions: XapiVersion[];
  /** The options of the run, secrets left out. */
  options: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Present when preflight stopped the run. */
  preflightError?: string;
  /** True when Ctrl-C stopped the run; `notRun` checks were never started. */
  interrupted: boolean;
  bailed: boolean;
  notRun: number;
  /** Present when the circuit breaker ended the run (--max-unanswered; exit code 4). */
  targetLost?: TargetLost;
  summary: Summary;
  exitCode: 0 | 1 | 3 | 4 | 130;
  cleanup?: { statementsVoided: number; documentsDeleted: number; errors: string[] };
  results: CheckResult[];
}

export function summarize(results: CheckResult[]): Summary {
  const summary = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Summary;
  for (const r of results) summary[r.outcome] += 1;
  summary.total = results.length;
  return summary;
}

export function exitCodeFor(result: Pick<RunResult, 'summary' | 'interrupted' | 'preflightError' | 'targetLost'>): RunResult['exitCode'] {
  if (result.interrupted) return 130;
  if (result.preflightError) return 3;
  if (result.targetLost) return 4;
  return result.summary.failed > 0 ? 1 : 0;
}
