// Reports never hold the run's secrets, even when the LRS echoes them in bodies or headers, and stay
// bounded in size when the LRS answers huge bodies or a check makes hundreds of requests.
import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { run } from '../../index.js';
import { startServer, type TestServer } from './helpers/server.js';
import { sampleCheck } from './helpers/sample-checks.js';
import { REPORT_VALUE_CHARS } from '../../harness/redaction.js';

const USER = 'report-user';
const PASSWORD = 's3cret-Passw0rd';
const GATEWAY_KEY = 'gateway-key-0123456789';
const SECRETS = [
  PASSWORD,
  GATEWAY_KEY,
  Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
  Buffer.from(`${USER}:${PASSWORD}-wrong`).toString('base64'),
];

/** Echoes every request header, in the body and in a response header, and the request body too. */
function echoingLrs(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url!, 'http://x');
  if (url.searchParams.has('registration')) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"statements":[]}');
  if (url.pathname.endsWith('/huge')) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }));
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const echo = JSON.stringify({ version: ['1.0.3'], youSent: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-Echo-Authorization': String(req.headers.authorization) }).end(echo);
  });
}

const echoes = sampleCheck('echoes', async (ctx) => {
  const mine = await ctx.client.request({ method: 'POST', path: 'echo', body: { note: `sent ${PASSWORD}` } });
  const wrong = await ctx.as('wrong').request({ method: 'GET', path: 'echo' });
  ctx.expect.fail(`the LRS said ${mine.text()}`, { expected: 'nothing', actual: [mine.json(), wrong.json()] });
});
const huge = sampleCheck('huge', async (ctx) => {
  const r = await ctx.client.request({ method: 'GET', path: 'huge' });
  ctx.expect.fail('a huge answer', { expected: 'small', actual: r.json() });
});
const chatty = sampleCheck('chatty', async (ctx) => {
  for (let i = 0; i < 300; i++) await ctx.client.request({ method: 'GET', path: 'about', query: { i } });
  ctx.expect.fail('after 300 requests');
});

describe('report safety: secrets echoed by the LRS are redacted, sizes are capped', function () {
  this.timeout(60_000);
  let server: TestServer;
  let out: string;
  before(async () => {
    server = await startServer(echoingLrs);
    out = await mkdtemp(join(tmpdir(), 'xc-report-safety-'));
  });
  after(async () => {
    await server.close();
    await rm(out, { recursive: true, force: true });
  });

  const runChecks = (checks: ReturnType<typeof sampleCheck>[], dir: string) =>
    run({
      endpoint: `${server.url}/xapi`,
      user: USER,
      password: PASSWORD,
      header: [`X-Gateway-Key: ${GATEWAY_KEY}`],
      xapiVersion: '1.0.3',
      checks,
      reporter: ['json', 'junit', 'markdown', 'console'],
      out: join(out, dir),
      write: () => {},
    });

  it('no report holds the password, user:password, its base64 (right or wrong) or a --header value', async () => {
    const result = await runChecks([echoes], 'echo');
    expect(result.results[0]!.outcome).to.equal('failed');
    const written = await Promise.all((await readdir(join(out, 'echo'))).map((f) => readFile(join(out, 'echo', f), 'utf8')));
    const everything = [JSON.stringify(result), ...written].join('\n');
    for (const secret of SECRETS) expect(everything.includes(secret), secret).to.equal(false);
    expect(everything).to.include('<redacted>');
    expect(result.results[0]!.exchanges[0]!.response!.headers['x-echo-authorization']).to.equal('Basic <redacted>');
  });

  it('a password that is also a word of the check (its id, title, quote) leaves the check text alone', async () => {
    const result = await run({ endpoint: `${server.url}/xapi`, user: USER, password: 'sample', xapiVersion: '1.0.3', checks: [echoes], write: () => {} });
    const r = result.results[0]!;
    expect([r.id, r.title, r.quote]).to.deep.equal([echoes.id, echoes.title, echoes.quote]);
    expect(r.message).to.not.include('sample');
    expect(r.message).to.include('<redacted>');
  });

  it('a preflight failure quoting an echo of the credentials is redacted', async () => {
    const refusing = await startServer((req, res) => {
      if (req.url!.includes('about')) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"version":["1.0.3"]}');
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`cannot serve ${req.headers.authorization}`);
    });
    try {
      const result = await run({ endpoint: `${refusing.url}/xapi`, user: USER, password: PASSWORD, checks: [echoes], write: () => {} });
      expect(result.exitCode).to.equal(3);
      expect(result.preflightError).to.include('cannot serve Basic <redacted>');
    } finally {
      await refusing.close();
    }
  });

  it('a huge actual value and a long transcript are cut, with their sizes noted', async () => {
    const result = await runChecks([huge, chatty], 'size');
    const [hugeResult, chattyResult] = ['sample.huge', 'sample.chatty'].map((id) => result.results.find((r) => r.id === id)!);
    expect(hugeResult!.actual).to.be.a('string').and.match(/… \[cut: \d+ characters in all\]$/);
    expect((hugeResult!.actual as string).length).to.be.lessThan(REPORT_VALUE_CHARS + 100);
    expect(chattyResult!.exchanges).to.have.length(200);
    expect(chattyResult!.notes.join(' ')).to.match(/100 of 300 exchanges .* left out/);
    expect(chattyResult!.failingExchange).to.equal(199);
    expect((await stat(join(out, 'size', 'xapi-conform.json'))).size).to.be.lessThan(4 * 1024 * 1024);
  });
});
