// Query properties over a generated population stored under a fresh registration:
//  - query oracle: generated queries return exactly what the in-memory oracle selects, in stored order;
//  - paging: for generated limits, the union of the `more` pages equals the unpaged result, no duplicates.
import fc from 'fast-check';
import { defineCheck, type Check, type XapiVersion } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { REGISTRATION_TOKEN, statement, voiding, type Statement, type StatementOptions } from './arbitraries.js';
import { parseInstant } from './equivalence.js';
import { activitiesIn, agentParameter, agentsIn, expectedResults, voidedIds, type OracleQuery, type StoredStatement } from './oracle.js';
import { assertValid, harmonize, instantiate, newScope } from './scope.js';
import { awaitConsistency, expectStatus, fail, parseJson, queryAll, readAfterWrites, readStatement, writeStatements } from './lrs.js';
import { runProperty, type Recorder } from './runner.js';

const MAX_POPULATION = 7;

interface PopulationTemplate {
  members: Statement[];
  /** Indexes of members to void (voiding statements are written in a later batch). */
  voids: Statement[];
  /** Where the first write batch ends. */
  split: number;
}

const populationCache = new Map<XapiVersion, fc.Arbitrary<PopulationTemplate>>();

/** 3..7 statements from small pools (so filters hit), StatementRefs only to earlier members (acyclic), 0..2 voids. */
export function population(version: XapiVersion): fc.Arbitrary<PopulationTemplate> {
  const cached = populationCache.get(version);
  if (cached) return cached;
  const base: StatementOptions = { version, pools: { agents: 3, verbs: 3, activities: 3 }, registration: REGISTRATION_TOKEN, noAttachments: true };
  const member = Array.from({ length: MAX_POPULATION }, (_, i) => statement({ ...base, refTargets: Array.from({ length: i }, (_, j) => j) }));
  const voidOf = Array.from({ length: MAX_POPULATION }, (_, i) => voiding(i, base));
  const arb = fc.integer({ min: 3, max: MAX_POPULATION }).chain((n) =>
    fc
      .tuple(fc.tuple(...member.slice(0, n)), fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 2 }), fc.integer({ min: 1, max: n }))
      .chain(([members, voidIdx, split]) =>
        (voidIdx.length ? fc.tuple(...voidIdx.map((i) => voidOf[i]!)) : fc.constant([] as Statement[])).map((voids) => ({ members, voids, split })),
      ),
  );
  populationCache.set(version, arb);
  return arb;
}

/** An abstract query: which present agent / verb / activity to filter on, and where to put since/until. */
interface QueryTemplate {
  agent?: number;
  verb?: number;
  activity?: number;
  related_agents: boolean;
  related_activities: boolean;
  since?: number;
  until?: number;
  ascending: boolean;
  limit: number;
}

/** A filter present about a third of the time, so queries combine few filters and often match. */
const sometimes = fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat() });

const queryTemplate: fc.Arbitrary<QueryTemplate> = fc.record({
  agent: sometimes,
  verb: sometimes,
  activity: sometimes,
  related_agents: fc.boolean(),
  related_activities: fc.boolean(),
  since: sometimes,
  until: sometimes,
  ascending: fc.boolean(),
  limit: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })),
});

interface WrittenPopulation {
  registration: string;
  stored: StoredStatement[];
  /** The latest "stored" of the population: queries are read after it (readAfterWrites). */
  latestStoredNs: bigint;
  /** Instants at least 1 ms away from every stored value, for since/until (precision-safe boundaries). */
  boundaries: string[];
}

/** Writes the population (two batches, then the voids) and reads back each statement's "stored". */
async function writePopulation(ctx: CheckContext, rec: Recorder, template: PopulationTemplate): Promise<WrittenPopulation> {
  const scope = newScope(ctx);
  const ids = [...template.members, ...template.voids].map(() => ctx.ns.uuid());
  const all = [...template.members, ...template.voids].map((t, i) => ({ ...instantiate(t, scope, ids), id: ids[i]! }) as Statement);
  harmonize(all);
  for (const s of all) assertValid(s, ctx.version, 'generated population statement');
  const batches = [all.slice(0, template.split), all.slice(template.split, template.members.length), all.slice(template.members.length)].filter((b) => b.length);
  for (const batch of batches) {
    rec.step(`POST a batch of ${batch.length} population statement(s) under registration ${scope.registration}`);
    ctx.ledger.statements(batch.map((s) => s.id));
    await writeStatements(rec, batch, 'POST-array');
  }
  const voided = voidedIds(all.map((s) => ({ id: s.id, statement: s, stored: '', storedNs: 0n })));
  rec.step('read back every population statement (its "stored" value)');
  const stored: StoredStatement[] = [];
  for (const s of all) {
    const res = await readStatement(ctx, rec, s.id, voided.has(s.id));
    expectStatus(res, 200, `GET ${voided.has(s.id) ? 'voidedStatementId' : 'statementId'}=${s.id}`);
    const got = parseJson<Statement>(res, 'GET statement');
    const instant = typeof got.stored === 'string' ? parseInstant(got.stored) : undefined;
    if (!instant) fail(`statement ${s.id} came back without a valid "stored" timestamp (Data 2.4.8)`, 'a Timestamp', got.stored);
    stored.push({ id: s.id, statement: s, stored: got.stored, storedNs: instant.ns });
  }
  const latest = stored.reduce((max, p) => (p.storedNs > max ? p.storedNs : max), 0n);
  rec.step('wait until the LRS is consistent through the last stored statement');
  await awaitConsistency(ctx, rec, scope.registration, latest);
  return { registration: scope.registration, stored, latestStoredNs: latest, boundaries: boundaries(stored.map((p) => p.storedNs)) };
}

const MS = 1_000_000n;
/**
 * Whole-millisecond instants at least 1 ms away from every stored value: whether the LRS keeps
 * "stored" with more precision than it shows, truncates or rounds, each boundary falls on the same
 * side of every statement, so since/until never hinge on precision the spec leaves open.
 */
function boundaries(values: bigint[]): string[] {
  const floorMs = (ns: bigint) => (ns / MS) * MS;
  const candidates = new Set<bigint>();
  for (const v of values) {
    candidates.add(floorMs(v) - MS);
    candidates.add(floorMs(v) + 2n * MS);
  }
  const safe = [...candidates].filter((c) => values.every((v) => (c > v ? c - v : v - c) >= MS)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return safe.map((ns) => new Date(Number(ns / MS)).toISOString());
}

function concreteQuery(t: QueryTemplate, pop: WrittenPopulation): { oracle: OracleQuery; params: Record<string, string | number | boolean> } {
  const statements = pop.stored.map((p) => p.statement);
  const agents = dedupe(statements.flatMap(agentsIn), (a) => JSON.stringify(agentParameter(a)));
  const verbs = dedupe(statements.map((s) => s.verb.id as string), (v) => v);
  const activities = dedupe(statements.flatMap(activitiesIn), (a) => a);
  const oracle: OracleQuery = { ascending: t.ascending, related_agents: t.related_agents, related_activities: t.related_activities };
  if (t.agent !== undefined && agents.length) oracle.agent = agentParameter(agents[t.agent % agents.length]!);
  if (t.verb !== undefined) oracle.verb = verbs[t.verb % verbs.length];
  if (t.activity !== undefined && activities.length) oracle.activity = activities[t.activity % activities.length];
  if (t.since !== undefined) oracle.since = pop.boundaries[t.since % pop.boundaries.length];
  if (t.until !== undefined) oracle.until = pop.boundaries[t.until % pop.boundaries.length];
  const params: Record<string, string | number | boolean> = { registration: pop.registration };
  if (oracle.agent) params.agent = JSON.stringify(oracle.agent);
  if (oracle.verb) params.verb = oracle.verb;
  if (oracle.activity) params.activity = oracle.activity;
  if (oracle.related_agents && oracle.agent) params.related_agents = true;
  if (oracle.related_activities && oracle.activity) params.related_activities = true;
  if (oracle.since) params.since = oracle.since;
  if (oracle.until) params.until = oracle.until;
  if (oracle.ascending) params.ascending = true;
  if (t.limit) params.limit = t.limit;
  return { oracle: { ...oracle, related_agents: Boolean(params.related_agents), related_activities: Boolean(params.related_activities) }, params };
}

function dedupe<T>(xs: T[], key: (x: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const x of xs) if (!seen.has(key(x))) seen.set(key(x), x);
  return [...seen.values()];
}

/** Ids in order, no duplicates, stored order as asked (ties in any order). */
function checkOrderedResult(got: Statement[], ascending: boolean, what: string): string[] {
  const ids = got.map((s) => s.id as string);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) fail(`${what}: statement ${dup} returned more than once`, 'each statement once', ids);
  let previous: bigint | undefined;
  for (const s of got) {
    const instant = typeof s.stored === 'string' ? parseInstant(s.stored) : undefined;
    if (!instant) fail(`${what}: statement ${String(s.id)} has no valid "stored"`, 'a Timestamp', s.stored);
    if (previous !== undefined && (ascending ? instant.ns < previous : instant.ns > previous)) {
      fail(`${what}: statements are not in ${ascending ? 'ascending' : 'descending (the default)'} order of "stored" (Communication 2.1.3)`, ascending ? 'ascending stored' : 'descending stored', got.map((x) => `${String(x.id)} @ ${String(x.stored)}`));
    }
    previous = instant.ns;
  }
  return ids;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');

const queryOracle = defineCheck({
  id: 'property.queries.query-oracle',
  title: 'Generated statement queries return exactly what an in-memory oracle selects, in stored order',
  suite: 'property',
  section: 'Communication 2.1.3 GET Statements, 2.1.4 Voided Statements',
  requirements: ['XAPI-00173', 'XAPI-00174', 'XAPI-00175', 'XAPI-00176', 'XAPI-00177', 'XAPI-00178', 'XAPI-00179', 'XAPI-00180', 'XAPI-00181', 'XAPI-00166', 'XAPI-00162', 'XAPI-00163', 'XAPI-00164'],
  quote:
    'Otherwise returns: A StatementResult Object, a list of Statements in reverse chronological order based on "stored" time … ' +
    'Statements which target another Statement (by using a StatementRef as the Object of the Statement) will meet the filter condition if the targeted Statement meets the filter condition. (Communication 2.1.3) ' +
    'The LRS MUST not return any Statement which has been voided, unless that Statement has been requested by voidedStatementId. (Communication 2.1.4.s1.b1)',
  level: 'MUST',
  versions: ['1.0.3', '2.0.0'],
  tags: ['property', 'statements', 'query'],
  run: async (ctx) => {
    const tally = { queries: 0, nonEmpty: 0, statements: 0 };
    await runProperty(ctx, {
      name: 'query oracle',
      defaultRuns: 10,
      arbitrary: () => fc.tuple(population(ctx.version), fc.array(queryTemplate, { minLength: 1, maxLength: 5 })),
      describe: ([pop, queries]) => `population of ${pop.members.length} (+${pop.voids.length} voiding) statements; queries ${JSON.stringify(queries)}`,
      async run([template, queries], rec) {
        const pop = await writePopulation(ctx, rec, template);
        for (const q of queries) {
          const { oracle, params } = concreteQuery(q, pop);
          const what = `GET statements ${JSON.stringify(params)}`;
          const acceptable = expectedResults(pop.stored, oracle);
          rec.step(`query ${JSON.stringify(params)}`);
          // An LRS not yet consistent through the population (or not telling) is polled through ctx.eventually.
          const ids = await readAfterWrites(ctx, rec, pop.latestStoredNs, async () => {
            const pages = await queryAll(rec, params);
            const got = checkOrderedResult(pages.statements, Boolean(oracle.ascending), what);
            if (!acceptable.some((e) => sameSet(e, got))) {
              fail(`${what}: returned statements differ from the oracle's selection`, acceptable.length === 1 ? acceptable[0] : acceptable, got);
            }
            if (params.limit && pages.pageSizes[0]! > Number(params.limit)) {
              fail(`${what}: the first page has ${pages.pageSizes[0]} statements, more than limit=${params.limit} (XAPI-00173)`, `at most ${params.limit}`, pages.pageSizes[0]);
            }
            return got;
          });
          tally.queries += 1;
          tally.statements += ids.length;
          if (ids.length) tally.nonEmpty += 1;
        }
      },
    });
    ctx.note(`query oracle: ${tally.queries} queries, ${tally.nonEmpty} with a non-empty result, ${tally.statements} statements returned in all.`);
  },
});

const paging = defineCheck({
  id: 'property.queries.paging',
  title: 'For generated limits, the union of the "more" pages equals the unpaged result, with no duplicates',
  suite: 'property',
  section: 'Data 2.5 Retrieval of Statements',
  requirements: ['XAPI-00108', 'XAPI-00109', 'XAPI-00111', 'XAPI-00114', 'XAPI-00173'],
  quote:
    'If the list returned has been limited (due to pagination), and there are more results, they will be located at the "statements" property within the container located at the IRL provided by the "more" property of this Statement result Object. (Data 2.5)',
  level: 'MUST',
  versions: ['1.0.3', '2.0.0'],
  tags: ['property', 'statements', 'paging'],
  run: (ctx) =>
    runProperty(ctx, {
      name: 'paging',
      defaultRuns: 6,
      arbitrary: () => fc.tuple(population(ctx.version), fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.option(fc.nat(), { nil: undefined })), { minLength: 1, maxLength: 3 })),
      describe: ([pop, pagings]) => `population of ${pop.members.length} (+${pop.voids.length} voiding) statements; [limit, ascending, verb] ${JSON.stringify(pagings)}`,
      async run([template, pagings], rec) {
        const pop = await writePopulation(ctx, rec, template);
        const verbs = dedupe(pop.stored.map((p) => p.statement.verb.id as string), (v) => v);
        for (const [limit, ascending, verb] of pagings) {
          const params: Record<string, string | number | boolean> = { registration: pop.registration };
          if (ascending) params.ascending = true;
          if (verb !== undefined) params.verb = verbs[verb % verbs.length]!;
          rec.step(`unpaged query ${JSON.stringify(params)}, then paged with limit=${limit}, following "more"`);
          // Both reads in one attempt: an LRS still catching up may answer them from different states.
          await readAfterWrites(ctx, rec, pop.latestStoredNs, async () => {
            const whole = checkOrderedResult((await queryAll(rec, params)).statements, ascending, 'unpaged query');
            const pages = await queryAll(rec, { ...params, limit });
            const paged = checkOrderedResult(pages.statements, ascending, `paged query (limit=${limit})`);
            const oversized = pages.pageSizes.findIndex((n) => n > limit);
            if (oversized >= 0) fail(`page ${oversized + 1} has ${pages.pageSizes[oversized]} statements, more than limit=${limit} (XAPI-00173)`, `at most ${limit}`, pages.pageSizes);
            if (!sameSet(whole, paged)) fail(`the union of the pages (limit=${limit}) differs from the unpaged result`, whole, paged);
          });
        }
      },
    }),
});

export const checks: Check[] = [queryOracle, paging];
