// Shared helpers for the document, agents, activities, about, HTTP and authorization suites.
// The three document resources are described once (DOC_RESOURCES) and most of their checks are
// generated from that table (documents-common.ts), so the rules are written once.
import { createHash } from 'node:crypto';
import type { Check, Level, XapiVersion } from '../../harness/check.js';
import type { CheckContext, HttpMethod, XapiClient, XapiResponse } from '../../harness/context.js';
import mergeFixture from '../../fixtures/documents/merge-cases.json' with { type: 'json' };
import invalidFixture from '../../fixtures/documents/invalid-parameters.json' with { type: 'json' };

/** POST merge cases (fixtures/documents/merge-cases.json). */
export const MERGE_CASES: Array<{ name: string; stored: Record<string, unknown>; posted: Record<string, unknown>; merged: Record<string, unknown> }> =
  mergeFixture.cases;
/** Parameter values to be rejected with 400 (fixtures/documents/invalid-parameters.json). */
export const INVALID: Record<'registration' | 'since', Array<{ value: string; why: string }>> & {
  agent: Array<{ value: string; why: string; kind: string }>;
} = invalidFixture;

export const BOTH: readonly XapiVersion[] = ['1.0.3', '2.0.0'];
export const V1: readonly XapiVersion[] = ['1.0.3'];
export const V2: readonly XapiVersion[] = ['2.0.0'];

export type DocPath = 'activities/state' | 'activities/profile' | 'agents/profile';
type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';
/** Requirement ids keyed by HTTP method (the 1.0.3 requirement list numbers each method separately). */
export type ByMethod = Partial<Record<Method, string>>;

export interface DocRequirements {
  endpoint: string[];
  put: string[];
  get: string[];
  post: string[];
  del: string[];
  postNew: string[];
  getIds: string[];
  since: string[];
  sinceInvalid: string[];
  merge: string[];
  mergeContentType: string[];
  mergeNotObject: string[];
  invalidJson: string[];
  /** Missing required parameter → 400, per parameter and method. */
  missing: Record<string, ByMethod>;
  /** "agent" not JSON / not an Agent Object → 400, per method. */
  badAgent: ByMethod;
}

export interface DocResource {
  key: 'state' | 'activity-profile' | 'agent-profile';
  path: DocPath;
  title: string;
  section: string;
  idParam: 'stateId' | 'profileId';
  /** Required parameters naming the document's context (not the id). */
  contextParams: Array<'activityId' | 'agent'>;
  /** The id parameter is required for these methods (without it GET/DELETE address several documents). */
  idRequiredFor: Method[];
  /** 1.0.3: "The State Resource will permit PUT, POST and DELETE requests without concurrency headers". */
  concurrencyExemptIn103: boolean;
  req: DocRequirements;
}

export const STATE: DocResource = {
  key: 'state',
  path: 'activities/state',
  title: 'State',
  section: 'Communication 2.3 State Resource',
  idParam: 'stateId',
  contextParams: ['activityId', 'agent'],
  idRequiredFor: ['PUT', 'POST'],
  concurrencyExemptIn103: true,
  req: {
    endpoint: ['XAPI-00230', 'XAPI-00140'],
    put: ['XAPI-00190'],
    get: ['XAPI-00188', 'XAPI-00192', 'XAPI-00217'],
    post: ['XAPI-00189', 'XAPI-00231'],
    del: ['XAPI-00187', 'XAPI-00191', 'XAPI-00216'],
    postNew: ['XAPI-00233'],
    getIds: ['XAPI-00193'],
    since: ['XAPI-00195', 'XAPI-00221', 'XAPI-00222', 'XAPI-00141'],
    sinceInvalid: ['XAPI-00204'],
    merge: ['XAPI-00234'],
    mergeContentType: ['XAPI-00232'],
    mergeNotObject: ['XAPI-00229'],
    invalidJson: ['XAPI-00235'],
    missing: {
      activityId: { DELETE: 'XAPI-00207', GET: 'XAPI-00208', POST: 'XAPI-00209', PUT: 'XAPI-00210' },
      agent: { DELETE: 'XAPI-00212', GET: 'XAPI-00213', POST: 'XAPI-00214', PUT: 'XAPI-00215' },
      stateId: { PUT: 'XAPI-00206', POST: 'XAPI-00211' },
    },
    badAgent: { DELETE: 'XAPI-00196', GET: 'XAPI-00197', POST: 'XAPI-00198', PUT: 'XAPI-00199' },
  },
};

export const ACTIVITY_PROFILE: DocResource = {
  key: 'activity-profile',
  path: 'activities/profile',
  title: 'Activity Profile',
  section: 'Communication 2.7 Activity Profile Resource',
  idParam: 'profileId',
  contextParams: ['activityId'],
  idRequiredFor: ['PUT', 'POST', 'DELETE'],
  concurrencyExemptIn103: false,
  req: {
    endpoint: ['XAPI-00311', 'XAPI-00140'],
    put: ['XAPI-00287', 'XAPI-00293'],
    get: ['XAPI-00288', 'XAPI-00290'],
    post: ['XAPI-00286', 'XAPI-00292', 'XAPI-00312'],
    del: ['XAPI-00285', 'XAPI-00291'],
    postNew: ['XAPI-00310'],
    getIds: ['XAPI-00289'],
    since: ['XAPI-00294', 'XAPI-00303', 'XAPI-00141'],
    sinceInvalid: ['XAPI-00295'],
    merge: ['XAPI-00308'],
    mergeContentType: ['XAPI-00309'],
    mergeNotObject: ['XAPI-00313'],
    invalidJson: ['XAPI-00314'],
    missing: {
      activityId: { GET: 'XAPI-00296', DELETE: 'XAPI-00297', POST: 'XAPI-00298', PUT: 'XAPI-00299' },
      profileId: { DELETE: 'XAPI-00300', POST: 'XAPI-00301', PUT: 'XAPI-00302' },
    },
    badAgent: {},
  },
};

export const AGENT_PROFILE: DocResource = {
  key: 'agent-profile',
  path: 'agents/profile',
  title: 'Agent Profile',
  section: 'Communication 2.6 Agent Profile Resource',
  idParam: 'profileId',
  contextParams: ['agent'],
  idRequiredFor: ['PUT', 'POST', 'DELETE'],
  concurrencyExemptIn103: false,
  req: {
    endpoint: ['XAPI-00282', 'XAPI-00140'],
    put: ['XAPI-00273'],
    get: ['XAPI-00269', 'XAPI-00274', 'XAPI-00259'],
    post: ['XAPI-00272', 'XAPI-00283'],
    del: ['XAPI-00271'],
    postNew: ['XAPI-00280'],
    getIds: ['XAPI-00270'],
    since: ['XAPI-00275', 'XAPI-00268', 'XAPI-00141'],
    sinceInvalid: ['XAPI-00260'],
    merge: ['XAPI-00279'],
    mergeContentType: ['XAPI-00278'],
    mergeNotObject: ['XAPI-00281'],
    invalidJson: ['XAPI-00284'],
    missing: {
      agent: { GET: 'XAPI-00261', DELETE: 'XAPI-00262', POST: 'XAPI-00263', PUT: 'XAPI-00264' },
      profileId: { DELETE: 'XAPI-00265', POST: 'XAPI-00266', PUT: 'XAPI-00267' },
    },
    badAgent: { DELETE: 'XAPI-00255', POST: 'XAPI-00256', PUT: 'XAPI-00257', GET: 'XAPI-00258' },
  },
};

export const DOC_RESOURCES: DocResource[] = [STATE, ACTIVITY_PROFILE, AGENT_PROFILE];

/** Query parameters of one document context (strings only: the ledger stores them as given). */
export type Scope = Record<string, string>;

/** The document context for this check; `variant` gives a second, disjoint context. */
export function scopeOf(ctx: CheckContext, res: DocResource, variant = 'main'): Scope {
  const scope: Scope = {};
  if (res.contextParams.includes('activityId')) scope.activityId = ctx.ns.activity(`${res.key}-${variant}`);
  if (res.contextParams.includes('agent')) scope.agent = JSON.stringify(ctx.ns.agent(`${res.key}-${variant}`));
  return scope;
}

export function idOf(ctx: CheckContext, res: DocResource, name = 'doc'): string {
  return res.idParam === 'stateId' ? ctx.ns.stateId(name) : ctx.ns.profileId(name);
}

export function docQuery(res: DocResource, scope: Scope, id?: string): Scope {
  return id === undefined ? { ...scope } : { ...scope, [res.idParam]: id };
}

export interface DocBody {
  bytes: Buffer;
  contentType: string;
}

export function jsonDoc(value: unknown): DocBody {
  return { bytes: Buffer.from(JSON.stringify(value), 'utf8'), contentType: 'application/json' };
}

export function textDoc(text: string, contentType = 'text/plain; charset=utf-8'): DocBody {
  return { bytes: Buffer.from(text, 'utf8'), contentType };
}

/** Every byte value, then sequences that are invalid UTF-8: any text decoding along the way corrupts them. */
export function binaryDoc(): DocBody {
  const all = Buffer.alloc(512);
  for (let i = 0; i < all.length; i++) all[i] = (i * 7 + 3) & 0xff;
  const invalidUtf8 = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0x00, 0xff, 0xfe]);
  return { bytes: Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), all, invalidUtf8]), contentType: 'application/octet-stream' };
}

export function send(
  client: XapiClient,
  method: HttpMethod,
  res: DocResource,
  query: Scope,
  body?: DocBody,
  headers: Record<string, string | undefined> = {},
): Promise<XapiResponse> {
  return client.request({
    method,
    path: res.path,
    query,
    headers: body ? { 'Content-Type': body.contentType, ...headers } : headers,
    body: body?.bytes,
  });
}

/**
 * Creates a document that does not exist yet and records it in the ledger. Sends `If-None-Match: *`
 * because 3.1.s3.b1 obliges clients to send a concurrency header on profile PUTs.
 */
export async function createDoc(
  ctx: CheckContext,
  res: DocResource,
  scope: Scope,
  id: string,
  body: DocBody,
  what = `PUT ${res.title} document (new, If-None-Match: *)`,
): Promise<XapiResponse> {
  const query = docQuery(res, scope, id);
  ctx.ledger.document(res.path, query);
  const r = await send(ctx.client, 'PUT', res, query, body, { 'If-None-Match': '*' });
  ctx.expect.status(r, 204, what);
  return r;
}

/** GET a single document; expects 200 unless told otherwise. */
export async function getDoc(ctx: CheckContext, res: DocResource, scope: Scope, id: string, expected: number | number[] = 200, what?: string) {
  const r = await send(ctx.client, 'GET', res, docQuery(res, scope, id));
  ctx.expect.status(r, expected, what ?? `GET the ${res.title} document`);
  return r;
}

/** The current ETag of a document (GET), failing the check when the LRS sends none. */
export async function currentEtag(ctx: CheckContext, res: DocResource, scope: Scope, id: string): Promise<string> {
  const r = await getDoc(ctx, res, scope, id);
  return ctx.expect.header(r, 'etag', `GET of a single ${res.title} document must carry an ETag (Communication 3.1)`);
}

/** Media type without parameters, lower-cased: "Text/Plain; charset=utf-8" → "text/plain". */
export function mediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0].trim().toLowerCase();
}

/** Expects the document to hold exactly `body` (bytes and media type). */
export async function expectDocument(ctx: CheckContext, res: DocResource, scope: Scope, id: string, body: DocBody, what: string) {
  const r = await getDoc(ctx, res, scope, id, 200, what);
  if (!r.body.equals(body.bytes)) {
    ctx.expect.fail(`${what}: the stored bytes differ from what was written`, {
      expected: describeBytes(body.bytes),
      actual: describeBytes(r.body),
    });
  }
  ctx.expect.equal(mediaType(r.headers['content-type']), mediaType(body.contentType), `${what}: Content-Type of the returned document`);
  return r;
}

/** Expects the document to be a JSON object deep-equal to `value` (serialisation may differ). */
export async function expectJsonDocument(ctx: CheckContext, res: DocResource, scope: Scope, id: string, value: unknown, what: string) {
  const r = await getDoc(ctx, res, scope, id, 200, what);
  ctx.expect.deepEqual(r.json(), value, what);
  return r;
}

/** Expects the single-document GET to find nothing (404; the spec lists 404 for a missing document). */
export async function expectNoDocument(ctx: CheckContext, res: DocResource, scope: Scope, id: string, what: string) {
  const r = await send(ctx.client, 'GET', res, docQuery(res, scope, id));
  if (r.status === 404) return;
  if (r.status === 200 && r.body.length === 0) {
    ctx.warn(
      `${what}: the LRS answered 200 with an empty body instead of 404 for a document that does not exist`,
      '404 Not Found - Indicates the requested resource was not found. May be returned by any method that returns a uniquely identified resource (Communication 3.2)',
    );
    return;
  }
  ctx.expect.status(r, 404, what);
}

function describeBytes(b: Buffer): string {
  const head = b.subarray(0, 24).toString('hex').replace(/(..)/g, '$1 ').trim();
  return `${b.length} bytes, sha1 ${createHash('sha1').update(b).digest('hex')}, starting ${head}${b.length > 24 ? ' …' : ''}`;
}

export function sha1Hex(b: Buffer): string {
  return createHash('sha1').update(b).digest('hex');
}

/** Ids returned by a multiple-document GET. */
export async function listIds(ctx: CheckContext, res: DocResource, scope: Scope, extra: Scope = {}, what?: string): Promise<{ ids: string[]; response: XapiResponse }> {
  const r = await send(ctx.client, 'GET', res, { ...scope, ...extra });
  ctx.expect.status(r, 200, what ?? `GET ${res.title} ids (no ${res.idParam})`);
  const body = r.json<unknown>();
  ctx.expect.ok(Array.isArray(body) && body.every((x) => typeof x === 'string'), `${what ?? 'multiple-document GET'} must return a JSON array of id strings`, {
    expected: 'array of strings',
    actual: body,
  });
  return { ids: body as string[], response: r };
}

export function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** Parses an HTTP-date (Last-Modified); undefined when absent or unparseable. */
export function httpDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export interface CheckSpec {
  id: string;
  title: string;
  suite: string;
  section: string;
  requirements?: string[];
  quote: string;
  level?: Level;
  versions?: readonly XapiVersion[];
  tags?: string[];
  needs?: Check['needs'];
  run(ctx: CheckContext): Promise<void>;
}

/** A check with the defaults these suites use (MUST, both versions). */
export function check(spec: CheckSpec): Check {
  return {
    id: spec.id,
    title: spec.title,
    suite: spec.suite,
    section: spec.section,
    requirements: spec.requirements ?? [],
    quote: spec.quote,
    level: spec.level ?? 'MUST',
    versions: spec.versions ?? BOTH,
    tags: spec.tags ?? [],
    needs: spec.needs,
    run: spec.run,
  };
}

/**
 * A statement query that only this check's statements can match: a check that needs any statements
 * answer (a status, a header) must not fetch the target's newest statement, which may be huge.
 */
export function ownStatementsQuery(ctx: CheckContext): { registration: string; limit: number } {
  return { registration: ctx.ns.registration('own-statements'), limit: 1 };
}

/** Requirement ids of a ByMethod table, in a stable order. */
export function idsOf(table: ByMethod): string[] {
  return (['GET', 'PUT', 'POST', 'DELETE'] as const).flatMap((m) => (table[m] ? [table[m]!] : []));
}

/** A minimal valid statement about `activity` by `actor`. */
export function statement(ctx: CheckContext, opts: { id?: string; activity?: string; actor?: object; definition?: object } = {}) {
  return {
    id: opts.id ?? ctx.ns.uuid(),
    actor: opts.actor ?? ctx.ns.agent('actor'),
    verb: { id: ctx.ns.verb('experienced'), display: { 'en-US': 'experienced' } },
    object: { objectType: 'Activity', id: opts.activity ?? ctx.ns.activity('statement-object'), ...(opts.definition ? { definition: opts.definition } : {}) },
  };
}

/**
 * Inside ctx.eventually: the statement must be readable by id. Statement responses carry
 * X-Experience-API-Consistent-Through, which lets the harness tell "not yet consistent" (inconclusive)
 * from "consistent and still wrong" (failed) when the other resource polled carries no such header.
 */
export async function expectStatementVisible(ctx: CheckContext, id: string): Promise<void> {
  const r = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: id } });
  ctx.expect.status(r, 200, 'GET the statement just written');
}

/** POSTs statements with the primary credential, records them, returns their ids. */
export async function postStatements(ctx: CheckContext, statements: Array<{ id: string }>, client: XapiClient = ctx.client, what = 'POST statements') {
  ctx.ledger.statements(statements.map((s) => s.id));
  const r = await client.request({ method: 'POST', path: 'statements', body: statements });
  ctx.expect.status(r, 200, what);
  return r;
}
