// The request pipeline (order agreed in TEAM.md):
//   CORS -> body limit (413) -> Alternate Request Syntax rewrite -> version header -> ARS refused on 2.0
//   -> About (public) -> auth.authenticate -> /whoami -> auth.authorize -> overrides.beforeRoutes -> routes.
// The rewrite runs before the version check because, in that syntax, the version may be a form field.
// For every route `req.body` is a Buffer with the raw request body (empty when there is none), and
// `res.locals.xapiVersion` is '1.0.3' or '2.0.0'.
import express, { type RequestHandler } from 'express';
import type { Auth } from './auth/index.js';
import { LrsError, errorHandler } from './http/errors.js';
import { cors } from './http/cors.js';
import { versionHeader } from './http/version.js';
import { alternateSyntax, rejectAlternateSyntaxOn2 } from './http/alternate-syntax.js';
import { aboutRouter, agentsAndActivitiesRouter } from './resources.js';
import { statementsRouter, type StatementsRouterOptions } from './statements/router.js';
import type { AgentRegistry } from './statements/registries.js';
import type { LrsOverrides } from './overrides.js';

export interface AppDeps {
  basePath: string;
  versions: readonly string[];
  bodyLimit: number;
  auth: Auth;
  statements: Omit<StatementsRouterOptions, 'readsOnlyOwn' | 'basePath' | 'bodyLimit'>;
  agents: AgentRegistry;
  /** Further routers mounted after authorization (the document resources). */
  routers: express.Router[];
  /** Latest time up to which every stored statement is visible: the Consistent-Through value. */
  consistentThrough(): string;
  log(line: string): void;
  overrides?: LrsOverrides;
}

/**
 * Query strings as flat string records; a repeated parameter becomes an array (refused later with 400).
 * No prototype, so "__proto__" or "constructor" are parameters like any other (unknown: 400), and repeats
 * are appended in place (linear in the number of fields).
 */
function parseQueryString(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const prior = out[name];
    if (prior === undefined) out[name] = value;
    else if (Array.isArray(prior)) prior.push(value);
    else out[name] = [prior, value];
  }
  return out;
}

/** For /whoami: not an xAPI resource, but it refuses unknown parameters as they do (Communication 3.2). */
const refuseParameters: RequestHandler = (req, _res, next) => {
  const names = Object.keys(req.query);
  next(names.length ? new LrsError(400, `This resource takes no parameters (got ${names.join(', ')}).`) : undefined);
};

/** 413 as soon as the headers declare a body over the limit: the body parser would first wait for all of it. */
function refuseDeclaredOversize(bodyLimit: number): RequestHandler {
  return (req, res, next) => {
    if (!(Number(req.headers['content-length']) > bodyLimit)) return next();
    // The body is never read: the connection cannot carry another request after this answer.
    res.setHeader('Connection', 'close');
    next(new LrsError(413, `The declared Content-Length ${req.headers['content-length']} is over the body limit of ${bodyLimit} bytes.`));
  };
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', parseQueryString);

  // Every response carries a version header (Communication 3.3), even preflights and 404s outside the API;
  // the version check below replaces it with the version a request negotiated.
  const latest = [...deps.versions].sort().at(-1)!;
  app.use((_req, res, next) => {
    res.setHeader('X-Experience-API-Version', latest);
    next();
  });
  const api = express.Router({ caseSensitive: true, strict: false });
  for (const handler of deps.overrides?.beforeAll ?? []) api.use(handler);
  api.use(cors);
  const consistentThrough: RequestHandler = (req, res, next) => {
    if (/\/statements\/?$/.test(req.path)) res.setHeader('X-Experience-API-Consistent-Through', deps.consistentThrough());
    next();
  };
  api.use(consistentThrough);
  api.use(refuseDeclaredOversize(deps.bodyLimit));
  api.use(express.raw({ type: () => true, limit: deps.bodyLimit }));
  api.use((req, _res, next) => {
    if (!Buffer.isBuffer(req.body)) req.body = Buffer.alloc(0);
    next();
  });
  api.use(alternateSyntax);
  // GET /about needs no version header (Communication 2.8), nor does /whoami, which is not an xAPI resource.
  api.use(versionHeader(deps.versions, (method, path) => (method === 'GET' || method === 'HEAD') && /^\/(about|whoami)\/?$/.test(path)));
  api.use(rejectAlternateSyntaxOn2);
  api.use(aboutRouter(deps.overrides?.aboutVersions ?? deps.versions, {}));
  api.use(deps.auth.authenticate);
  api.get('/whoami', refuseParameters, deps.auth.whoami);
  api.use(deps.auth.authorize);
  for (const handler of deps.overrides?.beforeRoutes ?? []) api.use(handler);
  api.use(
    statementsRouter({
      ...deps.statements,
      basePath: deps.basePath,
      bodyLimit: deps.bodyLimit,
      readsOnlyOwn: (res) => Boolean(res.locals.credential) && deps.auth.readsOnlyOwn(res.locals.credential),
    }),
  );
  api.use(agentsAndActivitiesRouter(deps.agents, deps.statements.activities));
  for (const router of deps.routers) api.use(router);
  api.use((req, _res, next) => next(new LrsError(404, `No xAPI resource at ${req.path}.`)));

  app.use(deps.basePath || '/', api);
  app.use((req, _res, next) => next(new LrsError(404, `Nothing here; the xAPI endpoint is ${deps.basePath}.`)));
  app.use(errorHandler(deps.log));
  return app;
}
