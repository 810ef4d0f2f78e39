import { expect } from 'chai';
import { createClient, createTransport, TransportError, type Transport } from '../../harness/client.js';
import type { Exchange, XapiClient } from '../../harness/context.js';
import { CheckFailure } from '../../harness/signals.js';
import { startServer, type TestServer } from './helpers/server.js';

/** Each misbehaviour gets its own server; the client must turn it into a clear error, never hang or crash. */
describe('client: misbehaving servers over real HTTP', () => {
  let transport: Transport;
  const servers: TestServer[] = [];
  const exchanges: Exchange[] = [];
  before(() => {
    transport = createTransport({ timeoutMs: 400, retries: 2, maxBodyBytes: 64 * 1024 });
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await transport.close();
  });
  async function clientFor(handler: Parameters<typeof startServer>[0], extra: Partial<Parameters<typeof createClient>[0]> = {}): Promise<{ client: XapiClient; server: TestServer }> {
    const server = await startServer(handler);
    servers.push(server);
    const client = createClient({
      endpoint: `${server.url}/xapi/`,
      auth: { kind: 'basic', username: 'alice', password: 's3cret-pw' },
      defaultVersion: '1.0.3',
      transport,
      onExchange: (x) => exchanges.push(x),
      ...extra,
    });
    return { client, server };
  }
  async function transportError(client: XapiClient): Promise<TransportError> {
    try {
      await client.request({ method: 'GET', path: 'statements' });
    } catch (err) {
      expect(err).to.be.instanceOf(TransportError);
      return err as TransportError;
    }
    throw new Error('expected a TransportError');
  }

  it('sends the version header and Basic auth, and redacts the secret in the exchange and curl line', async () => {
    let seen: Record<string, unknown> = {};
    const { client } = await clientFor((req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
    const res = await client.request({ method: 'POST', path: 'statements', query: { agent: { mbox: 'mailto:a@b.c' }, limit: 2 }, body: { a: "it's" } });
    expect(seen['x-experience-api-version']).to.equal('1.0.3');
    expect(seen.authorization).to.equal(`Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`);
    expect(seen['content-type']).to.equal('application/json');
    expect(res.json()).to.deep.equal({ ok: true });
    expect(res.exchange.request.url).to.contain('/xapi/statements?agent=%7B%22mbox%22');
    expect(res.exchange.request.headers.Authorization).to.equal('Basic <redacted>');
    expect(JSON.stringify(res.exchange)).not.to.contain('s3cret-pw').and.not.to.contain(Buffer.from('alice:s3cret-pw').toString('base64'));
    expect(res.exchange.curl).to.contain(`-u "$XAPI_CONFORM_USER:$XAPI_CONFORM_PASSWORD"`);
    expect(res.exchange.curl).to.contain(`--data-binary '{"a":"it'\\''s"}'`);
  });

  it('a body over 4 KiB is not inlined in the curl line; the transcript keeps 16 KiB of it', async () => {
    const { client } = await clientFor((_req, res) => void res.writeHead(204).end());
    const res = await client.request({ method: 'PUT', path: 'activities/state', body: 'y'.repeat(40_000) });
    expect(res.exchange.curl).to.match(/--data-binary @request-body\.bin {2}# the 40000-byte body of this exchange$/);
    expect(res.exchange.request.body).to.have.length.within(16_384, 16_450).and.match(/\[40000 bytes in all\]$/);
  });

  it('Bearer and Token auth: sent as given, redacted, placeholders in curl', async () => {
    const seen: unknown[] = [];
    for (const [auth, scheme, placeholder] of [
      [{ kind: 'bearer', token: 'tok-b' }, 'Bearer tok-b', '-H "Authorization: Bearer $XAPI_CONFORM_BEARER"'],
      [{ kind: 'token', token: 'tok-t' }, 'Token tok-t', '-H "Authorization: Token $XAPI_CONFORM_TOKEN"'],
    ] as const) {
      const { client } = await clientFor((req, res) => {
        seen.push(req.headers.authorization);
        res.writeHead(204).end();
      }, { auth });
      const res = await client.request({ method: 'GET', path: 'about' });
      expect(seen.at(-1)).to.equal(scheme);
      expect(res.exchange.request.headers.Authorization).to.equal(`${scheme.split(' ')[0]} <redacted>`);
      expect(res.exchange.curl).to.contain(placeholder).and.not.contain('tok-');
    }
  });

  it('treats --header values as secrets and lets a request drop a default header', async () => {
    let seen: Record<string, unknown> = {};
    const { client } = await clientFor(
      (req, res) => {
        seen = req.headers;
        res.writeHead(204).end();
      },
      { auth: { kind: 'none' }, extraHeaders: { 'X-Api-Key': 'key-123' } },
    );
    const res = await client.request({ method: 'GET', path: 'about', version: null, headers: { 'X-Extra': 'x' } });
    expect(seen['x-api-key']).to.equal('key-123');
    expect(seen['x-experience-api-version']).to.equal(undefined);
    expect(res.exchange.request.headers['X-Api-Key']).to.equal('<redacted>');
    expect(res.exchange.curl).to.contain('"X-Api-Key: $XAPI_CONFORM_HEADER_1"').and.not.to.contain('key-123');
  });

  it('non-JSON body: json() throws a CheckFailure naming status, content type and an excerpt', async () => {
    const { client } = await clientFor((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>oops</html>'));
    const res = await client.request({ method: 'GET', path: 'statements' });
    expect(() => res.json()).to.throw(CheckFailure, /answered 200 \(text\/html\) with a body that is not JSON/);
  });

  it('wrong content type with a non-JSON body is diagnosed the same way', async () => {
    const { client } = await clientFor((_req, res) => res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<statements/>'));
    const res = await client.request({ method: 'GET', path: 'statements' });
    try {
      res.json();
      expect.fail('json() should throw');
    } catch (err) {
      expect((err as CheckFailure).message).to.contain('application/xml');
      expect((err as CheckFailure).actual).to.equal('<statements/>');
    }
  });

  it('truncated body (fewer bytes than Content-Length): transport error', async () => {
    const { client } = await clientFor((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"statements": [');
      setImmediate(() => res.socket?.destroy());
    });
    const err = await transportError(client);
    expect(err.message).to.match(/truncated|closed by the target/);
  });

  it('endless body: stops at the body cap', async () => {
    const { client } = await clientFor((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const err = await transportError(client);
    expect(err.message).to.contain('larger than 65536 bytes (--max-body-bytes)');
    const last = exchanges.at(-1)!;
    expect(last.error).to.contain('--max-body-bytes');
    expect(last.response?.status).to.equal(200);
  });

  it('a request that expects a large body reads past --max-body-bytes up to its own maxBodyBytes, never a smaller cap', async () => {
    const big = Buffer.alloc(100 * 1024, 'b');
    const { client } = await clientFor((_req, res) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end(big));
    const res = await client.request({ method: 'GET', path: 'statements', maxBodyBytes: 200 * 1024 });
    expect(res.body.equals(big)).to.equal(true);
    for (const maxBodyBytes of [50 * 1024, 1024]) {
      const err = await client.request({ method: 'GET', path: 'statements', maxBodyBytes }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(TransportError);
      expect((err as Error).message).to.contain(`larger than ${Math.max(maxBodyBytes, 64 * 1024)} bytes`);
    }
  });

  it('hang: times out after --timeout instead of waiting forever, and is not retried', async () => {
    const { client, server } = await clientFor(() => {});
    const err = await transportError(client);
    expect(err.message).to.contain('no complete response within 400 ms (--timeout)');
    expect(server.requests).to.equal(1);
  });

  it('slow endless trickle: the whole-exchange timeout still ends it', async () => {
    const { client } = await clientFor((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    const err = await transportError(client);
    expect(err.message).to.contain('--timeout');
  });

  it('connection reset: retried --retries times, then a transport error', async () => {
    const { client, server } = await clientFor((req) => req.socket.destroy());
    const err = await transportError(client);
    expect(err.message).to.match(/connection closed by the target.*\(after 3 attempts\)/);
    expect(server.requests).to.equal(3);
  });

  it('a POST is not retried after a reset (the target may have stored it), only after a refused connection', async () => {
    const { client, server } = await clientFor((req) => req.socket.destroy());
    let error: unknown;
    try {
      await client.request({ method: 'POST', path: 'statements', body: [] });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(TransportError);
    expect(server.requests).to.equal(1);
  });

  it('a reset followed by a good answer succeeds thanks to the retry', async () => {
    let n = 0;
    const { client } = await clientFor((req, res) => {
      n += 1;
      if (n === 1) req.socket.destroy();
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
    });
    const res = await client.request({ method: 'GET', path: 'statements' });
    expect(res.status).to.equal(200);
  });

  it('redirect loop to the same URL: a transport error, not an endless loop', async () => {
    const { client } = await clientFor((req, res) => res.writeHead(302, { Location: req.url! }).end());
    const err = await transportError(client);
    expect(err.message).to.contain('redirect loop: the target redirects to the URL just requested');
  });

  it('endless chain of redirects: stops after 5', async () => {
    let n = 0;
    const { client, server } = await clientFor((_req, res) => res.writeHead(302, { Location: `/xapi/statements?hop=${++n}` }).end());
    const err = await transportError(client);
    expect(err.message).to.contain('redirect loop: more than 5 redirects');
    expect(server.requests).to.equal(6);
  });

  it('connection refused: a clear message naming the host', async () => {
    const server = await startServer(() => {});
    await server.close();
    const client = createClient({ endpoint: server.url, auth: { kind: 'none' }, defaultVersion: '2.0.0', transport });
    const err = await transportError(client);
    expect(err.message).to.contain(`connection refused by ${new URL(server.url).host}`);
  });
});
