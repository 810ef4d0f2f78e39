// Communication 2.5 Activities Resource: the canonical Activity Object.
import type { Check, Untestable } from '../../harness/check.js';
import { presenceCheckOf } from '../../harness/resources.js';
import type { CheckContext } from '../../harness/context.js';
import { check, expectStatementVisible, postStatements, statement } from '../documents/lib.js';

const section = 'Communication 2.5 Activities Resource';
const tags = (...t: string[]) => ['activities', ...t];
const LOADS = 'Loads the complete Activity Object specified. activityId: Activity id (IRI). Required. Returns: 200 OK, Content (Communication 2.5.s1)';
const NO_DEFINITION = 'If an LRS does not have a canonical definition of the Activity to return, the LRS SHOULD* still return an Activity Object when queried. (Communication 2.5.s2.b1)';

async function getActivity(ctx: CheckContext, activityId: string) {
  const r = await ctx.client.request({ method: 'GET', path: 'activities', query: { activityId } });
  ctx.expect.status(r, 200, `GET activities?activityId=${activityId}`);
  const body = r.json<Record<string, any>>();
  ctx.expect.ok(typeof body === 'object' && body !== null && !Array.isArray(body), 'the Activities resource must return a JSON object', { actual: body });
  ctx.expect.equal(body.id, activityId, 'Activity "id"');
  if ('objectType' in body) ctx.expect.equal(body.objectType, 'Activity', 'Activity "objectType"');
  return body;
}

const unknownActivity = check({
  suite: 'activities',
  section,
  id: 'activities.resource.unknown-activity',
  title: 'Activities: an Activity the LRS knows nothing about still yields an Activity Object with that id',
  requirements: [],
  // The 2.0 delta says nothing new about the Activities resource, so 2.0 keeps 1.0.3's SHOULD*.
  quote: NO_DEFINITION,
  level: 'SHOULD',
  tags: tags(),
  async run(ctx: CheckContext) {
    await getActivity(ctx, ctx.ns.activity('never-used'));
  },
});

export const checks: Check[] = [
  presenceCheckOf('activities.resource.present'),
  check({
    suite: 'activities',
    section,
    id: 'activities.resource.get-definition',
    title: 'Activities: GET returns the Activity with the definition sent in a statement',
    requirements: ['XAPI-00251', 'XAPI-00252', 'XAPI-00253'],
    quote: LOADS,
    tags: tags('statements'),
    async run(ctx: CheckContext) {
      const activity = ctx.ns.activity('defined');
      const definition = {
        name: { 'en-US': 'Conformance course' },
        description: { 'en-US': 'An activity defined by xapi-conform' },
        type: 'http://adlnet.gov/expapi/activities/course',
      };
      const s = statement(ctx, { activity, definition });
      await postStatements(ctx, [s], ctx.client, 'POST a statement defining the Activity');
      await ctx.eventually(async () => {
        await expectStatementVisible(ctx, s.id);
        const body = await getActivity(ctx, activity);
        ctx.expect.deepEqual(body.definition?.name, definition.name, 'definition.name of the returned Activity');
        ctx.expect.equal(body.definition?.type, definition.type, 'definition.type of the returned Activity');
      });
    },
  }),

  check({
    suite: 'activities',
    section,
    id: 'activities.resource.merged-language-maps',
    title: 'Activities: two statements describing the Activity in different languages yield both languages',
    requirements: ['XAPI-00254'],
    quote:
      'The Activity Object must contain all available information about an activity from any statements who target the same "activityId". For example, LRS accepts two statements each with a different language description of an activity using the exact same "activityId". The LRS must return both language descriptions (XAPI-00254). Upon receiving a Statement with an Activity Definition that differs from the one stored, an LRS SHOULD decide whether it considers the Learning Record Provider to have the authority to change the definition (Data 2.4.4.1.s4.b3)',
    level: 'SHOULD',
    tags: tags('statements', 'language-map'),
    async run(ctx: CheckContext) {
      const activity = ctx.ns.activity('bilingual');
      const english = statement(ctx, { activity, definition: { name: { 'en-US': 'Course' } } });
      const french = statement(ctx, { activity, definition: { name: { 'fr-FR': 'Cours' } } });
      await postStatements(ctx, [english], ctx.client, 'POST a statement naming the Activity in en-US');
      await postStatements(ctx, [french], ctx.client, 'POST a statement naming the Activity in fr-FR');
      await ctx.eventually(async () => {
        await expectStatementVisible(ctx, french.id);
        const body = await getActivity(ctx, activity);
        ctx.expect.deepEqual(body.definition?.name, { 'en-US': 'Course', 'fr-FR': 'Cours' }, 'definition.name after two statements in two languages');
      });
    },
  }),

  unknownActivity,

  check({
    suite: 'activities',
    section,
    id: 'activities.resource.missing-activityId-400',
    title: 'Activities: GET without "activityId" is rejected with 400',
    requirements: ['XAPI-00250'],
    quote: `${LOADS} 400 Bad Request - Indicates an error condition caused by an invalid or missing argument. (3.2.s2.b1)`,
    tags: tags('parameters', 'errors'),
    async run(ctx: CheckContext) {
      const r = await ctx.client.request({ method: 'GET', path: 'activities' });
      ctx.expect.status(r, 400, 'GET activities without activityId');
    },
  }),
];

export const untestable: Untestable[] = [];
