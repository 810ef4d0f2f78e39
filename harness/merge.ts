// `report merge`: combines the JSON reports of shards (or reruns) into one RunResult.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { UsageError } from './options.js';
import { exitCodeFor, summarize, type CheckResult, type RunResult } from './results.js';
import { REPORT_SCHEMA } from './reporters/json.js';

export function readReport(file: string): RunResult {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code ? `cannot read the file (${code})` : `not valid JSON (${(err as Error).message})`}`);
  }
  const ajv = new Ajv({ allErrors: false, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(REPORT_SCHEMA);
  if (!validate(data)) {
    const first = validate.errors?.[0];
    throw new UsageError(`${file}: not an xapi-conform JSON report (${first?.instancePath || '/'} ${first?.message})`);
  }
  return data as RunResult;
}

/** Later reports win for a (check id, version) that appears more than once (e.g. a rerun). */
export function mergeReports(reports: RunResult[]): RunResult {
  if (!reports.length) throw new UsageError('report merge: name at least one JSON report');
  const byKey = new Map<string, CheckResult>();
  for (const report of reports) for (const r of report.results) byKey.set(`${r.id}\u0000${r.xapiVersion}`, r);
  const results = [...byKey.values()];
  const first = reports[0]!;
  const startedAt = reports.map((r) => r.startedAt).sort()[0]!;
  const finishedAt = reports.map((r) => r.finishedAt).sort().at(-1)!;
  const preflightErrors = reports.map((r) => r.preflightError).filter(Boolean);
  const merged: RunResult = {
    format: 'xapi-conform-report',
    schemaVersion: 1,
    harness: first.harness,
    runId: [...new Set(reports.map((r) => r.runId))].join('+'),
    target: first.target,
    xapiVersions: [...new Set(reports.flatMap((r) => r.xapiVersions))].sort(),
    options: { ...first.options, shard: undefined, mergedFrom: reports.map((r) => r.runId) },
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    ...(preflightErrors.length ? { preflightError: preflightErrors.join('; ') } : {}),
    interrupted: reports.some((r) => r.interrupted),
    bailed: reports.some((r) => r.bailed),
    notRun: reports.reduce((n, r) => n + r.notRun, 0),
    ...(reports.find((r) => r.targetLost) ? { targetLost: reports.find((r) => r.targetLost)!.targetLost } : {}),
    summary: summarize(results),
    exitCode: 0,
    results,
  };
  merged.exitCode = exitCodeFor(merged);
  return merged;
}
