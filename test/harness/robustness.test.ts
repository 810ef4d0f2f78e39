import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { run } from '../../index.js';
import { startServer, type TestServer } from './helpers/server.js';
import { storeAndFetch } from './helpers/sample-checks.js';

/** About and the preflight GET behave; every other request gets the misbehaviour. */
function lrsThat(misbehave: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/xapi/about') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"version":["1.0.3"]}');
    if (req.method === 'GET' && url.searchParams.get('limit') === '1') {
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"statements":[]}');
    }
    misbehave(req, res);
  };
}

const MISBEHAVIOURS: Array<[string, (req: IncomingMessage, res: ServerResponse) => void, RegExp]> = [
  ['non-JSON', (_q, res) => void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>hi</h1>'), /not JSON/],
  ['wrong content type', (_q, res) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'), /\(text\/plain\) with a body that is not JSON/],
  ['truncated', (_q, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '50' });
    res.write('["abc');
    setImmediate(() => res.socket?.destroy());
  }, /transport error: .*(truncated|closed by the target)/],
  ['endless body', (_q, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(8192, ' ');
    const pump = () => {
      while (res.write(chunk));
      res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  }, /transport error: .*--max-body-bytes/],
  ['hang', () => {}, /transport error: .*--timeout/],
  ['reset', (req) => req.socket.destroy(), /transport error: .*closed by the target/],
  ['redirect loop', (req, res) => void res.writeHead(307, { Location: req.url! }).end(), /transport error: redirect loop|redirect loop/],
];

describe('robustness: a misbehaving target fails the affected checks with a diagnosis; reports are always written', () => {
  const servers: TestServer[] = [];
  let out: string;
  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'xc-robust-'));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await rm(out, { recursive: true, force: true });
  });

  for (const [name, misbehave, diagnosis] of MISBEHAVIOURS) {
    it(`${name}: the check fails with a clear diagnosis and every report is written`, async () => {
      const server = await startServer(lrsThat(misbehave));
      servers.push(server);
      const dir = join(out, name.replace(/\W+/g, '-'));
      const result = await run({
        endpoint: `${server.url}/xapi`,
        user: 'u',
        password: 'p',
        checks: [storeAndFetch],
        timeout: 300,
        retries: 0,
        maxBodyBytes: 32 * 1024,
        reporter: ['json', 'junit', 'markdown', 'console'],
        out: dir,
        write: () => {},
      });
      expect(result.exitCode).to.equal(1);
      const r = result.results[0]!;
      expect(r.outcome).to.equal('failed');
      expect(r.message).to.match(diagnosis);
      expect(r.exchanges.length).to.be.greaterThan(0);
      expect(r.failingExchange).to.be.a('number');
      for (const file of ['xapi-conform.json', 'junit.xml', 'summary.md']) expect((await stat(join(dir, file))).size).to.be.greaterThan(0);
      const xml = await readFile(join(dir, 'junit.xml'), 'utf8');
      expect(XMLValidator.validate(xml)).to.equal(true);
      const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
      expect(parsed.testsuites['@_failures']).to.equal('1');
    });
  }
});

describe('preflight: one clear message and exit code 3, reports still written', () => {
  const servers: TestServer[] = [];
  after(async () => Promise.all(servers.map((s) => s.close())));
  async function preflightOf(handler: (req: IncomingMessage, res: ServerResponse) => void, extra = {}) {
    const server = await startServer(handler);
    servers.push(server);
    const out = await mkdtemp(join(tmpdir(), 'xc-pre-'));
    try {
      const result = await run({ endpoint: `${server.url}/xapi`, user: 'u', password: 'p', checks: [storeAndFetch], reporter: ['json', 'junit'], out, write: () => {}, ...extra });
      const written = JSON.parse(await readFile(join(out, 'xapi-conform.json'), 'utf8'));
      expect(written.preflightError).to.equal(result.preflightError);
      expect(result.exitCode).to.equal(3);
      expect(result.results).to.deep.equal([]);
      return result.preflightError!;
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
  const json = (res: ServerResponse, status: number, body: unknown) => void res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

  it('unreachable target', async () => {
    const server = await startServer(() => {});
    await server.close();
    const result = await run({ endpoint: `${server.url}/xapi`, checks: [storeAndFetch], retries: 0, write: () => {} });
    expect(result.exitCode).to.equal(3);
    expect(result.preflightError).to.match(/cannot reach the target.*connection refused/);
  });
  it('wrong base URL (about answers 404)', async () => {
    expect(await preflightOf((_q, res) => json(res, 404, {}))).to.match(/about answered 404: is .* the xAPI base URL/);
  });
  it('wrong base URL (statements answers 404 even unfiltered)', async () => {
    const message = await preflightOf((req, res) => (req.url!.includes('about') ? json(res, 200, { version: ['1.0.3'] }) : json(res, 404, {})));
    expect(message).to.match(/statements answered 404: is .* the xAPI base URL/);
  });
  it('about is not JSON (e.g. a web page)', async () => {
    expect(await preflightOf((_q, res) => void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html/>'))).to.match(/did not answer JSON/);
  });
  it('rejected credentials', async () => {
    const message = await preflightOf((req, res) => (req.url!.includes('about') ? json(res, 200, { version: ['1.0.3'] }) : json(res, 401, {})));
    expect(message).to.match(/rejected the credentials/);
  });
  it('no version the harness tests', async () => {
    expect(await preflightOf((_q, res) => json(res, 200, { version: ['0.95'] }))).to.match(/none of which this harness tests/);
  });
  it('--xapi-version the target does not list', async () => {
    const message = await preflightOf((_q, res) => json(res, 200, { version: ['1.0.3'] }), { xapiVersion: '2.0.0' });
    expect(message).to.match(/--xapi-version 2\.0\.0: .* not 2\.0\.0/);
  });
});
