// The property suites against the embedded reference LRS through the programmatic API, with a fixed
// seed: they pass on 1.0.3 and 2.0.0. Then each property is run against a reference LRS with one
// planted fault and must fail, printing a replayable seed/path and the shrunk counterexample; one
// counterexample is replayed with --seed/--path and fails again.
import { expect } from 'chai';
import { run } from '../../index.js';
import type { RunResult } from '../../harness/results.js';
import type { EmbeddedLrs } from '../../harness/options.js';
import type { XapiVersion } from '../../harness/check.js';
import { checks as propertyChecks } from '../../suites/property/index.js';
import { refusesNewProfileWithoutPrecondition } from '../tolerance/catalogue.js';
import { checkPreconditions } from '../../reference-lrs/documents/preconditions.js';
import { STATEMENTS, DOCUMENTS, editJson, editQuery, editRequestHeaders, editResponse, editReturnedStatements, on, shiftTimestamp } from '../mutants/tools.js';

const quiet = { reporter: [] as string[], write: () => {}, tty: false };
const SEED = 20261122;

function summary(result: RunResult): string[] {
  return result.results.map((r) => `${r.id} [${r.xapiVersion}] ${r.outcome}${r.outcome === 'passed' ? '' : `: ${(r.message ?? '').slice(0, 2000)}`}`);
}

describe('property suites against the reference LRS', function () {
  this.timeout(300_000);

  it('pass on 1.0.3 and 2.0.0 with a fixed seed, every property run', async () => {
    const result = await run({ ...quiet, checks: propertyChecks, xapiVersion: 'both', seed: SEED });
    const bad = result.results.filter((r) => r.outcome !== 'passed' && !(r.outcome === 'skipped' && /applies to xAPI/.test(r.message ?? '')));
    expect(bad.map((r) => `${r.id} [${r.xapiVersion}] ${r.outcome}: ${r.message}`)).to.deep.equal([]);
    const ran = new Set(result.results.filter((r) => r.outcome === 'passed').map((r) => r.id));
    expect(propertyChecks.map((c) => c.id).filter((id) => !ran.has(id))).to.deep.equal([]);
  });
});

interface PlantedFault {
  name: string;
  check: string;
  version: XapiVersion;
  overrides: NonNullable<EmbeddedLrs['overrides']>;
  runs?: number;
}

/** Statements come back from the LRS with their timestamps one second later than stored. */
const shiftedTimestamps = editReturnedStatements((s) => {
  if (typeof s.timestamp === 'string') s.timestamp = shiftTimestamp(s.timestamp, 1000);
});

/** Every page that has a "more" link loses its last statement. */
const pagesLoseLast = editJson(on('GET', STATEMENTS), (json) => {
  if (Array.isArray(json?.statements) && typeof json.more === 'string' && json.more !== '') json.statements.pop();
});

const FAULTS: PlantedFault[] = [
  { name: 'returned timestamps shifted by 1 s', check: 'property.statements.round-trip', version: '2.0.0', overrides: { beforeRoutes: [shiftedTimestamps] } },
  {
    name: 'the validator ignores every rule under "context"',
    check: 'property.statements.invalid-rejected',
    version: '1.0.3',
    overrides: { validateStatement: (s, v, standard) => standard(s, v).filter((i) => !/context/.test(i.path)) },
  },
  { name: 'GET statements ignores "since"', check: 'property.queries.query-oracle', version: '2.0.0', overrides: { beforeAll: [editQuery(on('GET', STATEMENTS), (q) => q.delete('since'))] } },
  { name: 'pages with a "more" link lose their last statement', check: 'property.queries.paging', version: '1.0.3', overrides: { beforeRoutes: [pagesLoseLast] } },
  {
    name: 'POST to a JSON document replaces it instead of merging',
    check: 'property.model.documents-sequences',
    version: '2.0.0',
    overrides: { documents: { merge: (_stored, posted) => posted } },
  },
  {
    name: 'If-Match is dropped on document requests',
    check: 'property.model.stateful',
    version: '1.0.3',
    overrides: { beforeAll: [editRequestHeaders(on(['PUT', 'POST', 'DELETE'], DOCUMENTS), (h) => void delete h['if-match'])] },
  },
];

describe('property suites catch planted faults', function () {
  this.timeout(300_000);

  for (const fault of FAULTS) {
    it(`${fault.check} fails when ${fault.name}`, async () => {
      const check = propertyChecks.find((c) => c.id === fault.check)!;
      const result = await run({ ...quiet, checks: [check], xapiVersion: fault.version, seed: SEED, embedded: { overrides: fault.overrides } });
      const [r] = result.results;
      expect(r?.outcome, summary(result).join('\n')).to.equal('failed');
      expect(r!.message).to.match(/Replay exactly: --seed -?\d+ --path "[^"]+"/);
      expect(r!.message).to.include('Counterexample:');
      expect(r!.message).to.match(/Steps of the counterexample:\n  1\. /);
    });
  }

  it('grades a permitted variation as a warning, not a failure (conflicting PUT answered 204, unmodified)', async () => {
    const check = propertyChecks.find((c) => c.id === 'property.model.stateful')!;
    const conflictAs204 = editResponse(on('PUT', STATEMENTS), (reply) => {
      if (reply.status === 409) {
        reply.status = 204;
        reply.body = Buffer.alloc(0);
      }
    });
    const result = await run({ ...quiet, checks: [check], xapiVersion: '2.0.0', seed: SEED, embedded: { overrides: { beforeRoutes: [conflictAs204] } } });
    const [r] = result.results;
    expect(r?.outcome, summary(result).join('\n')).to.equal('warning');
    expect(r!.warnings.map((w) => w.message)).to.deep.equal(['a conflicting PUT (same id, different statement) was answered 204; the LRS SHOULD return 409 Conflict (Communication 2.1.1.s2.b3)']);
  });

  for (const status of [400, 409] as const) {
    it(`grades refusing (${status}) a PUT of a new profile document without If-Match / If-None-Match as a permitted variation (warning)`, async () => {
      const check = propertyChecks.find((c) => c.id === 'property.model.documents-sequences')!;
      const result = await run({ ...quiet, checks: [check], xapiVersion: '2.0.0', seed: SEED, embedded: refusesNewProfileWithoutPrecondition(status).build() });
      const [r] = result.results;
      expect(r?.outcome, summary(result).join('\n')).to.equal('warning');
      expect(r!.warnings.map((w) => w.message)).to.deep.equal([
        `a PUT of a new profile document without If-Match / If-None-Match was refused with ${status} (permitted: the client MUST send one, Communication 3.1.s3.b1; the spec does not say what the LRS does then)`,
      ]);
    });
  }

  it('accepts 404 (2.0: a warning) to a DELETE with a failing If-Match of a document that does not exist', async () => {
    const check = propertyChecks.find((c) => c.id === 'property.model.documents-sequences')!;
    const missingFirst: EmbeddedLrs = {
      overrides: { documents: { checkPreconditions: (input) => (input.method === 'DELETE' && !input.current ? { status: 404, message: 'no such document' } : checkPreconditions(input)) } },
    };
    const result = await run({ ...quiet, checks: [check], xapiVersion: 'both', seed: SEED, embedded: missingFirst });
    expect(summary(result).map((line) => line.split(':')[0])).to.deep.equal(['property.model.documents-sequences [1.0.3] passed', 'property.model.documents-sequences [2.0.0] warning']);
    expect(result.results[1]!.warnings.map((w) => w.message)).to.include(
      'a DELETE with a failing If-Match of a document that does not exist was answered 404, not 412 (2.0 4.1.4 asks 412 for a wrong ETag; RFC 7232 5 lets a server answer as it would without the precondition)',
    );
  });

  // An eventually consistent LRS: its queries leave out statements stored in the last LAG_MS. Whether or not it
  // sends X-Experience-API-Consistent-Through, the query properties must wait it out, never fail it (F11).
  const LAG_MS = 400;
  const laggingQueries = (withHeader: boolean) =>
    editResponse(on('GET', STATEMENTS), (reply, req) => {
      reply.headers['x-experience-api-consistent-through'] = withHeader ? new Date(Date.now() - LAG_MS).toISOString() : undefined;
      if (req.query.statementId !== undefined || req.query.voidedStatementId !== undefined || reply.status !== 200) return;
      const json = JSON.parse(reply.body.toString('utf8'));
      if (!Array.isArray(json?.statements)) return;
      json.statements = json.statements.filter((s: { stored: string }) => Date.parse(s.stored) <= Date.now() - LAG_MS);
      reply.body = Buffer.from(JSON.stringify(json));
    });
  for (const withHeader of [false, true]) {
    it(`waits out an LRS whose queries lag behind its writes (${withHeader ? 'with a lagging' : 'without'} Consistent-Through)`, async () => {
      const checks = propertyChecks.filter((c) => ['property.queries.query-oracle', 'property.queries.paging', 'property.model.stateful'].includes(c.id));
      const result = await run({ ...quiet, checks, xapiVersion: withHeader ? '2.0.0' : '1.0.3', seed: SEED, runs: 4, embedded: { overrides: { beforeRoutes: [laggingQueries(withHeader)] } } });
      expect(summary(result).sort()).to.deep.equal(checks.map((c) => `${c.id} [${withHeader ? '2.0.0' : '1.0.3'}] passed`).sort());
    });
  }

  it('replays a counterexample exactly with --seed and --path', async () => {
    const fault = FAULTS.find((f) => f.check === 'property.model.documents-sequences')!;
    const check = propertyChecks.find((c) => c.id === fault.check)!;
    const first = await run({ ...quiet, checks: [check], xapiVersion: fault.version, seed: SEED, embedded: { overrides: fault.overrides } });
    const [, seed, path] = /Replay exactly: --seed (-?\d+) --path "([^"]+)"/.exec(first.results[0]!.message ?? '') ?? [];
    expect(path, first.results[0]!.message).to.be.a('string');
    const replay = await run({ ...quiet, checks: [check], xapiVersion: fault.version, seed: Number(seed), path, embedded: { overrides: fault.overrides } });
    expect(replay.results[0]!.outcome).to.equal('failed');
    const steps = (m: string) => m.slice(m.indexOf('Counterexample:'), m.indexOf('Steps of the counterexample:'));
    expect(steps(replay.results[0]!.message ?? '')).to.equal(steps(first.results[0]!.message ?? ''));
    const clean = await run({ ...quiet, checks: [check], xapiVersion: fault.version, seed: Number(seed), path });
    expect(clean.results[0]!.outcome, 'the same counterexample passes against the correct LRS').to.equal('passed');
  });
});
