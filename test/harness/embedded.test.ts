import { expect } from 'chai';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../index.js';
import { sampleCheck, storeAndFetch } from './helpers/sample-checks.js';

describe('embedded default: no --endpoint tests the real reference LRS in-process', function () {
  this.timeout(60_000);
  let parent: string;
  let seenDuringRun: string[] = [];
  before(async () => {
    parent = await mkdtemp(join(tmpdir(), 'xc-embedded-parent-'));
  });
  after(async () => rm(parent, { recursive: true, force: true }));

  it('starts it with scoped credentials and a forwarding sink, runs the checks, then closes it and removes its folder', async () => {
    const seen: Record<string, number> = {};
    const credentials = sampleCheck('credentials', async (ctx) => {
      const statement = { id: ctx.ns.uuid(), actor: ctx.ns.agent(), verb: { id: ctx.ns.verb() }, object: { id: ctx.ns.activity() } };
      seen.primaryPost = (await ctx.client.request({ method: 'POST', path: 'statements', body: statement })).status;
      seen.readGet = (await ctx.as('read').request({ method: 'GET', path: 'statements', query: { limit: 1 } })).status;
      seen.readPost = (await ctx.as('read').request({ method: 'POST', path: 'statements', body: { ...statement, id: ctx.ns.uuid() } })).status;
      seen.minePost = (await ctx.as('mine').request({ method: 'POST', path: 'statements', body: { ...statement, id: ctx.ns.uuid() } })).status;
      seen.stateGetStatements = (await ctx.as('state').request({ method: 'GET', path: 'statements' })).status;
      seen.wrong = (await ctx.as('wrong').request({ method: 'GET', path: 'statements' })).status;
      seen.anonymous = (await ctx.anonymous.request({ method: 'GET', path: 'statements' })).status;
      seen.sinkReceived = ctx.sink?.received().length ?? -1;
      seenDuringRun = await readdir(parent);
    }, { needs: ['credential:read', 'credential:mine', 'credential:state', 'forwarding-sink'] });
    const result = await run({ checks: [storeAndFetch, credentials], xapiVersion: 'both', embedded: { dataParent: parent }, write: () => {} });
    expect(result.target.embedded).to.equal(true);
    expect(result.target.endpoint).to.match(/^http:\/\/127\.0\.0\.1:\d+\/xapi$/);
    expect(result.target.about?.version).to.include.members(['1.0.3', '2.0.0']);
    expect(result.results.map((r) => `${r.id} ${r.xapiVersion} ${r.outcome} ${r.message ?? ''}`)).to.have.members([
      'sample.store-and-fetch 1.0.3 passed ',
      'sample.store-and-fetch 2.0.0 passed ',
      'sample.credentials 1.0.3 passed ',
      'sample.credentials 2.0.0 passed ',
    ]);
    expect(seen).to.deep.include({ primaryPost: 200, readGet: 200, readPost: 403, minePost: 200, stateGetStatements: 403, wrong: 401, anonymous: 401 });
    expect(seen.sinkReceived).to.be.at.least(0);
    expect(seenDuringRun).to.have.length(1);
    expect(seenDuringRun[0]).to.match(/^xapi-conform-embedded-/);
    expect(await readdir(parent)).to.deep.equal([]);
  });

  it('defaults to the highest version the reference LRS supports', async () => {
    const result = await run({ checks: [storeAndFetch], write: () => {} });
    expect(result.xapiVersions).to.deep.equal(['2.0.0']);
    expect(result.exitCode).to.equal(0);
  });
});
