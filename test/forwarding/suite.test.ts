// The forwarding checks, run by the engine against a small LRS that forwards to a real capture sink with
// deliberately broken forwarders: each is caught. (That every check passes against the reference LRS is
// shown in reference-lrs.test.ts.)
import { expect } from 'chai';
import { runChecks, type EngineEnv } from '../../harness/engine.js';
import { createTransport, type Transport } from '../../harness/client.js';
import type { Check } from '../../harness/check.js';
import type { CheckResult } from '../../harness/results.js';
import { checks as forwardingChecks } from '../../suites/forwarding/index.js';
import { startSink, sinkForwardingConfig, type RunningSink } from '../../harness/forwarding-sink.js';
import type { ForwardingEntry } from '../../reference-lrs/options.js';
import { startMiniLrs, MINI_USER, type MiniLrsOptions } from './mini-lrs.js';
import { DEFAULT_SEED } from '../../harness/options.js';

const byId = (id: string): Check => {
  const check = forwardingChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check;
};

describe('forwarding suite (checks against a forwarding LRS and the sink)', function () {
  this.timeout(60_000);
  let transport: Transport;
  const savedWait = process.env.XAPI_CONFORM_FORWARDING_WAIT_MS;

  before(() => {
    // Absence of a delivery is only ever shown by waiting; keep that short here.
    process.env.XAPI_CONFORM_FORWARDING_WAIT_MS = '4000';
    transport = createTransport({ timeoutMs: 10_000, retries: 0, maxBodyBytes: 1 << 20 });
  });
  after(async () => {
    if (savedWait === undefined) delete process.env.XAPI_CONFORM_FORWARDING_WAIT_MS;
    else process.env.XAPI_CONFORM_FORWARDING_WAIT_MS = savedWait;
    await transport.close();
  });

  async function runAgainst(
    lrs: Omit<MiniLrsOptions, 'entries'> & { entries?: (sink: RunningSink) => ForwardingEntry[] },
    checks: Check[],
  ): Promise<Record<string, CheckResult>> {
    const sink = await startSink({ host: '127.0.0.1', port: 0 });
    const target = await startMiniLrs({ ...lrs, entries: (lrs.entries ?? sinkForwardingConfig)(sink) });
    try {
      const env: EngineEnv = {
        runId: `test-${Date.now()}`,
        endpoint: target.url,
        transport,
        auth: { kind: 'basic', ...MINI_USER },
        extraHeaders: {},
        credentials: {},
        about: { version: ['1.0.3', '2.0.0'] },
        strict: false,
        bail: false,
        concurrency: 8,
        consistencyBudgetMs: 2_000,
        checkTimeoutMs: 50_000,
        property: { seed: DEFAULT_SEED },
        sink: { ...sink.handle, url: sink.url, username: sink.username, password: sink.password },
        signal: new AbortController().signal,
      };
      const outcome = await runChecks(checks.map((check) => ({ check, version: '1.0.3' as const })), env);
      return Object.fromEntries(outcome.results.map((r) => [r.id, r]));
    } finally {
      await target.close();
      await sink.close();
    }
  }


  it('skips the checks when the run has no sink', async () => {
    const env = { runId: 'x', endpoint: 'http://127.0.0.1:9/xapi', transport, auth: { kind: 'none' as const }, extraHeaders: {}, credentials: {},
      about: { version: ['1.0.3'] }, strict: false, bail: false, concurrency: 1, consistencyBudgetMs: 1, checkTimeoutMs: 1_000, property: { seed: DEFAULT_SEED },
      signal: new AbortController().signal };
    const outcome = await runChecks([{ check: byId('forwarding.delivery.post-arrives-unchanged'), version: '1.0.3' }], env);
    expect(outcome.results[0].outcome).to.equal('skipped');
  });

  it('fails a target that forwards nothing, hinting at its configuration', async () => {
    const results = await runAgainst({ entries: () => [] }, [byId('forwarding.delivery.post-arrives-unchanged')]);
    expect(results['forwarding.delivery.post-arrives-unchanged'].outcome).to.equal('failed');
    expect(results['forwarding.delivery.post-arrives-unchanged'].message).to.match(/never reached the forwarding sink .*is the target configured/);
  });

  it('catches a forwarder that changes statements', async () => {
    const results = await runAgainst(
      { alter: (s) => ({ ...s, result: { ...(s.result as object), extensions: {} } }) },
      ['forwarding.delivery.post-arrives-unchanged', 'forwarding.delivery.put-arrives-unchanged', 'forwarding.delivery.batch-complete'].map(byId),
    );
    for (const result of Object.values(results)) {
      expect(result.outcome, result.id).to.equal('failed');
      expect(result.message).to.match(/not the statement the client sent/);
    }
  });

  it('warns when a forwarder drops verb displays (the statement is still the same statement)', async () => {
    const results = await runAgainst(
      { alter: (s) => ({ ...s, verb: { id: (s.verb as { id: string }).id } }) },
      [byId('forwarding.delivery.post-arrives-unchanged')],
    );
    expect(results['forwarding.delivery.post-arrives-unchanged'].outcome).to.equal('warning');
  });

  it('forwards attachment data with the reference forwarder, and warns about a forwarder that drops it', async () => {
    const good = await runAgainst({}, [byId('forwarding.attachments.forwarded')]);
    expect(good['forwarding.attachments.forwarded'].outcome, good['forwarding.attachments.forwarded'].message).to.equal('passed');
    const results = await runAgainst({ withholdAttachments: true }, [byId('forwarding.attachments.forwarded')]);
    expect(results['forwarding.attachments.forwarded'].outcome).to.equal('warning');
    expect(results['forwarding.attachments.forwarded'].message).to.match(/carries the attachment data/);
  });

  it('catches a forwarder that forwards only part of a batch', async () => {
    const results = await runAgainst({ naive: { firstOnly: true } }, [byId('forwarding.delivery.batch-complete')]);
    expect(results['forwarding.delivery.batch-complete']).to.include({ outcome: 'failed' });
    expect(results['forwarding.delivery.batch-complete'].message).to.match(/never reached the forwarding sink/);
  });

  it('catches a forwarder that sends the wrong credentials, or none', async () => {
    const wrong = await runAgainst(
      { entries: (sink) => sinkForwardingConfig(sink).map((e) => ({ ...e, basic_password: 'not-the-password' })) },
      [byId('forwarding.delivery.basic-credentials')],
    );
    expect(wrong['forwarding.delivery.basic-credentials'].outcome).to.equal('failed');
    expect(JSON.stringify(wrong)).to.not.contain('not-the-password');
    const none = await runAgainst({ naive: { credentials: 'none' } }, [byId('forwarding.delivery.basic-credentials')]);
    expect(none['forwarding.delivery.basic-credentials'].outcome).to.equal('failed');
    expect(String(none['forwarding.delivery.basic-credentials'].actual)).to.equal('no Authorization header');
  });

  it('catches a forwarder that sends no version header', async () => {
    const results = await runAgainst({ naive: { versionHeader: false } }, [byId('forwarding.delivery.version-header')]);
    expect(results['forwarding.delivery.version-header'].outcome).to.equal('failed');
  });

  it('grades a forwarder that does not retry after 500 as a warning (a SHOULD)', async () => {
    const results = await runAgainst({ naive: { retries: 0 } }, ['forwarding.retries.retry-after-500'].map(byId));
    expect(results['forwarding.retries.retry-after-500'].outcome).to.equal('warning');
    expect(results['forwarding.retries.retry-after-500'].message).to.match(/made 1 attempt/);
  });

  it('warns about a forwarder that waits out a stalled attempt instead of abandoning it at the timeout', async () => {
    const results = await runAgainst({ naive: { ignoreTimeout: true } }, [byId('forwarding.retries.retry-after-timeout')]);
    expect(results['forwarding.retries.retry-after-timeout'].outcome).to.equal('warning');
    expect(results['forwarding.retries.retry-after-timeout'].message).to.match(/no retry came while it stalled/);
  });

  it('catches a forwarder that retries more than max_retries times', async () => {
    const results = await runAgainst({ naive: { retries: 4 } }, [byId('forwarding.retries.stops-after-max-retries')]);
    expect(results['forwarding.retries.stops-after-max-retries'].outcome).to.equal('failed');
    expect(results['forwarding.retries.stops-after-max-retries'].message).to.match(/made [4-9] attempts/);
  });

  it('catches a forwarder that forwards to inactive entries', async () => {
    const results = await runAgainst({ naive: { forwardInactive: true } }, [byId('forwarding.inactive.entry-skipped')]);
    expect(results['forwarding.inactive.entry-skipped'].outcome).to.equal('failed');
  });

  it('warns when the client has to wait for the forward', async () => {
    const results = await runAgainst({ naive: { synchronous: true } }, [byId('forwarding.latency.write-not-delayed')]);
    expect(results['forwarding.latency.write-not-delayed'].outcome).to.equal('warning');
    expect(results['forwarding.latency.write-not-delayed'].message).to.match(/answered only after the forward/);
  });
});
