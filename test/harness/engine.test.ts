import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../index.js';
import { startMiniLrs, type MiniLrs } from './helpers/mini-lrs.js';
import { sampleCheck, storeAndFetch } from './helpers/sample-checks.js';
import { CheckFailure, Inconclusive, Skip } from '../../harness/signals.js';

describe('engine: run() end to end against a small local LRS', () => {
  let lrs: MiniLrs;
  let out: string;
  before(async () => {
    lrs = await startMiniLrs();
    out = await mkdtemp(join(tmpdir(), 'xc-engine-'));
  });
  after(async () => {
    await lrs.close();
    await rm(out, { recursive: true, force: true });
  });
  const base = () => ({ endpoint: lrs.url, user: lrs.user, password: lrs.password, out, write: () => {} });

  it('runs a check over real HTTP and writes the JSON report that run() returns', async () => {
    const result = await run({ ...base(), checks: [storeAndFetch], reporter: ['json'] });
    expect(result.exitCode).to.equal(0);
    expect(result.xapiVersions).to.deep.equal(['2.0.0']);
    expect(result.results.map((r) => [r.id, r.outcome])).to.deep.equal([['sample.store-and-fetch', 'passed']]);
    const r = result.results[0]!;
    expect(r.requirements[0]!.text).to.match(/rejects with error code 400/);
    expect(r.exchanges).to.have.length.greaterThan(1);
    expect(r.exchanges[0]!.request.headers['X-Experience-API-Version']).to.equal('2.0.0');
    expect(r.exchanges[0]!.request.headers.Authorization).to.equal('Basic <redacted>');
    expect(JSON.stringify(result)).not.to.contain(lrs.password);
    expect(r.exchanges[0]!.curl).to.contain('-u "$XAPI_CONFORM_USER:$XAPI_CONFORM_PASSWORD"');
    const written = JSON.parse(await readFile(join(out, 'xapi-conform.json'), 'utf8'));
    expect(written).to.deep.equal(JSON.parse(JSON.stringify(result)));
  });

  it('keeps transcripts small: passed checks keep 1 KiB per body and no inline curl body; failed ones keep them', async () => {
    const big = 'x'.repeat(3000);
    const sendBig = (fail: boolean) =>
      sampleCheck(fail ? 'big-fail' : 'big-pass', async (ctx) => {
        await ctx.client.request({ method: 'POST', path: 'statements', body: { id: ctx.ns.uuid(), actor: ctx.ns.agent(), verb: { id: ctx.ns.verb() }, object: { id: ctx.ns.activity() }, result: { response: big } } });
        if (fail) ctx.expect.fail('on purpose');
      });
    const result = await run({ ...base(), checks: [sendBig(false), sendBig(true)] });
    const [passed, failed] = ['sample.big-pass', 'sample.big-fail'].map((id) => result.results.find((r) => r.id === id)!.exchanges[0]!);
    expect(passed!.request.body).to.have.length.within(1024, 1100).and.match(/… \[\d+ bytes in all\]$/);
    expect(failed!.request.body).to.have.length.greaterThan(3000).and.not.contain('bytes in all');
    expect(failed!.curl).to.contain(`"response":"${big}"`);
    expect(passed!.curl).to.match(/--data-binary @request-body\.bin {2}# the \d+-byte body of this exchange$/);
  });

  it('runs a check once per version with --xapi-version both, each in its own namespace', async () => {
    const seen: string[] = [];
    const check = sampleCheck('ns', async (ctx) => void seen.push(ctx.ns.activity('a')));
    const result = await run({ ...base(), checks: [check], xapiVersion: 'both' });
    expect(result.results.map((r) => r.xapiVersion).sort()).to.deep.equal(['1.0.3', '2.0.0']);
    expect(new Set(seen).size).to.equal(2);
  });

  it('grades outcomes: failure, SHOULD warning, --strict, warn(), inconclusive, skip, needs, crash', async () => {
    const checks = [
      sampleCheck('fails', async (ctx) => ctx.expect.equal(1, 2, 'one')),
      sampleCheck('should-fails', async (ctx) => ctx.expect.fail('nope'), { level: 'SHOULD' }),
      sampleCheck('warns', async (ctx) => ctx.warn('ambiguous', 'quote')),
      sampleCheck('inconclusive', async () => {
        throw new Inconclusive('never caught up');
      }),
      sampleCheck('skips', async () => {
        throw new Skip('not here');
      }),
      sampleCheck('needs', async () => {}, { needs: ['credential:read'] }),
      sampleCheck('crashes', async () => {
        (undefined as unknown as { x: number }).x;
      }),
      sampleCheck('as-missing', async (ctx) => void ctx.as('mine')),
      sampleCheck('v1-only', async () => {}, { versions: ['1.0.3'] }),
    ];
    const result = await run({ ...base(), checks });
    const outcome = Object.fromEntries(result.results.map((r) => [r.id.slice('sample.'.length), r.outcome]));
    expect(outcome).to.deep.equal({
      fails: 'failed',
      'should-fails': 'warning',
      warns: 'warning',
      inconclusive: 'inconclusive',
      skips: 'skipped',
      needs: 'skipped',
      crashes: 'failed',
      'as-missing': 'skipped',
      'v1-only': 'skipped',
    });
    const byId = (id: string) => result.results.find((r) => r.id === `sample.${id}`)!;
    expect(byId('fails').message).to.equal('one: expected 2, got 1');
    expect(byId('crashes').message).to.match(/unexpected error in the check.*TypeError/);
    expect(byId('needs').message).to.contain('--credential read=');
    expect(result.exitCode).to.equal(1);
    const strict = await run({ ...base(), checks: [checks[1]!], strict: true });
    expect(strict.results[0]!.outcome).to.equal('failed');
  });

  it('eventually() polls until the statement shows up, and is inconclusive when Consistent-Through lags', async () => {
    lrs.visibleAfterGets = 3;
    try {
      const passed = await run({ ...base(), checks: [storeAndFetch] });
      expect(passed.results[0]!.outcome).to.equal('passed');
      const gets = passed.results[0]!.exchanges.filter((x) => x.request.method === 'GET');
      expect(gets.length).to.be.greaterThanOrEqual(3);
      lrs.visibleAfterGets = 1_000_000;
      const lagging = await run({ ...base(), checks: [storeAndFetch], consistencyBudget: 300 });
      expect(lagging.results[0]!.outcome).to.equal('inconclusive');
      expect(lagging.results[0]!.message).to.contain('X-Experience-API-Consistent-Through');
    } finally {
      lrs.visibleAfterGets = 0;
      lrs.settle();
    }
  });

  it('eventually() fails (not inconclusive) once the target is consistent and the data is wrong', async () => {
    let attempts = 0;
    const check = sampleCheck('consistent-wrong', async (ctx) => {
      const id = ctx.ns.uuid();
      const posted = await ctx.client.request({ method: 'POST', path: 'statements', body: { id, actor: ctx.ns.agent(), verb: { id: ctx.ns.verb() }, object: { id: ctx.ns.activity() } } });
      ctx.expect.status(posted, 200);
      await ctx.eventually(async () => {
        attempts += 1;
        const got = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: id } });
        throw new CheckFailure(`wrong on purpose (status ${got.status})`);
      });
    });
    const result = await run({ ...base(), checks: [check], consistencyBudget: 5000 });
    expect(result.results[0]!.outcome).to.equal('failed');
    expect(result.results[0]!.message).to.match(/^wrong on purpose/);
    expect(attempts).to.be.greaterThan(0);
  });
});
