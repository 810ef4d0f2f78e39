// An LRS without /about or without a document resource: with --xapi-version the run goes ahead, the
// missing resource is one failure (its presence check, e.g. documents.state.present) and one console line, and the resource's other
// checks are skipped with that reason, not failed one by one on the same 404.
import { expect } from 'chai';
import type { RequestHandler } from 'express';
import { run } from '../../index.js';
import { allChecks } from '../../suites/index.js';
import { startTestLrs, USERS, type TestLrs } from '../reference-lrs/helpers.js';

/** The reference LRS with the State and About resources taken away (404 for their paths). */
const withoutStateAndAbout: RequestHandler = (req, res, next) => {
  if (/^\/xapi\/(activities\/state|about)(\?|$)/.test(req.originalUrl)) return void res.status(404).json({ error: 'Not Found' });
  next();
};

const inAreas = (...prefixes: string[]) => allChecks.filter((c) => prefixes.some((p) => c.id.startsWith(p)));

describe('missing resources: reported once, the rest skipped', function () {
  this.timeout(120_000);
  let lrs: TestLrs;
  before(async () => {
    lrs = await startTestLrs({}, { beforeAll: [withoutStateAndAbout] });
  });
  after(async () => lrs.close());

  const runChecks = async (checks: typeof allChecks) => {
    const lines: string[] = [];
    const result = await run({
      endpoint: lrs.url,
      user: USERS.admin.username,
      password: USERS.admin.password,
      xapiVersion: '1.0.3',
      checks,
      reporter: ['console'],
      tty: false,
      write: (text) => lines.push(...text.split('\n')),
    });
    return { result, lines };
  };

  it('State and About absent: two failures, their other checks skipped with the reason, Agent Profile unaffected', async () => {
    const { result, lines } = await runChecks(inAreas('documents.state.', 'documents.concurrency.state.', 'http.head.state', 'http.version.', 'auth.', 'about.', 'documents.agent-profile.'));
    expect(result.preflightError).to.equal(undefined);
    expect(result.exitCode).to.equal(1);
    const failed = result.results.filter((r) => r.outcome === 'failed').map((r) => r.id).sort();
    expect(failed).to.deep.equal(['about.resource.present', 'documents.state.present']);
    const appliesToRun = (r: (typeof result.results)[number]) => !/^applies to xAPI/.test(r.message ?? '');
    const onState = (id: string) => /^documents\.(concurrency\.)?state\./.test(id) || id === 'http.head.state';
    const state = result.results.filter((r) => onState(r.id) && r.id !== 'documents.state.present' && appliesToRun(r));
    expect(state.length).to.be.greaterThan(30);
    for (const r of state) expect(`${r.outcome} ${r.message}`).to.match(/^skipped the State resource is absent: GET activities\/state\?activityId&agent answered 404/);
    expect(result.results.filter((r) => r.id.startsWith('about.') && r.outcome !== 'skipped').map((r) => r.id)).to.deep.equal(['about.resource.present']);
    const agentProfile = result.results.filter((r) => r.id.startsWith('documents.agent-profile.') && appliesToRun(r));
    expect(agentProfile.filter((r) => r.outcome !== 'passed').map((r) => `${r.id}: ${r.message}`)).to.deep.equal([]);
    const needsState = result.results.filter((r) => /^(http\.version|auth\.authorization\.(no|wrong)-credentials)/.test(r.id) && appliesToRun(r));
    expect(needsState.length).to.be.greaterThan(5);
    for (const r of needsState) expect(`${r.id} ${r.outcome}`).to.equal(`${r.id} skipped`);
    expect(lines.filter((l) => l.startsWith('xapi-conform: the State resource is absent'))).to.have.length(1);
    expect(lines.filter((l) => l.startsWith('xapi-conform: the About resource is absent'))).to.have.length(1);
  });

  it('the presence check not selected: it is still run and reported once, as the failure that explains the skips', async () => {
    const picked = inAreas('documents.state.').filter((c) => c.id !== 'documents.state.present').slice(0, 5);
    const { result } = await runChecks(picked);
    expect(result.exitCode).to.equal(1);
    expect(result.results.filter((r) => r.outcome === 'failed').map((r) => r.id)).to.deep.equal(['documents.state.present']);
    expect(result.results.filter((r) => r.outcome === 'skipped')).to.have.length(5);
  });

  it('without --xapi-version a missing /about still stops the preflight (wrong base URL is the likelier cause)', async () => {
    const result = await run({ endpoint: lrs.url, user: USERS.admin.username, password: USERS.admin.password, checks: inAreas('about.'), write: () => {} });
    expect(result.exitCode).to.equal(3);
    expect(result.preflightError).to.match(/about answered 404/);
  });
});
