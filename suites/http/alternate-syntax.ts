// Communication 1.3 Alternate Request Syntax: required in 1.0.3, removed (rejected) in 2.0.
import type { Check, Untestable } from '../../harness/check.js';
import type { CheckContext, XapiResponse } from '../../harness/context.js';
import {
  ACTIVITY_PROFILE,
  STATE,
  V1,
  V2,
  check,
  docQuery,
  expectJsonDocument,
  expectNoDocument,
  idOf,
  scopeOf,
  statement,
} from '../documents/lib.js';

const section = 'Communication 1.3 Alternate Request Syntax';
const tags = (...t: string[]) => ['http', 'alternate-syntax', ...t];
const SYNTAX =
  'All xAPI requests issued MUST be POST. The intended xAPI method MUST be included as the value of the "method" query string parameter. [...] If the xAPI call involved sending content, the Learning Record Provider MUST URL encode that content and include it as a form parameter called "content". The LRS MUST interpret this content as a UTF-8 string. [...] The LRS MUST treat the form parameters listed above [Authorization, X-Experience-API-Version, Content-Type, Content-Length, If-Match and If-None-Match] as header parameters. [...] The LRS MUST treat any form parameters other than "content" or the header parameters listed above as query string parameters. The LRS MUST support the syntax above. (Communication 1.3.s3)';

type Form = Record<string, string>;

/**
 * Sends `method` through the Alternate Request Syntax: POST path?method=…, everything else as form
 * parameters. With `versionInForm` the version travels only as a form parameter (no HTTP header).
 */
function alternate(ctx: CheckContext, method: string, path: string, form: Form, opts: { versionInForm?: boolean } = {}): Promise<XapiResponse> {
  const fields: Form = { ...form };
  if (opts.versionInForm) fields['X-Experience-API-Version'] = ctx.version;
  return ctx.client.request({
    method: 'POST',
    path,
    query: { method },
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(new URLSearchParams(fields).toString(), 'utf8'),
    ...(opts.versionInForm ? { version: null } : {}),
  });
}

function stateRoundTrip(versionInForm: boolean) {
  return async (ctx: CheckContext) => {
    const scope = scopeOf(ctx, STATE);
    const stateId = idOf(ctx, STATE);
    const query = docQuery(STATE, scope, stateId);
    ctx.ledger.document(STATE.path, query);
    const via = versionInForm ? ' (version as a form parameter only)' : '';
    const value = { alternate: 'Grüße 🎓', n: 1 };
    const put = await alternate(ctx, 'PUT', STATE.path, { ...query, 'Content-Type': 'application/json', content: JSON.stringify(value) }, { versionInForm });
    ctx.expect.status(put, 204, `POST activities/state?method=PUT${via}`);
    await expectJsonDocument(ctx, STATE, scope, stateId, value, 'ordinary GET of the document stored through the alternate syntax');

    const get = await alternate(ctx, 'GET', STATE.path, query, { versionInForm });
    ctx.expect.status(get, 200, `POST activities/state?method=GET${via}`);
    ctx.expect.deepEqual(get.json(), value, 'document returned through method=GET');

    const post = await alternate(ctx, 'POST', STATE.path, { ...query, 'Content-Type': 'application/json', content: JSON.stringify({ merged: true }) }, { versionInForm });
    ctx.expect.status(post, 204, `POST activities/state?method=POST (merge)${via}`);
    await expectJsonDocument(ctx, STATE, scope, stateId, { ...value, merged: true }, 'ordinary GET after the merge through the alternate syntax');

    const del = await alternate(ctx, 'DELETE', STATE.path, query, { versionInForm });
    ctx.expect.status(del, 204, `POST activities/state?method=DELETE${via}`);
    await expectNoDocument(ctx, STATE, scope, stateId, 'ordinary GET after the DELETE through the alternate syntax');
  };
}

export const checks: Check[] = [
  check({
    suite: 'http',
    section,
    id: 'http.alternate-syntax.state',
    title: 'Alternate Request Syntax (1.0.3): PUT, GET, POST and DELETE of a State document as form POSTs',
    requirements: ['XAPI-00336'],
    quote: SYNTAX,
    versions: V1,
    tags: tags('state'),
    run: stateRoundTrip(false),
  }),

  check({
    suite: 'http',
    section,
    id: 'http.alternate-syntax.version-form-parameter',
    title: 'Alternate Request Syntax (1.0.3): X-Experience-API-Version given only as a form parameter is honoured',
    requirements: ['XAPI-00336'],
    quote: SYNTAX,
    versions: V1,
    tags: tags('state', 'versioning'),
    run: stateRoundTrip(true),
  }),

  check({
    suite: 'http',
    section,
    id: 'http.alternate-syntax.statements',
    title: 'Alternate Request Syntax (1.0.3): PUT and GET of a statement as form POSTs',
    requirements: ['XAPI-00336'],
    quote: SYNTAX,
    versions: V1,
    tags: tags('statements'),
    async run(ctx: CheckContext) {
      const s = statement(ctx);
      ctx.ledger.statements([s.id]);
      const put = await alternate(ctx, 'PUT', 'statements', { statementId: s.id, 'Content-Type': 'application/json', content: JSON.stringify(s) });
      ctx.expect.status(put, 204, 'POST statements?method=PUT');
      await ctx.eventually(async () => {
        const get = await alternate(ctx, 'GET', 'statements', { statementId: s.id });
        ctx.expect.status(get, 200, 'POST statements?method=GET with statementId as a form parameter');
        ctx.expect.equal(get.json<{ id?: string }>().id, s.id, 'id of the statement returned through method=GET');
      });
    },
  }),

  check({
    suite: 'http',
    section,
    id: 'http.alternate-syntax.concurrency-form-headers',
    title: 'Alternate Request Syntax (1.0.3): If-None-Match / If-Match form parameters are treated as headers',
    requirements: ['XAPI-00336', 'XAPI-00322'],
    quote: SYNTAX,
    versions: V1,
    tags: tags('concurrency', 'activity-profile'),
    async run(ctx: CheckContext) {
      const scope = scopeOf(ctx, ACTIVITY_PROFILE);
      const profileId = idOf(ctx, ACTIVITY_PROFILE);
      const query = docQuery(ACTIVITY_PROFILE, scope, profileId);
      ctx.ledger.document(ACTIVITY_PROFILE.path, query);
      const put = (value: object, extra: Form) =>
        alternate(ctx, 'PUT', ACTIVITY_PROFILE.path, { ...query, ...extra, 'Content-Type': 'application/json', content: JSON.stringify(value) });
      ctx.expect.status(await put({ v: 1 }, { 'If-None-Match': '*' }), 204, 'method=PUT with If-None-Match=* (form) for a new profile');
      ctx.expect.status(await put({ v: 2 }, { 'If-None-Match': '*' }), 412, 'method=PUT with If-None-Match=* (form) onto the existing profile');
      ctx.expect.status(await put({ v: 3 }, { 'If-Match': '"0000000000000000000000000000000000000000"' }), 412, 'method=PUT with a wrong If-Match (form)');
      await expectJsonDocument(ctx, ACTIVITY_PROFILE, scope, profileId, { v: 1 }, 'ordinary GET after the rejected form PUTs: unchanged');
    },
  }),

  check({
    suite: 'http',
    section,
    id: 'http.alternate-syntax.agents-activities',
    title: 'Alternate Request Syntax (1.0.3): GET of the Agents and Activities resources as form POSTs',
    requirements: ['XAPI-00336'],
    quote: SYNTAX,
    versions: V1,
    tags: tags('agents', 'activities'),
    async run(ctx: CheckContext) {
      const agent = ctx.ns.agent('alternate');
      const person = await alternate(ctx, 'GET', 'agents', { agent: JSON.stringify(agent) });
      ctx.expect.status(person, 200, 'POST agents?method=GET');
      ctx.expect.equal(person.json<{ objectType?: string }>().objectType, 'Person', 'objectType returned through method=GET on agents');
      const activityId = ctx.ns.activity('alternate');
      const activity = await alternate(ctx, 'GET', 'activities', { activityId });
      // 1.0.3 only SHOULD* return an Activity the LRS knows nothing of (2.5.s2.b1): 404 is a valid answer too.
      ctx.expect.status(activity, [200, 404], 'POST activities?method=GET');
    },
  }),

  check({
    suite: 'http',
    section,
    id: 'http.alternate-syntax.rejected',
    title: 'Alternate Request Syntax (2.0): removed; form POSTs with "method" are rejected with 400 and change nothing',
    requirements: [],
    quote: 'xAPI 2.0: Alternate Request Syntax (the method query parameter, form-encoded bodies) is removed: an LRS rejects it (400), including a PUT issued as POST. (xapi-2.0-delta)',
    versions: V2,
    tags: tags('errors'),
    async run(ctx: CheckContext) {
      const scope = scopeOf(ctx, STATE);
      const stateId = idOf(ctx, STATE);
      const query = docQuery(STATE, scope, stateId);
      ctx.ledger.document(STATE.path, query);
      const put = await alternate(ctx, 'PUT', STATE.path, { ...query, 'Content-Type': 'application/json', content: '{"a":1}' });
      ctx.expect.status(put, 400, 'POST activities/state?method=PUT (form)');
      await expectNoDocument(ctx, STATE, scope, stateId, 'ordinary GET after the rejected form PUT: nothing stored');

      const s = statement(ctx);
      ctx.ledger.statements([s.id]);
      const putStatement = await alternate(ctx, 'PUT', 'statements', { statementId: s.id, 'Content-Type': 'application/json', content: JSON.stringify(s) });
      ctx.expect.status(putStatement, 400, 'POST statements?method=PUT (form)');
      const get = await alternate(ctx, 'GET', 'statements', { statementId: s.id });
      ctx.expect.status(get, 400, 'POST statements?method=GET (form)');
      const direct = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: s.id } });
      ctx.expect.status(direct, 404, 'ordinary GET of the statement sent through the rejected form PUT: not stored');
    },
  }),
];

export const untestable: Untestable[] = [];
