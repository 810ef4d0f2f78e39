// The About, Agents and Activities resources (Communication 2.8, 2.4, 2.5).
import express, { type Request } from 'express';
import { LrsError, badRequest } from './http/errors.js';
import type { XapiVersion } from './http/version.js';
import { checkParameterNames } from './statements/query.js';
import type { ActivityRegistry, AgentRegistry } from './statements/registries.js';
import { isIri, parseJsonStrict, validateAgent } from './validation-adapter.js';

const params = (req: Request): Record<string, string> => req.query as Record<string, string>;
const methodNotAllowed = (resource: string) => () => {
  throw new LrsError(405, `The ${resource} resource supports GET and HEAD only.`, { Allow: 'GET, HEAD' });
};

export function aboutRouter(versions: readonly string[], extensions: Record<string, unknown>): express.Router {
  const router = express.Router({ caseSensitive: true });
  router.get('/about', (req, res) => {
    checkParameterNames(params(req), []);
    res.status(200).json({ version: [...versions], extensions });
  });
  router.all('/about', methodNotAllowed('About'));
  return router;
}

export function agentsAndActivitiesRouter(agents: AgentRegistry, activities: ActivityRegistry): express.Router {
  const router = express.Router({ caseSensitive: true });
  router.get('/agents', (req, res) => {
    checkParameterNames(params(req), ['agent']);
    const text = params(req).agent;
    if (text === undefined) throw badRequest('GET /agents requires the agent parameter.');
    let agent: unknown;
    try {
      agent = parseJsonStrict(text);
    } catch {
      throw badRequest('Parameter agent must be a JSON Agent object.');
    }
    const issues = validateAgent(agent, res.locals.xapiVersion as XapiVersion);
    if (issues.length || (agent as Record<string, unknown>).objectType === 'Group') {
      throw badRequest(`Parameter agent must be an Agent (not a Group) with one identifier${issues.length ? `: ${issues[0].path} ${issues[0].message}` : ''}.`);
    }
    res.status(200).json(agents.person(agent as Record<string, unknown>));
  });
  router.all('/agents', methodNotAllowed('Agents'));

  router.get('/activities', (req, res) => {
    checkParameterNames(params(req), ['activityId']);
    const id = params(req).activityId;
    if (id === undefined || id === '') throw badRequest('GET /activities requires the activityId parameter.');
    // Parameter values are validated like the same values in statements (XAPI-00012): an Activity id is an IRI.
    if (!isIri(id)) throw badRequest('Parameter activityId must be an IRI.');
    res.status(200).json(activities.get(id));
  });
  router.all('/activities', methodNotAllowed('Activities'));
  return router;
}
