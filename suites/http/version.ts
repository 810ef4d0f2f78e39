// Communication 3.3 Versioning: the X-Experience-API-Version header on requests and responses.
import type { Check, Untestable } from '../../harness/check.js';
import type { CheckContext, XapiRequest, XapiResponse } from '../../harness/context.js';
import { STATE, V1, V2, check, createDoc, docQuery, idOf, jsonDoc, ownStatementsQuery, scopeOf } from '../documents/lib.js';

const section = 'Communication 3.3 Versioning';
const tags = (...t: string[]) => ['http', 'versioning', ...t];
const REJECT =
  'The LRS MUST reject requests with version header prior to version 1.0.0 [...] The LRS MUST reject requests without a version header [...] The LRS MUST reject requests with a version header of 1.1.0 or greater. The LRS MUST make these rejects by responding with a 400 Bad Request error including a short description of the problem. (Communication 3.3.s3.b4, b4.1, b6, b7)';

/** Requests (one per resource) that succeed when the version header is acceptable. */
function probes(ctx: CheckContext): Array<Omit<XapiRequest, 'version'>> {
  const scope = scopeOf(ctx, STATE);
  return [
    { method: 'GET', path: 'statements', query: ownStatementsQuery(ctx) },
    { method: 'GET', path: STATE.path, query: scope },
    { method: 'GET', path: 'activities/profile', query: { activityId: ctx.ns.activity('versioning') } },
    { method: 'GET', path: 'agents/profile', query: { agent: JSON.stringify(ctx.ns.agent('versioning')) } },
    { method: 'GET', path: 'agents', query: { agent: JSON.stringify(ctx.ns.agent('versioning')) } },
    { method: 'GET', path: 'activities', query: { activityId: ctx.ns.activity('versioning') } },
  ];
}

function describe(req: Omit<XapiRequest, 'version'>, version: string | null): string {
  return `${req.method} ${req.path} with ${version === null ? 'no X-Experience-API-Version header' : `X-Experience-API-Version: ${version}`}`;
}

async function expectAccepted(ctx: CheckContext, version: string): Promise<void> {
  for (const req of probes(ctx)) {
    const r = await ctx.client.request({ ...req, version });
    // An Activity the LRS knows nothing of only SHOULD* be returned (2.5.s2.b1): 404 also accepts the version.
    ctx.expect.status(r, req.path === 'activities' ? [200, 404] : 200, describe(req, version));
  }
}

async function expectRejected(ctx: CheckContext, version: string | null): Promise<void> {
  for (const req of probes(ctx)) {
    const r = await ctx.client.request({ ...req, version });
    ctx.expect.status(r, 400, describe(req, version));
    ctx.expect.ok(r.body.length > 0, `${describe(req, version)}: the 400 must include a short description of the problem`, { expected: 'a non-empty body', actual: '(empty)' });
  }
}

function versionHeaderPattern(ctx: CheckContext): RegExp {
  return ctx.version === '1.0.3' ? /^1\.0\.([3-9]|\d{2,})$/ : /^2\.0\.\d+$/;
}

export const checks: Check[] = [
  check({
    suite: 'http',
    section,
    id: 'http.version.response-header',
    title: 'Versioning: every response, success or error, carries X-Experience-API-Version with the latest patch version',
    requirements: ['XAPI-00333'],
    quote: 'The LRS MUST include the "X-Experience-API-Version" header in every response. The LRS MUST set this header to the latest patch version. (Communication 3.3.s3.b1, b2)',
    tags: tags('headers'),
    async run(ctx: CheckContext) {
      const scope = scopeOf(ctx, STATE);
      const docId = idOf(ctx, STATE);
      const created = await createDoc(ctx, STATE, scope, docId, jsonDoc({ v: 1 }));
      const responses: Array<[string, XapiResponse]> = [['PUT state (204)', created]];
      const add = async (what: string, req: XapiRequest, client = ctx.client) => responses.push([what, await client.request(req)]);
      await add('GET about', { method: 'GET', path: 'about' });
      await add('GET statements', { method: 'GET', path: 'statements', query: ownStatementsQuery(ctx) });
      await add('GET state document (200)', { method: 'GET', path: STATE.path, query: docQuery(STATE, scope, docId) });
      await add('GET missing state document (404)', { method: 'GET', path: STATE.path, query: docQuery(STATE, scope, idOf(ctx, STATE, 'missing')) });
      await add('GET agents without agent (400)', { method: 'GET', path: 'agents' });
      await add('GET statements without credentials (401)', { method: 'GET', path: 'statements', query: ownStatementsQuery(ctx) }, ctx.anonymous);
      const pattern = versionHeaderPattern(ctx);
      for (const [what, r] of responses) {
        const value = ctx.expect.header(r, 'x-experience-api-version', `${what}: response must carry X-Experience-API-Version`);
        ctx.expect.ok(pattern.test(value), `${what}: X-Experience-API-Version must be the latest ${ctx.version === '1.0.3' ? '1.0.x (1.0.3 or later)' : '2.0.x'} patch version`, {
          expected: String(pattern),
          actual: value,
        });
      }
    },
  }),

  check({
    suite: 'http',
    section,
    id: 'http.version.missing-400',
    title: 'Versioning: a request without X-Experience-API-Version is rejected with 400 on every resource but /about',
    requirements: ['XAPI-00321', 'XAPI-00331'],
    quote: REJECT,
    tags: tags('errors'),
    run: (ctx: CheckContext) => expectRejected(ctx, null),
  }),

  check({
    suite: 'http',
    section,
    id: 'http.version.unsupported-400',
    title: 'Versioning: a version header the LRS does not implement is rejected with 400',
    requirements: ['XAPI-00331'],
    quote: REJECT,
    tags: tags('errors'),
    async run(ctx: CheckContext) {
      const listed = ctx.about.version ?? [];
      const candidates = ctx.version === '1.0.3' ? ['0.8', '0.9', '0.95', '1.1.0', '1.2.3', '1', 'one point oh'] : ['0.9', '0.95', '2.1.0', '3.0.0', 'two point oh'];
      // A version the LRS lists in /about may be routed to a conformant implementation of it (3.3.s3.b4).
      for (const version of candidates.filter((v) => !listed.includes(v))) await expectRejected(ctx, version);
    },
  }),

  check({
    suite: 'http',
    section,
    id: 'http.version.1.0-accepted',
    title: 'Versioning (1.0.3): "1.0" and every "1.0.x" version header are accepted',
    requirements: ['XAPI-00331'],
    quote:
      'The LRS MUST accept requests with a version header of 1.0 as if the version header was 1.0.0. The LRS MUST accept requests with a version header starting with 1.0. if the request is otherwise valid. (Communication 3.3.s3.b3, b5)',
    versions: V1,
    tags: tags(),
    async run(ctx: CheckContext) {
      for (const version of ['1.0', '1.0.0', '1.0.1', '1.0.2', '1.0.3', '1.0.9']) await expectAccepted(ctx, version);
    },
  }),

  check({
    suite: 'http',
    section,
    id: 'http.version.2.0-accepted',
    title: 'Versioning (2.0): every "2.0.x" version header is accepted',
    requirements: [],
    quote: 'xAPI 2.0: Requests carry X-Experience-API-Version: 2.0.0; an LRS accepts any 2.0.x and answers with its own header. (xapi-2.0-delta)',
    versions: V2,
    tags: tags(),
    async run(ctx: CheckContext) {
      for (const version of ['2.0.0', '2.0.1', '2.0.9']) await expectAccepted(ctx, version);
    },
  }),
];

export const untestable: Untestable[] = [];
