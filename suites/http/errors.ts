// Communication 3.2 Error Codes and 1.5 Content Types on the non-statement resources (the statement
// resource's parameter and content-type rules live in suites/statements).
import type { Check, Untestable } from '../../harness/check.js';
import type { CheckContext, XapiRequest } from '../../harness/context.js';
import { DOC_RESOURCES, check, createDoc, docQuery, expectNoDocument, idOf, jsonDoc, scopeOf, send, type DocResource } from '../documents/lib.js';

const section = 'Communication 3.2 Error Codes';
const tags = (...t: string[]) => ['http', 'errors', ...t];
const UNKNOWN =
  'The LRS MUST reject with 400 Bad Request status any requests that use any parameters which the LRS does not recognize in their intended context in this specification. (Note: LRSs MAY recognize and act on parameters not in this specification). (Communication 3.2.s3.b7)';
const CASE = 'The LRS MUST reject with 400 Bad Request status any requests that use any parameters matching parameters described in this specification in all but case. (Communication 3.2.s3.b8)';
const UNKNOWN_PARAM = 'xapiConformNoSuchParameter';

/** For every non-statement GET resource, a valid request and a parameter name it knows, in the wrong case. */
async function validGets(ctx: CheckContext): Promise<Array<{ req: Omit<XapiRequest, 'method'>; recased: [string, string] }>> {
  const agent = JSON.stringify(ctx.ns.agent('errors'));
  const out: Array<{ req: Omit<XapiRequest, 'method'>; recased: [string, string] }> = [
    { req: { path: 'agents', query: { agent } }, recased: ['Agent', agent] },
    { req: { path: 'activities', query: { activityId: ctx.ns.activity('errors') } }, recased: ['ActivityId', ctx.ns.activity('errors')] },
  ];
  for (const res of DOC_RESOURCES) {
    const scope = scopeOf(ctx, res);
    const docId = idOf(ctx, res);
    await createDoc(ctx, res, scope, docId, jsonDoc({ errors: true }));
    out.push({ req: { path: res.path, query: docQuery(res, scope, docId) }, recased: [res.idParam.toUpperCase(), docId] });
    out.push({ req: { path: res.path, query: scope }, recased: [res.contextParams[0] === 'agent' ? 'AGENT' : 'activityID', scope[res.contextParams[0]]] });
  }
  return out;
}

function describe(req: Omit<XapiRequest, 'method'>, extra: string): string {
  return `GET ${req.path} with its valid parameters plus ${extra}`;
}

async function rejectedPut(ctx: CheckContext, res: DocResource, param: string, value: string) {
  const scope = scopeOf(ctx, res, 'put');
  const docId = idOf(ctx, res, 'put');
  const r = await send(ctx.client, 'PUT', res, { ...docQuery(res, scope, docId), [param]: value }, jsonDoc({ a: 1 }), { 'If-None-Match': '*' });
  ctx.ledger.document(res.path, docQuery(res, scope, docId));
  ctx.expect.status(r, 400, `PUT ${res.path} with ${param}=${value}`);
  await expectNoDocument(ctx, res, scope, docId, `GET after the rejected PUT with ${param}: nothing may be stored`);
}

export const checks: Check[] = [
  check({
    suite: 'http',
    section,
    id: 'http.errors.unknown-parameter-400',
    title: 'Error codes: a parameter the specification does not define is rejected with 400 on the document, agents and activities resources',
    requirements: ['XAPI-00324', 'XAPI-00182'],
    quote: UNKNOWN,
    tags: tags('parameters'),
    async run(ctx: CheckContext) {
      for (const { req } of await validGets(ctx)) {
        const ok = await ctx.client.request({ ...req, method: 'GET' });
        // An LRS only SHOULD* return an Activity it knows nothing of (2.5.s2.b1): 404 is a valid baseline.
        const fine = req.path === 'activities' ? [200, 404] : [200];
        ctx.expect.status(ok, fine, `GET ${req.path} with valid parameters (baseline)`);
        const r = await ctx.client.request({ ...req, method: 'GET', query: { ...req.query, [UNKNOWN_PARAM]: 'x' } });
        ctx.expect.status(r, 400, describe(req, `${UNKNOWN_PARAM}=x`));
      }
      for (const res of DOC_RESOURCES) await rejectedPut(ctx, res, UNKNOWN_PARAM, 'x');
    },
  }),

  check({
    suite: 'http',
    section,
    id: 'http.errors.parameter-case-400',
    title: 'Error codes: a parameter that matches a defined one in all but case is rejected with 400 on the document, agents and activities resources',
    requirements: ['XAPI-00325', 'XAPI-00182'],
    quote: CASE,
    tags: tags('parameters'),
    async run(ctx: CheckContext) {
      for (const { req, recased } of await validGets(ctx)) {
        const r = await ctx.client.request({ ...req, method: 'GET', query: { ...req.query, [recased[0]]: recased[1] } });
        ctx.expect.status(r, 400, describe(req, `${recased[0]}=…`));
      }
      for (const res of DOC_RESOURCES) await rejectedPut(ctx, res, res.idParam.toUpperCase(), 'x');
    },
  }),

  check({
    suite: 'http',
    section,
    id: 'http.errors.message',
    title: 'Error codes: a rejected request gets a message explaining the cause',
    requirements: [],
    quote: 'An LRS SHOULD return a message in the response explaining the cause of the error. (Communication 3.2.s3.b2)',
    level: 'SHOULD',
    tags: tags('messages'),
    async run(ctx: CheckContext) {
      const requests: XapiRequest[] = [
        { method: 'GET', path: 'agents' },
        { method: 'GET', path: 'activities/state', query: { activityId: ctx.ns.activity('message') } },
        { method: 'GET', path: 'activities/profile', query: { activityId: ctx.ns.activity('message'), since: 'not-a-timestamp' } },
      ];
      for (const req of requests) {
        const r = await ctx.client.request(req);
        ctx.expect.status(r, 400, `${req.method} ${req.path} (invalid)`);
        ctx.expect.ok(r.text().trim().length > 0, `${req.method} ${req.path}: the 400 should explain the problem`, { expected: 'a message', actual: '(empty body)' });
      }
    },
  }),
];

// XAPI-00323, 00328 and 00329 (statement error codes) are listed as untestable by suites/statements.
export const untestable: Untestable[] = [];
