// Sample checks for harness tests (not part of the suites): they exercise the context end to end.
import { defineCheck, type Check } from '../../../harness/check.js';

export const storeAndFetch = defineCheck({
  id: 'sample.store-and-fetch',
  title: 'A POSTed statement can be fetched by id',
  suite: 'sample',
  section: 'Communication 2.1.2 POST Statements',
  requirements: ['XAPI-00001'],
  quote: 'Stores a Statement, or a set of Statements.',
  level: 'MUST',
  versions: ['1.0.3', '2.0.0'],
  tags: ['sample'],
  async run(ctx) {
    const id = ctx.ns.uuid();
    const statement = {
      id,
      actor: ctx.ns.agent('learner'),
      verb: { id: ctx.ns.verb('did'), display: { 'en-US': 'did' } },
      object: { id: ctx.ns.activity('thing') },
    };
    const posted = await ctx.client.request({ method: 'POST', path: 'statements', body: statement });
    ctx.expect.status(posted, 200);
    ctx.ledger.statements([id]);
    ctx.expect.deepEqual(posted.json(), [id], 'POST statements returns the id');
    await ctx.eventually(async () => {
      const got = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: id } });
      ctx.expect.status(got, 200);
      ctx.expect.equal(got.json().id, id, 'fetched statement id');
    });
  },
});

/** A check with the given level whose run() is the given function. */
export function sampleCheck(id: string, run: Check['run'], extra: Partial<Check> = {}): Check {
  return defineCheck({
    id: `sample.${id}`,
    title: `sample ${id}`,
    suite: 'sample',
    section: 'Communication 2.1.3 GET Statements',
    requirements: ['XAPI-00001'],
    quote: 'sample',
    level: 'MUST',
    versions: ['1.0.3', '2.0.0'],
    tags: ['sample'],
    run,
    ...extra,
  });
}
