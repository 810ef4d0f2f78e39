// Communication 1.2 Headers / 1.5 Content Types: JSON responses say they are JSON.
import type { Check, Untestable } from '../../harness/check.js';
import type { CheckContext, XapiRequest } from '../../harness/context.js';
import { STATE, check, mediaType, scopeOf } from '../documents/lib.js';

export const checks: Check[] = [
  check({
    suite: 'http',
    section: 'Communication 1.5 Content Types',
    id: 'http.headers.json-responses',
    title: 'Content types: JSON responses (about, agents, id lists, statements) carry Content-Type application/json',
    requirements: [],
    quote:
      'Requests and responses within this specification normally use an application/json content type. Exceptions to this are: Documents can have any content type. Statement requests that can sometimes include Attachments use the multipart/mixed content type. (Communication 1.5)',
    level: 'SHOULD',
    tags: ['http', 'content-type', 'headers'],
    async run(ctx: CheckContext) {
      const requests: XapiRequest[] = [
        { method: 'GET', path: 'about' },
        { method: 'GET', path: 'agents', query: { agent: JSON.stringify(ctx.ns.agent('content-type')) } },
        { method: 'GET', path: STATE.path, query: scopeOf(ctx, STATE) },
        { method: 'GET', path: 'activities/profile', query: { activityId: ctx.ns.activity('content-type') } },
        { method: 'GET', path: 'agents/profile', query: { agent: JSON.stringify(ctx.ns.agent('content-type')) } },
        { method: 'GET', path: 'statements', query: { activity: ctx.ns.activity('content-type') } },
      ];
      for (const req of requests) {
        const r = await ctx.client.request(req);
        ctx.expect.status(r, 200, `${req.method} ${req.path}`);
        ctx.expect.equal(mediaType(r.headers['content-type']), 'application/json', `${req.method} ${req.path}: Content-Type`);
      }
    },
  }),
];

export const untestable: Untestable[] = [];
