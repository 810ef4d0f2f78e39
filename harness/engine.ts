// The engine: runs (check, xAPI version) tasks with bounded concurrency, builds each check's context,
// grades what happened into an outcome, and never lets a check's exception escape.
import type { Check, XapiVersion } from './check.js';
import type { CheckContext, Exchange, ForwardingSinkHandle, XapiClient } from './context.js';
import { CheckFailure, Inconclusive, Skip } from './signals.js';
import { createClient, TransportError, trimExchange, type AuthMode, type Transport } from './client.js';
import { createNamespace } from './namespace.js';
import { ConsistencyTracker, eventually } from './consistency.js';
import { createExpect, ExchangeFailure } from './expect.js';
import { requirementCatalogue } from './requirements.js';
import { DEFAULTS, type ExtraCredentialName } from './options.js';
import type { CheckResult, Outcome } from './results.js';
import { TargetHealth, type TargetLost } from './health.js';
import { capJsonValue, runSecrets, sanitize, wrongPassword } from './redaction.js';
import { areasOf, presenceCheckOf, RESOURCE_AREAS, type ResourceArea } from './resources.js';

/** Bodies in the transcripts of passed checks are cut here; other outcomes keep up to 16 KiB per body. */
const PASSED_BODY_CHARS = 1024;
/** Exchanges a result keeps (the first and the last ones, and the failing one), so a report stays readable. */
const REPORT_EXCHANGES = 200;
const REPORT_FIRST_EXCHANGES = 50;

export interface Task {
  check: Check;
  version: XapiVersion;
}

export type SinkForChecks = ForwardingSinkHandle & { url: string; username: string; password: string };

/** What the ledger of a run holds, for --cleanup. */
export interface LedgerEntries {
  statements: Array<{ id: string; version: XapiVersion }>;
  documents: Array<{ resource: 'activities/state' | 'activities/profile' | 'agents/profile'; query: Record<string, string>; version: XapiVersion }>;
}

export interface EngineEnv {
  runId: string;
  endpoint: string;
  transport: Transport;
  auth: AuthMode;
  extraHeaders: Record<string, string>;
  credentials: Partial<Record<ExtraCredentialName, { username: string; password: string }>>;
  about: { version: string[]; extensions?: Record<string, unknown> };
  strict: boolean;
  bail: boolean;
  concurrency: number;
  consistencyBudgetMs: number;
  checkTimeoutMs: number;
  /** Requests in a row without an answer that end the run (0: never; default DEFAULTS.maxUnanswered). */
  maxUnanswered?: number;
  property: { seed: number; path?: string; runs?: number };
  sink?: SinkForChecks;
  /** Fires on Ctrl-C: stop scheduling, abort what runs. */
  signal: AbortSignal;
  /** Re-grades a result before it is reported (the baseline: failed -> expected-failure, passed -> fixed). */
  regrade?(result: CheckResult): CheckResult;
  onResult?(result: CheckResult): void;
  /** One line for the user, outside any check's result (e.g. the target went away). */
  onNotice?(text: string): void;
}

export interface EngineOutcome {
  results: CheckResult[];
  notRun: number;
  bailed: boolean;
  ledger: LedgerEntries;
  targetLost?: TargetLost;
}

export async function runChecks(tasks: Task[], env: EngineEnv): Promise<EngineOutcome> {
  const results: CheckResult[] = new Array(tasks.length);
  const ledger: LedgerEntries = { statements: [], documents: [] };
  const bail = new AbortController();
  const breaker = new AbortController();
  const stop = AbortSignal.any([env.signal, bail.signal, breaker.signal]);
  let next = 0;
  let started = 0;
  let finished = 0;
  // Checks that failed because a request got no answer: whether that is a verdict on the check or the
  // target going away is known only when the next answer arrives or the breaker opens.
  const held: Array<{ index: number; result: CheckResult }> = [];
  const secrets = runSecrets(env);

  // Results of presence checks that were not selected but found their resource absent: the one failure
  // that explains why the selected checks of that resource are skipped.
  const extras: CheckResult[] = [];

  const publish = (index: number | 'extra', raw: CheckResult) => {
    const result = env.regrade ? env.regrade(raw) : raw;
    if (index === 'extra') extras.push(result);
    else results[index] = result;
    finished += 1;
    env.onResult?.(result);
    if (env.bail && result.outcome === 'failed') bail.abort(new Error('stopped by --bail while running'));
  };
  const releaseHeld = () => {
    if (held.length) held.splice(0).forEach(({ index, result }) => publish(index, result));
  };
  const health = new TargetHealth(env.maxUnanswered ?? DEFAULTS.maxUnanswered, () => finished, (lost) => {
    breaker.abort(new Error(lostMessage(lost)));
    env.onNotice?.(lost.reason);
    held.splice(0).forEach(({ index, result }) => publish(index, lostResult(result, lost)));
  }, releaseHeld);

  const settle = (index: number, { result, unanswered }: TaskRun) => {
    if (!unanswered) publish(index, result);
    else if (health.targetLost) publish(index, lostResult(result, health.targetLost));
    else held.push({ index, result });
  };
  const selected = new Set(tasks.map((t) => t.check.id));
  const gate = new PresenceGate(
    (task) => runTask(task, env, stop, ledger, health, secrets),
    (area, version, run) => {
      env.onNotice?.(`${run.result.message} [xAPI ${version}]: ${area.presenceId} fails, the other ${area.name} checks are skipped`);
      if (!selected.has(area.presenceId)) publish('extra', run.result);
    },
  );

  async function worker(): Promise<void> {
    while (!stop.aborted && next < tasks.length) {
      const index = next++;
      const task = tasks[index]!;
      started += 1;
      settle(index, await gate.run(task));
    }
  }
  const workers = Array.from({ length: Math.min(env.concurrency, tasks.length) }, () => worker());
  await Promise.all(workers);
  releaseHeld();
  return {
    results: [...results.filter(Boolean), ...extras],
    notRun: tasks.length - started,
    bailed: bail.signal.aborted,
    ledger,
    ...(health.targetLost ? { targetLost: health.targetLost } : {}),
  };
}

interface TaskRun {
  result: CheckResult;
  /** The check failed because a request of it got no answer at all (the breaker decides what that means). */
  unanswered: boolean;
  /** The check failed on a verdict (CheckFailure), not on a transport error or a bug. */
  verdict: boolean;
}

/**
 * Runs each resource's presence check once per version, selected or not, before that resource's other
 * checks; when it finds the resource absent they are skipped with its reason (reported once, by onAbsent).
 */
class PresenceGate {
  private presence = new Map<string, Promise<TaskRun>>();

  constructor(
    private readonly runTask: (task: Task) => Promise<TaskRun>,
    private readonly onAbsent: (area: ResourceArea, version: XapiVersion, run: TaskRun) => void,
  ) {}

  async run(task: Task): Promise<TaskRun> {
    const own = RESOURCE_AREAS.find((a) => a.presenceId === task.check.id);
    if (own) return this.presenceRun(own, task.version);
    const absences = await Promise.all(areasOf(task.check).map((area) => this.absence(area, task.version)));
    const absence = absences.find(Boolean);
    if (absence) return { result: skippedResult(task.check, task.version, absence), unanswered: false, verdict: false };
    return this.runTask(task);
  }

  private presenceRun(area: ResourceArea, version: XapiVersion): Promise<TaskRun> {
    const key = `${area.presenceId}|${version}`;
    let run = this.presence.get(key);
    if (!run) {
      run = this.runTask({ check: presenceCheckOf(area), version }).then((done) => {
        if (isAbsent(done)) this.onAbsent(area, version, done);
        return done;
      });
      this.presence.set(key, run);
    }
    return run;
  }

  private async absence(area: ResourceArea, version: XapiVersion): Promise<string | undefined> {
    const run = await this.presenceRun(area, version);
    return isAbsent(run) ? `${run.result.message} (reported once, as the failure of ${area.presenceId})` : undefined;
  }
}

function isAbsent(run: TaskRun): boolean {
  return run.verdict && run.result.outcome === 'failed';
}

/** Short: every unfinished check carries it; the full reason is the run's one targetLost line. */
function lostMessage(lost: TargetLost): string {
  return `not finished: the target went away or stopped answering at ${lost.at}`;
}

/** A check whose request went unanswered as the target went away: no verdict on the check. */
function lostResult(result: CheckResult, lost: TargetLost): CheckResult {
  return { ...result, outcome: 'skipped', message: `${lostMessage(lost)} (this check: ${result.message})` };
}

function unmetNeed(check: Check, env: EngineEnv): string | undefined {
  for (const need of check.needs ?? []) {
    if (need === 'forwarding-sink' && !env.sink) {
      return 'needs a forwarding sink: run with --forwarding-sink HOST:PORT and configure the target to forward to it';
    }
    if (need.startsWith('credential:')) {
      const name = need.slice('credential:'.length) as ExtraCredentialName;
      if (!env.credentials[name]) return `needs the "${name}" credential: give --credential ${name}=user:password`;
    }
  }
  return undefined;
}

async function runTask(
  task: Task,
  env: EngineEnv,
  stop: AbortSignal,
  ledger: LedgerEntries,
  health: TargetHealth,
  secrets: string[],
): Promise<TaskRun> {
  const { check, version } = task;
  const exchanges: Exchange[] = [];
  const warnings: CheckResult['warnings'] = [];
  const notes: string[] = [];
  const startedAt = performance.now();
  const base = baseResult(check, version, exchanges, warnings, notes);
  const unmet = unmetNeed(check, env);
  if (unmet) return { result: { ...base, outcome: 'skipped', message: unmet, durationMs: 0 }, unanswered: false, verdict: false };

  const timeout = new AbortController();
  const signal = AbortSignal.any([stop, timeout.signal]);
  const tracker = new ConsistencyTracker();
  const clientFor = (auth: AuthMode, extraHeaders: Record<string, string>, prefix: string): XapiClient =>
    createClient({
      endpoint: env.endpoint,
      auth,
      extraHeaders,
      curlCredentialPrefix: prefix,
      defaultVersion: version,
      transport: env.transport,
      signal,
      health,
      onExchange: (exchange, res) => {
        exchanges.push(exchange);
        if (res) tracker.observe(exchange.request.method, res);
      },
    });
  const primary = clientFor(env.auth, env.extraHeaders, 'XAPI_CONFORM');
  // Extra credentials keep the --header values (e.g. a gateway key) but never a custom Authorization.
  const headersForOthers = Object.fromEntries(Object.entries(env.extraHeaders).filter(([name]) => name.toLowerCase() !== 'authorization'));
  const ctx: CheckContext = {
    check,
    version,
    runId: env.runId,
    client: primary,
    anonymous: clientFor({ kind: 'none' }, {}, 'XAPI_CONFORM'),
    as: (name) => {
      if (name === 'wrong') return clientFor(wrongAuth(env.auth), env.extraHeaders, 'XAPI_CONFORM_WRONG');
      const credential = env.credentials[name];
      if (!credential) throw new Skip(`needs the "${name}" credential: give --credential ${name}=user:password`);
      return clientFor({ kind: 'basic', ...credential }, headersForOthers, `XAPI_CONFORM_${name.toUpperCase()}`);
    },
    ns: createNamespace(env.runId, check.id, version),
    ledger: {
      statements: (ids) => ledger.statements.push(...ids.map((id) => ({ id, version }))),
      document: (resource, query) => ledger.documents.push({ resource, query: { ...query }, version }),
    },
    expect: createExpect(),
    about: env.about,
    eventually: (attempt, opts) => eventually(attempt, { budgetMs: opts?.budgetMs ?? env.consistencyBudgetMs, signal, tracker }),
    warn: (message, quote) => void warnings.push(quote === undefined ? { message } : { message, quote }),
    note: (message) => void notes.push(message),
    property: env.property,
    sink: env.sink,
    signal,
  };

  let graded: Pick<CheckResult, 'outcome' | 'message' | 'expected' | 'actual' | 'failingExchange'>;
  let timer: NodeJS.Timeout | undefined;
  let unanswered = false;
  let verdict = false;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new TransportError(`the check did not finish within ${env.checkTimeoutMs} ms (--check-timeout)`);
        timeout.abort(err);
        reject(err);
      }, env.checkTimeoutMs);
    });
    await Promise.race([Promise.resolve().then(() => check.run(ctx)), timedOut]);
    graded = warnings.length
      ? { outcome: 'warning', message: warnings.map((w) => w.message).join('; ') }
      : { outcome: 'passed' };
  } catch (err) {
    const stopped = stop.aborted && !(err instanceof CheckFailure);
    graded = stopped
      ? { outcome: 'skipped', message: env.signal.aborted ? 'interrupted (Ctrl-C) while running' : (stop.reason as Error).message }
      : grade(err, check, env.strict, exchanges);
    unanswered = !stopped && err instanceof TransportError && err.unanswered !== undefined;
    verdict = !stopped && err instanceof CheckFailure;
  } finally {
    clearTimeout(timer);
  }
  const result: CheckResult = { ...base, ...graded, durationMs: Math.round(performance.now() - startedAt) };
  if (result.outcome === 'passed') result.exchanges = result.exchanges.map((x) => trimExchange(x, PASSED_BODY_CHARS));
  capExchanges(result);
  if (result.expected !== undefined) result.expected = capJsonValue(result.expected);
  if (result.actual !== undefined) result.actual = capJsonValue(result.actual);
  return { result: sanitizeFromTarget(result, secrets), unanswered, verdict };
}

/** Redacts and caps what may carry the target's words; the check's own data (id, title, quote) stays as written. */
function sanitizeFromTarget(result: CheckResult, secrets: string[]): CheckResult {
  const { message, expected, actual, warnings, notes, exchanges } = result;
  return { ...result, ...sanitize({ message, expected, actual, warnings, notes, exchanges }, secrets) };
}

/** Leaves out the middle of a long transcript (property runs make hundreds of requests), keeping the failing exchange. */
function capExchanges(result: CheckResult): void {
  const all = result.exchanges;
  if (all.length <= REPORT_EXCHANGES) return;
  const failing = result.failingExchange;
  const lastFrom = all.length - (REPORT_EXCHANGES - REPORT_FIRST_EXCHANGES);
  const kept = all.map((_, i) => i).filter((i) => i < REPORT_FIRST_EXCHANGES || i >= lastFrom || i === failing);
  result.exchanges = kept.map((i) => all[i]!);
  if (failing !== undefined) result.failingExchange = kept.indexOf(failing);
  result.notes = [...result.notes, `${all.length - kept.length} of ${all.length} exchanges (after the first ${REPORT_FIRST_EXCHANGES}) are left out of the report`];
}

function wrongAuth(auth: AuthMode): AuthMode {
  if (auth.kind === 'basic') return { kind: 'basic', username: auth.username, password: wrongPassword(auth.password) };
  if (auth.kind === 'bearer') return { kind: 'bearer', token: 'xapi-conform-wrong-token' };
  if (auth.kind === 'token') return { kind: 'token', token: 'xapi-conform-wrong-token' };
  throw new Skip('the run has no credentials to get wrong (no --user/--bearer/--token)');
}

function grade(err: unknown, check: Check, strict: boolean, exchanges: Exchange[]): Pick<CheckResult, 'outcome' | 'message' | 'expected' | 'actual' | 'failingExchange'> {
  const last = exchanges.length ? exchanges.length - 1 : undefined;
  if (err instanceof CheckFailure) {
    const index = err instanceof ExchangeFailure ? exchanges.indexOf(err.exchange) : -1;
    const outcome: Outcome = check.level === 'SHOULD' && !strict ? 'warning' : 'failed';
    return {
      outcome,
      message: err.message,
      expected: jsonSafe(err.expected),
      actual: jsonSafe(err.actual),
      failingExchange: index >= 0 ? index : last,
    };
  }
  if (err instanceof Inconclusive) return { outcome: 'inconclusive', message: err.message };
  if (err instanceof Skip) return { outcome: 'skipped', message: err.message };
  if (err instanceof TransportError) return { outcome: 'failed', message: `transport error: ${err.message}`, failingExchange: last };
  const e = err instanceof Error ? err : new Error(String(err));
  const where = e.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim();
  return {
    outcome: 'failed',
    message: `unexpected error in the check (a bug in the check or the harness, not a verdict on the target): ${e.name}: ${e.message}${where ? ` (${where})` : ''}`,
    failingExchange: last,
  };
}

function jsonSafe(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  } catch {
    return String(value);
  }
}

function baseResult(check: Check, version: XapiVersion, exchanges: Exchange[], warnings: CheckResult['warnings'], notes: string[]): Omit<CheckResult, 'outcome' | 'durationMs'> {
  const catalogue = requirementCatalogue();
  return {
    id: check.id,
    title: check.title,
    suite: check.suite,
    section: check.section,
    level: check.level,
    tags: check.tags,
    requirements: check.requirements.map((id) => {
      const text = catalogue.get(id)?.text;
      return text === undefined ? { id } : { id, text };
    }),
    quote: check.quote,
    xapiVersion: version,
    warnings,
    notes,
    exchanges,
  };
}

/** A result for a check that does not apply to the run's version(s). */
export function skippedResult(check: Check, version: XapiVersion, message: string): CheckResult {
  return { ...baseResult(check, version, [], [], []), outcome: 'skipped', message, durationMs: 0 };
}
