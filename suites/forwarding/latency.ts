// Forwarding happens after the client's write is acknowledged: a stalled target must not slow the
// response. Compared with the same target's own responses while the sink is healthy, never a fixed limit.
import { defineCheck, XAPI_VERSIONS, type Check } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { CheckFailure } from '../../harness/signals.js';
import {
  SECTION,
  SINK_TIMEOUT_SECONDS,
  stallMs,
  awaitArrival,
  failDeliveriesOf,
  postStatements,
  richStatement,
} from './lib.js';

const BASELINE_WRITES = 3;

async function timedPost(ctx: CheckContext, name: string, before?: (id: string) => void): Promise<{ id: string; ms: number; answeredAt: number }> {
  const statement = richStatement(ctx, name);
  before?.(statement.id);
  const started = performance.now();
  await postStatements(ctx, statement);
  return { id: statement.id, ms: performance.now() - started, answeredAt: Date.now() };
}

const notDelayed = defineCheck({
  id: 'forwarding.latency.write-not-delayed',
  title: "A stalled forwarding target does not slow the client's write",
  suite: 'forwarding',
  section: SECTION,
  requirements: [],
  quote: "Statements accepted by PUT or POST are forwarded ... after the client's write is acknowledged, never delaying or failing the client's request.",
  // A timing comparison is a judgement, not a proof.
  level: 'SHOULD',
  versions: XAPI_VERSIONS,
  tags: ['forwarding', 'latency'],
  needs: ['forwarding-sink'],
  async run(ctx: CheckContext) {
    const baseline: number[] = [];
    for (let i = 0; i < BASELINE_WRITES; i++) baseline.push((await timedPost(ctx, `baseline-${i}`)).ms);
    const slowest = Math.max(...baseline);

    // Waiting for the forward shows as a response that came after the stalled delivery began and took
    // longer than the healthy writes by a good part of the timeout the target would have waited.
    const slower = (ms: number) => ms - slowest > (SINK_TIMEOUT_SECONDS * 1000) / 2;
    const stalledWrite = async (name: string) => {
      const write = await timedPost(ctx, name, (id) => failDeliveriesOf(ctx, id, 1, { stallMs: stallMs() }));
      const delivery = await awaitArrival(ctx, write.id);
      return { ms: write.ms, waited: write.answeredAt > delivery.at && slower(write.ms) };
    };
    const stalled = [await stalledWrite('stalled-1')];
    let waited = stalled[0].waited;
    if (waited) {
      // One slow answer from a busy target proves nothing: a target that waits for the forward waits
      // every time, while its writes to a healthy sink stay fast.
      stalled.push(await stalledWrite('stalled-2'));
      const again = await timedPost(ctx, 'baseline-again');
      baseline.push(again.ms);
      waited = stalled[1].waited && !slower(again.ms);
    }
    const shown = (list: number[]) => list.map((ms) => ms.toFixed(0)).join(', ');
    const figures = `writes with a stalled target ${shown(stalled.map((w) => w.ms))} ms; healthy writes ${shown(baseline)} ms`;
    if (waited) {
      throw new CheckFailure(`the writes were answered only after the forward to the stalled sink had started (${figures})`, {
        expected: `about ${slowest.toFixed(0)} ms, like the writes to a healthy sink`,
        actual: `${shown(stalled.map((w) => w.ms))} ms`,
      });
    }
    ctx.note(figures);
  },
});

export const checks: Check[] = [notDelayed];
