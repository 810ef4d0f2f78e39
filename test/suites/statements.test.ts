// The statements suites against the embedded reference LRS: zero failures on 1.0.3 and 2.0.0. Then a
// sample of deliberately broken reference LRSs that named statement checks must catch, so the checks
// are seen failing (the project's kill matrix, test/mutants, covers many more).
import { expect } from 'chai';
import type { Request, RequestHandler } from 'express';
import { run } from '../../index.js';
import type { RunResult } from '../../harness/results.js';
import type { EmbeddedLrs } from '../../harness/options.js';
import type { XapiVersion } from '../../harness/check.js';
import { checks as statementChecks } from '../../suites/statements/index.js';
import { variants } from '../tolerance/catalogue.js';
import { STATEMENTS, editJson, editQuery, editRequestBody, editResponse, editReturnedStatements, on } from '../mutants/tools.js';

const quiet = { reporter: [] as string[], write: () => {}, tty: false };

function outcomes(result: RunResult): Map<string, string> {
  return new Map(result.results.map((r) => [`${r.id} [${r.xapiVersion}]`, `${r.outcome}${r.message ? `: ${r.message}` : ''}`]));
}

describe('statements suites against the reference LRS', function () {
  this.timeout(240_000);

  it('pass with zero failures on 1.0.3 and 2.0.0, SHOULD-level checks included (--strict), every check run', async () => {
    const result = await run({ ...quiet, checks: statementChecks, xapiVersion: 'both', strict: true });
    expect(result.preflightError, 'preflight').to.equal(undefined);
    const bad = result.results.filter((r) => r.outcome === 'failed' || r.outcome === 'inconclusive' || r.outcome === 'warning');
    expect(bad.map((r) => `${r.id} [${r.xapiVersion}] ${r.outcome}: ${r.message}`)).to.deep.equal([]);
    const unexplainedSkips = result.results.filter((r) => r.outcome === 'skipped' && !/applies to xAPI/.test(r.message ?? ''));
    expect(unexplainedSkips.map((r) => `${r.id} [${r.xapiVersion}]: ${r.message}`)).to.deep.equal([]);
    const ran = new Set(result.results.filter((r) => r.outcome === 'passed').map((r) => r.id));
    expect(statementChecks.map((c) => c.id).filter((id) => !ran.has(id))).to.deep.equal([]);
  });
});

interface Mutant {
  name: string;
  version: XapiVersion;
  overrides: NonNullable<EmbeddedLrs['overrides']>;
  /** Per-request timeout of the run, ms (default: the harness default). */
  timeout?: number;
  /** Checks that must fail against this mutant, with a fragment of the failure message when it matters. */
  mustFail: Array<{ id: string; message?: RegExp }>;
}

const isJson = (req: Request) => /json/i.test(req.get('Content-Type') ?? '');
const isMultipart = (req: Request) => /^multipart\//i.test(req.get('Content-Type') ?? '');

/** Answers nothing to large statement requests: the connection stays open until the client gives up. */
const stallOnLargeBodies: RequestHandler = (req, _res, next) => {
  if (req.method === 'POST' && Number(req.get('Content-Length') ?? 0) > 1024 * 1024) return;
  next();
};

/** An authority Group whose members are all identified by account, as 3-legged OAuth LRSs assign it. */
const isAccountGroupAuthority = (s: any): boolean =>
  s?.authority?.objectType === 'Group' && Array.isArray(s.authority.member) && s.authority.member.every((m: any) => m?.account !== undefined);

const LARGE = 512 * 1024;
const isAttachmentsGet = (req: Request) => on('GET', STATEMENTS)(req) && req.query.attachments === 'true';
const isLargePost = (req: Request) => on('POST', STATEMENTS)(req) && Number(req.get('Content-Length') ?? 0) > LARGE;

/** Answers large statement POSTs 200 with `body(request)` without storing anything. */
function largePostsAnswered(body: (req: Request) => unknown): RequestHandler {
  return (req, res, next) => (isLargePost(req) ? void res.status(200).json(body(req)) : next());
}

const MUTANTS: Mutant[] = [
  {
    name: 'large statements answered 200 {} and not stored',
    version: '2.0.0',
    overrides: { beforeRoutes: [largePostsAnswered(() => ({}))] },
    mustFail: [{ id: 'statements.post.too-large-413', message: /array of the statement's id/ }],
  },
  {
    name: 'large statements answered 200 with their id but not stored',
    version: '1.0.3',
    overrides: { beforeRoutes: [largePostsAnswered((req) => [JSON.parse(req.body.toString('utf8')).id])] },
    mustFail: [{ id: 'statements.post.too-large-413', message: /GET statements\?statementId/ }],
  },
  {
    name: 'the validator refuses an authority Group of two account-identified Agents',
    version: '1.0.3',
    overrides: {
      validateStatement: (s, v, standard) => [
        ...standard(s, v),
        ...(isAccountGroupAuthority(s) ? [{ path: '/authority', message: 'account members refused', requirement: 'XAPI-00024' }] : []),
      ],
    },
    mustFail: [{ id: 'statements.validation.authority-oauth-group-of-accounts', message: /not accepted/ }],
  },
  {
    name: 'the validator accepts any duration',
    version: '2.0.0',
    overrides: { validateStatement: (s, v, standard) => standard(s, v).filter((i) => !/duration/.test(i.path)) },
    mustFail: [{ id: 'statements.validation.result-duration-words' }, { id: 'statements.validation.substatement.result-duration-alternative-format' }],
  },
  {
    name: 'the validator accepts any language tag',
    version: '1.0.3',
    overrides: { validateStatement: (s, v, standard) => standard(s, v).filter((i) => !/display|name|description|language/.test(i.path)) },
    mustFail: [{ id: 'statements.validation.language-map-key-invalid' }, { id: 'statements.validation.context-language-invalid' }],
  },
  {
    name: 'voiding statements are stored with another verb (nothing is ever voided)',
    version: '2.0.0',
    overrides: {
      beforeRoutes: [
        editRequestBody((req) => on('POST', STATEMENTS)(req) && isJson(req), (body) =>
          Buffer.from(body.toString('utf8').replaceAll('http://adlnet.gov/expapi/verbs/voided', 'https://xapi-conform.example/verbs/not-voided')),
        ),
      ],
    },
    mustFail: [{ id: 'statements.voiding.voided-statement-404-by-statementid' }, { id: 'statements.voiding.query-hides-voided-returns-voiding' }],
  },
  {
    name: 'signatures are not recognised (signature attachments treated as plain attachments)',
    version: '1.0.3',
    overrides: {
      beforeRoutes: [
        editRequestBody((req) => on('POST', STATEMENTS)(req) && isMultipart(req), (body) =>
          Buffer.from(body.toString('latin1').replaceAll('http://adlnet.gov/expapi/attachments/signature', 'https://xapi-conform.example/attachments/other'), 'latin1'),
        ),
      ],
    },
    mustFail: [{ id: 'statements.signed.altered-payload-400' }, { id: 'statements.signed.signature-by-other-key-400' }, { id: 'statements.signed.hs256-400' }],
  },
  {
    name: 'attachment bytes corrupted on the way back',
    version: '2.0.0',
    overrides: {
      beforeRoutes: [
        editResponse(
          isAttachmentsGet,
          (reply) => {
            const marker = reply.body.lastIndexOf('\r\n--');
            if (marker > 0) reply.body[marker - 1] = reply.body[marker - 1]! ^ 0x55;
          },
        ),
      ],
    },
    mustFail: [{ id: 'statements.attachments.payload-64-KiB', message: /bytes come back unchanged/ }, { id: 'statements.attachments.post-multipart-accepted' }],
  },
  {
    name: 'attachments=true answers whose delimiters do not match the boundary',
    version: '2.0.0',
    overrides: {
      beforeRoutes: [
        editResponse(
          isAttachmentsGet,
          (reply) => {
            reply.headers['content-type'] = String(reply.headers['content-type']).replace(/boundary=/, 'boundary=other-');
          },
        ),
      ],
    },
    // The parser's own error, in the failure message.
    mustFail: [{ id: 'statements.attachments.post-multipart-accepted', message: /could not be parsed \(RFC 2046\): Invalid multipart stream: missing initial boundary/ }],
  },
  {
    name: 'the LRS stalls on attachments over 1 MiB',
    version: '2.0.0',
    overrides: { beforeAll: [stallOnLargeBodies] },
    timeout: 5000,
    mustFail: [{ id: 'statements.attachments.payload-1-MiB', message: /stalled/ }],
  },
  {
    name: 'format=canonical returns every language',
    version: '1.0.3',
    overrides: { beforeRoutes: [editQuery(on('GET', STATEMENTS), (q) => void (q.get('format') === 'canonical' && q.set('format', 'exact')))] },
    mustFail: [{ id: 'statements.format.canonical-accept-language-fr-fr' }, { id: 'statements.format.canonical-accept-language-en-us' }],
  },
  {
    name: 'since is applied inclusively',
    version: '2.0.0',
    overrides: {
      beforeRoutes: [
        editQuery(on('GET', STATEMENTS), (q) => {
          const since = q.get('since');
          if (since) q.set('since', new Date(Date.parse(since) - 1).toISOString());
        }),
      ],
    },
    mustFail: [{ id: 'statements.get-query.since-until-filter', message: /exclusive/ }],
  },
  {
    name: 'the StatementRef filter rule is not applied',
    version: '2.0.0',
    overrides: {
      beforeRoutes: [
        editJson(on('GET', STATEMENTS), (json, req) => {
          if (req.query.activity && Array.isArray(json?.statements)) {
            json.statements = json.statements.filter((s: any) => s.object?.objectType !== 'StatementRef');
          }
        }),
      ],
    },
    mustFail: [{ id: 'statements.get-query.statementref-targets-match' }, { id: 'statements.voiding.query-hides-voided-returns-voiding' }],
  },
  {
    name: 'a non-UTC timestamp is returned as sent',
    version: '2.0.0',
    overrides: {
      beforeRoutes: [
        editReturnedStatements((s) => {
          if (typeof s.timestamp === 'string' && s.timestamp.endsWith('Z')) {
            const t = new Date(Date.parse(s.timestamp) + 3600_000).toISOString().replace('Z', '+01:00');
            s.timestamp = t;
          }
        }),
      ],
    },
    mustFail: [{ id: 'statements.timestamp-stored-version.timestamp-converted-to-utc' }],
  },
  {
    name: 'pages reached through "more" forget format=ids (agent names come back)',
    version: '1.0.3',
    overrides: {
      beforeRoutes: [
        editJson(
          (req) => on('GET', STATEMENTS)(req) && req.query.more !== undefined,
          (json) => json?.statements?.forEach((st: any) => st.actor && (st.actor.name = 'Named Again')),
        ),
      ],
    },
    mustFail: [{ id: 'statements.paging.more-keeps-query' }],
  },
  {
    name: 'pages reached through "more" repeat the last statement of the page before',
    version: '2.0.0',
    overrides: {
      beforeRoutes: [
        (() => {
          let previousLast: unknown;
          return editJson(on('GET', STATEMENTS), (json, req) => {
            if (!Array.isArray(json?.statements)) return;
            if (req.query.more !== undefined && previousLast) json.statements.unshift(previousLast);
            previousLast = json.statements[json.statements.length - 1];
          });
        })(),
      ],
    },
    mustFail: [{ id: 'statements.paging.stable-under-inserts' }, { id: 'statements.paging.more-to-the-end' }],
  },
  {
    name: '"more" IRLs work only once',
    version: '1.0.3',
    overrides: {
      beforeRoutes: [
        (() => {
          const used = new Set<string>();
          return (req, res, next) => {
            const more = req.method === 'GET' && typeof req.query.more === 'string' ? req.query.more : undefined;
            if (more && used.has(more)) return void res.status(400).json({ error: 'more link already used' });
            if (more) used.add(more);
            next();
          };
        })() as RequestHandler,
      ],
    },
    mustFail: [{ id: 'statements.paging.more-reusable' }],
  },
  {
    name: 'a registration query that matches nothing answers 404',
    version: '1.0.3',
    overrides: {
      beforeRoutes: [
        editJson(on('GET', STATEMENTS), (json, req, reply) => {
          if (req.query.registration && Array.isArray(json?.statements) && json.statements.length === 0) reply.status = 404;
        }),
      ],
    },
    mustFail: [{ id: 'statements.get-query.empty-result' }],
  },
  {
    name: 'the Alternate Request Syntax still honoured under 2.0',
    version: '2.0.0',
    overrides: {
      beforeAll: [
        (req, _res, next) => {
          if (req.method === 'POST' && /[?&]method=GET/.test(req.url)) req.headers['x-experience-api-version'] = '1.0.3';
          next();
        },
      ],
    },
    mustFail: [{ id: 'statements.get-query.alternate-syntax-rejected-2.0' }],
  },
];

describe('statements suites catch deliberately broken reference LRSs', function () {
  this.timeout(120_000);
  for (const mutant of MUTANTS) {
    it(`${mutant.name}: ${mutant.mustFail.map((f) => f.id).join(', ')} fail`, async () => {
      const ids = new Set(mutant.mustFail.map((f) => f.id));
      const result = await run({
        ...quiet,
        checks: statementChecks.filter((c) => ids.has(c.id)),
        xapiVersion: mutant.version,
        strict: true,
        embedded: { overrides: mutant.overrides },
        timeout: mutant.timeout,
      });
      expect(result.preflightError, 'preflight').to.equal(undefined);
      const seen = outcomes(result);
      for (const { id, message } of mutant.mustFail) {
        const outcome = seen.get(`${id} [${mutant.version}]`);
        expect(outcome, `${id} against "${mutant.name}" (saw ${JSON.stringify([...seen])})`).to.match(/^failed/);
        if (message) expect(outcome).to.match(message);
      }
    });
  }
});

// Spec-legal variants of the reference LRS (test/tolerance/catalogue.ts) that once made statement checks
// fail: each must now pass, warn or skip with its reason, never fail.
describe('statements suites tolerate spec-legal variants of the reference LRS', function () {
  this.timeout(120_000);

  const against = async (variantName: string, ids: string[]) => {
    const variant = variants.find((v) => v.name === variantName)!;
    const result = await run({ ...quiet, checks: statementChecks.filter((c) => ids.includes(c.id)), xapiVersion: '2.0.0', strict: true, embedded: variant.build() });
    expect(result.preflightError, 'preflight').to.equal(undefined);
    return outcomes(result);
  };

  it('an identical re-PUT answered 409 (2.1.1.s2.b2 allows 409 or 204) is a warning; the duration-precision check skips, saying why', async () => {
    const seen = await against('repeat-put-409', ['statements.put.resend-identical-204', 'statements.put.duration-precision-not-a-conflict']);
    expect(seen.get('statements.put.resend-identical-204 [2.0.0]')).to.match(/^warning: the identical statement PUT again was answered 409 Conflict \(permitted/);
    expect(seen.get('statements.put.duration-precision-not-a-conflict [2.0.0]')).to.match(/^skipped: the LRS answers 409 to an identical re-PUT too/);
  });
});
