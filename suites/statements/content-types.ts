// Communication 1.5 Content Types, and the JSON rules of Data 2.2 / 2.4 that live below the data model.
import { type Check, type Level, checkFamily } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { buildStatement, fetchStatement } from './lib/statements.js';

const contentFamily = checkFamily({ idPrefix: 'statements.content-types', suite: 'statements', section: 'Communication 1.5 Content Types', tags: ['content-type'] });

function contentCheck(slug: string, title: string, section: string, requirements: string[], quote: string, level: Level, run: (ctx: CheckContext) => Promise<void>): Check {
  return contentFamily({ slug, title, section, requirements, quote, level, run });
}

/** POSTs raw text with a Content-Type; returns the answer and records a statement the LRS stored anyway. */
async function postRaw(ctx: CheckContext, text: string, contentType: string | undefined, id: string) {
  const res = await ctx.client.request({ method: 'POST', path: 'statements', headers: { 'Content-Type': contentType }, body: text });
  if (res.status === 200) ctx.ledger.statements([id]);
  return res;
}

// XAPI-00127 says reject, but the spec text it rests on is SHOULD* (Communication 3.2.s3.b6): graded SHOULD.
const TEXT_PLAIN_QUOTE =
  'The LRS SHOULD* reject any request with 400 Bad Request status where the content type header does not match the content included in the request ... if the content of the request is formatted as JSON, the content type is expected to be application/json. (XAPI-00127: An LRS rejects with error code 400 Bad Request, a PUT or POST Request which does not have a "Content-Type" header with value "application/json" or "multipart/mixed")';

export const checks: Check[] = [
  contentCheck(
    'text-plain-400',
    'a statement POSTed as text/plain is rejected with 400',
    'Communication 1.5.1 Application/JSON',
    ['XAPI-00127'],
    TEXT_PLAIN_QUOTE,
    'SHOULD',
    async (ctx: CheckContext) => {
      const statement = buildStatement(ctx, { id: ctx.ns.uuid() });
      const res = await postRaw(ctx, JSON.stringify(statement), 'text/plain', statement.id);
      ctx.expect.status(res, 400, 'POST statements with Content-Type: text/plain');
    },
  ),
  contentCheck(
    'put-text-plain-400',
    'a statement PUT as text/plain is rejected with 400',
    'Communication 1.5.1 Application/JSON',
    ['XAPI-00127'],
    TEXT_PLAIN_QUOTE,
    'SHOULD',
    async (ctx: CheckContext) => {
      const id = ctx.ns.uuid();
      const res = await ctx.client.request({
        method: 'PUT',
        path: 'statements',
        query: { statementId: id },
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify(buildStatement(ctx, { id })),
      });
      if (res.status === 204) ctx.ledger.statements([id]);
      ctx.expect.status(res, 400, 'PUT statements with Content-Type: text/plain');
    },
  ),
  contentCheck(
    'json-charset-accepted',
    'application/json; charset=utf-8 is accepted',
    'Communication 1.5.1 Application/JSON',
    ['XAPI-00015'],
    'Requests within this specification normally use an application/json content type. ... All Strings are encoded and interpreted as UTF-8 (a charset parameter does not change the media type)',
    'SHOULD',
    async (ctx: CheckContext) => {
      const statement = buildStatement(ctx, { id: ctx.ns.uuid(), actor: { ...ctx.ns.agent(), name: 'Ünïcödé 学习者' } });
      const res = await postRaw(ctx, JSON.stringify(statement), 'application/json; charset=utf-8', statement.id);
      ctx.expect.status(res, 200, 'POST with Content-Type: application/json; charset=utf-8');
      const got = await fetchStatement(ctx, statement.id);
      ctx.expect.equal(got.actor?.name, statement.actor.name, 'UTF-8 name read back');
    },
  ),
  contentCheck(
    'malformed-json-400',
    'a body that is not well-formed JSON is rejected with 400',
    'Data 2.2 Formatting Requirements',
    ['XAPI-00014'],
    'All Objects are well-created JSON Objects (Nature of Binding)',
    'MUST',
    async (ctx: CheckContext) => {
      const id = ctx.ns.uuid();
      const text = JSON.stringify(buildStatement(ctx, { id })).slice(0, -1); // drop the closing brace
      const res = await postRaw(ctx, text, 'application/json', id);
      ctx.expect.status(res, 400, 'POST of truncated JSON');
    },
  ),
  contentCheck(
    'duplicate-key-400',
    'a statement with a duplicate JSON key is rejected with 400',
    'Data 2.4 Statement Properties',
    ['XAPI-00021'],
    'All Statement properties must be used at most one time. An LRS rejects with 400 Bad Request a statement that contains a JSON object with a duplicate key. (Data 2.2.s3.b7 also says: "If properties are used multiple times within an object, the behavior of the LRS is undefined": SHOULD)',
    'SHOULD',
    async (ctx: CheckContext) => {
      const id = ctx.ns.uuid();
      const text = JSON.stringify(buildStatement(ctx, { id })).replace('"verb":', `"verb":{"id":"${ctx.ns.verb('first')}"},"verb":`);
      const res = await postRaw(ctx, text, 'application/json', id);
      ctx.expect.status(res, 400, 'POST of a statement with "verb" twice');
    },
  ),
];
