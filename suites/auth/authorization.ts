// Communication 4.0 Authentication, 3.2 Error Codes (401 vs 403) and the 4.2 scope model, checked with
// the run's credentials: none, a wrong password, and the extra read / mine / state credentials.
import type { Check, Untestable } from '../../harness/check.js';
import type { CheckContext, XapiClient, XapiRequest, XapiResponse } from '../../harness/context.js';
import { STATE, check, docQuery, expectNoDocument, idOf, jsonDoc, ownStatementsQuery, scopeOf, send, statement } from '../documents/lib.js';

const section = 'Communication 4.0 Authentication';
const tags = (...t: string[]) => ['auth', ...t];
const CODES =
  '401 Unauthorized - Indicates that authentication is required, or in the case authentication has been posted in the request, that the given credentials have been refused. 403 Forbidden - Indicates that the request is unauthorized for the given credentials. Note this is different than refusing the credentials given. In this case, the credentials have been validated, but the authenticated Client is not allowed to perform the given action. (Communication 3.2.s2.b2, b3)';
const FORBIDDEN = 'The LRS MUST reject with 403 Forbidden status any request rejected by the LRS where the credentials associated with the request do not have permission to make that request. (Communication 3.2.s3.b10)';
const SCOPES =
  'statements/write: write any Statement. statements/read/mine: read Statements written by "me", that is with an authority matching what the LRS would assign if writing a Statement with the current token. statements/read: read any Statement. state: read/write state data (Communication 4.2.s2)';

/** 403 is due: a 401 fails with the difference spelled out. */
function expectForbidden(ctx: CheckContext, r: XapiResponse, what: string, provenValid: string): void {
  if (r.status === 401) {
    ctx.expect.fail(
      `${what}: expected 403 Forbidden, got 401 Unauthorized. 401 means the credentials were refused; these credentials are valid (${provenValid}) and only lack permission for this request, which is what 403 means (Communication 3.2.s2.b2/b3, 3.2.s3.b10).`,
      { expected: 403, actual: 401 },
    );
  }
  ctx.expect.status(r, 403, what);
}

/** 401 is due; a 403 fails with the difference spelled out. Returns false when the request was accepted. */
function expectUnauthorized(ctx: CheckContext, r: XapiResponse, what: string): boolean {
  if (r.status >= 200 && r.status < 300) return false;
  if (r.status === 403) {
    ctx.expect.fail(
      `${what}: expected 401 Unauthorized, got 403 Forbidden. 403 says validated credentials lack permission; here the credentials are missing or refused, which is what 401 means (Communication 3.2.s2.b2/b3).`,
      { expected: 401, actual: 403 },
    );
  }
  ctx.expect.status(r, 401, what);
  if (!r.headers['www-authenticate']) {
    ctx.warn(`${what}: the 401 carries no WWW-Authenticate header`, 'A server generating a 401 (Unauthorized) response MUST send a WWW-Authenticate header field containing at least one challenge. (RFC 7235 4.1)');
  }
  return true;
}

/** A few requests covering statement read/write and document read/write. */
function protectedRequests(ctx: CheckContext): Array<{ what: string; req: XapiRequest; writes?: { statement?: string; doc?: Record<string, string> } }> {
  const s = statement(ctx);
  const scope = scopeOf(ctx, STATE);
  const stateId = idOf(ctx, STATE);
  return [
    { what: 'GET statements', req: { method: 'GET', path: 'statements', query: ownStatementsQuery(ctx) } },
    { what: 'POST statements', req: { method: 'POST', path: 'statements', body: [s] }, writes: { statement: s.id } },
    { what: 'GET state ids', req: { method: 'GET', path: STATE.path, query: scope } },
    {
      what: 'PUT a state document',
      req: { method: 'PUT', path: STATE.path, query: docQuery(STATE, scope, stateId), headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{"a":1}') },
      writes: { doc: docQuery(STATE, scope, stateId) },
    },
  ];
}

async function expectAllUnauthorized(ctx: CheckContext, client: XapiClient, who: string): Promise<string[]> {
  const accepted: string[] = [];
  for (const { what, req, writes } of protectedRequests(ctx)) {
    if (writes?.statement) ctx.ledger.statements([writes.statement]);
    if (writes?.doc) ctx.ledger.document(STATE.path, writes.doc);
    const r = await client.request(req);
    if (!expectUnauthorized(ctx, r, `${what} ${who}`)) accepted.push(`${what} → ${r.status}`);
  }
  return accepted;
}

export const checks: Check[] = [
  check({
    suite: 'auth',
    section,
    id: 'auth.authorization.no-credentials-401',
    title: 'Authentication: requests without credentials are answered 401 (not 403)',
    requirements: ['XAPI-00334'],
    quote: `An LRS rejects a Statement of bad authorization (either authentication needed or failed credentials) with error code 401 Unauthorized (XAPI-00334). ${CODES}`,
    tags: tags('401'),
    async run(ctx: CheckContext) {
      const accepted = await expectAllUnauthorized(ctx, ctx.anonymous, 'without credentials');
      if (accepted.length > 0) {
        ctx.warn(
          `the LRS accepts requests without any credentials (${accepted.join('; ')}): make sure this is a deliberate no-authentication configuration`,
          'No authentication: MAY be supported by the LRS, possibly for testing purposes. (Communication 4.1.table1.row4)',
        );
      }
    },
  }),

  check({
    suite: 'auth',
    section,
    id: 'auth.authorization.wrong-credentials-401',
    title: 'Authentication: requests with a wrong password are answered 401 (not 403, not accepted)',
    requirements: ['XAPI-00334', 'XAPI-00335'],
    quote: `An LRS rejects a Statement of bad authorization (either authentication needed or failed credentials) with error code 401 Unauthorized (XAPI-00334). An LRS must support HTTP Basic Authentication (XAPI-00335). ${CODES}`,
    tags: tags('401'),
    async run(ctx: CheckContext) {
      const baseline = await ctx.client.request({ method: 'GET', path: 'statements', query: ownStatementsQuery(ctx) });
      ctx.expect.status(baseline, 200, 'GET statements with the run\'s correct credentials (baseline)');
      const accepted = await expectAllUnauthorized(ctx, ctx.as('wrong'), 'with a wrong password');
      if (accepted.length === 0) return;
      const anonymous = await ctx.anonymous.request({ method: 'GET', path: 'statements', query: ownStatementsQuery(ctx) });
      if (anonymous.status === 200) {
        ctx.warn(`the LRS ignores credentials altogether (a wrong password and no credentials are both accepted: ${accepted.join('; ')})`, 'No authentication: MAY be supported by the LRS, possibly for testing purposes. (Communication 4.1.table1.row4)');
        return;
      }
      ctx.expect.fail(`requests with a wrong password were accepted although requests without credentials are refused: ${accepted.join('; ')}`, {
        expected: 401,
        actual: accepted,
      });
    },
  }),

  check({
    suite: 'auth',
    section: 'Communication 3.2 Error Codes / 4.2 Authorization Scope',
    id: 'auth.authorization.read-only-cannot-write',
    title: 'Authorization: a credential with statements/read only can read statements but gets 403 for statement and document writes',
    requirements: ['XAPI-00327'],
    quote: `${FORBIDDEN} ${SCOPES}`,
    needs: ['credential:read'],
    tags: tags('403', 'scopes'),
    async run(ctx: CheckContext) {
      const read = ctx.as('read');
      const ok = await read.request({ method: 'GET', path: 'statements', query: ownStatementsQuery(ctx) });
      ctx.expect.status(ok, 200, 'GET statements with the statements/read credential');
      const proven = 'the same credential just read statements with 200';

      const s = statement(ctx);
      ctx.ledger.statements([s.id]);
      expectForbidden(ctx, await read.request({ method: 'POST', path: 'statements', body: [s] }), 'POST statements with the statements/read credential', proven);
      expectForbidden(ctx, await read.request({ method: 'PUT', path: 'statements', query: { statementId: s.id }, body: s }), 'PUT statements with the statements/read credential', proven);
      const stored = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: s.id } });
      ctx.expect.status(stored, 404, 'GET (primary credential) the statement the read-only credential tried to write: not stored');

      const scope = scopeOf(ctx, STATE);
      const stateId = idOf(ctx, STATE);
      ctx.ledger.document(STATE.path, docQuery(STATE, scope, stateId));
      expectForbidden(ctx, await send(read, 'PUT', STATE, docQuery(STATE, scope, stateId), jsonDoc({ a: 1 })), 'PUT a state document with the statements/read credential', proven);
      await expectNoDocument(ctx, STATE, scope, stateId, 'GET (primary credential) the state document the read-only credential tried to write');
    },
  }),

  check({
    suite: 'auth',
    section: 'Communication 4.2 Authorization Scope',
    id: 'auth.authorization.mine-reads-only-own',
    title: 'Authorization: a statements/read/mine credential reads the statements it wrote and none written by others',
    requirements: [],
    quote: `${SCOPES} Permissions can also affect the response returned by an LRS to GET requests. For example, a set of credentials might have permission only to view Statements about a particular Actor, in which case the LRS will filter any returned Statements (Communication 3.2.s1)`,
    needs: ['credential:mine'],
    tags: tags('scopes', 'statements'),
    async run(ctx: CheckContext) {
      const mine = ctx.as('mine');
      const activity = ctx.ns.activity('mine');
      const others = statement(ctx, { activity });
      const own = statement(ctx, { activity });
      ctx.ledger.statements([others.id, own.id]);
      ctx.expect.status(await ctx.client.request({ method: 'POST', path: 'statements', body: [others] }), 200, 'POST a statement with the primary credential');
      ctx.expect.status(await mine.request({ method: 'POST', path: 'statements', body: [own] }), 200, 'POST a statement with the statements/read/mine credential');

      await ctx.eventually(async () => {
        const all = await ctx.client.request({ method: 'GET', path: 'statements', query: { activity } });
        ctx.expect.status(all, 200, 'GET statements about the activity with the primary credential');
        const ids = all.json<{ statements: Array<{ id: string }> }>().statements.map((x) => x.id);
        ctx.expect.ok(ids.includes(own.id) && ids.includes(others.id), 'the primary credential sees both statements', { expected: [own.id, others.id], actual: ids });
      });
      const r = await mine.request({ method: 'GET', path: 'statements', query: { activity } });
      ctx.expect.status(r, 200, 'GET statements about the activity with the statements/read/mine credential');
      const ids = r.json<{ statements: Array<{ id: string }> }>().statements.map((x) => x.id);
      ctx.expect.ok(!ids.includes(others.id), 'the statements/read/mine credential must not see a statement written by another credential', { expected: `not ${others.id}`, actual: ids });
      ctx.expect.ok(ids.includes(own.id), 'the statements/read/mine credential must see its own statement', { expected: `includes ${own.id}`, actual: ids });

      const single = await mine.request({ method: 'GET', path: 'statements', query: { statementId: others.id } });
      ctx.expect.ok(single.status !== 200, 'GET by statementId of another credential\'s statement with statements/read/mine must not return it (404 or 403)', { expected: '404 or 403', actual: single.status });
      ctx.expect.status(single, [403, 404], 'GET by statementId of another credential\'s statement with statements/read/mine');
    },
  }),

  check({
    suite: 'auth',
    section: 'Communication 3.2 Error Codes / 4.2 Authorization Scope',
    id: 'auth.authorization.state-only-cannot-touch-statements',
    title: 'Authorization: a credential with the state scope only uses the State resource but gets 403 for statements',
    requirements: ['XAPI-00327'],
    quote: `${FORBIDDEN} ${SCOPES}`,
    needs: ['credential:state'],
    tags: tags('403', 'scopes'),
    async run(ctx: CheckContext) {
      const state = ctx.as('state');
      const scope = scopeOf(ctx, STATE);
      const stateId = idOf(ctx, STATE);
      const query = docQuery(STATE, scope, stateId);
      ctx.ledger.document(STATE.path, query);
      ctx.expect.status(await send(state, 'PUT', STATE, query, jsonDoc({ by: 'state scope' }), { 'If-None-Match': '*' }), 204, 'PUT a state document with the state-only credential');
      ctx.expect.status(await send(state, 'GET', STATE, query), 200, 'GET the state document with the state-only credential');
      const proven = 'the same credential just wrote and read a state document';

      expectForbidden(ctx, await state.request({ method: 'GET', path: 'statements', query: ownStatementsQuery(ctx) }), 'GET statements with the state-only credential', proven);
      const s = statement(ctx);
      ctx.ledger.statements([s.id]);
      expectForbidden(ctx, await state.request({ method: 'POST', path: 'statements', body: [s] }), 'POST statements with the state-only credential', proven);
      const stored = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: s.id } });
      ctx.expect.status(stored, 404, 'GET (primary credential) the statement the state-only credential tried to write: not stored');
    },
  }),
];

export const untestable: Untestable[] = [];
