// Known-failure baselines: --baseline FILE turns listed failures into expected-failure (exit 0) and
// listed checks that now pass into "fixed"; --write-baseline FILE records the current failures.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './options.js';
import type { CheckResult } from './results.js';

export interface BaselineEntry {
  id: string;
  reason: string;
  /** Limits the entry to one xAPI version; absent = every version. */
  xapiVersion?: string;
}

export interface Baseline {
  format: 'xapi-conform-baseline';
  version: 1;
  entries: BaselineEntry[];
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--baseline ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--baseline ${file}: not valid JSON (${(err as Error).message})`);
  }
  const entries = (data as { entries?: unknown })?.entries;
  if (!Array.isArray(entries)) throw new UsageError(`--baseline ${file}: expected {"entries": [{"id": "...", "reason": "..."}]}`);
  entries.forEach((e, i) => {
    const entry = e as Partial<BaselineEntry>;
    if (typeof entry?.id !== 'string' || typeof entry.reason !== 'string') {
      throw new UsageError(`--baseline ${file}: entries[${i}] needs a string "id" and a string "reason"`);
    }
    if (entry.xapiVersion !== undefined && typeof entry.xapiVersion !== 'string') {
      throw new UsageError(`--baseline ${file}: entries[${i}].xapiVersion must be a string`);
    }
  });
  return { format: 'xapi-conform-baseline', version: 1, entries: entries as BaselineEntry[] };
}

function entryFor(baseline: Baseline, result: CheckResult): BaselineEntry | undefined {
  return baseline.entries.find((e) => e.id === result.id && (e.xapiVersion === undefined || e.xapiVersion === result.xapiVersion));
}

export function applyBaseline(results: CheckResult[], baseline: Baseline): CheckResult[] {
  return results.map((r) => {
    const entry = entryFor(baseline, r);
    if (!entry) return r;
    if (r.outcome === 'failed') return { ...r, outcome: 'expected-failure', baselineReason: entry.reason };
    if (r.outcome === 'passed') return { ...r, outcome: 'fixed', baselineReason: entry.reason };
    return r;
  });
}

/** The current failures (unexpected and expected) as a baseline; one entry per check when all its versions fail. */
export function baselineFrom(results: CheckResult[], previous?: Baseline): Baseline {
  const failing = results.filter((r) => r.outcome === 'failed' || r.outcome === 'expected-failure');
  const entries: BaselineEntry[] = [];
  for (const id of [...new Set(failing.map((r) => r.id))].sort()) {
    const runs = results.filter((r) => r.id === id);
    const fails = failing.filter((r) => r.id === id);
    const reasonOf = (r: CheckResult) => r.baselineReason ?? (previous && entryFor(previous, r)?.reason) ?? firstLine(r.message);
    if (fails.length === runs.length) entries.push({ id, reason: reasonOf(fails[0]!) });
    else for (const r of fails) entries.push({ id, reason: reasonOf(r), xapiVersion: r.xapiVersion });
  }
  return { format: 'xapi-conform-baseline', version: 1, entries };
}

function firstLine(text: string | undefined): string {
  const line = (text ?? 'failed').split('\n')[0]!;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export function writeBaselineFile(file: string, baseline: Baseline): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}
