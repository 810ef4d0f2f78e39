// Model-based stateful testing with fast-check commands: random sequences of statement writes,
// voids, conflicting PUTs, reads, queries and document writes (with and without If-Match), each
// response checked against the model. The documents property runs the document commands alone.
import fc from 'fast-check';
import { defineCheck, type Check, type XapiVersion } from '../../harness/check.js';
import { REGISTRATION_TOKEN, statement, VOIDED_VERB, type Statement } from './arbitraries.js';
import { compareStatements } from './equivalence.js';
import { documentCommands, newDocModel, verifyAllDocuments, type DocModel, type DocReal } from './documents.js';
import { awaitConsistency, expectStatus, fail, parseJson, queryAll, readAfterWrites, readStatement, writeStatements } from './lrs.js';
import { parseInstant } from './equivalence.js';
import { assertValid, harmonize, instantiate, newScope } from './scope.js';
import { runProperty, warnOnce, type Recorder } from './runner.js';

interface StatementEntry {
  id: string;
  statement: Statement;
  voiding: boolean;
}

interface Model extends DocModel {
  statements: StatementEntry[];
  voided: Set<string>;
}

type Real = DocReal;

const templateCache = new Map<XapiVersion, fc.Arbitrary<Statement>>();
function template(version: XapiVersion): fc.Arbitrary<Statement> {
  let arb = templateCache.get(version);
  if (!arb) templateCache.set(version, (arb = statement({ version, registration: REGISTRATION_TOKEN, pools: { agents: 4, verbs: 3, activities: 4 }, noAttachments: true })));
  return arb;
}

function concrete(t: Statement, r: Real): Statement {
  const s = instantiate(t, r.scope);
  harmonize([s]);
  s.id = r.ctx.ns.uuid();
  assertValid(s, r.ctx.version);
  return s;
}

const plain = (m: Readonly<Model>) => m.statements.filter((e) => !e.voiding);

class WriteStatement implements fc.AsyncCommand<Model, Real> {
  constructor(readonly t: Statement, readonly how: 'PUT' | 'POST') {}
  check = () => true;
  toString = () => `${this.how} new statement (verb …${String(this.t.verb.id).slice(-8)}, object ${this.t.object.objectType ?? 'Activity'})`;
  async run(m: Model, r: Real): Promise<void> {
    const s = concrete(this.t, r);
    r.rec.step(this.toString());
    r.ctx.ledger.statements([s.id]);
    await writeStatements(r.rec, [s], this.how);
    m.statements.push({ id: s.id, statement: s, voiding: false });
  }
}

class ConflictingPut implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number, readonly t: Statement) {}
  check = (m: Readonly<Model>) => plain(m).length > 0;
  toString = () => `PUT a different statement under the id of existing statement #${this.pick}`;
  async run(m: Model, r: Real): Promise<void> {
    const target = plain(m)[this.pick % plain(m).length]!;
    const s = { ...concrete(this.t, r), id: target.id };
    r.rec.step(`${this.toString()} (${target.id})`);
    const res = await r.rec.request({ method: 'PUT', path: 'statements', query: { statementId: target.id }, body: s });
    // 2.1.1.s2.b2/b3: MUST NOT modify; SHOULD answer 409 when the statements differ.
    expectStatus(res, [409, 204], 'PUT of a different statement with an existing id (Communication 2.1.1.s2.b2: 409 Conflict or 204, never a modification)');
    if (res.status === 204) warnOnce(r.ctx, 'a conflicting PUT (same id, different statement) was answered 204; the LRS SHOULD return 409 Conflict (Communication 2.1.1.s2.b3)');
  }
}

class VoidStatement implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => plain(m).length > 0;
  toString = () => `void existing statement #${this.pick}`;
  async run(m: Model, r: Real): Promise<void> {
    const target = plain(m)[this.pick % plain(m).length]!;
    const s = {
      id: r.ctx.ns.uuid(),
      actor: { objectType: 'Agent', mbox: `mailto:voider@${r.scope.label}.example.com` },
      verb: { id: VOIDED_VERB, display: { 'en-US': 'voided' } },
      object: { objectType: 'StatementRef', id: target.id },
      context: { registration: r.scope.registration },
    };
    r.rec.step(`${this.toString()} (${target.id}${m.voided.has(target.id) ? ', already voided' : ''})`);
    r.ctx.ledger.statements([s.id]);
    await writeStatements(r.rec, [s], 'POST');
    m.statements.push({ id: s.id, statement: s, voiding: true });
    m.voided.add(target.id);
  }
}

class VoidVoiding implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.statements.some((e) => e.voiding);
  toString = () => `try to void voiding statement #${this.pick}`;
  async run(m: Model, r: Real): Promise<void> {
    const voidings = m.statements.filter((e) => e.voiding);
    const target = voidings[this.pick % voidings.length]!;
    const s = {
      id: r.ctx.ns.uuid(),
      actor: { objectType: 'Agent', mbox: `mailto:voider@${r.scope.label}.example.com` },
      verb: { id: VOIDED_VERB },
      object: { objectType: 'StatementRef', id: target.id },
      context: { registration: r.scope.registration },
    };
    r.rec.step(`${this.toString()} (${target.id})`);
    const res = await r.rec.request({ method: 'POST', path: 'statements', body: s });
    // XAPI-00016: such a statement MAY be rejected; if accepted, it SHOULD be ignored (the voiding statement stays valid).
    expectStatus(res, [200, 400, 403], 'POST of a statement voiding a voiding statement (XAPI-00016: MAY be rejected; if accepted it does not void)');
    if (res.status === 200) {
      r.ctx.ledger.statements([s.id]);
      m.statements.push({ id: s.id, statement: s, voiding: true });
    }
  }
}

class ReadStatement implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number, readonly asVoided: boolean) {}
  check = (m: Readonly<Model>) => m.statements.length > 0;
  toString = () => `GET ${this.asVoided ? 'voidedStatementId' : 'statementId'} of statement #${this.pick}`;
  async run(m: Model, r: Real): Promise<void> {
    const e = m.statements[this.pick % m.statements.length]!;
    const voided = m.voided.has(e.id);
    r.rec.step(`${this.toString()} (${e.id}, ${voided ? 'voided' : 'not voided'})`);
    // Eventually consistent LRSs may lag behind the last write: wait for the expected answer.
    const expected = this.asVoided === voided ? 200 : 404;
    const res = await r.ctx.eventually(async () => {
      const got = await r.rec.request({ method: 'GET', path: 'statements', query: this.asVoided ? { voidedStatementId: e.id } : { statementId: e.id } });
      // 2.1.4.s1.b1: a voided statement only by voidedStatementId; voidedStatementId only finds voided ones.
      expectStatus(got, expected, expected === 200 ? 'GET of a stored statement' : voided ? 'GET statementId of a voided statement (Communication 2.1.4: MUST not return it)' : 'GET voidedStatementId of a statement that is not voided');
      return got;
    });
    if (expected === 404) return;
    const { differences } = compareStatements(e.statement, parseJson(res, 'GET statement'), r.ctx.version);
    if (differences.length) fail(`statement ${e.id} read back differs from the one stored (a stored statement MUST NOT change, whatever conflicting PUTs or voids followed): ${differences.map((d) => `${d.path} (${d.why})`).join('; ')}`, differences.map((d) => d.expected), differences.map((d) => d.actual));
  }
}

class QueryRegistration implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ascending: boolean, readonly limit: number) {}
  check = () => true;
  toString = () => `GET statements?registration=…${this.ascending ? '&ascending=true' : ''}${this.limit ? `&limit=${this.limit}` : ''} (following more)`;
  async run(m: Model, r: Real): Promise<void> {
    r.rec.step(this.toString());
    const last = m.statements[m.statements.length - 1];
    let lastStoredNs: bigint | undefined;
    if (last) {
      const res = await readStatement(r.ctx, r.rec, last.id, m.voided.has(last.id));
      const stored = parseJson<Statement>(res, 'GET statement').stored;
      lastStoredNs = typeof stored === 'string' ? parseInstant(stored)?.ns : undefined;
      if (lastStoredNs !== undefined) await awaitConsistency(r.ctx, r.rec, r.scope.registration, lastStoredNs);
    }
    const expected = m.statements.filter((e) => !m.voided.has(e.id)).map((e) => e.id).sort();
    // An LRS not yet consistent through the last write (or not telling) is polled through ctx.eventually.
    await readAfterWrites(r.ctx, r.rec, lastStoredNs, async () => {
      const pages = await queryAll(r.rec, { registration: r.scope.registration, ...(this.ascending ? { ascending: true } : {}), ...(this.limit ? { limit: this.limit } : {}) });
      const got = pages.statements.map((s) => String(s.id)).sort();
      if (got.join(',') !== expected.join(',')) fail('the statements of this registration differ from the model (every written statement except the voided ones, Communication 2.1.4)', expected, got);
    });
  }
}

function statementCommands(version: XapiVersion): Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>> {
  const t = template(version);
  return [
    fc.tuple(t, fc.constantFrom<'PUT' | 'POST'>('PUT', 'POST')).map(([s, how]) => new WriteStatement(s, how)),
    fc.tuple(t, fc.constantFrom<'PUT' | 'POST'>('PUT', 'POST')).map(([s, how]) => new WriteStatement(s, how)),
    fc.tuple(fc.nat(), t).map(([i, s]) => new ConflictingPut(i, s)),
    fc.nat().map((i) => new VoidStatement(i)),
    fc.nat().map((i) => new VoidVoiding(i)),
    fc.tuple(fc.nat(), fc.boolean()).map(([i, v]) => new ReadStatement(i, v)),
    fc.tuple(fc.boolean(), fc.constantFrom(0, 1, 2)).map(([a, l]) => new QueryRegistration(a, l)),
  ];
}

function describeCommands(cmds: Iterable<fc.AsyncCommand<any, any>>): string {
  return [...cmds].map((c, i) => `${i + 1}. ${c.toString()}`).join('\n');
}

async function execute(cmds: Iterable<fc.AsyncCommand<Model, Real>>, real: Omit<Real, 'rec'>, rec: Recorder, withStatements: boolean): Promise<void> {
  const model: Model = { ...newDocModel(), statements: [], voided: new Set() };
  const r: Real = { ...real, rec };
  await fc.asyncModelRun(() => ({ model, real: r }), cmds);
  // Check the final state as well: every document and, with statements, every statement.
  rec.step('verify the final state of every document');
  await verifyAllDocuments(model, r);
  if (withStatements) {
    for (let i = 0; i < model.statements.length; i++) await new ReadStatement(i, model.voided.has(model.statements[i]!.id)).run(model, r);
    await new QueryRegistration(false, 0).run(model, r);
  }
}

const documentsProperty = defineCheck({
  id: 'property.model.documents-sequences',
  title: 'Generated PUT/POST/DELETE/GET sequences on state and profile documents match a model of merges and ETags',
  suite: 'property',
  section: 'Communication 2.2 Document Resources, 3.1 Concurrency',
  requirements: ['XAPI-00182', 'XAPI-00183', 'XAPI-00184', 'XAPI-00190', 'XAPI-00191', 'XAPI-00193', 'XAPI-00233', 'XAPI-00234', 'XAPI-00232', 'XAPI-00279', 'XAPI-00308', 'XAPI-00322'],
  quote:
    'When an LRS receives a POST request with content type application/json for an existing document also of content type application/json, it MUST merge the posted document with the existing document. (Communication 2.2.s7) ' +
    'If the header precondition in either of the PUT request cases above fails, the LRS: MUST return HTTP status 412 Precondition Failed. MUST NOT make a modification to the resource. ' +
    'If a PUT request is received without either header for a resource that already exists, the LRS: MUST return HTTP status 409 Conflict. (Communication 3.1.s4)',
  level: 'MUST',
  versions: ['1.0.3', '2.0.0'],
  tags: ['property', 'documents', 'concurrency', 'model'],
  run: (ctx) =>
    runProperty(ctx, {
      name: 'document sequences',
      defaultRuns: 12,
      arbitrary: (replayPath) => fc.tuple(fc.commands(documentCommands() as Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>>, { maxCommands: 20, size: 'medium', ...(replayPath ? { replayPath } : {}) }), fc.boolean()),
      describe: ([cmds, withRegistration]) => `${withRegistration ? 'state documents under a registration' : 'state documents without registration'}\n${describeCommands(cmds)}`,
      run: ([cmds, withRegistration], rec) => {
        const scope = newScope(ctx);
        return execute(cmds, { ctx, scope, ...(withRegistration ? { registration: scope.registration } : {}) }, rec, false);
      },
    }),
});

const statefulProperty = defineCheck({
  id: 'property.model.stateful',
  title: 'Random sequences of statement writes, voids, conflicting PUTs, reads, queries and document writes agree with a model',
  suite: 'property',
  section: 'Communication 2.1 Statement Resource, 2.1.4 Voided Statements, 2.2 Document Resources, 3.1 Concurrency',
  requirements: ['XAPI-00142', 'XAPI-00018', 'XAPI-00016', 'XAPI-00178', 'XAPI-00182', 'XAPI-00322'],
  quote:
    'An LRS MUST NOT make any modifications to its state based on receiving a Statement with a statementId that it already has a Statement for. (Communication 2.1.1.s2.b2) ' +
    'An LRS MUST consider a Statement it contains voided if and only if the Statement is not itself a voiding Statement and the LRS also contains a voiding Statement referring to the first Statement. (Data 2.3.2.s2.b3)',
  level: 'MUST',
  versions: ['1.0.3', '2.0.0'],
  tags: ['property', 'statements', 'documents', 'model'],
  run: (ctx) =>
    runProperty(ctx, {
      name: 'stateful model',
      defaultRuns: 8,
      arbitrary: (replayPath) =>
        fc.commands([...statementCommands(ctx.version), ...(documentCommands() as Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>>)], { maxCommands: 24, size: 'medium', ...(replayPath ? { replayPath } : {}) }),
      describe: (cmds) => describeCommands(cmds),
      run: (cmds, rec) => execute(cmds, { ctx, scope: newScope(ctx) }, rec, true),
    }),
});

export const checks: Check[] = [documentsProperty, statefulProperty];
