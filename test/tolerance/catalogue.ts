// The tolerance matrix's variants: the reference LRS with one spec-legal difference each, a choice the
// specification leaves to the LRS. Every check must pass (or warn) against every variant: a failure is a
// false failure, a check demanding one answer where the spec allows several. The mirror image of the
// kill matrix (test/mutants): same injection points (LrsOverrides), opposite verdict.
import type { Request, RequestHandler } from 'express';
import type { EmbeddedLrs } from '../../harness/options.js';
import { checkPreconditions, type PreconditionInput } from '../../reference-lrs/documents/preconditions.js';
import { STATEMENTS, editJson, editQuery, editRequestHeaders, editResponse, editReturnedStatements, on } from '../mutants/tools.js';

export interface Variant {
  name: string;
  /** How this LRS differs from the reference LRS. */
  deviation: string;
  /** The spec text that leaves the choice to the LRS. */
  permittedBy: string;
  /** Builds the variant for one run (fresh state each time). */
  build(): EmbeddedLrs;
}

const PREAMBLE = 'This is the preamble of a multipart message; readers ignore it.\r\n';

/**
 * A variant that edits bodies must answer HEAD with the headers of its edited GET (RFC 7231 4.3.2: "The server
 * SHOULD send the same header fields in response to a HEAD request as it would have sent if the request had
 * been a GET"), Content-Length included. So HEAD is served as GET: Node still sends no body to a HEAD request,
 * and the editors see, and measure, the body the GET would get.
 */
const headAsGet: RequestHandler = (req, _res, next) => {
  if (req.method === 'HEAD') req.method = 'GET';
  next();
};

/**
 * A variant whose answers' bodies are edited by `editors`: run after authorization (and the Alternate Request
 * Syntax rewrite), before the routes; `everywhere` runs them first instead, so that they see /about too.
 */
function editingBodies(editors: RequestHandler[], { everywhere = false } = {}): EmbeddedLrs {
  return { overrides: everywhere ? { beforeAll: [headAsGet, ...editors] } : { beforeAll: [headAsGet], beforeRoutes: editors } };
}

/** A PUT of a profile document that does not exist, with neither If-Match nor If-None-Match. */
function newProfileWithoutPrecondition(input: PreconditionInput): boolean {
  return input.method === 'PUT' && input.kind !== 'state' && !input.current && input.ifMatch === undefined && input.ifNoneMatch === undefined;
}

export function refusesNewProfileWithoutPrecondition(status: 400 | 409): Variant {
  return {
    name: `new-profile-put-without-precondition-${status}`,
    deviation: `a PUT of a new Activity/Agent Profile document with neither If-Match nor If-None-Match is refused with ${status} (the reference LRS stores it: 204)`,
    permittedBy:
      'Communication 3.1.s3.b1: "A Client making a PUT request to either the Agent Profile Resource or Activity Profile Resource MUST include the If-Match header or the If-None-Match header." ' +
      'The spec does not say what the LRS does when the client breaks this for a document that does not exist; 3.2.s1: the LRS "is also allowed to be configurable to reject requests".',
    build: () => ({
      overrides: {
        documents: {
          checkPreconditions: (input) =>
            checkPreconditions(input) ??
            (newProfileWithoutPrecondition(input) ? { status, message: 'A PUT of a profile document needs If-Match or If-None-Match (Communication 3.1.s3.b1).' } : undefined),
        },
      },
    }),
  };
}

/**
 * 409 to a PUT under an id already stored where the reference LRS answers 204 (the statements match; a different
 * statement gets 409 from it anyway). The stored ids are learnt from the variant's own answers.
 */
function repeatPutAnswered409(): EmbeddedLrs {
  const stored = new Set<string>();
  const idOf = (req: Request) => String(req.query.statementId ?? '').toLowerCase();
  return {
    overrides: {
      beforeRoutes: [
        editResponse(on(['PUT', 'POST'], STATEMENTS), (reply, req) => {
          if (req.method === 'PUT' && reply.status === 204 && stored.has(idOf(req))) {
            reply.status = 409;
            reply.headers['content-type'] = 'application/json; charset=utf-8';
            reply.body = Buffer.from(JSON.stringify({ error: 'Conflict', message: 'A statement with this id is already stored; it was not changed.' }));
            return;
          }
          if (req.method === 'PUT' && reply.status === 204) stored.add(idOf(req));
          if (req.method === 'POST' && reply.status === 200) {
            const ids = JSON.parse(reply.body.toString('utf8'));
            if (Array.isArray(ids)) ids.forEach((id) => stored.add(String(id).toLowerCase()));
          }
        }),
      ],
    },
  };
}

/** `more` as `<base>/more/<token>`: another path the LRS serves itself, mapped back before its routes. */
function moreOnOtherPath(): EmbeddedLrs {
  const PAGE = /^\/more\/([A-Za-z0-9_-]+)$/;
  return {
    overrides: {
      beforeAll: [
        headAsGet,
        (req, _res, next) => {
          const token = PAGE.exec(req.path)?.[1];
          if (token && req.method === 'GET') req.url = Buffer.from(token, 'base64url').toString('utf8').slice(req.baseUrl.length);
          next();
        },
        editJson(on('GET', /^\/(statements|more\/[A-Za-z0-9_-]+)\/?$/), (json, req) => {
          if (typeof json?.more === 'string' && json.more !== '') json.more = `${req.baseUrl}/more/${Buffer.from(json.more).toString('base64url')}`;
        }),
      ],
    },
  };
}

/** Same instant, other legal text: six fraction digits and a +00:00 offset instead of Z. */
function microsecondsWithOffset(stored: string): string {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(stored);
  if (!match) return stored;
  return `${match[1]}.${(match[2] ?? '').padEnd(6, '0')}+00:00`;
}

/** JSON written with two-space indentation and every object's keys in reverse order. */
function reformatted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reformatted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reformatted(v)]));
}

export const variants: Variant[] = [
  {
    name: 'multipart-preamble',
    deviation: 'attachments=true answers and forwarded deliveries (multipart/mixed) open with a preamble before the first boundary',
    permittedBy:
      'Communication 1.5.2: attachments travel as multipart/mixed (RFC 2046). RFC 2046 5.1.1: "multipart-body := [preamble CRLF] dash-boundary transport-padding CRLF body-part *encapsulation close-delimiter transport-padding [CRLF epilogue]"; RFC 2046 says the preamble "is to be ignored".',
    build: () => {
      const multipart = (type: unknown) => /^multipart\/mixed/i.test(String(type ?? ''));
      const answers = editingBodies([
        editResponse(on('GET', STATEMENTS), (reply) => {
          if (multipart(reply.headers['content-type'])) reply.body = Buffer.concat([Buffer.from(PREAMBLE), reply.body]);
        }),
      ]);
      return {
        overrides: {
          ...answers.overrides,
          forwardedBody: (body) => (multipart(body.contentType) ? { ...body, data: Buffer.concat([Buffer.from(PREAMBLE), body.data]) } : body),
        },
      };
    },
  },
  {
    name: 'server-page-of-3',
    deviation: 'GET /statements returns at most 3 statements a page, whatever larger limit (or none, or 0) was asked; the rest through `more`',
    permittedBy:
      'Communication 2.1.3 (limit): "Maximum number of Statements to return. 0 indicates return the maximum the server will allow." Data 2.5 (StatementResult) more: "Relative IRL that can be used to fetch more results ... Required if the list returned has been limited".',
    build: () => ({
      overrides: {
        beforeRoutes: [
          editQuery(on(['GET', 'HEAD'], STATEMENTS), (q) => {
            if (q.has('more') || q.has('statementId') || q.has('voidedStatementId')) return;
            const limit = q.get('limit') ?? '0';
            // An invalid limit is left for the LRS to refuse.
            if (/^\d+$/.test(limit) && (Number(limit) === 0 || Number(limit) > 3)) q.set('limit', '3');
          }),
        ],
      },
    }),
  },
  refusesNewProfileWithoutPrecondition(400),
  refusesNewProfileWithoutPrecondition(409),
  {
    name: 'repeat-put-409',
    deviation: 'a PUT of a statement under an id already stored is answered 409 even when it matches the stored statement (the reference LRS: 204)',
    permittedBy:
      'Communication 2.1.1.s2.b2: "An LRS MUST NOT make any modifications to its state based on receiving a Statement with a statementId that it already has a Statement for. Whether it responds with 409 Conflict or 204 No Content, it MUST NOT modify the Statement or any other Object."',
    build: repeatPutAnswered409,
  },
  {
    name: 'more-on-other-path',
    deviation: '`more` links name another path of the LRS (<base>/more/<token>) instead of <base>/statements?more=…',
    permittedBy:
      'Data 2.5 (StatementResult) more: "Relative IRL that can be used to fetch more results, including the full path and optionally a query string but excluding scheme, host, and port." The path is the LRS\'s to choose.',
    build: moreOnOtherPath,
  },
  {
    name: 'more-omitted-when-complete',
    deviation: 'a StatementResult that holds every matching statement has no `more` property (the reference LRS sends "")',
    permittedBy: 'Data 2.5 (StatementResult) more: "Required if the list returned has been limited, otherwise optional."',
    build: () =>
      editingBodies([
        editJson(on(['GET', 'POST'], STATEMENTS), (json) => {
          if (json && typeof json === 'object' && json.more === '') delete json.more;
        }),
      ]),
  },
  {
    name: 'stored-microseconds-offset',
    deviation: '`stored` is written with six fraction digits and +00:00 instead of Z (same instant)',
    permittedBy:
      'Data 2.4.8 / 4.5: stored is a Timestamp; "The LRS SHOULD* return the Timestamp in UTC timezone." (+00:00 is UTC) and precision beyond milliseconds is the LRS\'s choice ("A Timestamp MUST preserve precision to at least milliseconds (3 decimal points beyond seconds).").',
    build: () => editingBodies([editReturnedStatements((s) => void (typeof s.stored === 'string' && (s.stored = microsecondsWithOffset(s.stored))))]),
  },
  {
    name: 'own-language-preference',
    deviation: 'without an Accept-Language header (or with "*" alone), format=canonical picks French, then German, then Spanish where a language map has them (the reference LRS: the first entry)',
    permittedBy:
      'Communication 2.1.3.s4.b5: "In order to choose the most relevant language, the LRS MUST apply the Accept-Language header as described in RFC 2616"; RFC 2616 14.4: "If no Accept-Language header is present in the request, the server SHOULD assume that all languages are equally acceptable" ; in RFC 2616 14.4 the range "*" matches every tag not matched by any other range.',
    build: () => ({
      overrides: {
        beforeRoutes: [
          editRequestHeaders(on(['GET', 'HEAD'], STATEMENTS), (headers) => {
            if ((headers['accept-language'] ?? '*').trim() === '*') headers['accept-language'] = 'fr, de;q=0.9, es;q=0.8';
          }),
        ],
      },
    }),
  },
  {
    name: 'extra-response-headers',
    deviation: 'every answer carries headers the spec does not name (Server, X-Request-Id, Cache-Control: no-store, Vary)',
    permittedBy:
      'Communication 1.2 lists the headers xAPI uses and forbids no other; RFC 7230 3.2.1: "Header fields are fully extensible: there is no limit on the introduction of new field names, each presumably defining new semantics, nor on the number of header fields used in a given message."',
    build: () => {
      let request = 0;
      return {
        overrides: {
          beforeAll: [
            (_req, res, next) => {
              res.setHeader('Server', 'tolerance-variant/1.0');
              res.setHeader('X-Request-Id', `req-${++request}`);
              res.setHeader('Cache-Control', 'no-store');
              res.setHeader('Vary', 'Accept-Language, Authorization');
              next();
            },
          ],
        },
      };
    },
  },
  {
    name: 'json-without-charset',
    deviation: 'JSON answers say Content-Type: application/json, without the charset parameter the reference LRS adds',
    permittedBy: 'RFC 8259 11: "No \'charset\' parameter is defined for this registration"; RFC 8259 8.1: "JSON text exchanged between systems that are not part of a closed ecosystem MUST be encoded using UTF-8".',
    build: () => ({
      overrides: {
        beforeAll: [
          editResponse(() => true, (reply) => {
            if (/^application\/json\s*;/i.test(String(reply.headers['content-type'] ?? ''))) reply.headers['content-type'] = 'application/json';
          }),
        ],
      },
    }),
  },
  {
    name: 'json-reformatted',
    deviation: 'JSON answers of the Statement, Agents, Activities and About resources are indented, with every object\'s keys in reverse order',
    permittedBy:
      'RFC 8259 4: "An object is an unordered collection of zero or more name/value pairs" and insignificant whitespace is allowed around any structural character; Data 2.3.1 compares statements by their properties.',
    build: () =>
      editingBodies(
        [
          editResponse(on(['GET', 'POST', 'PUT'], /^\/(statements|agents|activities|about)\/?$/), (reply) => {
            if (!/json/i.test(String(reply.headers['content-type'] ?? '')) || reply.body.length === 0) return;
            reply.body = Buffer.from(JSON.stringify(reformatted(JSON.parse(reply.body.toString('utf8'))), null, 2));
          }),
        ],
        { everywhere: true },
      ),
  },
];
