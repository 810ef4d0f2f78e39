// Small statement-resource helpers for the properties: writes, reads by id (waiting out eventual
// consistency only for "not there yet"), and queries that follow `more` to the end.
import type { CheckContext, XapiClient, XapiRequest, XapiResponse } from '../../harness/context.js';
import { CheckFailure } from '../../harness/signals.js';
import type { Statement } from './arbitraries.js';
import type { Recorder } from './runner.js';
import { parseInstant } from './equivalence.js';

export function fail(message: string, expected?: unknown, actual?: unknown): never {
  throw new CheckFailure(message, { expected, actual });
}

export function expectStatus(res: XapiResponse, expected: number | number[], what: string): void {
  const ok = Array.isArray(expected) ? expected.includes(res.status) : res.status === expected;
  if (!ok) fail(`${what}: expected HTTP ${Array.isArray(expected) ? expected.join(' or ') : expected}, got ${res.status}`, expected, { status: res.status, body: res.text().slice(0, 500) });
}

export function parseJson<T>(res: XapiResponse, what: string): T {
  try {
    return JSON.parse(res.text()) as T;
  } catch {
    return fail(`${what}: the response body is not JSON`, 'JSON', res.text().slice(0, 500));
  }
}

/** Writes with PUT, or POST of one statement or an array; returns the ids the LRS reports (or the ones we sent). */
export async function writeStatements(client: XapiClient, statements: Statement[], how: 'PUT' | 'POST' | 'POST-array'): Promise<string[]> {
  if (how === 'PUT') {
    const [s] = statements;
    const res = await client.request({ method: 'PUT', path: 'statements', query: { statementId: s!.id }, body: s });
    expectStatus(res, 204, 'PUT statements with a valid statement (Communication 2.1.1: "Returns: 204 No Content")');
    return [s!.id];
  }
  const res = await client.request({ method: 'POST', path: 'statements', body: how === 'POST' && statements.length === 1 ? statements[0] : statements });
  expectStatus(res, 200, 'POST statements with valid statements (Communication 2.1.2: "Returns: 200 OK, Array of Statement id(s)")');
  const ids = parseJson<unknown>(res, 'POST statements');
  if (!Array.isArray(ids) || ids.length !== statements.length || ids.some((id) => typeof id !== 'string')) {
    fail('POST statements must return the array of statement ids in the order of the stored statements (Communication 2.1.2)', statements.map((s) => s.id ?? '(LRS-assigned)'), ids);
  }
  statements.forEach((s, i) => {
    if (s.id !== undefined && ids[i] !== s.id) fail(`POST statements returned id ${String(ids[i])} at position ${i} for the statement sent with id ${s.id}`, s.id, ids[i]);
  });
  return ids as string[];
}

/** GET one statement (statementId or voidedStatementId), waiting only while the LRS still answers 404. */
export async function readStatement(ctx: CheckContext, client: XapiClient, id: string, voided = false): Promise<XapiResponse> {
  return ctx.eventually(async () => {
    const res = await client.request({ method: 'GET', path: 'statements', query: voided ? { voidedStatementId: id } : { statementId: id } });
    if (res.status === 404) fail(`statement ${id} is not retrievable yet (GET ${voided ? 'voidedStatementId' : 'statementId'} answered 404)`, 200, 404);
    return res;
  });
}

/**
 * Best-effort wait until the LRS says every statement stored up to `storedNs` is visible to queries
 * (X-Experience-API-Consistent-Through, Communication 2.1.3.s2.b5), so that queries seldom need retrying.
 * It never fails the check itself: without the header there is nothing to wait for, and a header behind
 * "stored" values while the target's own Date says it caught up only shows that its clocks differ; the
 * queries that follow go through ctx.eventually and decide. A header that stays behind the target's own
 * write time for the whole budget ends the check Inconclusive (ctx.eventually).
 */
export async function awaitConsistency(ctx: CheckContext, client: XapiClient, registration: string, storedNs: bigint): Promise<void> {
  try {
    await ctx.eventually(async () => {
      const res = await client.request({ method: 'GET', path: 'statements', query: { registration, limit: 1 } });
      const header = res.headers['x-experience-api-consistent-through'];
      const through = header ? parseInstant(header) : undefined;
      if (through && through.ns <= storedNs) fail(`the LRS is not yet consistent through ${header} (the last write was stored at or after it)`, `>= the last stored`, header);
    });
  } catch (err) {
    if (!(err instanceof CheckFailure)) throw err;
  }
}

/**
 * A read after writes: `attempt` throws CheckFailure on a wrong answer. That answer is final at once only
 * when every response of the attempt carried X-Experience-API-Consistent-Through after `storedNs` (the
 * latest "stored" of the statements the answer depends on): the LRS then says they are all available for
 * retrieval (Communication 2.1.3.s2.b5). Otherwise (header missing or behind) the attempt is repeated
 * through ctx.eventually (bounded polling; Inconclusive, not failed, if the target's Consistent-Through
 * never reaches its own write time).
 */
export async function readAfterWrites<T>(ctx: CheckContext, rec: Recorder, storedNs: bigint | undefined, attempt: () => Promise<T>): Promise<T> {
  const from = rec.consistentThrough.length;
  try {
    return await attempt();
  } catch (err) {
    if (!(err instanceof CheckFailure)) throw err;
    const headers = rec.consistentThrough.slice(from);
    const claimsConsistency =
      storedNs !== undefined &&
      headers.length > 0 &&
      headers.every((h) => {
        const through = h ? parseInstant(h) : undefined;
        return through !== undefined && through.ns > storedNs; // "stored … before that time"
      });
    if (claimsConsistency) throw err;
  }
  return ctx.eventually(attempt);
}

export interface QueryPages {
  /** Every statement of every page, in order. */
  statements: Statement[];
  /** Statements per page. */
  pageSizes: number[];
}

/** Runs a statement query and follows `more` to the end (a page seen twice fails: a `more` loop). */
export async function queryAll(client: XapiClient, query: XapiRequest['query'], maxPages = 50): Promise<QueryPages> {
  const out: QueryPages = { statements: [], pageSizes: [] };
  let req: XapiRequest = { method: 'GET', path: 'statements', query };
  const seen = new Set<string>();
  let endpoint: URL | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await client.request(req);
    expectStatus(res, 200, 'GET statements (query)');
    const body = parseJson<{ statements?: unknown; more?: unknown }>(res, 'GET statements');
    if (!body || !Array.isArray(body.statements)) fail('a StatementResult must have a "statements" array (Data 2.5)', '{ "statements": [...] }', body);
    out.statements.push(...(body.statements as Statement[]));
    out.pageSizes.push(body.statements.length);
    if (body.more === undefined || body.more === '') return out;
    if (typeof body.more !== 'string') fail('"more" must be an IRL string (Data 2.5)', 'string', body.more);
    const requestUrl = new URL(res.exchange.request.url);
    endpoint ??= new URL(requestUrl.origin + requestUrl.pathname.slice(0, -'statements'.length));
    const target = new URL(body.more, requestUrl);
    if (!target.href.startsWith(endpoint.href)) fail('the "more" IRL points outside the LRS endpoint', `a path under ${endpoint.href}`, body.more);
    if (seen.has(target.href)) fail('the "more" IRL repeats a page already fetched (a more loop)', 'a new page', body.more);
    seen.add(target.href);
    const next: Record<string, string> = {};
    target.searchParams.forEach((value, key) => (next[key] = value));
    req = { method: 'GET', path: target.pathname.slice(endpoint.pathname.length), query: next };
  }
  return fail(`more than ${maxPages} pages: "more" never became empty`, 'an empty "more" eventually', `${maxPages} pages`);
}
