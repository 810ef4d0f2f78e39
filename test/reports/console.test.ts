import { expect } from 'chai';
import { run } from '../../index.js';
import { startMiniLrs, type MiniLrs } from '../harness/helpers/mini-lrs.js';
import { sampleCheck, storeAndFetch } from '../harness/helpers/sample-checks.js';

describe('console reporter', () => {
  let lrs: MiniLrs;
  before(async () => {
    lrs = await startMiniLrs();
  });
  after(async () => lrs.close());
  const failing = sampleCheck('bad-status', async (ctx) => {
    ctx.note('seed 42, counterexample ["x"]');
    ctx.expect.status(await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: ctx.ns.uuid() } }), 200, 'GET statements by id');
  }, { section: 'Communication 2.1.3 GET Statements', requirements: ['XAPI-00001'] });
  const warning = sampleCheck('ambiguous', async (ctx) => ctx.warn('the spec is unclear here', 'The LRS MAY do either'), { section: 'Data 2.4.1 Id' });

  async function output(tty: boolean): Promise<string> {
    let text = '';
    await run({ endpoint: lrs.url, user: lrs.user, password: lrs.password, checks: [storeAndFetch, failing, warning], reporter: ['console'], tty, write: (t) => void (text += t) });
    return text;
  }

  it('without a TTY: one plain line per check, then failures by section with requirement text, exchanges and curl, then a summary', async () => {
    const text = await output(false);
    expect(text).not.to.contain('\r');
    expect(text).to.match(/^PASS +sample\.store-and-fetch \[2\.0\.0\] \d+ ms$/m);
    expect(text).to.match(/^FAIL +sample\.bad-status \[2\.0\.0\] \d+ ms — GET statements by id: expected HTTP 200, got 404/m);
    expect(text).to.match(/^WARN +sample\.ambiguous/m);
    expect(text).to.contain('== Communication 2.1.3 GET Statements');
    expect(text).to.contain('XAPI-00001: An LRS rejects with error code 400 Bad Request');
    expect(text).to.contain('    note: seed 42, counterexample ["x"]');
    expect(text).to.contain('  WARN sample.ambiguous [2.0.0]: the spec is unclear here\n    Spec: "The LRS MAY do either"');
    expect(text).to.match(/> GET http:\/\/127\.0\.0\.1:\d+\/xapi\/statements\?statementId=[-0-9a-f]+ -> 404/);
    expect(text).to.match(/reproduce: curl -sS -i -X GET '.*statementId=.*' -H 'X-Experience-API-Version: 2\.0\.0' -u "\$XAPI_CONFORM_USER:\$XAPI_CONFORM_PASSWORD"/);
    expect(text).to.match(/Summary: 3 results: 1 passed, 1 failed, 1 warning in [\d.]+ s/);
    expect(text).not.to.contain(lrs.password);
  });

  it('on a TTY: a live progress line with counts and ETA instead of per-check lines', async () => {
    const text = await output(true);
    expect(text).to.match(/\r\x1b\[2K {2}\d\/3 {2}.*passed \d.*failed \d.*ETA \d+s/);
    expect(text).not.to.match(/^PASS /m);
    expect(text).to.contain('Summary: 3 results');
  });

  it('on a narrow terminal the progress line is compact and fits the width', async () => {
    let text = '';
    const { consoleReporter } = await import('../../harness/reporters/console.js');
    const reporter = consoleReporter({ write: (t) => void (text += t), tty: true, color: false, columns: 40 });
    reporter.start!({ total: 2, target: 'http://x', runId: 'r', xapiVersions: ['2.0.0'] });
    reporter.result!({ id: 'a', outcome: 'passed' } as never);
    const lines = text.split('\r\x1b[2K').slice(1);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^1\/2 pass 1 fail 0 warn 0/);
    expect(lines[0]!.length).to.be.at.most(39);
  });
});
