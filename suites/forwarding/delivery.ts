// Forwarded statements arrive at the sink complete and unchanged, with the configured credentials and a
// version header; every statement of a batch arrives.
import { defineCheck, XAPI_VERSIONS, type Check } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { statementsEquivalent } from '../../validation/index.js';
import {
  SECTION,
  awaitArrival,
  copyIn,
  describeAuthorization,
  postStatements,
  richStatement,
  sinkOf,
  usesActiveCredentials,
  usesInactiveCredentials,
  deliveriesOf,
  pollSink,
  type Statement,
} from './lib.js';

const common = {
  suite: 'forwarding',
  section: SECTION,
  requirements: [],
  versions: XAPI_VERSIONS,
  needs: ['forwarding-sink' as const],
};

const UNCHANGED_QUOTE =
  'Statements accepted by PUT or POST are forwarded unchanged (POST to the entry\'s statements URL, Basic auth, version header) after the client\'s write is acknowledged.';

/** The forwarded copy must be the same Statement (Data 2.3.1 comparison); exact copies are preferred. */
function expectUnchanged(ctx: CheckContext, sent: Statement, forwarded: Statement, route: string): void {
  ctx.expect.ok(forwarded !== undefined && typeof forwarded === 'object', `${route}: the delivery holds the statement`);
  ctx.expect.equal(String(forwarded.id).toLowerCase(), String(sent.id).toLowerCase(), `${route}: id of the forwarded statement`);
  if (!statementsEquivalent(sent, forwarded)) {
    ctx.expect.fail(`${route}: the forwarded statement is not the statement the client sent`, { expected: sent, actual: forwarded });
  }
  if (!statementsEquivalent(sent, forwarded, { exact: true })) {
    ctx.warn(`${route}: the forwarded copy changed the verb display or the activity definition`, UNCHANGED_QUOTE);
  }
}

const postUnchanged = defineCheck({
  ...common,
  id: 'forwarding.delivery.post-arrives-unchanged',
  title: 'A statement stored by POST reaches the forwarding target complete and unchanged',
  quote: UNCHANGED_QUOTE,
  level: 'MUST',
  tags: ['forwarding', 'post'],
  async run(ctx: CheckContext) {
    const sent = richStatement(ctx, 'post');
    await postStatements(ctx, sent);
    const delivery = await awaitArrival(ctx, sent.id);
    expectUnchanged(ctx, sent, copyIn(delivery, sent.id), 'POST');
  },
});

const putUnchanged = defineCheck({
  ...common,
  id: 'forwarding.delivery.put-arrives-unchanged',
  title: 'A statement stored by PUT reaches the forwarding target complete and unchanged',
  quote: UNCHANGED_QUOTE,
  level: 'MUST',
  tags: ['forwarding', 'put'],
  async run(ctx: CheckContext) {
    const sent = richStatement(ctx, 'put');
    const res = await ctx.client.request({ method: 'PUT', path: 'statements', query: { statementId: sent.id }, body: sent });
    ctx.expect.status(res, 204, 'PUT statements (to be forwarded)');
    ctx.ledger.statements([sent.id]);
    const delivery = await awaitArrival(ctx, sent.id);
    expectUnchanged(ctx, sent, copyIn(delivery, sent.id), 'PUT');
  },
});

const credentials = defineCheck({
  ...common,
  id: 'forwarding.delivery.basic-credentials',
  title: 'Forwarded statements carry the Basic credentials configured for the target',
  quote: 'basic_username, basic_password: the Basic authentication credentials used to forward statements to the target LRS.',
  level: 'MUST',
  tags: ['forwarding', 'auth'],
  async run(ctx: CheckContext) {
    const sent = richStatement(ctx, 'credentials');
    await postStatements(ctx, sent);
    // Deliveries to the inactive entry are the inactive check's business, not a credentials mistake.
    const first = await pollSink(ctx, () => deliveriesOf(ctx, sent.id).find((d) => !usesInactiveCredentials(ctx, d)));
    if (!first) await awaitArrival(ctx, sent.id, 0); // fails, saying nothing arrived
    ctx.expect.ok(first && usesActiveCredentials(ctx, first), 'the delivery used the configured Basic credentials', {
      expected: `Basic credentials for user "${sinkOf(ctx).username}"`,
      actual: describeAuthorization(first?.headers.authorization),
    });
  },
});

const VERSION_PATTERN = /^(1\.0(\.\d+)?|2\.0(\.\d+)?)$/;

const versionHeader = defineCheck({
  ...common,
  id: 'forwarding.delivery.version-header',
  title: 'Forwarded statements are sent with an X-Experience-API-Version header',
  quote:
    'Communication 3.3: "The Client MUST include the \\"X-Experience-API-Version\\" header in every request." (the forwarding LRS is the client of the target)',
  level: 'MUST',
  tags: ['forwarding', 'headers'],
  async run(ctx: CheckContext) {
    const sent = richStatement(ctx, 'version');
    await postStatements(ctx, sent);
    const delivery = await awaitArrival(ctx, sent.id);
    const version = delivery.headers['x-experience-api-version'];
    ctx.expect.ok(version !== undefined, 'the forwarding request has an X-Experience-API-Version header', {
      expected: 'X-Experience-API-Version: 1.0.3 (or 2.0.0)',
      actual: 'no such header',
    });
    ctx.expect.ok(VERSION_PATTERN.test(version.trim()), 'the forwarding request names an xAPI version', {
      expected: '1.0.x or 2.0.0',
      actual: version,
    });
  },
});

const batchComplete = defineCheck({
  ...common,
  id: 'forwarding.delivery.batch-complete',
  title: 'Every statement of a POSTed batch reaches the forwarding target, including those given no id',
  quote: UNCHANGED_QUOTE,
  level: 'MUST',
  tags: ['forwarding', 'batch'],
  async run(ctx: CheckContext) {
    const withIds = [richStatement(ctx, 'batch-1'), richStatement(ctx, 'batch-2'), richStatement(ctx, 'batch-3')];
    const { id: _omitted, ...withoutId } = richStatement(ctx, 'batch-4');
    const { ids } = await postStatements(ctx, [...withIds, withoutId]);
    ctx.expect.equal(ids.length, 4, 'number of ids returned for a batch of 4');
    for (const [index, id] of ids.entries()) {
      const delivery = await awaitArrival(ctx, id);
      const sent = index < withIds.length ? withIds[index] : { ...withoutId, id };
      expectUnchanged(ctx, sent, copyIn(delivery, id), `batch statement ${index + 1}`);
    }
    const copies = ids.map((id) => deliveriesOf(ctx, id).filter((d) => usesActiveCredentials(ctx, d)).length);
    ctx.note(`deliveries per statement: ${copies.join(', ')}`);
  },
});

export const checks: Check[] = [postUnchanged, putUnchanged, credentials, versionHeader, batchComplete];
