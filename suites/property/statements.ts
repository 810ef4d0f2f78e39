// Properties of single statements: generated valid statements round-trip, generated one-rule
// mutants are rejected with 400 and nothing of their batch is stored.
import fc from 'fast-check';
import { defineCheck, type Check, type XapiVersion } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { validateStatement } from '../../validation/index.js';
import { statement, type Statement } from './arbitraries.js';
import { compareStatements } from './equivalence.js';
import { applyMutator, mutatorsFor, type Mutator } from './mutators.js';
import { assertValid, GeneratorBug, harmonize, instantiate, newScope } from './scope.js';
import { fail, expectStatus, parseJson, readStatement, writeStatements } from './lrs.js';
import { runProperty, warnOnce, type Recorder } from './runner.js';

const arbitraryCache = new Map<string, fc.Arbitrary<Statement>>();
function statementArb(version: XapiVersion): fc.Arbitrary<Statement> {
  let arb = arbitraryCache.get(version);
  if (!arb) arbitraryCache.set(version, (arb = statement({ version })));
  return arb;
}

type WriteMode = 'PUT' | 'POST' | 'POST-array' | 'POST-without-id';

const roundTrip = defineCheck({
  id: 'property.statements.round-trip',
  title: 'Any valid statement (whole Data model) comes back from GET ?statementId equal to what was stored',
  suite: 'property',
  section: 'Data 2.3.1 Statement Immutability; Communication 2.1.1-2.1.3',
  requirements: ['XAPI-00143', 'XAPI-00170', 'XAPI-00096', 'XAPI-00026', 'XAPI-00122', 'XAPI-00332'],
  quote:
    'The LRS MUST NOT return a different serialization of any properties except those listed as exceptions. (Data 2.2.s2.b5) ' +
    'Differences which could have been caused by exceptions to Statement immutability MUST be ignored. (Data 2.3.1.s9.b1)',
  level: 'MUST',
  versions: ['1.0.3', '2.0.0'],
  tags: ['property', 'statements', 'round-trip'],
  run: (ctx) =>
    runProperty(ctx, {
      name: 'round trip',
      defaultRuns: 25,
      arbitrary: () => fc.tuple(statementArb(ctx.version), fc.constantFrom<WriteMode>('PUT', 'POST', 'POST-array', 'POST-without-id')),
      describe: ([s, mode]) => `${mode} of ${JSON.stringify(s, null, 1)}`,
      async run([template, mode], rec) {
        const scope = newScope(ctx);
        const s = instantiate(template, scope);
        harmonize([s]);
        if (mode !== 'POST-without-id') s.id = ctx.ns.uuid();
        assertValid(s, ctx.version);
        rec.step(`${mode === 'PUT' ? 'PUT' : 'POST'} the generated statement`);
        const [id] = await writeStatements(rec, [s], mode === 'POST-without-id' ? 'POST' : mode);
        ctx.ledger.statements([id!]);
        rec.step(`GET statements?statementId=${id}`);
        const res = await readStatement(ctx, rec, id!);
        expectStatus(res, 200, 'GET a stored statement by statementId');
        const got = parseJson<Record<string, unknown>>(res, 'GET statements?statementId');
        const { differences, warnings } = compareStatements({ ...s, id }, got, ctx.version);
        for (const w of warnings) warnOnce(ctx, w);
        if (differences.length > 0) {
          fail(
            `the statement read back differs from the one stored: ${differences.map((d) => `${d.path} (${d.why})`).join('; ')}`,
            Object.fromEntries(differences.map((d) => [d.path, d.expected])),
            Object.fromEntries(differences.map((d) => [d.path, d.actual])),
          );
        }
      },
    }),
});

type MutantMode = 'PUT' | 'POST' | 'POST-batch';

function mutantCheck(level: 'MUST' | 'SHOULD', versions: readonly XapiVersion[]): Check {
  const slug = level === 'MUST' ? 'invalid-rejected' : 'invalid-should-rejected';
  const requirements = [...new Set(versions.flatMap((v) => mutatorsFor(v, level).flatMap((m) => m.requirements)))].sort();
  return defineCheck({
    id: `property.statements.${slug}`,
    title: level === 'MUST' ? 'Statements breaking exactly one MUST rule are rejected with 400 and nothing of their batch is stored' : 'Statements breaking one SHOULD* rule are rejected with 400',
    suite: 'property',
    section: 'Data 2.2 Formatting Requirements; Communication 3.2 Error Codes',
    requirements: [...requirements, 'XAPI-00326'],
    quote:
      'An LRS rejects with a 400 Bad Request any batch of Statements in which one or more Statements is rejected and if necessary, restores the LRS to the state in which it was before the batch began processing. (XAPI-00326)',
    level,
    versions,
    tags: ['property', 'statements', 'validation'],
    run: (ctx) =>
      runProperty(ctx, {
        name: `one-rule mutants (${level})`,
        defaultRuns: level === 'MUST' ? 30 : 5,
        arbitrary: () =>
          fc.tuple(
            statementArb(ctx.version),
            fc.constantFrom(...mutatorsFor(ctx.version, level)),
            fc.constantFrom<MutantMode>('PUT', 'POST', 'POST-batch'),
            statementArb(ctx.version),
            fc.boolean(),
          ),
        describe: ([s, m, mode, , mutantFirst]) => `mutator "${m.name}" (${m.requirements.join(', ') || '2.0 rule'}) sent by ${mode}${mode === 'POST-batch' ? (mutantFirst ? ', mutant first' : ', mutant last') : ''} on ${JSON.stringify(s)}`,
        run: ([template, m, mode, companionTemplate, mutantFirst], rec) => runMutant(ctx, rec, template, m, mode, companionTemplate, mutantFirst),
      }),
  });
}

async function runMutant(ctx: CheckContext, rec: Recorder, template: Statement, m: Mutator, mode: MutantMode, companionTemplate: Statement, mutantFirst: boolean): Promise<void> {
  const scope = newScope(ctx);
  const { base, mutant: mutantTemplate } = applyMutator(m, template, ctx.version);
  const valid = instantiate(base, scope);
  const mutant = instantiate(mutantTemplate, scope);
  harmonize([valid]);
  if (!('id' in mutant)) mutant.id = ctx.ns.uuid(); // id mutators set their own (invalid) id
  valid.id = ctx.ns.uuid();
  assertValid(valid, ctx.version, `the prepared base of mutator "${m.name}"`);
  if (validateStatement(mutant, ctx.version).length === 0) throw new GeneratorBug(`mutator "${m.name}" produced a statement our validator accepts: ${JSON.stringify(mutant)}`);
  const companion = instantiate(companionTemplate, scope);
  harmonize([companion]);
  companion.id = ctx.ns.uuid();
  assertValid(companion, ctx.version, 'the valid companion statement');

  const batch = mode === 'POST-batch' ? (mutantFirst ? [mutant, companion] : [companion, mutant]) : [mutant];
  rec.step(`${mode === 'PUT' ? 'PUT' : 'POST'} a statement breaking "${m.name}" (${m.requirements.join(', ') || m.quote})${mode === 'POST-batch' ? ' in a batch with a valid statement' : ''}`);
  const res =
    mode === 'PUT'
      ? await rec.request({ method: 'PUT', path: 'statements', query: { statementId: typeof mutant.id === 'string' ? mutant.id : ctx.ns.uuid() }, body: mutant })
      : await rec.request({ method: 'POST', path: 'statements', body: mode === 'POST' ? mutant : batch });
  if (res.status >= 200 && res.status < 300) {
    ctx.ledger.statements(batch.map((s) => s.id).filter((id): id is string => typeof id === 'string'));
  }
  expectStatus(res, 400, `a statement that breaks "${m.name}": ${m.quote}`);
  // Nothing of a rejected batch may be stored (XAPI-00326).
  for (const s of batch) {
    if (typeof s.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(s.id)) continue;
    rec.step(`GET statements?statementId=${s.id} (must not exist: its batch was rejected)`);
    const got = await rec.request({ method: 'GET', path: 'statements', query: { statementId: s.id } });
    if (got.status !== 404) {
      fail(`statement ${s.id} of a rejected batch was stored anyway (GET answered ${got.status})`, 404, got.status);
    }
  }
}

export const checks: Check[] = [roundTrip, mutantCheck('MUST', ['1.0.3', '2.0.0']), mutantCheck('SHOULD', ['1.0.3'])];
