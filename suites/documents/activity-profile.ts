// Communication 2.7 Activity Profile Resource: the shared document rules plus its own parameter rules.
import type { Check, Untestable } from '../../harness/check.js';
import { presenceCheckOf } from '../../harness/resources.js';
import type { CheckContext } from '../../harness/context.js';
import { documentChecks } from './documents-common.js';
import { ACTIVITY_PROFILE, check, docQuery, idOf, scopeOf, send } from './lib.js';

export const checks: Check[] = [
  presenceCheckOf('documents.activity-profile.present'),
  ...documentChecks(ACTIVITY_PROFILE),

  check({
    suite: 'documents',
    section: ACTIVITY_PROFILE.section,
    id: 'documents.activity-profile.agent-parameter-400',
    title: 'Activity Profile: a GET carrying an "agent" parameter that is not JSON is rejected with 400',
    requirements: ['XAPI-00304'],
    quote:
      "An LRS's Activity Profile API rejects a GET request with \"agent\" as a parameter if it is not in JSON format with error code 400 Bad Request. The LRS MUST reject with 400 Bad Request status any requests that use any parameters which the LRS does not recognize in their intended context in this specification. (Communication 3.2.s3.b7)",
    tags: ['documents', 'activity-profile', 'parameters', 'errors'],
    async run(ctx: CheckContext) {
      const scope = scopeOf(ctx, ACTIVITY_PROFILE);
      const r = await send(ctx.client, 'GET', ACTIVITY_PROFILE, { ...docQuery(ACTIVITY_PROFILE, scope, idOf(ctx, ACTIVITY_PROFILE)), agent: 'not json' });
      ctx.expect.status(r, 400, 'GET activities/profile with agent=not json');
    },
  }),
];

export const untestable: Untestable[] = ['XAPI-00305', 'XAPI-00306', 'XAPI-00307'].map((requirement) => ({
  requirement,
  reason: 'Query-string parameters are always strings on the wire; a "profileId" that is not of type String cannot be sent.',
}));
