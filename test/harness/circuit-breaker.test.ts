// The circuit breaker: a target that dies or starts hanging mid-run ends the run with one line and exit
// code 4, within seconds, instead of failing every remaining check after a timeout each. A single lost
// request is still a failure of its check.
import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../index.js';
import { readReport } from '../../harness/merge.js';
import { startServer, type TestServer } from './helpers/server.js';
import { sampleCheck } from './helpers/sample-checks.js';

const CHECKS = Array.from({ length: 40 }, (_, i) =>
  sampleCheck(`about-${String(i).padStart(2, '0')}`, async (ctx) => {
    ctx.expect.status(await ctx.client.request({ method: 'GET', path: 'about' }), 200);
  }),
);

/** Answers the preflight and the first `healthy` GET about of the checks like an LRS; then `misbehave` takes over. */
function lrsFailingAfter(healthy: number, misbehave: (req: IncomingMessage, res: ServerResponse) => void) {
  let abouts = 0;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (new URL(req.url!, 'http://x').searchParams.has('registration')) {
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"statements":[]}');
    }
    abouts += 1;
    if (abouts > healthy + 1) return misbehave(req, res);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"version":["1.0.3"]}');
  };
}

describe('circuit breaker: a target that dies or hangs mid-run', function () {
  this.timeout(30_000);
  const servers: TestServer[] = [];
  let out: string;
  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'xc-breaker-'));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await rm(out, { recursive: true, force: true });
  });

  async function runAgainst(handler: (req: IncomingMessage, res: ServerResponse) => void) {
    const server = await startServer(handler);
    servers.push(server);
    const lines: string[] = [];
    const started = performance.now();
    const result = await run({
      endpoint: `${server.url}/xapi`,
      user: 'u',
      password: 'p',
      xapiVersion: '1.0.3',
      checks: CHECKS,
      concurrency: 2,
      timeout: 300,
      retries: 0,
      maxUnanswered: 3,
      reporter: ['console', 'json'],
      out: join(out, String(servers.length)),
      tty: false,
      write: (text) => lines.push(...text.split('\n')),
    });
    const seconds = (performance.now() - started) / 1000;
    const written = readReport(join(out, String(servers.length), 'xapi-conform.json'));
    expect(written.targetLost).to.deep.equal(result.targetLost);
    return { result, lines, seconds };
  }

  it('dies: one "went away" line, exit 4, no check blamed, the rest not run', async () => {
    const { result, lines } = await runAgainst(lrsFailingAfter(10, () => void servers.at(-1)!.close()));
    expect(result.exitCode).to.equal(4);
    expect(result.targetLost?.reason).to.match(/^the target went away at \S+ after \d+ checks: 3 requests in a row got no answer \(connection refused or reset/);
    expect(result.summary.failed).to.equal(0);
    expect(result.summary.passed).to.be.at.least(9);
    expect(result.notRun).to.be.greaterThan(20);
    expect(lines.filter((l) => /went away at .* after \d+ checks/.test(l))).to.have.length(1);
    expect(result.results.filter((r) => r.outcome === 'skipped').every((r) => /^not finished: the target went away/.test(r.message ?? ''))).to.equal(true);
  });

  it('hangs: the run ends after a few timeouts, exit 4, "stopped answering"', async () => {
    const { result, seconds } = await runAgainst(lrsFailingAfter(10, () => {}));
    expect(result.exitCode).to.equal(4);
    expect(result.targetLost?.reason).to.match(/stopped answering .* \(no response within --timeout/);
    expect(result.summary.failed).to.equal(0);
    expect(result.notRun).to.be.greaterThan(20);
    expect(seconds).to.be.lessThan(5);
  });

  it('a single reset between answers still fails its check (exit 1), the breaker stays closed', async () => {
    let n = 0;
    const healthy = lrsFailingAfter(Infinity, () => {});
    const { result } = await runAgainst((req, res) => {
      if (!new URL(req.url!, 'http://x').searchParams.has('registration') && ++n === 8) return void req.socket.destroy();
      healthy(req, res);
    });
    expect(result.targetLost).to.equal(undefined);
    expect(result.exitCode).to.equal(1);
    expect(result.summary.failed).to.equal(1);
    expect(result.summary.passed).to.equal(CHECKS.length - 1);
  });
});
