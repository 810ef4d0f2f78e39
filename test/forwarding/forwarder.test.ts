// The forwarder against a real capture sink over HTTP on 127.0.0.1, with an in-memory statement log.
import { expect } from 'chai';
import { mkdtemp, rm, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createForwarder, type Forwarder } from '../../reference-lrs/forwarding/index.js';
import { startSink, sinkForwardingConfig, type RunningSink } from '../../harness/forwarding-sink.js';
import type { ForwardingEntry } from '../../reference-lrs/options.js';
import { MemoryLog, statement, waitFor, idsOf } from './helpers.js';

const backoff = { baseMs: 20, maxMs: 100 };

describe('forwarder (unit, real HTTP)', () => {
  let sink: RunningSink;
  let dataDir: string;
  let forwarder: Forwarder | undefined;
  let lines: string[];

  beforeEach(async () => {
    sink = await startSink({ host: '127.0.0.1', port: 0 });
    dataDir = await mkdtemp(join(tmpdir(), 'xapi-conform-fwd-'));
    lines = [];
  });
  afterEach(async () => {
    await forwarder?.close();
    forwarder = undefined;
    await sink.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function entry(overrides: Partial<ForwardingEntry> = {}): ForwardingEntry {
    return { ...sinkForwardingConfig(sink)[0], ...overrides };
  }
  async function start(log: MemoryLog, entries: ForwardingEntry[]): Promise<Forwarder> {
    forwarder = await createForwarder({ entries, statements: log, dataDir, log: (l) => lines.push(l), backoff });
    return forwarder;
  }
  function write(log: MemoryLog, statements: Array<Record<string, unknown>>): void {
    forwarder!.statementsStored(log.write(statements));
  }
  const attemptsWith = (id: string) => sink.handle.received().filter((d) => idsOf([d]).includes(id));

  it('forwards a write unchanged, POSTed to <url>/statements with Basic auth and a version header', async () => {
    const log = new MemoryLog();
    await start(log, [entry()]);
    const sent = statement('unchanged');
    write(log, [sent]);
    const [delivery] = await waitFor('the delivery', () => sink.handle.received().length === 1 && sink.handle.received());
    expect(delivery.statements).to.deep.equal([sent]);
    expect(delivery.method).to.equal('POST');
    expect(delivery.path).to.equal('/sink/statements');
    expect(delivery.headers.authorization).to.equal(`Basic ${Buffer.from(`${sink.username}:${sink.password}`).toString('base64')}`);
    expect(delivery.headers['x-experience-api-version']).to.equal('1.0.3');
    expect(delivery.headers['content-type']).to.equal('application/json');
    await waitFor('status forwarded 1', () => forwarder!.status().targets[0].forwarded === 1);
    expect(forwarder!.status().targets[0]).to.include({ forwarded: 1, pending: 0, failed: 0, is_active: true });
  });

  it('delivers each write as one POST, every statement of a batch included, in stored order', async () => {
    const log = new MemoryLog();
    await start(log, [entry()]);
    const batch = [statement('a'), statement('b'), statement('c')];
    const single = statement('d');
    write(log, batch);
    write(log, [single]);
    await waitFor('two deliveries', () => sink.handle.received().length === 2);
    const [first, second] = sink.handle.received();
    expect(idsOf([first])).to.deep.equal(batch.map((s) => s.id));
    expect(idsOf([second])).to.deep.equal([single.id]);
  });

  it('sends the 2.0.0 version header for statements stored as 2.0 and never mixes versions in one POST', async () => {
    const log = new MemoryLog();
    await start(log, [entry()]);
    const old = statement('old', '1.0.0');
    const modern = statement('new', '2.0.0');
    log.write([old, modern]); // one write, two versions (cannot happen in practice, but must be safe)
    forwarder!.statementsStored(2);
    await waitFor('two deliveries', () => sink.handle.received().length === 2);
    const versions = sink.handle.received().map((d) => [idsOf([d])[0], d.headers['x-experience-api-version']]);
    expect(versions).to.deep.equal([[old.id, '1.0.3'], [modern.id, '2.0.0']]);
  });

  it('sends statements whose attachment data it holds as multipart/mixed with that data, others as JSON', async () => {
    const log = new MemoryLog();
    const data = Buffer.from('attachment data ✓');
    const sha2 = createHash('sha256').update(data).digest('hex');
    forwarder = await createForwarder({
      entries: [entry()], statements: log, dataDir, backoff,
      attachments: { get: async (hash) => (hash === sha2 ? data : undefined) },
    });
    const attachment = { usageType: 'https://example.com/usage', display: { 'en-US': 'a' }, contentType: 'text/plain', length: data.length };
    const held = { ...statement('held'), attachments: [{ ...attachment, sha2 }] };
    const byUrl = { ...statement('by-url'), attachments: [{ ...attachment, sha2: 'f'.repeat(64), fileUrl: 'https://example.com/f' }] };
    write(log, [held]);
    write(log, [byUrl]);
    await waitFor('two deliveries', () => sink.handle.received().length === 2);
    const [multipart, json] = sink.handle.received();
    expect(multipart.headers['content-type']).to.match(/^multipart\/mixed; boundary=/);
    expect(multipart.statements).to.deep.equal([held]);
    expect(multipart.attachments.map((a) => [a.sha2, a.contentType, a.data.toString()])).to.deep.equal([[sha2, 'text/plain', data.toString()]]);
    expect(json.headers['content-type']).to.equal('application/json');
    expect(json.attachments).to.deep.equal([]);
  });

  it('passes each delivery body through editBody (test variants), and the sink reads a multipart delivery opening with a preamble', async () => {
    const log = new MemoryLog();
    const data = Buffer.from('attachment data');
    const sha2 = createHash('sha256').update(data).digest('hex');
    forwarder = await createForwarder({
      entries: [entry()], statements: log, dataDir, backoff,
      attachments: { get: async (hash) => (hash === sha2 ? data : undefined) },
      editBody: (body) => ({ contentType: `${body.contentType}; variant=preamble`, data: Buffer.concat([Buffer.from('a preamble\r\n'), body.data]) }),
    });
    const held = { ...statement('held'), attachments: [{ usageType: 'https://example.com/usage', display: { 'en-US': 'a' }, contentType: 'text/plain', length: data.length, sha2 }] };
    write(log, [held]);
    const [delivery] = await waitFor('the delivery', () => sink.handle.received().length === 1 && sink.handle.received());
    expect(delivery!.headers['content-type']).to.match(/^multipart\/mixed; boundary=.*; variant=preamble$/);
    expect(delivery!.statements).to.deep.equal([held]);
    expect(delivery!.attachments.map((a) => a.data.toString())).to.deep.equal([data.toString()]);
  });

  it('retries after 500 answers and then succeeds', async () => {
    const log = new MemoryLog();
    await start(log, [entry({ max_retries: 3 })]);
    const sent = statement('retry');
    sink.handle.failNext(2, { status: 500, statementId: sent.id as string });
    write(log, [sent]);
    await waitFor('forwarded', () => forwarder!.status().targets[0].forwarded === 1);
    expect(attemptsWith(sent.id as string).map((d) => d.answered)).to.deep.equal([500, 500, 200]);
    expect(lines.some((l) => /attempt 1\/4 .*failed \(HTTP 500\); retrying/.test(l))).to.equal(true);
  });

  it('stops after max_retries retries, counts the statements failed, and goes on with the next write', async () => {
    const log = new MemoryLog();
    await start(log, [entry({ max_retries: 2 })]);
    const doomed = statement('doomed');
    const next = statement('next');
    sink.handle.failNext(50, { status: 503, statementId: doomed.id as string });
    write(log, [doomed]);
    write(log, [next]);
    await waitFor('the next write delivered', () => forwarder!.status().targets[0].forwarded === 1);
    expect(attemptsWith(next.id as string)).to.have.length(1);
    expect(attemptsWith(doomed.id as string)).to.have.length(3); // 1 try + max_retries retries
    expect(forwarder!.status().targets[0]).to.include({ forwarded: 1, failed: 1, pending: 0 });
    expect(lines.some((l) => l.includes('gave up on 1 statement(s)') && l.includes('after 3 attempt(s): HTTP 503'))).to.equal(true);
  });

  it('bounds each attempt by the timeout: stalled attempts are abandoned and retried', async () => {
    const log = new MemoryLog();
    // Room for a loaded machine: a healthy attempt that also times out only adds an attempt.
    await start(log, [entry({ timeout: 0.5, max_retries: 5 })]);
    const sent = statement('stalled');
    sink.handle.failNext(2, { stallMs: 10_000, statementId: sent.id as string });
    write(log, [sent]);
    await waitFor('forwarded', () => forwarder!.status().targets[0].forwarded === 1);
    const attempts = attemptsWith(sent.id as string);
    expect(attempts.length).to.be.at.least(3);
    expect(attempts[2].at - attempts[0].at).to.be.below(10_000); // retried while the stalls went on
    expect(lines.some((l) => l.includes('timed out after 0.5 s'))).to.equal(true);
  });

  it('does not retry an answer that cannot get better (401), and never logs the password', async () => {
    const log = new MemoryLog();
    await start(log, [entry({ basic_password: 'definitely-wrong-password', max_retries: 3 })]);
    const sent = statement('unauthorised');
    write(log, [sent]);
    await waitFor('failed', () => forwarder!.status().targets[0].failed === 1);
    expect(attemptsWith(sent.id as string).map((d) => d.answered)).to.deep.equal([401]);
    expect(lines.some((l) => l.includes('after 1 attempt(s): HTTP 401'))).to.equal(true);
    expect(lines.join('\n')).to.not.contain('definitely-wrong-password');
    expect(JSON.stringify(forwarder!.status())).to.not.contain('definitely-wrong-password');
  });

  it('refuses invalid entries given directly (as to start()), naming entry and key', async () => {
    const log = new MemoryLog();
    const bad = { ...entry(), timeout: 0 };
    let message = '';
    await createForwarder({ entries: [entry(), bad], statements: log, dataDir }).catch((error: Error) => (message = error.message));
    expect(message).to.contain('entry 1: key "timeout" must be');
  });

  it('delivers with a timeout longer than a timer can hold', async () => {
    const log = new MemoryLog();
    await start(log, [entry({ timeout: 1e9 })]);
    write(log, [statement('patient')]);
    await waitFor('forwarded', () => forwarder!.status().targets[0].forwarded === 1);
  });

  it('skips inactive entries', async () => {
    const log = new MemoryLog();
    const [active, inactive] = sinkForwardingConfig(sink);
    await start(log, [inactive, active]);
    const sent = statement('inactive');
    write(log, [sent]);
    await waitFor('the active delivery', () => attemptsWith(sent.id as string).length === 1);
    await forwarder!.close(); // nothing can be in flight after close
    forwarder = undefined;
    expect(sink.handle.received().map((d) => d.path)).to.deep.equal(['/sink/statements']);
    expect(lines.some((l) => l.includes('/sink/inactive/statements') && l.includes('inactive; skipped'))).to.equal(true);
  });

  it('reports inactive targets in the status with nothing forwarded', async () => {
    const log = new MemoryLog();
    const [active, inactive] = sinkForwardingConfig(sink);
    await start(log, [active, inactive]);
    expect(forwarder!.status().targets.map((t) => [t.url, t.is_active])).to.deep.equal([
      [active.url, true],
      [inactive.url, false],
    ]);
  });

  it('resumes pending deliveries after a restart (durable cursor), and does not resend delivered ones', async () => {
    const log = new MemoryLog();
    await start(log, [entry({ max_retries: 1000 })]);
    const delivered = statement('before');
    write(log, [delivered]);
    await waitFor('first delivery', () => attemptsWith(delivered.id as string).length === 1);
    const pending = statement('pending');
    sink.handle.failNext(1000, { status: 500, statementId: pending.id as string });
    write(log, [pending]);
    await waitFor('some failed attempts', () => attemptsWith(pending.id as string).length >= 2);
    await forwarder!.close();
    forwarder = undefined;
    expect(attemptsWith(pending.id as string).every((d) => d.answered === 500)).to.equal(true);
    expect(await readdir(join(dataDir, 'forwarding'))).to.have.length(1);

    sink.handle.reset();
    const restarted = await start(log, [entry({ max_retries: 1000 })]);
    expect(restarted.status().targets[0]).to.include({ forwarded: 1, pending: 1 });
    await waitFor('delivery after restart', () => attemptsWith(pending.id as string).length === 1);
    await waitFor('status', () => restarted.status().targets[0].forwarded === 2);
    expect(idsOf(sink.handle.received())).to.deep.equal([pending.id]);
  });

  it('forwards only statements stored after a target is first configured', async () => {
    const log = new MemoryLog();
    log.write([statement('history')]);
    await start(log, [entry()]);
    const fresh = statement('fresh');
    write(log, [fresh]);
    await waitFor('delivery', () => sink.handle.received().length === 1);
    expect(idsOf(sink.handle.received())).to.deep.equal([fresh.id]);
    await forwarder!.close(); // saves the cursor
    forwarder = undefined;
    const saved = JSON.parse(await readFile(join(dataDir, 'forwarding', (await readdir(join(dataDir, 'forwarding')))[0]), 'utf8'));
    expect(saved).to.deep.equal({ cursor: 2, forwarded: 1, failed: 0 });
  });

  it('catches up with writes it was never told about (statements stored while it was down)', async () => {
    const log = new MemoryLog();
    await start(log, [entry()]);
    await forwarder!.close();
    const missed = [statement('m1'), statement('m2')];
    log.write(missed); // stored and acknowledged, but the process died before notifying
    forwarder = undefined;
    await start(log, [entry()]);
    await waitFor('catch-up delivery', () => idsOf(sink.handle.received()).length === 2);
    expect(idsOf(sink.handle.received())).to.deep.equal(missed.map((s) => s.id));
  });
});
