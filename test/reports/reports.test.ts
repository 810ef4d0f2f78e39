import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { run, type RunResult } from '../../index.js';
import { REPORT_SCHEMA } from '../../harness/reporters/json.js';
import { mergeReports, readReport } from '../../harness/merge.js';
import { renderJunit } from '../../harness/reporters/junit.js';
import { renderMarkdown } from '../../harness/reporters/markdown.js';
import { UsageError } from '../../harness/options.js';
import { startMiniLrs, type MiniLrs } from '../harness/helpers/mini-lrs.js';
import { sampleCheck, storeAndFetch } from '../harness/helpers/sample-checks.js';
import { Inconclusive, Skip } from '../../harness/signals.js';

const NASTY = 'quote " apostrophe \' <tag> & ampersand \u0001 control ]]> end';

const checks = [
  storeAndFetch,
  sampleCheck('fails', async (ctx) => {
    const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: ctx.ns.uuid() } });
    ctx.expect.status(res, 200, NASTY);
  }, { section: 'Communication 2.1.3 GET Statements' }),
  sampleCheck('warns', async (ctx) => ctx.warn('ambiguous point', 'a quote'), { section: 'Data 2.4.1 Id' }),
  sampleCheck('skipped', async () => {
    throw new Skip('not applicable');
  }, { section: 'Data 2.4.1 Id' }),
  sampleCheck('inconclusive', async () => {
    throw new Inconclusive('never caught up');
  }, { section: 'Data 2.4.1 Id' }),
];

describe('reporters: JSON against its schema, JUnit parsed back, Markdown, merge', () => {
  let lrs: MiniLrs;
  let out: string;
  let result: RunResult;
  const validate = (() => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats.default(ajv);
    return ajv.compile(REPORT_SCHEMA);
  })();

  before(async () => {
    lrs = await startMiniLrs();
    out = await mkdtemp(join(tmpdir(), 'xc-reports-'));
    result = await run({ endpoint: lrs.url, user: lrs.user, password: lrs.password, checks, xapiVersion: 'both', reporter: ['json', 'junit', 'markdown'], out, write: () => {} });
  });
  after(async () => {
    await lrs.close();
    await rm(out, { recursive: true, force: true });
  });

  it('the JSON report validates against report.schema.json, and the schema rejects a broken report', async () => {
    const written = JSON.parse(await readFile(join(out, 'xapi-conform.json'), 'utf8'));
    expect(validate(written), JSON.stringify(validate.errors)).to.equal(true);
    expect(written.summary).to.include({ passed: 2, failed: 2, warning: 2, skipped: 2, inconclusive: 2, total: 10 });
    const broken = { ...written, results: [{ ...written.results[0], outcome: 'great' }] };
    expect(validate(broken)).to.equal(false);
    const { summary: _s, ...noSummary } = written;
    expect(validate(noSummary)).to.equal(false);
  });

  it('JUnit XML is well-formed and parses back into a testsuite per section and a testcase per check and version', async () => {
    const xml = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).to.equal(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);
    const suites = doc.testsuites.testsuite as Array<Record<string, any>>;
    expect(suites.map((s) => s.name)).to.deep.equal(['Communication 2.1.2 POST Statements', 'Communication 2.1.3 GET Statements', 'Data 2.4.1 Id']);
    expect(doc.testsuites).to.include({ tests: '10', failures: '2', skipped: '4' });
    const cases = suites.flatMap((s) => s.testcase as Array<Record<string, any>>);
    expect(cases).to.have.length(10);
    const failing = cases.filter((c) => c.failure);
    expect(failing).to.have.length(2);
    expect(failing[0]!.failure.message).to.contain(`quote " apostrophe ' <tag> & ampersand`);
    expect(failing[0]!.failure['#text']).to.contain('XAPI-00001: An LRS rejects').and.contain('Reproduce:').and.contain('curl ');
    expect(cases.filter((c) => c.skipped).map((c) => c.skipped.message).sort()[0]).to.match(/^inconclusive: never caught up/);
    expect(cases.find((c) => String(c.name).startsWith('sample.warns'))!['system-out']).to.match(/^WARNING/);
  });

  it('the Markdown summary has the counts table and the failures with requirement ids', async () => {
    const md = await readFile(join(out, 'summary.md'), 'utf8');
    expect(md).to.match(/^## xapi-conform: 2 failed/);
    expect(md).to.contain('| 2 | 2 | 2 | 2 | 2 | 0 | 0 | 10 |');
    expect(md).to.contain('| `sample.fails` | 1.0.3 | Communication 2.1.3 GET Statements | XAPI-00001 |');
    expect(md).to.contain('<details>');
    expect(md).not.to.contain('<tag>');
  });

  it('report merge combines shards: later results win, counts and exit code are recomputed', async () => {
    const a: RunResult = { ...result, runId: 'a', results: result.results.filter((r) => r.id !== 'sample.fails') };
    const b: RunResult = { ...result, runId: 'b', results: result.results.filter((r) => r.id === 'sample.fails') };
    const merged = mergeReports([a, b]);
    expect(merged.runId).to.equal('a+b');
    expect(merged.summary).to.deep.equal(result.summary);
    expect(merged.exitCode).to.equal(1);
    expect(validate(JSON.parse(JSON.stringify(merged))), JSON.stringify(validate.errors)).to.equal(true);
    const fixedRerun: RunResult = { ...b, runId: 'c', results: b.results.map((r) => ({ ...r, outcome: 'passed' as const })) };
    expect(mergeReports([a, b, fixedRerun]).exitCode).to.equal(0);
    expect(renderJunit(merged)).to.contain('<testsuites');
    expect(renderMarkdown(merged)).to.contain('2 failed');
  });

  it('report merge refuses a file that is not a report, naming it', async () => {
    const bad = join(out, 'not-a-report.json');
    await writeFile(bad, '{"hello": 1}');
    expect(() => readReport(bad)).to.throw(UsageError, /not-a-report\.json: not an xapi-conform JSON report/);
    expect(() => readReport(join(out, 'missing.json'))).to.throw(UsageError, /cannot read the file \(ENOENT\)/);
    expect(readReport(join(out, 'xapi-conform.json')).runId).to.equal(result.runId);
  });
});
