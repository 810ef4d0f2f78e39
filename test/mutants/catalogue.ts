// The mutant LRSs: the reference LRS with exactly one deliberate deviation each. A mutant is killed
// when a check that names one of the requirements it `violates` (an XAPI id, or a check-id prefix for
// behaviour with no id: 2.0 rules, forwarding) fails against it.
import { createHash } from 'node:crypto';
import { basicAuthorization } from '../../harness/client.js';
import type { EmbeddedLrs } from '../../harness/options.js';
import type { StartOptions, UserSpec } from '../../reference-lrs/options.js';
import { validateStatement } from '../../validation/index.js';
import {
  DOCUMENTS,
  STATEMENTS,
  answer,
  editJson,
  editQuery,
  editRequestBody,
  editRequestHeaders,
  editResponse,
  editReturnedStatements,
  on,
  shiftTimestamp,
} from './tools.js';

export interface Mutant {
  name: string;
  /** The one way this LRS deviates from the specification. */
  deviation: string;
  violates: string[];
  /**
   * Where the spec permits the deviation (MAY), the right verdict is a warning, not a failure: such a
   * mutant counts as caught when a check naming the requirement warns. Says why.
   */
  permittedBecause?: string;
  /** Builds the deviation for one run. */
  build(): EmbeddedLrs;
}

/** The validator forgets exactly one numbered rule. */
function ignoresRule(name: string, requirement: string, deviation: string): Mutant {
  return {
    name,
    deviation,
    violates: [requirement],
    build: () => ({
      overrides: { validateStatement: (s, v, standard) => standard(s, v).filter((i) => i.requirement !== requirement) },
    }),
  };
}

/** Drops one query parameter of GET /statements, as if the LRS did not implement it. */
function ignoresParameter(name: string, parameter: string, violates: string[]): Mutant {
  return {
    name,
    deviation: `GET /statements ignores the "${parameter}" parameter`,
    violates,
    build: () => ({ overrides: { beforeRoutes: [editQuery(on(['GET', 'HEAD'], STATEMENTS), (q) => q.delete(parameter))] } }),
  };
}

function withUsers(edit: (user: UserSpec) => UserSpec): (options: StartOptions) => StartOptions {
  return (options) => ({ ...options, users: options.users?.map(edit) });
}

function withForwardings(edit: (entry: NonNullable<StartOptions['forwardings']>[number]) => object): (options: StartOptions) => StartOptions {
  return (options) => ({ ...options, forwardings: options.forwardings?.map((e) => ({ ...e, ...edit(e) })) });
}

const basic = (user: UserSpec) => basicAuthorization(user.username, user.password);

/** The embedded run's primary credential (scope "all"), captured when the LRS starts. */
function primaryOf(options: StartOptions): UserSpec {
  const primary = options.users?.find((u) => u.scopes.includes('all'));
  if (!primary) throw new Error('mutant needs the embedded run\'s primary credential');
  return primary;
}

function duplicateIdsDropped(body: Buffer): Buffer {
  const batch = JSON.parse(body.toString('utf8'));
  if (!Array.isArray(batch)) return body;
  const seen = new Set<string>();
  for (const statement of batch) {
    const id = typeof statement?.id === 'string' ? statement.id.toLowerCase() : undefined;
    if (id && seen.has(id)) delete statement.id;
    if (id) seen.add(id);
  }
  return Buffer.from(JSON.stringify(batch));
}

function isJsonRequest(req: { headers: Record<string, unknown> }): boolean {
  return String(req.headers['content-type'] ?? '').startsWith('application/json');
}

/** The parameters each resource defines (Communication 2.x); case variants are left for the LRS to refuse. */
const DEFINED_PARAMETERS: Array<[RegExp, string[]]> = [
  [STATEMENTS, ['statementId', 'voidedStatementId', 'agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents', 'since', 'until', 'limit', 'format', 'attachments', 'ascending']],
  [/^\/activities\/state\/?$/, ['activityId', 'agent', 'registration', 'stateId', 'since']],
  [/^\/activities\/profile\/?$/, ['activityId', 'profileId', 'since']],
  [/^\/agents\/profile\/?$/, ['agent', 'profileId', 'since']],
  [/^\/agents\/?$/, ['agent']],
  [/^\/activities\/?$/, ['activityId']],
];

function dropUnknownParameters(query: URLSearchParams, req: { path: string }): void {
  const defined = DEFINED_PARAMETERS.find(([path]) => path.test(req.path))?.[1];
  if (!defined) return;
  const known = new Set(defined.map((name) => name.toLowerCase()));
  for (const name of [...query.keys()]) if (!known.has(name.toLowerCase())) query.delete(name);
}

/** The statement with the minus sign of every zero offset (-00, -0000, -00:00) of a timestamp made a plus. */
function zeroOffsetsMadePositive(statement: unknown): unknown {
  return JSON.parse(JSON.stringify(statement).replace(/("(?:timestamp|stored)":"[^"]*)-(00(?::?00)?")/g, '$1+$2'));
}

const validation: Mutant[] = [
  ignoresRule('accepts-non-mailto-mbox', 'XAPI-00038', 'accepts an mbox that is not a mailto IRI'),
  ignoresRule('accepts-bad-statement-id', 'XAPI-00027', 'accepts a statement id that is not a UUID'),
  ignoresRule('accepts-bad-duration', 'XAPI-00077', 'accepts a result duration that is not ISO 8601'),
  ignoresRule('accepts-non-iri-verb-id', 'XAPI-00044', 'accepts a verb id that is not an IRI'),
  ignoresRule('accepts-undefined-property', 'XAPI-00010', 'accepts properties the specification does not define'),
  ignoresRule('accepts-bad-language-tag', 'XAPI-00121', 'accepts language map keys that are not RFC 5646 tags'),
  ignoresRule('accepts-scaled-score-out-of-range', 'XAPI-00083', 'accepts a scaled score outside -1..1'),
  ignoresRule('accepts-null-values', 'XAPI-00001', 'accepts null or empty property values'),
  ignoresRule('accepts-missing-actor', 'XAPI-00003', 'accepts a statement without an actor'),
  ignoresRule('accepts-bad-timestamp', 'XAPI-00022', 'accepts a timestamp that is not ISO 8601'),
  {
    name: 'accepts-negative-zero-offset',
    deviation: 'accepts timestamps with a -00, -0000 or -00:00 offset (validated as if the sign were +)',
    violates: ['XAPI-00123'],
    build: () => ({ overrides: { validateStatement: (s, v, standard) => standard(zeroOffsetsMadePositive(s), v) } }),
  },
  ignoresRule('accepts-several-ifis', 'XAPI-00034', 'accepts an Agent with more than one inverse functional identifier'),
  ignoresRule('accepts-nested-substatement', 'XAPI-00071', 'accepts a SubStatement inside a SubStatement'),
  ignoresRule('accepts-revision-on-non-activity', 'XAPI-00084', 'accepts context.revision when the object is not an Activity'),
  ignoresRule('accepts-duplicate-interaction-ids', 'XAPI-00058', 'accepts interaction components with duplicate ids'),
  ignoresRule('accepts-bad-registration', 'XAPI-00087', 'accepts a context registration that is not a UUID'),
  ignoresRule('accepts-bad-object-type', 'XAPI-00046', 'accepts an unknown object objectType'),
];

const writes: Mutant[] = [
  {
    name: 'put-answers-200',
    deviation: 'PUT /statements answers 200 instead of 204 No Content',
    violates: ['XAPI-00143'],
    build: () => ({
      overrides: { beforeRoutes: [editResponse(on('PUT', STATEMENTS), (r) => void (r.status === 204 && (r.status = 200)))] },
    }),
  },
  {
    name: 'put-without-statement-id-accepted',
    deviation: 'PUT /statements without statementId stores the statement (under its own id, or a new one)',
    violates: ['XAPI-00145'],
    build: () => ({
      overrides: {
        beforeRoutes: [
          editQuery(on('PUT', STATEMENTS), (q, req) => {
            if (q.has('statementId')) return;
            const id = (JSON.parse(req.body.toString('utf8') || '{}') as { id?: unknown }).id;
            q.set('statementId', typeof id === 'string' ? id : crypto.randomUUID());
          }),
        ],
      },
    }),
  },
  {
    name: 'post-ids-reversed',
    deviation: 'POST /statements answers the ids of a batch in reverse order',
    violates: ['XAPI-00146'],
    build: () => ({ overrides: { beforeRoutes: [editJson(on('POST', STATEMENTS), (ids) => (Array.isArray(ids) ? [...ids].reverse() : ids))] } }),
  },
  {
    name: 'batch-not-atomic',
    deviation: 'a batch with an invalid statement stores the valid ones and answers 200',
    violates: ['XAPI-00326'],
    build: () => ({
      overrides: {
        beforeRoutes: [
          editRequestBody((req) => on('POST', STATEMENTS)(req) && isJsonRequest(req), (body, req) => {
            const batch = JSON.parse(body.toString('utf8'));
            if (!Array.isArray(batch)) return body;
            const version = req.get('X-Experience-API-Version')?.startsWith('2.') ? '2.0.0' : '1.0.3';
            return Buffer.from(JSON.stringify(batch.filter((s) => validateStatement(s, version).length === 0)));
          }),
        ],
      },
    }),
  },
  {
    name: 'batch-duplicate-ids-accepted',
    deviation: 'a batch that uses one statement id twice is accepted (the second gets a new id)',
    violates: ['statements.post.batch-duplicate-ids-400'],
    build: () => ({ overrides: { beforeRoutes: [editRequestBody((req) => on('POST', STATEMENTS)(req) && isJsonRequest(req), duplicateIdsDropped)] } }),
  },
  {
    name: 'conflicting-put-accepted',
    deviation: 'a PUT whose id exists with other content answers 204 (nothing changes)',
    violates: ['statements.put.conflict-409'],
    build: () => ({
      overrides: {
        beforeRoutes: [
          editResponse(on('PUT', STATEMENTS), (r) => {
            if (r.status !== 409) return;
            r.status = 204;
            r.body = Buffer.alloc(0);
            delete r.headers['content-type'];
          }),
        ],
      },
    }),
  },
  {
    name: 'stored-not-returned',
    deviation: 'statements come back without their "stored" property',
    violates: ['XAPI-00097'],
    build: () => ({ overrides: { beforeRoutes: [editReturnedStatements((s) => void delete s.stored)] } }),
  },
  {
    name: 'authority-not-set',
    deviation: 'statements come back without the "authority" the LRS must set',
    violates: ['XAPI-00099'],
    build: () => ({ overrides: { beforeRoutes: [editReturnedStatements((s) => void delete s.authority)] } }),
  },
  {
    name: 'version-not-retained',
    deviation: 'statements come back with version rewritten to 1.0.0',
    violates: ['XAPI-00332'],
    build: () => ({ overrides: { beforeRoutes: [editReturnedStatements((s) => void (s.version = '1.0.0'))] } }),
  },
];

const retrieval: Mutant[] = [
  ignoresParameter('agent-filter-ignored', 'agent', ['XAPI-00181']),
  ignoresParameter('verb-filter-ignored', 'verb', ['XAPI-00180']),
  ignoresParameter('activity-filter-ignored', 'activity', ['XAPI-00179']),
  ignoresParameter('registration-filter-ignored', 'registration', ['XAPI-00178']),
  ignoresParameter('related-activities-ignored', 'related_activities', ['XAPI-00177']),
  ignoresParameter('related-agents-ignored', 'related_agents', ['XAPI-00176']),
  ignoresParameter('ascending-ignored', 'ascending', ['XAPI-00166']),
  ignoresParameter('limit-ignored', 'limit', ['XAPI-00173']),
  ignoresParameter('format-ignored', 'format', ['XAPI-00168', 'XAPI-00169', 'XAPI-00170', 'XAPI-00171']),
  ignoresParameter('attachments-parameter-ignored', 'attachments', ['XAPI-00167']),
  {
    name: 'since-inclusive',
    deviation: '"since" also returns statements stored exactly at the given instant',
    violates: ['XAPI-00175'],
    build: () => ({
      overrides: { beforeRoutes: [editQuery(on('GET', STATEMENTS), (q) => void (q.has('since') && q.set('since', shiftTimestamp(q.get('since')!, -1))))] },
    }),
  },
  {
    name: 'until-exclusive',
    deviation: '"until" leaves out statements stored exactly at the given instant',
    violates: ['XAPI-00174'],
    build: () => ({
      overrides: { beforeRoutes: [editQuery(on('GET', STATEMENTS), (q) => void (q.has('until') && q.set('until', shiftTimestamp(q.get('until')!, -1))))] },
    }),
  },
  {
    name: 'more-missing',
    deviation: 'a truncated StatementResult has an empty "more" link',
    violates: ['XAPI-00108', 'XAPI-00114'],
    build: () => ({ overrides: { beforeRoutes: [editJson(on('GET', STATEMENTS), (json) => void (json?.more !== undefined && (json.more = '')))] } }),
  },
  {
    name: 'more-repeats-page',
    deviation: 'the "more" link leads to the same page again',
    violates: ['XAPI-00108', 'XAPI-00111', 'XAPI-00114'],
    build: () => ({
      overrides: { beforeRoutes: [editJson(on('GET', STATEMENTS), (json, req) => void (json?.more && (json.more = req.originalUrl)))] },
    }),
  },
  {
    name: 'voided-not-retrievable',
    deviation: 'GET with voidedStatementId looks the id up as a statementId (so voided statements are not found)',
    violates: ['XAPI-00155', 'XAPI-00157'],
    build: () => ({
      overrides: {
        beforeRoutes: [
          editQuery(on(['GET', 'HEAD'], STATEMENTS), (q) => {
            const id = q.get('voidedStatementId');
            if (id === null) return;
            q.delete('voidedStatementId');
            q.set('statementId', id);
          }),
        ],
      },
    }),
  },
  {
    name: 'extra-parameters-with-statement-id-accepted',
    deviation: 'parameters beside statementId / voidedStatementId are ignored instead of refused',
    violates: ['XAPI-00150', 'XAPI-00151'],
    build: () => ({
      overrides: {
        beforeRoutes: [
          editQuery(on(['GET', 'HEAD'], STATEMENTS), (q) => {
            if (!q.has('statementId') && !q.has('voidedStatementId')) return;
            if (q.has('statementId') && q.has('voidedStatementId')) q.delete('voidedStatementId');
            for (const name of [...q.keys()]) if (!['statementId', 'voidedStatementId', 'format', 'attachments'].includes(name)) q.delete(name);
          }),
        ],
      },
    }),
  },
  {
    name: 'consistent-through-missing',
    deviation: 'statement responses lack X-Experience-API-Consistent-Through',
    violates: ['XAPI-00153'],
    build: () => ({ overrides: { beforeRoutes: [editResponse(on(['GET', 'HEAD'], STATEMENTS), (r) => void delete r.headers['x-experience-api-consistent-through'])] } }),
  },
  {
    name: 'accept-language-ignored',
    deviation: 'format=canonical ignores Accept-Language',
    violates: ['XAPI-00172'],
    build: () => ({ overrides: { beforeRoutes: [editRequestHeaders(on('GET', STATEMENTS), (h) => void delete h['accept-language'])] } }),
  },
];

/** Adds the X-Experience-API-Hash header a multipart/mixed part lacks, computed from its content. */
function hashHeadersAdded(body: Buffer, req: { headers: Record<string, unknown> }): Buffer {
  const boundary = /boundary="?([^";]+)"?/i.exec(String(req.headers['content-type'] ?? ''))?.[1];
  if (!boundary) return body;
  const delimiter = Buffer.from(`--${boundary}`);
  const pieces: Buffer[] = [];
  for (let from = 0, at = body.indexOf(delimiter); at >= 0; from = at, at = body.indexOf(delimiter, at + delimiter.length)) {
    pieces.push(body.subarray(from, at));
  }
  const last = body.lastIndexOf(delimiter);
  pieces.push(body.subarray(last < 0 ? body.length : last));
  return Buffer.concat(
    pieces.map((piece, index) => {
      const headEnd = piece.indexOf('\r\n\r\n');
      if (index < 2 || headEnd < 0 || /x-experience-api-hash/i.test(piece.subarray(0, headEnd).toString('latin1'))) return piece;
      const content = piece.subarray(headEnd + 4, piece.length - 2); // the CRLF before the next delimiter is not content
      const hash = createHash('sha256').update(content).digest('hex');
      return Buffer.concat([piece.subarray(0, headEnd), Buffer.from(`\r\nX-Experience-API-Hash: ${hash}`), piece.subarray(headEnd)]);
    }),
  );
}

const isMultipart = (req: { headers: Record<string, unknown> }) => String(req.headers['content-type'] ?? '').startsWith('multipart/mixed');
const is2 = (req: { headers: Record<string, unknown> }) => String(req.headers['x-experience-api-version'] ?? '').startsWith('2.');

const attachmentsAndVersions: Mutant[] = [
  {
    name: 'large-attachment-stalls',
    deviation: 'a multipart request over 512 KiB is never answered',
    violates: ['statements.attachments.payload-1-MiB'],
    build: () => ({
      overrides: { beforeAll: [(req, _res, next) => void (isMultipart(req) && Number(req.headers['content-length'] ?? 0) > 512 * 1024 ? undefined : next())] },
    }),
  },
  {
    name: 'attachment-hash-header-optional',
    deviation: 'an attachment part without X-Experience-API-Hash is accepted (its hash computed instead)',
    violates: ['statements.attachments.missing-hash-header-400'],
    build: () => ({ overrides: { beforeRoutes: [editRequestBody((req) => on(['PUT', 'POST'], STATEMENTS)(req) && isMultipart(req), hashHeadersAdded)] } }),
  },
  {
    name: 'alternate-syntax-accepted-on-2.0',
    deviation: 'the Alternate Request Syntax is served on 2.0.0 (as if 1.0.3)',
    violates: ['http.alternate-syntax.rejected'],
    build: () => ({
      overrides: { beforeAll: [editRequestHeaders((req) => is2(req) && /[?&]method=/.test(req.url), (h) => void (h['x-experience-api-version'] = '1.0.3'))] },
    }),
  },
  {
    name: 'timestamp-not-utc-on-2.0',
    deviation: '2.0 statements come back with timestamps in a +01:00 offset (same instant, not UTC)',
    violates: ['statements.timestamp-stored-version.timestamp-converted-to-utc'],
    build: () => ({
      overrides: {
        beforeRoutes: [
          editJson((req) => is2(req) && on('GET', STATEMENTS)(req), (json) => {
            const shift = (s: Record<string, unknown>) => {
              if (typeof s.timestamp !== 'string') return;
              const local = new Date(Date.parse(s.timestamp) + 3600_000).toISOString().replace('Z', '+01:00');
              s.timestamp = local;
            };
            if (Array.isArray(json?.statements)) json.statements.forEach(shift);
            else if (json && typeof json === 'object') shift(json);
          }),
        ],
      },
    }),
  },
];

const documents: Mutant[] = [
  {
    name: 'document-post-overwrites',
    deviation: 'POST to a document resource replaces the stored JSON document instead of merging',
    violates: ['XAPI-00183', 'XAPI-00184', 'XAPI-00234'],
    build: () => ({ overrides: { documents: { merge: (_stored, posted) => posted } } }),
  },
  {
    name: 'etag-missing',
    deviation: 'single-document GETs carry no ETag',
    violates: ['XAPI-00322'],
    build: () => ({ overrides: { beforeRoutes: [editResponse(on(['GET', 'HEAD'], DOCUMENTS), (r) => void delete r.headers.etag)] } }),
  },
  {
    name: 'if-match-ignored',
    deviation: 'If-Match is ignored on document writes',
    violates: ['XAPI-00322'],
    build: () => ({ overrides: { beforeRoutes: [editRequestHeaders(on(['PUT', 'POST', 'DELETE'], DOCUMENTS), (h) => void delete h['if-match'])] } }),
  },
  {
    name: 'if-none-match-ignored',
    deviation: 'If-None-Match is ignored on document writes',
    violates: ['XAPI-00322'],
    build: () => ({ overrides: { beforeRoutes: [editRequestHeaders(on(['PUT', 'POST', 'DELETE'], DOCUMENTS), (h) => void delete h['if-none-match'])] } }),
  },
  {
    name: 'precondition-failed-as-conflict',
    deviation: 'a failed If-Match / If-None-Match answers 409 instead of 412',
    violates: ['XAPI-00322'],
    build: () => ({ overrides: { beforeRoutes: [editResponse(on(['PUT', 'POST', 'DELETE'], DOCUMENTS), (r) => void (r.status === 412 && (r.status = 409)))] } }),
  },
  {
    name: 'document-since-ignored',
    deviation: 'multiple-document GET ignores "since"',
    violates: ['XAPI-00195', 'XAPI-00222', 'XAPI-00141'],
    build: () => ({ overrides: { beforeRoutes: [editQuery(on(['GET', 'HEAD'], DOCUMENTS), (q) => q.delete('since'))] } }),
  },
  {
    name: 'state-delete-all-ignored',
    deviation: 'DELETE of the State resource without stateId answers 204 and deletes nothing',
    violates: ['XAPI-00194'],
    build: () => ({
      overrides: { beforeRoutes: [answer((req) => on('DELETE', /^\/activities\/state\/?$/)(req) && req.query.stateId === undefined, 204)] },
    }),
  },
  {
    name: 'document-last-modified-missing',
    deviation: 'document GETs carry no Last-Modified (2.0)',
    violates: ['documents.state.last-modified', 'documents.activity-profile.last-modified', 'documents.agent-profile.last-modified'],
    build: () => ({ overrides: { beforeRoutes: [editResponse(on(['GET', 'HEAD'], DOCUMENTS), (r) => void delete r.headers['last-modified'])] } }),
  },
  {
    name: 'document-bytes-as-text',
    deviation: 'documents are returned as UTF-8 text, corrupting binary content',
    violates: ['XAPI-00188', 'XAPI-00288', 'XAPI-00274'],
    build: () => ({
      overrides: {
        beforeRoutes: [editResponse(on('GET', DOCUMENTS), (r) => void (r.status === 200 && (r.body = Buffer.from(r.body.toString('utf8')))))],
      },
    }),
  },
  {
    name: 'agents-missing-agent-accepted',
    deviation: 'GET /agents without "agent" answers an empty Person',
    violates: ['XAPI-00243'],
    build: () => ({
      overrides: { beforeRoutes: [answer((req) => on('GET', /^\/agents\/?$/)(req) && req.query.agent === undefined, 200, { objectType: 'Person' })] },
    }),
  },
  {
    name: 'state-resource-absent',
    deviation: 'the State resource is not implemented: every request to it answers 404',
    violates: ['documents.state.present'],
    build: () => ({ overrides: { beforeRoutes: [answer(on(['GET', 'HEAD', 'PUT', 'POST', 'DELETE'], /^\/activities\/state\/?$/), 404, { error: 'Not Found' })] } }),
  },
  {
    name: 'activities-missing-id-accepted',
    deviation: 'GET /activities without "activityId" answers an empty Activity',
    violates: ['XAPI-00250'],
    build: () => ({
      overrides: { beforeRoutes: [answer((req) => on('GET', /^\/activities\/?$/)(req) && req.query.activityId === undefined, 200, { objectType: 'Activity' })] },
    }),
  },
];

const http: Mutant[] = [
  {
    name: 'version-header-not-required',
    deviation: 'requests without X-Experience-API-Version are served as 1.0.3',
    violates: ['XAPI-00321'],
    build: () => ({
      overrides: { beforeAll: [editRequestHeaders(() => true, (h) => void (h['x-experience-api-version'] ??= '1.0.3'))] },
    }),
  },
  {
    name: 'unsupported-version-accepted',
    deviation: 'any X-Experience-API-Version is served as 1.0.3',
    violates: ['XAPI-00331'],
    build: () => ({
      overrides: {
        beforeAll: [
          editRequestHeaders(
            (req) => req.headers['x-experience-api-version'] !== undefined,
            (h) => void (/^(1\.0(\.\d+)?|2\.0(\.\d+)?)$/.test(String(h['x-experience-api-version'])) || (h['x-experience-api-version'] = '1.0.3')),
          ),
        ],
      },
    }),
  },
  {
    name: 'version-header-not-sent',
    deviation: 'responses lack the X-Experience-API-Version header',
    violates: ['XAPI-00333'],
    build: () => ({ overrides: { beforeAll: [editResponse(() => true, (r) => void delete r.headers['x-experience-api-version'])] } }),
  },
  {
    name: 'head-unsupported',
    deviation: 'HEAD requests answer 405',
    violates: ['XAPI-00126'],
    build: () => ({ overrides: { beforeAll: [answer((req) => req.method === 'HEAD', 405)] } }),
  },
  {
    name: 'alternate-syntax-unsupported',
    deviation: 'the Alternate Request Syntax (?method=) is refused on 1.0.3',
    violates: ['XAPI-00336'],
    build: () => ({ overrides: { beforeAll: [answer((req) => req.method === 'POST' && /[?&]method=/.test(req.url), 400, { error: 'bad_request', message: 'no' })] } }),
  },
  {
    name: 'unknown-parameter-accepted',
    deviation: 'query parameters the resource does not define are ignored instead of refused',
    violates: ['XAPI-00324'],
    build: () => ({ overrides: { beforeRoutes: [editQuery(() => true, dropUnknownParameters)] } }),
  },
];

const auth: Mutant[] = [
  {
    name: 'auth-not-enforced',
    deviation: 'requests without credentials are served as the primary user',
    violates: ['XAPI-00334'],
    permittedBecause: 'Communication 4.1: "No authentication: MAY be supported by the LRS, possibly for testing purposes."',
    build: () => {
      let primary: UserSpec | undefined;
      return {
        adjust: (options) => ((primary = primaryOf(options)), options),
        overrides: { beforeAll: [editRequestHeaders(() => true, (h) => void (h.authorization ??= basic(primary!)))] },
      };
    },
  },
  {
    name: 'wrong-password-accepted',
    deviation: 'a known username is accepted with any password',
    violates: ['XAPI-00335'],
    build: () => {
      let users: UserSpec[] = [];
      return {
        adjust: (options) => ((users = options.users ?? []), options),
        overrides: {
          beforeAll: [
            editRequestHeaders(
              (req) => /^basic /i.test(req.headers.authorization ?? ''),
              (h) => {
                const name = Buffer.from(h.authorization!.slice(6), 'base64').toString('utf8').split(':')[0];
                const user = users.find((u) => u.username === name);
                if (user) h.authorization = basic(user);
              },
            ),
          ],
        },
      };
    },
  },
  {
    name: 'scopes-ignored',
    deviation: 'every credential may do everything, whatever its scopes',
    violates: ['XAPI-00327'],
    build: () => ({ adjust: withUsers((u) => ({ ...u, scopes: ['all'] })) }),
  },
  {
    name: 'forbidden-as-unauthorized',
    deviation: 'insufficient scope answers 401 instead of 403',
    violates: ['XAPI-00327'],
    build: () => ({ overrides: { beforeAll: [editResponse(() => true, (r) => void (r.status === 403 && (r.status = 401)))] } }),
  },
  {
    name: 'read-mine-reads-all',
    deviation: 'statements/read/mine reads every statement',
    violates: ['auth.authorization.mine-reads-only-own'],
    build: () => ({
      adjust: withUsers((u) => (u.scopes.includes('statements/read/mine') ? { ...u, scopes: ['statements/read', 'statements/write'] } : u)),
    }),
  },
];

const forwarding: Mutant[] = [
  {
    name: 'forwarding-dropped',
    deviation: 'statements are never forwarded',
    violates: ['forwarding.'],
    build: () => ({ adjust: (options) => ({ ...options, forwardings: [] }) }),
  },
  {
    name: 'forwarding-not-retried',
    deviation: 'a failed forward is not retried',
    violates: ['forwarding.retries.retry-after-500', 'forwarding.retries.retry-after-timeout'],
    build: () => ({ adjust: withForwardings(() => ({ max_retries: 0 })) }),
  },
  {
    name: 'forwarding-retried-forever',
    deviation: 'a failing forward is retried far past max_retries',
    violates: ['forwarding.retries.stops-after-max-retries'],
    build: () => ({ adjust: withForwardings((e) => ({ max_retries: e.max_retries + 20 })) }),
  },
  {
    name: 'forwarding-inactive-used',
    deviation: 'inactive forwarding entries forward too',
    violates: ['forwarding.inactive.entry-skipped'],
    build: () => ({ adjust: withForwardings(() => ({ is_active: true })) }),
  },
];

export const mutants: Mutant[] = [...validation, ...writes, ...retrieval, ...attachmentsAndVersions, ...documents, ...http, ...auth, ...forwarding];
