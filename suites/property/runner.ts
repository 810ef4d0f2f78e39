// Runs one fast-check property inside a check: seed, path and run budget from the run
// (--seed, DEFAULT_SEED unless given, --path, --runs), HTTP exchanges recorded per execution as readable steps, and on failure a
// CheckFailure that prints the seed, the replay path and the shrunk counterexample with its exchanges.
import fc from 'fast-check';
import type { CheckContext, Exchange, XapiClient, XapiRequest, XapiResponse } from '../../harness/context.js';
import { CheckFailure, Inconclusive, Skip } from '../../harness/signals.js';
import { GeneratorBug } from './scope.js';

/** One readable step of an execution and the HTTP exchanges it made. */
export interface Step {
  title: string;
  exchanges: Exchange[];
}

/** A client that records every exchange under the current step. */
export class Recorder implements XapiClient {
  readonly steps: Step[] = [];
  /** X-Experience-API-Consistent-Through of every response, in order (undefined where absent). */
  readonly consistentThrough: Array<string | undefined> = [];
  constructor(private readonly inner: XapiClient) {}

  step(title: string): void {
    this.steps.push({ title, exchanges: [] });
  }

  async request(req: XapiRequest): Promise<XapiResponse> {
    if (this.steps.length === 0) this.step('setup');
    const res = await this.inner.request(req);
    this.steps[this.steps.length - 1]!.exchanges.push(res.exchange);
    this.consistentThrough.push(res.headers['x-experience-api-consistent-through']);
    return res;
  }
}

const warned = new WeakMap<CheckContext, Set<string>>();

/** ctx.warn once per distinct message: a property repeats the same permitted variation many times. */
export function warnOnce(ctx: CheckContext, message: string): void {
  const seen = warned.get(ctx) ?? new Set<string>();
  warned.set(ctx, seen);
  if (seen.has(message)) return;
  seen.add(message);
  ctx.warn(message);
}

export interface PropertySpec<T> {
  /** Human name used in the failure message. */
  name: string;
  /** Builds the arbitrary; `replayPath` is given for command-based properties being replayed. */
  arbitrary(replayPath?: string): fc.Arbitrary<T>;
  /** Runs used when --runs is not given (keep all property suites ≤ 20 s on the reference LRS). */
  defaultRuns: number;
  /** One execution: throw CheckFailure when the LRS breaks the property. */
  run(value: T, rec: Recorder): Promise<void>;
  /** How to print the counterexample (default: fc.stringify). */
  describe?(value: T): string;
}

/** Anything but a CheckFailure ends the whole property at once: it is not a counterexample to shrink. */
function isVerdictOtherThanFailure(err: unknown): boolean {
  return err instanceof Inconclusive || err instanceof Skip || err instanceof GeneratorBug || !(err instanceof CheckFailure);
}

export async function runProperty<T>(ctx: CheckContext, spec: PropertySpec<T>): Promise<void> {
  const { seed, path: givenPath, runs } = ctx.property;
  const [fcPath, replayPath] = givenPath?.includes('@') ? givenPath.split('@', 2) : [givenPath, undefined];

  let aborted: unknown;
  let failing: { steps: Step[]; error: CheckFailure } | undefined;
  const property = fc.asyncProperty(spec.arbitrary(replayPath), async (value) => {
    if (aborted !== undefined || ctx.signal.aborted) return;
    const rec = new Recorder(ctx.client);
    try {
      await spec.run(value, rec);
    } catch (err) {
      if (isVerdictOtherThanFailure(err)) {
        aborted = err;
        return;
      }
      failing = { steps: rec.steps, error: err as CheckFailure };
      throw err;
    }
  });
  const details = await fc.check(property, {
    seed,
    // A replay runs exactly the given counterexample and stops there (no further shrinking).
    ...(fcPath !== undefined ? { path: fcPath, endOnFailure: true } : {}),
    numRuns: runs ?? spec.defaultRuns,
    // A failing LRS must not make shrinking outlast the check timeout: past this, the smallest
    // counterexample found so far is reported.
    interruptAfterTimeLimit: 40_000,
    markInterruptAsFailure: false,
  });
  if (aborted !== undefined) throw aborted;
  if (!details.failed || !failing) {
    ctx.note(`${spec.name}: ${details.numRuns} run(s) passed (seed ${seed}${givenPath ? `, path ${givenPath}` : ''}).`);
    return;
  }
  const counterexample = details.counterexample![0] as T;
  const replay = commandsReplayPath(counterexample);
  const path = replay ? `${details.counterexamplePath}@${replay}` : details.counterexamplePath;
  const message = [
    `${spec.name}: counterexample after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s).`,
    `Replay exactly: --seed ${seed} --path "${path}"`,
    `Failure: ${failing.error.message}`,
    'Counterexample:',
    indent(spec.describe ? spec.describe(counterexample) : fc.stringify(counterexample), 2, 4000),
    'Steps of the counterexample:',
    ...failing.steps.map((s, i) => formatStep(s, i + 1)),
  ].join('\n');
  throw new CheckFailure(message, { expected: failing.error.expected, actual: failing.error.actual });
}

/** fast-check prints a commands array with its replay path in a comment (the value, or one tuple member). */
function commandsReplayPath(value: unknown): string | undefined {
  for (const candidate of Array.isArray(value) ? value : [value]) {
    // Only a fast-check commands iterable (never a plain array or record, which may lack a prototype).
    if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate) || !(Symbol.iterator in candidate)) continue;
    try {
      const found = /replayPath="([^"]*)"/.exec(String(candidate))?.[1];
      if (found) return found;
    } catch {
      // not printable: not a commands value
    }
  }
  return undefined;
}

function formatStep(step: Step, n: number): string {
  const lines = [`  ${n}. ${step.title}`];
  for (const x of step.exchanges) {
    lines.push(`     ${x.request.method} ${x.request.url} -> ${x.response ? x.response.status : `error: ${x.error}`}`);
    if (x.request.headers['if-match'] ?? x.request.headers['If-Match']) lines.push(`       If-Match: ${x.request.headers['if-match'] ?? x.request.headers['If-Match']}`);
    if (x.request.headers['if-none-match'] ?? x.request.headers['If-None-Match']) lines.push(`       If-None-Match: ${x.request.headers['if-none-match'] ?? x.request.headers['If-None-Match']}`);
    if (x.request.body) lines.push(indent(`> ${x.request.body}`, 7, 1500));
    if (x.response?.body) lines.push(indent(`< ${x.response.body}`, 7, 1500));
    lines.push(`       ${x.curl}`);
  }
  return lines.join('\n');
}

function indent(text: string, by: number, max: number): string {
  const cut = text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
  return cut
    .split('\n')
    .map((l) => ' '.repeat(by) + l)
    .join('\n');
}
