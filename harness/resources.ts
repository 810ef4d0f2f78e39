// Resources an LRS may simply lack (no /about, no document resources): one presence check per resource
// (exported by the resource's own suite file, e.g. documents.state.present) asks for it the way a present resource always answers (a listing, a Person), and
// only when every probe answers 404 is the resource judged absent. That is one failure, since "The LRS
// MUST support all of the resources described in this section"; the area's other checks are then
// skipped with that reason instead of failing one by one on the same 404.
import { defineCheck, XAPI_VERSIONS, type Check } from './check.js';
import type { CheckContext, XapiRequest, XapiResponse } from './context.js';

export interface ResourceArea {
  /** Id of the presence check; its first segment is its suite. */
  presenceId: string;
  /** The checks that need the resource (its own, and those of other suites that send requests to it):
   *  id prefixes (ending in ".") or exact ids. A check may need several resources. */
  covers: string[];
  name: string;
  section: string;
  /** Requests a present resource does not answer with 404: a listing or a Person, then one without its required parameters (400). */
  probes(ctx: CheckContext): XapiRequest[];
}

const agentParam = (ctx: CheckContext) => JSON.stringify(ctx.ns.agent('probe'));
/** Both: a present resource that answers an empty listing with 404 (wrongly) still answers 400 here. */
const andWithoutParameters = (req: XapiRequest): XapiRequest[] => [req, { method: 'GET', path: req.path }];

export const RESOURCE_AREAS: ResourceArea[] = [
  {
    presenceId: 'documents.state.present',
    covers: [
      'documents.state.', 'documents.concurrency.state.', 'http.head.state', 'http.alternate-syntax.state', 'http.alternate-syntax.version-form-parameter',
      'http.alternate-syntax.rejected', 'http.version.', 'auth.authorization.no-credentials-401', 'auth.authorization.wrong-credentials-401', 'http.errors.unknown-parameter-400', 'http.errors.parameter-case-400',
    ],
    name: 'State',
    section: 'Communication 2.3 State Resource',
    probes: (ctx) => andWithoutParameters({ method: 'GET', path: 'activities/state', query: { activityId: ctx.ns.activity('probe'), agent: agentParam(ctx) } }),
  },
  {
    presenceId: 'documents.activity-profile.present',
    covers: [
      'documents.activity-profile.', 'documents.concurrency.activity-profile.', 'http.head.activity-profile', 'http.alternate-syntax.concurrency-form-headers',
      'http.version.missing-400', 'http.version.unsupported-400', 'http.version.1.0-accepted', 'http.version.2.0-accepted', 'http.errors.unknown-parameter-400', 'http.errors.parameter-case-400',
    ],
    name: 'Activity Profile',
    section: 'Communication 2.7 Activity Profile Resource',
    probes: (ctx) => andWithoutParameters({ method: 'GET', path: 'activities/profile', query: { activityId: ctx.ns.activity('probe') } }),
  },
  {
    presenceId: 'documents.agent-profile.present',
    covers: ['documents.agent-profile.', 'documents.concurrency.agent-profile.', 'http.head.agent-profile', 'http.version.missing-400', 'http.version.unsupported-400', 'http.version.1.0-accepted', 'http.version.2.0-accepted', 'http.errors.unknown-parameter-400', 'http.errors.parameter-case-400'],
    name: 'Agent Profile',
    section: 'Communication 2.6 Agent Profile Resource',
    probes: (ctx) => andWithoutParameters({ method: 'GET', path: 'agents/profile', query: { agent: agentParam(ctx) } }),
  },
  {
    presenceId: 'agents.resource.present',
    covers: ['agents.', 'http.head.agents', 'http.alternate-syntax.agents-activities', 'http.version.', 'http.errors.unknown-parameter-400', 'http.errors.parameter-case-400'],
    name: 'Agents',
    section: 'Communication 2.4 Agents Resource',
    probes: (ctx) => andWithoutParameters({ method: 'GET', path: 'agents', query: { agent: agentParam(ctx) } }),
  },
  {
    // An unknown Activity may be a 404 (returning it is only SHOULD*): the request without activityId decides.
    presenceId: 'activities.resource.present',
    covers: ['activities.', 'http.head.activities', 'http.alternate-syntax.agents-activities', 'http.version.missing-400', 'http.version.unsupported-400', 'http.errors.unknown-parameter-400', 'http.errors.parameter-case-400'],
    name: 'Activities',
    section: 'Communication 2.5 Activities Resource',
    probes: (ctx) => andWithoutParameters({ method: 'GET', path: 'activities', query: { activityId: ctx.ns.activity('probe') } }),
  },
  {
    presenceId: 'about.resource.present',
    covers: ['about.', 'http.head.about', 'http.version.response-header'],
    name: 'About',
    section: 'Communication 2.8 About Resource',
    probes: () => [{ method: 'GET', path: 'about' }],
  },
];

const SUPPORT_ALL = 'The LRS MUST support all of the resources described in this section. (Communication 2.0.s1.b1)';

const covered = (area: ResourceArea, id: string) => area.covers.some((c) => (c.endsWith('.') ? id.startsWith(c) : id === c));

/** The resources of RESOURCE_AREAS a check needs (a presence check needs none: it is what decides). */
export function areasOf(check: Check): ResourceArea[] {
  if (RESOURCE_AREAS.some((a) => a.presenceId === check.id)) return [];
  return RESOURCE_AREAS.filter((a) => covered(a, check.id));
}

function describe(req: XapiRequest, res: XapiResponse): string {
  const query = req.query ? `?${Object.keys(req.query).join('&')}` : '';
  return `${req.method} ${req.path}${query} answered ${res.status}`;
}

function presenceCheck(area: ResourceArea): Check {
  return defineCheck({
    id: area.presenceId,
    title: `${area.name} resource: present (every probe a present resource answers otherwise gets 404)`,
    suite: area.presenceId.split('.')[0]!,
    section: area.section,
    requirements: [],
    quote: SUPPORT_ALL,
    level: 'MUST',
    versions: XAPI_VERSIONS,
    tags: ['resources', 'presence'],
    async run(ctx) {
      const answers: string[] = [];
      for (const req of area.probes(ctx)) {
        const res = await ctx.client.request(req);
        if (res.status !== 404) return;
        answers.push(describe(req, res));
      }
      ctx.expect.fail(`the ${area.name} resource is absent: ${answers.join('; ')}`, {
        expected: 'the resource (any answer but 404)',
        actual: answers,
      });
    },
  });
}

const presenceChecks = new Map(RESOURCE_AREAS.map((a) => [a.presenceId, presenceCheck(a)]));

/** The presence check with this id; the suite file of its resource exports it. */
export function presenceCheckOf(area: ResourceArea | string): Check {
  return presenceChecks.get(typeof area === 'string' ? area : area.presenceId)!;
}
