// End to end on 127.0.0.1: the reference LRS (start()) forwards to the capture sink. Restarts while
// retries are pending, retries after 500, max_retries exhausted, timeouts, inactive entries, the status
// response, and the checks of the forwarding suite run by the engine against it.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { start, type ReferenceLrs } from '../../reference-lrs/index.js';
import type { ForwardingEntry, UserSpec } from '../../reference-lrs/options.js';
import { startSink, sinkForwardingConfig, type RunningSink } from '../../harness/forwarding-sink.js';
import { runChecks } from '../../harness/engine.js';
import { createTransport } from '../../harness/client.js';
import { checks as forwardingChecks } from '../../suites/forwarding/index.js';
import { waitFor, idsOf } from './helpers.js';
import { DEFAULT_SEED } from '../../harness/options.js';

const admin: UserSpec = { username: 'fwd-admin', password: 'admin-password-123', scopes: ['all'] };
const writer: UserSpec = { username: 'fwd-writer', password: 'writer-password-123', scopes: ['statements/write', 'statements/read'] };

function statement(name: string): Record<string, unknown> {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', mbox: 'mailto:e2e-forwarding@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
    object: { objectType: 'Activity', id: `https://xapi-conform.example/e2e/${name}` },
  };
}

async function call(lrs: ReferenceLrs, method: string, path: string, user: UserSpec, body?: unknown, query = '') {
  const res = await fetch(`${lrs.url}/${path}${query}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
      'x-experience-api-version': '1.0.3',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: () => JSON.parse(text) };
}

describe('forwarding end to end (reference LRS -> sink)', function () {
  this.timeout(30_000);
  let sink: RunningSink;
  let dataDir: string;
  let lrs: ReferenceLrs | undefined;
  let lines: string[];

  beforeEach(async () => {
    sink = await startSink({ host: '127.0.0.1', port: 0 });
    dataDir = await mkdtemp(join(tmpdir(), 'xapi-conform-fwd-e2e-'));
    lines = [];
  });
  afterEach(async () => {
    await lrs?.close();
    lrs = undefined;
    await sink.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function startLrs(entries: ForwardingEntry[] = sinkForwardingConfig(sink)): Promise<ReferenceLrs> {
    lrs = await start({ port: 0, host: '127.0.0.1', dataDir, users: [admin, writer], forwardings: entries, log: (l) => lines.push(l) });
    return lrs;
  }
  const fastEntries = (changes: Partial<ForwardingEntry>) => sinkForwardingConfig(sink).map((e) => ({ ...e, ...changes }));
  const attempts = (id: unknown) => sink.handle.received().filter((d) => idsOf([d]).includes(id as string));
  const target = () => lrs!.forwarder!.status().targets[0];

  it('forwards statements stored by POST and PUT, as stored, one POST per request', async () => {
    await startLrs();
    const batch = [statement('a'), statement('b')];
    const put = statement('put');
    expect((await call(lrs!, 'POST', 'statements', writer, batch)).status).to.equal(200);
    expect((await call(lrs!, 'PUT', 'statements', writer, put, `?statementId=${put.id}`)).status).to.equal(204);
    await waitFor('both deliveries', () => sink.handle.received().length === 2);
    const [first, second] = sink.handle.received();
    expect(idsOf([first])).to.deep.equal(batch.map((s) => s.id));
    expect(idsOf([second])).to.deep.equal([put.id]);
    const stored = (await call(lrs!, 'GET', 'statements', writer, undefined, `?statementId=${put.id}`)).json();
    expect(second.statements[0]).to.deep.equal(stored);
    expect(second.headers['x-experience-api-version']).to.equal('1.0.3');
    expect(second.path).to.equal('/sink/statements');
  });

  it('answers the forwarding status to a credential with scope all, 403 to others, with no password', async () => {
    await startLrs();
    const sent = statement('status');
    await call(lrs!, 'POST', 'statements', writer, [sent]);
    await waitFor('forwarded', () => target().forwarded === 1);
    const res = await call(lrs!, 'GET', 'forwarding/status', admin);
    expect(res.status).to.equal(200);
    const body = res.json();
    expect(body.targets[0]).to.include({ url: sink.url, username: sink.username, is_active: true, forwarded: 1, pending: 0, failed: 0 });
    expect(body.targets[1]).to.include({ is_active: false, forwarded: 0 });
    expect(JSON.stringify(body)).to.not.contain(sink.password);
    expect((await call(lrs!, 'GET', 'forwarding/status', writer)).status).to.equal(403);
    expect((await call(lrs!, 'GET', 'FORWARDING/STATUS', admin)).status, 'paths are case-sensitive: a case variant is no route').to.equal(404);
    expect(lines.join('\n')).to.not.contain(sink.password);
    await waitFor('the status in the log', () => lines.some((l) => l.includes(`${sink.url}/statements`) && l.includes('forwarded 1, pending 0, failed 0')));
  });

  it('retries after 500 answers, then delivers', async () => {
    await startLrs(fastEntries({ max_retries: 3 }));
    const sent = statement('retry');
    sink.handle.failNext(2, { status: 500, statementId: sent.id as string });
    await call(lrs!, 'POST', 'statements', writer, [sent]);
    await waitFor('forwarded', () => target().forwarded === 1);
    expect(attempts(sent.id).map((d) => d.answered)).to.deep.equal([500, 500, 200]);
  });

  it('gives up after max_retries retries and reports the statement failed', async () => {
    await startLrs(fastEntries({ max_retries: 1 }));
    const sent = statement('doomed');
    sink.handle.failNext(100, { status: 500, statementId: sent.id as string });
    await call(lrs!, 'POST', 'statements', writer, [sent]);
    await waitFor('failed', () => target().failed === 1);
    expect(attempts(sent.id)).to.have.length(2);
    expect(target()).to.include({ forwarded: 0, pending: 0, failed: 1 });
    expect(lines.some((l) => l.includes('gave up on 1 statement(s)'))).to.equal(true);
  });

  it('abandons an attempt that outlasts the timeout and retries', async () => {
    await startLrs(fastEntries({ timeout: 1, max_retries: 3 }));
    const sent = statement('stall');
    sink.handle.failNext(1, { stallMs: 10_000, statementId: sent.id as string });
    await call(lrs!, 'POST', 'statements', writer, [sent]);
    await waitFor('forwarded', () => target().forwarded === 1);
    expect(attempts(sent.id).length).to.be.at.least(2);
    expect(attempts(sent.id)[1].at - attempts(sent.id)[0].at).to.be.below(10_000);
  });

  it('forwards nothing to inactive entries', async () => {
    await startLrs(sinkForwardingConfig(sink).map((e) => ({ ...e, is_active: false })));
    expect(lrs!.forwarder!.status().targets.every((t) => !t.is_active)).to.equal(true);
    const sent = statement('inactive');
    await call(lrs!, 'POST', 'statements', writer, [sent]);
    await lrs!.close(); // whatever would have been sent has been by now
    lrs = undefined;
    expect(sink.handle.received()).to.deep.equal([]);
  });

  it('resumes a delivery pending retries after the LRS restarts', async () => {
    await startLrs(fastEntries({ max_retries: 1000 }));
    const sent = statement('restart');
    sink.handle.failNext(1000, { status: 503, statementId: sent.id as string });
    expect((await call(lrs!, 'POST', 'statements', writer, [sent])).status).to.equal(200);
    await waitFor('failed attempts', () => attempts(sent.id).length >= 2);
    await lrs!.close();
    lrs = undefined;
    sink.handle.reset(); // the target recovers while the LRS is down

    await startLrs(fastEntries({ max_retries: 1000 }));
    expect(target().pending + target().forwarded).to.equal(1); // it may already be on its way
    await waitFor('delivery after restart', () => target().forwarded === 1);
    expect(attempts(sent.id).map((d) => d.answered)).to.deep.equal([200]);
  });

  it('passes every check of the forwarding suite, both xAPI versions', async function () {
    this.timeout(60_000);
    await startLrs();
    const transport = createTransport({ timeoutMs: 10_000, retries: 0, maxBodyBytes: 1 << 20 });
    try {
      const outcome = await runChecks(
        forwardingChecks.flatMap((check) => (['1.0.3', '2.0.0'] as const).map((version) => ({ check, version }))),
        {
          runId: `e2e-${Date.now()}`,
          endpoint: lrs!.url,
          transport,
          auth: { kind: 'basic', username: admin.username, password: admin.password },
          extraHeaders: {},
          credentials: {},
          about: { version: ['1.0.3', '2.0.0'] },
          strict: true,
          bail: false,
          concurrency: 8,
          consistencyBudgetMs: 5_000,
          checkTimeoutMs: 50_000,
          property: { seed: DEFAULT_SEED },
          sink: { ...sink.handle, url: sink.url, username: sink.username, password: sink.password },
          signal: new AbortController().signal,
        },
      );
      const failing = outcome.results.filter((r) => r.outcome !== 'passed').map((r) => `${r.id} ${r.xapiVersion}: ${r.outcome} ${r.message}`);
      expect(failing).to.deep.equal([]);
      expect(outcome.results).to.have.length(forwardingChecks.length * 2);
    } finally {
      await transport.close();
    }
  });
});
