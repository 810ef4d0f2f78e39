// One conformance run from start to end: options, target (external or embedded), preflight, checks,
// baseline, cleanup, reports. Returns the RunResult the JSON reporter writes; never throws for target
// misbehaviour (only UsageError for bad options, exit 2).
import type { Check, XapiVersion } from './check.js';
import { createClient, createTransport, type Transport } from './client.js';
import { runChecks, skippedResult, type SinkForChecks, type Task } from './engine.js';
import { newRunId } from './namespace.js';
import { publicOptions, resolveOptions, type ResolvedOptions, type RunOptions } from './options.js';
import { preflight, PreflightError, type About } from './preflight.js';
import { exitCodeFor, REPORT_SCHEMA_VERSION, summarize, type CheckResult, type RunResult } from './results.js';
import { selectSome } from './selection.js';
import { applyBaseline, baselineFrom, readBaseline, writeBaselineFile } from './baseline.js';
import { harnessInfo } from './version.js';
import { requirementCatalogue } from './requirements.js';
import { createReporters } from './reporters/create.js';
import { cleanupLedger } from './cleanup.js';
import { startTarget, type Target } from './target.js';
import { redactText, runSecrets, sanitize } from './redaction.js';

export async function run(options: RunOptions = {}): Promise<RunResult> {
  const resolved = resolveOptions(options);
  requirementCatalogue(); // fails early, with advice, when the build has not copied it
  const baseline = resolved.baseline ? readBaseline(resolved.baseline) : undefined;
  const checks = selectSome(options.checks ?? (await loadAllChecks()), resolved.selection);
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  if (resolved.property.randomSeed && checks.some((c) => c.suite === 'property')) {
    write(`property suites: random seed ${resolved.property.seed} (replay with --seed ${resolved.property.seed})\n`);
  }
  const reporters = createReporters(resolved.reporters, resolved.out, {
    write,
    tty: options.tty ?? Boolean(process.stdout.isTTY),
    color: (options.tty ?? Boolean(process.stdout.isTTY)) && !process.env.NO_COLOR,
    columns: process.stdout.columns,
  });
  const signal = options.signal ?? new AbortController().signal;
  const runId = newRunId();
  const startedAt = new Date();
  const started = performance.now();
  const transport = createTransport({
    timeoutMs: resolved.timeoutMs,
    retries: resolved.retries,
    maxBodyBytes: resolved.maxBodyBytes,
    insecure: resolved.insecure,
    ca: resolved.ca,
    caFile: resolved.caFile,
    connections: Math.max(resolved.concurrency * 2, 4),
  });

  let target: Target | undefined;
  // What the report must not show: answers the harness quotes (/about, preflight, cleanup) may echo them.
  const secrets = () => runSecrets({ ...resolved, ...target });
  const partial: Partial<RunResult> = {};
  let results: CheckResult[] = [];
  let notRun = 0;
  let bailed = false;
  let about: About | undefined;
  let xapiVersions: XapiVersion[] = [];
  try {
    target = await startTarget(resolved, write, options.embedded);
    const primary = createClient({ endpoint: target.endpoint, auth: target.auth, extraHeaders: resolved.extraHeaders, defaultVersion: '1.0.3', transport, signal });
    const customAuth = Object.keys(resolved.extraHeaders).some((h) => h.toLowerCase() === 'authorization');
    const pre = await preflight(primary, target.endpoint, resolved.xapiVersion, target.auth.kind !== 'none' || customAuth);
    // The report shows /about as the target answered it, which may echo the credentials.
    about = pre.about && sanitize(pre.about, secrets());
    xapiVersions = pre.versions;
    const { tasks, skipped } = planTasks(checks, xapiVersions);
    for (const r of reporters) r.start?.({ total: tasks.length + skipped.length, target: target.endpoint, runId, xapiVersions });
    for (const r of skipped) for (const rep of reporters) rep.result?.(r);
    const outcome = await runChecks(tasks, {
      runId,
      endpoint: target.endpoint,
      transport,
      auth: target.auth,
      extraHeaders: resolved.extraHeaders,
      credentials: target.credentials,
      about: pre.about ?? { version: [] },
      strict: resolved.strict,
      bail: resolved.bail,
      concurrency: resolved.concurrency,
      consistencyBudgetMs: resolved.consistencyBudgetMs,
      checkTimeoutMs: resolved.checkTimeoutMs,
      maxUnanswered: resolved.maxUnanswered,
      property: resolved.property,
      sink: target.sink as SinkForChecks | undefined,
      signal,
      regrade: baseline ? (result) => applyBaseline([result], baseline)[0]! : undefined,
      onResult: (result) => reporters.forEach((r) => r.result?.(result)),
      onNotice: (text) => reporters.forEach((r) => r.notice?.(text)),
    });
    results = [...outcome.results, ...skipped];
    notRun = outcome.notRun;
    bailed = outcome.bailed;
    if (outcome.targetLost) partial.targetLost = outcome.targetLost;
    if (resolved.cleanup) {
      partial.cleanup = outcome.targetLost
        ? { statementsVoided: 0, documentsDeleted: 0, errors: ['not attempted: the target went away'] }
        : sanitize(await cleanupLedger(outcome.ledger, target, resolved, transport), secrets());
    }
  } catch (err) {
    if (!(err instanceof PreflightError)) throw err;
    partial.preflightError = redactText(err.message, secrets());
  } finally {
    await closeQuietly(target, transport);
  }

  const summary = summarize(results);
  const interrupted = signal.aborted;
  const result: RunResult = {
    format: 'xapi-conform-report',
    schemaVersion: REPORT_SCHEMA_VERSION,
    harness: harnessInfo(),
    runId,
    target: { endpoint: target?.endpoint ?? resolved.endpoint ?? '(embedded reference LRS)', embedded: !resolved.endpoint, ...(about ? { about } : {}) },
    xapiVersions,
    options: publicOptions(resolved),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + (performance.now() - started)).toISOString(),
    durationMs: Math.round(performance.now() - started),
    ...partial,
    interrupted,
    bailed,
    notRun,
    summary,
    exitCode: 0,
    results,
  };
  result.exitCode = exitCodeFor(result);
  if (resolved.writeBaseline) writeBaselineFile(resolved.writeBaseline, baselineFrom(results, baseline));
  const files: string[] = [];
  for (const reporter of reporters) {
    const file = await reporter.finish(result, files);
    if (file) files.push(file);
  }
  return result;
}

async function loadAllChecks(): Promise<Check[]> {
  const { allChecks } = await import('../suites/index.js');
  return allChecks;
}

/** One task per (check, version) the check applies to; a check that applies to none of the run's versions is skipped. */
function planTasks(checks: Check[], versions: XapiVersion[]): { tasks: Task[]; skipped: CheckResult[] } {
  const tasks: Task[] = [];
  const skipped: CheckResult[] = [];
  for (const check of checks) {
    const applicable = versions.filter((v) => check.versions.includes(v));
    if (applicable.length) for (const version of applicable) tasks.push({ check, version });
    else skipped.push(skippedResult(check, versions[0]!, `applies to xAPI ${check.versions.join(', ')} only; this run tests ${versions.join(', ')} (--xapi-version)`));
  }
  return { tasks, skipped };
}

async function closeQuietly(target: Target | undefined, transport: Transport): Promise<void> {
  await Promise.allSettled([target?.close(), transport.close()]);
}

export type { RunOptions, ResolvedOptions };
