// An entry with is_active false forwards nothing. The printed configuration holds an inactive entry with
// its own credentials and URL (sinkForwardingConfig), both pointing at the same sink, so deliveries to it show.
import { defineCheck, XAPI_VERSIONS, type Check } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { CheckFailure } from '../../harness/signals.js';
import { SECTION, SINK_TIMEOUT_SECONDS, awaitArrival, pollSink, postStatements, richStatement, sinkOf, usesInactiveCredentials, type Delivery } from './lib.js';

const inactiveSkipped = defineCheck({
  id: 'forwarding.inactive.entry-skipped',
  title: 'A forwarding entry with is_active false receives nothing',
  suite: 'forwarding',
  section: SECTION,
  requirements: [],
  quote: 'Inactive entries are skipped. (is_active: "whether the forwarding configuration is active")',
  level: 'MUST',
  versions: XAPI_VERSIONS,
  tags: ['forwarding', 'configuration'],
  needs: ['forwarding-sink'],
  async run(ctx: CheckContext) {
    ctx.note('Proves something only if the target was given the printed forwarding configuration, inactive entry included.');
    const sent = richStatement(ctx, 'inactive');
    const postedAt = Date.now();
    await postStatements(ctx, sent);
    // The active entry's delivery is the barrier; then watch as long again for a late inactive one.
    const arrival = await awaitArrival(ctx, sent.id);
    const inactivePath = `${new URL(sinkOf(ctx).url).pathname}/inactive`;
    const toInactive = (d: Delivery) => usesInactiveCredentials(ctx, d) || (d.path ?? '').startsWith(inactivePath);
    // (Capped: the active delivery may have queued behind other checks' stalled deliveries.)
    const windowMs = Math.max(1000, Math.min(2 * (arrival.at - postedAt), 2 * SINK_TIMEOUT_SECONDS * 1000));
    const found = await pollSink(ctx, () => (sinkOf(ctx).received() as Delivery[]).find(toInactive), windowMs);
    if (found) {
      throw new CheckFailure('the target forwarded statements to the entry configured with "is_active": false', {
        expected: 'no delivery to the inactive entry',
        actual: `a delivery of ${found.statements.length} statement(s) to ${found.path ?? 'the inactive entry'}`,
      });
    }
  },
});

export const checks: Check[] = [inactiveSkipped];
