// Data 2.3.2 Voiding and Communication 2.1.4 Voided Statements.
import { type Check, checkFamily } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { buildStatement, fetchStatement, idsOf, queryAll, queryUntil, storeStatement, type Statement } from './lib/statements.js';

const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

function voidingStatement(ctx: CheckContext, targetId: string, extra: Statement = {}): Statement {
  return buildStatement(ctx, {
    actor: ctx.ns.agent('admin'),
    verb: { id: VOIDED, display: { 'en-US': 'voided' } },
    object: { objectType: 'StatementRef', id: targetId },
    ...extra,
  });
}

/** Stores a statement and a statement voiding it; waits until the voiding statement is readable. */
async function storeVoided(ctx: CheckContext, target: Statement): Promise<{ targetId: string; voidingId: string }> {
  const targetId = await storeStatement(ctx, target);
  await fetchStatement(ctx, targetId);
  const voidingId = await storeStatement(ctx, voidingStatement(ctx, targetId));
  await fetchStatement(ctx, voidingId);
  return { targetId, voidingId };
}

const voidingCheck = checkFamily({ idPrefix: 'statements.voiding', suite: 'statements', section: 'Data 2.3.2 Voiding', tags: ['voiding'] });

async function voidingStatementCannotBeVoided(ctx: CheckContext): Promise<void> {
  const { voidingId } = await storeVoided(ctx, buildStatement(ctx));
  const res = await ctx.client.request({ method: 'POST', path: 'statements', body: voidingStatement(ctx, voidingId, { id: ctx.ns.uuid() }) });
  // "MAY be rejected" names no status: any 4xx is a rejection.
  ctx.expect.ok(res.status === 200 || (res.status >= 400 && res.status < 500), 'POST of a statement voiding a voiding statement is accepted (200) or rejected (4xx)', {
    actual: res.status,
  });
  if (res.status === 200) ctx.ledger.statements(res.json());
  // Either way the first voiding statement must still be an ordinary, retrievable statement.
  const afterwards = await fetchStatement(ctx, voidingId);
  ctx.expect.equal(afterwards.id, voidingId, 'the voiding statement is still returned by statementId');
  const byVoided = await ctx.client.request({ method: 'GET', path: 'statements', query: { voidedStatementId: voidingId } });
  ctx.expect.status(byVoided, 404, 'GET voidedStatementId=<the voiding statement>: it was not voided');
}

export const checks: Check[] = [
  voidingCheck({
    slug: 'voided-statement-404-by-statementid',
    title: 'a voided statement is 404 by statementId and returned by voidedStatementId',
    section: 'Communication 2.1.4 Voided Statements',
    requirements: ['XAPI-00018', 'XAPI-00019', 'XAPI-00155', 'XAPI-00157', 'XAPI-00163'],
    quote:
      'An LRS MUST consider a Statement it contains voided if ... the LRS also contains a voiding Statement referring to the first Statement. Test: Void a statement and then send a GET for that statement which uses "statementId" instead of "voidedStatementId." ... which should return a 404.',
    async run(ctx: CheckContext) {
      const target = buildStatement(ctx, { id: ctx.ns.uuid() });
      const { targetId } = await storeVoided(ctx, target);
      await ctx.eventually(async () => {
        const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: targetId } });
        ctx.expect.status(res, 404, 'GET statementId=<voided statement>');
      });
      const voided = await fetchStatement(ctx, targetId, 'voidedStatementId');
      ctx.expect.deepEqual(voided.object, target.object, 'object of the statement returned by voidedStatementId');
    },
  }),
  voidingCheck({
    slug: 'voidedstatementid-of-unvoided-404',
    title: 'voidedStatementId of a statement that is not voided answers 404',
    section: 'Communication 2.1.4 Voided Statements',
    requirements: ['XAPI-00163'],
    quote: 'An LRS\'s Statement API, upon processing a successful GET request, can only return a Voided Statement if that Statement is specified in the voidedStatementId parameter of that request',
    level: 'SHOULD',
    async run(ctx: CheckContext) {
      const id = await storeStatement(ctx, buildStatement(ctx));
      await fetchStatement(ctx, id);
      const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { voidedStatementId: id } });
      ctx.expect.status(res, 404, 'GET voidedStatementId=<statement that is not voided>');
    },
  }),
  voidingCheck({
    slug: 'query-hides-voided-returns-voiding',
    title: 'queries leave out the voided statement but return the voiding statement that targets it',
    section: 'Communication 2.1.4 Voided Statements',
    requirements: ['XAPI-00162', 'XAPI-00163'],
    quote:
      'The LRS MUST not return any Statement which has been voided, unless that Statement has been requested by voidedStatementId. ... The LRS MUST still return any Statements targeting the voided Statement, following the process and conditions described in the section on filter conditions for StatementRefs. This includes the voiding Statement, which cannot be voided.',
    async run(ctx: CheckContext) {
      const x = ctx.ns.activity('voided-target');
      const kept = await storeStatement(ctx, buildStatement(ctx, { object: { id: x } }));
      const { targetId, voidingId } = await storeVoided(ctx, buildStatement(ctx, { object: { id: x } }));
      const result = await queryUntil(ctx, { activity: x }, [kept, voidingId]);
      const ids = idsOf(result.statements);
      ctx.expect.ok(!ids.includes(targetId), 'the voided statement is left out of the activity query', { expected: 'absent', actual: ids });
      ctx.expect.equal(ids.length, 2, 'statements for the activity: the unvoided one and the voiding statement');
      // An agent query (the voided and the kept statement share the actor) leaves it out too.
      const agentQuery = await queryAll(ctx, { agent: { objectType: 'Agent', mbox: ctx.ns.agent().mbox } });
      ctx.expect.ok(!idsOf(agentQuery.statements).includes(targetId), 'the voided statement is left out of the agent query', {
        actual: idsOf(agentQuery.statements),
      });
    },
  }),
  voidingCheck({
    slug: 'voiding-object-not-statementref-400',
    title: 'a voiding statement whose object is not a StatementRef is rejected with 400',
    requirements: ['XAPI-00017', 'XAPI-00020'],
    quote: 'An LRS rejects a Voiding Statement with 400 Bad Request if the "objectType" field does not have a value of "StatementRef"',
    async run(ctx: CheckContext) {
      const id = ctx.ns.uuid();
      const res = await ctx.client.request({
        method: 'POST',
        path: 'statements',
        body: buildStatement(ctx, { id, verb: { id: VOIDED, display: { 'en-US': 'voided' } } }),
      });
      if (res.status === 200) ctx.ledger.statements([id]);
      ctx.expect.status(res, 400, 'POST of a voiding statement whose object is an Activity');
    },
  }),
  voidingCheck({
    slug: 'voiding-missing-target-accepted',
    title: 'a voiding statement whose target is not stored is accepted',
    requirements: [],
    quote: 'Upon receiving a Statement that voids another, the LRS SHOULD NOT* reject the request on the grounds of the Object of that voiding Statement not being present.',
    level: 'SHOULD',
    versions: ['1.0.3'],
    async run(ctx: CheckContext) {
      const id = await storeStatement(ctx, voidingStatement(ctx, ctx.ns.uuid()));
      await fetchStatement(ctx, id);
    },
  }),
  voidingCheck({
    slug: 'voiding-missing-target-accepted-2.0',
    title: 'a voiding statement whose target is not stored is accepted (2.0)',
    requirements: [],
    quote: '2.0: the LRS does not reject a voiding statement because it cannot find its target',
    versions: ['2.0.0'],
    async run(ctx: CheckContext) {
      const id = await storeStatement(ctx, voidingStatement(ctx, ctx.ns.uuid()));
      await fetchStatement(ctx, id);
    },
  }),
  voidingCheck({
    slug: 'voiding-statement-not-voidable',
    title: 'a statement voiding a voiding statement is rejected or ignored',
    requirements: ['XAPI-00016'],
    quote:
      'A Voiding Statement cannot Target another Voiding Statement. LRS behavior this new VOIDING statement MAY be rejected. If the LRS accepts that statement, the violating VOIDING statement SHOULD be ignored.',
    level: 'SHOULD',
    versions: ['1.0.3'],
    run: voidingStatementCannotBeVoided,
  }),
  voidingCheck({
    slug: 'voiding-statement-not-voidable-2.0',
    title: 'a statement voiding a voiding statement is rejected or ignored (2.0)',
    requirements: ['XAPI-00016'],
    quote: '2.0 (tested explicitly): a voiding statement cannot itself be voided',
    versions: ['2.0.0'],
    run: voidingStatementCannotBeVoided,
  }),
  voidingCheck({
    slug: 'void-twice',
    title: 'voiding an already voided statement again leaves it voided and retrievable by voidedStatementId (2.0)',
    requirements: [],
    quote: 'New in 2.0: voiding an already voided statement is not applied a second time.',
    versions: ['2.0.0'],
    async run(ctx: CheckContext) {
      const { targetId } = await storeVoided(ctx, buildStatement(ctx));
      const res = await ctx.client.request({ method: 'POST', path: 'statements', body: voidingStatement(ctx, targetId) });
      ctx.expect.ok(res.status === 200 || (res.status >= 400 && res.status < 500), 'a second voiding statement for the same target is accepted (200) or rejected (4xx)', {
        actual: res.status,
      });
      if (res.status === 200) ctx.ledger.statements(res.json());
      const voided = await fetchStatement(ctx, targetId, 'voidedStatementId');
      ctx.expect.equal(voided.id, targetId, 'the statement is still returned by voidedStatementId');
      const byId = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: targetId } });
      ctx.expect.status(byId, 404, 'GET statementId=<voided statement>');
    },
  }),
];
