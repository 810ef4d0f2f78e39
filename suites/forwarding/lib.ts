// Shared by the forwarding checks: the sink as the checks see it, deliveries of one statement,
// bounded polling of the sink, and a statement rich enough that a changed copy shows.
import { basicAuthorization } from '../../harness/client.js';
import { FORWARDING_WAIT_VARIABLE } from '../../harness/options.js';
import type { CheckContext, XapiResponse } from '../../harness/context.js';
import { CheckFailure, Skip } from '../../harness/signals.js';
import {
  SINK_MAX_RETRIES,
  SINK_TIMEOUT_SECONDS,
  inactiveCredentials,
  type SinkDelivery,
  type SinkFailure,
} from '../../harness/forwarding-sink.js';

export { SINK_MAX_RETRIES, SINK_TIMEOUT_SECONDS };
export const SECTION = 'Forwarding (Ralph LRS compatible)';
export type Statement = Record<string, any>;

/**
 * How long a forwarded statement may take to reach the sink (retries and other checks' stalls included):
 * 60 s, or XAPI_CONFORM_FORWARDING_WAIT_MS (read when a check runs) for slow targets or fast tests.
 */
export function arrivalBudgetMs(): number {
  const fromEnv = Number(process.env[FORWARDING_WAIT_VARIABLE]);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 60_000;
}
/**
 * A stall far longer than the configured timeout (at least 4 timeouts, up to 30 s within the arrival
 * budget): a target that waits it out instead of abandoning the attempt cannot pass for one that retried.
 */
export function stallMs(): number {
  return Math.max(4 * SINK_TIMEOUT_SECONDS * 1000, Math.min(30_000, arrivalBudgetMs()));
}

/** The configuration the target was given for the sink, quoted in failures. */
export const CONFIGURED = `max_retries ${SINK_MAX_RETRIES}, timeout ${SINK_TIMEOUT_SECONDS} s`;

/** A delivery as the checks read it; `answered` and `path` come from our own sink (harness/forwarding-sink.ts). */
export type Delivery = Pick<SinkDelivery, 'statements' | 'headers' | 'at'> & Partial<Pick<SinkDelivery, 'answered' | 'path' | 'parseError'>>;

export function sinkOf(ctx: CheckContext): NonNullable<CheckContext['sink']> {
  if (!ctx.sink) throw new Skip('needs a forwarding sink: run with --forwarding-sink HOST:PORT');
  return ctx.sink;
}

/** Makes the next `count` deliveries that contain `statementId` fail, leaving other checks' deliveries alone. */
export function failDeliveriesOf(ctx: CheckContext, statementId: string, count: number, how: { status?: number; stallMs?: number }): void {
  const failure: SinkFailure = { ...how, statementId };
  sinkOf(ctx).failNext(count, failure);
}

export function usesActiveCredentials(ctx: CheckContext, delivery: Delivery): boolean {
  const sink = sinkOf(ctx);
  return delivery.headers.authorization === basicAuthorization(sink.username, sink.password);
}

export function usesInactiveCredentials(ctx: CheckContext, delivery: Delivery): boolean {
  return delivery.headers.authorization === basicAuthorization(inactiveCredentials(sinkOf(ctx)).username, inactiveCredentials(sinkOf(ctx)).password);
}

/** Who a delivery authenticated as, for messages (the password never shown). */
export function describeAuthorization(header: string | undefined): string {
  if (header === undefined) return 'no Authorization header';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return `an Authorization header that is not Basic (${header.split(' ')[0]} …)`;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  return `Basic credentials for user "${decoded.split(':')[0]}" (password not shown)`;
}

const idOf = (statement: unknown): unknown => (statement as { id?: unknown } | null)?.id;

/** Every delivery (any credentials) that carried the statement, oldest first. */
export function deliveriesOf(ctx: CheckContext, statementId: string): Delivery[] {
  const wanted = statementId.toLowerCase();
  return (sinkOf(ctx).received() as Delivery[]).filter((d) =>
    d.statements.some((s) => typeof idOf(s) === 'string' && (idOf(s) as string).toLowerCase() === wanted),
  );
}

/** The copy of the statement inside a delivery. */
export function copyIn(delivery: Delivery, statementId: string): Statement {
  return delivery.statements.find((s) => String(idOf(s)).toLowerCase() === statementId.toLowerCase()) as Statement;
}

/**
 * Polls the sink (every 50 ms) until `probe` returns a value, for at most `budgetMs`; undefined when the
 * budget ran out. Never a fixed sleep: it returns as soon as the sink shows what is awaited.
 */
export async function pollSink<T>(ctx: CheckContext, probe: () => T | undefined, budgetMs = arrivalBudgetMs()): Promise<T | undefined> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline || ctx.signal.aborted) return undefined;
    await new Promise<void>((resolve) => {
      const stop = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        ctx.signal.removeEventListener('abort', stop);
        resolve();
      }, 50);
      ctx.signal.addEventListener('abort', stop, { once: true });
    });
  }
}

/** Waits for the first delivery of the statement that used the configured credentials. */
export async function awaitArrival(ctx: CheckContext, statementId: string, budgetMs = arrivalBudgetMs()): Promise<Delivery> {
  const arrived = await pollSink(ctx, () => deliveriesOf(ctx, statementId).find((d) => usesActiveCredentials(ctx, d)), budgetMs);
  if (arrived) return arrived;
  const others = deliveriesOf(ctx, statementId);
  if (others.length > 0) {
    throw new CheckFailure(
      `statement ${statementId} reached the sink only with ${describeAuthorization(others[0].headers.authorization)}, not the configured credentials`,
      { expected: `Basic credentials for user "${sinkOf(ctx).username}"`, actual: describeAuthorization(others[0].headers.authorization) },
    );
  }
  const unreadable = (sinkOf(ctx).received() as Delivery[]).filter((d) => d.parseError !== undefined);
  const hint = sinkOf(ctx).received().length === 0
    ? ' (the sink has received nothing at all in this run: is the target configured with the forwarding configuration printed at the start?)'
    : unreadable.length
      ? ` (the sink could not read ${unreadable.length} deliver${unreadable.length === 1 ? 'y' : 'ies'}, answered 400: ${unreadable[0].parseError})`
      : '';
  throw new CheckFailure(
    `statement ${statementId} was accepted by the target but never reached the forwarding sink within ${budgetMs / 1000} s${hint}`,
    { expected: `a POST to ${sinkOf(ctx).url}/statements carrying the statement`, actual: 'no delivery' },
  );
}

/** A valid statement with the parts a careless forwarder could lose or alter. */
export function richStatement(ctx: CheckContext, name = 'forwarded'): Statement {
  return {
    id: ctx.ns.uuid(),
    actor: ctx.ns.agent(name),
    verb: { id: ctx.ns.verb('forwarded'), display: { 'en-US': 'forwarded', 'fr-FR': 'transféré' } },
    object: {
      objectType: 'Activity',
      id: ctx.ns.activity(name),
      definition: {
        name: { 'en-US': 'Forwarding “check” ✓' },
        description: { 'en-US': 'An activity whose statements must arrive unchanged' },
        type: 'http://adlnet.gov/expapi/activities/assessment',
        extensions: { 'https://xapi-conform.example/extension/nested': { list: [1, 2.5, null, 'ü'], flag: true } },
      },
    },
    result: {
      score: { scaled: 0.75, raw: 15, min: 0, max: 20 },
      success: true,
      completion: true,
      duration: 'PT1M30.5S',
      response: 'line one\nline two',
      extensions: { 'https://xapi-conform.example/extension/result': 42 },
    },
    context: {
      registration: ctx.ns.registration(name),
      contextActivities: { parent: [{ objectType: 'Activity', id: ctx.ns.activity(`${name}-parent`) }] },
      language: 'en-US',
      extensions: { 'https://xapi-conform.example/extension/context': { emoji: '📦', zero: 0 } },
    },
    timestamp: '2026-01-02T03:04:05.678Z',
  };
}

/** POSTs statements and returns the ids the target assigned or confirmed (expects 200). */
export async function postStatements(ctx: CheckContext, body: Statement | Statement[]): Promise<{ ids: string[]; res: XapiResponse }> {
  const res = await ctx.client.request({ method: 'POST', path: 'statements', body });
  ctx.expect.status(res, 200, 'POST statements (to be forwarded)');
  const ids = res.json<unknown>();
  ctx.expect.ok(Array.isArray(ids) && ids.every((id) => typeof id === 'string'), 'POST statements answers a list of ids', {
    expected: 'a JSON list of statement ids',
    actual: ids,
  });
  ctx.ledger.statements(ids as string[]);
  return { ids: ids as string[], res };
}

