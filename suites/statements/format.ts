// Communication 2.1.3 GET Statements: the format parameter (exact, ids, canonical) and language selection.
import { type Check, type Level, checkFamily } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { buildStatement, fetchStatement, storeStatement, type Statement } from './lib/statements.js';

const SECTION = 'Communication 2.1.3 GET Statements';

/** A statement rich in names, displays and definitions in two languages. */
function richStatement(ctx: CheckContext): Statement {
  return buildStatement(ctx, {
    id: ctx.ns.uuid(),
    actor: { objectType: 'Agent', name: 'Ada Learner', mbox: ctx.ns.agent('ada').mbox },
    verb: { id: ctx.ns.verb('answered'), display: { 'en-US': 'answered', 'fr-FR': 'a répondu' } },
    object: {
      objectType: 'Activity',
      id: ctx.ns.activity('question'),
      definition: {
        name: { 'en-US': 'Question one', 'fr-FR': 'Question un' },
        description: { 'en-US': 'The first question', 'fr-FR': 'La première question' },
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        interactionType: 'choice',
        correctResponsesPattern: ['a'],
        choices: [{ id: 'a', description: { 'en-US': 'Answer A', 'fr-FR': 'Réponse A' } }],
      },
    },
    result: { success: true, duration: 'PT2M3.5S', score: { scaled: 0.75 } },
    context: {
      registration: ctx.ns.registration(),
      instructor: { objectType: 'Agent', name: 'Ines Instructor', mbox: ctx.ns.agent('ines').mbox },
      contextActivities: { parent: [{ objectType: 'Activity', id: ctx.ns.activity('course') }] },
    },
  });
}

const formatFamily = checkFamily({ idPrefix: 'statements.format', suite: 'statements', section: SECTION, tags: ['get', 'format'] });

function formatCheck(slug: string, title: string, requirements: string[], quote: string, level: Level, run: (ctx: CheckContext) => Promise<void>): Check {
  return formatFamily({ slug, title, requirements, quote, level, run });
}

const IDS_DISPLAY_QUOTE = 'When queried for Statements with a Format of ids, the LRS SHOULD* NOT include the "display" property.';

/** Data 2.4.3.s6.b2 makes leaving verb.display out of format=ids a SHOULD*, so its presence is only a warning. */
export function warnVerbDisplayInIds(ctx: CheckContext, verb: { display?: unknown } | undefined): void {
  if (verb?.display !== undefined) ctx.warn(`verb.display is present in format=ids: ${JSON.stringify(verb.display)}`, IDS_DISPLAY_QUOTE);
}

async function expectExact(ctx: CheckContext, sent: Statement, got: Statement, how: string): Promise<void> {
  for (const key of ['actor', 'verb', 'object', 'result', 'context'] as const) {
    ctx.expect.deepEqual(got[key], sent[key], `"${key}" returned ${how} is as sent`);
  }
}

/** Language keys of a language map, failing when the value is not an object. */
function keysOf(ctx: CheckContext, map: unknown, what: string): string[] {
  ctx.expect.ok(map !== null && typeof map === 'object' && !Array.isArray(map), `${what} is a language map`, { actual: map });
  return Object.keys(map as object);
}

function canonicalCheck(language: 'fr-FR' | 'en-US'): Check {
  return formatCheck(
    `canonical-accept-language-${language.toLowerCase()}`,
    `format=canonical with Accept-Language: ${language} returns one language, ${language}, in each activity language map`,
    ['XAPI-00169', 'XAPI-00172'],
    'Activity Objects contain Language Map Objects within their "name", "description" and various interaction components. The LRS MUST return only one language in each of these maps. ... In order to choose the most relevant language, the LRS MUST apply the "Accept-Language" header',
    'MUST',
    async (ctx: CheckContext) => {
      const sent = richStatement(ctx);
      await storeStatement(ctx, sent);
      await fetchStatement(ctx, sent.id);
      const res = await ctx.client.request({
        method: 'GET',
        path: 'statements',
        query: { statementId: sent.id, format: 'canonical' },
        headers: { 'Accept-Language': `${language}, ${language === 'fr-FR' ? 'en-US' : 'fr-FR'};q=0.5` },
      });
      ctx.expect.status(res, 200, 'GET statementId&format=canonical');
      const got = res.json();
      const definition = got.object?.definition ?? {};
      for (const [what, map] of [
        ['object.definition.name', definition.name],
        ['object.definition.description', definition.description],
        ['object.definition.choices[0].description', definition.choices?.[0]?.description],
      ] as const) {
        ctx.expect.deepEqual(keysOf(ctx, map, what), [language], `languages in ${what}`);
      }
      const verbKeys = keysOf(ctx, got.verb?.display, 'verb.display');
      if (verbKeys.length !== 1 || verbKeys[0] !== language) {
        ctx.warn(`verb.display has ${JSON.stringify(verbKeys)} in canonical format, not just ${language}`, 'The LRS SHOULD* return only one language within each language map for which it returns a canonical map.');
      }
      ctx.expect.deepEqual(got.actor, sent.actor, 'canonical format returns the original Agent as in exact');
    },
  );
}

export const checks: Check[] = [
  formatCheck(
    'exact-default',
    'without format, and with format=exact, statements come back exactly as received',
    ['XAPI-00168', 'XAPI-00170'],
    'exact: return Agent, Activity, Verb and Group Objects populated exactly as they were when the Statement was received. ... The Statement API MUST return 200 OK, StatementResult Object with results in the requested format or in "exact" if the "format" parameter is absent.',
    'MUST',
    async (ctx: CheckContext) => {
      const sent = richStatement(ctx);
      await storeStatement(ctx, sent);
      await expectExact(ctx, sent, await fetchStatement(ctx, sent.id), 'without format');
      await expectExact(ctx, sent, await fetchStatement(ctx, sent.id, 'statementId', { format: 'exact' }), 'with format=exact');
    },
  ),
  formatCheck(
    'ids',
    'format=ids keeps only identifiers of agents, verbs, activities and anonymous group members',
    ['XAPI-00171'],
    'If ids, only include minimum information necessary in Agent, Activity, Verb and Group Objects to identify them. For Anonymous Groups this means including the minimum information needed to identify each member.',
    'MUST',
    async (ctx: CheckContext) => {
      const sent = richStatement(ctx);
      sent.context.team = { objectType: 'Group', name: 'Team', member: [{ objectType: 'Agent', name: 'Tom Teammate', mbox: ctx.ns.agent('tom').mbox }] };
      await storeStatement(ctx, sent);
      await fetchStatement(ctx, sent.id);
      const got = await fetchStatement(ctx, sent.id, 'statementId', { format: 'ids' });
      ctx.expect.equal(got.actor?.mbox, sent.actor.mbox, 'actor mbox in ids format');
      ctx.expect.ok(got.actor?.name === undefined, 'actor without name in ids format', { actual: got.actor });
      ctx.expect.equal(got.verb?.id, sent.verb.id, 'verb id in ids format');
      warnVerbDisplayInIds(ctx, got.verb);
      ctx.expect.equal(got.object?.id, sent.object.id, 'activity id in ids format');
      ctx.expect.ok(got.object?.definition === undefined, 'activity without definition in ids format', { actual: got.object });
      ctx.expect.ok(got.context?.instructor?.name === undefined, 'instructor without name in ids format', { actual: got.context?.instructor });
      const member = got.context?.team?.member?.[0];
      ctx.expect.equal(member?.mbox, sent.context.team.member[0].mbox, 'anonymous team member mbox in ids format');
      ctx.expect.ok(member?.name === undefined, 'anonymous team member without name in ids format', { actual: member });
      ctx.expect.deepEqual(got.result, sent.result, 'result (not an Agent, Activity, Verb or Group) unchanged in ids format');
    },
  ),
  formatCheck(
    'ids-query',
    'format=ids applies to every statement of a query result',
    ['XAPI-00171', 'XAPI-00168'],
    'If ids, only include minimum information necessary in Agent, Activity, Verb and Group Objects to identify them.',
    'MUST',
    async (ctx: CheckContext) => {
      const sent = richStatement(ctx);
      await storeStatement(ctx, sent);
      const res = await ctx.eventually(async () => {
        const r = await ctx.client.request({ method: 'GET', path: 'statements', query: { registration: sent.context.registration, format: 'ids' } });
        ctx.expect.status(r, 200, 'GET statements?registration&format=ids');
        ctx.expect.equal(r.json().statements?.length, 1, 'statements for the registration');
        return r;
      });
      const got = res.json().statements[0];
      ctx.expect.ok(got.actor?.name === undefined && got.object?.definition === undefined, 'no actor name or activity definition in ids format', {
        actual: { actor: got.actor, object: got.object },
      });
      warnVerbDisplayInIds(ctx, got.verb);
    },
  ),
  formatCheck(
    'invalid-format-400',
    'an unknown format value is rejected with 400',
    ['XAPI-00012'],
    'format: String: (ids, exact, or canonical) ... The LRS MUST validate parameter values to the same standards required for values of the same types in Statements.',
    'MUST',
    async (ctx: CheckContext) => {
      const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { registration: ctx.ns.registration(), format: 'full' } });
      ctx.expect.status(res, 400, 'GET statements?format=full');
    },
  ),
  canonicalCheck('fr-FR'),
  canonicalCheck('en-US'),
  formatCheck(
    'context-activities-as-arrays',
    'a single context activity sent as an object is returned inside an array',
    ['XAPI-00096'],
    'An LRS\'s Statement Resource returns a ContextActivity in an array, even if only a single ContextActivity is returned.',
    'MUST',
    async (ctx: CheckContext) => {
      const parent = { objectType: 'Activity', id: ctx.ns.activity('parent') };
      const id = await storeStatement(ctx, buildStatement(ctx, { context: { contextActivities: { parent } } }));
      const got = await fetchStatement(ctx, id);
      ctx.expect.deepEqual(got.context?.contextActivities?.parent, [parent], 'context.contextActivities.parent as returned');
    },
  ),
];
