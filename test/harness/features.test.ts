import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, UsageError, type Check } from '../../index.js';
import { selectChecks, selectSome } from '../../harness/selection.js';
import { DEFAULT_SEED, resolveOptions } from '../../harness/options.js';
import { coverage } from '../../harness/coverage.js';
import { startMiniLrs, type MiniLrs } from './helpers/mini-lrs.js';
import { sampleCheck, storeAndFetch } from './helpers/sample-checks.js';

describe('run features: bail, interrupt, baseline, cleanup, concurrency', () => {
  let lrs: MiniLrs;
  let dir: string;
  before(async () => {
    lrs = await startMiniLrs();
    dir = await mkdtemp(join(tmpdir(), 'xc-features-'));
  });
  after(async () => {
    await lrs.close();
    await rm(dir, { recursive: true, force: true });
  });
  const base = () => ({ endpoint: lrs.url, user: lrs.user, password: lrs.password, write: () => {} });
  const passing = (id: string) => sampleCheck(id, async (ctx) => ctx.expect.status(await ctx.client.request({ method: 'GET', path: 'about' }), 200));
  const failing = (id: string) => sampleCheck(id, async (ctx) => ctx.expect.fail(`${id} failed`));

  it('--bail stops scheduling after the first failure', async () => {
    const result = await run({ ...base(), checks: [failing('f1'), passing('p1'), passing('p2'), passing('p3')], bail: true, concurrency: 1 });
    expect(result.bailed).to.equal(true);
    expect(result.results.map((r) => r.id)).to.deep.equal(['sample.f1']);
    expect(result.notRun).to.equal(3);
    expect(result.exitCode).to.equal(1);
  });

  it('an abort (Ctrl-C) stops scheduling, keeps what ran, exits 130 and still writes reports', async () => {
    const controller = new AbortController();
    let started = 0;
    const blocking = (id: string): Check =>
      sampleCheck(id, async (ctx) => {
        started += 1;
        if (started === 2) controller.abort();
        // Waits on the target until the abort reaches the request.
        await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: ctx.ns.uuid() } });
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
        await ctx.client.request({ method: 'GET', path: 'about' });
      });
    const out = join(dir, 'interrupted');
    const result = await run({ ...base(), checks: [blocking('a'), blocking('b'), blocking('c'), blocking('d')], concurrency: 2, signal: controller.signal, reporter: ['json'], out });
    expect(result.interrupted).to.equal(true);
    expect(result.exitCode).to.equal(130);
    expect(result.notRun).to.equal(2);
    expect(result.results.map((r) => r.outcome)).to.deep.equal(['skipped', 'skipped']);
    expect(result.results[0]!.message).to.contain('interrupted');
    const written = JSON.parse(await readFile(join(out, 'xapi-conform.json'), 'utf8'));
    expect(written.interrupted).to.equal(true);
  });

  it('a baseline turns listed failures into expected-failure (exit 0) and listed passes into fixed', async () => {
    const file = join(dir, 'baseline.json');
    await writeFile(file, JSON.stringify({ entries: [{ id: 'sample.f1', reason: 'known bug #12' }, { id: 'sample.p1', reason: 'was broken' }] }));
    const result = await run({ ...base(), checks: [failing('f1'), passing('p1'), passing('p2')], baseline: file });
    const outcome = Object.fromEntries(result.results.map((r) => [r.id, r.outcome]));
    expect(outcome).to.deep.equal({ 'sample.f1': 'expected-failure', 'sample.p1': 'fixed', 'sample.p2': 'passed' });
    expect(result.results.find((r) => r.id === 'sample.f1')!.baselineReason).to.equal('known bug #12');
    expect(result.exitCode).to.equal(0);
    const withNewFailure = await run({ ...base(), checks: [failing('f1'), failing('f2')], baseline: file });
    expect(withNewFailure.exitCode).to.equal(1);
    const bailing = await run({ ...base(), checks: [failing('f1'), passing('p2'), failing('f2'), passing('p3')], baseline: file, bail: true, concurrency: 1 });
    expect(bailing.results.map((r) => r.outcome)).to.deep.equal(['expected-failure', 'passed', 'failed']);
    expect(bailing.notRun).to.equal(1);
  });

  it('--write-baseline records the current failures; the next run with it exits 0', async () => {
    const file = join(dir, 'written', 'baseline.json');
    const first = await run({ ...base(), checks: [failing('f1'), passing('p1')], writeBaseline: file });
    expect(first.exitCode).to.equal(1);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.entries).to.deep.equal([{ id: 'sample.f1', reason: 'f1 failed' }]);
    const second = await run({ ...base(), checks: [failing('f1'), passing('p1')], baseline: file });
    expect(second.exitCode).to.equal(0);
  });

  it('a bad baseline file is a usage error naming the option', async () => {
    const file = join(dir, 'bad-baseline.json');
    await writeFile(file, '{"entries": [{"id": 3}]}');
    let error: unknown;
    try {
      await run({ ...base(), checks: [], baseline: file });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(UsageError);
    expect((error as Error).message).to.match(/^--baseline .*entries\[0\] needs a string "id"/);
  });

  it('--cleanup voids the statements the checks recorded, and nothing else', async () => {
    const before = lrs.statements.size;
    const result = await run({ ...base(), checks: [storeAndFetch], cleanup: true });
    expect(result.cleanup).to.deep.equal({ statementsVoided: 1, documentsDeleted: 0, errors: [] });
    const created = result.results[0]!.exchanges[0]!.request.body!;
    const id = JSON.parse(created).id;
    const voiding = [...lrs.statements.values()].filter((s) => (s.object as { id?: string }).id === id && (s.verb as { id: string }).id.endsWith('/voided'));
    expect(voiding).to.have.length(1);
    expect(lrs.statements.size).to.equal(before + 2);
  });

  it('--cleanup deletes the documents the checks recorded, and reports what it could not clean', async () => {
    const withDocument = sampleCheck('doc', async (ctx) => {
      ctx.ledger.document('activities/state', { activityId: ctx.ns.activity(), agent: JSON.stringify(ctx.ns.agent()), stateId: ctx.ns.stateId() });
      ctx.ledger.document('agents/profile', { agent: JSON.stringify(ctx.ns.agent()), profileId: ctx.ns.profileId() });
    });
    const result = await run({ ...base(), checks: [withDocument], cleanup: true });
    expect(result.cleanup?.documentsDeleted).to.equal(1);
    expect(result.cleanup?.errors).to.deep.equal([]);
    expect(lrs.deletedDocuments.at(-1)!.stateId).to.match(/^xapi-conform-[0-9a-f]+-state$/);
    expect(JSON.parse(lrs.deletedDocuments.at(-1)!.agent!).mbox).to.match(/^mailto:learner\./);
  });

  it('runs checks concurrently up to --concurrency', async () => {
    let running = 0;
    let peak = 0;
    const gate = (id: string) =>
      sampleCheck(id, async (ctx) => {
        running += 1;
        peak = Math.max(peak, running);
        await ctx.client.request({ method: 'GET', path: 'about' });
        await ctx.client.request({ method: 'GET', path: 'about' });
        running -= 1;
      });
    const checks = Array.from({ length: 12 }, (_, i) => gate(`c${i}`));
    await run({ ...base(), checks, concurrency: 3 });
    expect(peak).to.equal(3);
  });

  it('--forwarding-sink against an external target starts the sink and prints the forwarding configuration; checks get ctx.sink', async () => {
    let printed = '';
    let sinkUrl: string | undefined;
    const usesSink = sampleCheck('sink', async (ctx) => void (sinkUrl = ctx.sink?.url), { needs: ['forwarding-sink'] });
    const result = await run({ ...base(), checks: [usesSink], forwardingSink: '127.0.0.1:0', write: (t) => void (printed += t) });
    expect(result.results[0]!.outcome).to.equal('passed');
    const config = JSON.parse(printed.slice(printed.indexOf('['), printed.lastIndexOf(']') + 1));
    expect(config[0]).to.include({ is_active: true, url: sinkUrl });
    expect(config[0]).to.have.all.keys('is_active', 'url', 'basic_username', 'basic_password', 'max_retries', 'timeout');
    const without = await run({ ...base(), checks: [usesSink] });
    expect(without.results[0]!.outcome).to.equal('skipped');
    expect(without.results[0]!.message).to.contain('--forwarding-sink');
  });

  it('--forwarding-sink on a port in use is a usage error naming the option', async () => {
    const port = new URL(lrs.url).port;
    let error: unknown;
    try {
      await run({ ...base(), checks: [], forwardingSink: `127.0.0.1:${port}` });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(UsageError);
    expect((error as Error).message).to.equal(`--forwarding-sink 127.0.0.1:${port}: cannot listen there (EADDRINUSE)`);
  });

  it('--seed random draws a seed, prints it and gives it to the property checks and the report; the default is fixed', async () => {
    const seen: number[] = [];
    const property = sampleCheck('seed', async (ctx) => void seen.push(ctx.property.seed!), { suite: 'property' });
    let output = '';
    const random = await run({ ...base(), checks: [property], xapiVersion: '2.0.0', seed: 'random', write: (t) => void (output += t) });
    const printed = Number(/^property suites: random seed (\d+) \(replay with --seed \1\)$/m.exec(output)?.[1]);
    expect(seen).to.deep.equal([printed]);
    expect(random.options.seed).to.equal(printed);
    const fixed = await run({ ...base(), checks: [property], xapiVersion: '2.0.0' });
    expect(seen[1]).to.equal(DEFAULT_SEED);
    expect(fixed.options.seed).to.equal(DEFAULT_SEED);
  });

  it('a check exceeding --check-timeout fails with that diagnosis', async () => {
    const stuck = sampleCheck('stuck', (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true })));
    const result = await run({ ...base(), checks: [stuck], checkTimeout: 50 });
    expect(result.results[0]!.outcome).to.equal('failed');
    expect(result.results[0]!.message).to.contain('did not finish within 50 ms (--check-timeout)');
  });
});

describe('selection and options', () => {
  const make = (id: string, extra: Partial<Check> = {}) => sampleCheck(id, async () => {}, extra);
  const checks = [
    make('a', { suite: 'statements', section: 'Communication 2.1.3 GET Statements', requirements: ['XAPI-00100'], tags: ['query'] }),
    make('b', { suite: 'statements', section: 'Communication 2.1.3.1 more', requirements: ['XAPI-00101'], tags: ['paging'] }),
    make('c', { suite: 'documents', section: 'Communication 2.3 State Resource', requirements: ['XAPI-00200'], tags: ['state'], title: 'ETag concurrency' }),
    make('d', { suite: 'documents', section: 'Communication 2.13 whatever', requirements: [], tags: ['state', 'slow'] }),
  ];
  const ids = (opts: Parameters<typeof resolveOptions>[0]) => selectChecks(checks, resolveOptions(opts).selection).map((c) => c.id.slice(7));

  it('narrows by suite, section (with sub-sections, not 2.13 for 2.1), requirement, grep, tag; excludes', () => {
    expect(ids({ suite: ['documents'] })).to.deep.equal(['c', 'd']);
    expect(ids({ section: ['2.1.3'] })).to.deep.equal(['a', 'b']);
    expect(ids({ section: ['2.1'] })).to.deep.equal(['a', 'b']);
    expect(ids({ requirement: ['xapi-00101', 'XAPI-00200'] })).to.deep.equal(['b', 'c']);
    expect(ids({ grep: ['etag'] })).to.deep.equal(['c']);
    expect(ids({ tag: ['state'], exclude: ['slow'] })).to.deep.equal(['c']);
    expect(ids({ suite: ['statements', 'documents'], exclude: ['sample.a', 'documents'] })).to.deep.equal(['b']);
  });

  it('a selection matching nothing is a usage error listing the suites; no selection with no checks is fine', () => {
    expect(() => selectSome(checks, resolveOptions({ suite: ['statment'] }).selection)).to.throw(UsageError, /^no check matches the selection .*suites are: documents, statements$/);
    expect(selectSome([], resolveOptions({}).selection)).to.deep.equal([]);
  });

  it('--shard i/n partitions deterministically: disjoint, complete, stable', () => {
    const many = Array.from({ length: 60 }, (_, i) => make(`s${i}`));
    const shard = (i: number) => selectChecks(many, resolveOptions({ shard: `${i}/3` }).selection).map((c) => c.id);
    const parts = [shard(1), shard(2), shard(3)];
    expect(parts.flat().sort()).to.deep.equal(many.map((c) => c.id).sort());
    expect(new Set(parts.flat()).size).to.equal(60);
    for (const p of parts) expect(p.length).to.be.within(8, 32);
    expect(shard(2)).to.deep.equal(parts[1]);
  });

  it('bad option values are usage errors naming the option', () => {
    const bad: Array<[Parameters<typeof resolveOptions>[0], RegExp]> = [
      [{ endpoint: 'lrs.example/xapi' }, /^--endpoint lrs\.example\/xapi: not a valid URL/],
      [{ endpoint: 'ftp://x/xapi' }, /^--endpoint .*http/],
      [{ endpoint: 'http://x/xapi', user: 'u', password: 'p', bearer: 't' }, /^conflicting auth options: --user\/--password and --bearer/],
      [{ endpoint: 'http://x/xapi', token: 't', header: ['Authorization: Basic x'] }, /^conflicting auth options/],
      [{ endpoint: 'http://x/xapi', user: 'u' }, /^--user needs --password/],
      [{ user: 'u', password: 'p' }, /need --endpoint/],
      [{ shard: '4/3' }, /^--shard 4\/3/],
      [{ concurrency: 0 }, /^--concurrency must be an integer >= 1/],
      [{ grep: ['('] }, /^--grep \(: not a valid regular expression/],
      [{ reporter: ['html'] }, /^--reporter html: unknown reporter/],
      [{ endpoint: 'http://x/xapi', credential: ['admin=u:p'] }, /^--credential admin: unknown name/],
      [{ endpoint: 'http://x/xapi', header: ['no colon'] }, /^--header "no colon": expected "Name: value"/],
      [{ ca: '/nonexistent/ca.pem' }, /^--ca \/nonexistent\/ca\.pem: cannot read the file \(ENOENT\)/],
      [{ forwardingSink: 'nohost' }, /^--forwarding-sink nohost: expected HOST:PORT/],
      [{ xapiVersion: '1.0.2' as never }, /^--xapi-version must be/],
      [{ seed: 'sometimes' }, /^--seed must be an integer or "random", got sometimes/],
      [{ seed: 1.5 }, /^--seed must be an integer or "random"/],
      [{ seed: 'random', path: '0:1' }, /^--path replays a counterexample of one seed: give that --seed, not "random"/],
    ];
    for (const [options, message] of bad) expect(() => resolveOptions(options), JSON.stringify(options)).to.throw(UsageError, message);
  });

  it('--seed: DEFAULT_SEED unless given; N (number or text, as from the CLI) replays; "random" draws a new one', () => {
    expect(resolveOptions({}).property).to.include({ seed: DEFAULT_SEED, randomSeed: false });
    expect(resolveOptions({ seed: 42 }).property).to.include({ seed: 42, randomSeed: false });
    expect(resolveOptions({ seed: '-7' }).property).to.include({ seed: -7, randomSeed: false });
    const draws = [resolveOptions({ seed: 'random' }).property, resolveOptions({ seed: 'random' }).property];
    expect(draws.every((d) => d.randomSeed && Number.isInteger(d.seed))).to.equal(true);
    expect(draws[0]!.seed).not.to.equal(draws[1]!.seed);
  });

  it('coverage: covered, untestable with a reason, missing; unknown ids reported', () => {
    const c = coverage([make('x', { requirements: ['XAPI-00001', 'XAPI-99999'] })], [{ requirement: 'XAPI-00002', reason: 'needs the LRS internals' }]);
    expect(c.total).to.equal(335);
    expect(c.covered).to.equal(1);
    expect(c.untestable).to.equal(1);
    expect(c.missing).to.equal(333);
    expect(c.requirements[0]).to.include({ id: 'XAPI-00001', status: 'covered' });
    expect(c.requirements[1]).to.include({ id: 'XAPI-00002', status: 'untestable', reason: 'needs the LRS internals' });
    expect(c.unknownIds).to.deep.equal(['XAPI-99999']);
  });
});
