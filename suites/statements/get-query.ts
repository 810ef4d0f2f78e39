// Communication 2.1.3 GET Statements: queries. Every check stores its own statements, named with
// ctx.ns, and verifies that the result is exactly the matching ones: nothing else, nothing missing.
import { type Check, checkFamily } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { buildStatement, fetchStatement, idsOf, queryAll, queryUntil, storeStatement, storeStatements, type Statement } from './lib/statements.js';
import { compareInstants } from './lib/time.js';

const SECTION = 'Communication 2.1.3 GET Statements';

type Labelled = Record<string, Statement>;

/** Stores labelled statements (one batch), queries, and requires exactly the expected labels back. */
async function expectExactly(ctx: CheckContext, statements: Labelled, query: Record<string, unknown>, expected: string[]): Promise<void> {
  const labels = Object.keys(statements);
  for (const label of labels) statements[label]!.id ??= ctx.ns.uuid();
  await storeStatements(ctx, labels.map((l) => statements[l]!));
  const labelOf = new Map(labels.map((l) => [statements[l]!.id as string, l]));
  const expectedIds = expected.map((l) => statements[l]!.id as string);
  const result = await queryUntil(ctx, query as Record<string, string>, expectedIds);
  const returned = idsOf(result.statements);
  const extra = returned.filter((id) => !expectedIds.includes(id));
  if (extra.length > 0) {
    ctx.expect.fail(`the query returned statements that do not match ${JSON.stringify(query)}`, {
      expected: expected,
      actual: returned.map((id) => labelOf.get(id) ?? `unknown statement ${id}`),
    });
  }
  ctx.expect.equal(returned.length, new Set(returned).size, 'statements returned once each (no duplicates)');
}

const queryCheck = checkFamily({ idPrefix: 'statements.get-query', suite: 'statements', section: SECTION, tags: ['get', 'query'] });

const AGENT_QUOTE =
  'agent: Filter, only return Statements for which the specified Agent or Group is the Actor or Object of the Statement. ... Groups that have members which match the specified Agent based on their Inverse Functional Identifier as described above are considered a match';
const RELATED_AGENTS_QUOTE =
  'related_agents: Apply the Agent filter broadly. Include Statements for which the Actor, Object, Authority, Instructor, Team, or any of these properties in a contained SubStatement match the Agent parameter';
const RELATED_ACTIVITIES_QUOTE =
  'related_activities: Apply the Activity filter broadly. Include Statements for which the Object, any of the context Activities, or any of those properties in a contained SubStatement match the Activity parameter';

/** Statements around one agent A: where it appears decides which filter matches. */
function agentFixtures(ctx: CheckContext) {
  const a = ctx.ns.agent('a');
  const b = ctx.ns.agent('b');
  const filter = { objectType: 'Agent', mbox: a.mbox };
  const statements: Labelled = {
    actor: buildStatement(ctx, { actor: a }),
    object: buildStatement(ctx, { actor: b, object: a }),
    groupMember: buildStatement(ctx, { actor: { objectType: 'Group', member: [b, a] } }),
    otherActor: buildStatement(ctx, { actor: b }),
    instructor: buildStatement(ctx, { actor: b, context: { instructor: a } }),
    team: buildStatement(ctx, { actor: b, context: { team: { objectType: 'Group', member: [a] } } }),
    subStatementActor: buildStatement(ctx, {
      actor: b,
      object: { objectType: 'SubStatement', actor: a, verb: { id: ctx.ns.verb('planned') }, object: { id: ctx.ns.activity('sub') } },
    }),
  };
  return { statements, filter };
}

function activityFixtures(ctx: CheckContext) {
  const x = ctx.ns.activity('x');
  const y = ctx.ns.activity('y');
  const statements: Labelled = {
    object: buildStatement(ctx, { object: { objectType: 'Activity', id: x } }),
    otherObject: buildStatement(ctx, { object: { objectType: 'Activity', id: y } }),
    parent: buildStatement(ctx, { object: { id: y }, context: { contextActivities: { parent: [{ id: x }] } } }),
    category: buildStatement(ctx, { object: { id: y }, context: { contextActivities: { category: [{ id: x }] } } }),
    subStatementObject: buildStatement(ctx, {
      object: { objectType: 'SubStatement', actor: ctx.ns.agent('s'), verb: { id: ctx.ns.verb('planned') }, object: { id: x } },
    }),
  };
  return { statements, x };
}

/** Stores statements one POST at a time (distinct stored times likely) and reads back their stored values. */
async function sequentialStatements(ctx: CheckContext, count: number, registration: string): Promise<Statement[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(await storeStatement(ctx, buildStatement(ctx, { id: ctx.ns.uuid(), context: { registration } })));
  }
  const result = await queryUntil(ctx, { registration }, ids);
  return result.statements;
}

export const checks: Check[] = [
  queryCheck({
    slug: 'agent-filter',
    title: 'agent filter returns exactly the statements whose actor, object or group member is the agent',
    requirements: ['XAPI-00181', 'XAPI-00164'],
    quote: AGENT_QUOTE,
    async run(ctx: CheckContext) {
      const { statements, filter } = agentFixtures(ctx);
      await expectExactly(ctx, statements, { agent: filter }, ['actor', 'object', 'groupMember']);
    },
  }),
  queryCheck({
    slug: 'related-agents',
    title: 'related_agents=true also matches instructor, team and SubStatement agents',
    requirements: ['XAPI-00176', 'XAPI-00164'],
    quote: RELATED_AGENTS_QUOTE,
    async run(ctx: CheckContext) {
      const { statements, filter } = agentFixtures(ctx);
      await expectExactly(ctx, statements, { agent: filter, related_agents: 'true' }, [
        'actor',
        'object',
        'groupMember',
        'instructor',
        'team',
        'subStatementActor',
      ]);
    },
  }),
  queryCheck({
    slug: 'related-agents-context-agents',
    title: 'related_agents=true also matches contextAgents and contextGroups (2.0)',
    requirements: [],
    quote: '2.0: Statement queries with related_agents=true also match agents found in contextAgents / contextGroups.',
    versions: ['2.0.0'],
    async run(ctx: CheckContext) {
      const a = ctx.ns.agent('a');
      const b = ctx.ns.agent('b');
      const statements: Labelled = {
        contextAgent: buildStatement(ctx, { actor: b, context: { contextAgents: [{ objectType: 'contextAgent', agent: a }] } }),
        contextGroup: buildStatement(ctx, {
          actor: b,
          context: { contextGroups: [{ objectType: 'contextGroup', group: { objectType: 'Group', member: [a] } }] },
        }),
        unrelated: buildStatement(ctx, { actor: b }),
      };
      await expectExactly(ctx, statements, { agent: { objectType: 'Agent', mbox: a.mbox }, related_agents: 'true' }, ['contextAgent', 'contextGroup']);
    },
  }),
  queryCheck({
    slug: 'verb-filter',
    title: 'verb filter returns exactly the statements with that verb id',
    requirements: ['XAPI-00180', 'XAPI-00164'],
    quote: 'verb: Filter, only return Statements matching the specified Verb id.',
    async run(ctx: CheckContext) {
      const v = ctx.ns.verb('v');
      const statements: Labelled = {
        match1: buildStatement(ctx, { verb: { id: v } }),
        match2: buildStatement(ctx, { verb: { id: v, display: { 'en-US': 'v' } } }),
        other: buildStatement(ctx, { verb: { id: ctx.ns.verb('w') } }),
        subStatementVerb: buildStatement(ctx, {
          object: { objectType: 'SubStatement', actor: ctx.ns.agent('s'), verb: { id: v }, object: { id: ctx.ns.activity('sub') } },
        }),
      };
      await expectExactly(ctx, statements, { verb: v }, ['match1', 'match2']);
    },
  }),
  queryCheck({
    slug: 'activity-filter',
    title: 'activity filter returns exactly the statements whose object is that activity',
    requirements: ['XAPI-00179', 'XAPI-00164'],
    quote: 'activity: Filter, only return Statements for which the Object of the Statement is an Activity with the specified id.',
    async run(ctx: CheckContext) {
      const { statements, x } = activityFixtures(ctx);
      await expectExactly(ctx, statements, { activity: x }, ['object']);
    },
  }),
  queryCheck({
    slug: 'related-activities',
    title: 'related_activities=true also matches context activities and SubStatement objects',
    requirements: ['XAPI-00177', 'XAPI-00164'],
    quote: RELATED_ACTIVITIES_QUOTE,
    async run(ctx: CheckContext) {
      const { statements, x } = activityFixtures(ctx);
      await expectExactly(ctx, statements, { activity: x, related_activities: 'true' }, ['object', 'parent', 'category', 'subStatementObject']);
    },
  }),
  queryCheck({
    slug: 'registration-filter',
    title: 'registration filter returns exactly the statements with that registration',
    requirements: ['XAPI-00178', 'XAPI-00164'],
    quote: 'registration: Filter, only return Statements matching the specified registration id.',
    async run(ctx: CheckContext) {
      const r = ctx.ns.registration('r');
      const statements: Labelled = {
        match1: buildStatement(ctx, { context: { registration: r } }),
        match2: buildStatement(ctx, { actor: ctx.ns.agent('other'), context: { registration: r } }),
        other: buildStatement(ctx, { context: { registration: ctx.ns.registration('other') } }),
      };
      await expectExactly(ctx, statements, { registration: r }, ['match1', 'match2']);
    },
  }),
  queryCheck({
    slug: 'combined-filters',
    title: 'agent, verb, activity and registration filters combine with AND',
    requirements: ['XAPI-00164', 'XAPI-00178', 'XAPI-00179', 'XAPI-00180', 'XAPI-00181'],
    quote: 'The Statements within the "statements" property will correspond to the filtering criterion sent in with the GET request',
    async run(ctx: CheckContext) {
      const a = ctx.ns.agent('a');
      const v = ctx.ns.verb('v');
      const x = ctx.ns.activity('x');
      const r = ctx.ns.registration('r');
      const all = (over: Statement) =>
        buildStatement(ctx, { actor: a, verb: { id: v }, object: { id: x }, context: { registration: r }, ...over });
      const statements: Labelled = {
        all: all({}),
        otherAgent: all({ actor: ctx.ns.agent('b') }),
        otherVerb: all({ verb: { id: ctx.ns.verb('w') } }),
        otherActivity: all({ object: { id: ctx.ns.activity('y') } }),
        otherRegistration: all({ context: { registration: ctx.ns.registration('s') } }),
      };
      await expectExactly(ctx, statements, { agent: { objectType: 'Agent', mbox: a.mbox }, verb: v, activity: x, registration: r }, ['all']);
    },
  }),
  queryCheck({
    slug: 'statementref-targets-match',
    title: 'a statement whose object is a StatementRef to a matching statement matches the filter too',
    requirements: ['XAPI-00164'],
    quote:
      'For filter parameters which are not time or sequence based (that is, other than "since", "until", or "limit"), Statements which target another Statement (by using a StatementRef as the Object of the Statement) will meet the filter condition if the targeted Statement meets the filter condition. ... StatementRefs used as a value of the "Statement" property within Context do not affect how Statements are filtered.',
    async run(ctx: CheckContext) {
      const x = ctx.ns.activity('x');
      const targetId = ctx.ns.uuid();
      const refId = ctx.ns.uuid();
      const statements: Labelled = {
        target: buildStatement(ctx, { id: targetId, object: { id: x } }),
        reference: buildStatement(ctx, { id: refId, actor: ctx.ns.agent('b'), object: { objectType: 'StatementRef', id: targetId } }),
        referenceOfReference: buildStatement(ctx, { actor: ctx.ns.agent('c'), object: { objectType: 'StatementRef', id: refId } }),
        contextReference: buildStatement(ctx, { object: { id: ctx.ns.activity('y') }, context: { statement: { objectType: 'StatementRef', id: targetId } } }),
      };
      await expectExactly(ctx, statements, { activity: x }, ['target', 'reference', 'referenceOfReference']);
    },
  }),
  queryCheck({
    slug: 'empty-result',
    title: 'a query matching nothing answers 200 with an empty statements array',
    requirements: ['XAPI-00112', 'XAPI-00149', 'XAPI-00154'],
    quote: 'In the event that no Statements are found matching the query filter criteria, the LRS MUST still return 200 OK and a StatementResult Object. In this case, the "statements" property will contain an empty array.',
    async run(ctx: CheckContext) {
      const result = await queryAll(ctx, { registration: ctx.ns.registration('never-used') });
      ctx.expect.deepEqual(result.statements, [], 'statements for a registration nobody used');
    },
  }),
  queryCheck({
    slug: 'result-shape',
    title: 'a query answers application/json with a StatementResult holding complete statements',
    requirements: ['XAPI-00110', 'XAPI-00113', 'XAPI-00154', 'XAPI-00165'],
    quote: 'statements: Array of Statements ... more: IRL ... Required if the list returned has been limited, otherwise optional.',
    async run(ctx: CheckContext) {
      const r = ctx.ns.registration();
      const id = await storeStatement(ctx, buildStatement(ctx, { context: { registration: r } }));
      const result = await queryUntil(ctx, { registration: r }, [id]);
      const res = result.responses[0]!;
      const type = ctx.expect.header(res, 'Content-Type');
      ctx.expect.ok(/^application\/json\b/i.test(type), 'Content-Type of a StatementResult', { expected: 'application/json', actual: type });
      const body = res.json();
      const unknownKeys = Object.keys(body).filter((k) => k !== 'statements' && k !== 'more');
      if (unknownKeys.length > 0) {
        ctx.warn(`the StatementResult has properties the spec does not define: ${unknownKeys.join(', ')}`, 'A "more" property\'s referenced container object follows the same rules as the original GET request, originating with a single "statements" property and a single "more" property.');
      }
      const s = result.statements[0]!;
      for (const key of ['id', 'actor', 'verb', 'object', 'stored', 'authority']) {
        ctx.expect.ok(key in s, `a returned statement has "${key}"`, { actual: Object.keys(s) });
      }
    },
  }),
  queryCheck({
    slug: 'since-until-filter',
    title: 'since and until select statements by the LRS\'s own stored times',
    requirements: ['XAPI-00174', 'XAPI-00175'],
    quote: 'since: Only Statements stored since the specified Timestamp (exclusive) are returned. until: Only Statements stored at or before the specified Timestamp are returned.',
    async run(ctx: CheckContext) {
      const registration = ctx.ns.registration();
      const stored = await sequentialStatements(ctx, 4, registration);
      const sorted = [...stored].sort((p, q) => compareInstants(p.stored, q.stored));
      const pivot = sorted[1]!.stored as string;
      const before = sorted.filter((s) => compareInstants(s.stored, pivot) < 0);
      const after = sorted.filter((s) => compareInstants(s.stored, pivot) > 0);
      const atPivot = sorted.filter((s) => compareInstants(s.stored, pivot) === 0);

      const since = idsOf((await queryAll(ctx, { registration, since: pivot })).statements);
      const until = idsOf((await queryAll(ctx, { registration, until: pivot })).statements);
      for (const s of after) ctx.expect.ok(since.includes(s.id), `since=${pivot} returns a statement stored later (${s.stored})`, { actual: since });
      for (const s of before) ctx.expect.ok(!since.includes(s.id), `since=${pivot} leaves out a statement stored earlier (${s.stored})`, { actual: since });
      for (const s of before) ctx.expect.ok(until.includes(s.id), `until=${pivot} returns a statement stored earlier (${s.stored})`, { actual: until });
      for (const s of after) ctx.expect.ok(!until.includes(s.id), `until=${pivot} leaves out a statement stored later (${s.stored})`, { actual: until });
      // The boundary: since is exclusive, until inclusive.
      for (const s of atPivot) {
        const inSince = since.includes(s.id);
        const inUntil = until.includes(s.id);
        if (!inSince && inUntil) continue;
        const message = `a statement stored exactly at ${pivot} must be left out by since (exclusive) and returned by until (inclusive)`;
        const shownPrecision = /\.(\d+)/.exec(pivot)?.[1]?.length ?? 0;
        // An LRS that keeps more precision than it shows (allowed: 4.5.s1.b7) sees this statement as stored
        // just after the shown instant: returned by since, left out by until. Anything else is wrong.
        if (inSince && !inUntil && shownPrecision <= 3) {
          ctx.warn(`${message}; the LRS may keep more precision than the ${shownPrecision} fraction digits it shows in "stored"`, 'A Timestamp MAY be truncated or rounded to a precision of at least 3 decimal digits for seconds.');
        } else {
          ctx.expect.fail(message, { expected: { since: 'left out', until: 'returned' }, actual: { since: inSince ? 'returned' : 'left out', until: inUntil ? 'returned' : 'left out' } });
        }
      }
    },
  }),
  queryCheck({
    slug: 'ascending-order',
    title: 'results come newest first by default and oldest first with ascending=true',
    requirements: ['XAPI-00166'],
    quote: 'Otherwise returns: A StatementResult Object, a list of Statements in reverse chronological order based on "stored" time ... ascending: If true, return results in ascending order of stored time',
    async run(ctx: CheckContext) {
      const registration = ctx.ns.registration();
      await sequentialStatements(ctx, 3, registration);
      const descending = (await queryAll(ctx, { registration })).statements;
      const ascending = (await queryAll(ctx, { registration, ascending: 'true' })).statements;
      const inOrder = (list: Statement[], sign: number) => list.every((s, i) => i === 0 || sign * compareInstants(list[i - 1]!.stored, s.stored) <= 0);
      ctx.expect.ok(inOrder(descending, -1), 'default order is by stored, newest first', { actual: descending.map((s) => s.stored) });
      ctx.expect.ok(inOrder(ascending, 1), 'ascending=true orders by stored, oldest first', { actual: ascending.map((s) => s.stored) });
      ctx.expect.equal(ascending.length, descending.length, 'same number of statements in both orders');
    },
  }),
  ...(
    [
      ['agent-not-json-400', { agent: 'not json' }],
      ['agent-without-ifi-400', { agent: { objectType: 'Agent', name: 'no identifier' } }],
      ['verb-not-iri-400', { verb: 'answered' }],
      ['registration-not-uuid-400', { registration: 'registration-1' }],
      ['since-not-timestamp-400', { since: 'yesterday' }],
      ['limit-negative-400', { limit: '-1' }],
    ] as const
  ).map(([slug, query]) =>
    queryCheck({
      slug,
      title: `a query with an invalid parameter (${Object.keys(query)[0]}) answers 400`,
      requirements: ['XAPI-00012'],
      quote: 'The LRS MUST validate parameter values to the same standards required for values of the same types in Statements.',
      async run(ctx: CheckContext) {
        // The check's own activity bounds the answer of an LRS that ignores the invalid parameter.
        const bounded = { activity: ctx.ns.activity(), limit: 1, ...(query as Record<string, string | object>) };
        const res = await ctx.client.request({ method: 'GET', path: 'statements', query: bounded });
        ctx.expect.status(res, 400, `GET statements?${Object.keys(query)[0]}=<invalid>`);
      },
    }),
  ),
  queryCheck({
    slug: 'unknown-parameter-400',
    title: 'a query with a parameter the spec does not define answers 400',
    requirements: ['XAPI-00324'],
    quote: 'An LRS rejects with error code 400 Bad Request any request to an API which uses a parameter not recognized by the LRS',
    async run(ctx: CheckContext) {
      const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { registration: ctx.ns.registration(), colour: 'blue' } });
      ctx.expect.status(res, 400, 'GET statements?colour=blue');
    },
  }),
  queryCheck({
    slug: 'parameter-case-400',
    title: 'a query parameter in the wrong case answers 400',
    requirements: ['XAPI-00325'],
    quote: 'An LRS rejects with error code 400 Bad Request any request to an API which uses a parameter with differing case',
    async run(ctx: CheckContext) {
      const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { Registration: ctx.ns.registration() } });
      ctx.expect.status(res, 400, 'GET statements?Registration=...');
    },
  }),
  queryCheck({
    slug: 'iri-exact-match-2.0',
    title: 'activity IRIs are matched as simple strings: no case folding or normalisation (2.0)',
    requirements: [],
    quote: '2.0: IRIs are compared and stored as simple strings (no normalisation).',
    versions: ['2.0.0'],
    async run(ctx: CheckContext) {
      const base = ctx.ns.activity('iri');
      const variants: Labelled = {
        exact: buildStatement(ctx, { object: { id: `${base}/Path~x` } }),
        lowerCase: buildStatement(ctx, { object: { id: `${base}/path~x` } }),
        encoded: buildStatement(ctx, { object: { id: `${base}/Path%7Ex` } }),
      };
      await expectExactly(ctx, variants, { activity: `${base}/Path~x` }, ['exact']);
      const got = await fetchStatement(ctx, variants.encoded!.id);
      ctx.expect.equal(got.object?.id, `${base}/Path%7Ex`, 'a percent-encoded activity IRI is stored as sent');
    },
  }),
  queryCheck({
    slug: 'alternate-syntax-rejected-2.0',
    title: 'a query sent as POST with method=GET is rejected with 400 (2.0)',
    requirements: [],
    quote: '2.0: Alternate Request Syntax (the method query parameter, form-encoded bodies) is removed: an LRS rejects it (400)',
    versions: ['2.0.0'],
    async run(ctx: CheckContext) {
      const res = await ctx.client.request({
        method: 'POST',
        path: 'statements',
        query: { method: 'GET' },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ registration: ctx.ns.registration() }).toString(),
      });
      ctx.expect.status(res, 400, 'POST statements?method=GET under 2.0');
    },
  }),
  queryCheck({
    slug: 'alternate-syntax-post-get',
    title: 'a query sent as POST with method=GET and form parameters returns the StatementResult (1.0.3)',
    requirements: ['XAPI-00148'],
    quote: 'GET Statements MAY be called using POST and form parameters if necessary as query strings have limits. ... An LRS accepts a valid POST request containing a GET request returning 200 OK and the StatementResult Object.',
    versions: ['1.0.3'],
    async run(ctx: CheckContext) {
      const registration = ctx.ns.registration();
      const id = await storeStatement(ctx, buildStatement(ctx, { context: { registration } }));
      await queryUntil(ctx, { registration }, [id]);
      const res = await ctx.client.request({
        method: 'POST',
        path: 'statements',
        query: { method: 'GET' },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ registration }).toString(),
      });
      ctx.expect.status(res, 200, 'POST statements?method=GET with registration in the form body');
      ctx.expect.deepEqual(idsOf(res.json().statements ?? []), [id], 'statements returned for the registration');
    },
  }),
];
