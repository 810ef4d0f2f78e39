// Communication 2.1.2 POST Statements, and the LRS-set properties of Data 2.4 (id, stored, authority).
import { defineCheck, XAPI_VERSIONS, type Check } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { buildStatement, fetchStatement, storeStatement, storeStatements, type Statement } from './lib/statements.js';
import { expectTimestamp, instantNs } from './lib/time.js';
import { isUuid } from '../../validation/index.js';

const SECTION = 'Communication 2.1.2 POST Statements';

/** Writes a marker statement and waits until it is readable: later reads then see everything written before it. */
async function settle(ctx: CheckContext): Promise<void> {
  const marker = await storeStatement(ctx, buildStatement(ctx, { object: { objectType: 'Activity', id: ctx.ns.activity('marker') } }));
  await fetchStatement(ctx, marker);
}

async function expectAbsent(ctx: CheckContext, id: string, what: string): Promise<void> {
  const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: id } });
  if (res.status === 200) ctx.ledger.statements([id]);
  ctx.expect.status(res, 404, what);
}

export const checks: Check[] = [
  defineCheck({
    id: 'statements.post.single-200-ids',
    title: 'POST of one statement answers 200 with an array holding its id',
    suite: 'statements',
    section: SECTION,
    requirements: ['XAPI-00146', 'XAPI-00147'],
    quote: 'Returns: 200 OK, Array of Statement id(s) (UUID) in the same order as the corresponding stored Statements.',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['post'],
    async run(ctx: CheckContext) {
      const id = ctx.ns.uuid();
      const [returned] = await storeStatements(ctx, buildStatement(ctx, { id }));
      ctx.expect.equal(returned, id, 'the id returned for a statement sent with an id');
      await fetchStatement(ctx, id);
    },
  }),
  defineCheck({
    id: 'statements.post.generates-id',
    title: 'the LRS generates a UUID for a statement POSTed without one',
    suite: 'statements',
    section: 'Data 2.4.1 ID',
    requirements: ['XAPI-00026', 'XAPI-00146'],
    quote: 'An LRS generates the "id" property of a Statement if none is provided',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['post', 'lrs-set'],
    async run(ctx: CheckContext) {
      const statement = buildStatement(ctx);
      const [id] = await storeStatements(ctx, statement);
      ctx.expect.ok(isUuid(id), 'the generated id is a UUID', { expected: 'UUID', actual: id });
      const stored = await fetchStatement(ctx, id);
      ctx.expect.equal(stored.object?.id, statement.object.id, 'object of the statement stored under the generated id');
    },
  }),
  defineCheck({
    id: 'statements.post.batch-ids-in-order',
    title: 'a batch POST answers the ids in the order of the statements, generated ones included',
    suite: 'statements',
    section: SECTION,
    requirements: ['XAPI-00146', 'XAPI-00026'],
    quote: 'Returns: 200 OK, Array of Statement id(s) (UUID) in the same order as the corresponding stored Statements.',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['post', 'batch'],
    async run(ctx: CheckContext) {
      const given = [ctx.ns.uuid(), ctx.ns.uuid()];
      const batch: Statement[] = [
        buildStatement(ctx, { id: given[0], object: { objectType: 'Activity', id: ctx.ns.activity('a') } }),
        buildStatement(ctx, { object: { objectType: 'Activity', id: ctx.ns.activity('b') } }),
        buildStatement(ctx, { id: given[1], object: { objectType: 'Activity', id: ctx.ns.activity('c') } }),
        buildStatement(ctx, { object: { objectType: 'Activity', id: ctx.ns.activity('d') } }),
      ];
      const ids = await storeStatements(ctx, batch);
      ctx.expect.equal(ids[0], given[0], 'id 1 of the batch');
      ctx.expect.equal(ids[2], given[1], 'id 3 of the batch');
      ctx.expect.equal(new Set(ids).size, 4, 'distinct ids for the four statements');
      for (const [i, id] of ids.entries()) {
        const stored = await fetchStatement(ctx, id);
        ctx.expect.equal(stored.object?.id, batch[i]!.object.id, `object of the statement stored under returned id ${i + 1}`);
      }
    },
  }),
  defineCheck({
    id: 'statements.post.batch-duplicate-ids-400',
    title: 'a batch using the same statement id twice is rejected with 400',
    suite: 'statements',
    section: SECTION,
    requirements: [],
    quote: 'If the LRS receives a batch of Statements containing two or more Statements with the same id, it SHOULD* reject the batch and return 400 Bad Request.',
    level: 'SHOULD',
    versions: ['1.0.3'],
    tags: ['post', 'batch', 'reject'],
    run: duplicateIdsInBatch,
  }),
  defineCheck({
    id: 'statements.post.batch-duplicate-ids-400-2.0',
    title: 'a batch using the same statement id twice is rejected with 400 (2.0)',
    suite: 'statements',
    section: SECTION,
    requirements: [],
    quote: '2.0: a batch that uses the same statement id twice is rejected (400)',
    level: 'MUST',
    versions: ['2.0.0'],
    tags: ['post', 'batch', 'reject', '2.0'],
    run: duplicateIdsInBatch,
  }),
  defineCheck({
    id: 'statements.post.batch-atomic',
    title: 'a batch with one invalid statement is rejected with 400 and stores none of its statements',
    suite: 'statements',
    section: 'Communication 3.2 Error Codes',
    requirements: ['XAPI-00326', 'XAPI-00182'],
    quote:
      'An LRS rejects with a 400 Bad Request any batch of Statements in which one or more Statements is rejected and if necessary, restores the LRS to the state in which it was before the batch began processing.',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['post', 'batch', 'atomicity'],
    async run(ctx: CheckContext) {
      const goodId = ctx.ns.uuid();
      const bad = buildStatement(ctx, { id: ctx.ns.uuid() });
      delete bad.verb;
      const res = await ctx.client.request({
        method: 'POST',
        path: 'statements',
        body: [buildStatement(ctx, { id: goodId }), bad],
      });
      ctx.expect.status(res, 400, 'batch with a statement missing its verb');
      await settle(ctx);
      await expectAbsent(ctx, goodId, 'the valid statement of the rejected batch (GET statementId)');
    },
  }),
  defineCheck({
    id: 'statements.post.existing-id-not-modified',
    title: 'POSTing a different statement under an existing id does not change the stored statement',
    suite: 'statements',
    section: SECTION,
    requirements: ['XAPI-00142'],
    quote:
      'An LRS MUST NOT make any modifications to its state based on receiving a Statement with an id that it already has a Statement for. Whether it responds with 409 Conflict or 204 No Content, it MUST NOT modify the Statement or any other Object.',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['post', 'immutability'],
    async run(ctx: CheckContext) {
      const id = ctx.ns.uuid();
      await storeStatement(ctx, buildStatement(ctx, { id }));
      const before = await fetchStatement(ctx, id);
      const res = await ctx.client.request({
        method: 'POST',
        path: 'statements',
        body: buildStatement(ctx, { id, result: { success: false } }),
      });
      // The status is the 409 check's business; here only "nothing changed" counts (a 5xx is still wrong).
      ctx.expect.ok(res.status < 500, 'POST of a different statement with an existing id gets an answer below 500', { actual: res.status });
      const after = await fetchStatement(ctx, id);
      ctx.expect.deepEqual(after, before, 'the statement after the conflicting POST');
    },
  }),
  defineCheck({
    id: 'statements.post.conflict-409',
    title: 'POSTing a different statement under an existing id gets 409 Conflict',
    suite: 'statements',
    section: SECTION,
    requirements: ['XAPI-00142'],
    quote:
      'If the LRS receives a Statement with an id it already has a Statement for, it SHOULD verify the received Statement matches the existing one and SHOULD return 409 Conflict if they do not match.',
    level: 'SHOULD',
    versions: XAPI_VERSIONS,
    tags: ['post', 'conflict'],
    async run(ctx: CheckContext) {
      const id = ctx.ns.uuid();
      await storeStatement(ctx, buildStatement(ctx, { id }));
      await fetchStatement(ctx, id);
      const res = await ctx.client.request({
        method: 'POST',
        path: 'statements',
        body: buildStatement(ctx, { id, result: { success: false } }),
      });
      ctx.expect.status(res, 409, 'POST of a different statement with an existing id');
    },
  }),
  defineCheck({
    id: 'statements.post.lrs-set-properties',
    title: 'a stored statement gets stored, authority (an Agent) and version from the LRS',
    suite: 'statements',
    section: 'Data 2.4 Statement Properties',
    requirements: ['XAPI-00023', 'XAPI-00097', 'XAPI-00099'],
    quote:
      'The "stored" property MUST be set by the LRS ... The LRS MUST ensure that all Statements stored have an authority. ... Authority MUST be an Agent, except in 3-legged OAuth ... (1.0.3) Statements returned by an LRS MUST retain the version they are accepted with. If they lack a version, the version MUST be set to 1.0.0.',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['post', 'lrs-set'],
    async run(ctx: CheckContext) {
      const id = await storeStatement(ctx, buildStatement(ctx));
      const stored = await fetchStatement(ctx, id);
      expectTimestamp(ctx, stored.stored, '"stored"');
      const authority = stored.authority;
      ctx.expect.ok(authority && typeof authority === 'object', 'the statement has an authority', { actual: authority });
      const isAgent = (a: any) =>
        (a.objectType === undefined || a.objectType === 'Agent') && ['mbox', 'mbox_sha1sum', 'openid', 'account'].some((k) => k in a);
      ctx.expect.ok(
        isAgent(authority) || (authority.objectType === 'Group' && Array.isArray(authority.member) && authority.member.length === 2),
        'the authority is an identified Agent (HTTP Basic) or an OAuth Group of two Agents',
        { actual: authority },
      );
      if (ctx.version === '1.0.3') {
        ctx.expect.ok(typeof stored.version === 'string', 'the stored statement has a version', { actual: stored.version });
      } else if (typeof stored.version !== 'string') {
        // The 2.0 delta only constrains a version that is present; it does not say the LRS sets one.
        ctx.warn(`the stored statement has no version (${JSON.stringify(stored.version)})`, 'The statement `version` property, when present, must be `2.0.x`');
      }
      // A timestamp set by the LRS is only SHOULD* (2.4.7.s3.b2): statements.timestamp-stored-version.timestamp-defaults-to-stored.
    },
  }),
  defineCheck({
    id: 'statements.post.stored-overwritten',
    title: 'a "stored" value sent by the client is replaced by the LRS',
    suite: 'statements',
    section: 'Data 2.4.8 Stored',
    requirements: ['XAPI-00097'],
    quote: 'The "stored" property MUST be set by the LRS; An LRS SHOULD validate and then MUST overwrite any value currently in the "stored" property of a Statement it receives.',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['post', 'lrs-set'],
    async run(ctx: CheckContext) {
      const sent = '2001-02-03T04:05:06.789Z';
      const id = await storeStatement(ctx, buildStatement(ctx, { stored: sent }));
      const stored = await fetchStatement(ctx, id);
      ctx.expect.ok(
        typeof stored.stored === 'string' && instantNs(stored.stored) !== instantNs(sent),
        'the stored value is the LRS\'s own, not the one sent',
        { expected: `anything but ${sent}`, actual: stored.stored },
      );
    },
  }),
  defineCheck({
    id: 'statements.post.too-large-413',
    title: 'statements growing from 1 to 20 MiB are stored or refused with 413, never another error or a stall',
    suite: 'statements',
    section: 'Communication 3.2 Error Codes',
    requirements: ['XAPI-00328', 'XAPI-00146'],
    quote:
      'An LRS rejects a Statement due to size if the Statement exceeds the size limit the LRS is configured to with error code 413 Request Entity Too Large. Suggestion: test increasingly larger statements to identify capacity of the upper limit - 1MB, 5MB, 10MB, 20MB until a 413 is returned. ... An LRS\'s Statement API upon processing a successful POST request returns code 200 OK and all Statement UUIDs within the POST (XAPI-00146)',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['post', 'size'],
    async run(ctx: CheckContext) {
      let accepted = 0;
      for (const mib of [1, 5, 10, 20]) {
        const statement = paddedStatement(ctx, mib * 1024 * 1024);
        let res;
        try {
          res = await ctx.client.request({ method: 'POST', path: 'statements', body: statement });
        } catch (err) {
          if ((err as Error)?.name !== 'TransportError') throw err;
          // A server refusing a large body often answers 413 and closes before the upload ends, which the
          // client may only see as a reset: no verdict either way.
          ctx.warn(`no complete answer to a ${mib} MiB statement (${(err as Error).message}); a 413 sent before the upload ended may have been lost`);
          return;
        }
        if (res.status === 413) {
          ctx.note(`413 at ${mib} MiB: the LRS's statement size limit lies between ${accepted} and ${mib} MiB`);
          return;
        }
        ctx.expect.status(res, 200, `POST of a ${mib} MiB statement`);
        const ids = res.json<unknown>();
        ctx.expect.ok(
          Array.isArray(ids) && ids.length === 1 && String(ids[0]).toLowerCase() === statement.id,
          `the answer to the POST of a ${mib} MiB statement is the array of the statement's id`,
          { expected: [statement.id], actual: ids },
        );
        ctx.ledger.statements([statement.id]);
        await expectStoredWhole(ctx, statement, mib);
        accepted = mib;
      }
      ctx.note('no 413 up to 20 MiB: the LRS accepts statements at least that large');
    },
  }),
  defineCheck({
    id: 'statements.post.float-precision',
    title: 'numbers keep at least IEEE 754 single precision',
    suite: 'statements',
    section: 'Data 2.2 Formatting Requirements',
    requirements: ['XAPI-00002'],
    quote: 'The LRS MUST process and store numbers with at least the precision of IEEE 754 32-bit floating point numbers.',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['post', 'numbers'],
    async run(ctx: CheckContext) {
      const values = { raw: 0.1234567, min: -98765.43, max: 12345678 };
      const id = await storeStatement(ctx, buildStatement(ctx, { result: { score: values } }));
      const stored = await fetchStatement(ctx, id);
      for (const [key, sent] of Object.entries(values)) {
        const got = stored.result?.score?.[key];
        ctx.expect.ok(
          typeof got === 'number' && Math.fround(got) === Math.fround(sent),
          `result.score.${key} keeps single precision`,
          { expected: sent, actual: got },
        );
      }
    },
  }),
];

const PADDING = 'https://xapi-conform.example/ext/padding';

/** A statement padded with an extension string to about `bytes` bytes of JSON. */
function paddedStatement(ctx: CheckContext, bytes: number): Statement {
  return buildStatement(ctx, { id: ctx.ns.uuid(), result: { extensions: { [PADDING]: 'x'.repeat(bytes) } } });
}

/** A 200 must mean stored: the statement reads back by id with its padding whole. */
async function expectStoredWhole(ctx: CheckContext, statement: Statement, mib: number): Promise<void> {
  const sent: string = statement.result.extensions[PADDING];
  await ctx.eventually(async () => {
    // The statement comes back larger than --max-body-bytes may allow: twice its size leaves room for the LRS's additions.
    const query = { statementId: statement.id };
    const res = await ctx.client.request({ method: 'GET', path: 'statements', query, maxBodyBytes: 2 * sent.length });
    ctx.expect.status(res, 200, `GET statements?statementId=${statement.id} of the ${mib} MiB statement the POST accepted`);
    const got = res.json<Statement>()?.result?.extensions?.[PADDING];
    ctx.expect.ok(got === sent, `the ${mib} MiB statement read back keeps its padding whole`, {
      expected: `a string of ${sent.length} characters`,
      actual: typeof got === 'string' ? `a string of ${got.length} characters` : got,
    });
  });
}

async function duplicateIdsInBatch(ctx: CheckContext): Promise<void> {
  const id = ctx.ns.uuid();
  const res = await ctx.client.request({
    method: 'POST',
    path: 'statements',
    body: [buildStatement(ctx, { id }), buildStatement(ctx, { id, object: { objectType: 'Activity', id: ctx.ns.activity('b') } })],
  });
  if (res.status === 200) ctx.ledger.statements([id]);
  ctx.expect.status(res, 400, 'batch with two statements sharing one id');
}
