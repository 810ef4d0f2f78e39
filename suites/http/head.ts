// Communication 1.1 HEAD Request Implementation: every GET resource answers HEAD like GET, without a body.
import type { Check } from '../../harness/check.js';
import type { CheckContext, XapiRequest } from '../../harness/context.js';
import { DOC_RESOURCES, check, createDoc, docQuery, idOf, jsonDoc, mediaType, postStatements, scopeOf, statement } from '../documents/lib.js';

const section = 'Communication 1.1 HEAD Request Implementation';
const QUOTE =
  'The LRS MUST respond to any HTTP HEAD request as it would have responded to an otherwise identical HTTP GET request except: The message-body MUST be omitted. The Content-Length header MAY be omitted, in order to avoid wasting LRS resources. (Communication 1.1.s3.b1)';

/** Headers a HEAD must repeat from the GET (when the GET has them). Volatile ones are left out per target. */
const COMPARED = ['content-type', 'etag', 'last-modified', 'x-experience-api-version'];

async function compareHeadWithGet(ctx: CheckContext, req: Omit<XapiRequest, 'method'>, compared = COMPARED): Promise<void> {
  const get = await ctx.client.request({ ...req, method: 'GET' });
  // Every request here has a defined answer (the resource, 400 or 404): a HEAD matching a failing GET proves nothing.
  ctx.expect.ok(get.status < 500, `GET ${req.path} answered ${get.status}, a server error: nothing to compare HEAD with`, {
    expected: 'the GET answered without a server error (below 500)',
    actual: get.status,
  });
  const head = await ctx.client.request({ ...req, method: 'HEAD' });
  const label = `HEAD ${req.path}`;
  ctx.expect.status(head, get.status, `${label} (the GET answered ${get.status})`);
  ctx.expect.equal(head.body.length, 0, `${label}: bytes of message-body (must be omitted)`);
  for (const name of compared) {
    if (get.headers[name] === undefined) continue;
    const expected = name === 'content-type' ? mediaType(get.headers[name]) : get.headers[name];
    const actual = name === 'content-type' ? mediaType(head.headers[name]) : head.headers[name];
    ctx.expect.equal(actual, expected, `${label}: header ${name} (as on the GET)`);
  }
  const headLength = head.headers['content-length'];
  if (headLength !== undefined && headLength !== '0' && get.headers['content-length'] !== undefined) {
    ctx.expect.equal(headLength, get.headers['content-length'], `${label}: Content-Length, when given, must be the GET's`);
  }
}

function headCheck(slug: string, title: string, requirements: string[], setup: (ctx: CheckContext) => Promise<Array<{ req: Omit<XapiRequest, 'method'>; compared?: string[] }>>): Check {
  return check({
    suite: 'http',
    section,
    id: `http.head.${slug}`,
    title: `HEAD ${title}`,
    requirements: ['XAPI-00125', 'XAPI-00126', ...requirements],
    quote: QUOTE,
    tags: ['http', 'head'],
    async run(ctx: CheckContext) {
      for (const { req, compared } of await setup(ctx)) await compareHeadWithGet(ctx, req, compared);
    },
  });
}

export const checks: Check[] = [
  headCheck('about', '/about', [], async () => [{ req: { path: 'about' } }]),

  headCheck('statements', 'statements (single statement and a filtered query)', ['XAPI-00139'], async (ctx: CheckContext) => {
    const activity = ctx.ns.activity('head');
    const s = statement(ctx, { activity });
    await postStatements(ctx, [s]);
    await ctx.eventually(async () => {
      const r = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: s.id } });
      ctx.expect.status(r, 200, 'GET the statement just POSTed');
    });
    return [
      { req: { path: 'statements', query: { statementId: s.id } } },
      // A query's Last-Modified/ETag may follow the whole store, which concurrent checks change.
      { req: { path: 'statements', query: { activity } }, compared: ['content-type', 'x-experience-api-version'] },
      { req: { path: 'statements', query: { statementId: ctx.ns.uuid() } }, compared: ['x-experience-api-version'] },
    ];
  }),

  headCheck('activities', 'activities', [], async (ctx: CheckContext) => [
    { req: { path: 'activities', query: { activityId: ctx.ns.activity('head') } } },
    { req: { path: 'activities' }, compared: ['x-experience-api-version'] },
  ]),

  headCheck('agents', 'agents', [], async (ctx: CheckContext) => [
    { req: { path: 'agents', query: { agent: JSON.stringify(ctx.ns.agent('head')) } } },
    { req: { path: 'agents' }, compared: ['x-experience-api-version'] },
  ]),

  ...DOC_RESOURCES.map((res) =>
    headCheck(res.key, `${res.path} (single document, id list, missing document)`, [], async (ctx: CheckContext) => {
      const scope = scopeOf(ctx, res);
      const docId = idOf(ctx, res);
      await createDoc(ctx, res, scope, docId, jsonDoc({ head: true }));
      return [
        { req: { path: res.path, query: docQuery(res, scope, docId) } },
        { req: { path: res.path, query: scope } },
        { req: { path: res.path, query: docQuery(res, scope, idOf(ctx, res, 'missing')) }, compared: ['x-experience-api-version'] },
      ];
    }),
  ),
];
