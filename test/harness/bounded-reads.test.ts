// A target whose newest statement is larger than --max-body-bytes (an earlier run's
// statements.post.too-large-413 stores up to 20 MiB): the preflight and the checks that only need some
// statements answer (a status, a header) must not read it, so they pass against the reference LRS.
import { expect } from 'chai';
import type { RequestHandler } from 'express';
import { run } from '../../index.js';
import { allChecks } from '../../suites/index.js';
import { startTestLrs, USERS, type TestLrs } from '../reference-lrs/helpers.js';

const MAX_BODY = 256 * 1024;
const HEADER_ONLY = [
  'http.version.response-header',
  'http.headers.json-responses',
  'auth.authorization.no-credentials-401',
  'auth.authorization.wrong-credentials-401',
  'auth.authorization.read-only-cannot-write',
];

/** An LRS that ignores an invalid `since` or `limit` instead of answering 400 (it then answers the rest of the query). */
const ignoreInvalidParameters: RequestHandler = (req, _res, next) => {
  const [path, qs = ''] = req.url.split('?');
  const params = new URLSearchParams(qs);
  if (params.get('since') === 'yesterday') params.delete('since');
  if (params.get('limit') === '-1') params.delete('limit');
  req.url = params.size ? `${path}?${params}` : path!;
  next();
};

async function storeHugeNewestStatement(lrs: TestLrs): Promise<void> {
  const huge = {
    actor: { objectType: 'Agent', mbox: 'mailto:huge@example.com' },
    verb: { id: 'http://example.com/verbs/padded' },
    object: { id: 'http://example.com/activities/huge', definition: { description: { 'en-US': 'x'.repeat(2 * MAX_BODY) } } },
  };
  const res = await lrs.request('POST', 'statements', { body: huge });
  expect(res.status).to.equal(200);
}

describe('bounded reads: a huge newest statement on the target breaks neither the preflight nor header-only checks', function () {
  this.timeout(60_000);
  let lrs: TestLrs;
  before(async () => {
    lrs = await startTestLrs({}, { beforeRoutes: [ignoreInvalidParameters] });
    await storeHugeNewestStatement(lrs);
  });
  after(async () => lrs.close());

  const runAgainst = (ids: string[]) =>
    run({
      endpoint: lrs.url,
      user: USERS.admin.username,
      password: USERS.admin.password,
      credential: [`read=${USERS.reader.username}:${USERS.reader.password}`],
      xapiVersion: '1.0.3',
      checks: allChecks.filter((c) => ids.includes(c.id)),
      maxBodyBytes: MAX_BODY,
      reporter: [],
      write: () => {},
    });

  it('the preflight passes and the header-only checks pass', async () => {
    const result = await runAgainst(HEADER_ONLY);
    expect(result.preflightError).to.equal(undefined);
    expect(result.results.map((r) => `${r.id}: ${r.outcome} ${r.message ?? ''}`).sort()).to.deep.equal(HEADER_ONLY.map((id) => `${id}: passed `).sort());
  });

  it('an invalid query parameter the LRS ignores fails on the status, not on an unbounded body', async () => {
    const ids = ['statements.get-query.since-not-timestamp-400', 'statements.get-query.limit-negative-400'];
    const result = await runAgainst(ids);
    for (const r of result.results) {
      expect(r.outcome, r.id).to.equal('failed');
      expect(r.message, r.id).to.not.match(/transport error/);
      expect(r.message, r.id).to.match(/400/);
    }
    expect(result.results.map((r) => r.id).sort()).to.deep.equal([...ids].sort());
  });
});
