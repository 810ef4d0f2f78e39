// Data 2.5 Retrieval of Statements: limit and the "more" IRL, followed to the end.
import { defineCheck, XAPI_VERSIONS, type Check } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { buildStatement, idsOf, moreRequest, queryAll, queryUntil, storeStatements } from './lib/statements.js';

const SECTION = 'Data 2.5 Retrieval of Statements';

async function storeRegistrationBatch(ctx: CheckContext, count: number, withDefinitions = false): Promise<{ registration: string; ids: string[] }> {
  const registration = ctx.ns.registration();
  const definition = (i: number) => (withDefinitions ? { definition: { name: { 'en-US': `activity ${i}` } } } : {});
  const batch = Array.from({ length: count }, (_, i) =>
    buildStatement(ctx, { id: ctx.ns.uuid(), object: { id: ctx.ns.activity(`a${i}`), ...definition(i) }, context: { registration } }),
  );
  const ids = await storeStatements(ctx, batch);
  await queryUntil(ctx, { registration }, ids);
  return { registration, ids };
}

function pagingCheck(slug: string, ascending: boolean): Check {
  return defineCheck({
    id: `statements.paging.${slug}`,
    title: `following "more" with limit=2${ascending ? ' and ascending=true' : ''} returns every statement once, then an empty more`,
    suite: 'statements',
    section: SECTION,
    requirements: ['XAPI-00108', 'XAPI-00109', 'XAPI-00111', 'XAPI-00113', 'XAPI-00114', 'XAPI-00173'],
    quote:
      'more: Relative IRL that can be used to fetch more results ... Empty string if there are no more results to fetch. ... A single "more" property must be present if there are additional results available. ... limit: Maximum number of Statements to return.',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['get', 'paging'],
    async run(ctx: CheckContext) {
      const { registration, ids } = await storeRegistrationBatch(ctx, 7);
      const query = { registration, limit: 2, ...(ascending ? { ascending: 'true' } : {}) };
      const result = await queryAll(ctx, query);
      for (const [i, res] of result.responses.entries()) {
        const page = res.json();
        ctx.expect.ok(page.statements.length <= 2, `page ${i + 1} holds at most limit=2 statements`, { actual: page.statements.length });
        const last = i === result.responses.length - 1;
        // Allowed (Data 2.5.s3.b4-b6 re-run or cached lists, Communication 2.1.3.s2.b3 permission filters): a note, not a verdict.
        if (!last && page.statements.length === 0) ctx.note(`page ${i + 1} is empty but not the last one`);
      }
      ctx.expect.ok(result.pages >= 4, 'seven statements at limit=2 take at least four pages', { actual: result.pages });
      const returned = idsOf(result.statements);
      const duplicates = returned.filter((id, i) => returned.indexOf(id) !== i);
      ctx.expect.deepEqual(duplicates, [], 'statements returned on more than one page');
      const missing = ids.filter((id) => !returned.includes(id));
      ctx.expect.deepEqual(missing, [], 'stored statements that no page returned');
      ctx.expect.equal(returned.length, ids.length, 'statements over all pages');
    },
  });
}

export const checks: Check[] = [
  pagingCheck('more-to-the-end', false),
  pagingCheck('more-to-the-end-ascending', true),
  defineCheck({
    id: 'statements.paging.more-reusable',
    title: 'the same "more" IRL fetched twice answers 200 with the same page',
    suite: 'statements',
    section: SECTION,
    requirements: ['XAPI-00108'],
    quote: 'The IRL retrieved from the "more" property MUST be usable for at least 24 hours after it is returned by the LRS.',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['get', 'paging'],
    async run(ctx: CheckContext) {
      const { registration } = await storeRegistrationBatch(ctx, 3);
      const first = await ctx.client.request({ method: 'GET', path: 'statements', query: { registration, limit: 1 } });
      ctx.expect.status(first, 200, 'GET statements?limit=1');
      const more = first.json().more;
      ctx.expect.ok(typeof more === 'string' && more.length > 0, 'a limited result has a non-empty "more"', { actual: more });
      const pages = [];
      for (let i = 0; i < 2; i++) {
        const res = await ctx.client.request(moreRequest(ctx, first, more));
        ctx.expect.status(res, 200, `GET of the "more" IRL (time ${i + 1})`);
        pages.push(idsOf(res.json().statements ?? []));
      }
      ctx.expect.deepEqual(pages[1], pages[0], 'statements of the second fetch of the same "more" IRL');
    },
  }),
  defineCheck({
    id: 'statements.paging.stable-under-inserts',
    title: 'statements stored while a query is paged through do not make earlier results repeat or vanish',
    suite: 'statements',
    section: SECTION,
    requirements: ['XAPI-00114'],
    quote:
      'An LRS MAY re-run the query at the point in time that the IRL retrieved from the "more" property is accessed such that the batch retrieved includes Statements which would have been included in that batch if present in the LRS at the time the original query was run ... Alternatively, an LRS MAY cache a list of Statements (either way no statement of the original result repeats or goes missing; how new statements show is open: SHOULD)',
    level: 'SHOULD',
    versions: XAPI_VERSIONS,
    tags: ['get', 'paging'],
    async run(ctx: CheckContext) {
      const { registration, ids } = await storeRegistrationBatch(ctx, 6);
      const first = await ctx.client.request({ method: 'GET', path: 'statements', query: { registration, limit: 2 } });
      ctx.expect.status(first, 200, 'GET statements?limit=2');
      const page = first.json();
      const returned = idsOf(page.statements ?? []);
      // Two newer statements for the same registration arrive before the next page is fetched.
      await storeStatements(ctx, [0, 1].map((i) => buildStatement(ctx, { object: { id: ctx.ns.activity(`late${i}`) }, context: { registration } })));
      let more: unknown = page.more;
      for (let n = 0; typeof more === 'string' && more !== '' && n < 20; n++) {
        const res = await ctx.client.request(moreRequest(ctx, first, more));
        ctx.expect.status(res, 200, 'GET of a "more" IRL');
        returned.push(...idsOf(res.json().statements ?? []));
        more = res.json().more;
      }
      const duplicates = returned.filter((id, i) => returned.indexOf(id) !== i);
      ctx.expect.deepEqual(duplicates, [], 'statements returned twice while new ones were stored');
      ctx.expect.deepEqual(ids.filter((id) => !returned.includes(id)), [], 'statements of the original result that no page returned');
    },
  }),
  defineCheck({
    id: 'statements.paging.more-keeps-query',
    title: 'a "more" page follows the same rules as the original query (format=ids stays ids)',
    suite: 'statements',
    section: SECTION,
    requirements: ['XAPI-00111', 'XAPI-00171'],
    quote: 'A "more" property\'s referenced container object follows the same rules as the original GET request, originating with a single "statements" property and a single "more" property.',
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['get', 'paging', 'format'],
    async run(ctx: CheckContext) {
      const { registration } = await storeRegistrationBatch(ctx, 3, true);
      const result = await queryAll(ctx, { registration, limit: 1, format: 'ids' });
      ctx.expect.ok(result.pages >= 3, 'three statements at limit=1 take at least three pages', { actual: result.pages });
      // Not verb.display: leaving it out of ids is only SHOULD* (Data 2.4.3.s6.b2).
      for (const s of result.statements) {
        ctx.expect.ok(s.actor?.name === undefined, 'a statement on a later page is still in ids format (no actor name)', { actual: s.actor });
        ctx.expect.ok(s.object?.definition === undefined, 'a statement on a later page is still in ids format (no activity definition)', { actual: s.object });
      }
    },
  }),
  defineCheck({
    id: 'statements.paging.more-is-relative',
    title: '"more" is a relative IRL (path and query, no scheme, host or port)',
    suite: 'statements',
    section: SECTION,
    requirements: ['XAPI-00108'],
    quote: 'more: Relative IRL that can be used to fetch more results, including the full path and optionally a query string but excluding scheme, host, and port.',
    level: 'SHOULD',
    versions: XAPI_VERSIONS,
    tags: ['get', 'paging'],
    async run(ctx: CheckContext) {
      const { registration } = await storeRegistrationBatch(ctx, 2);
      const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { registration, limit: 1 } });
      ctx.expect.status(res, 200, 'GET statements?limit=1');
      const more = res.json().more;
      ctx.expect.ok(typeof more === 'string' && more.length > 0, 'a limited result has a non-empty "more"', { actual: more });
      ctx.expect.ok(more.startsWith('/') && !more.startsWith('//'), '"more" is an absolute path without scheme and host', {
        expected: '/…/statements?…',
        actual: more,
      });
      // It must also resolve under the endpoint and work.
      const next = await ctx.client.request(moreRequest(ctx, res, more));
      ctx.expect.status(next, 200, 'GET of the "more" IRL');
    },
  }),
];
