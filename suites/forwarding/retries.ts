// A target whose deliveries fail (HTTP 500, or a stall past the configured timeout) retries, and stops
// after max_retries retries. Failures are injected by the sink for deliveries carrying one statement id,
// so concurrent checks sharing the sink never consume each other's failures.
import { defineCheck, XAPI_VERSIONS, type Check } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { CheckFailure } from '../../harness/signals.js';
import {
  arrivalBudgetMs,
  CONFIGURED,
  SECTION,
  SINK_MAX_RETRIES,
  SINK_TIMEOUT_SECONDS,
  stallMs,
  awaitArrival,
  deliveriesOf,
  failDeliveriesOf,
  pollSink,
  postStatements,
  richStatement,
  usesActiveCredentials,
  type Delivery,
} from './lib.js';

const common = {
  suite: 'forwarding',
  section: SECTION,
  requirements: [],
  versions: XAPI_VERSIONS,
  needs: ['forwarding-sink' as const],
  tags: ['forwarding', 'retries'],
};

const RETRY_QUOTE =
  'Failures are retried up to max_retries with backoff; `timeout` (seconds) bounds each attempt. (max_retries: "the maximum number of retries allowed when forwarding fails")';

/** The target's attempts to deliver one statement with the configured credentials, oldest first. */
function attempts(ctx: CheckContext, id: string): Delivery[] {
  return deliveriesOf(ctx, id).filter((d) => usesActiveCredentials(ctx, d));
}

const retryAfter500 = defineCheck({
  ...common,
  id: 'forwarding.retries.retry-after-500',
  title: 'When the target answers 500, the forwarding is retried until it succeeds',
  quote: RETRY_QUOTE,
  // Whether an HTTP 500 (rather than only a transport failure) counts as a failed forwarding is a judgement.
  level: 'SHOULD',
  async run(ctx: CheckContext) {
    const sent = richStatement(ctx, 'retry-500');
    const failures = SINK_MAX_RETRIES;
    failDeliveriesOf(ctx, sent.id, failures, { status: 500 });
    await postStatements(ctx, sent);
    await awaitArrival(ctx, sent.id);
    const seen = await pollSink(ctx, () => (attempts(ctx, sent.id).length > failures ? attempts(ctx, sent.id) : undefined));
    if (!seen) {
      const made = attempts(ctx, sent.id).length;
      throw new CheckFailure(
        `the sink answered 500 to the first ${failures} attempt(s); the target made ${made} attempt(s) in ${arrivalBudgetMs() / 1000} s and the statement was never delivered (configured ${CONFIGURED})`,
        { expected: `${failures + 1} attempts, the last one accepted`, actual: `${made} attempt(s)` },
      );
    }
    ctx.note(`delivered at attempt ${failures + 1}; gaps between attempts: ${gaps(seen).join(', ')} ms`);
  },
});

const retryAfterTimeout = defineCheck({
  ...common,
  id: 'forwarding.retries.retry-after-timeout',
  title: 'An attempt that stalls past the configured timeout is abandoned and retried',
  quote: RETRY_QUOTE,
  level: 'SHOULD',
  async run(ctx: CheckContext) {
    const sent = richStatement(ctx, 'retry-timeout');
    failDeliveriesOf(ctx, sent.id, 1, { stallMs: stallMs() });
    await postStatements(ctx, sent);
    const stalled = await awaitArrival(ctx, sent.id);
    // The retry must come while the first attempt is still stalled, i.e. the target gave up on it.
    const retried = await pollSink(ctx, () => attempts(ctx, sent.id)[1], Math.max(0, stalled.at + stallMs() - 1_000 - Date.now()));
    if (!retried) {
      throw new CheckFailure(
        `the sink held the first attempt open for ${stallMs() / 1000} s; no retry came while it stalled (configured ${CONFIGURED})`,
        { expected: `a new attempt about ${SINK_TIMEOUT_SECONDS} s (the timeout) after the stalled one`, actual: `${attempts(ctx, sent.id).length} attempt(s)` },
      );
    }
    ctx.note(`retry ${((retried.at - stalled.at) / 1000).toFixed(2)} s after the stalled attempt (timeout ${SINK_TIMEOUT_SECONDS} s)`);
  },
});

const stopsAfterMaxRetries = defineCheck({
  ...common,
  id: 'forwarding.retries.stops-after-max-retries',
  title: 'A forwarding that keeps failing is attempted at most 1 + max_retries times',
  quote: RETRY_QUOTE,
  level: 'MUST',
  async run(ctx: CheckContext) {
    const sent = richStatement(ctx, 'exhausted');
    const allowed = SINK_MAX_RETRIES + 1;
    failDeliveriesOf(ctx, sent.id, allowed + 3, { status: 500 });
    await postStatements(ctx, sent);
    await awaitArrival(ctx, sent.id);
    // Done when too many attempts came, or when none came for a quiet period longer than any gap so far
    // (backoff grows, so a further retry would come later than the last gap) and than two timeouts.
    const outcome = await pollSink(ctx, () => {
      const seen = attempts(ctx, sent.id);
      if (seen.length > allowed) return { seen, quiet: false };
      const quietMs = Math.max(4 * Math.max(0, ...gaps(seen)), 2 * SINK_TIMEOUT_SECONDS * 1000);
      return Date.now() - seen[seen.length - 1].at >= quietMs ? { seen, quiet: true } : undefined;
    });
    const seen = outcome?.seen ?? attempts(ctx, sent.id);
    if (seen.length > allowed) {
      throw new CheckFailure(
        `every attempt was answered 500; the target made ${seen.length} attempts, more than 1 + max_retries (configured ${CONFIGURED})`,
        { expected: `at most ${allowed} attempts`, actual: `${seen.length} attempts, gaps ${gaps(seen).join(', ')} ms` },
      );
    }
    ctx.note(`${seen.length} attempt(s), then none (gaps ${gaps(seen).join(', ') || 'none'} ms)`);
  },
});

function gaps(deliveries: Delivery[]): number[] {
  return deliveries.slice(1).map((d, i) => d.at - deliveries[i].at);
}

export const checks: Check[] = [retryAfter500, retryAfterTimeout, stopsAfterMaxRetries];
