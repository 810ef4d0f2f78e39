// The resource suites (documents, agents, activities, about, http, auth) against the
// embedded reference LRS: zero failures. Then a sample of deliberately broken reference LRSs
// (LrsOverrides middleware) that the named checks must catch, so the checks are seen failing.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import { run } from '../../index.js';
import type { RunResult } from '../../harness/results.js';
import { allChecks } from '../../suites/index.js';

/** The suites of the non-statement resources and of the HTTP and auth rules they share. */
const RESOURCE_SUITES = new Set(['documents', 'agents', 'activities', 'about', 'auth', 'http']);
const documentChecks = allChecks.filter((c) => RESOURCE_SUITES.has(c.suite));
import { start } from '../../reference-lrs/index.js';
import type { LrsOverrides } from '../../reference-lrs/overrides.js';
import type { XapiVersion } from '../../harness/check.js';

const quiet = { reporter: [] as string[], write: () => {}, tty: false };

function outcomes(result: RunResult): Map<string, string> {
  return new Map(result.results.map((r) => [`${r.id} [${r.xapiVersion}]`, `${r.outcome}${r.message ? `: ${r.message}` : ''}`]));
}

describe('documents suites against the reference LRS', function () {
  this.timeout(120_000);

  it('pass with zero failures on 1.0.3 and 2.0.0, every check run (none skipped)', async () => {
    const result = await run({ ...quiet, checks: documentChecks, xapiVersion: 'both' });
    const bad = result.results.filter((r) => r.outcome !== 'passed' && !(r.outcome === 'skipped' && /applies to xAPI/.test(r.message ?? '')));
    expect(bad.map((r) => `${r.id} [${r.xapiVersion}] ${r.outcome}: ${r.message}`)).to.deep.equal([]);
    expect(result.summary.failed ?? 0).to.equal(0);
    const ran = new Set(result.results.filter((r) => r.outcome === 'passed').map((r) => r.id));
    expect([...new Set(documentChecks.map((c) => c.id))].filter((id) => !ran.has(id))).to.deep.equal([]);
  });
});

interface Mutant {
  name: string;
  middleware: RequestHandler;
  version: XapiVersion;
  /** Checks that must fail against this mutant (and the message fragment that explains why, if any). */
  mustFail: Array<{ id: string; message?: RegExp }>;
}

const DOC_PATH = /\/(activities\/state|activities\/profile|agents\/profile)(\?|$)/;

/** Rewrites the query string of req.url (Express re-parses req.query from it). */
function editQuery(req: Parameters<RequestHandler>[0], edit: (params: URLSearchParams) => void): void {
  const [path, qs = ''] = req.url.split('?');
  const params = new URLSearchParams(qs);
  edit(params);
  req.url = params.size ? `${path}?${params}` : path!;
}

/** Replaces the response body (JSON bodies sent with res.end in one piece) when `when` holds. */
function rewriteBody(when: (req: Parameters<RequestHandler>[0]) => boolean, body: (old: Buffer, req: Parameters<RequestHandler>[0]) => Buffer | undefined): RequestHandler {
  return (req, res, next) => {
    if (!when(req)) return next();
    const end = res.end.bind(res) as (chunk?: unknown) => typeof res;
    res.end = ((chunk?: unknown) => {
      const old = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.alloc(0);
      const replaced = res.statusCode === 200 ? body(old, req) : undefined;
      if (!replaced) return end(chunk);
      res.setHeader('Content-Length', String(replaced.length));
      return end(replaced);
    }) as typeof res.end;
    next();
  };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const MUTANTS: Mutant[] = [
  {
    name: 'POST on documents replaces instead of merging',
    version: '1.0.3',
    middleware: (req, _res, next) => {
      if (req.method === 'POST' && DOC_PATH.test(req.originalUrl) && !/[?&]method=/.test(req.originalUrl)) req.method = 'PUT';
      next();
    },
    mustFail: [{ id: 'documents.state.post-merges' }, { id: 'documents.activity-profile.post-merges' }, { id: 'documents.agent-profile.post-merges' }],
  },
  {
    name: 'permission refusals answered 401 instead of 403',
    version: '2.0.0',
    middleware: (_req, res, next) => {
      const status = res.status.bind(res);
      res.status = (code: number) => status(code === 403 ? 401 : code);
      next();
    },
    mustFail: [
      { id: 'auth.authorization.read-only-cannot-write', message: /401 means the credentials were refused/ },
      { id: 'auth.authorization.state-only-cannot-touch-statements', message: /401 means the credentials were refused/ },
    ],
  },
  {
    name: 'If-Match ignored',
    version: '2.0.0',
    middleware: (req, _res, next) => {
      delete req.headers['if-match'];
      next();
    },
    mustFail: [{ id: 'documents.concurrency.state.put-if-match' }, { id: 'documents.concurrency.agent-profile.delete-if-match' }, { id: 'documents.concurrency.activity-profile.post-if-match' }],
  },
  {
    name: 'no X-Experience-API-Version on responses',
    version: '1.0.3',
    middleware: (_req, res, next) => {
      const setHeader = res.setHeader.bind(res);
      res.setHeader = ((name: string, value: number | string | readonly string[]) =>
        name.toLowerCase() === 'x-experience-api-version' ? res : setHeader(name, value)) as typeof res.setHeader;
      next();
    },
    mustFail: [{ id: 'http.version.response-header' }],
  },
  {
    name: '"since" ignored on multiple-document GET',
    version: '2.0.0',
    middleware: (req, _res, next) => {
      if (DOC_PATH.test(req.originalUrl)) req.url = req.url.replace(/([?&])since=[^&]*&?/, '$1');
      next();
    },
    mustFail: [{ id: 'documents.state.since' }, { id: 'documents.agent-profile.since-invalid-400' }],
  },
  {
    name: 'HEAD refused',
    version: '1.0.3',
    middleware: (req, res, next) => (req.method === 'HEAD' ? void res.status(405).end() : next()),
    mustFail: [{ id: 'http.head.state' }, { id: 'http.head.about' }],
  },
  {
    name: 'GET and HEAD of the State resource answer 500',
    version: '2.0.0',
    middleware: (req, res, next) =>
      (req.method === 'GET' || req.method === 'HEAD') && /\/activities\/state(\?|$)/.test(req.originalUrl)
        ? void res.status(500).json({ error: 'Internal Server Error', message: 'mutant' })
        : next(),
    mustFail: [{ id: 'http.head.state', message: /500/ }],
  },
  {
    name: 'authentication failures answered 403 instead of 401',
    version: '1.0.3',
    middleware: (_req, res, next) => {
      const status = res.status.bind(res);
      res.status = (code: number) => status(code === 401 ? 403 : code);
      next();
    },
    mustFail: [{ id: 'auth.authorization.no-credentials-401', message: /expected 401 Unauthorized, got 403/ }, { id: 'auth.authorization.wrong-credentials-401' }],
  },
  {
    name: 'a statements/read/mine credential reads everything',
    version: '2.0.0',
    middleware: (req, _res, next) => {
      if (req.method === 'GET' && req.headers.authorization === basic('mine', 'mine-pass')) req.headers.authorization = basic('primary', 'primary-pass');
      next();
    },
    mustFail: [{ id: 'auth.authorization.mine-reads-only-own' }],
  },
  {
    name: 'Alternate Request Syntax processed on 2.0',
    version: '2.0.0',
    middleware: (req, _res, next) => {
      if (/[?&]method=/.test(req.url)) req.headers['x-experience-api-version'] = '1.0.3';
      next();
    },
    mustFail: [{ id: 'http.alternate-syntax.rejected' }],
  },
  {
    name: 'ETag unquoted and not the SHA-1',
    version: '1.0.3',
    middleware: (_req, res, next) => {
      const setHeader = res.setHeader.bind(res);
      res.setHeader = ((name: string, value: number | string | readonly string[]) =>
        setHeader(name, name.toLowerCase() === 'etag' ? String(value).replace(/"/g, '').slice(0, 12) : value)) as typeof res.setHeader;
      next();
    },
    mustFail: [{ id: 'documents.concurrency.state.etag-on-get' }, { id: 'documents.concurrency.agent-profile.etag-sha1' }],
  },
  {
    name: 'missing required parameters filled with defaults',
    version: '2.0.0',
    middleware: (req, _res, next) => {
      if (DOC_PATH.test(req.originalUrl)) {
        editQuery(req, (p) => {
          if (!req.path.startsWith('/agents') && !p.has('activityId')) p.set('activityId', 'https://mutant.example/activity');
          if (!req.path.includes('/activities/profile') && !p.has('agent')) p.set('agent', '{"mbox":"mailto:mutant@example.com"}');
        });
      }
      next();
    },
    mustFail: [{ id: 'documents.state.missing-agent-400' }, { id: 'documents.activity-profile.missing-activityId-400' }, { id: 'documents.agent-profile.missing-agent-400' }],
  },
  {
    name: 'unknown parameters ignored',
    version: '1.0.3',
    middleware: (req, _res, next) => {
      editQuery(req, (p) => p.delete('xapiConformNoSuchParameter'));
      next();
    },
    mustFail: [{ id: 'http.errors.unknown-parameter-400' }],
  },
  {
    name: 'binary documents returned re-encoded as UTF-8 text',
    version: '2.0.0',
    middleware: rewriteBody(
      (req) => req.method === 'GET' && DOC_PATH.test(req.originalUrl),
      (old) => (old.includes(Buffer.from('PNG')) ? Buffer.from(old.toString('utf8'), 'utf8') : undefined),
    ),
    mustFail: [{ id: 'documents.state.binary-roundtrip' }, { id: 'documents.agent-profile.binary-roundtrip' }],
  },
  {
    name: 'DELETE of documents answers 204 and does nothing',
    version: '1.0.3',
    middleware: (req, res, next) => (req.method === 'DELETE' && DOC_PATH.test(req.originalUrl) ? void res.status(204).end() : next()),
    mustFail: [{ id: 'documents.state.delete' }, { id: 'documents.activity-profile.delete' }, { id: 'documents.state.delete-all' }],
  },
  {
    name: 'Activities resource forgets definitions',
    version: '2.0.0',
    middleware: rewriteBody(
      (req) => req.method === 'GET' && /^\/activities\/?$/.test(req.path),
      (_old, req) => Buffer.from(JSON.stringify({ objectType: 'Activity', id: req.query.activityId })),
    ),
    mustFail: [{ id: 'activities.resource.get-definition' }],
  },
];

describe('documents suites catch deliberately broken reference LRSs', function () {
  this.timeout(60_000);
  const users = {
    primary: { username: 'primary', password: 'primary-pass', scopes: ['all' as const] },
    read: { username: 'read', password: 'read-pass', scopes: ['statements/read' as const] },
    mine: { username: 'mine', password: 'mine-pass', scopes: ['statements/read/mine' as const, 'statements/write' as const] },
    state: { username: 'state', password: 'state-pass', scopes: ['state' as const] },
  };

  for (const mutant of MUTANTS) {
    it(`${mutant.name}: ${mutant.mustFail.map((f) => f.id).join(', ')} fail`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'xapi-conform-docs-mutant-'));
      const overrides: LrsOverrides = { beforeAll: [mutant.middleware] };
      const lrs = await start({ port: 0, host: '127.0.0.1', dataDir, users: Object.values(users) }, overrides);
      try {
        const ids = new Set(mutant.mustFail.map((f) => f.id));
        const result = await run({
          ...quiet,
          endpoint: lrs.url,
          user: users.primary.username,
          password: users.primary.password,
          credential: (['read', 'mine', 'state'] as const).map((n) => `${n}=${users[n].username}:${users[n].password}`),
          checks: documentChecks.filter((c) => ids.has(c.id)),
          xapiVersion: mutant.version,
        });
        const seen = outcomes(result);
        for (const { id, message } of mutant.mustFail) {
          const outcome = seen.get(`${id} [${mutant.version}]`);
          expect(outcome, `${id} against "${mutant.name}"`).to.match(/^failed/);
          if (message) expect(outcome).to.match(message);
        }
      } finally {
        await lrs.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});
