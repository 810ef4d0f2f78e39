// The capture sink on its own, over real HTTP: what it records, the credentials it accepts, and the
// failures it can be told to produce.
import { expect } from 'chai';
import { request } from 'undici';
import { startSink, sinkForwardingConfig, inactiveCredentials, SINK_MAX_RETRIES, SINK_TIMEOUT_SECONDS, type RunningSink } from '../../harness/forwarding-sink.js';
import { parseForwardingConfig } from '../../reference-lrs/forwarding/config.js';
import type { CheckContext } from '../../harness/context.js';
import { awaitArrival } from '../../suites/forwarding/lib.js';

describe('forwarding sink', () => {
  let sink: RunningSink;
  beforeEach(async () => {
    sink = await startSink({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await sink.close();
  });

  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
  async function deliver(body: unknown, opts: { path?: string; method?: 'POST' | 'PUT'; auth?: string; query?: string } = {}) {
    const res = await request(`${sink.url}${opts.path ?? '/statements'}${opts.query ?? ''}`, {
      method: opts.method ?? 'POST',
      headers: {
        'content-type': 'application/json',
        'x-experience-api-version': '1.0.3',
        ...(opts.auth === '' ? {} : { authorization: opts.auth ?? basic(sink.username, sink.password) }),
      },
      body: JSON.stringify(body),
    });
    return { status: res.statusCode, text: await res.body.text() };
  }

  it('prints a valid forwarding configuration: an active entry and an inactive one with its own credentials', () => {
    const config = sinkForwardingConfig(sink);
    expect(parseForwardingConfig(JSON.parse(JSON.stringify(config)))).to.deep.equal(config);
    expect(config[0]).to.deep.equal({
      is_active: true, url: sink.url, basic_username: sink.username, basic_password: sink.password,
      max_retries: SINK_MAX_RETRIES, timeout: SINK_TIMEOUT_SECONDS,
    });
    expect(config[1]).to.include({ is_active: false, url: `${sink.url}/inactive`, basic_username: inactiveCredentials(sink).username });
    expect(sink.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/sink$/);
  });

  it('records POSTed lists and PUT statements (id from statementId) with headers, and answers like an LRS', async () => {
    const posted = await deliver([{ id: 'a' }, { id: 'b' }]);
    expect(posted).to.deep.equal({ status: 200, text: '["a","b"]' });
    const put = await deliver({ verb: 'x' }, { method: 'PUT', query: '?statementId=c' });
    expect(put.status).to.equal(204);
    const [first, second] = sink.handle.received();
    expect(first.statements).to.deep.equal([{ id: 'a' }, { id: 'b' }]);
    expect(first.headers['x-experience-api-version']).to.equal('1.0.3');
    expect(first).to.include({ method: 'POST', path: '/sink/statements', answered: 200 });
    expect(second.statements).to.deep.equal([{ verb: 'x', id: 'c' }]);
  });

  it('accepts deliveries at its URL itself (Ralph posts to the configured URL as is)', async () => {
    expect((await deliver([{ id: 'r' }], { path: '' })).status).to.equal(200);
    expect(sink.handle.received()[0].path).to.equal('/sink');
  });

  it('answers 401 to unknown or missing credentials, and records the attempt as answered 401', async () => {
    expect((await deliver([{ id: 'w' }], { auth: basic(sink.username, 'wrong') })).status).to.equal(401);
    expect((await deliver([{ id: 'n' }], { auth: '' })).status).to.equal(401);
    expect(sink.handle.received().map((d) => d.answered)).to.deep.equal([401, 401]);
    const inactive = inactiveCredentials(sink);
    expect((await deliver([{ id: 'i' }], { path: '/inactive/statements', auth: basic(inactive.username, inactive.password) })).status).to.equal(200);
  });

  it('answers 404 elsewhere and 400 to a body that is not JSON', async () => {
    expect((await deliver([], { path: '/elsewhere' })).status).to.equal(404);
    const res = await request(`${sink.url}/statements`, { method: 'POST', headers: { authorization: basic(sink.username, sink.password) }, body: '{nope' });
    expect(res.statusCode).to.equal(400);
    await res.body.text();
  });

  it('reads a multipart/mixed delivery that opens with a preamble (RFC 2046 5.1.1), and records an unreadable one with the parser error', async () => {
    const send = (body: string) =>
      request(`${sink.url}/statements`, {
        method: 'POST',
        headers: { authorization: basic(sink.username, sink.password), 'content-type': 'multipart/mixed; boundary=b1' },
        body,
      });
    const framed = ['a preamble', '--b1', 'Content-Type: application/json', '', '[{"id":"p"}]', '--b1', 'Content-Type: text/plain', 'X-Experience-API-Hash: abc', '', 'data', '--b1--', ''].join('\r\n');
    const ok = await send(framed);
    expect(ok.statusCode, await ok.body.text()).to.equal(200);
    const broken = await send('--other\r\n\r\n[]\r\n--other--\r\n');
    expect(broken.statusCode).to.equal(400);
    await broken.body.text();
    const [read, unreadable] = sink.handle.received();
    expect(read.statements).to.deep.equal([{ id: 'p' }]);
    expect(read.attachments.map((a) => [a.sha2, a.data.toString()])).to.deep.equal([['abc', 'data']]);
    expect(unreadable).to.include({ answered: 400, parseError: 'Invalid multipart stream: missing initial boundary' });
    expect(unreadable.statements).to.deep.equal([]);
    // A check waiting for a statement that never arrived readable shows the parser's error.
    const ctx = { sink: { ...sink.handle, url: sink.url, username: sink.username, password: sink.password }, signal: new AbortController().signal } as unknown as CheckContext;
    const waited = await awaitArrival(ctx, 'never-arrives', 50).then(() => undefined, (error: Error) => error.message);
    expect(waited).to.contain('(the sink could not read 1 delivery, answered 400: Invalid multipart stream: missing initial boundary)');
  });

  it('fails the next N deliveries with the status asked for, then accepts again', async () => {
    sink.handle.failNext(2, { status: 503 });
    const statuses = [];
    for (const id of ['1', '2', '3']) statuses.push((await deliver([{ id }])).status);
    expect(statuses).to.deep.equal([503, 503, 200]);
  });

  it('limits a failure to deliveries carrying one statement id when asked to', async () => {
    sink.handle.failNext(1, { status: 500, statementId: 'target' });
    expect((await deliver([{ id: 'other' }])).status).to.equal(200);
    expect((await deliver([{ id: 'x' }, { id: 'target' }])).status).to.equal(500);
    expect((await deliver([{ id: 'target' }])).status).to.equal(200);
  });

  it('stalls a delivery when asked to, and close() ends the stalled exchange', async () => {
    sink.handle.failNext(1, { stallMs: 60_000 });
    const pending = deliver([{ id: 's' }]).then(
      (r) => r.status,
      () => 'aborted',
    );
    for (let i = 0; i < 200 && sink.handle.received().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sink.handle.received()).to.have.length(1);
    await sink.close();
    expect(await pending).to.equal('aborted');
    sink = await startSink({ host: '127.0.0.1', port: 0 }); // for afterEach
  });

  it('reset() forgets deliveries and armed failures', async () => {
    sink.handle.failNext(5, { status: 500 });
    await deliver([{ id: 'f' }]);
    sink.handle.reset();
    expect(sink.handle.received()).to.deep.equal([]);
    expect((await deliver([{ id: 'g' }])).status).to.equal(200);
  });
});
