// Small shared helpers for the statement checks: a statement builder, storing with ledger
// bookkeeping, reading back after a write, and a query that follows `more` to the end.
import type { CheckContext, XapiRequest, XapiResponse } from '../../../harness/context.js';

export type Statement = Record<string, any>;

/** A minimal valid statement whose actor, verb and activity are unique to the check. */
export function buildStatement(ctx: CheckContext, overrides: Statement = {}): Statement {
  return {
    actor: ctx.ns.agent(),
    verb: { id: ctx.ns.verb('experienced'), display: { 'en-US': 'experienced' } },
    object: { objectType: 'Activity', id: ctx.ns.activity() },
    ...overrides,
  };
}

/** POSTs statements (one object or an array); expects 200 and returns the ids, recorded in the ledger. */
export async function storeStatements(ctx: CheckContext, body: Statement | Statement[]): Promise<string[]> {
  const res = await ctx.client.request({ method: 'POST', path: 'statements', body });
  ctx.expect.status(res, 200, 'POST of valid statement(s)');
  const ids = res.json<unknown>();
  ctx.expect.ok(
    Array.isArray(ids) && ids.every((id) => typeof id === 'string'),
    'POST /statements answers an array of statement ids',
    { expected: 'array of UUID strings', actual: ids },
  );
  const sent = Array.isArray(body) ? body : [body];
  ctx.expect.equal(ids.length, sent.length, 'number of ids returned by POST');
  ctx.ledger.statements(ids as string[]);
  return ids as string[];
}

/** Stores one statement and returns its id. */
export async function storeStatement(ctx: CheckContext, statement: Statement): Promise<string> {
  const [id] = await storeStatements(ctx, statement);
  return id!;
}

/** GETs a single statement by statementId (or voidedStatementId), retried until the target has it. */
export async function fetchStatement(
  ctx: CheckContext,
  id: string,
  param: 'statementId' | 'voidedStatementId' = 'statementId',
  extra: XapiRequest['query'] = {},
): Promise<Statement> {
  return ctx.eventually(async () => {
    const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { [param]: id, ...extra } });
    ctx.expect.status(res, 200, `GET statements?${param}=${id}`);
    const statement = res.json<Statement>();
    ctx.expect.equal(statement?.id, id, `id of the statement returned for ${param}`);
    return statement;
  });
}

export interface QueryResult {
  statements: Statement[];
  /** Number of pages fetched (1 when there was no `more`). */
  pages: number;
  responses: XapiResponse[];
}

/** Turns a `more` IRL into a request relative to the endpoint the first page came from. */
export function moreRequest(ctx: CheckContext, first: XapiResponse, more: string): XapiRequest {
  const requestUrl = new URL(first.exchange.request.url);
  // The first page was GET <endpoint>/statements, so the endpoint is that path minus "statements".
  const endpoint = requestUrl.origin + requestUrl.pathname.slice(0, -'statements'.length);
  const target = new URL(more, requestUrl);
  if (!target.href.startsWith(endpoint)) {
    ctx.expect.fail('the "more" IRL points outside the LRS endpoint', { expected: `a path under ${endpoint}`, actual: more });
  }
  const query: Record<string, string> = {};
  target.searchParams.forEach((value, key) => (query[key] = value));
  return { method: 'GET', path: target.pathname.slice(new URL(endpoint).pathname.length), query };
}

/**
 * Runs a statement query and follows `more` until it is empty or absent, checking the shape of every
 * page. Fails on a `more` loop (a page repeated) or when maxPages is exceeded.
 */
export async function queryAll(
  ctx: CheckContext,
  query: XapiRequest['query'],
  opts: { headers?: Record<string, string>; maxPages?: number } = {},
): Promise<QueryResult> {
  const maxPages = opts.maxPages ?? 200;
  const responses: XapiResponse[] = [];
  const statements: Statement[] = [];
  let request: XapiRequest = { method: 'GET', path: 'statements', query, headers: opts.headers };
  const seenMore = new Set<string>();
  for (;;) {
    const res = await ctx.client.request(request);
    ctx.expect.status(res, 200, 'statement query');
    responses.push(res);
    const result = res.json<{ statements?: unknown; more?: unknown }>();
    ctx.expect.ok(
      result !== null && typeof result === 'object' && Array.isArray(result.statements),
      'a StatementResult has a "statements" array',
      { expected: '{ "statements": [...], "more"?: "..." }', actual: result },
    );
    statements.push(...(result.statements as Statement[]));
    const more = result.more;
    if (more === undefined || more === '') break;
    ctx.expect.ok(typeof more === 'string', '"more" is an IRL string', { expected: 'string', actual: more });
    if (seenMore.has(more)) ctx.expect.fail('the "more" chain loops back to a page already fetched', { actual: more });
    seenMore.add(more);
    if (responses.length >= maxPages) ctx.expect.fail(`more than ${maxPages} pages of "more" for a small result`, { actual: more });
    request = { ...moreRequest(ctx, responses[0]!, more), headers: opts.headers };
  }
  return { statements, pages: responses.length, responses };
}

/** Ids of statements, in order. */
export function idsOf(statements: Statement[]): string[] {
  return statements.map((s) => s.id as string);
}

/**
 * Polls a query until every id in `expected` is among the results, then returns the full result.
 * Queries must be scoped by ctx.ns names, so only this check's statements can match.
 */
export async function queryUntil(
  ctx: CheckContext,
  query: XapiRequest['query'],
  expected: string[],
  opts: { headers?: Record<string, string> } = {},
): Promise<QueryResult> {
  return ctx.eventually(async () => {
    const result = await queryAll(ctx, query, opts);
    const got = new Set(idsOf(result.statements));
    const missing = expected.filter((id) => !got.has(id));
    if (missing.length > 0) {
      ctx.expect.fail(`query ${JSON.stringify(query)} misses statements the check stored`, {
        expected: expected,
        actual: idsOf(result.statements),
      });
    }
    return result;
  });
}

/** Deep copy of JSON data. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
